/**
 * The Agresti-Coull interval for a proportion: the Wald interval computed on counts shrunk
 * towards 1/2 by adding z²/2 successes and z²/2 failures.
 *
 * Source: A. Agresti and B. A. Coull, "Approximate is better than 'exact' for interval
 * estimation of binomial proportions", The American Statistician 52 (1998) 119-126
 * (https://doi.org/10.1080/00031305.1998.10480550); as statsmodels
 * `proportion_confint(method='agresti_coull')`, clipped to [0, 1].
 */
import { zForConfidence } from './confidence.js'
import type { Bounds, ProportionInterval } from './interval-types.js'
import { checkedInterval } from './checked-interval.js'
import { DEFAULT_CONFIDENCE } from './validate.js'

/**
 * Agresti-Coull bounds, unvalidated: ñ = n + z², p̃ = (x + z²/2) / ñ, p̃ ± z·sqrt(p̃(1 - p̃)/ñ),
 * clipped to [0, 1].
 *
 * @example
 * agrestiCoullBounds(934, 1000, 0.95) // => { lower: 0.9168020460, upper: 0.9478763277 }
 */
export function agrestiCoullBounds(successes: number, n: number, confidence: number): Bounds {
  const z = zForConfidence(confidence)
  const z2 = z * z
  const shrunkN = n + z2
  const shrunkRate = (successes + z2 / 2) / shrunkN
  const spread = z * Math.sqrt((shrunkRate * (1 - shrunkRate)) / shrunkN)
  return { lower: Math.max(0, shrunkRate - spread), upper: Math.min(1, shrunkRate + spread) }
}

/**
 * The Agresti-Coull interval for `successes` of `n` at a confidence level (default 0.95). O(1).
 *
 * @param successes integer in [0, n]
 * @param n integer >= 1
 * @param confidence two-sided level in (0, 1)
 * @throws {InvalidArgumentError} on n < 1, successes outside [0, n] or a confidence outside (0, 1)
 * @example
 * agrestiCoullInterval(934, 1000) // => { rate: 0.934, lower: 0.9168020460, upper: 0.9478763277, method: 'agresti-coull' }
 * // statsmodels.stats.proportion.proportion_confint(934, 1000, alpha=0.05, method='agresti_coull')
 */
export function agrestiCoullInterval(successes: number, n: number, confidence: number = DEFAULT_CONFIDENCE): ProportionInterval {
  return checkedInterval(successes, n, confidence, 'agresti-coull', agrestiCoullBounds)
}
