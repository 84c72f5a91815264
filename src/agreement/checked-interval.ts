/**
 * The shared entry of every proportion interval: validate the counts and the level once, then
 * wrap a method's bounds into a {@link ProportionInterval}.
 */
import type { Bounds, IntervalMethod, ProportionInterval } from './interval-types.js'
import { checkConfidence, checkCount, checkPositiveCount } from './validate.js'

/**
 * Validates `successes` of `n` at `confidence` and returns the interval `bounds` computes.
 *
 * @throws {InvalidArgumentError} on n < 1, successes outside [0, n] or a confidence outside (0, 1)
 * @example
 * checkedInterval(934, 1000, 0.95, 'wilson', wilsonBounds)
 */
export function checkedInterval(
  successes: number,
  n: number,
  confidence: number,
  method: IntervalMethod,
  bounds: (successes: number, n: number, confidence: number) => Bounds,
): ProportionInterval {
  const trials = checkPositiveCount('n', n)
  const count = checkCount('successes', successes, trials)
  const level = checkConfidence(confidence)
  const { lower, upper } = bounds(count, trials, level)
  return { successes: count, n: trials, rate: count / trials, lower, upper, confidence: level, method }
}
