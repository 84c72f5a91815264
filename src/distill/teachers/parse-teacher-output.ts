/**
 * The label-format check: what a teacher's raw output says, or why it says nothing usable.
 */
import { teacherProblems } from './messages.js'

/** The format check's verdict on one output: `problem` is set exactly when `label` is null. */
export interface ParsedTeacherOutput {
  /** One of the label set, spelled as in the set; null when the output fails the check. */
  label: string | null
  /** The JSON's `confidence` field where given, else null. */
  confidence: number | null
  /** Why the output fails the check, else null. */
  problem: string | null
}

/** ```json ... ``` or ``` ... ``` around the whole output (chat models like to add them). */
const FENCE = /^```[a-zA-Z]*\s*\n?([\s\S]*?)\n?\s*```$/

/**
 * Reads a teacher's output against the label set. Accepted: a JSON object
 * `{"label": "<label>", "confidence"?: p}` with p in [0, 1] (other fields ignored), a JSON
 * string, or a bare label; labels match case-insensitively after trimming and come back spelled
 * as in `labels`; a Markdown code fence around the whole output is removed first. Anything else
 * fails with the reason in `problem`. O(output length + labels). The label set is trusted here
 * (the sources check it once per call).
 *
 * @example
 * parseTeacherOutput('{"label": "SPAM", "confidence": 0.93}', ['spam', 'ham']) // => { label: 'spam', confidence: 0.93, problem: null }
 * parseTeacherOutput(' Ham\n', ['spam', 'ham']) // => { label: 'ham', confidence: null, problem: null }
 * parseTeacherOutput('```json\n{"label":"ham"}\n```', ['spam', 'ham']).label // => 'ham'
 * parseTeacherOutput('{"label": "maybe"}', ['spam', 'ham']) // => { label: null, problem: 'label "maybe" is not one of "spam", "ham"' }
 * parseTeacherOutput('{"label": "spam", "confidence": 1.5}', ['spam', 'ham']).problem // => 'confidence must be a number in [0, 1], got 1.5'
 * parseTeacherOutput('{"label": ', ['spam', 'ham']).label // => null
 */
export function parseTeacherOutput(output: string, labels: readonly string[]): ParsedTeacherOutput {
  let text = output.trim()
  const fenced = FENCE.exec(text)
  if (fenced) text = (fenced[1] ?? '').trim()
  if (text === '') return fail(teacherProblems.emptyOutput)
  if (text.startsWith('{') || text.startsWith('"')) {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      return fail(teacherProblems.notJson((error as Error).message))
    }
    if (typeof value === 'string') return matchLabel(value, labels, null)
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail(teacherProblems.noLabelField)
    const { label, confidence } = value as { label?: unknown; confidence?: unknown }
    if (typeof label !== 'string') return fail(teacherProblems.noLabelField)
    if (confidence !== undefined && confidence !== null && !(typeof confidence === 'number' && confidence >= 0 && confidence <= 1)) {
      return fail(teacherProblems.badConfidence(confidence))
    }
    return matchLabel(label, labels, typeof confidence === 'number' ? confidence : null)
  }
  return matchLabel(text, labels, null)
}

function matchLabel(said: string, labels: readonly string[], confidence: number | null): ParsedTeacherOutput {
  const folded = said.trim().toLowerCase()
  const label = labels.find((l) => l.trim().toLowerCase() === folded)
  return label === undefined ? fail(teacherProblems.unknownLabel(said.trim(), labels)) : { label, confidence, problem: null }
}

function fail(problem: string): ParsedTeacherOutput {
  return { label: null, confidence: null, problem }
}
