/**
 * Quality against the share escalated: a one-threshold cascade (the student answers at
 * confidence >= threshold, the teacher answers the rest) at every threshold that changes which
 * inputs escalate.
 */
import { cascadeTally, type CascadeCase } from './cascade-tally.js'
import { outcomeFromTally } from './cascade-outcome.js'

/** The cascade at one threshold. */
export interface EscalationPoint {
  /** The student answers at confidence >= threshold. */
  threshold: number
  /** Inputs escalated to the teacher. */
  escalated: number
  /** Share escalated (fraction). */
  escalatedShare: number
  /** Right answers of the cascade. */
  correct: number
  /** Cascade accuracy (fraction). */
  quality: number
  n: number
}

/**
 * The cascade's quality at every distinct threshold, ascending (so escalating more): 0 (the
 * student alone), each distinct confidence above the lowest, and just above the highest (the
 * teacher alone). O(n log n).
 *
 * @throws {InvalidArgumentError} on bad cases
 * @example
 * const cases = [
 *   { confidence: 0.5, studentCorrect: false, teacherCorrect: true },
 *   { confidence: 0.7, studentCorrect: true, teacherCorrect: true },
 *   { confidence: 0.9, studentCorrect: true, teacherCorrect: false },
 * ]
 * escalationCurve(cases).map((point) => [point.threshold, point.escalatedShare, point.quality])
 * // => [[0, 0, 0.6667], [0.7, 0.3333, 1], [0.9, 0.6667, 1], [0.9, 1, 0.6667]]
 */
export function escalationCurve(cases: readonly CascadeCase[]): EscalationPoint[] {
  const tally = cascadeTally(cases, 'cases')
  const distinct = [...new Set(tally.sorted)]
  const highest = distinct[distinct.length - 1]!
  const thresholds = [0, ...distinct.slice(1), highest + Math.max(highest * Number.EPSILON, Number.MIN_VALUE)]
  return thresholds.map((threshold) => {
    const outcome = outcomeFromTally(tally, threshold, 0, 1)
    return { threshold, escalated: outcome.teacherCount, escalatedShare: outcome.teacherShare, correct: outcome.correct, quality: outcome.accuracy, n: outcome.n }
  })
}
