/**
 * One attempt at a chat-completions request, and what it means for the caller: an answer, a
 * retry (and how long the server asks to wait), a rejected response format, or a failure that
 * retrying cannot fix.
 */
import { retryAfterMs } from './backoff.js'
import { labelLogprobConfidence, type TokenLogprob } from './label-logprob-confidence.js'
import { teacherProblems } from './messages.js'

/** Token usage as the endpoint reported it. */
export interface ChatUsage {
  promptTokens: number
  completionTokens: number
  /** `prompt_tokens_details.cached_tokens` where reported, else 0. */
  cachedTokens: number
}

/** What one attempt came to. */
export type ChatAttemptOutcome =
  | { kind: 'answer'; output: string; logprobConfidence: number | null; usage: ChatUsage | null; answeredBy: string | null }
  | { kind: 'retry'; reason: string; retryAfterMs: number | undefined }
  | { kind: 'format-rejected'; reason: string }
  | { kind: 'fatal'; reason: string }

/** Statuses worth retrying: request timeout, conflict, too early, rate limit, server errors. */
const RETRY_STATUSES = new Set([408, 409, 425, 429])

/** A 400 that names the response format: the endpoint does not offer the one asked for. */
const FORMAT_REJECTION = /response_format|json_schema|json_object|structured|guided|grammar/i

/** The request of one attempt: where, with which headers (the key among them) and body. */
export interface ChatAttemptRequest {
  url: string
  headers: Record<string, string>
  body: Record<string, unknown>
  timeoutMs: number
  /** The most a `retry-after` may make the caller wait, ms. */
  maxRetryAfterMs: number
  fetch: typeof fetch
}

/**
 * Sends one chat-completions request and classifies the result. Retried: 408, 409, 425, 429 and
 * 5xx (with `retry-after` where given), no response within `timeoutMs`, a dropped or refused
 * connection, a body that is not JSON, and a body without `choices[0].message.content`. A 400
 * whose body names the response format (`response_format`, `json_schema`, ...) when one was sent
 * is `format-rejected`; any other status is `fatal`. Never throws. The reason strings may hold
 * what the server said; the caller removes any secret from them.
 *
 * @example illustrative: needs a chat-completions server (test/distill/teachers/http-teacher.test.ts runs one)
 * const outcome = await chatCompletionAttempt({ url: 'http://127.0.0.1:8000/v1/chat/completions', headers: {},
 *   body: { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, timeoutMs: 10_000, maxRetryAfterMs: 60_000, fetch })
 */
export async function chatCompletionAttempt(request: ChatAttemptRequest): Promise<ChatAttemptOutcome> {
  let response: Response
  let text: string
  try {
    response = await request.fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...request.headers },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(request.timeoutMs),
    })
    text = await response.text()
  } catch (error) {
    const name = (error as Error)?.name
    if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'retry', reason: teacherProblems.timeout(request.timeoutMs), retryAfterMs: undefined }
    return { kind: 'retry', reason: teacherProblems.connection(connectionDetail(error)), retryAfterMs: undefined }
  }
  const status = response.status
  if (status < 200 || status >= 300) {
    const reason = teacherProblems.http(status, errorDetail(text))
    if (RETRY_STATUSES.has(status) || status >= 500) {
      return { kind: 'retry', reason, retryAfterMs: retryAfterMs(response.headers.get('retry-after'), Date.now(), request.maxRetryAfterMs) }
    }
    if (status === 400 && request.body.response_format !== undefined && FORMAT_REJECTION.test(text)) return { kind: 'format-rejected', reason }
    return { kind: 'fatal', reason }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    return { kind: 'retry', reason: teacherProblems.malformedBody((error as Error).message), retryAfterMs: undefined }
  }
  const body = parsed as {
    model?: unknown
    choices?: { message?: { content?: unknown }; logprobs?: { content?: TokenLogprob[] } }[]
    usage?: { prompt_tokens?: unknown; completion_tokens?: unknown; prompt_tokens_details?: { cached_tokens?: unknown } }
  }
  const choice = Array.isArray(body?.choices) ? body.choices[0] : undefined
  const output = choice?.message?.content
  if (typeof output !== 'string') return { kind: 'retry', reason: teacherProblems.noChoices, retryAfterMs: undefined }
  const logprobs = choice?.logprobs?.content
  return {
    kind: 'answer',
    output,
    logprobConfidence: Array.isArray(logprobs) ? labelLogprobConfidence(logprobs, output) : null,
    usage: usageOf(body.usage),
    answeredBy: typeof body.model === 'string' ? body.model : null,
  }
}

const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined)

function usageOf(usage: { prompt_tokens?: unknown; completion_tokens?: unknown; prompt_tokens_details?: { cached_tokens?: unknown } } | undefined): ChatUsage | null {
  const promptTokens = count(usage?.prompt_tokens)
  const completionTokens = count(usage?.completion_tokens)
  if (promptTokens === undefined || completionTokens === undefined) return null
  const cachedTokens = Math.min(count(usage?.prompt_tokens_details?.cached_tokens) ?? 0, promptTokens)
  return { promptTokens, completionTokens, cachedTokens }
}

/** The server's own words for an error: `error.message` of a JSON body, else the text, cut. */
function errorDetail(text: string): string {
  let detail = text.trim()
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown }
    const message = typeof body?.error === 'string' ? body.error : (body?.error?.message ?? body?.message)
    if (typeof message === 'string') detail = message
  } catch {
    // not JSON: keep the text
  }
  return detail.length > 200 ? `${detail.slice(0, 197)}...` : detail
}

/** A failed connection in words: undici's cause (`other side closed`, `ECONNREFUSED`) where there is one. */
function connectionDetail(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause
  const parts = [cause?.code, cause?.message].filter((p): p is string => typeof p === 'string' && p !== '')
  return parts.length > 0 ? parts.join(' ') : String((error as Error)?.message ?? error)
}
