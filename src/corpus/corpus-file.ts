/**
 * A user's own data as a corpus: JSONL or CSV of inputs with optional gold labels, groups,
 * periods and dates, every line validated and every bad line reported by number.
 */
import { parse as parseCsv, CsvError } from 'csv-parse/sync'
import { basename, extname } from 'node:path'
import { FileLimitError, readTextFileBounded } from '../io/read-bounded.js'
import { checkNumber } from '../scenario/check-number.js'
import { fileSystemReason } from '../scenario/messages.js'
import { corpusLabels, recordsSha256, textSha256, type Corpus, type CorpusRecord } from './corpus.js'
import { badFileError, badLinesError, type LineProblem } from './messages.js'

/** The default size limit of a data file, in bytes (100 MB). */
export const MAX_CORPUS_FILE_BYTES = 100_000_000

/** Options of {@link readCorpusFile}. */
export interface CorpusFileOptions {
  /** Refuse a file larger than this many bytes; default {@link MAX_CORPUS_FILE_BYTES}. */
  maxBytes?: number
}

/** The fields of one line before validation; from JSON any value, from CSV strings ('' for empty). */
type RawFields = Record<string, unknown>

/**
 * Reads a user's data file, `.jsonl` (one JSON object a line) or `.csv` (RFC 4180: a header
 * line, fields in double quotes may hold commas, quotes written `""` and line breaks), chosen by
 * the extension. Fields: `input` (or `text`, not both) a non-empty string, required; optional
 * `id` (string or integer; default `line-N`, N the line number; unique), `label` and `group`
 * (strings), `period` (integer >= 1), `date` (any date `Date.parse` reads, kept as ISO 8601 UTC).
 * Other fields are ignored; in a CSV an empty field counts as absent. The input is kept as
 * written (not normalised, not deduplicated: `duplicatesRemoved` is 0). Blank lines are skipped;
 * line numbers count them. Reads at most `maxBytes` (regular files only). O(size).
 *
 * @throws {UsageError} when the file cannot be read, is not .jsonl or .csv, holds no record, or
 * has bad lines: the first five as `invalid data.jsonl line 7: label must be a string (got 3)`,
 * then how many more
 * @throws {InvalidArgumentError} when maxBytes is not an integer >= 1
 * @example
 * const { mkdtempSync, writeFileSync } = process.getBuiltinModule('node:fs')
 * const folder = mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/payback-corpus-`)
 * writeFileSync(`${folder}/tickets.jsonl`, '{"input": "refund please", "label": "billing"}\n\n{"text": "app crashes", "label": "bug", "period": 2}\n')
 * const corpus = await readCorpusFile(`${folder}/tickets.jsonl`)
 * corpus.records.map((r) => [r.id, r.text, r.label, r.period]) // => [['line-1', 'refund please', 'billing', null], ['line-3', 'app crashes', 'bug', 2]]
 * corpus.labels // => ['billing', 'bug']
 * writeFileSync(`${folder}/bad.jsonl`, '{"input": "ok"}\n{"input": "x", "label": 3}\n')
 * await readCorpusFile(`${folder}/bad.jsonl`) // throws UsageError: invalid bad.jsonl line 2: label must be a string (got 3)
 */
export async function readCorpusFile(path: string, options: CorpusFileOptions = {}): Promise<Corpus> {
  const maxBytes = checkNumber('maxBytes', options.maxBytes ?? MAX_CORPUS_FILE_BYTES, { min: 1, integer: true })
  const file = basename(path)
  const kind = extname(path).toLowerCase()
  if (kind !== '.jsonl' && kind !== '.csv') throw badFileError(file, 'unknown file type (must end in .jsonl or .csv)')
  let text: string
  try {
    text = readTextFileBounded(path, maxBytes)
  } catch (error) {
    if (error instanceof FileLimitError) {
      throw badFileError(file, error.kind === 'too-large' ? `larger than the ${maxBytes} byte limit` : `not a regular file but ${error.detail}`)
    }
    throw badFileError(file, `cannot read the file: ${fileSystemReason(error) ?? (error as Error).message}`)
  }
  const lines = kind === '.jsonl' ? jsonlLines(text) : csvLines(text)
  const problems: LineProblem[] = [...lines.problems]
  const records: CorpusRecord[] = []
  const firstLineOfId = new Map<string, number>()
  for (const { line, fields } of lines.rows) {
    const record = validateFields(fields, line, problems)
    if (record === undefined) continue
    const earlier = firstLineOfId.get(record.id)
    if (earlier !== undefined) {
      problems.push({ line, rule: `id must be unique (also on line ${earlier})`, value: record.id })
      continue
    }
    firstLineOfId.set(record.id, line)
    records.push(record)
  }
  problems.sort((a, b) => a.line - b.line)
  if (problems.length > 0) throw badLinesError(file, problems)
  if (records.length === 0) throw badFileError(file, text.trim() === '' ? 'the file is empty' : kind === '.csv' ? 'no records after the header line' : 'no records')
  return {
    name: basename(path, extname(path)),
    source: path,
    labels: corpusLabels(records),
    records,
    duplicatesRemoved: 0,
    problems: [],
    sha256: recordsSha256(records),
  }
}

/** The lines of a file, each with its fields, and the lines that could not be read at all. */
interface Lines {
  rows: { line: number; fields: RawFields }[]
  problems: LineProblem[]
}

/** One JSON object a line; blank lines skipped. */
function jsonlLines(text: string): Lines {
  const rows: Lines['rows'] = []
  const problems: LineProblem[] = []
  text.split('\n').forEach((raw, index) => {
    const line = index + 1
    const source = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (source.trim() === '') return
    let value: unknown
    try {
      value = JSON.parse(source)
    } catch (error) {
      problems.push({ line, rule: `not valid JSON: ${(error as Error).message}` })
      return
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({ line, rule: 'must be a JSON object', value })
      return
    }
    rows.push({ line, fields: value as RawFields })
  })
  return { rows, problems }
}

/** A header line, then one record a line (or several, inside quotes); empty fields left out. */
function csvLines(text: string): Lines {
  const bytes = Buffer.from(text, 'utf8')
  let parsed: { record: string[]; info: { bytes: number } }[]
  try {
    parsed = parseCsv(bytes, { info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof parsed
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 1
      return { rows: [], problems: [{ line, rule: `not valid CSV: ${error.message}` }] }
    }
    throw error
  }
  // A record's first line: the line of its first byte after the previous record (blank lines skipped).
  let end = 0
  let newlinesBefore = 0
  const lineOf = (recordEnd: number): number => {
    let start = end
    while (start < bytes.length && (bytes[start] === 0x0a || bytes[start] === 0x0d)) start++
    for (let i = end; i < start; i++) if (bytes[i] === 0x0a) newlinesBefore++
    const line = newlinesBefore + 1
    for (let i = start; i < recordEnd; i++) if (bytes[i] === 0x0a) newlinesBefore++
    end = recordEnd
    return line
  }
  const lines = parsed.map(({ record, info }) => ({ line: lineOf(info.bytes), record }))
  const header = lines[0]
  if (header === undefined) return { rows: [], problems: [] }
  const names = header.record.map((name) => name.trim())
  const problems: LineProblem[] = []
  const repeated = names.filter((name, i) => names.indexOf(name) !== i)
  if (repeated.length > 0) return { rows: [], problems: [{ line: header.line, rule: 'header names a column twice', value: repeated[0] }] }
  if (!names.includes('input') && !names.includes('text')) {
    return { rows: [], problems: [{ line: header.line, rule: `header must name an input (or text) column`, value: names.join(',') }] }
  }
  const rows: Lines['rows'] = []
  for (const { line, record } of lines.slice(1)) {
    if (record.length !== names.length) {
      problems.push({ line, rule: `has ${record.length} field${record.length === 1 ? '' : 's'}, the header has ${names.length}` })
      continue
    }
    const fields: RawFields = {}
    names.forEach((name, i) => {
      if (record[i] !== '') fields[name] = record[i]
    })
    rows.push({ line, fields })
  }
  return { rows, problems }
}

/** A record from one line's fields, or undefined with the line's problems pushed. */
function validateFields(fields: RawFields, line: number, problems: LineProblem[]): CorpusRecord | undefined {
  const before = problems.length
  const bad = (rule: string, value: unknown) => problems.push({ line, rule, value })
  const absent = (value: unknown) => value === undefined || value === null
  let input: string | undefined
  if (!absent(fields.input) && !absent(fields.text)) bad('give input or text, not both', { input: fields.input, text: fields.text })
  else if (absent(fields.input) && absent(fields.text)) problems.push({ line, rule: 'input (or text) is required' })
  else {
    const value = absent(fields.input) ? fields.text : fields.input
    const name = absent(fields.input) && !absent(fields.text) ? 'text' : 'input'
    if (typeof value !== 'string' || value.trim() === '') bad(`${name} must be a non-empty string`, value)
    else input = value
  }
  let id = `line-${line}`
  if (!absent(fields.id)) {
    if (typeof fields.id === 'string' && fields.id.trim() !== '') id = fields.id
    else if (typeof fields.id === 'number' && Number.isSafeInteger(fields.id)) id = String(fields.id)
    else bad('id must be a non-empty string or an integer', fields.id)
  }
  const optionalString = (name: 'label' | 'group'): string | null => {
    const value = fields[name]
    if (absent(value)) return null
    if (typeof value === 'string' && value !== '') return value
    bad(typeof value === 'string' ? `${name} must not be empty` : `${name} must be a string`, value)
    return null
  }
  const label = optionalString('label')
  const group = optionalString('group')
  let period: number | null = null
  if (!absent(fields.period)) {
    const value = typeof fields.period === 'string' && /^\s*\d+\s*$/.test(fields.period) ? Number(fields.period) : fields.period
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) period = value
    else bad('period must be an integer >= 1', fields.period)
  }
  let date: string | null = null
  if (!absent(fields.date)) {
    const ms = typeof fields.date === 'string' ? Date.parse(fields.date) : Number.NaN
    if (Number.isNaN(ms)) bad('date must be a date string (ISO 8601 or RFC 2822)', fields.date)
    else date = new Date(ms).toISOString()
  }
  if (problems.length > before || input === undefined) return undefined
  return { id, text: input, label, group, period, date, sha256: textSha256(input) }
}
