/**
 * The two-sample Kolmogorov-Smirnov statistic D = sup_x |F_a(x) - F_b(x)|, the largest gap
 * between the two empirical distribution functions, in [0, 1]; and its asymptotic two-sided
 * p-value. On drift monitoring samples (thousands of messages) any small shift is "significant",
 * so read D as a distance and the p-value as secondary.
 */
import { checkSample } from './validate.js'

/** D, its asymptotic p-value and the sizes. */
export interface KsTwoSampleResult {
  /** sup_x |F_a(x) - F_b(x)|, in [0, 1]; exact, as `scipy.stats.ks_2samp(a, b).statistic`. */
  statistic: number
  /**
   * Secondary: P(K > sqrt(n m / (n + m)) D) under the Kolmogorov limiting distribution K
   * (Smirnov 1948), two-sided. See {@link ksTwoSample} for how it relates to scipy.
   */
  pValue: number
  /** The size of a. */
  sizeA: number
  /** The size of b. */
  sizeB: number
  /** The x at which the gap is largest (the first, smallest such value of the pooled sample). */
  at: number
}

/**
 * The survival function of the Kolmogorov distribution, P(K > λ) = 2 Σ_{k>=1} (-1)^{k-1} e^{-2k²λ²};
 * for λ < 1.18 from the complementary Jacobi-theta form P(K <= λ) = (√(2π) / λ) Σ_{k>=1}
 * e^{-(2k-1)² π² / (8λ²)}, which converges fast there (as `scipy.special.kolmogorov`, to about 1e-15).
 *
 * @example
 * kolmogorovSf(1.3581) // => 0.05
 * kolmogorovSf(0) // => 1
 */
export function kolmogorovSf(lambda: number): number {
  if (!(lambda > 0)) return 1
  if (lambda < 1.18) {
    let cdf = 0
    for (let k = 1; k <= 20; k++) cdf += Math.exp((-((2 * k - 1) ** 2) * Math.PI ** 2) / (8 * lambda * lambda))
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * cdf))
  }
  let sf = 0
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda)
    sf += (k % 2 === 1 ? 2 : -2) * term
    if (term < 1e-18) break
  }
  return Math.min(1, Math.max(0, sf))
}

/**
 * The two-sample Kolmogorov-Smirnov test of whether `a` and `b` come from one continuous
 * distribution. D is exact (the same value as `scipy.stats.ks_2samp(a, b).statistic`, ties
 * handled by stepping over every copy of a value before comparing). The p-value is the classical
 * asymptotic one, Q_KS(sqrt(n m / (n + m)) D) with the Kolmogorov limiting distribution, as R's
 * `ks.test(a, b, exact = FALSE)` and scipy before 1.5 (`ks_2samp(..., mode='asymp')`); scipy
 * 1.5 and later with `method='asymp'` instead evaluates the one-sample finite-n distribution
 * `kstwo.sf(D, round(n m / (n + m)))`, which agrees with this on large samples and is smaller
 * on small ones (roughly as Stephens' correction, (√e + 0.12 + 0.11/√e) D in place of √e D,
 * e = n m / (n + m), suggests; not checked against scipy here). O((n + m) log(n + m)).
 *
 * @throws {InvalidArgumentError} on an empty or non-numeric sample
 * @example
 * ksTwoSample([1, 2, 3, 4], [3, 4, 5, 6]).statistic // => 0.5
 * // F_a - F_b is largest on [2, 3): 2/4 - 0/4 (scipy.stats.ks_2samp([1, 2, 3, 4], [3, 4, 5, 6]).statistic = 0.5)
 * ksTwoSample([1, 2, 3], [1, 2, 3]) // => { statistic: 0, pValue: 1 }
 * ksTwoSample([], [1]) // throws invalid a: [] (must be an array of at least 1 finite number)
 */
export function ksTwoSample(a: readonly number[], b: readonly number[]): KsTwoSampleResult {
  checkSample('a', a)
  checkSample('b', b)
  const sortedA = [...a].sort((x, y) => x - y)
  const sortedB = [...b].sort((x, y) => x - y)
  const n = sortedA.length
  const m = sortedB.length
  let i = 0
  let j = 0
  let statistic = 0
  let at = Math.min(sortedA[0]!, sortedB[0]!)
  while (i < n && j < m) {
    const x = Math.min(sortedA[i]!, sortedB[j]!)
    while (i < n && sortedA[i] === x) i += 1
    while (j < m && sortedB[j] === x) j += 1
    const gap = Math.abs(i / n - j / m)
    if (gap > statistic) {
      statistic = gap
      at = x
    }
  }
  const effective = Math.sqrt((n * m) / (n + m))
  return { statistic, pValue: kolmogorovSf(effective * statistic), sizeA: n, sizeB: m, at }
}
