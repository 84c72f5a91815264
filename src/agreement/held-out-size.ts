/**
 * The held-out size needed to tell an observed rate from a target: the smallest n at which the
 * confidence interval around that rate would exclude the target (lower bound above it when the
 * rate is higher, upper bound below it when lower). What the ship gate quotes when the interval
 * still straddles the target.
 *
 * Sources: for Wilson, the interval is the set of p not rejected by the score test (Wilson 1927;
 * A. Agresti and B. A. Coull, The American Statistician 52 (1998) 119-126,
 * https://doi.org/10.1080/00031305.1998.10480550), so its bound crosses the target t exactly
 * when |p̂ - t| = z·sqrt(t (1 - t) / n), i.e. at n* = z² t (1 - t) / (p̂ - t)². For Wald the same
 * with the variance at p̂: n* = z² p̂ (1 - p̂) / (p̂ - t)². For Clopper-Pearson and Agresti-Coull,
 * a search on n over the bounds evaluated at x = p̂·n (fractional) successes.
 *
 * This is the size at which the *same observed rate* would be conclusive: a plan for about 50 %
 * power, not more. If the true rate were exactly p̂, a new sample of that size would clear the
 * target only about half the time.
 */
import { zForConfidence } from './confidence.js'
import { INTERVAL_BOUNDS, INTERVAL_METHODS, type ProportionIntervalOptions } from './proportion-interval.js'
import { checkConfidence, checkOneOf, checkProbability, DEFAULT_CONFIDENCE } from './validate.js'

/** Largest n searched or returned: 2^53 - 1. */
const LARGEST = Number.MAX_SAFE_INTEGER

/**
 * The smallest integer n at which the interval (default 95 % Wilson) around an observed `rate`
 * excludes `target`: lower bound > target when rate > target, upper bound < target when rate <
 * target. null when rate equals target (no n does it) or when n would pass 2^53. O(1) for Wilson
 * and Wald; O(log n) interval evaluations for Clopper-Pearson and Agresti-Coull (the search
 * assumes the bound moves monotonically towards the rate as n grows).
 *
 * @param rate the observed (or expected) rate, a fraction in [0, 1]
 * @param target the rate to be told apart from, a fraction in (0, 1)
 * @throws {InvalidArgumentError} on a rate outside [0, 1], a target outside (0, 1), a confidence
 *   outside (0, 1) or an unknown method
 * @example
 * heldOutSizeToSeparate(0.934, 0.92) // => 1443 (Wilson: ⌊1.959964² · 0.92 · 0.08 / 0.014²⌋ + 1)
 */
export function heldOutSizeToSeparate(rate: number, target: number, options: ProportionIntervalOptions = {}): number | null {
  checkProbability('rate', rate)
  checkProbability('target', target, true)
  const confidence = checkConfidence(options.confidence ?? DEFAULT_CONFIDENCE)
  const method = checkOneOf('method', options.method ?? 'wilson', INTERVAL_METHODS)
  if (rate === target) return null
  const bounds = INTERVAL_BOUNDS[method]
  const separates = (n: number): boolean => {
    const { lower, upper } = bounds(rate * n, n, confidence)
    return rate > target ? lower > target : upper < target
  }
  let n: number
  if (method === 'wilson' || method === 'wald') {
    const z = zForConfidence(confidence)
    const variance = method === 'wilson' ? target * (1 - target) : rate * (1 - rate)
    const crossing = (z * z * variance) / ((rate - target) * (rate - target))
    if (!(crossing < LARGEST)) return null
    n = Math.max(1, Math.floor(crossing) + 1)
    // Settle the rounding of the crossing point on the bounds themselves.
    while (n > 1 && separates(n - 1)) n -= 1
    while (!separates(n)) {
      if (n >= LARGEST) return null
      n += 1
    }
    return n
  }
  // Exponential search for a separating n, then bisection for the smallest.
  let low = 0
  let high = 1
  while (!separates(high)) {
    if (high >= LARGEST) return null
    low = high
    high = Math.min(LARGEST, high * 2)
  }
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2)
    if (separates(middle)) high = middle
    else low = middle
  }
  n = high
  return n
}
