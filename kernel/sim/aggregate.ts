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
 * The simulation's chunks go through {@link ChunkKernel} (month loop, {@link Tally.add} and
 * {@link addToChunkSums} fused, the same bits); `Tally.add` and `addToChunkSums` stay the
 * per-draw definition of what it counts.
 */
import { COEFF, COEFF_SIZE, GLOBAL } from './layout.js'
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
   * O(strategies x horizon), no allocation. (The simulation counts through {@link ChunkKernel},
   * which gives the same counts and extremes.)
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
 * Draws whose cumulative costs {@link ChunkKernel} collects before binning them cell by cell: a
 * power of two near 16,384 / band cells (128 KB of pending values), from 16 to 256. 128 for 5
 * strategies x 25 months measured fastest (32: 10 % slower, 512: 5 % slower).
 */
function bandBlock(cells: number): number {
  let block = 16
  while (block < 256 && block * 2 * cells <= 16384) block *= 2
  return block
}

/**
 * The month loop, {@link Tally.add} and {@link addToChunkSums} of one draw fused, for the draws
 * of a chunk. The arithmetic is the same expressions in the same order as `runMonthLoop`
 * (month-loop.ts), and every count, extreme and sum sees the draws in the same order, so the
 * tally and the sums are the same bits as `runMonthLoop` + `Tally.add` + `addToChunkSums` draw by
 * draw (test/sim/kernel-identity.test.ts holds them equal). No allocation per draw.
 *
 * Where the time went, and what this does instead:
 * - the monthly cumulative costs (strategies x (horizon + 1) band cells a draw) are not written
 *   to a row and read back per draw: the month loop stores them into a block of
 *   {@link bandBlock} draws, and {@link ChunkKernel.flush} bins them cell by cell. One cell's
 *   bins are a few cache lines of the 4 MB counts array, so a block of draws counts into lines
 *   that are hot (counting draw by draw touched a cold line per cell, the kernel's main cost).
 *   A bin is read from the value's high word through a Uint32Array view of the pending block
 *   (no store and reload through a scratch double), two draws an iteration. The exact min and
 *   max of a cell are compared value by value only in a block whose lowest (highest) bin
 *   reaches the bin of the current min (max): rare once a few blocks have been seen;
 * - requests and the price factor are carried in the month loop (the same products in the same
 *   order as runMonthLoop's shared rows, without the loads); the discount factors are kept
 *   while the annual rate does not change;
 * - value bins, payback bins, "cheapest" and the chunk sums in one loop over the strategies.
 *
 * The tally is complete only after {@link ChunkKernel.flush}: call it at the end of a chunk.
 *
 * @example
 * const tally = new Tally(new TallyLayout(2, 12))
 * const kernel = new ChunkKernel(tally)
 * const sums = new Float64Array(tally.layout.sumsLength)
 * const globals = Float64Array.from([1_000_000, 0, 0, 0])
 * const coeffs = Float64Array.from([...[0, 0, 0, 0.01, 0, 0, 0, 0, 0, 0, 0, 0], ...[20_000, 1_000, 0.001, 0, 0, 0, 0, 0, 0, 0, 0, 0]])
 * kernel.add(globals, coeffs, sums, new Float64Array(6))
 * kernel.flush()
 * sums[0] // => 120_000 (prompting's horizon total, shift 0)
 * tally.extremes[2 * 6 + 2 * 26 + 2 + 1] // => 2.5 (distill's payback month: the payback maxima follow the minima)
 */
export class ChunkKernel {
  readonly tally: Tally
  private readonly discountFactor: Float64Array
  private discountRate = NaN
  /** Strategy 0's cumulative cost per month (the payback baseline). */
  private readonly base: Float64Array
  private readonly totals: Float64Array
  private readonly presents: Float64Array
  private readonly paybacks: Float64Array
  /** Cumulative costs not yet binned: band cell i's for the block's draw d at i x block + d. */
  private readonly pendingBands: Float64Array
  /** The same memory as 32-bit words: a pending value's high word (exponent, top of the mantissa) read directly. */
  private readonly pendingWords: Uint32Array
  /** Draws in the pending block. */
  private pending = 0
  /** Draws in a full block ({@link bandBlock}). */
  private readonly block: number
  /** Band bin of each cell's current min and max at 2i, 2i + 1 ({@link unsignedBinIndex}), and the values they were read from. */
  private readonly boundIndex: Int32Array
  private readonly boundValues: Float64Array

  constructor(tally: Tally) {
    this.tally = tally
    const layout = tally.layout
    const months = layout.horizonMonths + 1
    this.discountFactor = new Float64Array(months)
    this.base = new Float64Array(months)
    this.totals = new Float64Array(layout.strategyCount)
    this.presents = new Float64Array(layout.strategyCount)
    this.paybacks = new Float64Array(layout.strategyCount)
    this.block = bandBlock(layout.strategyCount * months)
    this.pendingBands = new Float64Array(layout.strategyCount * months * this.block)
    this.pendingWords = new Uint32Array(this.pendingBands.buffer)
    this.boundIndex = new Int32Array(2 * layout.strategyCount * months)
    // NaN never equals a tally extreme: every cell's bounds are read on the first flush.
    this.boundValues = new Float64Array(2 * layout.strategyCount * months).fill(NaN)
  }

  /**
   * Bins the pending block's cumulative costs into the band counts and extremes, cell by cell,
   * each cell's draws in draw order. O(strategies x horizon x block).
   */
  flush(): void {
    const block = this.pending
    if (block === 0) return
    const stride = this.block
    const layout = this.tally.layout
    const counts = this.tally.counts
    const extremes = this.tally.extremes
    const pending = this.pendingBands
    const words = this.pendingWords
    const bounds = this.boundIndex
    const boundValues = this.boundValues
    const cells = layout.strategyCount * (layout.horizonMonths + 1)
    const minAt = 2 * layout.strategyCount * METRIC_COUNT
    const maxAt = minAt + cells
    const bandBins = layout.bandBins
    const bandPerSign = bandBins - 2
    const bandShift = BAND_SHIFT
    const bandBase = BAND_BASE
    const bandLow = BAND_LOW
    let slotAt = layout.bandOffset
    for (let c = 0; c < cells; c++) {
      const from = c * stride
      const to = from + block
      // Bin from the high word alone: keys 0..N-1 are 2^-10 <= x < 2^50; below 0 are positive
      // values under 2^-10; from N up are x >= 2^50, infinities, negatives and NaN (read the
      // double for those, rare). The lowest and highest bin of the block are tracked as integers.
      let low = bandBins
      let high = -1
      // Two draws an iteration (fewer checks of the arrays per value), then the odd one.
      let d = from
      for (let w = 2 * from + HIGH_WORD; d + 1 < to; d += 2, w += 4) {
        const key = ((words[w] as number) >>> bandShift) - bandBase
        const key2 = ((words[w + 2] as number) >>> bandShift) - bandBase
        let index = 0
        if (key >= 0) {
          if (key < bandPerSign) index = key + 1
          else if ((pending[d] as number) >= bandLow) index = bandPerSign + 1
        }
        let index2 = 0
        if (key2 >= 0) {
          if (key2 < bandPerSign) index2 = key2 + 1
          else if ((pending[d + 1] as number) >= bandLow) index2 = bandPerSign + 1
        }
        const slot = slotAt + index
        counts[slot] = ((counts[slot] as number) + 1) | 0
        const slot2 = slotAt + index2
        counts[slot2] = ((counts[slot2] as number) + 1) | 0
        if (index < low) low = index
        if (index > high) high = index
        if (index2 < low) low = index2
        if (index2 > high) high = index2
      }
      if (d < to) {
        const key = ((words[2 * d + HIGH_WORD] as number) >>> bandShift) - bandBase
        let index = 0
        if (key >= 0) {
          if (key < bandPerSign) index = key + 1
          else if ((pending[d] as number) >= bandLow) index = bandPerSign + 1
        }
        const slot = slotAt + index
        counts[slot] = ((counts[slot] as number) + 1) | 0
        if (index < low) low = index
        if (index > high) high = index
      }
      // Exact extremes: the block can only move the cell's min (max) when its lowest (highest)
      // bin reaches the bin of the current min (max); then the block's values are compared in
      // draw order exactly as Tally.add compares them.
      let minIndex = bounds[2 * c] as number
      let maxIndex = bounds[2 * c + 1] as number
      let min = extremes[minAt + c] as number
      let max = extremes[maxAt + c] as number
      if (min !== boundValues[2 * c]) {
        minIndex = unsignedBinIndex(min, BAND_BINS)
        boundValues[2 * c] = min
      }
      if (max !== boundValues[2 * c + 1]) {
        maxIndex = unsignedBinIndex(max, BAND_BINS)
        boundValues[2 * c + 1] = max
      }
      if (low <= minIndex) {
        for (let d = from; d < to; d++) {
          const x = pending[d] as number
          if (x < min) min = x
        }
        extremes[minAt + c] = min
        boundValues[2 * c] = min
        minIndex = unsignedBinIndex(min, BAND_BINS)
      }
      if (high >= maxIndex) {
        for (let d = from; d < to; d++) {
          const x = pending[d] as number
          if (x > max) max = x
        }
        extremes[maxAt + c] = max
        boundValues[2 * c + 1] = max
        maxIndex = unsignedBinIndex(max, BAND_BINS)
      }
      bounds[2 * c] = minIndex
      bounds[2 * c + 1] = maxIndex
      slotAt += bandBins
    }
    this.pending = 0
  }


  /**
   * Runs one draw (GLOBAL_SIZE globals, strategies x COEFF_SIZE coefficients) into the tally and
   * `sums` (shifted by `shifts`, as {@link addToChunkSums}). O(strategies x horizon).
   */
  add(globals: Float64Array, coeffs: Float64Array, sums: Float64Array, shifts: Float64Array): void {
    const layout = this.tally.layout
    const counts = this.tally.counts
    const extremes = this.tally.extremes
    const horizon = layout.horizonMonths
    const strategies = layout.strategyCount
    const discountFactor = this.discountFactor

    const growth = 1 + (globals[GLOBAL.MONTHLY_GROWTH] as number)
    const priceStep = 1 + (globals[GLOBAL.PRICE_CHANGE] as number)
    const annualRate = globals[GLOBAL.ANNUAL_DISCOUNT_RATE] as number
    if (!(annualRate === this.discountRate)) {
      const discountStep = 1 + (Math.pow(1 + annualRate, 1 / 12) - 1)
      let compounded = 1
      discountFactor[0] = 1
      for (let m = 1; m <= horizon; m++) {
        compounded *= discountStep
        discountFactor[m] = 1 / compounded
      }
      this.discountRate = annualRate
    }
    const firstVolume = globals[GLOBAL.FIRST_MONTH_REQUESTS] as number

    const base = this.base
    const pendingBands = this.pendingBands
    const stride = this.block
    let pendingAt = this.pending
    for (let s = 0; s < strategies; s++) {
      const c = s * COEFF_SIZE
      const oneTime = coeffs[c + COEFF.ONE_TIME_USD] as number
      const fixed = coeffs[c + COEFF.FIXED_MONTHLY_USD] as number
      const other = coeffs[c + COEFF.PER_REQUEST_OTHER_USD] as number
      const frontier = coeffs[c + COEFF.PER_REQUEST_FRONTIER_USD] as number
      const drift = coeffs[c + COEFF.ESCALATION_DRIFT_USD] as number
      const driftCap = coeffs[c + COEFF.ESCALATION_DRIFT_CAP_USD] as number
      const retrainOther = coeffs[c + COEFF.RETRAIN_OTHER_USD] as number
      const retrainFrontier = coeffs[c + COEFF.RETRAIN_FRONTIER_USD] as number
      const perGpu = coeffs[c + COEFF.REQUESTS_PER_GPU_MONTH] as number
      const gpuMonth = coeffs[c + COEFF.GPU_MONTH_USD] as number
      const minReplicas = coeffs[c + COEFF.MIN_REPLICAS] as number
      const retrainEvery = coeffs[c + COEFF.RETRAIN_EVERY] as number
      const hosted = perGpu > 0
      const isBaseline = s === 0

      let total = oneTime
      let present = oneTime
      if (isBaseline) base[0] = oneTime
      pendingBands[pendingAt] = total
      pendingAt += stride
      let payback = Infinity
      let savingsBefore = (base[0] as number) - oneTime
      if (savingsBefore >= 0) payback = 0
      let searching = !isBaseline && payback !== 0

      // Training at month 1 and at every retraining month (R + 1, 2R + 1, ...); age counts from it.
      let nextRetrain = retrainEvery > 0 ? retrainEvery + 1 : Infinity
      let age = 0
      let v = firstVolume
      let p = 1
      for (let m = 1; m <= horizon; m++) {
        let retraining = 0
        if (m === nextRetrain) {
          retraining = retrainOther + p * retrainFrontier
          age = 0
          nextRetrain += retrainEvery
        }
        const escalationDrift = drift * age
        const perRequest = other + p * (frontier + (escalationDrift < driftCap ? escalationDrift : driftCap))
        let hosting = 0
        if (hosted) {
          const gpus = Math.ceil((v / perGpu) * (1 - 1e-12))
          hosting = (gpus > minReplicas ? gpus : minReplicas) * gpuMonth
        }
        const month = v * perRequest + fixed + hosting + retraining
        total += month
        present += month * (discountFactor[m] as number)
        pendingBands[pendingAt] = total
        pendingAt += stride
        if (isBaseline) base[m] = total
        age += 1
        v *= growth
        p *= priceStep
        if (searching) {
          const savings = (base[m] as number) - total
          if (savings >= 0) {
            payback = m - 1 + -savingsBefore / (savings - savingsBefore)
            searching = false
          } else {
            savingsBefore = savings
          }
        }
      }
      this.totals[s] = total
      this.presents[s] = present
      this.paybacks[s] = payback
    }

    // Per strategy: value bins of total, present value and NPV savings; chunk sums; payback.
    const totals = this.totals
    const presents = this.presents
    const metricCells = strategies * METRIC_COUNT
    const valueBins = layout.valueBins
    const perSign = (valueBins - 3) >> 1
    const valueShift = VALUE_SHIFT
    const valueBase = VALUE_BASE
    const valueLow = VALUE_LOW
    const basePresent = presents[0] as number
    const paybackAt = 2 * metricCells + 2 * strategies * (horizon + 1)
    const paybackBins = layout.paybackBins
    let cheapest = 0
    let lowest = totals[0] as number
    for (let s = 0; s < strategies; s++) {
      const total = totals[s] as number
      const present = presents[s] as number
      const savings = basePresent - present
      const cell = s * METRIC_COUNT
      for (let k = 0; k < METRIC_COUNT; k++) {
        const x = k === 0 ? total : k === 1 ? present : savings
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
        const slot = (cell + k) * valueBins + index
        counts[slot] = (counts[slot] as number) + 1
        if (x < (extremes[cell + k] as number)) extremes[cell + k] = x
        if (x > (extremes[metricCells + cell + k] as number)) extremes[metricCells + cell + k] = x
      }

      const d0 = total - (shifts[cell] as number)
      const d1 = present - (shifts[cell + 1] as number)
      const d2 = basePresent - present - (shifts[cell + 2] as number)
      sums[cell] = (sums[cell] as number) + d0
      sums[cell + 1] = (sums[cell + 1] as number) + d1
      sums[cell + 2] = (sums[cell + 2] as number) + d2
      sums[metricCells + cell] = (sums[metricCells + cell] as number) + d0 * d0
      sums[metricCells + cell + 1] = (sums[metricCells + cell + 1] as number) + d1 * d1
      sums[metricCells + cell + 2] = (sums[metricCells + cell + 2] as number) + d2 * d2

      if (s === 0) continue
      if (total < lowest) {
        lowest = total
        cheapest = s
      }
      const payback = this.paybacks[s] as number
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
    const slot = layout.cheapestOffset + cheapest
    counts[slot] = (counts[slot] as number) + 1
    this.pending += 1
    if (this.pending === stride) this.flush()
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
