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
import { appliedDefaults, type AppliedDefault } from './defaults.js'
import { scenarioJsonSchema } from './json-schema.js'
import { InputError, rules } from './messages.js'
import type { Scenario, ScenarioInput } from './schema.js'
import { pointScenario, uncertainFields, uncertainIssues, type UncertainField } from './uncertain.js'

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
    // inlineRefs: false compiles the shared distribution definition once, as one function every
    // uncertain field calls, instead of pasting its code into each of them (0.8 s -> 0.2 s).
    const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false, inlineRefs: false })
    const validate = ajv.compile(schema)
    const hosting = (schema.properties as any).smallModel.properties.hosting.anyOf as Record<string, any>[]
    // Each branch by reference into the compiled schema, so its fields' `$ref`s to the shared
    // distribution definition resolve against the scenario schema's `$defs`.
    const branch = (index: number) => ajv.compile({ $ref: `${String(schema.$id)}#/properties/smallModel/properties/hosting/anyOf/${index}` })
    validators = {
      validate,
      schema,
      hostingDefaults: Object.fromEntries(hosting.map((b, index) => [b.properties.kind.const as string, branch(index)])),
    }
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
 * const { point, uncertain, defaultsApplied } = validateScenarioInput(JSON.parse(text), 'uncertain.json')
 * defaultsApplied[0] // e.g. { path: '/task/adaptedInstructionTokens', value: 0 }
 */
export function validateScenarioInput(raw: unknown, source = 'scenario'): ValidatedScenario {
  const { validate, schema, hostingDefaults } = compiledValidators()
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
