import { describe, expect, it } from 'vitest'
import {
  BAND_BINS,
  ChunkSumFolder,
  PAYBACK_BINS_PER_MONTH,
  Tally,
  TallyLayout,
  VALUE_BINS,
  binLowerEdge,
  binsPerSign,
  histogramQuantiles,
  positiveBinKey,
  probabilityEstimate,
  signedBinIndex,
  summarizeStrategies,
  unsignedBinIndex,
  addToChunkSums,
  metricShifts,
} from '../../kernel/sim/aggregate.js'
import { createDrawBuffers, type DrawBuffers } from '../../kernel/sim/month-loop.js'
import { createStream } from '../../kernel/sim/random.js'
import { expectClose } from '../helpers/expect-close.js'

describe('log bins (positiveBinKey, binLowerEdge)', () => {
  it('splits each factor of two into 2^subBits equal bins, read from the double bits', () => {
    // 1 = 2^0: octave 0 - (-10) = 10, so key 10 x 128; 1.5 is half-way through that octave: + 64.
    expect(positiveBinKey(1, BAND_BINS)).toBe(1280)
    expect(positiveBinKey(1.5, BAND_BINS)).toBe(1280 + 64)
    expect(binLowerEdge(1280 + 64, BAND_BINS)).toBe(1.5)
    expect(positiveBinKey(2 ** -10, BAND_BINS)).toBe(0)
    expect(binsPerSign(BAND_BINS)).toBe(60 * 128)
  })

  it('puts every value between its bin edges, each bin at most 1/2^subBits wide relative to its lower edge', () => {
    const stream = createStream(3, 0)
    for (let i = 0; i < 2000; i++) {
      const x = Math.exp(stream.nextFloat64() * 60 - 6) // 0.0025 .. 2.9e23
      for (const layout of [VALUE_BINS, BAND_BINS]) {
        const key = positiveBinKey(x, layout)
        const lower = binLowerEdge(key, layout)
        const upper = binLowerEdge(key + 1, layout)
        expect(lower <= x && x < upper).toBe(true)
        expect((upper - lower) / lower).toBeLessThanOrEqual(1 / 2 ** layout.subBits + 1e-15)
      }
    }
  })

  it('signedBinIndex mirrors negatives, keeps a zero bin and overflow bins; unsignedBinIndex folds <= 0 into bin 0', () => {
    const n = binsPerSign(VALUE_BINS)
    expect(signedBinIndex(0, VALUE_BINS)).toBe(n + 1)
    expect(signedBinIndex(1e-9, VALUE_BINS)).toBe(n + 1)
    expect(signedBinIndex(1, VALUE_BINS)).toBe(n + 2 + 10 * 256)
    expect(signedBinIndex(-1, VALUE_BINS)).toBe(n - 10 * 256)
    expect(signedBinIndex(2 ** 60, VALUE_BINS)).toBe(2 * n + 2)
    expect(signedBinIndex(-(2 ** 60), VALUE_BINS)).toBe(0)
    expect(signedBinIndex(-3, VALUE_BINS)).toBeLessThan(signedBinIndex(-2, VALUE_BINS))
    expect(unsignedBinIndex(-5, BAND_BINS)).toBe(0)
    expect(unsignedBinIndex(Infinity, BAND_BINS)).toBe(binsPerSign(BAND_BINS) + 1)
  })
})

describe('histogramQuantiles(counts, offset, bins, edges, ps, min, max)', () => {
  it('interpolates within the bin where the cumulative count reaches p x n', () => {
    // 4 values in bins [1,2) and [2,3) (2 each): the median target 2 is reached at the end of bin 1.
    expect(histogramQuantiles(new Uint32Array([0, 2, 2]), 0, 3, (i) => [i, i + 1], [0.5], 1, 3)).toEqual([2])
    // p = 0.75: target 3, one of bin 2's two values -> 2 + 1/2.
    expect(histogramQuantiles(new Uint32Array([0, 2, 2]), 0, 3, (i) => [i, i + 1], [0.75], 1, 3)).toEqual([2.5])
  })

  it('clamps to the exact [min, max], so identical draws give exact quantiles', () => {
    expect(histogramQuantiles(new Uint32Array([0, 5, 0]), 0, 3, (i) => [i, i + 1], [0.05, 0.5, 0.95], 1.25, 1.25)).toEqual([1.25, 1.25, 1.25])
  })

  it('is within the bin width of the exact sample quantiles of 20,000 lognormal-ish costs', () => {
    const layout = new TallyLayout(1, 1)
    const tally = new Tally(layout)
    const draw = createDrawBuffers(1, 1)
    const stream = createStream(11, 0)
    const xs: number[] = []
    for (let i = 0; i < 20000; i++) {
      const x = 3e5 * Math.exp(0.4 * (stream.nextFloat64() + stream.nextFloat64() + stream.nextFloat64() - 1.5))
      xs.push(x)
      draw.cumulativeUSD[0] = 0
      draw.cumulativeUSD[1] = x
      draw.horizonTotalUSD[0] = x
      draw.presentValueUSD[0] = x
      tally.add(draw)
    }
    xs.sort((a, b) => a - b)
    const [result] = summarizeStrategies(['prompt'], tally, new Float64Array(layout.sumsLength), new Float64Array(3), xs.length, [
      { horizonTotalUSD: 0, presentValueUSD: 0, paybackMonths: null },
    ])
    const exact = (p: number) => xs[Math.ceil(p * xs.length) - 1] as number
    const q = result!.horizonTotalUSD.quantiles
    for (const [p, estimate] of [[0.05, q.p5], [0.5, q.p50], [0.95, q.p95]] as const) {
      expectClose(estimate, exact(p), 1 / 256, `p${p * 100}`)
    }
    expectClose(result!.bands.p50[1]!, exact(0.5), 1 / 128, 'median band')
    expect(result!.horizonTotalUSD.min).toBe(xs[0])
    expect(result!.horizonTotalUSD.max).toBe(xs.at(-1))
  })
})

/** A draw with given totals (present value = total, cumulative linear to it) and paybacks. */
function drawOf(totals: number[], paybacks: number[], horizon: number): DrawBuffers {
  const draw = createDrawBuffers(totals.length, horizon)
  totals.forEach((total, s) => {
    draw.horizonTotalUSD[s] = total
    draw.presentValueUSD[s] = total
    draw.paybackMonths[s] = s === 0 ? NaN : (paybacks[s - 1] as number)
    for (let m = 0; m <= horizon; m++) draw.cumulativeUSD[s * (horizon + 1) + m] = (total * (m + 1)) / (horizon + 1)
  })
  return draw
}

describe('Tally', () => {
  it('counts P(cheapest) with ties to the earlier strategy, and payback <= N exactly at whole months', () => {
    const tally = new Tally(new TallyLayout(3, 4))
    tally.add(drawOf([10, 10, 12], [3, 0], 4)) // tie 0/1: strategy 0; strategy 1 pays back at exactly 3
    tally.add(drawOf([10, 9, 9], [Infinity, 2.25], 4)) // tie 1/2: strategy 1
    tally.add(drawOf([10, 11, 8], [3.0000001, 4], 4))
    const [prompt, a, b] = summarizeStrategies(['prompt', 'a', 'b'], tally, new Float64Array(18), new Float64Array(9), 3, [
      { horizonTotalUSD: 0, presentValueUSD: 0, paybackMonths: null },
      { horizonTotalUSD: 0, presentValueUSD: 0, paybackMonths: null },
      { horizonTotalUSD: 0, presentValueUSD: 0, paybackMonths: null },
    ])
    expect([prompt!.cheapest.probability, a!.cheapest.probability, b!.cheapest.probability]).toEqual([1 / 3, 1 / 3, 1 / 3])
    expect(prompt!.payback).toBeNull()
    // a: paybacks 3, never, 3.0000001 -> P(<= 3) = 1/3, P(<= 4) = 2/3.
    expect(a!.payback!.byMonth.map((e) => e.probability)).toEqual([0, 0, 0, 1 / 3, 2 / 3])
    // b: 0, 2.25, 4 -> P(<= 0) = 1/3, P(<= 2) = 1/3, P(<= 3) = 2/3, P(<= 4) = 1.
    expect(b!.payback!.byMonth.map((e) => e.probability)).toEqual([1 / 3, 1 / 3, 1 / 3, 2 / 3, 1])
    expect(b!.payback!.histogram.counts[0]).toBe(1)
    expect(b!.payback!.histogram.counts[2.25 * PAYBACK_BINS_PER_MONTH]).toBe(1)
    expect(a!.payback!.histogram.never).toBe(1)
    expect(a!.payback!.quantiles.p50).not.toBeNull()
    expect(a!.payback!.quantiles.p90).toBeNull() // a third never pays back
  })

  it('merges in any order to the same counts and extremes', () => {
    const layout = new TallyLayout(2, 3)
    const parts = [0, 1, 2].map((k) => {
      const tally = new Tally(layout)
      const stream = createStream(5, k)
      for (let i = 0; i < 50; i++) tally.add(drawOf([1000 * stream.nextFloat64(), 1000 * stream.nextFloat64()], [3 * stream.nextFloat64()], 3))
      return tally
    })
    const forward = new Tally(layout)
    const backward = new Tally(layout)
    for (const part of parts) forward.merge(part)
    for (const part of [...parts].reverse()) backward.merge(part)
    expect(Array.from(forward.counts)).toEqual(Array.from(backward.counts))
    expect(Array.from(forward.extremes)).toEqual(Array.from(backward.extremes))
    expect(forward.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0)
  })

  it('rejects arrays of another layout', () => {
    expect(() => new Tally(new TallyLayout(2, 3), new Uint32Array(5))).toThrow(/invalid tally counts: length 5/)
  })
})

describe('ChunkSumFolder', () => {
  it('adds chunk sums in chunk order whatever order they arrive in, so the floating-point total is the same', () => {
    const stream = createStream(9, 0)
    const chunks = Array.from({ length: 12 }, () => Float64Array.from({ length: 4 }, () => (stream.nextFloat64() - 0.5) * 10 ** (stream.nextUint32() % 12)))
    const inOrder = new ChunkSumFolder(4)
    chunks.forEach((c, k) => inOrder.add(k, c))
    const shuffled = new ChunkSumFolder(4)
    for (const k of [3, 1, 0, 2, 7, 11, 4, 5, 6, 10, 9, 8]) shuffled.add(k, chunks[k] as Float64Array)
    expect(Array.from(shuffled.total)).toEqual(Array.from(inOrder.total))
    expect(shuffled.folded).toBe(12)
    expect(() => shuffled.add(3, new Float64Array(4))).toThrow('chunk 3 added twice')
  })
})

describe('addToChunkSums and the money summary', () => {
  it('gives the exact mean and sample sd from shifted sums', () => {
    const layout = new TallyLayout(2, 1)
    const tally = new Tally(layout)
    const sums = new Float64Array(layout.sumsLength)
    const totals = [[100, 90], [110, 80], [120, 130]]
    const shifts = metricShifts(drawOf([105, 100], [1], 1))
    for (const t of totals) {
      const draw = drawOf(t, [1], 1)
      tally.add(draw)
      addToChunkSums(sums, draw, shifts)
    }
    const [, second] = summarizeStrategies(['prompt', 'x'], tally, sums, shifts, 3, [
      { horizonTotalUSD: 105, presentValueUSD: 105, paybackMonths: null },
      { horizonTotalUSD: 100, presentValueUSD: 100, paybackMonths: 1 },
    ])
    // x: 90, 80, 130 -> mean 100, sd sqrt(((-10)^2 + (-20)^2 + 30^2) / 2) = sqrt(700)
    expect(second!.horizonTotalUSD.mean).toBeCloseTo(100, 12)
    expect(second!.horizonTotalUSD.sd).toBeCloseTo(Math.sqrt(700), 12)
    expect(second!.horizonTotalUSD.standardError).toBeCloseTo(Math.sqrt(700 / 3), 12)
    // NPV savings = prompt PV - x PV: 10, 30, -10 -> mean 10
    expect(second!.npvSavingsUSD.mean).toBeCloseTo(10, 12)
    expect(second!.npvSavingsUSD.min).toBe(-10)
  })

  it('probabilityEstimate(k, n) is k/n with the binomial standard error sqrt(p (1 - p) / n)', () => {
    expect(probabilityEstimate(30, 100)).toEqual({ probability: 0.3, standardError: Math.sqrt((0.3 * 0.7) / 100) })
    expect(probabilityEstimate(0, 10).standardError).toBe(0)
  })
})
