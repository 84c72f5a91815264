/**
 * The one interface every teacher source speaks: an OpenAI-compatible endpoint
 * ({@link HttpTeacher}), recorded production logs ({@link LogsTeacher}) or a local model trained
 * by the LoRA worker. A source takes requests and the label set, and returns one answer per
 * request with what it cost, so the pipeline never needs to know which teacher it talks to.
 */

/**
 * One input to label.
 *
 * @example
 * const request: TeacherRequest = { id: 'easy-ham-1/00001', input: 'Subject: lunch?\n\nAt noon' }
 * request.id // => 'easy-ham-1/00001'
 */
export interface TeacherRequest {
  /** Unique within one call of {@link TeacherSource.label}. */
  id: string
  /** The model input (for emails: `Subject: <subject>\n\n<body text>`). */
  input: string
}

/**
 * The teacher's answer to one request. Every request gets exactly one answer; a request the
 * teacher could not answer has `error` set (and `label` and `output` null), never a missing row.
 *
 * @example
 * const answer: TeacherAnswer = { id: 'a', label: 'spam', output: '{"label":"spam"}', confidence: null,
 *   inputTokens: 100, outputTokens: 10, costUSD: 0.00028, cached: false, error: null }
 * answer.costUSD // => 0.00028
 */
export interface TeacherAnswer {
  id: string
  /** The parsed label (one of the label set), null when the output failed the format check or there is no output. */
  label: string | null
  /** The raw output text, null when there is none. */
  output: string | null
  /** The teacher's probability of its label where available (logprobs, local softmax, the log's field), else null. */
  confidence: number | null
  /** Tokens billed for the input (prompt), 0 where unknown. */
  inputTokens: number
  /** Tokens billed for the output (completion), 0 where unknown. */
  outputTokens: number
  /** What this answer cost when it was bought, USD (also when served from the cache now). */
  costUSD: number
  /** Served from the on-disk cache in this run (paid 0 now). */
  cached: boolean
  /** Why there is no answer (gave up after retries, timeout, not in the log, ...), else null. */
  error: string | null
}

/**
 * What a teacher is, for reports: its kind, model, endpoint (never with a key) and how its
 * answers are priced.
 *
 * @example
 * const description: TeacherDescription = { kind: 'logs', model: 'gpt-4.1', endpoint: null, pricing: 'costUSD from the log lines' }
 * description.kind // => 'logs'
 */
export interface TeacherDescription {
  kind: 'http' | 'logs' | 'local'
  model: string
  /** The base URL of an HTTP teacher (without credentials), the log file of a logs teacher, else null. */
  endpoint: string | null
  /** How answers are priced, in words: `openai gpt-4.1 at @pydantic/genai-prices 0.1.8 ...`, `unpriced: ...`. */
  pricing: string
}

/**
 * One call of {@link TeacherSource.label}: the answers in request order, and what the run took.
 *
 * @example
 * const run: TeacherRun = { teacher: { kind: 'logs', model: 'm', endpoint: null, pricing: 'free' }, answers: [],
 *   calls: 0, cachedAnswers: 0, retries: 0, failed: 0, paidUSD: 0, costUSD: 0, seconds: 0, problems: [] }
 * run.paidUSD // => 0
 */
export interface TeacherRun {
  teacher: TeacherDescription
  /** One per request, in request order. */
  answers: TeacherAnswer[]
  /** Requests sent to the teacher in this run (every attempt, retries included); 0 for logs and cached answers. */
  calls: number
  /** Answers served from the on-disk cache. */
  cachedAnswers: number
  /** Attempts re-sent after a failure (429, 5xx, timeout, dropped connection, malformed body, format downgrade). */
  retries: number
  /** Answers with an error. */
  failed: number
  /** USD spent in this run (new calls only). */
  paidUSD: number
  /** USD of all answers at purchase (cached ones at what they cost when bought). */
  costUSD: number
  /** Wall-clock seconds of the run. */
  seconds: number
  /** What went wrong on the way without stopping the run: bad log lines (with line numbers), missing usage, ... */
  problems: { line?: number; id?: string; problem: string }[]
}

/**
 * How to label: the label set, an optional instruction, cancellation and progress.
 *
 * @example
 * const options: LabelOptions = { labels: ['spam', 'ham'], instruction: 'Is this email spam?' }
 * options.labels.length // => 2
 */
export interface LabelOptions {
  /** The labels the teacher must choose from (distinct, also ignoring case). */
  labels: string[]
  /** The task in words, before the format rule; a generic instruction when absent. */
  instruction?: string
  /** Stops the run: no new request starts; requests in flight finish and are cached. */
  signal?: AbortSignal
  /** Called after each answer (cached ones included) with answers done and the total. */
  onProgress?: (done: number, total: number) => void
}

/**
 * A teacher: labels requests and says what that cost.
 *
 * @example
 * const echo: TeacherSource = {
 *   description: { kind: 'local', model: 'echo', endpoint: null, pricing: 'free' },
 *   label: async (requests) => ({ teacher: echo.description, answers: [], calls: 0, cachedAnswers: 0, retries: 0,
 *     failed: 0, paidUSD: 0, costUSD: 0, seconds: 0, problems: [] }),
 * }
 * const run = await echo.label([], { labels: ['a'] })
 * run.calls // => 0
 */
export interface TeacherSource {
  readonly description: TeacherDescription
  label(requests: TeacherRequest[], options: LabelOptions): Promise<TeacherRun>
}
