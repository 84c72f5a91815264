/**
 * Confidence intervals for a proportion (an agreement rate, an accuracy, a share of valid
 * outputs): the contract and the registry of methods. Each method lives in its own file:
 * `wilson-interval.ts`, `clopper-pearson-interval.ts`, `agresti-coull-interval.ts`,
 * `wald-interval.ts`.
 */
import { INTERVAL_METHODS, type Bounds, type IntervalMethod, type ProportionInterval } from './interval-types.js'
import { agrestiCoullBounds } from './agresti-coull-interval.js'
import { clopperPearsonBounds } from './clopper-pearson-interval.js'
import { checkedInterval } from './checked-interval.js'
import { checkOneOf, DEFAULT_CONFIDENCE } from './validate.js'
import { waldBounds } from './wald-interval.js'
import { wilsonBounds } from './wilson-interval.js'

export { INTERVAL_METHOD_NAMES, INTERVAL_METHODS, type Bounds, type IntervalMethod, type ProportionInterval } from './interval-types.js'

/**
 * The bounds of each method for `successes` of `n` (both may be fractional here: the sample-size
 * functions evaluate an interval at a hypothetical rate) at a confidence level, unvalidated.
 */
export const INTERVAL_BOUNDS: Readonly<Record<IntervalMethod, (successes: number, n: number, confidence: number) => Bounds>> = {
  wilson: wilsonBounds,
  'clopper-pearson': clopperPearsonBounds,
  'agresti-coull': agrestiCoullBounds,
  wald: waldBounds,
}

/** Options of {@link proportionInterval}. */
export interface ProportionIntervalOptions {
  /** Two-sided confidence level in (0, 1); default 0.95. */
  confidence?: number
  /** Interval method; default `wilson`. */
  method?: IntervalMethod
}

/**
 * The confidence interval for a proportion observed as `successes` of `n`, by the chosen method
 * (default Wilson, 95 %). O(1) for the normal-based methods; a few incomplete-beta evaluations
 * for Clopper-Pearson.
 *
 * Sources: Wilson (1927), Clopper & Pearson (1934), Agresti & Coull (1998); see each method's
 * file. Brown, Cai & DasGupta, "Interval estimation for a binomial proportion", Statistical
 * Science 16 (2001) 101-133 (https://doi.org/10.1214/ss/1009213286) compare them and recommend
 * Wilson (or Jeffreys) for small n and Wilson or Agresti-Coull for larger n.
 *
 * @param successes integer in [0, n]
 * @param n integer >= 1: an empty sample has no rate
 * @throws {InvalidArgumentError} on n < 1, successes outside [0, n], a confidence outside (0, 1)
 *   or an unknown method
 * @example
 * proportionInterval(934, 1000) // => { lower: 0.916890724094, upper: 0.947787649541, rate: 0.934, method: 'wilson' }
 * // statsmodels.stats.proportion.proportion_confint(934, 1000, alpha=0.05, method='wilson')
 */
export function proportionInterval(successes: number, n: number, options: ProportionIntervalOptions = {}): ProportionInterval {
  const method = checkOneOf('method', options.method ?? 'wilson', INTERVAL_METHODS)
  return checkedInterval(successes, n, options.confidence ?? DEFAULT_CONFIDENCE, method, INTERVAL_BOUNDS[method])
}
