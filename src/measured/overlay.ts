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
 * - `/hardTail/escalationShare` <- the share of held-out inputs the student escalated at its
 *   confidence threshold;
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
  putProportion('/hardTail/escalationShare', m.escalationShare)
  const quality = m.cascadeAccuracy ?? m.cascadeAgreement
  putProportion('/quality/distill', quality)
  putProportion('/quality/distill+rag', quality)
  if (!m.cascadeAccuracy) notes.push('quality of distill is the cascade\'s agreement with the teacher: the data has no gold labels, so the teacher is taken as right')
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
