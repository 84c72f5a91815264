// Notebook parameters, the papermill way, adapted to a TypeScript kernel.
//
// Convention (see also notebooks/README or the runner's doc comment):
// - One code cell is tagged `parameters` (cell metadata `"tags": ["parameters"]`). It declares
//   each parameter with `let`, one per line, with its type and default value:
//       let scenarioPath: string | undefined = undefined
//       let seed = 1
// - The runner inserts, right after it, a cell tagged `injected-parameters` that reassigns
//   the overridden ones inside a block:
//       // Parameters injected by the notebook runner (kernel/jupyter/run.ts)
//       {
//         seed = 42
//       }
//   Reassigning (rather than redeclaring) keeps the declared type, so tslab type-checks every
//   override against it (`seed = "x"` fails with "Type 'string' is not assignable to type
//   'number'"). The block keeps tslab from printing the last assignment's value.
// - A stale `injected-parameters` cell (a report notebook run again) is replaced, not stacked.
// - Overrides for names the parameters cell does not declare are ignored with a warning, as
//   papermill does; an override for a `const` or `var` parameter is an error.
import {
  invalidParameterName,
  invalidParameterValue,
  noParametersCell,
  parameterNotLet,
  unknownParameters,
} from './messages.js'
import { cellSource, hasTag, sourceLines, type NotebookCell, type NotebookDocument } from './notebook-json.js'

/** The tag of the cell that declares the parameters (papermill's name). */
export const PARAMETERS_TAG = 'parameters'

/** The tag of the cell the runner inserts after it (papermill's name). */
export const INJECTED_PARAMETERS_TAG = 'injected-parameters'

/** A value that can be written as a TypeScript literal: JSON data. */
export type ParameterValue = string | number | boolean | null | readonly ParameterValue[] | { readonly [key: string]: ParameterValue }

/** Parameter overrides by name. */
export type ParameterValues = Readonly<Record<string, ParameterValue>>

/** What {@link injectParameters} did. */
export interface InjectionResult {
  /** The notebook with the injected cell (a new object; the input is not modified). */
  readonly notebook: NotebookDocument
  /** Index of the injected cell in `notebook.cells`, or -1 when nothing was injected. */
  readonly injectedIndex: number
  /** Names that were overridden, in the order given. */
  readonly injected: readonly string[]
  /** Warnings (overrides that were ignored). */
  readonly warnings: readonly string[]
}

/** A parameter override the notebook cannot take: bad name, non-JSON value, or a non-`let` parameter. */
export class NotebookParameterError extends Error {
  override readonly name = 'NotebookParameterError'
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/
const DECLARATION = /^[ \t]*(?:export[ \t]+)?(let|const|var)[ \t]+([A-Za-z_$][\w$]*)/gm

/**
 * The names a parameters cell declares at the start of a line, with their keyword.
 * `let a = 1, b = 2` declares only `a` here: write one declaration per line.
 * @example
 * [...declaredParameters('let seed = 1\nconst title = "x"')] // => [['seed', 'let'], ['title', 'const']]
 */
export function declaredParameters(source: string): Map<string, 'let' | 'const' | 'var'> {
  const declared = new Map<string, 'let' | 'const' | 'var'>()
  for (const match of source.matchAll(DECLARATION)) {
    const [, keyword, name] = match
    if (name !== undefined && !declared.has(name)) declared.set(name, keyword as 'let' | 'const' | 'var')
  }
  return declared
}

/**
 * A TypeScript literal for a JSON value (strings escaped by JSON.stringify, which is valid
 * TypeScript).
 * @throws {NotebookParameterError} when the value is not JSON data (a non-finite number, undefined, a function, a class instance)
 * @example
 * typescriptLiteral('seed', { runs: [1, 2] }) // => '{"runs":[1,2]}'
 * typescriptLiteral('seed', Number.NaN) // throws invalid parameter seed: NaN (must be a finite number)
 */
export function typescriptLiteral(name: string, value: ParameterValue): string {
  const check = (item: unknown, path: string): void => {
    if (item === null || typeof item === 'string' || typeof item === 'boolean') return
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) throw new NotebookParameterError(invalidParameterValue(path, item, 'must be a finite number'))
      return
    }
    if (Array.isArray(item)) {
      item.forEach((element, index) => check(element, `${path}[${index}]`))
      return
    }
    if (typeof item === 'object' && Object.getPrototypeOf(item) === Object.prototype) {
      for (const [key, element] of Object.entries(item)) check(element, `${path}.${key}`)
      return
    }
    throw new NotebookParameterError(invalidParameterValue(path, item, 'must be JSON data: string, number, boolean, null, array or plain object'))
  }
  check(value, name)
  return JSON.stringify(value)
}

/** `base`, or `base-2`, `base-3`, ... : an id no cell in `cells` has. */
function uniqueCellId(cells: readonly NotebookCell[], base: string): string {
  const taken = new Set(cells.map((cell) => cell.id))
  let id = base
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`
  return id
}

/** The source of the injected cell for these overrides (names in the order given). */
export function injectedCellSource(overrides: ReadonlyArray<readonly [string, ParameterValue]>): string {
  const lines = overrides.map(([name, value]) => `  ${name} = ${typescriptLiteral(name, value)}`)
  return ['// Parameters injected by the notebook runner (kernel/jupyter/run.ts)', '{', ...lines, '}'].join('\n')
}

/**
 * Inserts the `injected-parameters` cell after the `parameters` cell, reassigning each
 * override the parameters cell declares with `let`; removes any earlier injected cell.
 * Pure: returns a new notebook.
 * @param notebookName how messages name the notebook
 * @throws {NotebookParameterError} when a parameter name is not an identifier, a value is not JSON data, or an
 *   override targets a parameter declared with const or var
 */
export function injectParameters(notebook: NotebookDocument, parameters: ParameterValues, notebookName: string): InjectionResult {
  for (const name of Object.keys(parameters)) {
    if (!IDENTIFIER.test(name)) throw new NotebookParameterError(invalidParameterName(name))
  }
  const cells = notebook.cells.filter((cell) => !hasTag(cell, INJECTED_PARAMETERS_TAG))
  const result = (injectedIndex: number, injected: string[], warnings: string[], withCell?: NotebookCell): InjectionResult => {
    const nextCells = [...cells]
    if (withCell !== undefined) nextCells.splice(injectedIndex, 0, withCell)
    return { notebook: { ...notebook, cells: nextCells }, injectedIndex, injected, warnings }
  }
  const names = Object.keys(parameters)
  if (names.length === 0) return result(-1, [], [])

  const parametersIndex = cells.findIndex((cell) => cell.cell_type === 'code' && hasTag(cell, PARAMETERS_TAG))
  const parametersCell = cells[parametersIndex]
  if (parametersCell === undefined) return result(-1, [], [noParametersCell(notebookName, names)])

  const declared = declaredParameters(cellSource(parametersCell))
  const overrides: Array<readonly [string, ParameterValue]> = []
  const unknown: string[] = []
  for (const name of names) {
    const keyword = declared.get(name)
    if (keyword === undefined) unknown.push(name)
    else if (keyword !== 'let') throw new NotebookParameterError(parameterNotLet(notebookName, name, keyword))
    else overrides.push([name, parameters[name] as ParameterValue])
  }
  const warnings = unknown.length > 0 ? [unknownParameters(notebookName, unknown)] : []
  if (overrides.length === 0) return result(-1, [], warnings)

  const cell: NotebookCell = {
    cell_type: 'code',
    execution_count: null,
    // nbformat 4.5 requires cell ids and 4.4 forbids them.
    ...(notebook.nbformat_minor >= 5 ? { id: uniqueCellId(cells, INJECTED_PARAMETERS_TAG) } : {}),
    metadata: { tags: [INJECTED_PARAMETERS_TAG] },
    outputs: [],
    source: sourceLines(injectedCellSource(overrides)),
  }
  return result(
    parametersIndex + 1,
    overrides.map(([name]) => name),
    warnings,
    cell,
  )
}
