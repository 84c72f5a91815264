import { describe, expect, it } from 'vitest'
import { marginForSampleSize, sampleSizeForMargin } from '../../src/agreement/index.js'

// Reference values: Debian statsmodels 0.13.5 (/usr/bin/python3), calls quoted.

describe('sampleSizeForMargin(margin, { rate, confidence, method })', () => {
  it('gives the Wald size ⌈z² p (1 - p) / m²⌉ (Cochran 1977, eq. 4.2)', () => {
    // statsmodels.stats.proportion.samplesize_confint_proportion(0.5, 0.03, alpha=0.05, method='normal') = 1067.0718946372576
    expect(sampleSizeForMargin(0.03, { method: 'wald' })).toBe(1068)
    // samplesize_confint_proportion(0.93, 0.01, alpha=0.05, method='normal') = 2500.7896922718755
    expect(sampleSizeForMargin(0.01, { rate: 0.93, method: 'wald' })).toBe(2501)
    // samplesize_confint_proportion(0.2, 0.05, alpha=0.05, method='normal') = 245.85336452442417
    expect(sampleSizeForMargin(0.05, { rate: 0.2, method: 'wald' })).toBe(246)
  })

  it('gives the smallest n whose Wilson half-width is within the margin', () => {
    // Half-widths (upper - lower) / 2 of
    // statsmodels.stats.proportion.proportion_confint(p·n, n, alpha=0.05, method='wilson'):
    //   p = 0.5:  n = 1063 -> 0.030003239797805586, n = 1064 -> 0.029989187961217884
    //   p = 0.93: n = 2507 -> 0.01000162331082044,  n = 2508 -> 0.009999623605854269
    expect(sampleSizeForMargin(0.03)).toBe(1064)
    expect(sampleSizeForMargin(0.01, { rate: 0.93 })).toBe(2508)
    expect(marginForSampleSize(1063)).toBeCloseTo(0.030003239797805586, 14)
    expect(marginForSampleSize(1064)).toBeCloseTo(0.029989187961217884, 14)
    expect(marginForSampleSize(2507, { rate: 0.93 })).toBeCloseTo(0.01000162331082044, 14)
    expect(marginForSampleSize(2508, { rate: 0.93 })).toBeCloseTo(0.009999623605854269, 14)
  })

  it('is the inverse of marginForSampleSize for many margins, rates and levels', () => {
    for (const method of ['wilson', 'wald'] as const) {
      for (const rate of [0.01, 0.3, 0.5, 0.9, 0.999]) {
        for (const margin of [0.001, 0.01, 0.05, 0.2]) {
          for (const confidence of [0.8, 0.95, 0.999]) {
            const n = sampleSizeForMargin(margin, { rate, confidence, method })
            expect(marginForSampleSize(n, { rate, confidence, method })).toBeLessThanOrEqual(margin)
            if (n > 1) expect(marginForSampleSize(n - 1, { rate, confidence, method })).toBeGreaterThan(margin)
          }
        }
      }
    }
  })

  it('allows the Wilson size at a rate of 0 or 1, where the Wald formula has no answer', () => {
    // Wilson at p = 0: half-width (z²/2) / (n + z²) <= m  <=>  n >= z²/(2m) - z² = 3.841459/0.02 - 3.841459 = 188.23
    expect(sampleSizeForMargin(0.01, { rate: 0 })).toBe(189)
    expect(() => sampleSizeForMargin(0.01, { rate: 0, method: 'wald' })).toThrow(
      'invalid rate: 0 (must be in (0, 1) for the Wald formula: at 0 or 1 its interval has zero width)',
    )
  })

  it('rejects a margin outside (0, 0.5) and bad options', () => {
    expect(() => sampleSizeForMargin(0)).toThrow('invalid margin: 0 (must be in (0, 0.5): a 0-1 interval never has a half-width above 0.5)')
    expect(() => sampleSizeForMargin(0.6)).toThrow('invalid margin: 0.6')
    expect(() => sampleSizeForMargin(0.01, { rate: 1.5 })).toThrow('invalid rate: 1.5 (must be in [0, 1])')
    expect(() => sampleSizeForMargin(0.01, { confidence: 1.2 })).toThrow('invalid confidence: 1.2 (must be in (0, 1))')
    expect(() => sampleSizeForMargin(0.01, { method: 'clopper-pearson' as 'wilson' })).toThrow(
      'invalid method: "clopper-pearson" (must be one of "wilson", "wald")',
    )
  })
})

describe('marginForSampleSize(n, { rate, confidence, method })', () => {
  it('is the Wilson half-width of the interval at the expected rate', () => {
    // statsmodels.stats.proportion.proportion_confint(934, 1000, alpha=0.05, method='wilson'): (upper - lower) / 2 = 0.015448462723245071
    expect(marginForSampleSize(1000, { rate: 0.934 })).toBeCloseTo(0.015448462723245071, 15)
  })

  it('is z·sqrt(p (1 - p) / n) for Wald', () => {
    // By hand: 1.959963984540054 · sqrt(0.25 / 400) = 0.04899909961350135
    expect(marginForSampleSize(400, { method: 'wald' })).toBeCloseTo(0.04899909961350135, 15)
  })

  it('rejects n = 0', () => {
    expect(() => marginForSampleSize(0)).toThrow('invalid n: 0 (must be a positive integer: a rate needs at least one example)')
  })
})
