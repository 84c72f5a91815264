/**
 * The learning curve: agreement with the teacher against the number of teacher-labelled training
 * pairs, fitted with an inverse power law `agreement(n) = a - b n^(-c)` (the usual shape of
 * learning curves: Hestness et al. 2017, https://arxiv.org/abs/1712.00409; Figueroa et al. 2012,
 * https://doi.org/10.1186/1472-6947-12-8), and the number of teacher calls worth paying for.
 */
import { linearRegression } from 'simple-statistics'
import { checkNumber } from '../scenario/check-number.js'

/** One point: a student trained on `pairs` pairs, its agreement with the teacher on held-out inputs. */
export interface LearningCurvePoint {
  pairs: number
  agreement: number
  lower?: number
  upper?: number
}

/** The fitted curve `a - b n^(-c)`. */
export interface LearningCurveFit {
  /** The asymptote: agreement with unlimited pairs. */
  a: number
  b: number
  /** How fast the gap closes. */
  c: number
  /** Root mean square error of the fit over the points. */
  rmse: number
  /** Predicted agreement at `n` pairs. */
  predict: (n: number) => number
}

function fitAtAsymptote(points: readonly LearningCurvePoint[], a: number): { b: number; c: number; sse: number } {
  // log(a - y) = log b - c log n: a straight line in log n.
  const line = linearRegression(points.map((p) => [Math.log(p.pairs), Math.log(a - p.agreement)]))
  const b = Math.exp(line.b)
  const c = -line.m
  const sse = points.reduce((sum, p) => sum + (a - b * p.pairs ** -c - p.agreement) ** 2, 0)
  return { b, c, sse }
}

/**
 * Fits `agreement(n) = a - b n^(-c)` by least squares: for each asymptote `a` on a grid above the
 * best point (up to 1), `b` and `c` come from a straight line through `log(a - agreement)`
 * against `log n`; the `a` with the smallest squared error in agreement wins, refined by golden-
 * section search. Needs at least 3 points at different sizes. O(points x 200).
 *
 * @throws {InvalidArgumentError} with fewer than 3 distinct sizes
 * @example
 * // Points on 0.98 - 0.5 n^(-0.5):
 * const points = [100, 400, 1600, 6400].map((n) => ({ pairs: n, agreement: 0.98 - 0.5 * n ** -0.5 }))
 * const fit = fitLearningCurve(points)
 * fit.a // => 0.98
 * fit.c // => 0.5
 * fit.predict(2500) // => 0.97
 */
export function fitLearningCurve(points: readonly LearningCurvePoint[]): LearningCurveFit {
  for (const point of points) {
    checkNumber('pairs', point.pairs, { min: 1 })
    checkNumber('agreement', point.agreement, { min: 0, max: 1 })
  }
  checkNumber('distinct sizes', new Set(points.map((p) => p.pairs)).size, { min: 3, integer: true })
  const best = Math.max(...points.map((p) => p.agreement))
  const low = Math.min(1, best + 1e-6)
  const high = Math.min(1 + 1e-9, Math.max(low + 1e-9, 1))
  let bestA = low
  let bestSse = Number.POSITIVE_INFINITY
  const grid = 200
  for (let i = 0; i <= grid; i++) {
    const a = low + ((high - low) * i) / grid
    const { sse } = fitAtAsymptote(points, a)
    if (sse < bestSse) [bestA, bestSse] = [a, sse]
  }
  // Golden-section refinement around the best grid point.
  const step = (high - low) / grid
  let left = Math.max(low, bestA - step)
  let right = Math.min(high, bestA + step)
  const ratio = (Math.sqrt(5) - 1) / 2
  for (let i = 0; i < 60; i++) {
    const x1 = right - ratio * (right - left)
    const x2 = left + ratio * (right - left)
    if (fitAtAsymptote(points, x1).sse < fitAtAsymptote(points, x2).sse) right = x2
    else left = x1
  }
  const a = (left + right) / 2
  const { b, c, sse } = fitAtAsymptote(points, a)
  return { a, b, c, rmse: Math.sqrt(sse / points.length), predict: (n: number) => a - b * n ** -c }
}

/** How many teacher calls are worth paying for, and why. */
export interface CallsWorthPaying {
  /** Pairs where one more pair's expected value equals its cost (the optimum), a count. */
  pairs: number
  /** Teacher calls to buy them: pairs / pass rate. */
  calls: number
  /** Predicted agreement there. */
  agreement: number
  /** Value of the agreement gained over the smallest size measured, minus the calls' cost, USD. */
  netValueUSD: number
  /** Whether the optimum lies beyond the largest size measured (an extrapolation). */
  extrapolated: boolean
}

/**
 * The number of training pairs at which the next pair's value equals its cost, on the fitted
 * curve: value(n) = 100 V agreement(n) (V = value of one point of agreement, USD), cost(n) =
 * n x costPerCall / passRate; the marginal condition 100 V b c n^(-c-1) = costPerCall / passRate
 * gives n* = (100 V b c passRate / costPerCall)^(1 / (c + 1)).
 *
 * @param valuePerPointUSD what one percentage point of agreement is worth over the horizon, USD
 * @param costPerCallUSD what one teacher answer costs, USD
 * @param passRate share of teacher answers that pass the filter, in (0, 1]
 * @param measuredRange the smallest and largest sizes measured, pairs
 * @example
 * const fit = { a: 0.98, b: 0.5, c: 0.5, rmse: 0, predict: (n) => 0.98 - 0.5 * n ** -0.5 }
 * // n* = (100 x 10 x 0.5 x 0.5 x 1 / 0.01)^(1/1.5) = 25000^(2/3) = 855.0
 * callsWorthPaying(fit, 10, 0.01, 1, [100, 6400]) // => { pairs: 855, calls: 855, agreement: 0.9629, extrapolated: false }
 */
export function callsWorthPaying(fit: LearningCurveFit, valuePerPointUSD: number, costPerCallUSD: number, passRate: number, measuredRange: readonly [number, number]): CallsWorthPaying {
  checkNumber('valuePerPointUSD', valuePerPointUSD, { min: 0 })
  checkNumber('costPerCallUSD', costPerCallUSD, { min: 0 })
  checkNumber('passRate', passRate, { exclusiveMin: 0, max: 1 })
  const [smallest, largest] = measuredRange
  const optimum =
    costPerCallUSD === 0 || fit.c <= 0 || fit.b <= 0
      ? largest
      : ((100 * valuePerPointUSD * fit.b * fit.c * passRate) / costPerCallUSD) ** (1 / (fit.c + 1))
  const pairs = Math.max(1, Math.round(optimum))
  const calls = Math.ceil(pairs / passRate)
  const agreement = fit.predict(pairs)
  const netValueUSD = 100 * valuePerPointUSD * (agreement - fit.predict(smallest)) - (calls - smallest / passRate) * costPerCallUSD
  return { pairs, calls, agreement, netValueUSD, extrapolated: pairs > largest }
}
