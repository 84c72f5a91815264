/**
 * Validation at the entry: a scenario is checked once, against the JSON Schema (ajv, defaults
 * filled in) and then for consistency (known models and GPUs, a GPU that holds the model). What
 * comes out is a complete {@link Scenario}; everything downstream trusts it.
 */
import { jsonNestingDepth, valueNestingDepth } from '../io/json-depth.js'
import { FileLimitError, readTextFileBounded } from '../io/read-bounded.js'
import { packagePath } from '../../kernel/paths.js'
import { ajvIssues } from './ajv-issues.js'
import { scenarioValidators, type ScenarioValidators } from './compile.js'
import { consistencyIssues } from './check.js'
import { appliedDefaults, type AppliedDefault } from './defaults.js'
import { scenarioJsonSchema } from './json-schema.js'
import { fileSystemReason, InputError, rules } from './messages.js'
import type { Scenario, ScenarioInput } from './schema.js'
import { pointScenario, uncertainFields, uncertainIssues, type UncertainField } from './uncertain.js'
import { scenarioWarnings, type ScenarioWarning } from './warnings.js'

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
  /** Values within the ranges that are still unusual (see {@link scenarioWarnings}); empty when none. */
  warnings: ScenarioWarning[]
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
 * const { readFileSync } = process.getBuiltinModule('node:fs')
 * const raw = JSON.parse(readFileSync('data/scenarios/support-tickets-uncertain.json', 'utf8'))
 * const validated = validateScenarioInput(raw, 'support-tickets-uncertain.json')
 * validated.uncertain.length // => 15 (the file's 15 "dist" fields)
 * validated.input.frontier.priceChangePerMonth // => { dist: 'pert', min: -0.06, mode: -0.02, max: 0 }
 * validated.point.frontier.priceChangePerMonth // => -0.023333 (the PERT's mean, (-0.06 + 4 * -0.02 + 0) / 6)
 * validated.defaultsApplied.map((d) => d.path) // => ['/smallModel/hosting/targetModules']
 * validated.warnings // => [] (nothing unusual)
 * validateScenarioInput({ ...raw, task: { ...raw.task, monthlyGrowth: 0.5 } }, 'edited.json').warnings[0].path // => '/task/monthlyGrowth' (legal but unusual)
 * validateScenarioInput({ ...raw, task: { ...raw.task, monthlyGrowth: 20 } }, 'edited.json')
 * // throws invalid edited.json at /task/monthlyGrowth: 20 (must be <= 1)
 */
export function validateScenarioInput(raw: unknown, source = 'scenario'): ValidatedScenario {
  // A value nested thousands of levels deep would overflow the stack in structuredClone or the
  // validator: refuse it first, measured without recursion.
  const depth = valueNestingDepth(raw, MAX_SCENARIO_DEPTH)
  if (depth > MAX_SCENARIO_DEPTH) throw new InputError([{ path: '', rule: rules.tooDeepValue(MAX_SCENARIO_DEPTH), value: '(the whole scenario)' }], source)
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
  return { input, uncertain, point, defaultsApplied: appliedDefaults(raw, input), warnings: scenarioWarnings(point) }
}

/**
 * Validates a parsed scenario and returns its point form (defaults filled in, distributions
 * replaced by their means).
 *
 * @param raw the parsed JSON (not modified)
 * @param source a name for messages, e.g. the file path
 * @throws {InputError} naming each bad value's JSON path, the rule and the value
 * @example
 * const { readFileSync } = process.getBuiltinModule('node:fs')
 * const raw = JSON.parse(readFileSync('data/scenarios/support-tickets.json', 'utf8'))
 * 'priceChangePerMonth' in raw.frontier // => false
 * validateScenario(raw, 'support-tickets.json').frontier.priceChangePerMonth // => 0 (the schema's default)
 * validateScenario({ ...raw, task: { ...raw.task, horizonMonths: 0 } }, 'edited.json')
 * // throws invalid edited.json at /task/horizonMonths: 0 (must be >= 1)
 */
export function validateScenario(raw: unknown, source = 'scenario'): Scenario {
  return validateScenarioInput(raw, source).point
}

/** The largest scenario file read (bytes): 10 MB, hundreds of times any real scenario. */
export const MAX_SCENARIO_BYTES = 10_000_000

/** The deepest a scenario file may nest arrays and objects; a real scenario nests 4 levels. */
export const MAX_SCENARIO_DEPTH = 64

/**
 * The parsed JSON of a scenario file, read with limits: a regular file of at most
 * {@link MAX_SCENARIO_BYTES}, read without blocking (a FIFO or `/dev/zero` is refused at once), a
 * leading UTF-8 byte-order mark accepted, nesting at most {@link MAX_SCENARIO_DEPTH} levels
 * (measured on the text before anything walks it, so a deep document cannot overflow the stack).
 *
 * @throws {InputError} naming the file, the rule and the path as the value
 * @example
 * readScenarioJson('data/scenarios/support-tickets.json').name // => 'support-ticket triage'
 * readScenarioJson('/dev/zero')
 * // throws invalid /dev/zero at (root): "/dev/zero" (not a regular file but a character device; give a JSON file)
 * readScenarioJson('no-such-file.json')
 * // throws invalid no-such-file.json at (root): "no-such-file.json" (cannot read the file: no such file or folder)
 */
export function readScenarioJson(path: string): unknown {
  const refuse = (rule: string) => new InputError([{ path: '', rule, value: path }], path)
  let text: string
  try {
    text = readTextFileBounded(path, MAX_SCENARIO_BYTES)
  } catch (error) {
    if (error instanceof FileLimitError) {
      throw refuse(error.kind === 'too-large' ? rules.fileTooLarge(MAX_SCENARIO_BYTES) : rules.notRegularFile(error.detail))
    }
    throw refuse(rules.readFile(fileSystemReason(error) ?? (error as Error).message))
  }
  const depth = jsonNestingDepth(text)
  if (depth > MAX_SCENARIO_DEPTH) throw refuse(rules.tooDeep(depth, MAX_SCENARIO_DEPTH))
  try {
    return JSON.parse(text)
  } catch (error) {
    throw refuse(rules.parse((error as Error).message))
  }
}

/**
 * Reads, parses and validates a scenario file, keeping its distributions.
 *
 * @throws {InputError} when the file cannot be read, is not JSON, or is not a valid scenario
 * @example
 * const validated = loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json')
 * validated.uncertain[0] // => { path: '/task/requestsPerMonth', spec: { dist: 'lognormal', mean: 5000000, sd: 1500000 } }
 * validated.point.task.requestsPerMonth // => 5000000 (the lognormal's mean)
 * loadScenarioInputFile('no-such-file.json')
 * // throws invalid no-such-file.json at (root): "no-such-file.json" (cannot read the file: no such file or folder)
 */
export function loadScenarioInputFile(path: string): ValidatedScenario {
  return validateScenarioInput(readScenarioJson(path), path)
}

/**
 * Reads, parses and validates a scenario file; its point form.
 *
 * @throws {InputError} when the file cannot be read, is not JSON, or is not a valid scenario
 * @example
 * const scenario = loadScenarioFile('data/scenarios/contract-extraction.json')
 * scenario.name // => 'contract clause extraction'
 * scenario.task.requestsPerMonth // => 20000
 * scenario.smallModel.hosting.minimumTrainingUSD // => 0 (the schema's default)
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
 * defaultScenario().name // => 'support-ticket triage'
 * defaultScenario().task.requestsPerMonth // => 5000000
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
 * loadScenario().name // => 'support-ticket triage' (the default)
 * loadScenario('data/scenarios/product-questions.json').name // => 'product questions from a changing catalogue'
 */
export function loadScenario(path?: string): Scenario {
  return path === undefined ? defaultScenario() : loadScenarioFile(path)
}
