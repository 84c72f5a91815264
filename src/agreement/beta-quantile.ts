/**
 * Quantiles of the beta distribution for the Clopper-Pearson bounds, solved robustly.
 *
 * The kernel's `inverseRegularizedBeta` / `inverseRegularizedBetaComplement`
 * (kernel/sim/distributions/incomplete-beta.ts) give the starting point. They once returned
 * values far off for a large first and a small second parameter (0.7876 for B⁻¹(0.975; 998, 3) =
 * 0.9994, the upper bound of 997 of 1,000; fixed since, with a regression test in
 * test/sim/distributions.test.ts); every result here is still polished against the forward
 * functions, in the logit, which keeps the relative accuracy of both tails (1 - x near 1 too).
 *
 * Method: Newton's method on the logit t = log(x / (1 - x)), kept inside a bracket that is
 * first widened by doubling steps and then shrunk, with bisection in t whenever a Newton step
 * leaves it. In t, equal steps are equal relative changes of x near 0 and of 1 - x near 1, so
 * both tails keep their relative accuracy. d/dt I_x(a, b) = x^a (1 - x)^b / B(a, b).
 */
import {
  inverseRegularizedBeta,
  inverseRegularizedBetaComplement,
  regularizedBeta,
  regularizedBetaComplement,
} from '../../kernel/sim/distributions/incomplete-beta.js'
import { logBeta } from '../../kernel/sim/distributions/log-gamma.js'

const EPSILON = Number.EPSILON
const MAX_ITERATIONS = 300

function logistic(t: number): number {
  return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t))
}

/**
 * Solves I_x(a, b) = target (upper false) or 1 - I_x(a, b) = target (upper true) for x, for
 * target in (0, 1) and a, b > 0. About 2-6 incomplete-beta evaluations from a good start; at
 * most a few hundred from any start.
 */
function solve(target: number, a: number, b: number, upper: boolean, start: number): number {
  // g increases with x in both forms; g(0) < 0 < g(1).
  const g = (x: number): number => (upper ? target - regularizedBetaComplement(x, a, b) : regularizedBeta(x, a, b) - target)
  const logB = logBeta(a, b)
  const slope = (x: number): number => Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logB)
  let x = start > 0 && start < 1 ? start : a / (a + b)
  let t = Math.log(x) - Math.log1p(-x)
  let value = g(x)
  if (value === 0) return x
  // Bracket [low, high] in t with g(low) < 0 < g(high), widened from t by doubling steps.
  let low: number
  let high: number
  let step = 1
  if (value > 0) {
    high = t
    low = t - step
    while (g(logistic(low)) > 0) {
      high = low
      step *= 2
      low = t - step
    }
  } else {
    low = t
    high = t + step
    while (g(logistic(high)) < 0) {
      low = high
      step *= 2
      high = t + step
    }
  }
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const derivative = slope(x)
    let next = derivative > 0 && Number.isFinite(derivative) ? t - value / derivative : Number.NaN
    if (!(next > low && next < high)) next = 0.5 * (low + high)
    const done = Math.abs(next - t) <= 2 * EPSILON * Math.max(1, Math.abs(next))
    t = next
    x = logistic(t)
    if (done || high - low <= 2 * EPSILON * Math.max(1, Math.abs(low), Math.abs(high))) return x
    value = g(x)
    if (value === 0) return x
    if (value > 0) high = t
    else low = t
  }
  return x
}

/**
 * The x with I_x(a, b) = p, the p-quantile of Beta(a, b), for p in [0, 1] and a, b > 0: 0 at
 * p = 0, 1 at p = 1. Relative accuracy: a few ulps for moderate a and b, limited by the kernel's
 * incomplete beta elsewhere (about 1e-11 when a or b is near 10^6).
 *
 * @example
 * betaQuantile(0.025, 1, 1) // => 0.025000000000 (Beta(1, 1) is uniform)
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if (p <= 0) return 0
  if (p >= 1) return 1
  return p > 0.5 ? solve(1 - p, a, b, true, inverseRegularizedBeta(p, a, b)) : solve(p, a, b, false, inverseRegularizedBeta(p, a, b))
}

/**
 * The x with 1 - I_x(a, b) = q, the inverse survival function of Beta(a, b), accurate when q is
 * small: 1 at q = 0, 0 at q = 1.
 *
 * @example
 * betaQuantileUpper(0.025, 998, 3) // => 0.99938090006835 (scipy.stats.beta.isf(0.025, 998, 3))
 */
export function betaQuantileUpper(q: number, a: number, b: number): number {
  if (q <= 0) return 1
  if (q >= 1) return 0
  const start = inverseRegularizedBetaComplement(q, a, b)
  return q > 0.5 ? solve(1 - q, a, b, false, start) : solve(q, a, b, true, start)
}
