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
// - Each parameter may declare a rule in brackets at the start of its comment, which the runner
//   checks before Jupyter starts (tslab would only find a wrong type, and a value of the right
//   type but out of range would fail deep inside the notebook):
//       let seed = 0 // [integer >= 0] seed of the random streams
//       let scenarioPath: string | undefined = undefined // [existing file] undefined: the default
//   Rules: [integer], [number], either with `>= N` or `> N` and/or `<= M` (`integer >= 2, <= 100`),
//   and [existing file] (a relative
//   path is taken from the notebook's folder, the kernel's working directory). The value's type
//   is checked too: number, string or boolean, from the annotation or the initial value.
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'

import {
  invalidParameterName,
  invalidParameterRule,
  invalidParameterValue,
  noParametersCell,
  parameterNotLet,
  parameterRuleBroken,
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

/** A rule a parameter's value must meet, as declared in brackets in its comment. */
export type ParameterRule =
  | {
      readonly kind: 'integer' | 'number'
      readonly min?: number
      /** `> min` rather than `>= min` */
      readonly exclusive?: boolean
      /** `<= max` */
      readonly max?: number
    }
  | { readonly kind: 'existing file' }

/** One parameter as its parameters cell declares it. */
export interface ParameterDeclaration {
  readonly name: string
  readonly keyword: 'let' | 'const' | 'var'
  /** The value's type, from the annotation (`number | undefined`) or the initial value (`0`, `"x"`); undefined when neither says. */
  readonly type: 'number' | 'string' | 'boolean' | undefined
  /** The bracketed rule at the start of its comment, as written (`integer >= 0`), or undefined. */
  readonly rule: string | undefined
}

const DECLARATION_LINE =
  /^[ \t]*(?:export[ \t]+)?(let|const|var)[ \t]+([A-Za-z_$][\w$]*)[ \t]*(?::([^=\n]*))?(?:=[ \t]*([^\n]*?))?[ \t]*(?:\/\/[ \t]*\[([^\]\n]*)\][^\n]*)?$/gm

/** The value type a declaration names: one of number/string/boolean in the annotation, else the initial literal's. */
function declaredType(annotation: string | undefined, initial: string | undefined): ParameterDeclaration['type'] {
  const named = (['number', 'string', 'boolean'] as const).filter((type) => new RegExp(`\\b${type}\\b`).test(annotation ?? ''))
  if (named.length > 0) return named.length === 1 ? named[0] : undefined
  if (annotation !== undefined && annotation.trim() !== '') return undefined
  const literal = (initial ?? '').replace(/\/\/.*$/, '').trim()
  if (/^-?(\d|\.\d)/.test(literal)) return 'number'
  if (/^["'`]/.test(literal)) return 'string'
  if (literal === 'true' || literal === 'false') return 'boolean'
  return undefined
}

/**
 * Every parameter a parameters cell declares (one per line), with its type and rule.
 * @example
 * parameterDeclarations('let seed = 0 // [integer >= 0] the seed')
 * // => [{ name: 'seed', keyword: 'let', type: 'number', rule: 'integer >= 0' }]
 * parameterDeclarations('let path: string | undefined = undefined // [existing file]')[0]?.type // => 'string'
 */
export function parameterDeclarations(source: string): ParameterDeclaration[] {
  const declarations: ParameterDeclaration[] = []
  for (const match of source.matchAll(DECLARATION_LINE)) {
    const [, keyword, name, annotation, initial, rule] = match
    if (name === undefined || declarations.some((declaration) => declaration.name === name)) continue
    declarations.push({ name, keyword: keyword as ParameterDeclaration['keyword'], type: declaredType(annotation, initial), rule: rule?.trim() })
  }
  return declarations
}

const NUMBER = '-?\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?'
const RULE = new RegExp(`^(integer|number)(?:[ \\t]*(>=|>)[ \\t]*(${NUMBER}))?(?:[ \\t]*,?[ \\t]*<=[ \\t]*(${NUMBER}))?$|^existing file$`)

/**
 * Reads a bracketed rule (`integer >= 0`, `number > 0`, `integer >= 2, <= 4294967295`, `existing file`).
 * @returns undefined when the text is not a rule the runner knows
 * @example
 * parseParameterRule('integer >= 2') // => { kind: 'integer', min: 2, exclusive: false }
 * parseParameterRule('number > 0, <= 1e13') // => { kind: 'number', min: 0, exclusive: true, max: 1e13 }
 * parseParameterRule('existing file') // => { kind: 'existing file' }
 * parseParameterRule('positive') // => undefined
 */
export function parseParameterRule(text: string): ParameterRule | undefined {
  const match = RULE.exec(text.trim())
  if (match === null) return undefined
  const [, kind, operator, bound, max] = match
  if (kind === undefined) return { kind: 'existing file' }
  return {
    kind: kind as 'integer' | 'number',
    ...(operator === undefined ? {} : { min: Number(bound), exclusive: operator === '>' }),
    ...(max === undefined ? {} : { max: Number(max) }),
  }
}

/**
 * A rule in words, as messages and the README say it.
 * @example
 * parameterRuleWords({ kind: "integer", min: 2, exclusive: false, max: 100 }) // => "an integer >= 2 and <= 100"
 * parameterRuleWords({ kind: "existing file" }) // => "an existing file"
 */
export function parameterRuleWords(rule: ParameterRule): string {
  if (rule.kind === 'existing file') return 'an existing file'
  const lower = rule.min === undefined ? '' : ` ${rule.exclusive ? '>' : '>='} ${rule.min}`
  const upper = rule.max === undefined ? '' : `${lower === '' ? '' : ' and'} <= ${rule.max}`
  return `${rule.kind === 'integer' ? 'an integer' : 'a number'}${lower}${upper}`
}

/** Why a value breaks a rule (the words for the message), or undefined when it meets it. */
function ruleBroken(rule: ParameterRule, value: ParameterValue, baseDir: string): string | undefined {
  if (rule.kind === 'existing file') {
    if (typeof value !== 'string' || value === '') return parameterRuleWords(rule)
    const file = resolve(baseDir, value)
    return existsSync(file) && statSync(file).isFile() ? undefined : parameterRuleWords(rule)
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return parameterRuleWords(rule)
  if (rule.kind === 'integer' && !Number.isSafeInteger(value)) return parameterRuleWords(rule)
  if (rule.min !== undefined && (rule.exclusive ? !(value > rule.min) : !(value >= rule.min))) return parameterRuleWords(rule)
  if (rule.max !== undefined && !(value <= rule.max)) return parameterRuleWords(rule)
  return undefined
}

/**
 * Checks overrides against what the notebook's parameters cell declares: each value's type
 * (number, string, boolean) and its bracketed rule. Names the cell does not declare, and
 * notebooks without a parameters cell, are left to {@link injectParameters} (a warning).
 * Cost: one `stat` per file rule; nothing else touches the disk.
 * @param baseDir the folder a relative file path is taken from: the notebook's (the kernel's working directory)
 * @throws {NotebookParameterError} naming the notebook, the parameter, the rule and the value, e.g.
 *   `invalid parameter seed of 01-should-we-adapt.ipynb: -1 (must be an integer >= 0)`; also for a rule
 *   the runner cannot read
 * @example
 * const cell = { cell_type: 'code', metadata: { tags: ['parameters'] }, source: 'let draws = 100 // [integer >= 2] draws' } as const
 * const notebook = { cells: [cell], metadata: {}, nbformat: 4, nbformat_minor: 5 }
 * checkParameterValues(notebook, { draws: 1 }, 'n.ipynb', '.') // throws invalid parameter draws of n.ipynb: 1 (must be an integer >= 2)
 * checkParameterValues(notebook, { draws: '5' }, 'n.ipynb', '.') // throws invalid parameter draws of n.ipynb: "5" (must be a number)
 * checkParameterValues(notebook, { draws: 5 }, 'n.ipynb', '.') // => undefined
 */
export function checkParameterValues(notebook: NotebookDocument, parameters: ParameterValues, notebookName: string, baseDir: string): void {
  const parametersCell = notebook.cells.find((cell) => cell.cell_type === 'code' && hasTag(cell, PARAMETERS_TAG))
  if (parametersCell === undefined) return
  for (const declaration of parameterDeclarations(cellSource(parametersCell))) {
    if (!Object.hasOwn(parameters, declaration.name)) continue
    const value = parameters[declaration.name] as ParameterValue
    if (declaration.type !== undefined && typeof value !== declaration.type) {
      throw new NotebookParameterError(parameterRuleBroken(notebookName, declaration.name, value, `a ${declaration.type}`))
    }
    if (declaration.rule === undefined) continue
    const rule = parseParameterRule(declaration.rule)
    if (rule === undefined) throw new NotebookParameterError(invalidParameterRule(notebookName, declaration.name, declaration.rule))
    const broken = ruleBroken(rule, value, baseDir)
    if (broken !== undefined) throw new NotebookParameterError(parameterRuleBroken(notebookName, declaration.name, value, broken))
  }
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
