import { describe, expect, it } from 'vitest'
import { agreementRate, shipGate } from '../../src/agreement/index.js'
import { InvalidArgumentError } from '../../src/scenario/messages.js'
import { expectClose } from '../helpers/expect-close.js'

// Interval bounds quoted from Debian statsmodels 0.13.5 (/usr/bin/python3):
// statsmodels.stats.proportion.proportion_confint(k, n, alpha=0.05, method='wilson') unless noted.

describe('shipGate({ agreements, n }, target, { confidence, method })', () => {
  it('says "need more data" when the interval contains the target, with the held-out size', () => {
    // proportion_confint(934, 1000, alpha=0.05, method='wilson') = (0.9168907240940241, 0.9477876495405142)
    // held-out size: z² · 0.92 · 0.08 / 0.014² = 1442.51 -> 1443 (see held-out-size.test.ts), shown as about 1,450
    const decision = shipGate({ agreements: 934, n: 1000 }, 0.92)
    expect(decision).toMatchObject({
      ship: false,
      verdict: 'need-more-data',
      rate: 0.934,
      agreements: 934,
      n: 1000,
      target: 0.92,
      confidence: 0.95,
      method: 'wilson',
      heldOutNeeded: 1443,
    })
    expectClose(decision.lowerBound, 0.9168907240940241)
    expectClose(decision.upperBound, 0.9477876495405142)
    expect(decision.explanation).toBe(
      'agreement 93.4 % (934 of 1,000); 95 % Wilson interval 91.7 %-94.8 %; lower bound 91.7 % is below the target 92.0 %: ' +
        'do not ship yet; about 1,450 held-out examples would be needed to show 93.4 % > 92.0 % (if the rate holds)',
    )
  })

  it('ships when the lower bound is above the target', () => {
    // proportion_confint(960, 1000, alpha=0.05, method='wilson') = (0.945990355878742, 0.9704890263145473)
    const decision = shipGate({ agreements: 960, n: 1000 }, 0.92)
    expect(decision.ship).toBe(true)
    expect(decision.verdict).toBe('ship')
    expect(decision.heldOutNeeded).toBeNull()
    expectClose(decision.lowerBound, 0.945990355878742)
    expect(decision.explanation).toBe(
      'agreement 96.0 % (960 of 1,000); 95 % Wilson interval 94.6 %-97.0 %; lower bound 94.6 % is above the target 92.0 %: ship',
    )
  })

  it('says the student is worse when the upper bound is below the target', () => {
    // proportion_confint(850, 1000, alpha=0.05, method='wilson') = (0.8265313415731996, 0.8707899274869118)
    const decision = shipGate({ agreements: 850, n: 1000 }, 0.92)
    expect(decision).toMatchObject({ ship: false, verdict: 'worse', heldOutNeeded: null })
    expectClose(decision.upperBound, 0.8707899274869118)
    expect(decision.explanation).toBe(
      'agreement 85.0 % (850 of 1,000); 95 % Wilson interval 82.7 %-87.1 %; upper bound 87.1 % is below the target 92.0 %: ' +
        'the student is worse than the target; do not ship',
    )
  })

  it('says so when the rate itself is below the target but the interval still contains it', () => {
    // proportion_confint(91, 100, alpha=0.05, method='wilson') = (0.8377378714728368, 0.9519274599974349)
    // held-out size to show 91 % < 92 %: 2828 (see held-out-size.test.ts), shown as about 2,830
    const decision = shipGate({ agreements: 91, n: 100 }, 0.92)
    expect(decision).toMatchObject({ ship: false, verdict: 'need-more-data', heldOutNeeded: 2828 })
    expect(decision.explanation).toBe(
      'agreement 91.0 % (91 of 100); 95 % Wilson interval 83.8 %-95.2 %; lower bound 83.8 % is below the target 92.0 %: ' +
        'do not ship; the rate itself is below the target; about 2,830 held-out examples would show 91.0 % < 92.0 % if the rate holds',
    )
  })

  it('says no held-out size helps when the rate equals the target', () => {
    // proportion_confint(92, 100, alpha=0.05, method='wilson') = (0.8500189229905126, 0.9589065385156195)
    const decision = shipGate({ agreements: 92, n: 100 }, 0.92)
    expect(decision.heldOutNeeded).toBeNull()
    expect(decision.explanation).toBe(
      'agreement 92.0 % (92 of 100); 95 % Wilson interval 85.0 %-95.9 %; lower bound 85.0 % is below the target 92.0 %: ' +
        'do not ship yet; the rate equals the target, so no held-out size can show that it clears it',
    )
  })

  it('shows more decimals when one would make the bound and the target look equal', () => {
    // proportion_confint(259, 272, alpha=0.05, method='wilson') = (0.9199575082678328, 0.9718591209354948):
    // 92.00 % at two decimals, so three are shown.
    const decision = shipGate({ agreements: 259, n: 272 }, 0.92)
    expect(decision.verdict).toBe('need-more-data')
    expect(decision.explanation).toContain('95 % Wilson interval 91.996 %-97.186 %; lower bound 91.996 % is below the target 92.000 %')
    // proportion_confint(19999, 20000, alpha=0.05, method='wilson') = (0.9997168094297738, 0.9999911737177268):
    // never print a rate short of 1 as 100.0 %
    expect(shipGate({ agreements: 19999, n: 20000 }, 0.999).explanation).toBe(
      'agreement 99.995 % (19,999 of 20,000); 95 % Wilson interval 99.972 %-99.999 %; lower bound 99.972 % is above the target 99.900 %: ship',
    )
  })

  it('handles n = 1 and 0 of n', () => {
    // 1 of 1: proportion_confint(1, 1, alpha=0.05, method='wilson') = (0.2065493143772374, 1.0);
    // to clear 0.5: n > z² · 0.5 · 0.5 / 0.5² = 3.84, so 4 (4 of 4: lower 4 / (4 + z²) = 0.510)
    const one = shipGate({ agreements: 1, n: 1 }, 0.5)
    expect(one).toMatchObject({ verdict: 'need-more-data', heldOutNeeded: 4, upperBound: 1 })
    expectClose(one.lowerBound, 0.2065493143772374)
    const none = shipGate({ agreements: 0, n: 50 }, 0.5)
    expect(none).toMatchObject({ verdict: 'worse', lowerBound: 0 })
  })

  it('uses the requested method and level, and takes an agreementRate result', () => {
    // proportion_confint(934, 1000, alpha=0.01, method='beta') = (0.9111301863097636, 0.9526141539511431);
    // proportion_confint(0.934·2446, 2446, alpha=0.01, method='beta') lower = 0.919998202725154, at 2447: 0.9200012870026917
    const decision = shipGate({ agreements: 934, n: 1000 }, 0.92, { method: 'clopper-pearson', confidence: 0.99 })
    expectClose(decision.lowerBound, 0.9111301863097636)
    expectClose(decision.upperBound, 0.9526141539511431)
    expect(decision.heldOutNeeded).toBe(2447)
    expect(decision.explanation).toContain('99 % Clopper-Pearson interval 91.1 %-95.3 %')
    const rate = agreementRate(['a', 'b', 'c'], ['a', 'b', 'c'])
    expect(shipGate(rate, 0.1).verdict).toBe('ship')
  })

  it('rejects bad input with clear messages', () => {
    expect(() => shipGate({ agreements: 0, n: 0 }, 0.9)).toThrow('invalid n: 0 (must be a positive integer: a rate needs at least one example)')
    expect(() => shipGate({ agreements: 11, n: 10 }, 0.9)).toThrow('invalid agreements: 11 (must be an integer in [0, n = 10])')
    expect(() => shipGate({ agreements: 9, n: 10 }, 1.2)).toThrow('invalid target: 1.2 (must be in (0, 1))')
    expect(() => shipGate({ agreements: 9, n: 10 }, 0.9, { confidence: 1.2 })).toThrow('invalid confidence: 1.2 (must be in (0, 1))')
    expect(() => shipGate(undefined as unknown as { agreements: number; n: number }, 0.9)).toThrow(InvalidArgumentError)
  })
})
