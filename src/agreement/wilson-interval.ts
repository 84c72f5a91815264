/**
 * The Wilson score interval for a proportion: the set of p that a two-sided score test at level
 * 1 - confidence does not reject.
 *
 * Source: E. B. Wilson, "Probable inference, the law of succession, and statistical inference",
 * JASA 22 (1927) 209-212 (https://doi.org/10.1080/01621459.1927.10502953); the formula as in
 * statsmodels `proportion_confint(method='wilson')`.
 */
import { zForConfidence } from './confidence.js'
import type { Bounds, ProportionInterval } from './interval-types.js'
import { checkedInterval } from './checked-interval.js'
import { DEFAULT_CONFIDENCE } from './validate.js'

/**
 * Wilson bounds for `successes` of `n` (fractional counts allowed), unvalidated. With p̂ = x/n and
 * z the critical value, the bounds are the roots of (1 + z²/n) p² - (2p̂ + z²/n) p + p̂² = 0:
 * upper = (p̂ + z²/2n + z·sqrt(p̂(1-p̂)/n + z²/4n²)) / (1 + z²/n), and the lower from the
 * product of the roots, lower = p̂² / ((1 + z²/n) · upper), which avoids the cancellation of
 * `center - dist` (so 0 of n gives exactly 0). n of n gives an upper bound of exactly 1.
 *
 * @example
 * wilsonBounds(934, 1000, 0.95) // => { lower: 0.9168907240940, upper: 0.9477876495405 }
 */
export function wilsonBounds(successes: number, n: number, confidence: number): Bounds {
  const z = zForConfidence(confidence)
  const z2 = z * z
  const rate = successes / n
  const denominator = 1 + z2 / n
  const center = rate + z2 / (2 * n)
  const spread = z * Math.sqrt((rate * (1 - rate)) / n + z2 / (4 * n * n))
  const upper = successes >= n ? 1 : Math.min(1, (center + spread) / denominator)
  const lower = successes <= 0 ? 0 : Math.min(1, (rate * rate) / (denominator * upper))
  return { lower, upper }
}

/**
 * The Wilson score interval for `successes` of `n` at a confidence level (default 0.95). O(1).
 * Keeps its coverage near the nominal level for every n and at 0 of n and n of n, unlike the
 * Wald interval (Brown, Cai & DasGupta 2001).
 *
 * @param successes integer in [0, n]
 * @param n integer >= 1
 * @param confidence two-sided level in (0, 1)
 * @throws {InvalidArgumentError} on n < 1, successes outside [0, n] or a confidence outside (0, 1)
 * @example
 * wilsonInterval(934, 1000) // => { rate: 0.934, lower: 0.916890724094024, upper: 0.947787649540514, method: 'wilson' }
 * // statsmodels.stats.proportion.proportion_confint(934, 1000, alpha=0.05, method='wilson')
 */
export function wilsonInterval(successes: number, n: number, confidence: number = DEFAULT_CONFIDENCE): ProportionInterval {
  return checkedInterval(successes, n, confidence, 'wilson', wilsonBounds)
}
