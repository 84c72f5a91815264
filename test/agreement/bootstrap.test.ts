import { describe, expect, it } from 'vitest'
import {
  bootstrapAccuracyDifference,
  bootstrapAgreementRate,
  bootstrapMean,
  DEFAULT_RESAMPLES,
  quantileSorted,
  wilsonInterval,
} from '../../src/agreement/index.js'
import { createStream } from '../../kernel/sim/random.js'

describe('quantileSorted(sorted, q)', () => {
  it('interpolates linearly between order statistics (Hyndman-Fan type 7, numpy default)', () => {
    // numpy.percentile([1, 2, 3, 4], 25) = 1.75
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75)
    // numpy.percentile([0.1, 0.5, 0.2, 0.9, 0.7], [2.5, 97.5]) = [0.11000000000000001, 0.88]
    const sorted = [0.1, 0.2, 0.5, 0.7, 0.9]
    expect(quantileSorted(sorted, 0.025)).toBeCloseTo(0.11, 15)
    expect(quantileSorted(sorted, 0.975)).toBeCloseTo(0.88, 15)
    // numpy.percentile([3.0], [2.5, 50]) = [3.0, 3.0]
    expect(quantileSorted([3], 0.025)).toBe(3)
    expect(quantileSorted(sorted, 0)).toBe(0.1)
    expect(quantileSorted(sorted, 1)).toBe(0.9)
  })

  it('rejects an empty array and q outside [0, 1]', () => {
    expect(() => quantileSorted([], 0.5)).toThrow('invalid sorted: [] (must hold at least one value)')
    expect(() => quantileSorted([1], 1.5)).toThrow('invalid q: 1.5 (must be in [0, 1])')
  })
})

describe('bootstrapMean(values, { resamples, confidence, random | seed })', () => {
  it('resamples with indices ⌊u·n⌋ from consecutive uniforms and reads the type-7 quantiles', () => {
    // The procedure written out independently: 5 resamples of 4 values from createStream(7, 0).
    const values = [1, 1, 0, 1]
    const stream = createStream(7, 0)
    const means: number[] = []
    for (let r = 0; r < 5; r++) {
      let total = 0
      for (let i = 0; i < 4; i++) total += values[Math.floor(stream.nextFloat64() * 4)]!
      means.push(total / 4)
    }
    const average = means.reduce((a, b) => a + b, 0) / 5
    const sd = Math.sqrt(means.reduce((a, m) => a + (m - average) ** 2, 0) / 4)
    means.sort((a, b) => a - b)
    // type 7: h = (5 - 1)·0.025 = 0.1, so lower = m[0] + 0.1·(m[1] - m[0]); upper: h = 3.9
    const lower = means[0]! + 0.1 * (means[1]! - means[0]!)
    const upper = means[3]! + 0.9 * (means[4]! - means[3]!)

    const result = bootstrapMean(values, { seed: 7, resamples: 5 })
    expect(result.estimate).toBe(0.75)
    expect(result.lower).toBeCloseTo(lower, 15)
    expect(result.upper).toBeCloseTo(upper, 15)
    expect(result.standardError).toBeCloseTo(sd, 15)
    expect(result).toMatchObject({ resamples: 5, n: 4, confidence: 0.95, method: 'percentile' })
  })

  it('takes a stream as well as a seed: { seed } is createStream(seed, 0)', () => {
    const values = [1, 0, 1, 1, 0, 1, 1, 1]
    expect(bootstrapMean(values, { random: createStream(11, 0) })).toEqual(bootstrapMean(values, { seed: 11 }))
    expect(bootstrapMean(values, { seed: 11 }).resamples).toBe(DEFAULT_RESAMPLES)
  })

  it('rejects bad options', () => {
    expect(() => bootstrapMean([1], { seed: 1, resamples: 0 })).toThrow('invalid resamples: 0 (must be an integer in [1, 10000000])')
    expect(() => bootstrapMean([1], { seed: 1, confidence: 1.2 })).toThrow('invalid confidence: 1.2 (must be in (0, 1))')
    expect(() => bootstrapMean([1], {})).toThrow('(give exactly one of random (a seeded stream) or seed)')
    expect(() => bootstrapMean([1], { seed: 1, random: createStream(1, 0) })).toThrow('give exactly one of random')
    expect(() => bootstrapMean([1], { seed: -3 })).toThrow('invalid seed: -3 (must be an integer in [0, 2^53))')
    expect(() => bootstrapMean([1], { random: {} as { nextFloat64(): number } })).toThrow('invalid random: {}')
  })
})

describe('bootstrapAgreementRate(reference, predicted, options)', () => {
  // 1,868 of 2,000 agree (93.4 %), disagreements spread through the set.
  const n = 2000
  const reference = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 'refund' : 'other'))
  const predicted = reference.map((label, i) => (i % 15 === 7 && i < 1980 ? 'wrong' : label))
  const disagreeing = predicted.filter((label, i) => label !== reference[i]).length

  it('is reproducible under a seed and differs under another', () => {
    expect(disagreeing).toBe(132)
    const a = bootstrapAgreementRate(reference, predicted, { seed: 42, resamples: 1000 })
    const b = bootstrapAgreementRate(reference, predicted, { seed: 42, resamples: 1000 })
    expect(a).toEqual(b)
    const c = bootstrapAgreementRate(reference, predicted, { seed: 43, resamples: 1000 })
    expect(c.lower === a.lower && c.upper === a.upper).toBe(false)
  })

  it('contains the point estimate and roughly matches the Wilson interval at n = 2,000', () => {
    const result = bootstrapAgreementRate(reference, predicted, { seed: 2024, resamples: 4000 })
    expect(result.estimate).toBe(1868 / 2000)
    expect(result.lower).toBeLessThan(result.estimate)
    expect(result.upper).toBeGreaterThan(result.estimate)
    // statsmodels.stats.proportion.proportion_confint(1868, 2000, alpha=0.05, method='wilson')
    // = (0.9222654015999561, 0.9440706013599165); the bootstrap's Monte Carlo error with B = 4,000
    // is about 0.001 at each bound.
    const wilson = wilsonInterval(1868, 2000)
    expect(wilson.lower).toBeCloseTo(0.9222654015999561, 14)
    expect(wilson.upper).toBeCloseTo(0.9440706013599165, 14)
    expect(Math.abs(result.lower - wilson.lower)).toBeLessThan(0.003)
    expect(Math.abs(result.upper - wilson.upper)).toBeLessThan(0.003)
    // Bootstrap standard error against the binomial one, sqrt(p(1 - p)/n) = 0.005552...
    expect(result.standardError).toBeGreaterThan(0.005)
    expect(result.standardError).toBeLessThan(0.0061)
  })

  it('rejects mismatched arrays', () => {
    expect(() => bootstrapAgreementRate(['a'], ['a', 'b'], { seed: 1 })).toThrow(
      'invalid predicted: 2 labels (must have the same length as reference (1))',
    )
  })
})

describe('bootstrapAccuracyDifference({ gold, student, teacher }, options)', () => {
  // 1,000 examples: both right 850, student only 40, teacher only 60, both wrong 50.
  const gold: number[] = []
  const student: number[] = []
  const teacher: number[] = []
  const blocks: [number, boolean, boolean][] = [
    [850, true, true],
    [40, true, false],
    [60, false, true],
    [50, false, false],
  ]
  let index = 0
  for (const [count, studentRight, teacherRight] of blocks) {
    for (let i = 0; i < count; i++, index++) {
      gold.push(index % 3)
      student.push(studentRight ? index % 3 : 9)
      teacher.push(teacherRight ? index % 3 : 8)
    }
  }

  it('is reproducible, centred on (b - c)/n and close to the paired normal interval', () => {
    const a = bootstrapAccuracyDifference({ gold, student, teacher }, { seed: 5, resamples: 4000 })
    expect(bootstrapAccuracyDifference({ gold, student, teacher }, { seed: 5, resamples: 4000 })).toEqual(a)
    // (40 - 60) / 1000
    expect(a.estimate).toBeCloseTo(-0.02, 15)
    expect(a.lower).toBeLessThan(-0.02)
    expect(a.upper).toBeGreaterThan(-0.02)
    // Paired normal interval by hand: se = sqrt(((b + c)/n - ((b - c)/n)²) / n) = sqrt((0.1 - 0.0004) / 1000) = 0.0099800
    // -0.02 ± 1.959964 · 0.0099800 = [-0.039560, -0.000440]
    expect(Math.abs(a.lower - -0.03956)).toBeLessThan(0.002)
    expect(Math.abs(a.upper - -0.00044)).toBeLessThan(0.002)
  })

  it('rejects mismatched arrays', () => {
    expect(() => bootstrapAccuracyDifference({ gold: [1, 2], student: [1], teacher: [1, 2] }, { seed: 1 })).toThrow(
      'invalid student: 1 labels (must have the same length as gold (2))',
    )
  })
})
