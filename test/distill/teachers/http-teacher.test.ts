// HttpTeacher against a chat-completions server on 127.0.0.1 (./chat-server.ts) that injects
// 429s with retry-after, 500/503, a hang past the client's timeout, malformed JSON, a body
// without choices, a dropped connection and a 400 on response_format json_schema. Nothing is
// lost (every request answered exactly once), nothing is paid twice (the server's usable 200s
// per input, across retries, re-runs and resumed runs), the cache serves a re-run, and the API
// key is in no file, error or returned value.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { HttpTeacher, httpTeacherFromEnv, TeacherAbortedError, type HttpTeacherConfig, type TeacherRequest, type TeacherRun } from '../../../src/distill/index.js'
import { labelFor, startChatServer, type ChatServer, type ChatServerOptions } from './chat-server.js'

const root = mkdtempSync(join(tmpdir(), 'payback-teachers-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let folders = 0
const freshCacheDir = () => join(root, `cache-${++folders}`)

let server: ChatServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})
async function serve(options: ChatServerOptions = {}): Promise<ChatServer> {
  server = await startChatServer(options)
  return server
}

const SECRET = 'sk-test-SECRET-4f9c2a71d0e8'
const LABELS = { labels: ['spam', 'ham'], instruction: 'Is this email spam?' }

/** Fast settings for a test: short timeout and backoff, a seeded-looking jitter. */
function teacher(url: string, cacheDir: string, extra: Partial<HttpTeacherConfig> = {}): HttpTeacher {
  return new HttpTeacher({ baseUrl: url, model: 'gpt-4.1', provider: 'openai', apiKey: SECRET, cacheDir, timeoutMs: 400, baseDelayMs: 10, maxDelayMs: 50, random: () => 0.5, ...extra })
}

const requests = (n: number): TeacherRequest[] =>
  Array.from({ length: n }, (_, i) => ({ id: `r${i}`, input: i % 3 === 0 ? `Win a prize, number ${i}` : `Meeting notes ${i}` }))

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
}

function expectEachPaidOnce(chat: ChatServer, asked: TeacherRequest[]) {
  for (const request of asked) expect(chat.paid.get(request.input), request.id).toBe(1)
  expect(chat.paid.size).toBe(asked.length)
}

// gpt-4.1 in @pydantic/genai-prices 0.1.8 (its bundled data, provider openai): input_mtok 2,
// cache_read_mtok 0.5, output_mtok 8 (USD per million tokens). The server reports 100 prompt
// and 10 completion tokens per answer: 100 x 2 / 1e6 + 10 x 8 / 1e6 = 0.0002 + 0.00008 = 0.00028.
const GPT41_100_IN_10_OUT_USD = 0.00028

describe('HttpTeacher.label(requests, options) against a faulty server', () => {
  it('answers every request exactly once through 429, 500, 503, a hang, malformed JSON, no choices and a dropped connection, paying each once', async () => {
    const faults: Record<number, ChatServerOptions['faults'] extends ((...a: never[]) => infer F) | undefined ? F : never> = {
      0: { status: 429, retryAfter: '0.05' },
      1: { status: 500 },
      2: { status: 503 },
      3: 'hang',
      4: 'malformed',
      5: 'no-choices',
      6: 'drop',
    }
    const asked = requests(12)
    const byInput = new Map(asked.map((r, i) => [r.input, i]))
    const chat = await serve({ faults: (input, attempt) => (attempt === 0 ? faults[byInput.get(input) as number] : undefined) })
    const cacheDir = freshCacheDir()
    const progress: number[] = []
    const run = await teacher(chat.url, cacheDir).label(asked, { ...LABELS, onProgress: (done) => progress.push(done) })

    expect(run.answers.map((a) => a.id)).toEqual(asked.map((r) => r.id))
    expect(run.answers.map((a) => a.label)).toEqual(asked.map((r) => labelFor(r.input)))
    expect(run.answers.every((a) => a.error === null && !a.cached)).toBe(true)
    expect(progress).toEqual(asked.map((_, i) => i + 1))
    expect(run.failed).toBe(0)
    // 12 requests + 7 first attempts that failed and were retried once each
    expect(run.calls).toBe(19)
    expect(chat.calls.length).toBe(19)
    expect(run.retries).toBe(7)
    expectEachPaidOnce(chat, asked)
    expect(run.paidUSD).toBeCloseTo(12 * GPT41_100_IN_10_OUT_USD, 12)
    expect(run.costUSD).toBeCloseTo(12 * GPT41_100_IN_10_OUT_USD, 12)
    expect(run.answers[0]).toMatchObject({ inputTokens: 100, outputTokens: 10 })
    expect(run.answers[0]?.costUSD).toBeCloseTo(GPT41_100_IN_10_OUT_USD, 15)

    // A second run is served wholly from the cache: no call, nothing paid, the same cost.
    const again = await teacher(chat.url, cacheDir).label(asked, LABELS)
    expect(chat.calls.length).toBe(19)
    expect(again).toMatchObject({ calls: 0, retries: 0, cachedAnswers: 12, failed: 0, paidUSD: 0 })
    expect(again.costUSD).toBeCloseTo(run.costUSD, 15)
    expect(again.answers.map((a) => [a.id, a.label, a.cached, a.costUSD])).toEqual(run.answers.map((a) => [a.id, a.label, true, a.costUSD]))
    expectEachPaidOnce(chat, asked)
  })

  it('waits what retry-after asks (0.2 s) before the retry, not the shorter backoff', async () => {
    const chat = await serve({ faults: (_, attempt) => (attempt === 0 ? { status: 429, retryAfter: '0.2' } : undefined) })
    const started = performance.now()
    const run = await teacher(chat.url, freshCacheDir(), { baseDelayMs: 0 }).label([{ id: 'a', input: 'hello' }], LABELS)
    const elapsedMs = performance.now() - started
    expect(run.answers[0]?.label).toBe('ham')
    expect(run.retries).toBe(1)
    expect(elapsedMs).toBeGreaterThanOrEqual(195)
    expect(elapsedMs).toBeLessThan(2000)
  })

  it('caps a long retry-after at maxRetryAfterMs', async () => {
    const chat = await serve({ faults: (_, attempt) => (attempt === 0 ? { status: 503, retryAfter: '3600' } : undefined) })
    const started = performance.now()
    const run = await teacher(chat.url, freshCacheDir(), { maxRetryAfterMs: 100 }).label([{ id: 'a', input: 'hello' }], LABELS)
    expect(run.answers[0]?.error).toBeNull()
    expect(performance.now() - started).toBeLessThan(1500)
  })

  it('gives up after maxAttempts: the answer carries the error and counts as failed, and nothing is cached', async () => {
    const chat = await serve({ faults: (input) => (input === 'always down' ? { status: 503 } : undefined) })
    const cacheDir = freshCacheDir()
    const asked = [{ id: 'down', input: 'always down' }, { id: 'up', input: 'fine' }]
    const run = await teacher(chat.url, cacheDir, { maxAttempts: 3 }).label(asked, LABELS)
    expect(run.answers.map((a) => a.id)).toEqual(['down', 'up'])
    expect(run.answers[0]).toMatchObject({ label: null, output: null, costUSD: 0, cached: false, error: 'gave up after 3 attempts: HTTP 503: injected 503' })
    expect(run.failed).toBe(1)
    expect(chat.calls.filter((c) => c.input === 'always down').length).toBe(3)
    // The re-run asks again for the failed one only.
    const again = await teacher(chat.url, cacheDir, { maxAttempts: 1 }).label(asked, LABELS)
    expect(again).toMatchObject({ calls: 1, cachedAnswers: 1, failed: 1 })
    expect(again.answers[0]?.error).toBe('gave up after 1 attempt: HTTP 503: injected 503')
  })

  it('fails at once on a status retrying cannot fix (404)', async () => {
    const chat = await serve({ faults: () => ({ status: 404, body: '{"error":{"message":"model not found"}}' }) })
    const run = await teacher(chat.url, freshCacheDir()).label([{ id: 'a', input: 'x' }], LABELS)
    expect(run.answers[0]?.error).toBe('HTTP 404: model not found')
    expect(chat.calls.length).toBe(1)
  })

  it('falls back from json_schema to json_object when the endpoint rejects it with 400, for the rest of the run', async () => {
    const chat = await serve({ reject: 'json_schema' })
    const cacheDir = freshCacheDir()
    const asked = requests(6)
    const run = await teacher(chat.url, cacheDir, { concurrency: 1 }).label(asked, LABELS)
    expect(run.failed).toBe(0)
    expect(chat.calls.map((c) => (c.body.response_format as { type: string }).type)).toEqual(['json_schema', ...asked.map(() => 'json_object')])
    expect(run.problems).toHaveLength(1)
    expect(run.problems[0]?.problem).toMatch(/^the endpoint rejected response_format json_schema \(HTTP 400: .*\); using json_object for the rest of the run$/)
    expectEachPaidOnce(chat, asked)
    // The schema sent first: the label is an enum of the label set.
    expect(chat.calls[0]?.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'label', strict: true, schema: { type: 'object', properties: { label: { type: 'string', enum: ['spam', 'ham'] } }, required: ['label'], additionalProperties: false } },
    })
    // A re-run finds the answers bought with the fallback format: no call at all.
    const again = await teacher(chat.url, cacheDir, { concurrency: 1 }).label(asked, LABELS)
    expect(again).toMatchObject({ calls: 0, cachedAnswers: 6 })
  })

  it('falls back to no response_format when json_object is rejected too', async () => {
    const chat = await serve({ reject: 'json_schema+json_object' })
    const run = await teacher(chat.url, freshCacheDir(), { concurrency: 1 }).label(requests(2), LABELS)
    expect(run.failed).toBe(0)
    expect(chat.calls.map((c) => (c.body.response_format as { type?: string } | undefined)?.type ?? 'none')).toEqual(['json_schema', 'json_object', 'none', 'none'])
  })

  it('resumes an aborted run: only the requests without an answer are bought', async () => {
    const chat = await serve()
    const cacheDir = freshCacheDir()
    const asked = requests(20)
    const controller = new AbortController()
    let first: TeacherRun | undefined
    try {
      await teacher(chat.url, cacheDir).label(asked, { ...LABELS, signal: controller.signal, onProgress: (done) => done === 5 && controller.abort() })
      throw new Error('expected the run to be aborted')
    } catch (error) {
      expect(error).toBeInstanceOf(TeacherAbortedError)
      first = (error as TeacherAbortedError).run
    }
    const answeredFirst = first.answers.length
    // Requests in flight when the signal came finish and are kept (at most concurrency - 1 more).
    expect(answeredFirst).toBeGreaterThanOrEqual(5)
    expect(answeredFirst).toBeLessThan(20)
    expect(chat.paid.size).toBe(answeredFirst)
    expect(first.paidUSD).toBeCloseTo(answeredFirst * GPT41_100_IN_10_OUT_USD, 12)

    const resumed = await teacher(chat.url, cacheDir).label(asked, LABELS)
    expect(resumed.answers.map((a) => a.id)).toEqual(asked.map((r) => r.id))
    expect(resumed).toMatchObject({ calls: 20 - answeredFirst, cachedAnswers: answeredFirst, failed: 0 })
    expect(resumed.paidUSD).toBeCloseTo((20 - answeredFirst) * GPT41_100_IN_10_OUT_USD, 12)
    expect(resumed.costUSD).toBeCloseTo(20 * GPT41_100_IN_10_OUT_USD, 12)
    expectEachPaidOnce(chat, asked)
  })

  it('buys a repeated input once in a run; the repeat is served as cached', async () => {
    const chat = await serve()
    const run = await teacher(chat.url, freshCacheDir()).label([{ id: 'a', input: 'same' }, { id: 'b', input: 'same' }], LABELS)
    expect(chat.calls.length).toBe(1)
    expect(run.answers.map((a) => [a.id, a.label, a.cached])).toEqual([['a', 'ham', false], ['b', 'ham', true]])
    expect(run.paidUSD).toBeCloseTo(GPT41_100_IN_10_OUT_USD, 15)
    expect(run.costUSD).toBeCloseTo(2 * GPT41_100_IN_10_OUT_USD, 15)
  })

  it('buys each of two inputs once when they repeat across 30 requests in flight together', async () => {
    const chat = await serve()
    const asked = Array.from({ length: 30 }, (_, i) => ({ id: `r${i}`, input: i % 2 === 0 ? 'win this' : 'see you' }))
    const run = await teacher(chat.url, freshCacheDir(), { concurrency: 8 }).label(asked, LABELS)
    expect(chat.calls.length).toBe(2)
    expect(run).toMatchObject({ calls: 2, cachedAnswers: 28, failed: 0 })
    expect(run.answers.map((a) => a.label)).toEqual(asked.map((r) => labelFor(r.input)))
  })
})

describe('HttpTeacher: the API key', () => {
  it('is sent in the Authorization header and appears in no cache file, error, problem, description or returned run', async () => {
    const chat = await serve({ echoAuthorizationFor: 'echo', faults: (input, attempt) => (input.includes('slow') && attempt < 9 ? { status: 503, body: `{"error":{"message":"overloaded for ${SECRET}"}}` } : undefined) })
    const cacheDir = freshCacheDir()
    const asked = [...requests(4), { id: 'echo', input: 'echo my key' }, { id: 'slow', input: 'slow one' }]
    const t = teacher(chat.url, cacheDir, { maxAttempts: 2 })
    const run = await t.label(asked, LABELS)
    expect(chat.calls.every((c) => c.authorization === `Bearer ${SECRET}`)).toBe(true)
    expect(run.answers.find((a) => a.id === 'echo')?.error).toBe('HTTP 401: Incorrect API key provided: Bearer [redacted]')
    expect(run.answers.find((a) => a.id === 'slow')?.error).toBe('gave up after 2 attempts: HTTP 503: overloaded for [redacted]')

    const files = filesUnder(cacheDir)
    expect(files.length).toBeGreaterThan(4)
    for (const file of files) expect(readFileSync(file).toString('latin1').includes(SECRET), file).toBe(false)
    expect(JSON.stringify(run)).not.toContain(SECRET)
    expect(JSON.stringify(t)).not.toContain(SECRET)
    expect(JSON.stringify(t.description)).not.toContain(SECRET)
    expect(String(Object.values(t))).not.toContain(SECRET)

    // An aborted run's error and its partial run, and a bad-config error, do not hold it either.
    const controller = new AbortController()
    controller.abort()
    const aborted = await t.label(requests(8).map((r) => ({ ...r, input: `${r.input} again` })), { ...LABELS, signal: controller.signal }).catch((e: unknown) => e)
    expect(aborted).toBeInstanceOf(TeacherAbortedError)
    expect(`${(aborted as Error).message} ${JSON.stringify((aborted as TeacherAbortedError).run)}`).not.toContain(SECRET)
    const badConfig = (() => {
      try {
        return httpTeacherFromEnv({ PAYBACK_TEACHER_MODEL: 'gpt-4.1', PAYBACK_TEACHER_API_KEY: SECRET, PAYBACK_TEACHER_CONCURRENCY: '-1' })
      } catch (error) {
        return error
      }
    })()
    expect(badConfig).toBeInstanceOf(Error)
    expect(String(badConfig)).not.toContain(SECRET)
  })
})

describe('HttpTeacher: cost and confidence', () => {
  it('prices gpt-4.1 usage by hand, cached prompt tokens at the cached-read price', async () => {
    // 60 uncached prompt tokens x $2 + 40 cached x $0.5 + 10 completion x $8, per million:
    // (120 + 20 + 80) / 1e6 = 0.00022
    const chat = await serve({ usage: { prompt_tokens: 100, completion_tokens: 10, prompt_tokens_details: { cached_tokens: 40 } } })
    const run = await teacher(chat.url, freshCacheDir()).label([{ id: 'a', input: 'x' }], LABELS)
    expect(run.answers[0]?.costUSD).toBeCloseTo(0.00022, 15)
    expect(run.teacher.pricing).toBe('openai gpt-4.1 at @pydantic/genai-prices 0.1.8: $2 per million input tokens, $8 per million output tokens')
  })

  it('costs 0 for a model the price table lacks (a local server), unless prices are given', async () => {
    const chat = await serve()
    const local = new HttpTeacher({ baseUrl: chat.url, model: 'qwen2.5:7b', cacheDir: freshCacheDir() })
    expect(local.description).toEqual({ kind: 'http', model: 'qwen2.5:7b', endpoint: chat.url, pricing: 'unpriced: qwen2.5:7b not in the price table (provider unknown); answers cost 0' })
    const run = await local.label([{ id: 'a', input: 'x' }], LABELS)
    expect(run).toMatchObject({ paidUSD: 0, costUSD: 0 })
    expect(chat.calls[0]?.authorization).toBeUndefined()
    // 100 x $0.1 + 10 x $0.4 per million = (10 + 4) / 1e6 = 0.000014
    const priced = new HttpTeacher({ baseUrl: chat.url, model: 'qwen2.5:7b', cacheDir: freshCacheDir(), prices: { inputPerMTokUSD: 0.1, outputPerMTokUSD: 0.4 } })
    const pricedRun = await priced.label([{ id: 'a', input: 'x' }], LABELS)
    expect(pricedRun.paidUSD).toBeCloseTo(0.000014, 15)
  })

  it('says so when the response has no usage, and counts its tokens and cost as 0', async () => {
    const chat = await serve({ usage: null })
    const run = await teacher(chat.url, freshCacheDir()).label([{ id: 'a', input: 'x' }], LABELS)
    expect(run.answers[0]).toMatchObject({ label: 'ham', inputTokens: 0, outputTokens: 0, costUSD: 0 })
    expect(run.problems).toEqual([{ id: 'a', problem: 'the response has no usage; its tokens and cost are counted as 0' }])
  })

  it('asks for logprobs only when configured, and takes confidence from the label token, else from the JSON', async () => {
    const chat = await serve({ labelTokenProbability: 0.9, confidence: 0.6 })
    const withLogprobs = await teacher(chat.url, freshCacheDir(), { logprobs: true }).label([{ id: 'a', input: 'win big' }], LABELS)
    expect(chat.calls[0]?.body).toMatchObject({ logprobs: true, top_logprobs: 5, temperature: 0, model: 'gpt-4.1' })
    expect(withLogprobs.answers[0]?.label).toBe('spam')
    expect(withLogprobs.answers[0]?.confidence).toBeCloseTo(0.9, 12)
    const without = await teacher(chat.url, freshCacheDir()).label([{ id: 'a', input: 'win big' }], LABELS)
    expect(chat.calls[1]?.body).not.toHaveProperty('logprobs')
    expect(chat.calls[1]?.body).not.toHaveProperty('top_logprobs')
    expect(without.answers[0]?.confidence).toBe(0.6)
  })

  it('sends the classification prompt with the instruction and the input', async () => {
    const chat = await serve()
    await teacher(chat.url, freshCacheDir()).label([{ id: 'a', input: 'Lunch at noon?' }], LABELS)
    expect(chat.calls[0]?.body.messages).toEqual([
      { role: 'system', content: 'Is this email spam?\nAnswer with JSON only: {"label": "<label>"}, where <label> is one of "spam", "ham".' },
      { role: 'user', content: 'Lunch at noon?' },
    ])
  })
})
