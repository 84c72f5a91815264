// The doc-test runner itself (test/helpers/doctest.ts): that it reads the convention as
// documented in examples.test.ts, and that a wrong example fails with its file and line.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compileExample, extractExamples, mismatch, parseLiteral, publicIndexFor, runExample, type ExampleBlock, type Expected } from '../helpers/doctest.js'

const block = (code: string, line = 10): ExampleBlock => ({ file: 'src/x.ts', symbol: 'f', line, caption: '', code })
const run = (code: string, scope: Record<string, unknown> = {}) => {
  const b = block(code)
  return runExample(b, compileExample(b), scope, 'file:///x.js')
}

describe('parseLiteral', () => {
  it('gives a number half a unit of its last written digit', () => {
    expect(parseLiteral('0.007974')).toEqual({ kind: 'number', value: 0.007974, tolerance: 0.5e-6, text: '0.007974' })
    expect(parseLiteral('42')).toMatchObject({ value: 42, tolerance: 0.5 })
    expect(parseLiteral('312_345.6')).toMatchObject({ value: 312345.6, tolerance: 0.05 })
    // Scientific notation: two decimals in the mantissa, so half of 0.01e6.
    expect(parseLiteral('1.25e6')).toMatchObject({ value: 1.25e6, tolerance: 5000 })
    expect(parseLiteral('-3.4')).toMatchObject({ value: -3.4, tolerance: 0.05 })
    expect(parseLiteral('0xff')).toMatchObject({ value: 255, tolerance: 0 })
  })
  it('reads strings (also joined with +), arrays, objects, null, undefined', () => {
    expect(parseLiteral("'a' + 'b'")).toEqual({ kind: 'exact', value: 'ab' })
    expect(parseLiteral("[1, 'x', null]")).toEqual({
      kind: 'array',
      items: [
        { kind: 'number', value: 1, tolerance: 0.5, text: '1' },
        { kind: 'exact', value: 'x' },
        { kind: 'exact', value: null },
      ],
    })
    expect(parseLiteral('{ a: true }')).toEqual({ kind: 'object', entries: [['a', { kind: 'exact', value: true }]] })
    expect(parseLiteral('undefined')).toEqual({ kind: 'exact', value: undefined })
  })
  it('is undefined for what is not a literal', () => {
    expect(parseLiteral('f(1)')).toBeUndefined()
    expect(parseLiteral('[1, 2')).toBeUndefined()
    expect(parseLiteral('1 + 2')).toBeUndefined()
  })
})

describe('mismatch', () => {
  const expected = (text: string) => parseLiteral(text) as Expected
  it('passes within the precision shown and fails just outside it', () => {
    expect(mismatch(0.0079741404, expected('0.007974'))).toBeUndefined()
    expect(mismatch(0.0079746, expected('0.007974'))).toMatch(/expected 0.007974/)
    expect(mismatch(41.6, expected('42'))).toBeUndefined()
    expect(mismatch(41.4, expected('42'))).toMatch(/got 41.4/)
  })
  it('checks arrays item by item and length, objects on the keys shown', () => {
    expect(mismatch([1, 2], expected('[1, 2, 3]'))).toMatch(/3 items/)
    expect(mismatch(Float64Array.from([1, 2]), expected('[1, 2]'))).toBeUndefined()
    expect(mismatch({ a: 1, b: 2 }, expected('{ a: 1 }'))).toBeUndefined()
    expect(mismatch({ a: 1, b: 2 }, expected('{ b: 3 }'))).toMatch(/at b/)
    expect(mismatch({ a: 1 }, expected('{ c: 1 }'))).toMatch(/key c/)
    expect(mismatch('1', expected('1'))).toMatch(/the number 1/)
    expect(mismatch(null, expected('undefined'))).toMatch(/expected undefined/)
  })
})

describe('compileExample and runExample', () => {
  it('turns `// =>` on the line, on the next line and on a declaration into checks', () => {
    const compiled = compileExample(block('const x = 2 // => 2\nx + 1 // => 3\nx *\n  2\n// => 4 (a remark)'))
    expect(compiled.checks.map((c) => [c.line, c.source])).toEqual([
      [11, 'x'],
      [12, 'x + 1'],
      [15, 'x *\n  2'],
    ])
  })
  it('passes a true example and fails a wrong one with file, line and symbol', async () => {
    await expect(run('Math.max(1, 3) // => 3')).resolves.toBeUndefined()
    await expect(run('const a = 1\nMath.max(a, 3) // => 4')).rejects.toThrow('src/x.ts:12 (f): Math.max(a, 3): expected 4 (+-0.5), got 3')
  })
  it('has the scope it is given and awaits', async () => {
    await expect(run('await twice(2) // => 4', { twice: async (x: number) => 2 * x })).resolves.toBeUndefined()
  })
  it('checks `// throws` against the message, and fails when nothing is thrown', async () => {
    const fail = (why: string) => {
      throw new RangeError(why)
    }
    await expect(run("fail('boom') // throws RangeError: boom", { fail })).resolves.toBeUndefined()
    await expect(run("fail('boom') // throws boom", { fail })).resolves.toBeUndefined()
    await expect(run("fail('bang') // throws boom", { fail })).rejects.toThrow(/expected it to throw "boom", it threw "RangeError: bang"/)
    await expect(run('JSON.parse("1") // throws anything')).rejects.toThrow(/expected it to throw "anything", it returned/)
  })
  it('fails an example that throws, naming where', async () => {
    await expect(run('undefinedName + 1 // => 1')).rejects.toThrow('src/x.ts:10 (f): the example threw ReferenceError: undefinedName is not defined')
  })
  it('finds no check in an example without `// =>`', () => {
    expect(compileExample(block('f(1) // 3')).checks).toEqual([])
  })
})

describe('extractExamples', () => {
  it('reads each @example with its symbol, line and caption, and strips the comment', () => {
    const root = mkdtempSync(join(tmpdir(), 'doctest-'))
    writeFileSync(
      join(root, 'a.ts'),
      [
        '/**',
        ' * Adds.',
        ' * @example',
        ' * add(1, 2) // => 3',
        ' * @example illustrative: needs nothing',
        ' * add(0, 0)',
        ' */',
        'export function add(a: number, b: number): number { return a + b }',
        'export class K {',
        '  /**',
        '   * @example',
        '   * new K().m() // => 1',
        '   */',
        '  m(): number { return 1 }',
        '}',
      ].join('\n'),
    )
    expect(extractExamples(root, 'a.ts')).toEqual([
      { file: 'a.ts', symbol: 'add', line: 3, caption: '', code: 'add(1, 2) // => 3' },
      { file: 'a.ts', symbol: 'add', line: 5, caption: 'illustrative: needs nothing', code: 'add(0, 0)' },
      { file: 'a.ts', symbol: 'K.m', line: 11, caption: '', code: 'new K().m() // => 1' },
    ])
  })
})

describe('publicIndexFor', () => {
  it('is the index of src/ or of the engine with one, and none for a kernel/ module without an index', () => {
    expect(publicIndexFor('src/breakeven/horizon.ts')).toBe('src/index.ts')
    expect(publicIndexFor('kernel/sim/philox.ts')).toBe('kernel/sim/index.ts')
    expect(publicIndexFor('kernel/lora/client.ts')).toBe('kernel/lora/index.ts')
    expect(publicIndexFor('kernel/errors.ts')).toBeUndefined()
    expect(publicIndexFor('kernel/jupyter/parameters.ts')).toBeUndefined()
    expect(() => publicIndexFor('bench/x.ts')).toThrow('no public index for bench/x.ts')
  })
})
