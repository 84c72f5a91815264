/**
 * Measuring chosen cascade thresholds on a test split they were not chosen on, and saying whether
 * the accuracy target held there.
 */
import { DEFAULT_CONFIDENCE } from '../agreement/validate.js'
import { cascadeTally, type CascadeCase } from './cascade-tally.js'
import { checkThresholds, outcomeFromTally, type CascadeOutcome } from './cascade-outcome.js'
import { cascadeCostPerRequestUSD, type ChosenCascade } from './choose-cascade-thresholds.js'
import { measuredRate, type MeasuredRate } from '../agreement/measured-rate.js'

/** A cascade measured on a test split. */
export interface CascadeEvaluation {
  t1: number
  t2: number
  /** The cascade on the test split. */
  test: CascadeOutcome
  /** Test accuracy with its Wilson interval (on the expected count when human accuracy < 1). */
  accuracy: MeasuredRate
  /** Share escalated to the teacher on the test split, with its Wilson interval. */
  teacherShare: MeasuredRate
  /** Share sent to human review on the test split, with its Wilson interval. */
  humanShare: MeasuredRate
  /** Expected USD per request on the test split. */
  costPerRequestUSD: number
  targetAccuracy: number
  /** Whether the measured test accuracy reaches the target. */
  targetHeld: boolean
  /** Whether the lower bound of its interval does too: the target held with that confidence. */
  targetHeldAtLowerBound: boolean
}

/**
 * The cascade at the chosen thresholds on `test`, a split the thresholds were not chosen on:
 * shares, accuracy with its Wilson interval, cost per request, and whether the target held
 * (on the point estimate, and on the interval's lower bound). O(n log n).
 *
 * @throws {InvalidArgumentError} on bad cases or thresholds
 * @example
 * const chosen = { t1: 0.8, t2: 0.6, targetAccuracy: 0.9, humanAccuracy: 1, costs: { studentUSD: 0, teacherUSD: 1, humanUSD: 10 } }
 * const test = [
 *   { confidence: 0.5, studentCorrect: false, teacherCorrect: false },
 *   { confidence: 0.7, studentCorrect: true, teacherCorrect: false },
 *   { confidence: 0.85, studentCorrect: false, teacherCorrect: true },
 *   { confidence: 0.95, studentCorrect: true, teacherCorrect: true },
 * ]
 * // human right on 0.5, teacher wrong on 0.7, student wrong on 0.85 and right on 0.95: 2 of 4
 * const measured = evaluateCascade(test, chosen)
 * measured.accuracy // => { value: 0.5, lower: 0.15, upper: 0.85 }
 * measured.targetHeld // => false
 * measured.costPerRequestUSD // => 2.75
 */
export function evaluateCascade(test: readonly CascadeCase[], chosen: Pick<ChosenCascade, 't1' | 't2' | 'targetAccuracy' | 'humanAccuracy' | 'costs'>, confidence = DEFAULT_CONFIDENCE): CascadeEvaluation {
  checkThresholds(chosen.t1, chosen.t2)
  const outcome = outcomeFromTally(cascadeTally(test, 'test'), chosen.t1, chosen.t2, chosen.humanAccuracy)
  const accuracy = measuredRate(outcome.correct, outcome.n, `test inputs the cascade answers correctly (student at confidence >= ${chosen.t1}, teacher from ${chosen.t2}, human review below)`, confidence)
  return {
    t1: chosen.t1,
    t2: chosen.t2,
    test: outcome,
    accuracy,
    teacherShare: measuredRate(outcome.teacherCount, outcome.n, 'test inputs escalated to the teacher', confidence),
    humanShare: measuredRate(outcome.humanCount, outcome.n, 'test inputs sent to human review', confidence),
    costPerRequestUSD: cascadeCostPerRequestUSD(outcome, chosen.costs),
    targetAccuracy: chosen.targetAccuracy,
    targetHeld: accuracy.value >= chosen.targetAccuracy,
    targetHeldAtLowerBound: accuracy.lower >= chosen.targetAccuracy,
  }
}
