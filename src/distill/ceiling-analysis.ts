/**
 * The quality ceiling of an experiment's student, measured: its quality by difficulty (the
 * corpus's groups), the calibration of its confidence, a two-threshold cascade (student, teacher,
 * human review) chosen on the calibration split and checked on the test split, a split-conformal
 * threshold with its coverage on the test split, and the cost-quality frontier at the scenario's
 * prices. Pure: the experiment gives it the held-out rows.
 *
 * "Correct" means the label gold gives where the data has gold labels, else the teacher's (the
 * teacher taken as right, stated in `basis`).
 */
import { accuracyByGroup, type GroupQuality } from '../ceiling/accuracy-by-group.js'
import { expectedCalibrationError, maximumCalibrationError } from '../ceiling/calibration-error.js'
import type { CascadeCase } from '../ceiling/cascade-tally.js'
import { chooseCascadeThresholds, type ChosenCascade } from '../ceiling/choose-cascade-thresholds.js'
import { conformalThreshold, type ConformalThreshold } from '../ceiling/conformal-threshold.js'
import { costQualityFrontier, type FrontierPoint } from '../ceiling/cost-quality-frontier.js'
import { escalationCurve, type EscalationPoint } from '../ceiling/escalation-curve.js'
import { evaluateCascade, type CascadeEvaluation } from '../ceiling/evaluate-cascade.js'
import { reliabilityDiagram, type ReliabilityDiagram } from '../ceiling/reliability-diagram.js'
import { shareToCloseGap, type GapClosure } from '../ceiling/share-to-close-gap.js'
import { measuredProportion, type MeasuredProportion } from '../measured/measurement.js'
import { InvalidArgumentError } from '../scenario/messages.js'

/** One held-out input as the ceiling analysis reads it. */
export interface CeilingRow {
  /** The corpus's group (difficulty), or null. */
  group: string | null
  gold: string | null
  /** The teacher's label. */
  teacher: string
  student: string
  /** The student's probability of its own label. */
  confidence: number
}

/** What the analysis needs beyond the rows. */
export interface CeilingInput {
  /** Rows of the calibration split: thresholds are chosen here. */
  calibration: readonly CeilingRow[]
  /** Rows of the test split: thresholds are checked here. */
  test: readonly CeilingRow[]
  /** The quality the cascade must reach (the scenario's quality target). */
  target: number
  /** USD per request: the student's serving, a teacher (frontier) call, a human review. */
  costs: { studentUSD: number; teacherUSD: number; humanUSD: number }
  /** Accuracy of human review, default 1. */
  humanAccuracy?: number
  /** Two-sided confidence of the intervals, default 0.95. */
  confidence?: number
  /** Bins of the reliability diagram, default 10. */
  bins?: number
}

/** The cascade on the test split with the thresholds chosen on calibration. */
export interface MeasuredCascade {
  /** Student answers at confidence >= t1; the teacher between t2 and t1; a person below t2. */
  t1: number
  t2: number
  /** Expected cost per request on the calibration split, USD. */
  calibrationCostPerRequestUSD: number
  /** Accuracy the thresholds reached on the calibration split. */
  calibrationAccuracy: number
  /** Measured on the test split. */
  accuracy: MeasuredProportion
  teacherShare: MeasuredProportion
  humanShare: MeasuredProportion
  costPerRequestUSD: number
  targetHeld: boolean
  /** Whether the interval's lower bound clears the target too. */
  targetHeldAtLowerBound: boolean
}

/** Everything measured about the quality ceiling. */
export interface CeilingMeasurements {
  /** What "correct" means: gold labels, or the teacher's labels where the data has none. */
  basis: 'gold' | 'teacher'
  target: number
  costs: { studentUSD: number; teacherUSD: number; humanUSD: number }
  humanAccuracy: number
  /** Student and teacher alone on the test split. */
  student: MeasuredProportion
  teacher: MeasuredProportion
  /** Test-split quality by group (difficulty). */
  byGroup: GroupQuality[]
  /** Calibration of the student's confidence on the test split. */
  calibration: { diagram: ReliabilityDiagram; ece: number; mce: number }
  /** The two-threshold cascade, or null when no thresholds reach the target on calibration. */
  cascade: MeasuredCascade | null
  /** The split-conformal threshold for alpha = 1 - target, and the test split's check of its guarantee. */
  conformal: ConformalThreshold & { testAnsweredWrong: MeasuredProportion; guaranteeHeld: boolean }
  /** Quality against share escalated to the teacher (no human band), test split. */
  escalation: EscalationPoint[]
  /** The frontier of quality against cost per request (test split, teacher escalation). */
  frontier: FrontierPoint[]
  /** Shares escalated that close 50 % and 80 % of the gap to the teacher, test split. */
  gapClosure: GapClosure[]
  /** Where the chosen cascade sits on the frontier's axes. */
  operatingPoint: { escalatedShare: number; quality: number; costPerRequestUSD: number; label: string } | null
  notes: string[]
}

const correctOf = (row: CeilingRow, basis: 'gold' | 'teacher', who: 'student' | 'teacher') => (basis === 'gold' ? row[who] === row.gold : who === 'teacher' || row.student === row.teacher)
const casesOf = (rows: readonly CeilingRow[], basis: 'gold' | 'teacher'): CascadeCase[] =>
  rows.map((row) => ({ confidence: row.confidence, studentCorrect: correctOf(row, basis, 'student'), teacherCorrect: correctOf(row, basis, 'teacher') }))

/**
 * Measures the quality ceiling: see the module comment. Thresholds and the conformal quantile
 * come from `calibration` only; every figure reported as measured comes from `test`.
 * O(n log n + c²) for c distinct calibration confidences (the threshold search).
 *
 * @throws {InvalidArgumentError} when either split is empty
 * @example
 * const row = (gold, student, confidence, group = 'easy') => ({ group, gold, teacher: gold, student, confidence })
 * const calibration = [row('a', 'a', 0.9), row('a', 'b', 0.55), row('b', 'b', 0.8), row('b', 'b', 0.95)]
 * const test = [row('a', 'a', 0.92), row('b', 'a', 0.5, 'hard'), row('b', 'b', 0.85), row('a', 'a', 0.99)]
 * const ceiling = measureCeiling({ calibration, test, target: 0.95, costs: { studentUSD: 0, teacherUSD: 0.01, humanUSD: 0.5 } })
 * ceiling.student.value // => 0.75
 * // calibration: escalating confidence < 0.8 (the 0.55) to the teacher reaches 4 of 4 for 0.25 × $0.01
 * const thresholds = [ceiling.cascade.t1, ceiling.cascade.t2] // => [0.8, 0]
 * ceiling.cascade.accuracy.value // => 1 (test: the 0.5 goes to the teacher, who is right)
 * ceiling.byGroup.map((g) => [g.group, g.accuracy.value]) // => [['easy', 1], ['hard', 0]]
 */
export function measureCeiling(input: CeilingInput): CeilingMeasurements {
  if (input.calibration.length === 0 || input.test.length === 0) {
    throw new InvalidArgumentError(`invalid ceiling rows: ${input.calibration.length} calibration and ${input.test.length} test (each split needs at least one)`)
  }
  const confidence = input.confidence ?? 0.95
  const humanAccuracy = input.humanAccuracy ?? 1
  const basis = [...input.calibration, ...input.test].every((r) => r.gold !== null) ? 'gold' : 'teacher'
  const notes: string[] = []
  if (basis === 'teacher') notes.push('some held-out inputs have no gold label: "correct" means agreeing with the teacher, and the teacher counts as always right')
  const calibrationCases = casesOf(input.calibration, basis)
  const testCases = casesOf(input.test, basis)
  const n = testCases.length
  const student = measuredProportion(testCases.filter((c) => c.studentCorrect).length, n, 'test inputs the student alone gets right', confidence)
  const teacher = measuredProportion(testCases.filter((c) => c.teacherCorrect).length, n, 'test inputs the teacher alone gets right', confidence)

  const byGroup = accuracyByGroup(
    input.test.map((row) => ({ group: row.group ?? 'all', correct: correctOf(row, basis, 'student'), agrees: row.student === row.teacher })),
    confidence,
  )
  const diagram = reliabilityDiagram(testCases.map((c) => c.confidence), testCases.map((c) => c.studentCorrect), { bins: input.bins ?? 10, confidence })
  const ece = expectedCalibrationError(testCases.map((c) => c.confidence), testCases.map((c) => c.studentCorrect), { bins: input.bins ?? 10 })
  const mce = maximumCalibrationError(testCases.map((c) => c.confidence), testCases.map((c) => c.studentCorrect), { bins: input.bins ?? 10 })

  const chosen: ChosenCascade | null = chooseCascadeThresholds(calibrationCases, { targetAccuracy: input.target, costs: input.costs, humanAccuracy })
  let cascade: MeasuredCascade | null = null
  if (chosen === null) {
    notes.push(`no thresholds reach ${input.target} on the calibration split, even sending everything to review`)
  } else {
    const evaluated: CascadeEvaluation = evaluateCascade(testCases, chosen, confidence)
    const share = (count: number, what: string) => measuredProportion(count, evaluated.test.n, what, confidence)
    cascade = {
      t1: chosen.t1,
      t2: chosen.t2,
      calibrationCostPerRequestUSD: chosen.costPerRequestUSD,
      calibrationAccuracy: chosen.calibration.accuracy,
      accuracy: share(evaluated.test.correct, evaluated.accuracy.what),
      teacherShare: share(evaluated.test.teacherCount, `test inputs escalated to the teacher (student confidence in [${chosen.t2.toFixed(4)}, ${chosen.t1.toFixed(4)}))`),
      humanShare: share(evaluated.test.humanCount, `test inputs sent to human review (student confidence < ${chosen.t2.toFixed(4)})`),
      costPerRequestUSD: evaluated.costPerRequestUSD,
      targetHeld: evaluated.targetHeld,
      targetHeldAtLowerBound: evaluated.targetHeldAtLowerBound,
    }
    if (!evaluated.targetHeld) notes.push(`the thresholds reached ${input.target} on calibration but not on test (${(evaluated.accuracy.value * 100).toFixed(1)} %)`)
  }

  const alpha = Math.min(Math.max(1 - input.target, 1e-6), 1 - 1e-6)
  const conformal = conformalThreshold(calibrationCases, alpha)
  const answeredWrong = testCases.filter((c) => c.confidence >= conformal.threshold && !c.studentCorrect).length
  const testAnsweredWrong = measuredProportion(answeredWrong, n, `test inputs the student answers (confidence >= ${conformal.threshold.toFixed(4)}) and gets wrong`, confidence)

  const escalation = escalationCurve(testCases)
  const frontier = costQualityFrontier(testCases, { studentUSD: input.costs.studentUSD, teacherUSD: input.costs.teacherUSD }).frontier
  const gapClosure = teacher.value > student.value ? [0.5, 0.8].map((f) => shareToCloseGap(testCases, f)) : []
  if (gapClosure.length === 0) notes.push('the teacher is no better than the student on the test split: there is no gap to close')
  const operatingPoint = cascade
    ? { escalatedShare: cascade.teacherShare.value + cascade.humanShare.value, quality: cascade.accuracy.value, costPerRequestUSD: cascade.costPerRequestUSD, label: `chosen cascade: student >= ${cascade.t1.toFixed(3)}, teacher >= ${cascade.t2.toFixed(3)}, review below` }
    : null
  return {
    basis, target: input.target, costs: { ...input.costs }, humanAccuracy, student, teacher, byGroup,
    calibration: { diagram, ece, mce }, cascade,
    conformal: { ...conformal, testAnsweredWrong, guaranteeHeld: testAnsweredWrong.value <= alpha },
    escalation, frontier, gapClosure, operatingPoint, notes,
  }
}
