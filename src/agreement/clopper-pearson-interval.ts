/**
 * The Clopper-Pearson ("exact") interval for a proportion: inverts the two one-sided binomial
 * tests, so its coverage is never below the nominal level (it is conservative: wider than Wilson).
 *
 * Source: C. J. Clopper and E. S. Pearson, "The use of confidence or fiducial limits illustrated
 * in the case of the binomial", Biometrika 26 (1934) 404-413
 * (https://doi.org/10.1093/biomet/26.4.404); in beta-quantile form as statsmodels
 * `proportion_confint(method='beta')`: lower = B⁻¹(α/2; x, n - x + 1),
 * upper = B⁻¹(1 - α/2; x + 1, n - x), with 0 at x = 0 and 1 at x = n. The beta quantiles come from
 * `beta-quantile.ts`.
 */
import { betaQuantile, betaQuantileUpper } from './beta-quantile.js'
import type { Bounds, ProportionInterval } from './interval-types.js'
import { checkedInterval } from './checked-interval.js'
import { DEFAULT_CONFIDENCE } from './validate.js'

/**
 * Clopper-Pearson bounds for `successes` of `n` (fractional counts allowed), unvalidated. The
 * upper bound uses the inverse survival function, so it stays accurate near 1. Accuracy: about
 * 1e-15 relative at 0 of n and n of n (closed forms) and for moderate n; for n near 10^6 the
 * kernel's incomplete beta limits it to about 1e-11.
 *
 * @example
 * clopperPearsonBounds(934, 1000, 0.95) // => { lower: 0.91679394953860, upper: 0.94859143398108 }
 */
export function clopperPearsonBounds(successes: number, n: number, confidence: number): Bounds {
  const halfAlpha = (1 - confidence) / 2
  // At 0 of n and n of n the quantiles have closed forms: B⁻¹(α/2; n, 1) = (α/2)^(1/n), and
  // B⁻¹(1 - α/2; 1, n) = 1 - (α/2)^(1/n).
  const root = Math.log(halfAlpha) / n
  const lower = successes <= 0 ? 0 : successes >= n ? Math.exp(root) : betaQuantile(halfAlpha, successes, n - successes + 1)
  const upper = successes >= n ? 1 : successes <= 0 ? -Math.expm1(root) : betaQuantileUpper(halfAlpha, successes + 1, n - successes)
  return { lower, upper }
}

/**
 * The Clopper-Pearson interval for `successes` of `n` at a confidence level (default 0.95), to
 * about 1e-13 relative up to n = 10^5 (1e-11 near 10^6). A few incomplete-beta evaluations
 * (each O(sqrt(n)) at worst).
 *
 * @param successes integer in [0, n]
 * @param n integer >= 1
 * @param confidence two-sided level in (0, 1)
 * @throws {InvalidArgumentError} on n < 1, successes outside [0, n] or a confidence outside (0, 1)
 * @example
 * clopperPearsonInterval(0, 10) // => { rate: 0, lower: 0, upper: 0.308497107819 } (upper: 1 - 0.025^(1/10))
 * // statsmodels.stats.proportion.proportion_confint(0, 10, alpha=0.05, method='beta')
 */
export function clopperPearsonInterval(successes: number, n: number, confidence: number = DEFAULT_CONFIDENCE): ProportionInterval {
  return checkedInterval(successes, n, confidence, 'clopper-pearson', clopperPearsonBounds)
}
