/**
 * A rate with its Wilson interval and what was counted: every measured proportion payback reports
 * (an experiment record's agreement and pass rate, the ceiling's accuracies by group and bin) is
 * one of these.
 */
import { proportionInterval } from './proportion-interval.js'
import { DEFAULT_CONFIDENCE } from './validate.js'
import { wilsonBounds } from './wilson-interval.js'
import { checkNumber } from '../scenario/check-number.js'

/** A rate `successes / n` with its two-sided Wilson interval. */
export interface MeasuredRate {
  /** The rate successes / n, a fraction in [0, 1]. */
  value: number
  /** Successes (correct answers, agreements, escalations); fractional only for an expected count. */
  successes: number
  /** Sample size, an integer >= 1. */
  n: number
  /** Lower bound of the interval. */
  lower: number
  /** Upper bound of the interval. */
  upper: number
  /** Two-sided confidence level in (0, 1). */
  confidence: number
  /** Always `wilson`. */
  method: 'wilson'
  /** What was counted, in words. */
  what: string
}

/**
 * The rate `successes / n` with its Wilson score interval (95 % unless stated). A whole count
 * goes through `proportionInterval`; a fractional one (an expected count, such as human reviews
 * times a stated human accuracy) uses the same Wilson formula on the fractional count, an
 * approximation that treats the expected count as observed. O(1).
 *
 * @throws {InvalidArgumentError} when n is not an integer >= 1, successes is outside [0, n] or
 *   the confidence is outside (0, 1)
 * @example
 * measuredRate(930, 1000, 'agreement') // => { value: 0.93, successes: 930, n: 1000, lower: 0.9125, upper: 0.9442, method: 'wilson' }
 * measuredRate(9.5, 10, 'expected correct') // => { value: 0.95, lower: 0.6555, upper: 0.9948 }
 * measuredRate(5, 4, 'x') // throws invalid successes: 5 (must be <= 4)
 */
export function measuredRate(successes: number, n: number, what: string, confidence = DEFAULT_CONFIDENCE): MeasuredRate {
  checkNumber('n', n, { min: 1, integer: true })
  checkNumber('successes', successes, { min: 0, max: n })
  checkNumber('confidence', confidence, { exclusiveMin: 0, exclusiveMax: 1 })
  const { lower, upper } = Number.isInteger(successes) ? proportionInterval(successes, n, { confidence, method: 'wilson' }) : wilsonBounds(successes, n, confidence)
  return { value: successes / n, successes, n, lower, upper, confidence, method: 'wilson', what }
}
