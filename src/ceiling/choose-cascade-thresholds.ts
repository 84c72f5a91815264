/**
 * Choosing the two thresholds of a cascade on a calibration split: the cheapest (t1, t2) whose
 * cascade accuracy on that split reaches a target. Measure the choice on a separate split with
 * `evaluateCascade`: on the split it was chosen on, the accuracy is biased upwards.
 */
import { checkNumber } from '../scenario/check-number.js'
import { cascadeTally, type CascadeCase } from './cascade-tally.js'
import { outcomeFromTally, type CascadeOutcome } from './cascade-outcome.js'

/** Prices of one request at each stage of the cascade, USD. */
export interface CascadeCosts {
  /** USD per request of the student, paid on every request (it runs first); default 0. */
  studentUSD?: number
  /** USD per request escalated to the teacher. */
  teacherUSD: number
  /** USD per request sent to human review. */
  humanUSD: number
}

/** Options of {@link chooseCascadeThresholds}. */
export interface CascadeTarget {
  /** The cascade accuracy to reach on the calibration split, in (0, 1]. */
  targetAccuracy: number
  costs: CascadeCosts
  /** Accuracy of human review in [0, 1]; default 1 (assumed right). */
  humanAccuracy?: number
}

/** The chosen thresholds with what they cost and reach on the calibration split. */
export interface ChosenCascade {
  t1: number
  t2: number
  targetAccuracy: number
  humanAccuracy: number
  costs: Required<CascadeCosts>
  /** Expected USD per request on the calibration split: student + teacher share × teacher + human share × human. */
  costPerRequestUSD: number
  /** The cascade on the calibration split (optimistic: the thresholds were chosen on it). */
  calibration: CascadeOutcome
}

/**
 * USD per request of a cascade outcome: studentUSD + teacherShare × teacherUSD + humanShare × humanUSD.
 *
 * @example
 * cascadeCostPerRequestUSD({ teacherShare: 0.2, humanShare: 0.05 }, { studentUSD: 0.0001, teacherUSD: 0.002, humanUSD: 0.5 }) // => 0.0255
 */
export function cascadeCostPerRequestUSD(outcome: Pick<CascadeOutcome, 'teacherShare' | 'humanShare'>, costs: Required<CascadeCosts>): number {
  return costs.studentUSD + outcome.teacherShare * costs.teacherUSD + outcome.humanShare * costs.humanUSD
}

/**
 * The cheapest thresholds (t1, t2), t2 <= t1, on a grid of candidates from the calibration
 * confidences, whose cascade accuracy on `calibration` reaches `targetAccuracy`; null when none
 * does (possible only with a human accuracy below the target). Candidates: 0 (nobody escalated),
 * each distinct calibration confidence above the lowest, and just above the highest (everybody
 * escalated). Ties in cost go to the higher accuracy, then the lower t1, then the lower t2.
 * O(n log n + m²) for m distinct confidences.
 *
 * @throws {InvalidArgumentError} on bad cases, a target outside (0, 1], a negative cost or a
 *   human accuracy outside [0, 1]
 * @example
 * const calibration = [
 *   { confidence: 0.3, studentCorrect: false, teacherCorrect: false },
 *   { confidence: 0.6, studentCorrect: false, teacherCorrect: true },
 *   { confidence: 0.8, studentCorrect: true, teacherCorrect: true },
 *   { confidence: 0.9, studentCorrect: true, teacherCorrect: true },
 * ]
 * // 0.6 to the teacher (right), 0.3 to a person (right): 4 of 4 for 0.25 × 1 + 0.25 × 10 USD
 * chooseCascadeThresholds(calibration, { targetAccuracy: 1, costs: { teacherUSD: 1, humanUSD: 10 } }) // => { t1: 0.8, t2: 0.6, costPerRequestUSD: 2.75 }
 * // 3 of 4 suffice: 0.3 and 0.6 to the teacher (0.5 × 1 USD); escalating 0.3 alone gives 2 of 4
 * chooseCascadeThresholds(calibration, { targetAccuracy: 0.75, costs: { teacherUSD: 1, humanUSD: 10 } }) // => { t1: 0.8, t2: 0, costPerRequestUSD: 0.5 }
 */
export function chooseCascadeThresholds(calibration: readonly CascadeCase[], target: CascadeTarget): ChosenCascade | null {
  const targetAccuracy = checkNumber('targetAccuracy', target?.targetAccuracy, { exclusiveMin: 0, max: 1 })
  const humanAccuracy = checkNumber('humanAccuracy', target.humanAccuracy ?? 1, { min: 0, max: 1 })
  const costs: Required<CascadeCosts> = {
    studentUSD: checkNumber('costs.studentUSD', target.costs?.studentUSD ?? 0, { min: 0 }),
    teacherUSD: checkNumber('costs.teacherUSD', target.costs?.teacherUSD, { min: 0 }),
    humanUSD: checkNumber('costs.humanUSD', target.costs?.humanUSD, { min: 0 }),
  }
  const tally = cascadeTally(calibration, 'calibration')
  const distinct = [...new Set(tally.sorted)]
  const highest = distinct[distinct.length - 1]!
  const candidates = [0, ...distinct.slice(1), highest + Math.max(highest * Number.EPSILON, Number.MIN_VALUE)]
  const required = targetAccuracy * tally.sorted.length - 1e-9
  let best: { outcome: CascadeOutcome; cost: number } | null = null
  for (const t1 of candidates) {
    for (const t2 of candidates) {
      if (t2 > t1) break
      const outcome = outcomeFromTally(tally, t1, t2, humanAccuracy)
      if (outcome.correct < required) continue
      const cost = cascadeCostPerRequestUSD(outcome, costs)
      if (best === null || cost < best.cost - 1e-15 || (Math.abs(cost - best.cost) <= 1e-15 && outcome.correct > best.outcome.correct)) best = { outcome, cost }
    }
  }
  if (best === null) return null
  return { t1: best.outcome.t1, t2: best.outcome.t2, targetAccuracy, humanAccuracy, costs, costPerRequestUSD: best.cost, calibration: best.outcome }
}
