import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cascadeAgreementAt, chooseEscalationThreshold, measureCascade } from '../../src/distill/escalation.js'

const item = fc.record({ confidence: fc.integer({ min: 0, max: 20 }).map((k) => k / 20), agrees: fc.boolean() })

describe('chooseEscalationThreshold(calibration, target)', () => {
  it('escalates no more than the fewest inputs a brute-force search over every threshold needs', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 100 }).map((k) => k / 100), (items, target) => {
        const chosen = chooseEscalationThreshold(items, target)
        const got = cascadeAgreementAt(items, chosen)
        expect(got.agreements / got.n).toBeGreaterThanOrEqual(target - 1e-12)
        // Brute force: every threshold that escalates a prefix of the confidences (0, each confidence, above all).
        const candidates = [0, ...items.map((i) => i.confidence), 1.01]
        const fewest = Math.min(...candidates.map((t) => cascadeAgreementAt(items, t)).filter((r) => r.agreements / r.n >= target - 1e-12).map((r) => r.escalated))
        expect(got.escalated).toBe(fewest)
      }),
      { numRuns: 300, seed: 7 },
    )
  })
  it('is 0 when the student alone reaches the target', () => {
    expect(chooseEscalationThreshold([{ confidence: 0.4, agrees: true }, { confidence: 0.9, agrees: true }], 0.95)).toBe(0)
  })
})

describe('measureCascade(test, threshold)', () => {
  it('counts escalations, cascade agreement and the kept inputs\' agreement by hand', () => {
    // Confidences 0.2 (disagrees), 0.5 (agrees), 0.8 (agrees), 0.9 (disagrees), 0.95 (agrees) at threshold 0.6:
    // escalated 0.2 and 0.5 (2 of 5); cascade agrees on 0.2, 0.5 (teacher), 0.8, 0.95 = 4 of 5;
    // kept 0.8, 0.9, 0.95 of which 2 agree.
    const test = [0.2, 0.5, 0.8, 0.9, 0.95].map((confidence, i) => ({ confidence, agrees: [false, true, true, false, true][i]! }))
    const measured = measureCascade(test, 0.6)
    expect(measured.escalationShare).toMatchObject({ successes: 2, n: 5, value: 0.4 })
    expect(measured.cascadeAgreement).toMatchObject({ successes: 4, n: 5, value: 0.8 })
    expect(measured.acceptedAgreement).toMatchObject({ successes: 2, n: 3 })
  })
})
