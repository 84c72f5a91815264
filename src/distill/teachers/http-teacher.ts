/**
 * A teacher behind any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, Ollama's
 * `/v1`, gateways): bounded concurrency, retries with backoff and jitter, timeouts, structured
 * outputs with fallbacks, an on-disk cache that makes a re-run free and an interrupted run
 * resumable, and the cost of every answer from the usage the endpoint returns.
 */
import pLimit from 'p-limit'
import { invalidArgument, invalidArgumentShown } from '../../agreement/messages.js'
import { checkNumber } from '../../scenario/check-number.js'
import { backoffDelayMs } from './backoff.js'
import { chatCompletionAttempt, type ChatAttemptOutcome } from './chat-completion-attempt.js'
import { checkLabelCall } from './check-label-call.js'
import { classificationMessages, type ChatMessage } from './classification-messages.js'
import { teacherProblems, teacherRules } from './messages.js'
import { parseTeacherOutput } from './parse-teacher-output.js'
import { redactSecret } from './redact.js'
import { TeacherAbortedError } from './teacher-aborted-error.js'
import { DEFAULT_TEACHER_CACHE_DIR, readCachedAnswer, teacherCacheKey, writeCachedAnswer, type CachedTeacherAnswer } from './teacher-cache.js'
import { answerCostUSD, inferProvider, teacherPricing, type TeacherPrices, type TeacherPricing } from './teacher-pricing.js'
import { teacherRun } from './teacher-run.js'
import type { LabelOptions, TeacherAnswer, TeacherDescription, TeacherRequest, TeacherRun, TeacherSource } from './teacher-source.js'

/** Response formats, strongest first: a run falls back down this list when the endpoint rejects one. */
export const RESPONSE_FORMATS = ['json_schema', 'json_object', 'none'] as const
export type ResponseFormatMode = (typeof RESPONSE_FORMATS)[number]

/** OpenAI's endpoint, the default base URL. */
export const DEFAULT_TEACHER_BASE_URL = 'https://api.openai.com/v1'

/** How to reach and pay an OpenAI-compatible endpoint; only `model` is required. */
export interface HttpTeacherConfig {
  /** Default {@link DEFAULT_TEACHER_BASE_URL}; `http://127.0.0.1:8000/v1` for vLLM, `http://127.0.0.1:11434/v1` for Ollama. */
  baseUrl?: string
  model: string
  /** Sent as `Authorization: Bearer <key>` and nowhere else; optional for local servers. */
  apiKey?: string
  /** The price table's provider id; default inferred from the base URL's host ({@link inferProvider}). */
  provider?: string
  /** Explicit prices per million tokens; they replace the price table. */
  prices?: TeacherPrices
  /** Requests in flight at once; default 4. */
  concurrency?: number
  /** Per-attempt time limit, ms; default 60,000. */
  timeoutMs?: number
  /** Attempts per request before giving up (the first included); default 5. */
  maxAttempts?: number
  /** Backoff base, ms; default 500 (the n-th retry waits up to base x 2^(n-1)). */
  baseDelayMs?: number
  /** Backoff cap, ms; default 30,000. */
  maxDelayMs?: number
  /** The most a `retry-after` may make a request wait, ms; default 60,000. */
  maxRetryAfterMs?: number
  /** The strongest response format to ask for; default `json_schema` (structured outputs). */
  responseFormat?: ResponseFormatMode
  /** Ask for `logprobs: true, top_logprobs: 5`, and take confidence from the label tokens; default false. */
  logprobs?: boolean
  /** Default 0; null leaves it out (models that accept only their default). */
  temperature?: number | null
  seed?: number
  /** `max_tokens`; unset by default. */
  maxTokens?: number
  /** The cache folder; default {@link DEFAULT_TEACHER_CACHE_DIR} (relative to the working directory). */
  cacheDir?: string
  /** Random numbers in [0, 1) for the backoff jitter; default Math.random. */
  random?: () => number
  /** Default the global fetch (undici). */
  fetch?: typeof fetch
}

/** The config with every default filled in, the key left out. */
type HttpTeacherSettings = Required<Omit<HttpTeacherConfig, 'apiKey' | 'provider' | 'prices' | 'seed' | 'maxTokens'>> &
  Pick<HttpTeacherConfig, 'seed' | 'maxTokens'>

function settingsOf(config: HttpTeacherConfig): HttpTeacherSettings {
  if (config === null || typeof config !== 'object') throw invalidArgument('config', config, 'must be an object { model, ... }')
  const baseUrl = (config.baseUrl ?? DEFAULT_TEACHER_BASE_URL).replace(/\/+$/, '')
  let url: URL | undefined
  try {
    url = new URL(baseUrl)
  } catch {
    url = undefined
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw invalidArgument('baseUrl', config.baseUrl, teacherRules.url)
  if (typeof config.model !== 'string' || config.model.trim() === '') throw invalidArgument('model', config.model, teacherRules.model)
  // The key is never shown, not even in the message about it.
  if (config.apiKey !== undefined && typeof config.apiKey !== 'string') throw invalidArgumentShown('apiKey', '(hidden)', teacherRules.text)
  if (typeof config.apiKey === 'string' && /[\s\x00-\x1f\x7f]/.test(config.apiKey.trim())) throw invalidArgumentShown('apiKey', '(hidden)', teacherRules.apiKey)
  const responseFormat = config.responseFormat ?? 'json_schema'
  if (!RESPONSE_FORMATS.includes(responseFormat)) throw invalidArgument('responseFormat', responseFormat, teacherRules.responseFormat)
  if (config.temperature !== undefined && config.temperature !== null) checkNumber('temperature', config.temperature, { min: 0, max: 2 })
  if (config.seed !== undefined) checkNumber('seed', config.seed, { integer: true })
  if (config.maxTokens !== undefined) checkNumber('maxTokens', config.maxTokens, { min: 1, integer: true })
  const cacheDir = config.cacheDir ?? DEFAULT_TEACHER_CACHE_DIR
  if (typeof cacheDir !== 'string' || cacheDir === '') throw invalidArgument('cacheDir', cacheDir, teacherRules.path)
  return {
    baseUrl,
    model: config.model,
    concurrency: checkNumber('concurrency', config.concurrency ?? 4, { min: 1, max: 256, integer: true }),
    timeoutMs: checkNumber('timeoutMs', config.timeoutMs ?? 60_000, { exclusiveMin: 0 }),
    maxAttempts: checkNumber('maxAttempts', config.maxAttempts ?? 5, { min: 1, max: 100, integer: true }),
    baseDelayMs: checkNumber('baseDelayMs', config.baseDelayMs ?? 500, { min: 0 }),
    maxDelayMs: checkNumber('maxDelayMs', config.maxDelayMs ?? 30_000, { min: 0 }),
    maxRetryAfterMs: checkNumber('maxRetryAfterMs', config.maxRetryAfterMs ?? 60_000, { min: 0 }),
    responseFormat,
    logprobs: config.logprobs ?? false,
    temperature: config.temperature === undefined ? 0 : config.temperature,
    seed: config.seed,
    maxTokens: config.maxTokens,
    cacheDir,
    random: config.random ?? Math.random,
    fetch: config.fetch ?? globalThis.fetch,
  }
}

/** The base URL as shown in reports: without user name or password. */
function shownEndpoint(baseUrl: string): string {
  const url = new URL(baseUrl)
  url.username = ''
  url.password = ''
  return url.toString().replace(/\/+$/, '')
}

/** The `response_format` field for a mode and label set (undefined for `none`). */
function responseFormatField(mode: ResponseFormatMode, labels: readonly string[]): Record<string, unknown> | undefined {
  if (mode === 'none') return undefined
  if (mode === 'json_object') return { type: 'json_object' }
  return {
    type: 'json_schema',
    json_schema: {
      name: 'label',
      strict: true,
      schema: { type: 'object', properties: { label: { type: 'string', enum: [...labels] } }, required: ['label'], additionalProperties: false },
    },
  }
}

/**
 * A teacher behind an OpenAI-compatible chat-completions endpoint. Each request becomes the
 * {@link classificationMessages} prompt; answers are parsed with {@link parseTeacherOutput}.
 *
 * - Concurrency: at most `concurrency` requests in flight (p-limit).
 * - Retries: 408/409/425/429, 5xx, timeouts, dropped connections, malformed bodies and missing
 *   choices are retried up to `maxAttempts` attempts, waiting what `retry-after` asks (capped
 *   at `maxRetryAfterMs`) or a full-jitter backoff ({@link backoffDelayMs}); then the answer
 *   carries `error` and counts in `failed`. Other statuses (401, 404, ...) fail at once.
 * - Response format: `json_schema` (structured outputs, the label an enum), falling back to
 *   `json_object` and then none when the endpoint answers 400 naming the format; the fallback
 *   holds for the rest of the run.
 * - Confidence: from the label tokens' logprobs when `logprobs` is on and they come back, else
 *   the answer's JSON `confidence`, else null.
 * - Cache: every answer is written to the cache (cacache, key {@link teacherCacheKey} of the
 *   request actually sent) the moment it arrives; a cached answer is served with `cached: true`
 *   and its original `costUSD`, looked up at the configured format and each fallback. Two
 *   requests with the same input in one run are bought once; the second is served as cached.
 * - Abort: when `signal` aborts no request starts; those in flight finish and are cached;
 *   `label` rejects with {@link TeacherAbortedError} holding the answers so far.
 * - Cost: the returned `usage` (prompt, completion and cached tokens) at the model's prices
 *   ({@link teacherPricing}); 0 where unpriced or usage is missing (then a problem says so).
 * - The API key is sent only in the Authorization header: never in the cache, the description,
 *   an answer, a problem or an error (server text that echoes it is redacted).
 *
 * @throws {InvalidArgumentError} for a bad config: `invalid concurrency: 0 (must be >= 1)`
 * @example
 * const teacher = new HttpTeacher({ model: 'gpt-4.1', apiKey: 'sk-example' })
 * teacher.description // => { kind: 'http', model: 'gpt-4.1', endpoint: 'https://api.openai.com/v1' }
 * JSON.stringify(teacher).includes('sk-example') // => false
 * new HttpTeacher({ model: 'gpt-4.1', concurrency: 0 }) // throws invalid concurrency: 0 (must be >= 1)
 * new HttpTeacher({ model: 'gpt-4.1', apiKey: 'sk-a b' }) // throws invalid apiKey: (hidden) (must not contain spaces or control characters)
 * new HttpTeacher({ model: 'llama3.1:8b', baseUrl: 'http://127.0.0.1:11434/v1' }).description.pricing
 * // => 'unpriced: llama3.1:8b not in the price table (provider unknown); answers cost 0'
 */
export class HttpTeacher implements TeacherSource {
  readonly description: TeacherDescription
  readonly #settings: HttpTeacherSettings
  readonly #apiKey: string | undefined
  readonly #pricing: TeacherPricing

  constructor(config: HttpTeacherConfig) {
    this.#settings = settingsOf(config)
    this.#apiKey = config.apiKey === undefined || config.apiKey.trim() === '' ? undefined : config.apiKey.trim()
    this.#pricing = teacherPricing(config.provider ?? inferProvider(this.#settings.baseUrl), this.#settings.model, config.prices)
    this.description = { kind: 'http', model: this.#settings.model, endpoint: shownEndpoint(this.#settings.baseUrl), pricing: this.#pricing.description }
  }

  /**
   * Labels `requests` over HTTP (see the class); one answer per request, in request order.
   *
   * @throws {InvalidArgumentError} for bad requests or labels (see {@link checkLabelCall})
   * @throws {TeacherAbortedError} when `options.signal` aborts first
   * @example illustrative: needs a chat-completions server (test/distill/teachers/http-teacher.test.ts runs one)
   * const run = await new HttpTeacher({ model: 'gpt-4.1-mini', apiKey: process.env.OPENAI_API_KEY })
   *   .label([{ id: '1', input: 'WIN A PRIZE NOW' }], { labels: ['spam', 'ham'] })
   * console.log(run.answers[0].label, run.paidUSD)
   */
  async label(requests: TeacherRequest[], options: LabelOptions): Promise<TeacherRun> {
    checkLabelCall(requests, options)
    return labelOverHttp(this.#settings, this.#apiKey, this.#pricing, this.description, requests, options)
  }
}

/** Counters of one run, shared by its requests. */
interface RunState {
  formatLevel: number
  calls: number
  retries: number
  paidUSD: number
  problems: TeacherRun['problems']
}

async function labelOverHttp(
  settings: HttpTeacherSettings,
  apiKey: string | undefined,
  pricing: TeacherPricing,
  description: TeacherDescription,
  requests: TeacherRequest[],
  options: LabelOptions,
): Promise<TeacherRun> {
  const started = performance.now()
  const { labels, instruction, signal, onProgress } = options
  const configuredLevel = RESPONSE_FORMATS.indexOf(settings.responseFormat)
  const state: RunState = { formatLevel: configuredLevel, calls: 0, retries: 0, paidUSD: 0, problems: [] }
  const headers: Record<string, string> = apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }
  const hide = (text: string) => redactSecret(text, apiKey)

  const bodyFor = (messages: ChatMessage[], level: number): Record<string, unknown> => ({
    model: settings.model,
    messages,
    response_format: responseFormatField(RESPONSE_FORMATS[level] as ResponseFormatMode, labels),
    temperature: settings.temperature ?? undefined,
    seed: settings.seed,
    max_tokens: settings.maxTokens,
    logprobs: settings.logprobs ? true : undefined,
    top_logprobs: settings.logprobs ? 5 : undefined,
  })
  const keyFor = (messages: ChatMessage[], level: number) => teacherCacheKey({ baseUrl: settings.baseUrl, body: bodyFor(messages, level) })

  const answerOf = (id: string, entry: CachedTeacherAnswer, cached: boolean): TeacherAnswer => {
    const parsed = parseTeacherOutput(entry.output, labels)
    return {
      id,
      label: parsed.label,
      output: entry.output,
      confidence: entry.logprobConfidence ?? parsed.confidence,
      inputTokens: entry.inputTokens,
      outputTokens: entry.outputTokens,
      costUSD: entry.costUSD,
      cached,
      error: null,
    }
  }
  const failure = (id: string, error: string): TeacherAnswer => ({
    id, label: null, output: null, confidence: null, inputTokens: 0, outputTokens: 0, costUSD: 0, cached: false, error: hide(error),
  })

  /** Buys one answer: attempts until an answer, a fatal status, the attempt limit or an abort. */
  const buy = async (id: string, messages: ChatMessage[]): Promise<CachedTeacherAnswer | { error: string } | 'aborted'> => {
    let failedAttempts = 0
    for (;;) {
      if (signal?.aborted) return 'aborted'
      const level = state.formatLevel
      const body = bodyFor(messages, level)
      state.calls++
      const outcome: ChatAttemptOutcome = await chatCompletionAttempt({
        url: `${settings.baseUrl}/chat/completions`,
        headers,
        body,
        timeoutMs: settings.timeoutMs,
        maxRetryAfterMs: settings.maxRetryAfterMs,
        fetch: settings.fetch,
      })
      if (outcome.kind === 'answer') {
        const usage = outcome.usage
        if (usage === null) state.problems.push({ id, problem: teacherProblems.noUsage })
        const tokens = { inputTokens: usage?.promptTokens ?? 0, cacheReadTokens: usage?.cachedTokens ?? 0, outputTokens: usage?.completionTokens ?? 0 }
        const entry: CachedTeacherAnswer = {
          output: hide(outcome.output),
          logprobConfidence: outcome.logprobConfidence,
          ...tokens,
          costUSD: answerCostUSD(pricing, tokens),
          answeredBy: outcome.answeredBy === null ? null : hide(outcome.answeredBy),
          boughtAt: new Date().toISOString(),
        }
        state.paidUSD += entry.costUSD
        try {
          await writeCachedAnswer(settings.cacheDir, keyFor(messages, level), entry)
        } catch (error) {
          state.problems.push({ id, problem: hide(`cannot write the teacher cache ${settings.cacheDir}: ${(error as Error).message}`) })
        }
        return entry
      }
      if (outcome.kind === 'format-rejected' && level < RESPONSE_FORMATS.length - 1) {
        if (state.formatLevel === level) {
          state.formatLevel = level + 1
          state.problems.push({ problem: hide(`the endpoint rejected response_format ${RESPONSE_FORMATS[level]} (${outcome.reason}); using ${RESPONSE_FORMATS[level + 1]} for the rest of the run`) })
        }
        state.retries++
        continue
      }
      if (outcome.kind !== 'retry') return { error: outcome.reason }
      failedAttempts++
      if (failedAttempts >= settings.maxAttempts) return { error: teacherProblems.gaveUp(failedAttempts, outcome.reason) }
      state.retries++
      const waitMs = outcome.retryAfterMs ?? backoffDelayMs(failedAttempts, settings.baseDelayMs, settings.maxDelayMs, settings.random)
      await sleep(waitMs, signal)
    }
  }

  type Resolution = { entry: CachedTeacherAnswer; fromCache: boolean } | { error: string } | 'aborted'

  /** The cached answer at the configured format or a fallback, else a bought one. */
  const lookUpOrBuy = async (id: string, messages: ChatMessage[]): Promise<Resolution> => {
    for (let level = configuredLevel; level < RESPONSE_FORMATS.length; level++) {
      const entry = await readCachedAnswer(settings.cacheDir, keyFor(messages, level))
      if (entry !== undefined) return { entry, fromCache: true }
    }
    const bought = await buy(id, messages)
    return bought === 'aborted' || 'error' in bought ? bought : { entry: bought, fromCache: false }
  }

  /**
   * Each logical request (its key at the configured format) is resolved once per run: a repeat
   * of an input registers before any await, so it always shares the first one's lookup or
   * purchase and never buys it again.
   */
  const resolutions = new Map<string, Promise<Resolution>>()

  const answerOne = async (request: TeacherRequest): Promise<TeacherAnswer | 'aborted'> => {
    const messages = classificationMessages(request.input, labels, instruction)
    const logicalKey = keyFor(messages, configuredLevel)
    let resolution = resolutions.get(logicalKey)
    const repeat = resolution !== undefined
    if (resolution === undefined) {
      resolution = lookUpOrBuy(request.id, messages)
      resolutions.set(logicalKey, resolution)
    }
    const result = await resolution
    if (result === 'aborted') return 'aborted'
    if ('error' in result) return failure(request.id, result.error)
    return answerOf(request.id, result.entry, repeat || result.fromCache)
  }

  const limit = pLimit(settings.concurrency)
  const answers: (TeacherAnswer | undefined)[] = new Array(requests.length)
  let done = 0
  await Promise.all(
    requests.map((request, i) =>
      limit(async () => {
        if (signal?.aborted) return
        const answer = await answerOne(request)
        if (answer === 'aborted') return
        answers[i] = answer
        done++
        onProgress?.(done, requests.length)
      }),
    ),
  )
  const counts = { calls: state.calls, retries: state.retries, paidUSD: state.paidUSD, seconds: (performance.now() - started) / 1000, problems: state.problems }
  const answered = answers.filter((a): a is TeacherAnswer => a !== undefined)
  if (answered.length < requests.length) throw new TeacherAbortedError(teacherRun(description, answered, counts), requests.length)
  return teacherRun(description, answered, counts)
}

/** Waits `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}
