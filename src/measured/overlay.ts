/**
 * The overlay: measured numbers of an experiment record put in place of a scenario's assumed
 * inputs, each change listed with the value it replaced, so a report can show which inputs are
 * measured and which assumed.
 */
import { valueAtPointer } from '../scenario/pointer.js'
import { proportionAsInput, type MeasuredProportion } from './measurement.js'
import type { ExperimentRecord, MeasuredTokens } from './record.js'

/** One scenario input replaced by a measurement. */
export interface MeasuredInput {
  /** JSON pointer of the scenario field, e.g. `/adaptation/teacherPassRate`. */
  path: string
  /** The value the scenario assumed (a number or a distribution). */
  assumed: unknown
  /** What the scenario now holds: a number, or a beta distribution for a measured proportion. */
  input: unknown
  /** The measured value (the mean of `input`). */
  value: number
  /** The measurement's interval, or null for a mean of token counts. */
  interval: { lower: number; upper: number; confidence: number; method: string } | null
  /** Sample size behind it. */
  n: number
  /** What was measured, in words. */
  what: string
  /** The experiment run it came from. */
  run: string
}

/** The measurements a command applied: the record, each replaced input and what to know. */
export interface AppliedMeasurements {
  /** The record file as given. */
  file: string
  /** The run id of the record. */
  run: string
  /** Each scenario input replaced by a measurement. */
  inputs: MeasuredInput[]
  /** Notes on how the measurements and the scenario fit together. */
  notes: string[]
}

/** A scenario with measured inputs in place of assumed ones. */
export interface Overlay {
  /** The scenario JSON with the measured inputs written in (validate it before use). */
  scenario: unknown
  /** Each replaced input, in scenario order. */
  inputs: MeasuredInput[]
  /** What the reader should know about how measurements and scenario fit together. */
  notes: string[]
}

function setAtPointer(data: Record<string, unknown>, pointer: string, value: unknown): void {
  const keys = pointer.slice(1).split('/').map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'))
  let current = data
  for (const key of keys.slice(0, -1)) {
    if (typeof current[key] !== 'object' || current[key] === null) current[key] = {}
    current = current[key] as Record<string, unknown>
  }
  current[keys[keys.length - 1]!] = value
}

/**
 * Writes the record's measurements over the scenario's assumptions and says what changed:
 * - `/adaptation/teacherPassRate` <- the share of teacher outputs that passed the filter;
 * - `/hardTail/escalationShare` <- the share of held-out inputs the cascade sends to the teacher
 *   (the two-threshold cascade of the record's ceiling section when it has one, else the single
 *   threshold of the measurements);
 * - `/hardTail/humanReviewShare/distill` (and `distill+rag`) <- the cascade's human-review share,
 *   with a ceiling section;
 * - `/hardTail/escalationDriftPerMonth` <- the agreement the drift student lost per month (a
 *   normal truncated at 0 from the decay fit's standard error), with a measured drift section;
 * - `/adaptation/retrainEveryMonths` <- the cadence the retraining-policy simulation chose;
 * - `/quality/distill` and `/quality/distill+rag` <- the cascade's accuracy against gold labels
 *   where the data has them, else its agreement with the teacher (the teacher taken as right);
 * - `/task/inputTokens` and `/task/outputTokens` <- the mean token counts of the inputs and of the
 *   teacher's answers.
 * A proportion goes in as `Beta(successes, failures)` (its mean is the measured rate, so the
 * decision on the means uses the measured value, and the simulation draws from its spread); token
 * counts go in as their means. The scenario passed in is not changed.
 * O(size of the scenario).
 *
 * @example illustrative: needs an experiment record; test/measured/overlay.test.ts builds one
 */
export function overlayMeasurements(scenario: unknown, record: ExperimentRecord): Overlay {
  const result = structuredClone(scenario) as Record<string, unknown>
  const inputs: MeasuredInput[] = []
  const notes: string[] = []
  const m = record.measurements
  const putProportion = (path: string, measured: MeasuredProportion) => {
    const input = proportionAsInput(measured)
    inputs.push({
      path,
      assumed: valueAtPointer(scenario, path),
      input,
      value: measured.value,
      interval: { lower: measured.lower, upper: measured.upper, confidence: measured.confidence, method: measured.method },
      n: measured.n,
      what: measured.what,
      run: record.id,
    })
    setAtPointer(result, path, input)
  }
  const putTokens = (path: string, stats: MeasuredTokens, what: string) => {
    inputs.push({ path, assumed: valueAtPointer(scenario, path), input: stats.mean, value: stats.mean, interval: null, n: stats.n, what, run: record.id })
    setAtPointer(result, path, stats.mean)
  }
  putProportion('/adaptation/teacherPassRate', m.passRate)
  const cascade = record.ceiling?.cascade ?? null
  if (cascade) {
    // The two-threshold cascade of the ceiling analysis: its teacher band is the escalation share,
    // its human band the review share, its accuracy the quality (all measured on the test split).
    putProportion('/hardTail/escalationShare', cascade.teacherShare)
    putProportion('/hardTail/humanReviewShare/distill', cascade.humanShare)
    putProportion('/hardTail/humanReviewShare/distill+rag', cascade.humanShare)
    putProportion('/quality/distill', cascade.accuracy)
    putProportion('/quality/distill+rag', cascade.accuracy)
    notes.push(`the cascade's thresholds (student at confidence >= ${cascade.t1.toFixed(4)}, the teacher from ${cascade.t2.toFixed(4)}, human review below) were chosen on the calibration split for a quality of ${record.ceiling!.target} and measured on the test split${cascade.targetHeld ? '' : ', where the target did not hold'}`)
    if (record.ceiling!.basis === 'teacher') notes.push('quality of distill is measured against the teacher\'s labels: the data has no gold labels, so the teacher is taken as right')
  } else {
    putProportion('/hardTail/escalationShare', m.escalationShare)
    const quality = m.cascadeAccuracy ?? m.cascadeAgreement
    putProportion('/quality/distill', quality)
    putProportion('/quality/distill+rag', quality)
    if (!m.cascadeAccuracy) notes.push('quality of distill is the cascade\'s agreement with the teacher: the data has no gold labels, so the teacher is taken as right')
  }
  const drift = record.drift
  if (drift?.measured === true && drift.escalationDriftPerMonth) {
    const d = drift.escalationDriftPerMonth
    // A drift clearly above 0 enters as its normal, truncated at 0 (its mean barely moves); one whose
    // interval reaches 0 enters as the estimate clipped at 0: truncating it would charge a drift the
    // data does not show (the mean of a normal truncated at 0 is above 0 even when the estimate is not).
    const input = d.standardError > 0 && d.lower > 0 ? { dist: 'normal', mean: d.value, sd: d.standardError, truncate: { min: 0, max: 1 } } : d.value
    const path = '/hardTail/escalationDriftPerMonth'
    inputs.push({
      path, assumed: valueAtPointer(scenario, path) ?? 0, input, value: d.value,
      interval: { lower: d.lower, upper: d.upper, confidence: m.agreement.confidence, method: 'normal, delta method on the decay fit' },
      n: drift.later.n,
      what: `agreement lost per month after a student's training cutoff (${drift.cutoffMonth}), as the extra share escalated`, run: record.id,
    })
    setAtPointer(result, path, input)
    if (typeof input !== 'number') notes.push(`escalation drift enters as Normal(${d.value.toFixed(4)}, ${d.standardError.toFixed(4)}) truncated to [0, 1]`)
    else notes.push(`escalation drift enters as ${d.value.toFixed(4)} a month: its interval [${d.lower.toFixed(4)}, ${d.upper.toFixed(4)}] reaches 0, so the data does not show a drift to charge; the stress test "inputs drift faster" shows what one would cost`)
  } else if (drift?.measured === false) {
    notes.push(`drift was not measured: ${drift.reason}; escalation drift and the retraining cadence stay assumed`)
  }
  if (drift?.measured === true && drift.cadence) {
    const path = '/adaptation/retrainEveryMonths'
    inputs.push({ path, assumed: valueAtPointer(scenario, path), input: drift.cadence.months, value: drift.cadence.months, interval: null, n: 0, what: `retraining cadence of the ${drift.cadence.policy} policy: ${drift.cadence.basis}`, run: record.id })
    setAtPointer(result, path, drift.cadence.months)
  }
  notes.push('distill+rag takes the quality measured for distill (the experiment ran no retrieval)')
  putTokens('/task/inputTokens', m.inputTokens, `mean input tokens (${m.inputTokens.encoding}, ${m.inputTokens.model})`)
  putTokens('/task/outputTokens', m.outputTokens, `mean tokens of the teacher's answers (${m.outputTokens.encoding}, ${m.outputTokens.model})`)
  const frontier = valueAtPointer(scenario, '/frontier/model')
  if (typeof frontier === 'string' && frontier !== m.inputTokens.model) {
    notes.push(`token counts were measured with ${m.inputTokens.model}'s encoding (${m.inputTokens.encoding}); the scenario's frontier model is ${frontier}`)
  }
  if (record.teacher.kind === 'local') {
    notes.push(`the teacher was the local stand-in (${record.teacher.model}), not the scenario's frontier model: agreement, pass rate and escalation measure the pipeline, run it against the real teacher (--teacher http or logs) before trusting them with money`)
  }
  if (!record.gate.ship) notes.push(`the ship gate said ${record.gate.verdict}: ${record.gate.explanation}`)
  notes.push(`student serving throughput measured at ${Math.round(m.throughput.requestsPerSecond)} requests/s on ${m.throughput.hardware}; not applied (the scenario's hosting is a production GPU and model)`)
  return { scenario: result, inputs, notes }
}
