// What went wrong in a failed tslab cell, as an error name and value.
//
// tslab 1.0.22 answers a failed execute_request with status "error" but no ename/evalue
// (nbclient then reports '<Error>' and ''); the error itself is on the cell's stderr:
// - compile errors, one per line: "1:7 - Type 'string' is not assignable to type 'number'."
// - runtime errors, as Node's console.error(error) prints them: an optional source excerpt
//   ("evalmachine.<anonymous>:2\nthrow ...\n^\n\n"), then "RangeError: message", then the
//   "    at ..." stack lines;
// - a thrown non-Error: just its value ("oops").

/** An error name and value, as Jupyter's error messages carry them. */
export interface CellErrorSummary {
  /** e.g. "TypeError", "TSError" (compile errors), "CellTimeoutError" */
  readonly ename: string
  /** The message, without the stack. */
  readonly evalue: string
}

/** The ename used for TypeScript compile errors (ts-node's name for them). */
export const COMPILE_ERROR_NAME = 'TSError'

const COMPILE_DIAGNOSTIC = /^\d+:\d+ - /
const STACK_LINE = /^\s+at /
const ERROR_HEADER = /^([A-Za-z_$][\w$.]*)(?: \[[^\]]*\])?: ?([\s\S]*)$/

/**
 * The error of a failed cell, from what the kernel reported and the cell's stderr.
 * Kernel-provided names win (other kernels send them; `<Error>` is nbclient's placeholder).
 * @example
 * summarizeCellError('<Error>', '', "1:7 - Type 'string' is not assignable to type 'number'.\n")
 * // => { ename: 'TSError', evalue: "1:7 - Type 'string' is not assignable to type 'number'." }
 * summarizeCellError('ValueError', 'bad', '') // => { ename: 'ValueError', evalue: 'bad' } (the kernel's own name wins)
 */
export function summarizeCellError(ename: string, evalue: string, stderr: string): CellErrorSummary {
  if (ename !== '' && ename !== '<Error>') return { ename, evalue }
  const lines = stderr.replace(/\r\n/g, '\n').split('\n')

  const diagnostics = lines.filter((line) => COMPILE_DIAGNOSTIC.test(line))
  if (diagnostics.length > 0) return { ename: COMPILE_ERROR_NAME, evalue: diagnostics.join('\n') }

  // The last stack in stderr belongs to the error (earlier ones may be console.trace output).
  let stackStart = -1
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    if (STACK_LINE.test(lines[index] ?? '')) stackStart = index
    else if (stackStart !== -1) break
  }
  if (stackStart > 0) {
    let headerStart = stackStart - 1
    while (headerStart > 0 && (lines[headerStart - 1] ?? '').trim() !== '') headerStart -= 1
    const header = lines.slice(headerStart, stackStart).join('\n')
    const match = ERROR_HEADER.exec(header)
    if (match) return { ename: match[1] ?? 'Error', evalue: (match[2] ?? '').trim() }
    return { ename: 'Error', evalue: header.trim() }
  }

  const text = stderr.trim()
  return text === '' ? { ename: 'Error', evalue: 'the kernel reported an error without a message' } : { ename: 'Uncaught', evalue: text }
}
