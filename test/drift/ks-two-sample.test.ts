import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { kolmogorovSf, ksTwoSample } from '../../src/drift/index.js'
import { expectClose } from '../helpers/expect-close.js'

// No scipy on this machine. The statistic equals scipy.stats.ks_2samp(a, b).statistic by
// definition (max |F_a - F_b| over the pooled sample); the reference below was computed with
// numpy 1.24.2: x = np.concatenate([a, b]); np.max(np.abs(np.searchsorted(np.sort(a), x, 'right') / n
// - np.searchsorted(np.sort(b), x, 'right') / m)). The p-value is the Kolmogorov limit at
// sqrt(n m / (n + m)) D, as R's ks.test(a, b, exact = FALSE)$p.value and scipy < 1.5's
// ks_2samp(a, b, mode='asymp'), evaluated with numpy by 2 Σ_{k=1..100} (-1)^(k-1) exp(-2 k² λ²).
// (scipy >= 1.5's ks_2samp(a, b, method='asymp') uses kstwo.sf(D, round(n m / (n + m))) instead.)
const A = [0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37, 1.77, 1.09, -1.28, 2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47]
const B = [2.2, 1.68, 0.72, 1.36, 1.47, 1.12, 0.61, 2.04, 0.04, 1.95, 0.78, 1.45, 2.46, 0.63, 1.37, 1.9, 0.58, 2.02, 1.36, 0.37, 2.06, 1.2, 1.89, 1.57, 1.36, 0.53, 1.5, 1.1, 2.8, 1.97]

describe('ksTwoSample(a, b)', () => {
  it('matches the numpy reference on 25 against 30 values', () => {
    const result = ksTwoSample(A, B)
    expectClose(result.statistic, 0.5733333333333333)
    expectClose(result.pValue, 0.0002556499826535447, 1e-10)
    expect([result.sizeA, result.sizeB]).toEqual([25, 30])
  })

  it('steps over ties: [1, 2, 2, 3] against [2, 2, 3, 4, 5] by hand', () => {
    // x = 1: 1/4 - 0 = 0.25; x = 2: 3/4 - 2/5 = 0.35; x = 3: 4/4 - 3/5 = 0.4; after: falls
    const result = ksTwoSample([1, 2, 2, 3], [2, 2, 3, 4, 5])
    expectClose(result.statistic, 0.4)
    expect(result.at).toBe(3)
    // λ = sqrt(20 / 9) 0.4 = 0.596285; numpy series: 0.8691635724033446
    expectClose(result.pValue, 0.8691635724033446, 1e-10)
  })

  it('is 0 with p-value 1 on identical samples', () => {
    expect(ksTwoSample(A, A)).toMatchObject({ statistic: 0, pValue: 1 })
  })

  it('kolmogorovSf agrees across its two series at the switch (λ = 1.18)', () => {
    expectClose(kolmogorovSf(1.17999999), kolmogorovSf(1.18), 1e-7)
    expectClose(kolmogorovSf(1.2), 0.11224966667072496, 1e-12)
  })

  it('D is in [0, 1] and symmetric (fast-check)', () => {
    const sample = fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 40 })
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const forward = ksTwoSample(a, b)
        expect(forward.statistic).toBeGreaterThanOrEqual(0)
        expect(forward.statistic).toBeLessThanOrEqual(1)
        expect(forward.pValue).toBeGreaterThanOrEqual(0)
        expect(forward.pValue).toBeLessThanOrEqual(1)
        expect(ksTwoSample(b, a).statistic).toBe(forward.statistic)
      }),
    )
  })
})
