import { describe, expect, it } from 'vitest'

import { summarizeCellError } from '../../kernel/jupyter/cell-error.js'

// The stderr texts below are what tslab 1.0.22 on Node 20 wrote for these cells.
const stack = '    at evalmachine.<anonymous>:2:7\n    at evalmachine.<anonymous>:4:3\n    at Script.runInThisContext (node:vm:135:14)\n'

describe('summarizeCellError(ename, evalue, stderr)', () => {
  it('keeps a name the kernel sent', () => {
    expect(summarizeCellError('ZeroDivisionError', 'division by zero', 'ignored')).toEqual({ ename: 'ZeroDivisionError', evalue: 'division by zero' })
  })

  it('reads TypeScript diagnostics as TSError: `const q: number = "s"`', () => {
    expect(summarizeCellError('<Error>', '', "1:7 - Type 'string' is not assignable to type 'number'.\n")).toEqual({
      ename: 'TSError',
      evalue: "1:7 - Type 'string' is not assignable to type 'number'.",
    })
  })

  it('reads a thrown error after the source excerpt: `throw new RangeError("bad\\nsecond line")`', () => {
    const stderr = `evalmachine.<anonymous>:2\nthrow new RangeError("bad\\nsecond line");\n^\n\nRangeError: bad\nsecond line\n${stack}`
    expect(summarizeCellError('<Error>', '', stderr)).toEqual({ ename: 'RangeError', evalue: 'bad\nsecond line' })
  })

  it('reads a rejected top-level await (no excerpt) and skips earlier console output', () => {
    const stderr = `a warning the cell printed\n\nTypeError: async boom\n${stack}`
    expect(summarizeCellError('<Error>', '', stderr)).toEqual({ ename: 'TypeError', evalue: 'async boom' })
  })

  it('reads JSON.parse errors and error codes in brackets', () => {
    expect(summarizeCellError('', '', `<anonymous_script>:1\n{\n\nSyntaxError: Expected property name or '}' in JSON at position 1\n${stack}`)).toEqual({
      ename: 'SyntaxError',
      evalue: "Expected property name or '}' in JSON at position 1",
    })
    expect(summarizeCellError('', '', `Error [ERR_X]: with code\n${stack}{ code: 'ERR_X' }\n`)).toEqual({ ename: 'Error', evalue: 'with code' })
  })

  it('reports a thrown non-Error value as Uncaught: `throw "oops"`', () => {
    expect(summarizeCellError('<Error>', '', 'oops\n')).toEqual({ ename: 'Uncaught', evalue: 'oops' })
    expect(summarizeCellError('<Error>', '', '')).toEqual({ ename: 'Error', evalue: 'the kernel reported an error without a message' })
  })
})
