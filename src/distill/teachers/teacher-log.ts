/**
 * Recorded production logs of a teacher: JSONL, one `{input, output}` pair a line, validated line
 * by line; a bad line is reported with its number and skipped, never silently.
 */
import { FileLimitError, readTextFileBounded } from '../../io/read-bounded.js'
import { fileSystemReason, InputError, rules } from '../../scenario/messages.js'
import { teacherProblems } from './messages.js'

/** One valid line of a teacher log. Optional fields are absent (undefined) when the line lacks them. */
export interface TeacherLogEntry {
  /** 1-based line number in the file. */
  line: number
  id?: string
  /** The model input (non-empty). */
  input: string
  /** The teacher's raw output (non-empty). */
  output: string
  /** The gold label, when the log has one (null: known to be unlabelled). */
  label?: string | null
  /** The teacher's probability of its answer, in [0, 1]. */
  confidence?: number
  inputTokens?: number
  outputTokens?: number
  /** What the call cost in production, USD. */
  costUSD?: number
  model?: string
}

/** A teacher log read: its valid entries in file order and its bad lines. */
export interface TeacherLog {
  entries: TeacherLogEntry[]
  problems: { line: number; problem: string }[]
}

/** The largest log file {@link readTeacherLog} reads (bytes): 256 MB. */
export const MAX_TEACHER_LOG_BYTES = 256_000_000

const p = teacherProblems.logLine

/** The problem with one field of a log line, or undefined when it is fine (or absent and optional). */
function fieldProblem(record: Record<string, unknown>, name: string): string | undefined {
  const value = record[name]
  const absent = value === undefined
  switch (name) {
    case 'input':
    case 'output':
      if (absent) return `${name} is missing`
      return typeof value === 'string' && value.trim() !== '' ? undefined : p.field(name, 'must be a non-empty string', value)
    case 'id':
    case 'model':
      return absent || (typeof value === 'string' && value !== '') ? undefined : p.field(name, 'must be a non-empty string', value)
    case 'label':
      return absent || value === null || (typeof value === 'string' && value.trim() !== '') ? undefined : p.field(name, 'must be a non-empty string or null', value)
    case 'confidence':
      return absent || (typeof value === 'number' && value >= 0 && value <= 1) ? undefined : p.field(name, 'must be a number in [0, 1]', value)
    case 'inputTokens':
    case 'outputTokens':
      return absent || (typeof value === 'number' && Number.isInteger(value) && value >= 0) ? undefined : p.field(name, 'must be an integer >= 0', value)
    case 'costUSD':
      return absent || (typeof value === 'number' && Number.isFinite(value) && value >= 0) ? undefined : p.field(name, 'must be a finite number >= 0', value)
  }
  return undefined
}

const FIELDS = ['id', 'input', 'output', 'label', 'confidence', 'inputTokens', 'outputTokens', 'costUSD', 'model'] as const

/**
 * Parses the text of a teacher log. Each non-blank line must be a JSON object with non-empty
 * string `input` and `output`; optional `id` (string, unique in the file), `label` (string or
 * null: the gold label), `confidence` (in [0, 1]), `inputTokens` and `outputTokens` (integers
 * >= 0), `costUSD` (>= 0) and `model` (string); other fields are ignored. A line that breaks a
 * rule is skipped and reported with its 1-based number and every rule it breaks; a repeated id
 * keeps its first line. Blank lines (empty or whitespace only, such as a trailing newline) hold
 * no record and are skipped without a problem. O(text length).
 *
 * @example
 * const log = parseTeacherLog('{"id":"a","input":"Win now","output":"spam","costUSD":0.001}\n\nnot json\n{"input":"hi","output":""}\n')
 * log.entries.length // => 1
 * log.entries[0] // => { line: 1, id: 'a', input: 'Win now', output: 'spam', costUSD: 0.001 }
 * log.problems.map((problem) => problem.line) // => [3, 4]
 * log.problems[1].problem // => 'output must be a non-empty string, got ""'
 */
export function parseTeacherLog(text: string): TeacherLog {
  const entries: TeacherLogEntry[] = []
  const problems: TeacherLog['problems'] = []
  const firstLineOfId = new Map<string, number>()
  const lines = text.split(/\r?\n/)
  lines.forEach((raw, i) => {
    const line = i + 1
    if (raw.trim() === '') return
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch (error) {
      problems.push({ line, problem: p.json((error as Error).message) })
      return
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ line, problem: p.notObject })
      return
    }
    const record = value as Record<string, unknown>
    const broken = FIELDS.map((name) => fieldProblem(record, name)).filter((problem): problem is string => problem !== undefined)
    if (broken.length > 0) {
      problems.push({ line, problem: broken.join('; ') })
      return
    }
    if (typeof record.id === 'string') {
      const first = firstLineOfId.get(record.id)
      if (first !== undefined) {
        problems.push({ line, problem: p.duplicateId(record.id, first) })
        return
      }
      firstLineOfId.set(record.id, line)
    }
    const entry: TeacherLogEntry = { line, input: record.input as string, output: record.output as string }
    if (record.id !== undefined) entry.id = record.id as string
    for (const name of ['label', 'confidence', 'inputTokens', 'outputTokens', 'costUSD', 'model'] as const) {
      if (record[name] !== undefined) (entry as unknown as Record<string, unknown>)[name] = record[name]
    }
    entries.push(entry)
  })
  return { entries, problems }
}

/**
 * Reads a teacher log file ({@link parseTeacherLog}): a regular file of at most
 * {@link MAX_TEACHER_LOG_BYTES}, UTF-8, a leading byte-order mark removed.
 *
 * @throws {InputError} when the file cannot be read: `invalid no-such.jsonl at (root): "no-such.jsonl" (cannot read the file: no such file or folder)`
 * @example
 * const { mkdtempSync, writeFileSync } = process.getBuiltinModule('node:fs')
 * const folder = mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/payback-log-`)
 * writeFileSync(`${folder}/log.jsonl`, '{"input":"Win now","output":"{\\"label\\":\\"spam\\"}"}\n{"input":1}\n')
 * readTeacherLog(`${folder}/log.jsonl`).problems // => [{ line: 2, problem: 'input must be a non-empty string, got 1; output is missing' }]
 * readTeacherLog('no-such.jsonl') // throws invalid no-such.jsonl at (root): "no-such.jsonl" (cannot read the file: no such file or folder)
 */
export function readTeacherLog(path: string): TeacherLog {
  const refuse = (rule: string) => new InputError([{ path: '', rule, value: path }], path)
  let text: string
  try {
    text = readTextFileBounded(path, MAX_TEACHER_LOG_BYTES)
  } catch (error) {
    if (error instanceof FileLimitError) {
      throw refuse(error.kind === 'too-large' ? `larger than the ${MAX_TEACHER_LOG_BYTES / 1e6} MB limit for a teacher log` : `not a regular file but ${error.detail}; give a JSONL file`)
    }
    throw refuse(rules.readFile(fileSystemReason(error) ?? (error as Error).message))
  }
  return parseTeacherLog(text)
}
