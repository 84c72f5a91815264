/**
 * Validation at the entry: a scenario is checked once, against the JSON Schema (ajv, defaults
 * filled in) and then for consistency (known models and GPUs, a GPU that holds the model). What
 * comes out is a complete {@link Scenario}; everything downstream trusts it.
 */
import { readFileSync } from 'node:fs'
import { packagePath } from '../../kernel/paths.js'
import { ajvIssues } from './ajv-issues.js'
import { scenarioValidators, type ScenarioValidators } from './compile.js'
import { consistencyIssues } from './check.js'
import { appliedDefaults, type AppliedDefault } from './defaults.js'
import { scenarioJsonSchema } from './json-schema.js'
import { InputError, rules } from './messages.js'
import type { Scenario, ScenarioInput } from './schema.js'
import { pointScenario, uncertainFields, uncertainIssues, type UncertainField } from './uncertain.js'

let validators: (ScenarioValidators & { schema: Record<string, unknown> }) | undefined

/** The validators, loaded (or compiled) once per process, on first use. */
function compiledValidators(): ScenarioValidators & { schema: Record<string, unknown> } {
  if (!validators) {
    const schema = scenarioJsonSchema()
    validators = { ...scenarioValidators(schema), schema }
  }
  return validators
}

/** A validated scenario: as written (defaults filled in), its uncertain fields, and its point form. */
export interface ValidatedScenario {
  /** The scenario as written, defaults filled in; numeric fields may be distributions. */
  input: ScenarioInput
  /** The distribution-valued fields, in document order. */
  uncertain: UncertainField[]
  /** Every distribution replaced by its mean: what the decision engine computes with. */
  point: Scenario
  /**
   * The fields the scenario left out and the schema defaults put in their place (JSON path,
   * value), in document order: inputs the model relies on that the file does not show.
   */
  defaultsApplied: AppliedDefault[]
}

/**
 * Validates a parsed scenario that may hold distributions: the JSON Schema (defaults filled in,
 * and listed in `defaultsApplied`), each distribution's parameters and support against its
 * field's bounds, then consistency (models, GPUs, memory) on the point scenario.
 *
 * @param raw the parsed JSON (not modified)
 * @param source a name for messages, e.g. the file path
 * @throws {InputError} naming each bad value's JSON path, the rule and the value
 * @example
 * const text = readFileSync('data/scenarios/support-tickets.json', 'utf8')
 * validateScenarioInput(JSON.parse(text), 'support-tickets.json').defaultsApplied.map((d) => d.path)
 * // ['/frontier/priceChangePerMonth', '/smallModel/hosting/targetModules', '/hardTail/escalationDriftPerMonth']
 */
export function validateScenarioInput(raw: unknown, source = 'scenario'): ValidatedScenario {
  const { scenario: validate, schema, hosting: hostingDefaults } = compiledValidators()
  const data = structuredClone(raw)
  if (!validate(data)) {
    throw new InputError(ajvIssues(validate.errors ?? [], schema, data), source)
  }
  const input = data as ScenarioInput
  hostingDefaults[input.smallModel.hosting.kind]?.(input.smallModel.hosting)
  const uncertain = uncertainFields(input, schema)
  const distributionProblems = uncertainIssues(uncertain)
  if (distributionProblems.length > 0) {
    // The issue's message says more than its rule (the support, the truncation to add): keep it.
    const spec = (path: string) => uncertain.find((f) => path.startsWith(f.path))?.spec
    throw new InputError(
      distributionProblems.map(({ path, message }) => ({ path, rule: message.replace(/^invalid [^:]+: /, ''), value: spec(path) })),
      source,
    )
  }
  const point = pointScenario(input, uncertain)
  const issues = consistencyIssues(point)
  if (issues.length > 0) throw new InputError(issues, source)
  return { input, uncertain, point, defaultsApplied: appliedDefaults(raw, input) }
}

/**
 * Validates a parsed scenario and returns its point form (defaults filled in, distributions
 * replaced by their means).
 *
 * @param raw the parsed JSON (not modified)
 * @param source a name for messages, e.g. the file path
 * @throws {InputError} naming each bad value's JSON path, the rule and the value
 * @example
 * const scenario = validateScenario(JSON.parse(text), 'my-scenario.json')
 */
export function validateScenario(raw: unknown, source = 'scenario'): Scenario {
  return validateScenarioInput(raw, source).point
}

function readJson(path: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError([{ path: '', rule: rules.readFile((error as Error).message), value: path }], path)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new InputError([{ path: '', rule: rules.parse((error as Error).message), value: path }], path)
  }
}

/**
 * Reads, parses and validates a scenario file, keeping its distributions.
 *
 * @throws {InputError} when the file cannot be read, is not JSON, or is not a valid scenario
 * @example
 * loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json').uncertain.length
 */
export function loadScenarioInputFile(path: string): ValidatedScenario {
  return validateScenarioInput(readJson(path), path)
}

/**
 * Reads, parses and validates a scenario file; its point form.
 *
 * @throws {InputError} when the file cannot be read, is not JSON, or is not a valid scenario
 * @example
 * const scenario = loadScenarioFile('data/scenarios/support-tickets.json')
 */
export function loadScenarioFile(path: string): Scenario {
  return loadScenarioInputFile(path).point
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
