// readTeacherLog(path) and parseTeacherLog(text): every bad line is reported with its 1-based
// line number and skipped; blank lines hold no record and are skipped without a problem.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseTeacherLog, readTeacherLog } from '../../../src/distill/index.js'
import { InputError } from '../../../src/scenario/messages.js'
import { thrownBy } from '../../helpers/thrown.js'

const dir = mkdtempSync(join(tmpdir(), 'payback-teacher-log-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const LINES = [
  /* 1 */ '{"id":"m1","input":"Win a prize","output":"{\\"label\\":\\"spam\\"}","label":"spam","confidence":0.97,"inputTokens":12,"outputTokens":6,"costUSD":0.000072,"model":"gpt-4.1"}',
  /* 2 */ '{"input":"Lunch?","output":"ham"}',
  /* 3 */ '',
  /* 4 */ '{"id":"m3","input":"Hi","output":"ham"',
  /* 5 */ '{"id":"m4","input":"No output here"}',
  /* 6 */ '{"id":7,"input":"Hi","output":"ham","confidence":"high","inputTokens":-1,"costUSD":1e400}',
  /* 7 */ '   ',
  /* 8 */ '["input","output"]',
  /* 9 */ '{"id":"m1","input":"Again","output":"ham"}',
  /* 10 */ '{"input":"  ","output":"ham","label":3}',
  /* 11 */ '{"id":"m9","input":"Meeting","output":"ham","label":null,"extra":"ignored"}',
]

describe('readTeacherLog(path)', () => {
  it('keeps the valid lines and reports each bad one by line number, blank lines skipped silently', () => {
    const path = join(dir, 'log.jsonl')
    writeFileSync(path, `${LINES.join('\r\n')}\n`)
    const log = readTeacherLog(path)
    expect(log.entries.map((e) => e.line)).toEqual([1, 2, 11])
    expect(log.entries[0]).toEqual({
      line: 1, id: 'm1', input: 'Win a prize', output: '{"label":"spam"}', label: 'spam', confidence: 0.97, inputTokens: 12, outputTokens: 6, costUSD: 0.000072, model: 'gpt-4.1',
    })
    expect(log.entries[1]).toEqual({ line: 2, input: 'Lunch?', output: 'ham' })
    expect(log.entries[2]).toEqual({ line: 11, id: 'm9', input: 'Meeting', output: 'ham', label: null })
    expect(log.problems.map((p) => p.line)).toEqual([4, 5, 6, 8, 9, 10])
    expect(log.problems[0]?.problem).toMatch(/^not valid JSON: /)
    expect(log.problems[1]?.problem).toBe('output is missing')
    // 1e400 parses as Infinity
    expect(log.problems[2]?.problem).toBe(
      'id must be a non-empty string, got 7; confidence must be a number in [0, 1], got "high"; inputTokens must be an integer >= 0, got -1; costUSD must be a finite number >= 0, got null',
    )
    expect(log.problems[3]?.problem).toBe('not a JSON object')
    expect(log.problems[4]?.problem).toBe('duplicate id "m1" (first on line 1); skipped')
    expect(log.problems[5]?.problem).toBe('input must be a non-empty string, got "  "; label must be a non-empty string or null, got 3')
  })

  it('reads an empty file as no entries and no problems', () => {
    expect(parseTeacherLog('')).toEqual({ entries: [], problems: [] })
    expect(parseTeacherLog('\n\n')).toEqual({ entries: [], problems: [] })
  })

  it('throws InputError naming the file when it cannot be read', () => {
    const missing = join(dir, 'missing.jsonl')
    expect(thrownBy(() => readTeacherLog(missing), InputError).message).toBe(`invalid ${missing} at (root): ${JSON.stringify(missing)} (cannot read the file: no such file or folder)`)
    expect(thrownBy(() => readTeacherLog(dir), InputError).message).toMatch(/not a regular file but a directory; give a JSONL file\)$/)
  })
})
