import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { costQualityFrontier, escalationCurve, shareToCloseGap } from '../../src/ceiling/index.js'

const caseArb = fc.record({ confidence: fc.integer({ min: 0, max: 20 }).map((k) => k / 20), studentCorrect: fc.boolean(), teacherCorrect: fc.boolean() })

describe('costQualityFrontier(cases, costs)', () => {
  it('keeps exactly the points no other point dominates, by brute force', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { minLength: 1, maxLength: 30 }), (cases) => {
        const { points, frontier } = costQualityFrontier(cases, { studentUSD: 0.001, teacherUSD: 0.03 })
        const dominated = (p: (typeof points)[number]) =>
          points.some((q) => q.costPerRequestUSD <= p.costPerRequestUSD && q.quality >= p.quality && (q.costPerRequestUSD < p.costPerRequestUSD || q.quality > p.quality))
        for (const p of frontier) expect(dominated(p)).toBe(false)
        // every non-dominated point is on the frontier, or equal in cost and quality to one that is
        for (const p of points.filter((p) => !dominated(p))) expect(frontier.some((f) => f.costPerRequestUSD === p.costPerRequestUSD && f.quality === p.quality)).toBe(true)
      }),
      { numRuns: 300, seed: 13 },
    )
  })
  it('prices each point as student + escalated share × teacher, by hand', () => {
    // 4 inputs, thresholds 0, 0.6, 0.8, 0.9, above: escalated 0, 1, 2, 3, 4 -> 0.002 + k/4 × 0.04
    const cases = [0.5, 0.6, 0.8, 0.9].map((confidence) => ({ confidence, studentCorrect: confidence > 0.7, teacherCorrect: true }))
    expect(costQualityFrontier(cases, { studentUSD: 0.002, teacherUSD: 0.04 }).points.map((p) => p.costPerRequestUSD)).toEqual([0.002, 0.012, 0.022, 0.032, 0.042])
  })
})

describe('shareToCloseGap(cases, fraction)', () => {
  // 10 inputs; the student is wrong on the 4 least confident, the teacher right on all:
  // student 0.6, teacher 1. 50 %: target 0.8, reached escalating 2 (share 0.2, threshold 0.3).
  // 80 %: target 0.92; escalating 3 gives 0.9, 4 gives 1.0: threshold share 0.4, interpolated 0.3 + 0.02/0.1 × 0.1 = 0.32.
  const cases = Array.from({ length: 10 }, (_, i) => ({ confidence: (i + 1) / 10, studentCorrect: i >= 4, teacherCorrect: true }))
  it('closes 50 % and 80 % of the gap, by hand', () => {
    expect(shareToCloseGap(cases, 0.5)).toMatchObject({ studentQuality: 0.6, teacherQuality: 1, threshold: 0.3, thresholdShare: 0.2 })
    expect(shareToCloseGap(cases, 0.5).interpolatedShare).toBeCloseTo(0.2, 12)
    const eighty = shareToCloseGap(cases, 0.8)
    expect(eighty.targetQuality).toBeCloseTo(0.92, 12)
    expect(eighty.thresholdShare).toBe(0.4)
    expect(eighty.interpolatedShare).toBeCloseTo(0.32, 12)
  })
  it('reaches the target at the threshold, and interpolates no higher', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 10 }).map((k) => k / 10), (cases, fraction) => {
        const got = shareToCloseGap(cases, fraction)
        const point = escalationCurve(cases).find((p) => p.threshold === got.threshold)!
        if (got.teacherQuality >= got.studentQuality) expect(point.quality).toBeGreaterThanOrEqual(got.targetQuality - 1e-12)
        expect(got.interpolatedShare).toBeLessThanOrEqual(got.thresholdShare + 1e-12)
        expect(got.interpolatedShare).toBeGreaterThanOrEqual(0)
      }),
      { numRuns: 300, seed: 17 },
    )
  })
  it('names a fraction outside [0, 1]', () => {
    expect(() => shareToCloseGap(cases, 1.5)).toThrow('invalid fraction: 1.5 (must be <= 1)')
  })
})
