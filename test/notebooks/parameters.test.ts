import { describe, expect, it } from 'vitest'

import type { NotebookCell, NotebookDocument } from '../../kernel/jupyter/notebook-json.js'
import {
  declaredParameters,
  injectedCellSource,
  injectParameters,
  NotebookParameterError,
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
