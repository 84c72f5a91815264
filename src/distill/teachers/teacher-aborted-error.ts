/**
 * A teacher run stopped by its AbortSignal, with what it had when it stopped.
 */
import type { TeacherRun } from './teacher-source.js'

/**
 * Thrown (as a rejection of `label`) when the run's signal aborts before every request is
 * answered. `run` holds the answers that arrived (all of them cached: a re-run resumes there and
 * buys only the rest) and what they cost; requests that got no answer are absent from it.
 *
 * @example
 * const error = new TeacherAbortedError({ teacher: { kind: 'http', model: 'm', endpoint: null, pricing: 'free' }, answers: [],
 *   calls: 0, cachedAnswers: 0, retries: 0, failed: 0, paidUSD: 0, costUSD: 0, seconds: 0, problems: [] }, 10)
 * error.message // => 'teacher run aborted after 0 of 10 answers; a re-run resumes from the cache'
 * error.name // => 'TeacherAbortedError'
 */
export class TeacherAbortedError extends Error {
  readonly run: TeacherRun
  constructor(run: TeacherRun, total: number) {
    super(`teacher run aborted after ${run.answers.length} of ${total} answers; a re-run resumes from the cache`)
    this.name = 'TeacherAbortedError'
    this.run = run
  }
}
