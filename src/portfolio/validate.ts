/**
 * Validation of a portfolio file at the entry: the portfolio's own shape (ajv against
 * `schemas/portfolio.schema.json`, every error with its JSON path), then the base scenario (its
 * issues under `/base`), then each task's merged scenario (the base with the task's sections
 * deep-merged on), each validated as a scenario is, its issues under `/tasks/<i>`. What comes out
 * is one validated scenario per task; everything downstream trusts it.
 */
import { createRequire } from 'node:module'
import { dirname, isAbsolute, join } from 'node:path'
import type { ValidateFunction } from 'ajv'
import { ajvIssues } from '../scenario/ajv-issues.js'
import { InputError, type InputIssue } from '../scenario/messages.js'
import { isPortfolio, portfolioJsonSchema, TASK_OVERRIDE_SECTIONS, type PortfolioInput, type PortfolioTaskInput } from '../scenario/portfolio-schema.js'
import { readScenarioJson, validateScenarioInput, type ValidatedScenario } from '../scenario/validate.js'

const require = createRequire(import.meta.url)

/** One task of a validated portfolio: its name, its adapt rule, its merged and validated scenario. */
export interface PortfolioTask {
  name: string
  adapt: 'auto' | 'yes' | 'no'
  validated: ValidatedScenario
}

/** A validated portfolio. */
export interface Portfolio {
  name: string
  description?: string
  /** The portfolio as written, defaults filled in (the base as written: a path or an object). */
  input: PortfolioInput
  /** Where the base scenario came from: `inline`, or the file path. */
  baseSource: string
  base: ValidatedScenario
  tasks: PortfolioTask[]
}

let validate: ValidateFunction | undefined
let schema: Record<string, unknown> | undefined

function portfolioValidator(): { validate: ValidateFunction; schema: Record<string, unknown> } {
  if (!validate || !schema) {
    schema = portfolioJsonSchema()
    const { Ajv } = require('ajv') as typeof import('ajv')
    validate = new Ajv({ allErrors: true, useDefaults: true, strict: false }).compile(schema)
  }
  return { validate, schema }
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value)

/**
 * `over` deep-merged onto `base`: objects merge key by key, anything else (numbers, strings,
 * arrays) replaces. Neither argument is modified.
 *
 * @example
 * deepMerge({ task: { inputTokens: 300, outputTokens: 12 }, quality: { prompt: 0.9 } }, { task: { inputTokens: 80 } })
 * // => { task: { inputTokens: 80, outputTokens: 12 }, quality: { prompt: 0.9 } }
 * deepMerge({ a: [1, 2] }, { a: [3] }) // => { a: [3] }
 */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return structuredClone(over)
  const out: Record<string, unknown> = structuredClone(base)
  for (const [key, value] of Object.entries(over)) out[key] = key in out ? deepMerge(out[key], value) : structuredClone(value)
  return out
}

/** The scenario of one task: the base with the task's sections merged on, named after the task. */
function mergedScenario(base: Record<string, unknown>, task: PortfolioTaskInput, portfolioName: string): Record<string, unknown> {
  const overrides: Record<string, unknown> = {}
  for (const section of TASK_OVERRIDE_SECTIONS) if (task[section] !== undefined) overrides[section] = task[section]
  const merged = deepMerge(base, overrides) as Record<string, any>
  delete merged.$schema
  merged.name = `${portfolioName}: ${task.name}`
  if (task.serving) {
    const hosting = merged.smallModel?.hosting
    if (isObject(hosting)) {
      hosting.requestsPerSecondPerGpu = task.serving.requestsPerSecondPerGpu
      hosting.requestsPerSecondSource = task.serving.requestsPerSecondSource
      if (task.serving.ragRequestsPerSecondPerGpu !== undefined) hosting.ragRequestsPerSecondPerGpu = task.serving.ragRequestsPerSecondPerGpu
      else delete hosting.ragRequestsPerSecondPerGpu
    }
  }
  return merged
}

/** Runs a scenario validation and moves its issues under `prefix`. */
function validatedUnder(raw: unknown, prefix: string, source: string): ValidatedScenario {
  try {
    return validateScenarioInput(raw, source)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    throw new InputError(error.issues.map((issue) => ({ ...issue, path: `${prefix}${issue.path}` })), source)
  }
}

/**
 * Validates a parsed portfolio: its shape, the base scenario, unique task names, one horizon and
 * discount rate for every task (the options are compared over one horizon), then each task's
 * merged scenario.
 *
 * @param raw the parsed JSON (not modified)
 * @param source a name for messages, e.g. the file path
 * @param folder where a base given as a path is looked up (the portfolio file's folder)
 * @throws {InputError} naming each bad value's JSON path in the portfolio, the rule and the value
 * @example
 * const { readFileSync } = process.getBuiltinModule('node:fs')
 * const base = JSON.parse(readFileSync('data/scenarios/support-tickets.json', 'utf8'))
 * const portfolio = validatePortfolio({ name: 'p', base, tasks: [{ name: 'triage' }, { name: 'tags', task: { requestsPerMonth: 1e6 } }] }, 'p.json')
 * portfolio.tasks.map((t) => t.validated.point.task.requestsPerMonth) // => [5_000_000, 1_000_000]
 * portfolio.tasks[1].adapt // => 'auto' (the default)
 * validatePortfolio({ name: 'p', base, tasks: [{ name: 'tags', task: { requestsPerMonth: -1 } }] }, 'p.json')
 * // throws invalid p.json at /tasks/0/task/requestsPerMonth: -1 (must be > 0)
 * validatePortfolio({ name: 'p', base, tasks: [{ name: 'tags', smallModel: {} }] }, 'p.json')
 * // throws invalid p.json at /tasks/0/smallModel: {} (not a field of this object)
 */
export function validatePortfolio(raw: unknown, source = 'portfolio', folder = '.'): Portfolio {
  const { validate: check, schema: jsonSchema } = portfolioValidator()
  const data = structuredClone(raw)
  if (!check(data)) throw new InputError(ajvIssues(check.errors ?? [], jsonSchema, data), source)
  const input = data as PortfolioInput
  let baseRaw: unknown = input.base
  let baseSource = 'inline'
  if (typeof input.base === 'string') {
    const path = isAbsolute(input.base) ? input.base : join(folder, input.base)
    try {
      baseRaw = readScenarioJson(path)
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      throw new InputError([{ path: '/base', rule: (error.issues[0] as InputIssue).rule, value: input.base }], source)
    }
    if (isPortfolio(baseRaw)) throw new InputError([{ path: '/base', rule: 'a portfolio, not a scenario: the base is one scenario', value: input.base }], source)
    baseSource = path
  }
  const base = validatedUnder(baseRaw, '/base', typeof input.base === 'string' ? `${source} (base ${input.base})` : source)
  const issues: InputIssue[] = []
  const seen = new Map<string, number>()
  input.tasks.forEach((task, index) => {
    const first = seen.get(task.name)
    if (first !== undefined) issues.push({ path: `/tasks/${index}/name`, rule: `duplicate task name (also /tasks/${first}/name)`, value: task.name })
    else seen.set(task.name, index)
    const overrides = task.task as Record<string, unknown> | undefined
    for (const key of ['horizonMonths', 'annualDiscountRate'] as const) {
      const value = overrides?.[key]
      if (value !== undefined && value !== base.input.task[key]) {
        issues.push({ path: `/tasks/${index}/task/${key}`, rule: `must equal the base scenario's ${key} (${JSON.stringify(base.input.task[key])}): the portfolio compares its options over one horizon`, value })
      }
    }
  })
  if (issues.length > 0) throw new InputError(issues, source)
  const tasks = input.tasks.map((task, index): PortfolioTask => {
    const merged = mergedScenario(baseRaw as Record<string, unknown>, task, input.name)
    return { name: task.name, adapt: task.adapt, validated: validatedUnder(merged, `/tasks/${index}`, source) }
  })
  return { name: input.name, ...(input.description !== undefined ? { description: input.description } : {}), input, baseSource, base, tasks }
}

/**
 * Reads, parses and validates a portfolio file; a base given as a path is read relative to the
 * file's folder.
 *
 * @throws {InputError} when the file cannot be read, is not JSON, or is not a valid portfolio
 * @example
 * const portfolio = loadPortfolioFile('data/scenarios/portfolio-support.json')
 * portfolio.tasks.length // => 4
 */
export function loadPortfolioFile(path: string): Portfolio {
  return validatePortfolio(readScenarioJson(path), path, dirname(path))
}
