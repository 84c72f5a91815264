/**
 * The HTTP teacher's configuration from environment variables, so a key never has to be
 * written into a config file or a command line.
 */
import { invalidArgument } from '../../agreement/messages.js'
import { DEFAULT_TEACHER_BASE_URL, HttpTeacher, RESPONSE_FORMATS, type HttpTeacherConfig, type ResponseFormatMode } from './http-teacher.js'
import { teacherRules } from './messages.js'

/** The environment variables {@link httpTeacherConfigFromEnv} reads, with what each means. */
export const TEACHER_ENV = {
  PAYBACK_TEACHER_BASE_URL: `the endpoint's base URL (default ${DEFAULT_TEACHER_BASE_URL})`,
  PAYBACK_TEACHER_MODEL: 'the teacher model (required)',
  PAYBACK_TEACHER_API_KEY: 'the API key (falls back to OPENAI_API_KEY; optional for local servers)',
  PAYBACK_TEACHER_PROVIDER: "the price table's provider id (default inferred from the base URL: api.openai.com -> openai)",
  PAYBACK_TEACHER_INPUT_USD_PER_MTOK: 'explicit input price per million tokens (with the output price, replaces the table)',
  PAYBACK_TEACHER_OUTPUT_USD_PER_MTOK: 'explicit output price per million tokens',
  PAYBACK_TEACHER_CONCURRENCY: 'requests in flight at once (default 4)',
  PAYBACK_TEACHER_TIMEOUT_MS: 'per-attempt time limit in ms (default 60000)',
  PAYBACK_TEACHER_MAX_ATTEMPTS: 'attempts per request (default 5)',
  PAYBACK_TEACHER_RESPONSE_FORMAT: 'json_schema (default), json_object or none',
  PAYBACK_TEACHER_LOGPROBS: '1 to ask for logprobs and take confidence from them (default 0)',
  PAYBACK_TEACHER_CACHE_DIR: 'the cache folder (default .payback-cache/teacher)',
} as const

/** A set, non-blank variable, trimmed; undefined otherwise. */
function read(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}

function numberVar(env: Record<string, string | undefined>, name: string): number | undefined {
  const text = read(env, name)
  if (text === undefined) return undefined
  const value = Number(text)
  if (!Number.isFinite(value)) throw invalidArgument(name, text, 'must be a number')
  return value
}

/**
 * An {@link HttpTeacherConfig} from the variables of {@link TEACHER_ENV} (pass `process.env`).
 * Numbers are range-checked when the teacher is built. The key is taken as given; it appears in
 * no message.
 *
 * @throws {InvalidArgumentError} when PAYBACK_TEACHER_MODEL is unset, or a variable is malformed:
 *   `invalid PAYBACK_TEACHER_LOGPROBS: "maybe" (must be one of 1, 0, true, false, yes, no)`
 * @example
 * const config = httpTeacherConfigFromEnv({ PAYBACK_TEACHER_MODEL: 'gpt-4.1-mini', OPENAI_API_KEY: 'sk-example' })
 * config // => { baseUrl: 'https://api.openai.com/v1', model: 'gpt-4.1-mini', apiKey: 'sk-example' }
 * httpTeacherConfigFromEnv({ PAYBACK_TEACHER_MODEL: 'qwen2.5:7b', PAYBACK_TEACHER_BASE_URL: 'http://127.0.0.1:11434/v1', PAYBACK_TEACHER_LOGPROBS: '1' })
 * // => { apiKey: undefined, logprobs: true }
 * httpTeacherConfigFromEnv({}) // throws invalid PAYBACK_TEACHER_MODEL: undefined (must be a non-empty string: the teacher model, e.g. gpt-4.1-mini)
 */
export function httpTeacherConfigFromEnv(env: Record<string, string | undefined>): HttpTeacherConfig {
  const model = read(env, 'PAYBACK_TEACHER_MODEL')
  if (model === undefined) throw invalidArgument('PAYBACK_TEACHER_MODEL', env.PAYBACK_TEACHER_MODEL, teacherRules.model)
  const config: HttpTeacherConfig = {
    baseUrl: read(env, 'PAYBACK_TEACHER_BASE_URL') ?? DEFAULT_TEACHER_BASE_URL,
    model,
    apiKey: read(env, 'PAYBACK_TEACHER_API_KEY') ?? read(env, 'OPENAI_API_KEY'),
  }
  const provider = read(env, 'PAYBACK_TEACHER_PROVIDER')
  if (provider !== undefined) config.provider = provider
  const inputPrice = numberVar(env, 'PAYBACK_TEACHER_INPUT_USD_PER_MTOK')
  const outputPrice = numberVar(env, 'PAYBACK_TEACHER_OUTPUT_USD_PER_MTOK')
  if (inputPrice !== undefined || outputPrice !== undefined) config.prices = { inputPerMTokUSD: inputPrice ?? 0, outputPerMTokUSD: outputPrice ?? 0 }
  const concurrency = numberVar(env, 'PAYBACK_TEACHER_CONCURRENCY')
  if (concurrency !== undefined) config.concurrency = concurrency
  const timeoutMs = numberVar(env, 'PAYBACK_TEACHER_TIMEOUT_MS')
  if (timeoutMs !== undefined) config.timeoutMs = timeoutMs
  const maxAttempts = numberVar(env, 'PAYBACK_TEACHER_MAX_ATTEMPTS')
  if (maxAttempts !== undefined) config.maxAttempts = maxAttempts
  const format = read(env, 'PAYBACK_TEACHER_RESPONSE_FORMAT')
  if (format !== undefined) {
    if (!(RESPONSE_FORMATS as readonly string[]).includes(format)) throw invalidArgument('PAYBACK_TEACHER_RESPONSE_FORMAT', format, teacherRules.responseFormat)
    config.responseFormat = format as ResponseFormatMode
  }
  const logprobs = read(env, 'PAYBACK_TEACHER_LOGPROBS')
  if (logprobs !== undefined) {
    const flag = logprobs.toLowerCase()
    if (['1', 'true', 'yes'].includes(flag)) config.logprobs = true
    else if (['0', 'false', 'no'].includes(flag)) config.logprobs = false
    else throw invalidArgument('PAYBACK_TEACHER_LOGPROBS', logprobs, teacherRules.boolean)
  }
  const cacheDir = read(env, 'PAYBACK_TEACHER_CACHE_DIR')
  if (cacheDir !== undefined) config.cacheDir = cacheDir
  return config
}

/**
 * An {@link HttpTeacher} configured from the environment ({@link httpTeacherConfigFromEnv}),
 * with `overrides` (a test's fetch, a cache folder) on top.
 *
 * @throws {InvalidArgumentError} as {@link httpTeacherConfigFromEnv} and the HttpTeacher constructor
 * @example
 * const teacher = httpTeacherFromEnv({ PAYBACK_TEACHER_MODEL: 'gpt-4.1', PAYBACK_TEACHER_API_KEY: 'sk-example' })
 * teacher.description.pricing.startsWith('openai gpt-4.1 at') // => true
 * httpTeacherFromEnv({ PAYBACK_TEACHER_MODEL: 'm', PAYBACK_TEACHER_CONCURRENCY: '0' }) // throws invalid concurrency: 0 (must be >= 1)
 */
export function httpTeacherFromEnv(env: Record<string, string | undefined>, overrides: Partial<HttpTeacherConfig> = {}): HttpTeacher {
  return new HttpTeacher({ ...httpTeacherConfigFromEnv(env), ...overrides })
}
