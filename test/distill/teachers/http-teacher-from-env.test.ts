// httpTeacherConfigFromEnv(env) and httpTeacherFromEnv(env): the variables, their defaults and
// their errors (which never show the key).
import { describe, expect, it } from 'vitest'
import { httpTeacherConfigFromEnv, httpTeacherFromEnv } from '../../../src/distill/index.js'
import { InvalidArgumentError } from '../../../src/scenario/messages.js'
import { thrownBy } from '../../helpers/thrown.js'

describe('httpTeacherConfigFromEnv(env)', () => {
  it('reads every variable', () => {
    expect(
      httpTeacherConfigFromEnv({
        PAYBACK_TEACHER_BASE_URL: 'http://127.0.0.1:8000/v1',
        PAYBACK_TEACHER_MODEL: 'Qwen/Qwen2.5-7B-Instruct',
        PAYBACK_TEACHER_API_KEY: 'token-abc',
        OPENAI_API_KEY: 'sk-not-this-one',
        PAYBACK_TEACHER_PROVIDER: 'together',
        PAYBACK_TEACHER_INPUT_USD_PER_MTOK: '0.3',
        PAYBACK_TEACHER_OUTPUT_USD_PER_MTOK: '0.3',
        PAYBACK_TEACHER_CONCURRENCY: '16',
        PAYBACK_TEACHER_TIMEOUT_MS: '120000',
        PAYBACK_TEACHER_MAX_ATTEMPTS: '8',
        PAYBACK_TEACHER_RESPONSE_FORMAT: 'json_object',
        PAYBACK_TEACHER_LOGPROBS: 'yes',
        PAYBACK_TEACHER_CACHE_DIR: '/tmp/teacher-cache',
      }),
    ).toEqual({
      baseUrl: 'http://127.0.0.1:8000/v1',
      model: 'Qwen/Qwen2.5-7B-Instruct',
      apiKey: 'token-abc',
      provider: 'together',
      prices: { inputPerMTokUSD: 0.3, outputPerMTokUSD: 0.3 },
      concurrency: 16,
      timeoutMs: 120_000,
      maxAttempts: 8,
      responseFormat: 'json_object',
      logprobs: true,
      cacheDir: '/tmp/teacher-cache',
    })
  })

  it('defaults to OpenAI with OPENAI_API_KEY, and blank variables count as unset', () => {
    expect(httpTeacherConfigFromEnv({ PAYBACK_TEACHER_MODEL: 'gpt-4.1-mini', PAYBACK_TEACHER_API_KEY: ' ', OPENAI_API_KEY: 'sk-x', PAYBACK_TEACHER_BASE_URL: '' })).toEqual({
      baseUrl: 'https://api.openai.com/v1',
      model: 'gpt-4.1-mini',
      apiKey: 'sk-x',
    })
  })

  it('names the variable and the bad value', () => {
    expect(thrownBy(() => httpTeacherConfigFromEnv({ PAYBACK_TEACHER_MODEL: 'm', PAYBACK_TEACHER_RESPONSE_FORMAT: 'xml' }), InvalidArgumentError).message).toBe(
      'invalid PAYBACK_TEACHER_RESPONSE_FORMAT: "xml" (must be one of "json_schema", "json_object", "none")',
    )
    expect(thrownBy(() => httpTeacherConfigFromEnv({ PAYBACK_TEACHER_MODEL: 'm', PAYBACK_TEACHER_TIMEOUT_MS: 'ten' }), InvalidArgumentError).message).toBe(
      'invalid PAYBACK_TEACHER_TIMEOUT_MS: "ten" (must be a number)',
    )
    expect(thrownBy(() => httpTeacherFromEnv({ PAYBACK_TEACHER_MODEL: 'm', PAYBACK_TEACHER_BASE_URL: 'ftp://x' }), InvalidArgumentError).message).toBe(
      'invalid baseUrl: "ftp://x" (must be an http:// or https:// URL)',
    )
  })

  it('infers the provider for pricing from the base URL', () => {
    expect(httpTeacherFromEnv({ PAYBACK_TEACHER_MODEL: 'gpt-4.1-mini' }).description.pricing).toBe(
      'openai gpt-4.1-mini at @pydantic/genai-prices 0.1.8: $0.4 per million input tokens, $1.6 per million output tokens',
    )
    expect(httpTeacherFromEnv({ PAYBACK_TEACHER_MODEL: 'gpt-4.1-mini', PAYBACK_TEACHER_BASE_URL: 'http://localhost:8000/v1' }).description.pricing).toBe(
      'unpriced: gpt-4.1-mini not in the price table (provider unknown); answers cost 0',
    )
  })
})
