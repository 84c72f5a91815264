/**
 * Every message payback shows for bad input, in one place. A message names the JSON path, the
 * rule that was broken and the bad value, and has no trailing period.
 */

/** One problem with an input: where (a JSON pointer such as `/adaptation/teacherPassRate`), which rule, what value. */
export interface InputIssue {
  /** JSON pointer into the input; `` (empty) for the whole document. */
  path: string
  /** The rule, in words: `must be <= 1`, `unknown model for provider openai`. */
  rule: string
  /** The offending value, as read. */
  value: unknown
}

/**
 * Bad input: the CLI prints {@link InputError.message} and exits with code 2, without a stack trace.
 *
 * @example
 * const error = new InputError([{ path: '/adaptation/teacherPassRate', rule: 'must be <= 1', value: 1.4 }], 'scenario.json')
 * error.message // => 'invalid scenario.json at /adaptation/teacherPassRate: 1.4 (must be <= 1)'
 * error.name // => 'InputError'
 * new InputError([{ path: '', rule: 'not valid JSON: Unexpected end of JSON input', value: 'a.json' }]).message
 * // => 'invalid input at (root): "a.json" (not valid JSON: Unexpected end of JSON input)'
 */
export class InputError extends Error {
  readonly issues: InputIssue[]
  readonly source: string | undefined
  constructor(issues: InputIssue[], source?: string) {
    super(formatIssues(issues, source))
    this.name = 'InputError'
    this.issues = issues
    this.source = source
  }
}

/** Renders a value for a message: strings quoted, long objects cut. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined'
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value)
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

/** `invalid <source> at <path>: <value> (<rule>)`, one line per issue. */
export function formatIssue(issue: InputIssue, source?: string): string {
  const where = issue.path === '' ? '(root)' : issue.path
  return `invalid ${source ?? 'input'} at ${where}: ${showValue(issue.value)} (${issue.rule})`
}

/** All issues, one per line. */
export function formatIssues(issues: InputIssue[], source?: string): string {
  return issues.map((issue) => formatIssue(issue, source)).join('\n')
}

/** Rules for consistency checks that JSON Schema cannot express. */
export const rules = {
  unknownModel: (provider: string, table: string) => `unknown model for provider ${provider} in ${table}`,
  unknownProvider: (table: string) => `unknown provider in ${table}`,
  noInputPrice: (table: string) => `no input token price in ${table}; give prices explicitly`,
  unknownGpu: (known: string[]) => `unknown GPU; known: ${known.join(', ')}`,
  unknownArchitecture: (known: string[]) => `unknown architecture preset; known: ${known.join(', ')}`,
  gpuTooSmall: (needGiB: number, haveGiB: number, what: string) =>
    `the GPU cannot hold the model for ${what}: needs ${needGiB.toFixed(1)} GiB, has ${haveGiB.toFixed(1)} GiB`,
  noServingPlan: (reason: string) => `the serving model has no plan (state a measured requestsPerSecondPerGpu, or relax the target): ${reason}`,
  moduleNotInArchitecture: (known: string[]) => `not a linear module of the architecture; known: ${known.join(', ')}`,
  parse: (detail: string) => `not valid JSON: ${detail}`,
  readFile: (detail: string) => `cannot read the file: ${detail}`,
  notRegularFile: (kind: string) => `not a regular file but ${kind}; give a JSON file`,
  fileTooLarge: (maxBytes: number) => `larger than the ${maxBytes / 1e6} MB limit for a scenario file`,
  tooDeepValue: (maxDepth: number) => `nested more than ${maxDepth} levels deep; a scenario nests arrays and objects at most ${maxDepth} levels deep`,
  tooDeep: (depth: number, maxDepth: number) => `nested ${depth} levels deep; a scenario nests arrays and objects at most ${maxDepth} levels deep`,
  emptyPath: 'must be a file name, not empty',
  cannotWrite: (reason: string) => `cannot write there: ${reason}`,
} as const

/** The words for a file-system error code: what went wrong, for someone who gave the path. */
const FILE_SYSTEM_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  EISDIR: 'it is a directory; give a file name',
  ENOTDIR: 'a folder on the path is a file',
  ENOENT: 'no such file or folder',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'over the disk quota',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links on the path',
}

/**
 * A user's file-system mistake in words, from the error's code (and syscall: mkdir's EEXIST
 * means a folder on the path is a file), or `undefined` when the error is not one a user's path
 * explains (then it is a bug, exit 1).
 *
 * @example
 * fileSystemReason(Object.assign(new Error('EEXIST: file already exists, mkdir'), { code: 'EEXIST', syscall: 'mkdir' })) // => 'a folder on the path is a file'
 * fileSystemReason(Object.assign(new Error('EROFS'), { code: 'EROFS' })) // => 'the file system is read-only'
 * fileSystemReason(new Error('no code')) // => undefined
 */
export function fileSystemReason(error: unknown): string | undefined {
  const { code, syscall } = (error ?? {}) as { code?: unknown; syscall?: unknown }
  if (typeof code !== 'string') return undefined
  if (code === 'EEXIST' && syscall === 'mkdir') return FILE_SYSTEM_REASONS.ENOTDIR
  return FILE_SYSTEM_REASONS[code]
}

/**
 * A command-line option with a bad value, in the one shape every option error has:
 * `invalid <flag>: <value> (<rule>)`.
 *
 * @example
 * invalidOption('--out', '', 'must be a file name, not empty') // => 'invalid --out: "" (must be a file name, not empty)'
 */
export function invalidOption(flag: string, value: string, rule: string): string {
  return `invalid ${flag}: ${JSON.stringify(value)} (${rule})`
}

/**
 * A bad argument to a library function (`invalid rank: 0 (must be a positive integer)`): the
 * caller's input, not a bug, so the CLI exits 2 on it like on {@link InputError}.
 */
export class InvalidArgumentError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InvalidArgumentError'
  }
}
