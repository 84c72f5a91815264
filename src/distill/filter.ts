/**
 * The quality filter between the teacher and the student: a teacher answer becomes a training
 * pair only when it parsed (format), names one of the task's labels (label set), is confident
 * enough where the teacher states a confidence, and its input has not been seen before
 * (duplicates). The share that passes is measured, with its interval.
 */
import { checkNumber } from '../scenario/check-number.js'
import { measuredProportion, type MeasuredProportion } from '../measured/measurement.js'

/** A teacher's answer as the filter sees it. */
export interface FilterCandidate {
  id: string
  /** The input text (duplicates are found on it). */
  input: string
  /** The parsed label, or null when the output failed the format check. */
  label: string | null
  /** The teacher's probability of its label, or null when it states none. */
  confidence: number | null
  /** Why the teacher gave no answer, or null. */
  error: string | null
}

/** Why an answer was dropped. */
export type FilterReason = 'no-answer' | 'format' | 'label-set' | 'low-confidence' | 'duplicate'

/** What the filter kept, what it dropped and why, and the pass rate. */
export interface FilterResult<T extends FilterCandidate> {
  kept: T[]
  dropped: { candidate: T; reason: FilterReason }[]
  /** Dropped answers by reason (every reason present, zero when none). */
  counts: Record<FilterReason, number>
  /** Kept / all, with its Wilson interval. */
  passRate: MeasuredProportion
}

/** Options of {@link filterTeacherAnswers}. */
export interface FilterOptions {
  /** The task's labels; an answer naming another is dropped. */
  labels: readonly string[]
  /** Answers with a stated confidence below this are dropped; default 0 (keep all). */
  minConfidence?: number
  /** Drop an input seen before (by its exact text); default true. */
  dedupe?: boolean
  /** Confidence of the pass rate's interval; default 0.95. */
  confidence?: number
}

/**
 * Filters teacher answers in order (of two equal inputs, the first that passes the other rules is kept); each dropped answer
 * carries the first rule it failed: no answer, format, label set, low confidence, duplicate.
 * O(n).
 *
 * @throws {InvalidArgumentError} when there are no candidates or minConfidence is outside [0, 1]
 * @example
 * const answers = [
 *   { id: 'a', input: 'win money', label: 'spam', confidence: 0.97, error: null },
 *   { id: 'b', input: 'lunch?', label: 'ham', confidence: 0.55, error: null },
 *   { id: 'c', input: 'win money', label: 'spam', confidence: 0.99, error: null },
 *   { id: 'd', input: 'hello', label: null, confidence: null, error: null },
 * ]
 * const result = filterTeacherAnswers(answers, { labels: ['spam', 'ham'], minConfidence: 0.6 })
 * result.kept.map((a) => a.id) // => ['a']
 * result.counts // => { 'no-answer': 0, format: 1, 'label-set': 0, 'low-confidence': 1, duplicate: 1 }
 * result.passRate.value // => 0.25
 */
export function filterTeacherAnswers<T extends FilterCandidate>(candidates: readonly T[], options: FilterOptions): FilterResult<T> {
  const minConfidence = checkNumber('minConfidence', options.minConfidence ?? 0, { min: 0, max: 1 })
  checkNumber('candidates', candidates.length, { min: 1, integer: true })
  const labels = new Set(options.labels)
  const seen = new Set<string>()
  const kept: T[] = []
  const dropped: { candidate: T; reason: FilterReason }[] = []
  const counts: Record<FilterReason, number> = { 'no-answer': 0, format: 0, 'label-set': 0, 'low-confidence': 0, duplicate: 0 }
  for (const candidate of candidates) {
    const reason: FilterReason | null =
      candidate.error !== null ? 'no-answer'
      : candidate.label === null ? 'format'
      : !labels.has(candidate.label) ? 'label-set'
      : candidate.confidence !== null && candidate.confidence < minConfidence ? 'low-confidence'
      : options.dedupe !== false && seen.has(candidate.input) ? 'duplicate'
      : null
    if (reason === null) {
      kept.push(candidate)
      seen.add(candidate.input)
    } else {
      dropped.push({ candidate, reason })
      counts[reason] += 1
    }
  }
  return { kept, dropped, counts, passRate: measuredProportion(kept.length, candidates.length, 'teacher answers that passed the filter (format, label set, confidence, duplicates)', options.confidence) }
}
