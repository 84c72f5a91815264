/**
 * The cost-quality frontier of a student-or-teacher cascade: quality and cost per request at
 * every threshold, and the thresholds no other one beats on both.
 */
import { checkNumber } from '../scenario/check-number.js'
import type { CascadeCase } from './cascade-tally.js'
import { escalationCurve, type EscalationPoint } from './escalation-curve.js'

/** Prices of a request, USD. */
export interface FrontierCosts {
  /** USD per request of the student, paid on every request (it runs first). */
  studentUSD: number
  /** USD per request escalated to the teacher. */
  teacherUSD: number
}

/** An escalation point with its cost. */
export interface FrontierPoint extends EscalationPoint {
  /** USD per request: studentUSD + escalatedShare × teacherUSD. */
  costPerRequestUSD: number
}

/** Every point and the non-dominated ones. */
export interface CostQualityFrontier {
  /** One point per threshold, ascending threshold. */
  points: FrontierPoint[]
  /** The points no other point beats (cost <= and quality >= with one strict), cheapest first; of equal points the first. */
  frontier: FrontierPoint[]
}

/**
 * Quality and cost per request at each threshold of {@link escalationCurve}, and the
 * non-dominated points: sorted by cost (then quality, higher first), a point stays when its
 * quality beats every cheaper one's. O(n log n).
 *
 * @throws {InvalidArgumentError} on bad cases or a negative or non-finite cost
 * @example
 * const cases = [
 *   { confidence: 0.5, studentCorrect: false, teacherCorrect: true },
 *   { confidence: 0.7, studentCorrect: true, teacherCorrect: true },
 *   { confidence: 0.9, studentCorrect: true, teacherCorrect: false },
 * ]
 * const { points, frontier } = costQualityFrontier(cases, { studentUSD: 0.001, teacherUSD: 0.03 })
 * points.map((point) => point.costPerRequestUSD) // => [0.001, 0.011, 0.021, 0.031]
 * frontier.map((point) => [point.escalatedShare, point.quality]) // => [[0, 0.6667], [0.3333, 1]]
 */
export function costQualityFrontier(cases: readonly CascadeCase[], costs: FrontierCosts): CostQualityFrontier {
  const studentUSD = checkNumber('costs.studentUSD', costs?.studentUSD, { min: 0 })
  const teacherUSD = checkNumber('costs.teacherUSD', costs.teacherUSD, { min: 0 })
  return frontierOfCurve(escalationCurve(cases), { studentUSD, teacherUSD })
}

/**
 * The cost-quality frontier of an escalation curve already measured (e.g. a record's
 * `ceiling.escalation`): each point's cost per request is `studentUSD + escalatedShare *
 * teacherUSD`, and the frontier keeps the points no cheaper point matches in quality, as
 * {@link costQualityFrontier} does from the cases. O(n log n).
 *
 * @throws {InvalidArgumentError} on a negative or non-finite cost
 * @example
 * const curve = [{ threshold: 0, escalated: 0, escalatedShare: 0, correct: 1, quality: 0.5, n: 2 }, { threshold: 0.7, escalated: 1, escalatedShare: 0.5, correct: 2, quality: 1, n: 2 }]
 * frontierOfCurve(curve, { studentUSD: 0.001, teacherUSD: 0.03 }).frontier.map((point) => point.costPerRequestUSD) // => [0.001, 0.016]
 * // 0.001 + 0.5 x 0.03
 */
export function frontierOfCurve(curve: readonly EscalationPoint[], costs: FrontierCosts): CostQualityFrontier {
  const studentUSD = checkNumber('costs.studentUSD', costs?.studentUSD, { min: 0 })
  const teacherUSD = checkNumber('costs.teacherUSD', costs.teacherUSD, { min: 0 })
  const points = curve.map((point) => ({ ...point, costPerRequestUSD: studentUSD + point.escalatedShare * teacherUSD }))
  const byCost = [...points].sort((a, b) => a.costPerRequestUSD - b.costPerRequestUSD || b.quality - a.quality)
  const frontier: FrontierPoint[] = []
  for (const point of byCost) {
    if (frontier.length === 0 || point.quality > frontier[frontier.length - 1]!.quality) frontier.push(point)
  }
  return { points, frontier }
}
