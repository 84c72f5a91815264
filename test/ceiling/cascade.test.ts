import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createStream } from '../../kernel/sim/random.js'
import { accuracyByGroup, cascadeOutcome, chooseCascadeThresholds, conformalThreshold, evaluateCascade, type CascadeCase } from '../../src/ceiling/index.js'

const caseArb = fc.record({ confidence: fc.integer({ min: 0, max: 20 }).map((k) => k / 20), studentCorrect: fc.boolean(), teacherCorrect: fc.boolean() })
const costs = { teacherUSD: 1, humanUSD: 10 }

/** The cascade by its definition, one input at a time. */
function bruteOutcome(cases: CascadeCase[], t1: number, t2: number, humanAccuracy = 1) {
  let correct = 0
  let student = 0
  let teacher = 0
  let human = 0
  for (const c of cases) {
    if (c.confidence >= t1) (student += 1), (correct += c.studentCorrect ? 1 : 0)
    else if (c.confidence >= t2) (teacher += 1), (correct += c.teacherCorrect ? 1 : 0)
    else (human += 1), (correct += humanAccuracy)
  }
  return { student, teacher, human, accuracy: correct / cases.length }
}

describe('cascadeOutcome(cases, t1, t2, humanAccuracy)', () => {
  it('has shares that sum to 1 and match the definition input by input', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { minLength: 1, maxLength: 40 }), fc.double({ min: 0, max: 1.1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (cases, a, b, h) => {
        const [t1, t2] = a >= b ? [a, b] : [b, a]
        const got = cascadeOutcome(cases, t1, t2, h)
        expect(got.studentShare + got.teacherShare + got.humanShare).toBeCloseTo(1, 12)
        const brute = bruteOutcome(cases, t1, t2, h)
        expect([got.studentCount, got.teacherCount, got.humanCount]).toEqual([brute.student, brute.teacher, brute.human])
        expect(got.accuracy).toBeCloseTo(brute.accuracy, 12)
      }),
      { numRuns: 300, seed: 5 },
    )
  })
  it('rejects t2 above t1', () => {
    expect(() => cascadeOutcome([{ confidence: 0.5, studentCorrect: true, teacherCorrect: true }], 0.4, 0.6)).toThrow('invalid t2: 0.6 (must be <= t1 (0.4): the teacher band lies between t2 and t1)')
  })
})

describe('chooseCascadeThresholds(calibration, target)', () => {
  it('is the cheapest pair on the candidate grid that reaches the target, by brute force', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 20 }).map((k) => k / 20), (cases, targetAccuracy) => {
        const chosen = chooseCascadeThresholds(cases, { targetAccuracy, costs })!
        expect(chosen).not.toBeNull() // human review is right, so escalating all to it always reaches the target
        expect(chosen.calibration.accuracy).toBeGreaterThanOrEqual(targetAccuracy - 1e-9)
        const grid = [0, ...new Set(cases.map((c) => c.confidence)), 1.01]
        let cheapest = Number.POSITIVE_INFINITY
        for (const t1 of grid)
          for (const t2 of grid) {
            if (t2 > t1) continue
            const brute = bruteOutcome(cases, t1, t2)
            if (brute.accuracy >= targetAccuracy - 1e-9) cheapest = Math.min(cheapest, (brute.teacher * 1 + brute.human * 10) / cases.length)
          }
        expect(chosen.costPerRequestUSD).toBeCloseTo(cheapest, 12)
      }),
      { numRuns: 200, seed: 9 },
    )
  })
  it('is null when even human review cannot reach the target', () => {
    expect(chooseCascadeThresholds([{ confidence: 0.5, studentCorrect: false, teacherCorrect: false }], { targetAccuracy: 0.9, costs, humanAccuracy: 0.8 })).toBeNull()
  })
})

describe('evaluateCascade(test, chosen) measures on the test split, not the calibration split', () => {
  // Calibration: the student is right at 0.8 and above, wrong below; the teacher is right on 0.6, wrong on 0.3.
  // Target 1 -> t1 = 0.8 (escalate 0.3 and 0.6), t2 = 0.6 (0.3 to a person): cost 0.25 × 1 + 0.25 × 10 = 2.75 USD.
  const calibration: CascadeCase[] = [
    { confidence: 0.3, studentCorrect: false, teacherCorrect: false },
    { confidence: 0.6, studentCorrect: false, teacherCorrect: true },
    { confidence: 0.8, studentCorrect: true, teacherCorrect: true },
    { confidence: 0.9, studentCorrect: true, teacherCorrect: true },
  ]
  // Test: the student is wrong on 0.85 and 0.9, the teacher wrong on 0.7; 0.5 goes to a person (right).
  // At (0.8, 0.6): student answers 0.85 (wrong), 0.9 (wrong), 0.95 (right); teacher 0.7 (wrong), 0.65 (right);
  // human 0.5 (right) -> 3 of 6 = 0.5. Wilson 95 % for 3 of 6: (0.18762, 0.81238)
  // (statsmodels proportion_confint(3, 6, method='wilson')). On the calibration split it would be 4 of 4 = 1.
  const test: CascadeCase[] = [
    { confidence: 0.5, studentCorrect: false, teacherCorrect: false },
    { confidence: 0.65, studentCorrect: false, teacherCorrect: true },
    { confidence: 0.7, studentCorrect: true, teacherCorrect: false },
    { confidence: 0.85, studentCorrect: false, teacherCorrect: true },
    { confidence: 0.9, studentCorrect: false, teacherCorrect: true },
    { confidence: 0.95, studentCorrect: true, teacherCorrect: true },
  ]
  it('chooses on calibration and reports the test-split accuracy, shares, cost and interval', () => {
    const chosen = chooseCascadeThresholds(calibration, { targetAccuracy: 1, costs })!
    expect([chosen.t1, chosen.t2, chosen.costPerRequestUSD, chosen.calibration.accuracy]).toEqual([0.8, 0.6, 2.75, 1])
    const measured = evaluateCascade(test, chosen)
    expect(measured.test).toMatchObject({ n: 6, studentCount: 3, teacherCount: 2, humanCount: 1 })
    expect(measured.accuracy.value).toBe(0.5)
    expect(measured.accuracy.lower).toBeCloseTo(0.187616, 5)
    expect(measured.accuracy.upper).toBeCloseTo(0.812384, 5)
    // cost on test: 2/6 × 1 + 1/6 × 10 = 2 USD (2.75 on calibration)
    expect(measured.costPerRequestUSD).toBeCloseTo(2, 12)
    expect(measured.targetHeld).toBe(false)
    expect(measured.targetHeldAtLowerBound).toBe(false)
  })
  it('says the target held, on the estimate but not on the lower bound, when it does on the test split', () => {
    const chosen = chooseCascadeThresholds(calibration, { targetAccuracy: 0.75, costs })!
    const good = test.map((c) => ({ ...c, studentCorrect: c.confidence >= 0.8, teacherCorrect: true }))
    const measured = evaluateCascade(good, chosen)
    expect(measured.accuracy.value).toBe(1)
    expect(measured.targetHeld).toBe(true)
    expect(measured.accuracy.lower).toBeCloseTo(0.609666, 5) // Wilson 6 of 6: proportion_confint(6, 6, method='wilson')
    expect(measured.targetHeldAtLowerBound).toBe(false)
  })
})

describe('conformalThreshold(calibration, alpha)', () => {
  it('keeps P(student answers and is wrong) <= alpha over seeded calibration and test draws', () => {
    // Student accuracy rises with confidence: right with probability equal to its confidence.
    const random = createStream(77, 0)
    const draw = () => {
      const confidence = 0.5 + 0.5 * random.nextFloat64()
      return { confidence, studentCorrect: random.nextFloat64() < confidence }
    }
    const alpha = 0.05
    let wrongAnswered = 0
    let total = 0
    for (let trial = 0; trial < 400; trial++) {
      const { threshold } = conformalThreshold(Array.from({ length: 50 }, draw), alpha)
      for (let i = 0; i < 50; i++) {
        const item = draw()
        total += 1
        if (item.confidence >= threshold && !item.studentCorrect) wrongAnswered += 1
      }
    }
    // the marginal guarantee: expected rate <= 0.05; 20,000 test draws put the noise at ~0.0015
    expect(wrongAnswered / total).toBeLessThanOrEqual(alpha + 0.005)
    expect(wrongAnswered / total).toBeGreaterThan(0.02) // and it is not escalating everything
  })
  it('uses the rank ceil((n + 1)(1 - alpha))', () => {
    const calibration = Array.from({ length: 19 }, (_, i) => ({ confidence: 0.5 + i / 40, studentCorrect: false }))
    // n = 19, alpha = 0.1: k = ceil(20 × 0.9) = 18, the 18th smallest confidence 0.5 + 17/40 = 0.925
    expect(conformalThreshold(calibration, 0.1)).toMatchObject({ rank: 18, escalateAtOrBelow: 0.925 })
    expect(conformalThreshold(calibration, 0.1).threshold).toBeGreaterThan(0.925)
    // alpha = 0.04: k = ceil(19.2) = 20 > n: escalate everything
    expect(conformalThreshold(calibration, 0.04).threshold).toBeGreaterThan(1)
  })
})

describe('accuracyByGroup(rows)', () => {
  it('counts accuracy and agreement per group with Wilson intervals', () => {
    const rows = [
      ...Array.from({ length: 8 }, (_, i) => ({ group: 'easy_ham', correct: i < 8, agrees: true })),
      ...Array.from({ length: 4 }, (_, i) => ({ group: 'hard_ham', correct: i < 2, agrees: i < 1 })),
    ]
    const [easy, hard] = accuracyByGroup(rows)
    expect(easy).toMatchObject({ group: 'easy_ham', n: 8, accuracy: { successes: 8, n: 8, value: 1 } })
    // Wilson 2 of 4: (0.1500, 0.8500); 1 of 4: (0.0456, 0.6994) (statsmodels proportion_confint(k, 4, method='wilson'))
    expect(hard!.accuracy.lower).toBeCloseTo(0.15004, 4)
    expect(hard!.agreement!.value).toBe(0.25)
    expect(hard!.agreement!.upper).toBeCloseTo(0.69936, 4)
  })
})
