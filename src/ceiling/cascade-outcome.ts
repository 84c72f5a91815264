/**
 * The outcome of a two-threshold cascade: the student answers when its confidence is at least
 * t1; between t2 and t1 the input escalates to the teacher; below t2 it goes to human review,
 * whose answers are right with a stated accuracy (1 unless stated: the reviewer's label is the
 * truth). A one-threshold cascade is t2 = 0.
 */
import { checkNumber } from '../scenario/check-number.js'
import { invalidArgument } from '../agreement/messages.js'
import { ceilingRules } from './messages.js'
import { cascadeTally, type CascadeCase, type CascadeCounts, type CascadeTally } from './cascade-tally.js'

/** A cascade's shares and accuracy at (t1, t2). */
export interface CascadeOutcome extends CascadeCounts {
  t1: number
  t2: number
  /** Share of inputs the student answers (fraction). */
  studentShare: number
  /** Share escalated to the teacher (fraction). */
  teacherShare: number
  /** Share sent to human review (fraction). */
  humanShare: number
  /** Accuracy assumed of human review, in [0, 1]. */
  humanAccuracy: number
  /** Expected right answers: student's + teacher's + humanAccuracy × human reviews (fractional when humanAccuracy < 1). */
  correct: number
  /** Cascade accuracy correct / n (fraction). */
  accuracy: number
}

/**
 * Checks a threshold pair: t1 >= 0 and 0 <= t2 <= t1 (finite; above 1 escalates everything).
 *
 * @throws {InvalidArgumentError} otherwise
 * @example
 * checkThresholds(0.9, 0.5) // => undefined
 * checkThresholds(0.5, 0.9) // throws invalid t2: 0.9 (must be <= t1 (0.5): the teacher band lies between t2 and t1)
 */
export function checkThresholds(t1: number, t2: number): void {
  checkNumber('t1', t1, { min: 0 })
  checkNumber('t2', t2, { min: 0 })
  if (t2 > t1) throw invalidArgument('t2', t2, ceilingRules.thresholdOrder(t1))
}

/**
 * The outcome at (t1, t2) read from a tally (validated thresholds and human accuracy). O(log n).
 *
 * @example
 * // one input answered rightly by the student, one sent to a person who is right 80 % of the time
 * const tally = { sorted: [0.2, 0.9], at: () => ({ n: 2, studentCount: 1, teacherCount: 0, humanCount: 1, studentCorrect: 1, teacherCorrect: 0 }) }
 * outcomeFromTally(tally, 0.5, 0.3, 0.8) // => { humanShare: 0.5, correct: 1.8, accuracy: 0.9 }
 */
export function outcomeFromTally(tally: CascadeTally, t1: number, t2: number, humanAccuracy: number): CascadeOutcome {
  const counts = tally.at(t1, t2)
  const correct = counts.studentCorrect + counts.teacherCorrect + humanAccuracy * counts.humanCount
  return {
    t1,
    t2,
    ...counts,
    studentShare: counts.studentCount / counts.n,
    teacherShare: counts.teacherCount / counts.n,
    humanShare: counts.humanCount / counts.n,
    humanAccuracy,
    correct,
    accuracy: correct / counts.n,
  }
}

/**
 * The shares answered by the student, the teacher and human review, and the cascade's accuracy,
 * on `cases` at thresholds (t1, t2). O(n log n).
 *
 * @param humanAccuracy accuracy of human review in [0, 1]; default 1 (assumed right)
 * @throws {InvalidArgumentError} on bad cases, thresholds not 0 <= t2 <= t1, or a human accuracy outside [0, 1]
 * @example
 * const cases = [
 *   { confidence: 0.2, studentCorrect: false, teacherCorrect: false },
 *   { confidence: 0.6, studentCorrect: false, teacherCorrect: true },
 *   { confidence: 0.7, studentCorrect: true, teacherCorrect: false },
 *   { confidence: 0.95, studentCorrect: true, teacherCorrect: true },
 * ]
 * // student: 0.95 (right); teacher: 0.6 (right), 0.7 (wrong); human: 0.2 (right) -> 3 of 4
 * cascadeOutcome(cases, 0.9, 0.5) // => { studentShare: 0.25, teacherShare: 0.5, humanShare: 0.25, accuracy: 0.75 }
 * cascadeOutcome(cases, 0.9, 0.5, 0.5).accuracy // => 0.625
 */
export function cascadeOutcome(cases: readonly CascadeCase[], t1: number, t2: number, humanAccuracy = 1): CascadeOutcome {
  checkThresholds(t1, t2)
  checkNumber('humanAccuracy', humanAccuracy, { min: 0, max: 1 })
  return outcomeFromTally(cascadeTally(cases, 'cases'), t1, t2, humanAccuracy)
}
