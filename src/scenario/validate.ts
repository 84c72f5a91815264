/**
 * Validation at the entry: a scenario is checked once, against the JSON Schema (ajv, defaults
 * filled in) and then for consistency (known models and GPUs, a GPU that holds the model). What
 * comes out is a complete {@link Scenario}; everything downstream trusts it.
 */
import { Ajv, type ValidateFunction } from 'ajv'
import { readFileSync } from 'node:fs'
import { packagePath } from '../paths.js'
import { ajvIssues } from './ajv-issues.js'
import { consistencyIssues } from './check.js'
import { scenarioJsonSchema } from './json-schema.js'
import { InputError, rules } from './messages.js'
import type { Scenario } from './schema.js'

interface Validators {
  validate: ValidateFunction
  schema: Record<string, unknown>
  /** ajv fills no defaults inside anyOf: each hosting branch fills its own once the union is valid. */
  hostingDefaults: Record<string, ValidateFunction>
}
let validators: Validators | undefined

function compiledValidators(): Validators {
  if (!validators) {
    const schema = scenarioJsonSchema()
    const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false })
    const hosting = (schema.properties as any).smallModel.properties.hosting.anyOf as Record<string, any>[]
    validators = {
      validate: ajv.compile(schema),
      schema,
      hostingDefaults: Object.fromEntries(hosting.map((branch) => [branch.properties.kind.const as string, ajv.compile(branch)])),
    }
  }
  return validators
}

/**
 * Validates a parsed scenario and returns a copy with defaults filled in.
 *
 * @param raw the parsed JSON (not modified)
 * @param source a name for messages, e.g. the file path
 * @throws {InputError} naming each bad value's JSON path, the rule and the value
 * @example
 * const scenario = validateScenario(JSON.parse(text), 'my-scenario.json')
 */
export function validateScenario(raw: unknown, source = 'scenario'): Scenario {
  const { validate, schema, hostingDefaults } = compiledValidators()
  const data = structuredClone(raw)
  if (!validate(data)) {
    throw new InputError(ajvIssues(validate.errors ?? [], schema, data), source)
  }
  const scenario = data as Scenario
  hostingDefaults[scenario.smallModel.hosting.kind]?.(scenario.smallModel.hosting)
  const issues = consistencyIssues(scenario)
  if (issues.length > 0) throw new InputError(issues, source)
  return scenario
}

/**
 * Reads, parses and validates a scenario file.
 *
 * @throws {InputError} when the file cannot be read, is not JSON, or is not a valid scenario
 * @example
 * const scenario = loadScenarioFile('data/scenarios/support-tickets.json')
 */
export function loadScenarioFile(path: string): Scenario {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError([{ path: '', rule: rules.readFile((error as Error).message), value: path }], path)
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new InputError([{ path: '', rule: rules.parse((error as Error).message), value: path }], path)
  }
  return validateScenario(raw, path)
}

/** The file of the embedded default scenario. */
export const DEFAULT_SCENARIO_FILE = 'data/scenarios/support-tickets.json'

/**
 * The embedded default scenario: a high-volume support-ticket classification task (see the
 * README for where each number comes from).
 *
 * @example
 * defaultScenario().task.requestsPerMonth
 */
export function defaultScenario(): Scenario {
  return loadScenarioFile(packagePath(DEFAULT_SCENARIO_FILE))
}

/**
 * A scenario from a file, or the embedded default when `path` is undefined: what a notebook's
 * `scenarioPath` parameter means.
 *
 * @throws {InputError} as {@link loadScenarioFile}
 * @example
 * const scenario = loadScenario(scenarioPath)
 */
export function loadScenario(path?: string): Scenario {
  return path === undefined ? defaultScenario() : loadScenarioFile(path)
}
