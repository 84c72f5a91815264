/**
 * Sample quantiles by linear interpolation between order statistics: Hyndman & Fan's type 7, the
 * default of R's `quantile` and numpy's `percentile`.
 *
 * Source: R. J. Hyndman and Y. Fan, "Sample quantiles in statistical packages", The American
 * Statistician 50 (1996) 361-365 (https://doi.org/10.1080/00031305.1996.10473566), definition 7.
 */
import { quantileSorted as typeSevenQuantile } from 'simple-statistics'
import { agreementRules, invalidArgument } from './messages.js'
import { checkProbability } from './validate.js'

/**
 * The q-quantile of values already sorted ascending: with h = (n - 1) q, the value
 * x[⌊h⌋] + (h - ⌊h⌋)(x[⌊h⌋ + 1] - x[⌊h⌋]). Validates its input with this module's messages,
 * then delegates to simple-statistics' `quantileSorted` (type 7 since 7.x). O(1).
 *
 * @param sorted values in ascending order (not checked), at least one
 * @param q the probability, in [0, 1]
 * @throws {InvalidArgumentError} on an empty array or q outside [0, 1]
 * @example
 * quantileSorted([1, 2, 3, 4], 0.25) // => 1.75 (numpy.percentile([1, 2, 3, 4], 25))
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw invalidArgument('sorted', [], agreementRules.nonEmpty('value'))
  checkProbability('q', q)
  // simple-statistics reads only `length` and indices, so a typed array serves as well as an array.
  return typeSevenQuantile(sorted as unknown as readonly number[], q)
}
