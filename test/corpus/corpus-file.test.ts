// readCorpusFile(path): a user's JSONL or CSV, every bad line reported with its number.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { UsageError } from '../../kernel/errors.js'
import { recordsSha256, textSha256 } from '../../src/corpus/corpus.js'
import { readCorpusFile } from '../../src/corpus/corpus-file.js'

const folder = mkdtempSync(join(tmpdir(), 'payback-corpus-file-'))
const file = (name: string, text: string): string => {
  const path = join(folder, name)
  writeFileSync(path, text)
  return path
}
const message = async (path: string): Promise<string> => {
  const error = await readCorpusFile(path).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(UsageError)
  return (error as Error).message
}

describe('readCorpusFile on JSONL', () => {
  it('reads inputs, optional fields, and the default id line-N', async () => {
    const path = file(
      'ok.jsonl',
      [
        '{"input": "refund please", "label": "billing", "group": "web", "period": 1, "date": "2024-03-01T10:00:00+02:00"}',
        '',
        '{"text": "app crashes", "id": 17}',
        '{"input": "x", "id": "a", "label": null, "extra": [1]}',
      ].join('\n'),
    )
    const corpus = await readCorpusFile(path)
    expect(corpus.records).toEqual([
      { id: 'line-1', text: 'refund please', label: 'billing', group: 'web', period: 1, date: '2024-03-01T08:00:00.000Z', sha256: textSha256('refund please') },
      { id: '17', text: 'app crashes', label: null, group: null, period: null, date: null, sha256: textSha256('app crashes') },
      { id: 'a', text: 'x', label: null, group: null, period: null, date: null, sha256: textSha256('x') },
    ])
    expect(corpus).toMatchObject({ name: 'ok', source: path, labels: ['billing'], duplicatesRemoved: 0, problems: [] })
    expect(corpus.sha256).toBe(recordsSha256(corpus.records))
  })

  it('reports every bad line with its number, rule and value; the first five, then a count', async () => {
    const path = file(
      'bad.jsonl',
      [
        '{"input": "fine"}', // 1
        '{"input": "x", "label": 3}', // 2
        'not json', // 3
        '[1, 2]', // 4
        '{"input": ""}', // 5
        '{"input": "y", "period": 0}', // 6
        '{"input": "z", "period": 1.5, "date": "yesterday"}', // 7: two problems
        '{"label": "a"}', // 8
        '{"input": "fine", "id": "line-1"}', // 9: the id of line 1
      ].join('\n'),
    )
    const text = await message(path)
    const lines = text.split('\n')
    // Line 3's detail is V8's JSON.parse message; only its start is ours.
    expect(lines[1]).toMatch(/^invalid bad\.jsonl line 3: not valid JSON: Unexpected token/)
    lines[1] = 'invalid bad.jsonl line 3: not valid JSON: ...'
    expect(lines).toEqual([
      'invalid bad.jsonl line 2: label must be a string (got 3)',
      'invalid bad.jsonl line 3: not valid JSON: ...',
      'invalid bad.jsonl line 4: must be a JSON object (got [1,2])',
      'invalid bad.jsonl line 5: input must be a non-empty string (got "")',
      'invalid bad.jsonl line 6: period must be an integer >= 1 (got 0)',
      '... and 4 more bad lines in bad.jsonl',
    ])
  })

  it('names the rest of the rules: input and text together, missing input, duplicate id, bad date', async () => {
    const path = file('rules.jsonl', ['{"input": "a", "text": "b"}', '{"label": "x"}', '{"input": "c", "id": "k"}', '{"input": "d", "id": "k"}', '{"input": "e", "date": "soon"}'].join('\n'))
    expect((await message(path)).split('\n')).toEqual([
      'invalid rules.jsonl line 1: give input or text, not both (got {"input":"a","text":"b"})',
      'invalid rules.jsonl line 2: input (or text) is required',
      'invalid rules.jsonl line 4: id must be unique (also on line 3) (got "k")',
      'invalid rules.jsonl line 5: date must be a date string (ISO 8601 or RFC 2822) (got "soon")',
    ])
  })

  it('refuses an empty file, an unknown extension, a folder and a file over the limit', async () => {
    expect(await message(file('empty.jsonl', ''))).toBe('invalid empty.jsonl: the file is empty')
    expect(await message(file('blank.jsonl', '\n\n  \n'))).toBe('invalid blank.jsonl: the file is empty')
    expect(await message(file('data.txt', 'x'))).toBe('invalid data.txt: unknown file type (must end in .jsonl or .csv)')
    const dir = join(folder, 'dir.jsonl')
    mkdirSync(dir)
    expect(await message(dir)).toBe('invalid dir.jsonl: not a regular file but a directory')
    await expect(readCorpusFile(file('big.jsonl', '{"input": "0123456789"}'), { maxBytes: 10 })).rejects.toThrow('invalid big.jsonl: larger than the 10 byte limit')
    expect(await message(join(folder, 'missing.csv'))).toBe('invalid missing.csv: cannot read the file: no such file or folder')
  })
})

describe('readCorpusFile on CSV', () => {
  it('reads RFC 4180 quoting: commas, doubled quotes and line breaks inside quotes', async () => {
    const path = file(
      'tickets.csv',
      ['input,label,period', '"Refund, please",billing,1', '"He said ""hi""\nthen left",social,2', '', 'plain,,'].join('\r\n'),
    )
    const corpus = await readCorpusFile(path)
    expect(corpus.records.map((r) => [r.id, r.text, r.label, r.period])).toEqual([
      ['line-2', 'Refund, please', 'billing', 1],
      ['line-3', 'He said "hi"\nthen left', 'social', 2],
      // Line 4 is the second line of the quoted field, line 5 blank: the next record is on line 6.
      ['line-6', 'plain', null, null],
    ])
    expect(corpus.labels).toEqual(['billing', 'social'])
  })

  it('numbers bad records by their first line, after multi-line fields', async () => {
    const path = file('bad.csv', ['text,period,label', '"two\nlines",1,a', 'ok,x,b', 'short', ',1,c'].join('\n'))
    expect((await message(path)).split('\n')).toEqual([
      'invalid bad.csv line 4: period must be an integer >= 1 (got "x")',
      'invalid bad.csv line 5: has 1 field, the header has 3',
      'invalid bad.csv line 6: input (or text) is required',
    ])
  })

  it('refuses a header without input or text, a header alone, and broken quoting', async () => {
    expect(await message(file('nohead.csv', 'body,label\nx,y\n'))).toBe('invalid nohead.csv line 1: header must name an input (or text) column (got "body,label")')
    expect(await message(file('header.csv', 'input,label\n'))).toBe('invalid header.csv: no records after the header line')
    expect(await message(file('quote.csv', 'input\n"never closed\nx\n'))).toMatch(/^invalid quote\.csv line 3: not valid CSV: Quote Not Closed/)
  })
})
