import { describe, expect, it } from 'vitest'
import { heldOutSizeToSeparate, proportionInterval } from '../../src/agreement/index.js'

// Reference values: Debian statsmodels 0.13.5 (/usr/bin/python3):
// statsmodels.stats.proportion.proportion_confint(p·n, n, alpha=0.05, method=m), at n - 1 and n.

describe('heldOutSizeToSeparate(rate, target, { confidence, method })', () => {
  it('gives the Wilson size from the score test, n > z² t (1 - t) / (p - t)²', () => {
    // By hand: 1.959963984540054² · 0.92 · 0.08 / 0.014² = 1442.51, so n = 1443.
    // proportion_confint(0.934·1442, 1442, method='wilson') lower = 0.919997325408668 (<= 0.92)
    // proportion_confint(0.934·1443, 1443, method='wilson') lower = 0.9200025994598721 (> 0.92)
    expect(heldOutSizeToSeparate(0.934, 0.92)).toBe(1443)
  })

  it('works below the target too (upper bound below it)', () => {
    // proportion_confint(0.91·2827, 2827, method='wilson') upper = 0.920000524846737 (>= 0.92)
    // proportion_confint(0.91·2828, 2828, method='wilson') upper = 0.9199988520124884 (< 0.92)
    expect(heldOutSizeToSeparate(0.91, 0.92)).toBe(2828)
  })

  it('searches for Clopper-Pearson and Agresti-Coull', () => {
    // proportion_confint(0.934·1454, 1454, method='beta') lower = 0.9199948692759983; at 1455: 0.920000121496974
    expect(heldOutSizeToSeparate(0.934, 0.92, { method: 'clopper-pearson' })).toBe(1455)
    // proportion_confint(0.934·1452, 1452, method='agresti_coull') lower = 0.9199988362766728; at 1453: 0.9200041051945284
    expect(heldOutSizeToSeparate(0.934, 0.92, { method: 'agresti-coull' })).toBe(1453)
  })

  it('gives the Wald size n > z² p (1 - p) / (p - t)²', () => {
    // By hand: 1.959963984540054² · 0.934 · 0.066 / 0.014² = 1208.18, so n = 1209
    // (statsmodels.stats.proportion.samplesize_confint_proportion(0.934, 0.014, alpha=0.05, method='normal') = 1208.177997667697)
    expect(heldOutSizeToSeparate(0.934, 0.92, { method: 'wald' })).toBe(1209)
  })

  it('matches a whole count: 133 of 140 (95 %) clears 90 % and 139 is the first size that would', () => {
    // By hand: 1.959964² · 0.9 · 0.1 / 0.05² = 138.29, so n = 139.
    // proportion_confint(0.95·138, 138, method='wilson') lower = 0.8999318870899243; at 139: 0.9001637168278975
    expect(heldOutSizeToSeparate(0.95, 0.9)).toBe(139)
    // proportion_confint(133, 140, alpha=0.05, method='wilson') lower = 0.9003926927042931
    expect(proportionInterval(133, 140).lower).toBeCloseTo(0.9003926927042931, 14)
  })

  it('is null when the rate equals the target', () => {
    expect(heldOutSizeToSeparate(0.92, 0.92)).toBeNull()
  })

  it('rejects bad arguments', () => {
    expect(() => heldOutSizeToSeparate(1.2, 0.9)).toThrow('invalid rate: 1.2 (must be in [0, 1])')
    expect(() => heldOutSizeToSeparate(0.9, 1)).toThrow('invalid target: 1 (must be in (0, 1))')
    expect(() => heldOutSizeToSeparate(0.9, 0.8, { confidence: 1.2 })).toThrow('invalid confidence: 1.2 (must be in (0, 1))')
  })
})
