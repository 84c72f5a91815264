/**
 * Every message src/corpus gives for a bad data file, in one place. A line's message names the
 * file, the line, the field's rule and the bad value, with no trailing period:
 * `invalid data.jsonl line 7: label must be a string (got 3)`.
 */
import { UsageError } from '../../kernel/errors.js'
import { showValue } from '../scenario/messages.js'

/** One bad line of a data file. */
export interface LineProblem {
  /** 1-based line in the file (a CSV record's first line). */
  line: number
  /** What is wrong, naming the field: `label must be a string`, `not valid JSON: ...`. */
  rule: string
  /** The bad value, shown after `got`; absent when there is nothing to show (a parse error). */
  value?: unknown
}

/** How many bad lines a {@link badLinesError} lists before it counts the rest. */
export const LINES_SHOWN = 5

/**
 * One bad line in words: `invalid <file> line <n>: <rule> (got <value>)`.
 *
 * @example
 * lineMessage('data.jsonl', { line: 7, rule: 'label must be a string', value: 3 }) // => 'invalid data.jsonl line 7: label must be a string (got 3)'
 * lineMessage('a.csv', { line: 2, rule: 'has 3 fields, the header has 2' }) // => 'invalid a.csv line 2: has 3 fields, the header has 2'
 */
export function lineMessage(file: string, problem: LineProblem): string {
  const got = 'value' in problem ? ` (got ${showValue(problem.value)})` : ''
  return `invalid ${file} line ${problem.line}: ${problem.rule}${got}`
}

/**
 * The error for a data file with bad lines: the first {@link LINES_SHOWN}, one per line, then
 * how many more there are.
 *
 * @example
 * const problems = [1, 2, 3, 4, 5, 6, 7].map((line) => ({ line, rule: 'input must be a non-empty string', value: '' }))
 * badLinesError('d.jsonl', problems).message.split('\n').at(-1) // => '... and 2 more bad lines in d.jsonl'
 * badLinesError('d.jsonl', problems.slice(0, 1)).message // => 'invalid d.jsonl line 1: input must be a non-empty string (got "")'
 */
export function badLinesError(file: string, problems: readonly LineProblem[]): UsageError {
  const shown = problems.slice(0, LINES_SHOWN).map((p) => lineMessage(file, p))
  const more = problems.length - shown.length
  if (more > 0) shown.push(`... and ${more} more bad line${more === 1 ? '' : 's'} in ${file}`)
  return new UsageError(shown.join('\n'))
}

/**
 * The error for a data file that cannot be used as a whole: `invalid <file>: <rule>`.
 *
 * @example
 * badFileError('d.txt', 'unknown file type (must end in .jsonl or .csv)').message // => 'invalid d.txt: unknown file type (must end in .jsonl or .csv)'
 */
export function badFileError(file: string, rule: string): UsageError {
  return new UsageError(`invalid ${file}: ${rule}`)
}
