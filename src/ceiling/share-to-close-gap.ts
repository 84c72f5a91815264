/**
 * The share of inputs to escalate to the teacher to close a fraction of the quality gap between
 * the student alone and the teacher alone.
 */
import { checkNumber } from '../scenario/check-number.js'
import type { CascadeCase } from './cascade-tally.js'
import { escalationCurve } from './escalation-curve.js'

/** The escalation needed to close a fraction of the gap. */
export interface GapClosure {
  /** The fraction of the gap to close, in [0, 1]. */
  fraction: number
  /** Accuracy of the student alone. */
  studentQuality: number
  /** Accuracy of the teacher alone. */
  teacherQuality: number
  /** studentQuality + fraction × (teacherQuality - studentQuality). */
  targetQuality: number
  /** The lowest threshold whose cascade reaches the target (the first on the escalation curve). */
  threshold: number
  /** The share escalated at that threshold: attainable by a threshold. */
  thresholdShare: number
  /** The share at which the straight line between that point and the one before reaches the target: attainable in expectation by mixing the two thresholds at random; equal to thresholdShare when the target is met at share 0. */
  interpolatedShare: number
}

/**
 * The escalated share needed to close `fraction` of the gap between the student's and the
 * teacher's accuracy on `cases`, read off {@link escalationCurve}: the first threshold that reaches
 * the target (`thresholdShare`) and the linear interpolation between it and the point before
 * (`interpolatedShare`). When the teacher is no better than the student the answer is share 0.
 * O(n log n).
 *
 * @throws {InvalidArgumentError} on bad cases or a fraction outside [0, 1]
 * @example
 * const cases = [
 *   { confidence: 0.5, studentCorrect: false, teacherCorrect: true },
 *   { confidence: 0.6, studentCorrect: false, teacherCorrect: true },
 *   { confidence: 0.8, studentCorrect: true, teacherCorrect: true },
 *   { confidence: 0.9, studentCorrect: true, teacherCorrect: true },
 * ]
 * // student 0.5, teacher 1: half the gap is 0.75, reached by escalating 0.5 (share 0.25)
 * shareToCloseGap(cases, 0.5) // => { targetQuality: 0.75, threshold: 0.6, thresholdShare: 0.25, interpolatedShare: 0.25 }
 * // 80 %: 0.9 needs 0.5 and 0.6 escalated (share 0.5, quality 1); on the line from (0.25, 0.75): 0.25 + 0.15 / 0.25 × 0.25 = 0.4
 * shareToCloseGap(cases, 0.8) // => { targetQuality: 0.9, thresholdShare: 0.5, interpolatedShare: 0.4 }
 */
export function shareToCloseGap(cases: readonly CascadeCase[], fraction: number): GapClosure {
  checkNumber('fraction', fraction, { min: 0, max: 1 })
  const curve = escalationCurve(cases)
  const studentQuality = curve[0]!.quality
  const teacherQuality = curve[curve.length - 1]!.quality
  const targetQuality = studentQuality + fraction * (teacherQuality - studentQuality)
  // The last point is the teacher alone, which reaches any target with fraction <= 1 and a gap >= 0.
  const index = Math.max(0, curve.findIndex((point) => point.quality >= targetQuality - 1e-12))
  const reached = curve[index]!
  const before = index === 0 ? reached : curve[index - 1]!
  const interpolatedShare = index === 0 ? reached.escalatedShare : before.escalatedShare + ((targetQuality - before.quality) / (reached.quality - before.quality)) * (reached.escalatedShare - before.escalatedShare)
  return { fraction, studentQuality, teacherQuality, targetQuality, threshold: reached.threshold, thresholdShare: reached.escalatedShare, interpolatedShare }
}
