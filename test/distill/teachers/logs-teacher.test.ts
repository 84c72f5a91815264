// LogsTeacher.label(requests, options): answers by id, else by exact input text, else 'not in
// the log'; cost and tokens from the lines; the log's bad lines become the run's problems.
import { describe, expect, it } from 'vitest'
import { LogsTeacher, parseTeacherLog, TeacherAbortedError } from '../../../src/distill/index.js'
import { InvalidArgumentError } from '../../../src/scenario/messages.js'

const LOG = [
  '{"id":"a","input":"Win a prize","output":"{\\"label\\":\\"spam\\",\\"confidence\\":0.8}","inputTokens":12,"outputTokens":6,"costUSD":0.000072,"model":"gpt-4.1"}',
  '{"input":"Lunch at noon?","output":"Ham","confidence":0.9,"inputTokens":10,"outputTokens":1,"costUSD":0.000028,"model":"gpt-4.1"}',
  'broken',
  '{"id":"c","input":"Maybe","output":"not sure","costUSD":0.00001,"model":"gpt-4.1-mini"}',
].join('\n')
const LABELS = { labels: ['spam', 'ham'] }

describe('LogsTeacher.label(requests, options)', () => {
  const teacher = new LogsTeacher(parseTeacherLog(LOG), { source: 'prod.jsonl' })

  it('answers by id, else by input text, else with error "not in the log"', async () => {
    const run = await teacher.label(
      [{ id: 'a', input: 'Win a prize' }, { id: 'x', input: 'Lunch at noon?' }, { id: 'c', input: 'Maybe' }, { id: 'z', input: 'Unknown' }],
      LABELS,
    )
    expect(run.answers).toEqual([
      { id: 'a', label: 'spam', output: '{"label":"spam","confidence":0.8}', confidence: 0.8, inputTokens: 12, outputTokens: 6, costUSD: 0.000072, cached: false, error: null },
      { id: 'x', label: 'ham', output: 'Ham', confidence: 0.9, inputTokens: 10, outputTokens: 1, costUSD: 0.000028, cached: false, error: null },
      // the output fails the format check: an answer with no label, not an error
      { id: 'c', label: null, output: 'not sure', confidence: null, inputTokens: 0, outputTokens: 0, costUSD: 0.00001, cached: false, error: null },
      { id: 'z', label: null, output: null, confidence: null, inputTokens: 0, outputTokens: 0, costUSD: 0, cached: false, error: 'not in the log' },
    ])
    // 0.000072 + 0.000028 + 0.00001 = 0.00011, all paid in production, nothing now
    expect(run).toMatchObject({ calls: 0, cachedAnswers: 0, retries: 0, failed: 1, paidUSD: 0 })
    expect(run.costUSD).toBeCloseTo(0.00011, 15)
    expect(run.problems).toEqual([
      { line: 3, problem: 'not valid JSON: Unexpected token \'b\', "broken" is not valid JSON' },
      { problem: '1 answer without token counts in the log; counted as 0 (count them with countTokens)' },
    ])
    expect(run.teacher).toEqual({ kind: 'logs', model: 'gpt-4.1 + gpt-4.1-mini', endpoint: 'prod.jsonl', pricing: 'costUSD from the log lines (paid in production; nothing is bought now)' })
  })

  it('says when an id matches a line with a different input, and answers by id', async () => {
    const run = await teacher.label([{ id: 'a', input: 'Something else' }], LABELS)
    expect(run.answers[0]?.label).toBe('spam')
    expect(run.problems).toContainEqual({ id: 'a', line: 1, problem: 'id "a" is in the log with a different input; answered from the log by id' })
  })

  it('prices a log without costUSD at 0 and says so', () => {
    expect(new LogsTeacher(parseTeacherLog('{"input":"x","output":"ham"}')).description.pricing).toBe('unpriced: the log has no costUSD; answers cost 0')
    expect(new LogsTeacher(parseTeacherLog('{"input":"x","output":"ham","costUSD":0.1}\n{"input":"y","output":"ham"}')).description.pricing).toBe(
      'costUSD from 1 of 2 log lines; the others cost 0',
    )
  })

  it('reports progress per answer and stops at an aborted signal', async () => {
    const seen: [number, number][] = []
    await teacher.label([{ id: 'a', input: 'Win a prize' }, { id: 'c', input: 'Maybe' }], { ...LABELS, onProgress: (done, total) => seen.push([done, total]) })
    expect(seen).toEqual([[1, 2], [2, 2]])
    const controller = new AbortController()
    controller.abort()
    await expect(teacher.label([{ id: 'a', input: 'Win a prize' }], { ...LABELS, signal: controller.signal })).rejects.toBeInstanceOf(TeacherAbortedError)
  })

  it('rejects duplicate request ids and a bad label set before answering', async () => {
    await expect(teacher.label([{ id: 'a', input: 'x' }, { id: 'a', input: 'y' }], LABELS)).rejects.toThrow(InvalidArgumentError)
    await expect(teacher.label([{ id: 'a', input: 'x' }], { labels: ['Spam', 'spam'] })).rejects.toThrow(/^invalid labels: \["Spam","spam"\]/)
  })
})
