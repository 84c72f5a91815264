import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import type { NotebookCell, NotebookDocument } from '../../kernel/jupyter/notebook-json.js'
import {
  checkParameterValues,
  declaredParameters,
  injectedCellSource,
  injectParameters,
  NotebookParameterError,
  parameterDeclarations,
  parseParameterRule,
  typescriptLiteral,
} from '../../kernel/jupyter/parameters.js'

const code = (source: string, tags?: string[], id?: string): NotebookCell => ({
  cell_type: 'code',
  execution_count: null,
  metadata: tags === undefined ? {} : { tags },
  outputs: [],
  source,
  ...(id === undefined ? {} : { id }),
})
const notebook = (cells: NotebookCell[], minor = 5): NotebookDocument => ({ cells, metadata: {}, nbformat: 4, nbformat_minor: minor })
const params = code('let seed = 1\nlet scenarioPath: string | undefined = undefined\nconst title = "t"\nvar legacy = 0', ['parameters'], 'p')

describe('declaredParameters(source)', () => {
  it('finds one declaration per line with its keyword, ignoring indentation and comments before it', () => {
    expect([...declaredParameters(params.source as string)]).toEqual([
      ['seed', 'let'],
      ['scenarioPath', 'let'],
      ['title', 'const'],
      ['legacy', 'var'],
    ])
    expect([...declaredParameters('  let a = 1 // a\n// let commented = 2\nexport let b = 2')]).toEqual([
      ['a', 'let'],
      ['b', 'let'],
    ])
  })
})

describe('typescriptLiteral(name, value)', () => {
  it('writes JSON data as a TypeScript literal, strings escaped', () => {
    expect(typescriptLiteral('x', 'a "quoted"\nline')).toBe('"a \\"quoted\\"\\nline"')
    expect(typescriptLiteral('x', { runs: [1, 2.5, null, true] })).toBe('{"runs":[1,2.5,null,true]}')
  })

  it('throws on values without a JSON literal, naming the path', () => {
    expect(() => typescriptLiteral('x', Number.NaN)).toThrow('invalid parameter x: NaN (must be a finite number)')
    expect(() => typescriptLiteral('x', { a: [Infinity] })).toThrow('invalid parameter x.a[0]: Infinity')
    expect(() => typescriptLiteral('x', new Date(0) as never)).toThrow(NotebookParameterError)
  })
})

describe('injectedCellSource(overrides)', () => {
  it('reassigns inside a block, so tslab prints nothing and checks each value against the declared type', () => {
    expect(injectedCellSource([['seed', 7], ['scenarioPath', '/a.json']])).toBe(
      '// Parameters injected by the notebook runner (kernel/jupyter/run.ts)\n{\n  seed = 7\n  scenarioPath = "/a.json"\n}',
    )
  })
})

describe('injectParameters(notebook, parameters, name)', () => {
  it('inserts a cell tagged injected-parameters right after the parameters cell', () => {
    const input = notebook([code('1'), params, code('2')])
    const { notebook: out, injectedIndex, injected, warnings } = injectParameters(input, { seed: 7 }, 'n.ipynb')
    expect(injectedIndex).toBe(2)
    expect(injected).toEqual(['seed'])
    expect(warnings).toEqual([])
    expect(out.cells).toHaveLength(4)
    expect(out.cells[2]?.metadata.tags).toEqual(['injected-parameters'])
    expect(out.cells[2]?.id).toBe('injected-parameters')
    expect((out.cells[2]?.source as string[]).join('')).toContain('  seed = 7\n')
    expect(input.cells).toHaveLength(3) // pure
  })

  it('replaces an earlier injected cell instead of stacking a second one', () => {
    const first = injectParameters(notebook([params, code('x')]), { seed: 7 }, 'n').notebook
    const second = injectParameters(first, { seed: 8 }, 'n').notebook
    expect(second.cells.filter((cell) => cell.metadata.tags?.includes('injected-parameters'))).toHaveLength(1)
    expect((second.cells[1]?.source as string[]).join('')).toContain('seed = 8')
    expect(injectParameters(first, {}, 'n').notebook.cells).toHaveLength(2)
  })

  it('ignores undeclared names with a warning, like papermill', () => {
    const result = injectParameters(notebook([params]), { seed: 1, sed: 2 }, 'n.ipynb')
    expect(result.injected).toEqual(['seed'])
    expect(result.warnings).toEqual(['n.ipynb does not declare sed in its parameters cell; ignored'])
  })

  it('warns and injects nothing when no cell is tagged parameters', () => {
    const result = injectParameters(notebook([code('let seed = 1')]), { seed: 2 }, 'n.ipynb')
    expect(result.injectedIndex).toBe(-1)
    expect(result.notebook.cells).toHaveLength(1)
    expect(result.warnings).toEqual(['n.ipynb has no cell tagged "parameters"; ignored seed'])
  })

  it('throws for a const parameter and for a name that is not an identifier', () => {
    expect(() => injectParameters(notebook([params]), { title: 'x' }, 'n.ipynb')).toThrow(
      'invalid parameters cell in n.ipynb: title is declared with const (declare parameters with let so the runner can override them)',
    )
    expect(() => injectParameters(notebook([params]), { 'bad-name': 1 }, 'n.ipynb')).toThrow('invalid parameter name: "bad-name"')
  })

  it('gives the cell a fresh id under nbformat 4.5 and none under 4.4', () => {
    const taken = injectParameters(notebook([params, code('x', [], 'injected-parameters')]), { seed: 1 }, 'n').notebook
    expect(taken.cells[1]?.id).toBe('injected-parameters-2')
    const old = injectParameters(notebook([params], 4), { seed: 1 }, 'n').notebook
    expect(old.cells[1]).not.toHaveProperty('id')
  })
})

describe('parameterDeclarations(source)', () => {
  it('reads each declaration\'s type from its annotation, else from its initial value, and its [rule] from its comment', () => {
    const source = [
      '// Parameters: a comment line',
      'let scenarioPath: string | undefined = undefined // [existing file] undefined: the default',
      'let requestsPerMonth: number | undefined = undefined // [number > 0] month 1',
      'let seed = 0 // [integer >= 0] recorded',
      'let label = "x" // no rule here',
      'let flag = true',
      'let either: string | number = 1 // [integer]',
      'const fixed = 3',
    ].join('\n')
    expect(parameterDeclarations(source)).toEqual([
      { name: 'scenarioPath', keyword: 'let', type: 'string', rule: 'existing file' },
      { name: 'requestsPerMonth', keyword: 'let', type: 'number', rule: 'number > 0' },
      { name: 'seed', keyword: 'let', type: 'number', rule: 'integer >= 0' },
      { name: 'label', keyword: 'let', type: 'string', rule: undefined },
      { name: 'flag', keyword: 'let', type: 'boolean', rule: undefined },
      { name: 'either', keyword: 'let', type: undefined, rule: 'integer' }, // a union of two types: no type check
      { name: 'fixed', keyword: 'const', type: 'number', rule: undefined },
    ])
  })
})

describe('parseParameterRule(text)', () => {
  it('reads integer and number with a lower bound (>= or >) and/or an upper one (<=), and existing file', () => {
    expect(parseParameterRule('integer')).toEqual({ kind: 'integer' })
    expect(parseParameterRule(' integer >= 0 ')).toEqual({ kind: 'integer', min: 0, exclusive: false })
    expect(parseParameterRule('number > 0')).toEqual({ kind: 'number', min: 0, exclusive: true })
    expect(parseParameterRule('integer >= 2, <= 4294967295')).toEqual({ kind: 'integer', min: 2, exclusive: false, max: 4294967295 })
    expect(parseParameterRule('number <= 1e13')).toEqual({ kind: 'number', max: 1e13 })
    expect(parseParameterRule('existing file')).toEqual({ kind: 'existing file' })
  })

  it('is undefined for anything else', () => {
    for (const text of ['positive', 'integer >= x', 'file', 'number < 3', '']) expect(parseParameterRule(text), text).toBeUndefined()
  })
})

describe('checkParameterValues(notebook, parameters, name, baseDir)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'payback-parameters-'))
  writeFileSync(join(dir, 'scenario.json'), '{}')
  mkdirSync(join(dir, 'folder'))
  const cell = code(
    [
      'let scenarioPath: string | undefined = undefined // [existing file] a file',
      'let draws = 100 // [integer >= 2, <= 1000] draws',
      'let rate = 0.5 // [number > 0] a rate',
      'let label = "x"',
      'let odd = 1 // [integr] a typo',
    ].join('\n'),
    ['parameters'],
  )
  const input = notebook([code('1'), cell])
  const check = (parameters: Record<string, unknown>): void => checkParameterValues(input, parameters as never, 'n.ipynb', dir)

  it('accepts values of the declared type that meet the rule; a relative file is taken from baseDir', () => {
    expect(() => check({ scenarioPath: 'scenario.json', draws: 2, rate: 1e-9, label: 'y', other: 'undeclared' })).not.toThrow()
    expect(() => check({ scenarioPath: join(dir, 'scenario.json'), draws: 1000 })).not.toThrow()
  })

  it('refuses a value that breaks its rule, naming the notebook, the parameter, the value and the rule', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ draws: 1 }, 'invalid parameter draws of n.ipynb: 1 (must be an integer >= 2 and <= 1000)'],
      [{ draws: 2.5 }, 'invalid parameter draws of n.ipynb: 2.5 (must be an integer >= 2 and <= 1000)'],
      [{ draws: 1001 }, 'invalid parameter draws of n.ipynb: 1001 (must be an integer >= 2 and <= 1000)'],
      [{ rate: 0 }, 'invalid parameter rate of n.ipynb: 0 (must be a number > 0)'],
      [{ scenarioPath: 'missing.json' }, 'invalid parameter scenarioPath of n.ipynb: "missing.json" (must be an existing file)'],
      [{ scenarioPath: 'folder' }, 'invalid parameter scenarioPath of n.ipynb: "folder" (must be an existing file)'],
      [{ scenarioPath: '' }, 'invalid parameter scenarioPath of n.ipynb: "" (must be an existing file)'],
    ]
    for (const [parameters, message] of cases) expect(() => check(parameters), message).toThrow(message)
    expect(() => check({ draws: 1 })).toThrow(NotebookParameterError)
  })

  it('refuses a value of another type than the declared one (null included)', () => {
    expect(() => check({ draws: '5' })).toThrow('invalid parameter draws of n.ipynb: "5" (must be a number)')
    expect(() => check({ scenarioPath: 3 })).toThrow('invalid parameter scenarioPath of n.ipynb: 3 (must be a string)')
    expect(() => check({ label: null })).toThrow('invalid parameter label of n.ipynb: null (must be a string)')
  })

  it('refuses an override of a parameter whose rule it cannot read, and says how to write one', () => {
    expect(() => check({ odd: 1 })).toThrow('invalid parameters cell in n.ipynb: odd declares the rule [integr]')
    expect(() => check({ draws: 5 })).not.toThrow() // only when that parameter is overridden
  })

  it('checks nothing in a notebook without a parameters cell (injectParameters warns instead)', () => {
    expect(() => checkParameterValues(notebook([code('let draws = 1 // [integer >= 2]')]), { draws: 1 }, 'n', dir)).not.toThrow()
  })
})
