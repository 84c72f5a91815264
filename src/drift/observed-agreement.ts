/**
 * The agreement a monitoring sample observes: Binomial(labels, agreement) / labels, drawn from
 * one uniform so that every policy and sample size reads the same random number for the same
 * draw and month (common random numbers).
 */
import { normalQuantile } from '../../kernel/sim/distributions/standard-normal.js'

/**
 * The variance labels · a · (1 - a) at or above which the normal approximation is used; below
 * it the binomial is inverted exactly.
 */
export const NORMAL_APPROXIMATION_MIN_VARIANCE = 10

/**
 * The observed agreement of `labels` labelled requests when the true agreement is `agreement`,
 * from one uniform u in (0, 1): the number of agreements is the binomial's u-quantile, so it
 * rises with u. When labels · a · (1 - a) >= 10 the normal approximation
 * round(labels · a + sqrt(labels · a · (1 - a)) · Φ⁻¹(u)), clipped to [0, labels], stands in for
 * it (its error in the quantile is then below one count in the body of the distribution);
 * below that the binomial CDF is summed exactly from the nearer end (the disagreements when
 * a >= 0.5), which takes about labels · min(a, 1 - a) + a few steps. O(1) and O(20) at most.
 *
 * @param labels labelled requests, an integer >= 1
 * @param agreement the true agreement, a fraction in [0, 1]
 * @param u a uniform in (0, 1)
 * @example
 * observedAgreement(800, 0.9, 0.5) // => 0.9 (the median of Binomial(800, 0.9) / 800)
 * observedAgreement(50, 0.98, 0.5) // => 0.98 (exact: 1 disagreement is the median of Binomial(50, 0.02))
 * observedAgreement(50, 1, 0.99) // => 1
 */
export function observedAgreement(labels: number, agreement: number, u: number): number {
  return observedAgreementWithNormal(labels, agreement, u, normalQuantile(u))
}

/**
 * {@link observedAgreement} with z = Φ⁻¹(u) computed once by the caller (a simulation reuses it
 * for every policy and sample size).
 *
 * @example
 * observedAgreementWithNormal(800, 0.9, 0.975, 1.959964) // => 0.92125
 * // round(720 + sqrt(72) · 1.959964) = round(736.63) = 737 agreements of 800
 */
export function observedAgreementWithNormal(labels: number, agreement: number, u: number, z: number): number {
  const variance = labels * agreement * (1 - agreement)
  if (variance >= NORMAL_APPROXIMATION_MIN_VARIANCE) {
    const successes = Math.round(labels * agreement + Math.sqrt(variance) * z)
    return (successes < 0 ? 0 : successes > labels ? labels : successes) / labels
  }
  if (agreement >= 0.5) return (labels - binomialQuantile(labels, 1 - agreement, 1 - u)) / labels
  return binomialQuantile(labels, agreement, u) / labels
}

/** The smallest k with P(Binomial(n, p) <= k) >= u, by summing the pmf from 0 (p <= 0.5, n·p small). */
function binomialQuantile(n: number, p: number, u: number): number {
  if (p <= 0) return 0
  const ratio = p / (1 - p)
  let pmf = Math.pow(1 - p, n)
  let cdf = pmf
  let k = 0
  while (cdf < u && k < n) {
    pmf *= ((n - k) / (k + 1)) * ratio
    k += 1
    cdf += pmf
  }
  return k
}
