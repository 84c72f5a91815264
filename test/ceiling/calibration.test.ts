import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createStream } from '../../kernel/sim/random.js'
import { expectedCalibrationError, maximumCalibrationError, reliabilityDiagram } from '../../src/ceiling/index.js'

// Six inputs in 10 uniform bins:
//   [0.1, 0.2): 0.15, 0.18 both wrong     -> mean confidence 0.165, accuracy 0,   gap 0.165
//   [0.6, 0.7): 0.62 right, 0.65 wrong, 0.68 right -> mean 0.65, accuracy 2/3, gap 0.65 - 0.6667 = -0.016667
//   [0.9, 1]  : 0.95 right                -> mean 0.95,  accuracy 1,   gap 0.05
// ECE = 2/6 × 0.165 + 3/6 × 0.016667 + 1/6 × 0.05 = 0.055 + 0.0083333 + 0.0083333 = 0.0716667
// MCE = max(0.165, 0.016667, 0.05) = 0.165
const confidences = [0.15, 0.18, 0.62, 0.65, 0.68, 0.95]
const correct = [false, false, true, false, true, true]

describe('expectedCalibrationError(confidences, correct, options)', () => {
  it('is the count-weighted mean gap, by hand', () => {
    expect(expectedCalibrationError(confidences, correct)).toBeCloseTo(0.0716667, 6)
  })
  it('is near 0 on a perfectly calibrated seeded sample', () => {
    // confidence ~ U(0.5, 1), correct with probability equal to the confidence
    const random = createStream(2024, 0)
    const sample = Array.from({ length: 20_000 }, () => {
      const confidence = 0.5 + 0.5 * random.nextFloat64()
      return { confidence, correct: random.nextFloat64() < confidence }
    })
    const ece = expectedCalibrationError(sample.map((s) => s.confidence), sample.map((s) => s.correct))
    // sampling noise: 5 bins of ~4,000 inputs, each gap ~ sqrt(0.2/4000) = 0.007
    expect(ece).toBeLessThan(0.015)
  })
  it('is large on an overconfident sample', () => {
    expect(expectedCalibrationError([0.99, 0.99, 0.99, 0.99], [false, false, true, false])).toBeCloseTo(0.74, 10)
  })
  it('lies in [0, 1] and never exceeds the maximum calibration error', () => {
    const sample = fc.array(fc.record({ confidence: fc.double({ min: 0, max: 1, noNaN: true }), correct: fc.boolean() }), { minLength: 1, maxLength: 60 })
    fc.assert(
      fc.property(sample, fc.integer({ min: 1, max: 20 }), fc.constantFrom('uniform' as const, 'quantile' as const), (rows, bins, strategy) => {
        const args = [rows.map((r) => r.confidence), rows.map((r) => r.correct), { bins, strategy }] as const
        const ece = expectedCalibrationError(...args)
        expect(ece).toBeGreaterThanOrEqual(0)
        expect(ece).toBeLessThanOrEqual(1)
        expect(ece).toBeLessThanOrEqual(maximumCalibrationError(...args) + 1e-12)
      }),
      { numRuns: 300, seed: 11 },
    )
  })
})

describe('maximumCalibrationError(confidences, correct, options)', () => {
  it('is the largest gap of a non-empty bin, by hand', () => {
    expect(maximumCalibrationError(confidences, correct)).toBeCloseTo(0.165, 10)
  })
})

describe('reliabilityDiagram(confidences, correct, options)', () => {
  it('bins a small example uniformly, empty bins kept', () => {
    const diagram = reliabilityDiagram(confidences, correct)
    expect(diagram.bins).toHaveLength(10)
    expect(diagram.bins.map((b) => b.count)).toEqual([0, 2, 0, 0, 0, 0, 3, 0, 0, 1])
    expect(diagram.bins[1]!.meanConfidence).toBeCloseTo(0.165, 12)
    expect(diagram.bins[6]!.accuracy).toMatchObject({ successes: 2, n: 3 })
    expect(diagram.bins[0]!.accuracy).toBeNull()
    // 1 falls in the last bin, closed at 1; 0.2 opens the third bin
    expect(reliabilityDiagram([1, 0.2], [true, true], { bins: 5 }).bins.map((b) => b.count)).toEqual([0, 1, 0, 0, 1])
  })
  it('cuts quantile bins of equal counts and keeps ties together', () => {
    // 6 inputs, 3 bins: edges at ranks 2 and 4 of the sorted confidences: 0.62 and 0.68
    const diagram = reliabilityDiagram(confidences, correct, { bins: 3, strategy: 'quantile' })
    // (the first bin starts at the lowest confidence, 0.15)
    expect(diagram.bins.map((b) => [b.lower, b.upper, b.count])).toEqual([[0.15, 0.62, 2], [0.62, 0.68, 2], [0.68, 1, 2]])
    // ties: 0.5 × 4 and 0.9 × 2 in 3 bins: the edge at rank 2 is 0.5, the lowest (collapses), at rank 4 0.9
    const tied = reliabilityDiagram([0.5, 0.5, 0.5, 0.5, 0.9, 0.9], [true, false, true, false, true, true], { bins: 3, strategy: 'quantile' })
    expect(tied.bins.map((b) => [b.lower, b.upper, b.count])).toEqual([[0.5, 0.9, 4], [0.9, 1, 2]])
    expect(tied.bins[0]!.accuracy).toMatchObject({ successes: 2, n: 4 })
    // every bin non-empty, counts add up
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }).map((k) => k / 10), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 12 }), (values, bins) => {
        const got = reliabilityDiagram(values, values.map(() => true), { bins, strategy: 'quantile' })
        expect(got.bins.every((b) => b.count > 0)).toBe(true)
        expect(got.bins.reduce((sum, b) => sum + b.count, 0)).toBe(values.length)
      }),
      { numRuns: 200, seed: 3 },
    )
  })
  it('names the bad argument', () => {
    expect(() => reliabilityDiagram([0.5], [true], { bins: 0 })).toThrow('invalid bins: 0 (must be >= 1)')
    expect(() => reliabilityDiagram([0.5, 0.6], [true], {})).toThrow('invalid correct: 1 flags (must have the same length as confidences (2))')
    expect(() => reliabilityDiagram([Number.NaN], [true])).toThrow('invalid confidences[0]: NaN (must be a finite number)')
    expect(() => reliabilityDiagram([0.5], [true], { strategy: 'equal' as 'uniform' })).toThrow('invalid strategy: "equal" (must be "uniform" or "quantile")')
  })
})
