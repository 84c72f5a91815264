/**
 * The HTTP teacher's on-disk cache: content-addressed (`cacache`), keyed by the SHA-256 of the
 * canonical request, so a re-run pays nothing and an interrupted run resumes where it stopped.
 * Neither a key nor an entry ever holds the API key: only what is sent in the request body and
 * where it is sent.
 */
import { createRequire } from 'node:module'
import { canonicalJson, sha256 } from '../../provenance.js'

/** The part of `cacache` used here (the package ships no types). */
interface Cacache {
  get(cache: string, key: string): Promise<{ data: Buffer }>
  put(cache: string, key: string, data: string): Promise<string>
}
const cacache = createRequire(import.meta.url)('cacache') as Cacache

/** Where the HTTP teacher's cache lives unless told otherwise (relative to the working directory). */
export const DEFAULT_TEACHER_CACHE_DIR = '.payback-cache/teacher'

/** What identifies an answer: where the request goes and its body (never its headers, so never the key). */
export interface CanonicalTeacherRequest {
  /** The endpoint's base URL, credentials removed, no trailing slash. */
  baseUrl: string
  /** The chat-completions request body: model, messages, response_format, temperature, seed, ... */
  body: Record<string, unknown>
}

/** One answer as the cache keeps it: the output and what it cost when it was bought. */
export interface CachedTeacherAnswer {
  output: string
  /** From the label tokens' logprobs when they were returned, else null. */
  logprobConfidence: number | null
  inputTokens: number
  cacheReadTokens: number
  outputTokens: number
  costUSD: number
  /** The `model` the endpoint said answered (it may name a snapshot of the requested one). */
  answeredBy: string | null
  /** ISO 8601 time of purchase. */
  boughtAt: string
}

/**
 * The cache key of a request: `payback-teacher/v1/<sha256 hex of the canonical request>`.
 * Key order in the body does not matter; every field that changes the answer does (URL, model,
 * messages, response format, temperature, seed, max tokens, logprobs).
 *
 * @example
 * const a = teacherCacheKey({ baseUrl: 'http://127.0.0.1:8000/v1', body: { model: 'm', temperature: 0 } })
 * a === teacherCacheKey({ baseUrl: 'http://127.0.0.1:8000/v1', body: { temperature: 0, model: 'm' } }) // => true
 * a === teacherCacheKey({ baseUrl: 'http://127.0.0.1:8000/v1', body: { model: 'm', temperature: 1 } }) // => false
 * a.length // => 83
 */
export function teacherCacheKey(request: CanonicalTeacherRequest): string {
  return `payback-teacher/v1/${sha256(canonicalJson({ baseUrl: request.baseUrl, body: request.body }))}`
}

/**
 * The cached answer under `key`, or undefined when there is none or it cannot be read (a
 * damaged entry fails cacache's integrity check and counts as missing: the request is bought
 * again).
 *
 * @example
 * const dir = process.getBuiltinModule('node:fs').mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/payback-cache-`)
 * await readCachedAnswer(dir, 'payback-teacher/v1/none') // => undefined
 */
export async function readCachedAnswer(cacheDir: string, key: string): Promise<CachedTeacherAnswer | undefined> {
  try {
    const { data } = await cacache.get(cacheDir, key)
    const value = JSON.parse(data.toString('utf8')) as CachedTeacherAnswer
    return typeof value?.output === 'string' && typeof value.costUSD === 'number' ? value : undefined
  } catch {
    return undefined
  }
}

/**
 * Stores an answer under `key` (cacache writes content to a temp file and moves it into place,
 * so a crash never leaves half an entry).
 *
 * @example
 * const dir = process.getBuiltinModule('node:fs').mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/payback-cache-`)
 * const answer = { output: '{"label":"spam"}', logprobConfidence: null, inputTokens: 100, cacheReadTokens: 0, outputTokens: 10,
 *   costUSD: 0.00028, answeredBy: 'gpt-4.1', boughtAt: '2025-01-01T00:00:00.000Z' }
 * await writeCachedAnswer(dir, 'payback-teacher/v1/k', answer)
 * const cached = await readCachedAnswer(dir, 'payback-teacher/v1/k')
 * cached.costUSD // => 0.00028
 */
export async function writeCachedAnswer(cacheDir: string, key: string, answer: CachedTeacherAnswer): Promise<void> {
  await cacache.put(cacheDir, key, JSON.stringify(answer))
}
