/**
 * Streaming aggregation of draws: memory does not grow with the number of draws, and the result
 * is the same bit for bit however the draws are split across workers.
 *
 * Two kinds of state:
 * - a {@link Tally} of integer counts (histograms, who was cheapest) and exact minima and
 *   maxima. Integer addition and min/max do not depend on order, so each worker keeps one Tally
 *   for all the chunks it runs and the main thread merges them in any order;
 * - chunk sums (a small Float64Array per chunk: sums and sums of squares, shifted by the point
 *   value to avoid cancellation). Floating-point addition does depend on order, so chunk k's
 *   sums are computed over draws [k C, (k + 1) C) in draw order and the main thread adds them
 *   in chunk order ({@link ChunkSumFolder}).
 *
 * Quantiles come from log-spaced bins with a fixed layout (no pilot run): a value's bin is read
 * from the bits of its IEEE-754 double (the exponent and the top mantissa bits), as in HDR
 * histograms (Tene, http://hdrhistogram.org/), so each factor of two is split into 2^subBits
 * bins of equal width, over [2^-10, 2^50) USD, with underflow and overflow bins; interpolated
 * linearly within a bin and clamped to the exact [min, max].
 *
 * The simulation's chunks go through the WebAssembly kernel (kernel-wasm/: month loop,
 * {@link Tally.add} and {@link addToChunkSums} fused, the same bits); `Tally.add` and
 * `addToChunkSums` are the per-draw definition of what it counts, and the path where
 * WebAssembly is missing.
 */
import type { DrawBuffers } from './month-loop.js'
import type {
  CostBands,
  MoneyQuantiles,
  MoneySummary,
  PaybackSummary,
  PointResult,
  ProbabilityEstimate,
  StrategySimulation,
} from './result.js'

/** A log-bin layout: 2^subBits bins per factor of two over [2^minExponent, 2^maxExponent). */
export interface LogBinLayout {
  readonly subBits: number
  readonly minExponent: number
  readonly maxExponent: number
}

/** Bins of the horizon total, present value and NPV savings: 256 per octave (each at most 0.39 % wide), either sign. */
export const VALUE_BINS: LogBinLayout = Object.freeze({ subBits: 8, minExponent: -10, maxExponent: 50 })
/** Bins of the monthly cumulative-cost bands: 128 per octave (each at most 0.78 % wide). */
export const BAND_BINS: LogBinLayout = Object.freeze({ subBits: 7, minExponent: -10, maxExponent: 50 })
/** Payback-month bins per month (a power of two, so `payback <= N` is read exactly from the bins). */
export const PAYBACK_BINS_PER_MONTH = 4

/** The money figures summarised per strategy, in this order. */
export const METRICS = ['horizonTotalUSD', 'presentValueUSD', 'npvSavingsUSD'] as const
const METRIC_COUNT = 3
/** Quantiles of money figures. */
const MONEY_PS = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95]
/** Quantiles of the bands. */
const BAND_PS = [0.05, 0.25, 0.5, 0.75, 0.95]
/** Quantiles of the payback month. */
const PAYBACK_PS = [0.1, 0.25, 0.5, 0.75, 0.9]

// Constants of the hot loop, computed once (Math.pow inside it measured ~10x slower in V8 12).
const VALUE_LOW = 2 ** VALUE_BINS.minExponent
const VALUE_SHIFT = 20 - VALUE_BINS.subBits
const VALUE_BASE = (1023 + VALUE_BINS.minExponent) << VALUE_BINS.subBits
const BAND_LOW = 2 ** BAND_BINS.minExponent
const BAND_SHIFT = 20 - BAND_BINS.subBits
const BAND_BASE = (1023 + BAND_BINS.minExponent) << BAND_BINS.subBits

// The bits of a double, read through a shared buffer (no allocation per value).
const bitsF64 = new Float64Array(1)
const bitsU32 = new Uint32Array(bitsF64.buffer)
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0

/** Bins of one sign of a layout: 2^subBits x octaves. */
export function binsPerSign(layout: LogBinLayout): number {
  return (layout.maxExponent - layout.minExponent) << layout.subBits
}

/**
 * The bin key of a positive value x >= 2^minExponent: `(biased exponent << subBits | top subBits
 * of the mantissa) - ((1023 + minExponent) << subBits)`; values from 2^maxExponent up give keys
 * >= {@link binsPerSign}. O(1), reads the double's high 32 bits.
 *
 * @example
 * positiveBinKey(1, { subBits: 7, minExponent: -10, maxExponent: 50 }) // => 1280 (exponent 0 is 10 octaves above 2^-10, 128 bins each)
 * positiveBinKey(1.5, { subBits: 7, minExponent: -10, maxExponent: 50 }) // => 1344 (1280 + 64: half-way through the octave)
 */
export function positiveBinKey(x: number, layout: LogBinLayout): number {
  bitsF64[0] = x
  return ((bitsU32[HIGH_WORD] as number) >>> (20 - layout.subBits)) - ((1023 + layout.minExponent) << layout.subBits)
}

/**
 * Lower edge of the bin with key k: `2^(minExponent + floor(k / 2^subBits)) x (1 + (k mod 2^subBits) / 2^subBits)`.
 *
 * @example
 * binLowerEdge(1280 + 64, BAND_BINS) // => 1.5
 */
export function binLowerEdge(key: number, layout: LogBinLayout): number {
  const perOctave = 1 << layout.subBits
  const octave = Math.floor(key / perOctave)
  return Math.pow(2, layout.minExponent + octave) * (1 + (key - octave * perOctave) / perOctave)
}

/**
 * Index of x among the 2N + 3 signed bins of VALUE_BINS (N = bins per sign): 0 = at most
 * -2^maxExponent, 1..N negative, N + 1 = |x| < 2^minExponent (and NaN), N + 2..2N + 1
 * positive, 2N + 2 = at least 2^maxExponent.
 */
export function signedBinIndex(x: number, layout: LogBinLayout): number {
  const perSign = binsPerSign(layout)
  const low = Math.pow(2, layout.minExponent)
  if (x >= low) {
    const key = positiveBinKey(x, layout)
    return key < perSign ? perSign + 2 + key : 2 * perSign + 2
  }
  if (x <= -low) {
    const key = positiveBinKey(-x, layout)
    return key < perSign ? perSign - key : 0
  }
  return perSign + 1
}

/** Index of x among the N + 2 unsigned bins of a layout: 0 = below 2^minExponent (zero, negative, NaN), 1..N, N + 1 = at least 2^maxExponent. */
export function unsignedBinIndex(x: number, layout: LogBinLayout): number {
  if (!(x >= Math.pow(2, layout.minExponent))) return 0
  const key = positiveBinKey(x, layout)
  const perSign = binsPerSign(layout)
  return key < perSign ? key + 1 : perSign + 1
}

/** Where each part of a {@link Tally} lives, for a number of strategies and a horizon. */
export class TallyLayout {
  readonly strategyCount: number
  readonly horizonMonths: number
  /** Signed value bins per (strategy, metric). */
  readonly valueBins: number
  /** Unsigned band bins per (strategy, month). */
  readonly bandBins: number
  /** Payback bins per strategy: month 0, 4H bins of a quarter month, never. */
  readonly paybackBins: number
  readonly valueOffset = 0
  readonly bandOffset: number
  readonly paybackOffset: number
  readonly cheapestOffset: number
  /** Length of the counts array. */
  readonly countsLength: number
  /** Extremes: metric minima [S x 3], metric maxima [S x 3], band minima [S x (H+1)], band maxima, payback minima [S], payback maxima [S]. */
  readonly extremesLength: number
  /** Chunk sums: per (strategy, metric) the sum of (x - shift) and of (x - shift)^2. */
  readonly sumsLength: number

  constructor(strategyCount: number, horizonMonths: number) {
    if (!Number.isInteger(strategyCount) || strategyCount < 1) throw new RangeError(`invalid strategyCount: ${strategyCount} (must be an integer >= 1)`)
    if (!Number.isInteger(horizonMonths) || horizonMonths < 1) throw new RangeError(`invalid horizonMonths: ${horizonMonths} (must be an integer >= 1)`)
    this.strategyCount = strategyCount
    this.horizonMonths = horizonMonths
    this.valueBins = 2 * binsPerSign(VALUE_BINS) + 3
    this.bandBins = binsPerSign(BAND_BINS) + 2
    this.paybackBins = PAYBACK_BINS_PER_MONTH * horizonMonths + 2
    const cells = strategyCount * (horizonMonths + 1)
    this.bandOffset = strategyCount * METRIC_COUNT * this.valueBins
    this.paybackOffset = this.bandOffset + cells * this.bandBins
    this.cheapestOffset = this.paybackOffset + strategyCount * this.paybackBins
    this.countsLength = this.cheapestOffset + strategyCount
    this.extremesLength = 2 * strategyCount * METRIC_COUNT + 2 * cells + 2 * strategyCount
    this.sumsLength = 2 * strategyCount * METRIC_COUNT
  }
}

/**
 * The order-independent part of the aggregate: integer counts and exact extremes. Add draws
 * with {@link Tally.add}, combine tallies with {@link Tally.merge} in any order. Memory:
 * O(strategies x horizon x bins), about 4.5 MB for 5 strategies over 24 months, whatever the
 * number of draws (counts are uint32: at most 2^32 - 1 draws).
 */
export class Tally {
  readonly layout: TallyLayout
  readonly counts: Uint32Array
  readonly extremes: Float64Array

  constructor(layout: TallyLayout, counts?: Uint32Array, extremes?: Float64Array) {
    this.layout = layout
    if (counts && counts.length !== layout.countsLength) throw new RangeError(`invalid tally counts: length ${counts.length} (must be ${layout.countsLength})`)
    if (extremes && extremes.length !== layout.extremesLength) throw new RangeError(`invalid tally extremes: length ${extremes.length} (must be ${layout.extremesLength})`)
    this.counts = counts ?? new Uint32Array(layout.countsLength)
    if (extremes) {
      this.extremes = extremes
    } else {
      this.extremes = new Float64Array(layout.extremesLength)
      const metricCells = layout.strategyCount * METRIC_COUNT
      const cells = layout.strategyCount * (layout.horizonMonths + 1)
      this.extremes.fill(Infinity, 0, metricCells)
      this.extremes.fill(-Infinity, metricCells, 2 * metricCells)
      this.extremes.fill(Infinity, 2 * metricCells, 2 * metricCells + cells)
      this.extremes.fill(-Infinity, 2 * metricCells + cells, 2 * metricCells + 2 * cells)
      const paybackAt = 2 * metricCells + 2 * cells
      this.extremes.fill(Infinity, paybackAt, paybackAt + layout.strategyCount)
      this.extremes.fill(-Infinity, paybackAt + layout.strategyCount)
    }
  }

  /**
   * Counts one draw: its totals, present values and NPV savings into value bins, its cumulative
   * cost per month into band bins, its payback month, and which strategy was cheapest.
   * O(strategies x horizon), no allocation. (The simulation counts through the WebAssembly
   * kernel, which gives the same counts and extremes.)
   */
  add(draw: DrawBuffers): void {
    const layout = this.layout
    const counts = this.counts
    const extremes = this.extremes
    const strategies = layout.strategyCount
    const totals = draw.horizonTotalUSD
    const presents = draw.presentValueUSD
    const metricCells = strategies * METRIC_COUNT

    // Value histograms: signed, VALUE_BINS.
    const valueBins = layout.valueBins
    const perSign = (valueBins - 3) >> 1
    const valueShift = VALUE_SHIFT
    const valueBase = VALUE_BASE
    const valueLow = VALUE_LOW
    const basePresent = presents[0] as number
    for (let s = 0; s < strategies; s++) {
      const present = presents[s] as number
      for (let k = 0; k < METRIC_COUNT; k++) {
        const x = k === 0 ? (totals[s] as number) : k === 1 ? present : basePresent - present
        const cell = s * METRIC_COUNT + k
        let index = perSign + 1
        if (x >= valueLow) {
          bitsF64[0] = x
          const key = ((bitsU32[HIGH_WORD] as number) >>> valueShift) - valueBase
          index = key < perSign ? perSign + 2 + key : 2 * perSign + 2
        } else if (x <= -valueLow) {
          bitsF64[0] = -x
          const key = ((bitsU32[HIGH_WORD] as number) >>> valueShift) - valueBase
          index = key < perSign ? perSign - key : 0
        }
        const slot = cell * valueBins + index
        counts[slot] = (counts[slot] as number) + 1
        if (x < (extremes[cell] as number)) extremes[cell] = x
        if (x > (extremes[metricCells + cell] as number)) extremes[metricCells + cell] = x
      }
    }

    // Cheapest by horizon total; ties to the earlier strategy.
    let cheapest = 0
    let lowest = totals[0] as number
    for (let s = 1; s < strategies; s++) {
      const total = totals[s] as number
      if (total < lowest) {
        lowest = total
        cheapest = s
      }
    }
    const slot = layout.cheapestOffset + cheapest
    counts[slot] = (counts[slot] as number) + 1

    // Payback months (strategy 0 is the baseline).
    const cells = strategies * (layout.horizonMonths + 1)
    const paybackAt = 2 * metricCells + 2 * cells
    const paybackBins = layout.paybackBins
    for (let s = 1; s < strategies; s++) {
      const payback = draw.paybackMonths[s] as number
      let index = paybackBins - 1
      if (payback === 0) index = 0
      else if (payback !== Infinity) index = Math.ceil(payback * PAYBACK_BINS_PER_MONTH)
      const slot = layout.paybackOffset + s * paybackBins + index
      counts[slot] = (counts[slot] as number) + 1
      if (payback !== Infinity) {
        if (payback < (extremes[paybackAt + s] as number)) extremes[paybackAt + s] = payback
        if (payback > (extremes[paybackAt + strategies + s] as number)) extremes[paybackAt + strategies + s] = payback
      }
    }

    // Monthly bands: unsigned, BAND_BINS.
    const cumulative = draw.cumulativeUSD
    const bandBins = layout.bandBins
    const bandPerSign = bandBins - 2
    const bandShift = BAND_SHIFT
    const bandBase = BAND_BASE
    const bandLow = BAND_LOW
    const bandOffset = layout.bandOffset
    const minAt = 2 * metricCells
    const maxAt = minAt + cells
    for (let i = 0; i < cells; i++) {
      const x = cumulative[i] as number
      let index = 0
      if (x >= bandLow) {
        bitsF64[0] = x
        const key = ((bitsU32[HIGH_WORD] as number) >>> bandShift) - bandBase
        index = key < bandPerSign ? key + 1 : bandPerSign + 1
      }
      const slot = bandOffset + i * bandBins + index
      counts[slot] = (counts[slot] as number) + 1
      if (x < (extremes[minAt + i] as number)) extremes[minAt + i] = x
      if (x > (extremes[maxAt + i] as number)) extremes[maxAt + i] = x
    }
  }

  /** Adds another tally's counts and extremes into this one. Order-independent; O(size). */
  merge(other: Tally): void {
    if (other.layout.countsLength !== this.layout.countsLength || other.layout.extremesLength !== this.layout.extremesLength) {
      throw new RangeError('cannot merge tallies of different layouts')
    }
    const counts = this.counts
    const theirs = other.counts
    for (let i = 0; i < counts.length; i++) counts[i] = (counts[i] as number) + (theirs[i] as number)
    const layout = this.layout
    const metricCells = layout.strategyCount * METRIC_COUNT
    const cells = layout.strategyCount * (layout.horizonMonths + 1)
    const minima: [number, number][] = [
      [0, metricCells],
      [2 * metricCells, 2 * metricCells + cells],
      [2 * metricCells + 2 * cells, 2 * metricCells + 2 * cells + layout.strategyCount],
    ]
    const maxima: [number, number][] = [
      [metricCells, 2 * metricCells],
      [2 * metricCells + cells, 2 * metricCells + 2 * cells],
      [2 * metricCells + 2 * cells + layout.strategyCount, layout.extremesLength],
    ]
    for (const [from, to] of minima) for (let i = from; i < to; i++) this.extremes[i] = Math.min(this.extremes[i] as number, other.extremes[i] as number)
    for (const [from, to] of maxima) for (let i = from; i < to; i++) this.extremes[i] = Math.max(this.extremes[i] as number, other.extremes[i] as number)
  }
}

/**
 * Adds one draw's money figures to a chunk's sums: per (strategy, metric) `x - shift` and
 * `(x - shift)^2`, where `shifts` holds the point-value figure (same layout), so the variance
 * does not lose digits to cancellation. O(strategies), no allocation.
 */
export function addToChunkSums(sums: Float64Array, draw: DrawBuffers, shifts: Float64Array): void {
  const strategies = draw.strategyCount
  const cells = strategies * METRIC_COUNT
  const basePresent = draw.presentValueUSD[0] as number
  for (let s = 0; s < strategies; s++) {
    const present = draw.presentValueUSD[s] as number
    const at = s * METRIC_COUNT
    const d0 = (draw.horizonTotalUSD[s] as number) - (shifts[at] as number)
    const d1 = present - (shifts[at + 1] as number)
    const d2 = basePresent - present - (shifts[at + 2] as number)
    sums[at] = (sums[at] as number) + d0
    sums[at + 1] = (sums[at + 1] as number) + d1
    sums[at + 2] = (sums[at + 2] as number) + d2
    sums[cells + at] = (sums[cells + at] as number) + d0 * d0
    sums[cells + at + 1] = (sums[cells + at + 1] as number) + d1 * d1
    sums[cells + at + 2] = (sums[cells + at + 2] as number) + d2 * d2
  }
}

/**
 * The per-(strategy, metric) shifts for {@link addToChunkSums}: the figures of one draw (the
 * point-value draw).
 */
export function metricShifts(draw: DrawBuffers): Float64Array {
  const strategies = draw.strategyCount
  const shifts = new Float64Array(strategies * METRIC_COUNT)
  const basePresent = draw.presentValueUSD[0] as number
  for (let s = 0; s < strategies; s++) {
    shifts[s * METRIC_COUNT] = draw.horizonTotalUSD[s] as number
    shifts[s * METRIC_COUNT + 1] = draw.presentValueUSD[s] as number
    shifts[s * METRIC_COUNT + 2] = basePresent - (draw.presentValueUSD[s] as number)
  }
  return shifts
}

/**
 * Adds chunk sums strictly in chunk order, whatever order they arrive in: chunk k is folded in
 * only after chunks 0..k-1, so the total is the same floating-point number for any number of
 * workers. Holds at most the chunks that arrived early.
 */
export class ChunkSumFolder {
  readonly total: Float64Array
  private next = 0
  private readonly waiting = new Map<number, Float64Array>()

  constructor(length: number) {
    this.total = new Float64Array(length)
  }

  /** Chunks folded so far (0..k-1). */
  get folded(): number {
    return this.next
  }

  /** Takes chunk `index`'s sums; folds it and any waiting successors when it is next. */
  add(index: number, sums: Float64Array): void {
    if (index < this.next || this.waiting.has(index)) throw new Error(`chunk ${index} added twice`)
    this.waiting.set(index, sums)
    for (let ready = this.waiting.get(this.next); ready !== undefined; ready = this.waiting.get(this.next)) {
      this.waiting.delete(this.next)
      const total = this.total
      for (let i = 0; i < total.length; i++) total[i] = (total[i] as number) + (ready[i] as number)
      this.next += 1
    }
  }
}

/**
 * Quantiles of a histogram, interpolated linearly within the bin where the cumulative count
 * reaches p x n, then clamped to [min, max]. `edges(i)` gives bin i's [lower, upper].
 * O(bins) for all the quantiles together; `ps` ascending.
 *
 * @example
 * histogramQuantiles(new Uint32Array([0, 2, 2]), 0, 3, (i) => [i, i + 1], [0.5], 1, 3) // => [2] (2 values in [1, 2), 2 in [2, 3): the median is at 2)
 */
export function histogramQuantiles(
  counts: Uint32Array,
  offset: number,
  bins: number,
  edges: (bin: number) => [number, number],
  ps: readonly number[],
  min: number,
  max: number,
): number[] {
  let n = 0
  for (let i = 0; i < bins; i++) n += counts[offset + i] as number
  const out: number[] = []
  if (n === 0) return ps.map(() => NaN)
  let before = 0
  let bin = 0
  for (const p of ps) {
    const target = p * n
    // Advance to the first non-empty bin whose cumulative count reaches the target.
    while (bin < bins) {
      const count = counts[offset + bin] as number
      if (count > 0 && before + count >= target) break
      before += count
      bin += 1
    }
    if (bin >= bins) {
      out.push(max)
      continue
    }
    const count = counts[offset + bin] as number
    const [lower, upper] = edges(bin)
    const value = lower + ((target - before) / count) * (upper - lower)
    out.push(Math.min(max, Math.max(min, value)))
  }
  return out
}

/** Edges of the signed value bins. */
function signedEdges(layout: LogBinLayout, min: number, max: number): (bin: number) => [number, number] {
  const perSign = binsPerSign(layout)
  const low = Math.pow(2, layout.minExponent)
  const high = Math.pow(2, layout.maxExponent)
  return (bin) => {
    if (bin === 0) return [min, -high]
    if (bin <= perSign) {
      const key = perSign - bin
      return [-binLowerEdge(key + 1, layout), -binLowerEdge(key, layout)]
    }
    if (bin === perSign + 1) return [-low, low]
    if (bin <= 2 * perSign + 1) {
      const key = bin - perSign - 2
      return [binLowerEdge(key, layout), binLowerEdge(key + 1, layout)]
    }
    return [high, max]
  }
}

/** Edges of the unsigned band bins. */
function unsignedEdges(layout: LogBinLayout, min: number, max: number): (bin: number) => [number, number] {
  const perSign = binsPerSign(layout)
  const low = Math.pow(2, layout.minExponent)
  return (bin) => {
    if (bin === 0) return [Math.min(min, low), low]
    if (bin <= perSign) return [binLowerEdge(bin - 1, layout), binLowerEdge(bin, layout)]
    return [Math.pow(2, layout.maxExponent), max]
  }
}

/** `{ probability: k / n, standardError: sqrt(p (1 - p) / n) }`. */
export function probabilityEstimate(count: number, draws: number): ProbabilityEstimate {
  const probability = count / draws
  return { probability, standardError: Math.sqrt((probability * (1 - probability)) / draws) }
}

function moneySummary(tally: Tally, sums: Float64Array, shifts: Float64Array, draws: number, strategy: number, metric: number): MoneySummary {
  const layout = tally.layout
  const cell = strategy * METRIC_COUNT + metric
  const metricCells = layout.strategyCount * METRIC_COUNT
  const sum = sums[cell] as number
  const sumSquares = sums[metricCells + cell] as number
  const mean = (shifts[cell] as number) + sum / draws
  const variance = draws > 1 ? Math.max(0, (sumSquares - (sum * sum) / draws) / (draws - 1)) : 0
  const sd = Math.sqrt(variance)
  const min = tally.extremes[cell] as number
  const max = tally.extremes[metricCells + cell] as number
  const q = histogramQuantiles(tally.counts, cell * layout.valueBins, layout.valueBins, signedEdges(VALUE_BINS, min, max), MONEY_PS, min, max)
  const quantiles: MoneyQuantiles = { p5: q[0] as number, p10: q[1] as number, p25: q[2] as number, p50: q[3] as number, p75: q[4] as number, p90: q[5] as number, p95: q[6] as number }
  return { mean, standardError: sd / Math.sqrt(draws), sd, min, max, quantiles }
}

function paybackSummary(tally: Tally, draws: number, strategy: number): PaybackSummary {
  const layout = tally.layout
  const bins = layout.paybackBins
  const at = layout.paybackOffset + strategy * bins
  const counts = Array.from(tally.counts.subarray(at, at + bins - 1))
  const never = tally.counts[at + bins - 1] as number
  const byMonth: ProbabilityEstimate[] = []
  let cumulative = counts[0] as number
  byMonth.push(probabilityEstimate(cumulative, draws))
  for (let month = 1; month <= layout.horizonMonths; month++) {
    for (let b = (month - 1) * PAYBACK_BINS_PER_MONTH + 1; b <= month * PAYBACK_BINS_PER_MONTH; b++) cumulative += counts[b] as number
    byMonth.push(probabilityEstimate(cumulative, draws))
  }
  const metricCells = layout.strategyCount * METRIC_COUNT
  const cells = layout.strategyCount * (layout.horizonMonths + 1)
  const paybackAt = 2 * metricCells + 2 * cells
  const min = tally.extremes[paybackAt + strategy] as number
  const max = tally.extremes[paybackAt + layout.strategyCount + strategy] as number
  const width = 1 / PAYBACK_BINS_PER_MONTH
  // Quantiles over all draws, "never" counted as beyond the horizon.
  const q = histogramQuantiles(tally.counts, at, bins, (bin) => (bin === 0 ? [0, 0] : bin === bins - 1 ? [Infinity, Infinity] : [(bin - 1) * width, bin * width]), PAYBACK_PS, min, max)
  const paid = draws - never
  const quantile = (i: number): number | null => (PAYBACK_PS[i] as number) * draws > paid ? null : (q[i] as number)
  return {
    withinHorizon: probabilityEstimate(paid, draws),
    byMonth,
    quantiles: { p10: quantile(0), p25: quantile(1), p50: quantile(2), p75: quantile(3), p90: quantile(4) },
    histogram: { binMonths: width, counts, never },
  }
}

function costBands(tally: Tally, strategy: number): CostBands {
  const layout = tally.layout
  const months = layout.horizonMonths + 1
  const metricCells = layout.strategyCount * METRIC_COUNT
  const cells = layout.strategyCount * months
  const bands: CostBands = { p5: [], p25: [], p50: [], p75: [], p95: [] }
  for (let m = 0; m < months; m++) {
    const cell = strategy * months + m
    const min = tally.extremes[2 * metricCells + cell] as number
    const max = tally.extremes[2 * metricCells + cells + cell] as number
    const q = histogramQuantiles(tally.counts, layout.bandOffset + cell * layout.bandBins, layout.bandBins, unsignedEdges(BAND_BINS, min, max), BAND_PS, min, max)
    bands.p5.push(q[0] as number)
    bands.p25.push(q[1] as number)
    bands.p50.push(q[2] as number)
    bands.p75.push(q[3] as number)
    bands.p95.push(q[4] as number)
  }
  return bands
}

/**
 * Every strategy's summary from the merged tally and the chunk-ordered sums: money
 * distributions, P(cheapest), payback, monthly bands, and the point-value results.
 *
 * @param ids strategy ids in coefficient order (index 0 = the baseline)
 * @param shifts the point-value figures used as shifts ({@link metricShifts})
 * @param point the point-value draw's results per strategy
 */
export function summarizeStrategies(ids: readonly string[], tally: Tally, sums: Float64Array, shifts: Float64Array, draws: number, point: PointResult[]): StrategySimulation[] {
  return ids.map((id, s) => ({
    id,
    horizonTotalUSD: moneySummary(tally, sums, shifts, draws, s, 0),
    presentValueUSD: moneySummary(tally, sums, shifts, draws, s, 1),
    npvSavingsUSD: moneySummary(tally, sums, shifts, draws, s, 2),
    cheapest: probabilityEstimate(tally.counts[tally.layout.cheapestOffset + s] as number, draws),
    payback: s === 0 ? null : paybackSummary(tally, draws, s),
    bands: costBands(tally, s),
    point: point[s] as PointResult,
  }))
}
