/**
 * The Wald ("normal approximation") interval for a proportion: p̂ ± z·sqrt(p̂(1 - p̂)/n). Its
 * width is 0 at 0 of n and n of n and its coverage falls well below the nominal level for small
 * n or p̂ near 0 or 1 (Brown, Cai & DasGupta, Statistical Science 16 (2001) 101-133,
 * https://doi.org/10.1214/ss/1009213286). Here for comparison and for the classical sample-size
 * formula; prefer Wilson.
 *
 * Source: the textbook normal approximation, as statsmodels `proportion_confint(method='normal')`,
 * clipped to [0, 1].
 */
import { zForConfidence } from './confidence.js'
import type { Bounds, ProportionInterval } from './interval-types.js'
import { checkedInterval } from './checked-interval.js'
import { DEFAULT_CONFIDENCE } from './validate.js'

/**
 * Wald bounds, unvalidated: p̂ ± z·sqrt(p̂(1 - p̂)/n), clipped to [0, 1].
 *
 * @example
 * waldBounds(934, 1000, 0.95) // => { lower: 0.9186115989, upper: 0.9493884011 } (0.934 -+ 1.959964 x sqrt(0.934 x 0.066 / 1000))
 */
export function waldBounds(successes: number, n: number, confidence: number): Bounds {
  const z = zForConfidence(confidence)
  const rate = successes / n
  const spread = z * Math.sqrt((rate * (1 - rate)) / n)
  return { lower: Math.max(0, rate - spread), upper: Math.min(1, rate + spread) }
}

/**
 * The Wald interval for `successes` of `n` at a confidence level (default 0.95). O(1).
 *
 * @param successes integer in [0, n]
 * @param n integer >= 1
 * @param confidence two-sided level in (0, 1)
 * @throws {InvalidArgumentError} on n < 1, successes outside [0, n] or a confidence outside (0, 1)
 * @example
 * waldInterval(934, 1000) // => { rate: 0.934, lower: 0.9186115989, upper: 0.9493884011, method: 'wald' }
 * // statsmodels.stats.proportion.proportion_confint(934, 1000, alpha=0.05, method='normal')
 */
export function waldInterval(successes: number, n: number, confidence: number = DEFAULT_CONFIDENCE): ProportionInterval {
  return checkedInterval(successes, n, confidence, 'wald', waldBounds)
}
