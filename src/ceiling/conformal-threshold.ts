/**
 * A split-conformal escalation threshold for a target error rate: the student answers only where
 * its confidence is above a finite-sample quantile of the confidences of its wrong answers on a
 * calibration split, so that on a new input the chance that the student answers AND is wrong is
 * at most alpha. Source: A. N. Angelopoulos and S. Bates, "A Gentle Introduction to Conformal
 * Prediction and Distribution-Free Uncertainty Quantification" (2021), section 1 and theorem D.1,
 * the quantile ceil((n+1)(1-alpha))/n (https://arxiv.org/abs/2107.07511).
 */
import { invalidArgument } from '../agreement/messages.js'
import { checkNumber } from '../scenario/check-number.js'
import { ceilingRules } from './messages.js'

/** A calibration input for the conformal threshold. */
export interface ConformalCase {
  /** The student's probability of its own answer, in [0, 1]. */
  confidence: number
  /** Whether the student's answer is right. */
  studentCorrect: boolean
}

/** A conformal threshold with its guarantee. */
export interface ConformalThreshold {
  /** The student answers at confidence >= threshold; below it the input escalates. */
  threshold: number
  /** The target rate of inputs the student answers wrongly, in (0, 1). */
  alpha: number
  /** Calibration inputs. */
  n: number
  /** The rank k = ceil((n + 1)(1 - alpha)) of the score used; above n means escalate everything. */
  rank: number
  /** The quantile level k / n (above 1 when n is too small for alpha). */
  quantileLevel: number
  /** The score at rank k: the confidence at or below which inputs escalate; null when no wrong answer needs escalating or when k > n. */
  escalateAtOrBelow: number | null
  /** The guarantee, in words. */
  guarantee: string
  /** What it assumes, in words. */
  assumptions: string
}

/** The smallest double above x (for x in [0, 1]). */
function justAbove(x: number): number {
  return x + Math.max(x * Number.EPSILON, Number.MIN_VALUE)
}

/**
 * The split-conformal threshold for a target error rate `alpha`. Each calibration input scores
 * s_i = its confidence when the student is wrong and -∞ when it is right; q = the k-th smallest
 * score, k = ceil((n + 1)(1 - alpha)); the student answers where confidence > q (the threshold is
 * the double just above q; 0 when q = -∞; just above 1, escalating everything, when k > n).
 *
 * Guarantee: for a new input exchangeable with the calibration inputs, P(the student answers it
 * and is wrong) <= alpha, marginally over the draw of calibration and test inputs (a new score is
 * at most q with probability >= k/(n+1) >= 1 - alpha, ties counting in its favour, and a wrong
 * answer with score <= q is escalated). The cascade's error is then at most alpha plus the error
 * of whoever answers the escalated inputs. It says nothing about a single calibration draw or
 * about inputs from a drifted distribution. O(n log n).
 *
 * @throws {InvalidArgumentError} on an empty list, a confidence outside [0, 1], a flag that is not
 *   a boolean or alpha outside (0, 1)
 * @example
 * const calibration = [0.55, 0.6, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99, 0.99].map((confidence, i) => ({ confidence, studentCorrect: i !== 1 && i !== 3 }))
 * // n = 9, alpha = 0.2: k = ceil(10 × 0.8) = 8; scores: 7 × -∞, 0.6, 0.8; the 8th smallest is 0.6
 * conformalThreshold(calibration, 0.2) // => { threshold: 0.6, rank: 8, quantileLevel: 0.8889, escalateAtOrBelow: 0.6 }
 * // alpha = 0.1: k = 9, q = 0.8
 * conformalThreshold(calibration, 0.1).escalateAtOrBelow // => 0.8
 * conformalThreshold(calibration, 0.05).rank // => 10
 * conformalThreshold(calibration, 1) // throws invalid alpha: 1 (must be < 1)
 */
export function conformalThreshold(calibration: readonly ConformalCase[], alpha: number): ConformalThreshold {
  checkNumber('alpha', alpha, { exclusiveMin: 0, exclusiveMax: 1 })
  if (!Array.isArray(calibration)) throw invalidArgument('calibration', calibration, ceilingRules.array('{ confidence, studentCorrect }'))
  if (calibration.length === 0) throw invalidArgument('calibration', calibration, ceilingRules.nonEmpty('case'))
  calibration.forEach((item, i) => {
    checkNumber(`calibration[${i}].confidence`, item?.confidence, { min: 0, max: 1 })
    if (typeof item.studentCorrect !== 'boolean') throw invalidArgument(`calibration[${i}].studentCorrect`, item.studentCorrect, ceilingRules.boolean)
  })
  const n = calibration.length
  const rank = Math.ceil((n + 1) * (1 - alpha) - 1e-12)
  const scores = calibration.map((item) => (item.studentCorrect ? Number.NEGATIVE_INFINITY : item.confidence)).sort((a, b) => a - b)
  const q = rank > n ? null : scores[rank - 1]!
  const threshold = q === null ? justAbove(1) : q === Number.NEGATIVE_INFINITY ? 0 : justAbove(q)
  return {
    threshold,
    alpha,
    n,
    rank,
    quantileLevel: rank / n,
    escalateAtOrBelow: q === null || q === Number.NEGATIVE_INFINITY ? null : q,
    guarantee: `P(the student answers a new input and is wrong) <= ${alpha}, marginally over calibration and test draws${rank > n ? ` (n = ${n} is too small for alpha = ${alpha}: every input escalates)` : ''}`,
    assumptions: 'calibration and test inputs are exchangeable (no drift between them); escalated inputs are answered by the teacher or a person, whose own errors add to the cascade error',
  }
}
