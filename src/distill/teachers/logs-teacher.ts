/**
 * A teacher whose answers were recorded in production: it buys nothing, it looks them up.
 */
import { checkLabelCall } from './check-label-call.js'
import { teacherProblems } from './messages.js'
import { parseTeacherOutput } from './parse-teacher-output.js'
import { readTeacherLog, type TeacherLog, type TeacherLogEntry } from './teacher-log.js'
import { TeacherAbortedError } from './teacher-aborted-error.js'
import { teacherRun } from './teacher-run.js'
import type { LabelOptions, TeacherAnswer, TeacherDescription, TeacherRequest, TeacherRun, TeacherSource } from './teacher-source.js'

/** Where a log came from and which model wrote it, for the description. */
export interface LogsTeacherOptions {
  /** The log file, shown as the description's endpoint; null when the log was built in memory. */
  source?: string | null
  /** The teacher model; default the log lines' `model` (several joined with ` + `), else `unknown`. */
  model?: string
}

/** How a log's answers are priced, in words, from how many lines carry `costUSD`. */
function logPricing(entries: readonly TeacherLogEntry[]): string {
  const priced = entries.filter((entry) => entry.costUSD !== undefined).length
  if (entries.length > 0 && priced === entries.length) return 'costUSD from the log lines (paid in production; nothing is bought now)'
  if (priced === 0) return 'unpriced: the log has no costUSD; answers cost 0'
  return `costUSD from ${priced} of ${entries.length} log lines; the others cost 0`
}

/**
 * A teacher that answers from recorded production logs ({@link readTeacherLog}): each request is
 * found by `id`, else by exact `input` text (the first line with that input), else answered with
 * error `not in the log`. The output is parsed with {@link parseTeacherOutput}; confidence is
 * the line's `confidence`, else the output JSON's, else null; cost and token counts are the
 * line's, else 0 (the description's pricing and a problem say so; count tokens with the
 * corpus's tokenizer). Answers are never `cached` and the run pays nothing (`paidUSD` 0, `calls`
 * 0); `costUSD` sums what the answers cost in production. The log's bad lines are the run's
 * problems, with their line numbers.
 *
 * @example
 * const teacher = new LogsTeacher(parseTeacherLog('{"id":"1","input":"Win now","output":"{\\"label\\":\\"spam\\"}","costUSD":0.002,"model":"gpt-4.1"}\nbad'))
 * const run = await teacher.label([{ id: '1', input: 'Win now' }, { id: '2', input: 'Lunch?' }], { labels: ['spam', 'ham'] })
 * run.answers[0] // => { label: 'spam', costUSD: 0.002, cached: false, error: null }
 * run.answers[1].error // => 'not in the log'
 * run // => { failed: 1, paidUSD: 0, costUSD: 0.002, calls: 0 }
 * run.problems[0] // => { line: 2, problem: 'not valid JSON: Unexpected token \'b\', "bad" is not valid JSON' }
 * teacher.description // => { kind: 'logs', model: 'gpt-4.1', endpoint: null }
 */
export class LogsTeacher implements TeacherSource {
  readonly description: TeacherDescription
  readonly #log: TeacherLog
  readonly #byId = new Map<string, TeacherLogEntry>()
  readonly #byInput = new Map<string, TeacherLogEntry>()

  constructor(log: TeacherLog, options: LogsTeacherOptions = {}) {
    this.#log = log
    for (const entry of log.entries) {
      if (entry.id !== undefined && !this.#byId.has(entry.id)) this.#byId.set(entry.id, entry)
      if (!this.#byInput.has(entry.input)) this.#byInput.set(entry.input, entry)
    }
    const models = [...new Set(log.entries.map((entry) => entry.model).filter((model): model is string => model !== undefined))]
    this.description = {
      kind: 'logs',
      model: options.model ?? (models.length > 0 ? models.join(' + ') : 'unknown'),
      endpoint: options.source ?? null,
      pricing: logPricing(log.entries),
    }
  }

  /**
   * A teacher from a log file ({@link readTeacherLog}); the path is its endpoint.
   *
   * @throws {InputError} when the file cannot be read
   * @example
   * const { mkdtempSync, writeFileSync } = process.getBuiltinModule('node:fs')
   * const folder = mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/payback-logs-`)
   * writeFileSync(`${folder}/log.jsonl`, '{"input":"Win now","output":"spam"}\n')
   * LogsTeacher.fromFile(`${folder}/log.jsonl`).description.pricing // => 'unpriced: the log has no costUSD; answers cost 0'
   */
  static fromFile(path: string, options: Omit<LogsTeacherOptions, 'source'> = {}): LogsTeacher {
    return new LogsTeacher(readTeacherLog(path), { ...options, source: path })
  }

  /**
   * Answers `requests` from the log, one answer per request in request order (see the class).
   *
   * @throws {InvalidArgumentError} for bad requests or labels
   * @example
   * const teacher = new LogsTeacher(parseTeacherLog('{"input":"Lunch?","output":"ham","confidence":0.8}'))
   * const run = await teacher.label([{ id: 'x', input: 'Lunch?' }], { labels: ['spam', 'ham'] })
   * run.answers[0] // => { id: 'x', label: 'ham', confidence: 0.8, inputTokens: 0, costUSD: 0 }
   * run.problems[0].problem // => '1 answer without token counts in the log; counted as 0 (count them with countTokens)'
   */
  async label(requests: TeacherRequest[], options: LabelOptions): Promise<TeacherRun> {
    checkLabelCall(requests, options)
    const started = performance.now()
    const problems: TeacherRun['problems'] = this.#log.problems.map((problem) => ({ ...problem }))
    let missingTokens = 0
    const answers: TeacherAnswer[] = []
    for (const request of requests) {
      if (options.signal?.aborted) break
      let entry = this.#byId.get(request.id)
      if (entry !== undefined && entry.input !== request.input) problems.push({ id: request.id, line: entry.line, problem: teacherProblems.idInputDiffers(request.id) })
      entry ??= this.#byInput.get(request.input)
      if (entry === undefined) {
        answers.push({ id: request.id, label: null, output: null, confidence: null, inputTokens: 0, outputTokens: 0, costUSD: 0, cached: false, error: teacherProblems.notInLog })
      } else {
        const parsed = parseTeacherOutput(entry.output, options.labels)
        if (entry.inputTokens === undefined || entry.outputTokens === undefined) missingTokens++
        answers.push({
          id: request.id,
          label: parsed.label,
          output: entry.output,
          confidence: entry.confidence ?? parsed.confidence,
          inputTokens: entry.inputTokens ?? 0,
          outputTokens: entry.outputTokens ?? 0,
          costUSD: entry.costUSD ?? 0,
          cached: false,
          error: null,
        })
      }
      options.onProgress?.(answers.length, requests.length)
    }
    if (missingTokens > 0) problems.push({ problem: teacherProblems.missingTokens(missingTokens) })
    const run = teacherRun(this.description, answers, { calls: 0, retries: 0, paidUSD: 0, seconds: (performance.now() - started) / 1000, problems })
    if (answers.length < requests.length) throw new TeacherAbortedError(run, requests.length)
    return run
  }
}
