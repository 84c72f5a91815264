/**
 * A teacher run's totals, derived from its answers in one place, so every source counts the
 * same way.
 */
import type { TeacherAnswer, TeacherDescription, TeacherRun } from './teacher-source.js'

/** What a source counts itself while it runs; the rest of a {@link TeacherRun} follows from the answers. */
export interface TeacherRunCounts {
  calls: number
  retries: number
  paidUSD: number
  seconds: number
  problems: TeacherRun['problems']
}

/**
 * The run of `answers`: `cachedAnswers` and `failed` counted, `costUSD` summed (all answers at
 * what they cost when bought). O(answers).
 *
 * @example
 * const answer = { id: 'a', label: 'spam', output: 'spam', confidence: null, inputTokens: 1, outputTokens: 1, costUSD: 0.5, cached: true, error: null }
 * const run = teacherRun({ kind: 'local', model: 'm', endpoint: null, pricing: 'free' }, [answer, { ...answer, id: 'b', cached: false, error: 'x', costUSD: 0 }],
 *   { calls: 3, retries: 2, paidUSD: 0, seconds: 1, problems: [] })
 * run // => { cachedAnswers: 1, failed: 1, costUSD: 0.5, calls: 3 }
 */
export function teacherRun(teacher: TeacherDescription, answers: TeacherAnswer[], counts: TeacherRunCounts): TeacherRun {
  let cachedAnswers = 0
  let failed = 0
  let costUSD = 0
  for (const answer of answers) {
    if (answer.cached) cachedAnswers++
    if (answer.error !== null) failed++
    costUSD += answer.costUSD
  }
  return { teacher, answers, calls: counts.calls, cachedAnswers, retries: counts.retries, failed, paidUSD: counts.paidUSD, costUSD, seconds: counts.seconds, problems: counts.problems }
}
