/**
 * The inputs behind a result that went wrong: for an internal error's message, the scenario
 * fields that break the schema (an unvalidated object handed to the library), each with its JSON
 * path, value and rule.
 */
import { ajvIssues } from './ajv-issues.js'
import { scenarioValidators } from './compile.js'
import { scenarioJsonSchema } from './json-schema.js'
import { showValue, type InputIssue } from './messages.js'

/**
 * The fields of `scenario` that the scenario schema refuses (path, rule, value); empty for a
 * scenario within the ranges. Compiles the validators when the build's are stale; meant for
 * error paths only.
 *
 * @example
 * outOfRangeInputs(defaultScenario()) // => []
 * const scenario = defaultScenario()
 * outOfRangeInputs({ ...scenario, task: { ...scenario.task, monthlyGrowth: 3 } }) // => [{ path: '/task/monthlyGrowth', rule: 'must be <= 1', value: 3 }]
 */
export function outOfRangeInputs(scenario: unknown): InputIssue[] {
  const schema = scenarioJsonSchema()
  const { scenario: validate } = scenarioValidators(schema)
  const data = structuredClone(scenario)
  return validate(data) ? [] : ajvIssues(validate.errors ?? [], schema, data)
}

/**
 * Names the inputs of `scenario` that could have produced a non-finite result: the fields the
 * scenario schema refuses (`the scenario's /task/requestsPerMonth = 1e+300 (must be <= ...)`),
 * or, when it has none, the scenario by name (see {@link outOfRangeInputs}).
 *
 * @example
 * const scenario = defaultScenario()
 * inputsBehind(scenario) // => "the scenario 'support-ticket triage' (every input within the schema's ranges)"
 * inputsBehind({ ...scenario, task: { ...scenario.task, requestsPerMonth: 1e300 } })
 * // => "the scenario's /task/requestsPerMonth = 1e+300 (must be <= 10000000000000)"
 */
export function inputsBehind(scenario: unknown): string {
  const issues = outOfRangeInputs(scenario)
  if (issues.length === 0) {
    const name = (scenario as { name?: unknown } | null)?.name
    return `the scenario ${showValue(typeof name === 'string' ? name : '(unnamed)').replace(/^"|"$/g, "'")} (every input within the schema's ranges)`
  }
  return issues.map(({ path, value, rule }) => `the scenario's ${path} = ${typeof value === 'number' ? String(value) : showValue(value)} (${rule})`).join('; ')
}
