/**
 * Uncertain inputs: the scenario fields written as distributions. They are found by walking the
 * validated scenario with its JSON Schema, checked against the field's bounds, and either
 * replaced by their means (the point scenario the decision engine uses) or handed to the
 * simulation kernel.
 */
import type { Distribution } from '../../kernel/sim/distributions/index.js'
import { fittingBranch } from './ajv-issues.js'
import { inlineRefs } from './inline-refs.js'
import { checkDistribution, isDistributionSpec, toDistribution, type DistributionIssue, type FieldBounds } from './distribution.js'
import type { Scenario, ScenarioInput } from './schema.js'

type JsonSchema = Record<string, unknown>

/** One distribution-valued field of a scenario. */
export interface UncertainField {
  /** JSON pointer of the field, e.g. `/task/requestsPerMonth`. */
  path: string
  /** The field's bounds from the schema. */
  bounds: FieldBounds
  /** The distribution as written. */
  spec: unknown
}

const pointer = (path: string, key: string) => `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`

function boundsOf(numberSchema: JsonSchema): FieldBounds {
  const bounds: FieldBounds = {}
  for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
    if (typeof numberSchema[key] === 'number') bounds[key] = numberSchema[key] as number
  }
  return bounds
}

/**
 * Every distribution-valued field of a schema-valid scenario, in document order. The schema's
 * local `$ref`s (the shared distribution definition) are followed.
 *
 * @param schema the scenario JSON Schema ({@link scenarioJsonSchema}), or a part of it that
 *   carries its own `$defs`
 * @example
 * const scenario = defaultScenario()
 * const input = { ...scenario, task: { ...scenario.task, requestsPerMonth: { dist: 'uniform', min: 1e6, max: 3e6 } } }
 * uncertainFields(input, scenarioJsonSchema())
 * // => [{ path: '/task/requestsPerMonth', bounds: { exclusiveMinimum: 0 }, spec: { dist: 'uniform', min: 1000000, max: 3000000 } }]
 * uncertainFields(scenario, scenarioJsonSchema()) // => []
 */
export function uncertainFields(data: unknown, schema: JsonSchema): UncertainField[] {
  return fieldsIn(data, inlineRefs(schema), '')
}

function fieldsIn(data: unknown, schema: JsonSchema, path: string): UncertainField[] {
  if (Array.isArray(schema.anyOf)) {
    const branches = schema.anyOf as JsonSchema[]
    const numberBranch = branches.find((b) => b.type === 'number')
    if (numberBranch && isDistributionSpec(data)) return [{ path, bounds: boundsOf(numberBranch), spec: data }]
    const branch = branches[fittingBranch(branches, data)]
    return branch ? fieldsIn(data, branch, path) : []
  }
  const properties = schema.properties as Record<string, JsonSchema> | undefined
  if (!properties || data === null || typeof data !== 'object') return []
  const out: UncertainField[] = []
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const child = properties[key]
    if (child) out.push(...fieldsIn(value, child, pointer(path, key)))
  }
  return out
}

/** The issues of every uncertain field: bad parameters, truncation, support outside the field's bounds. */
export function uncertainIssues(fields: UncertainField[]): DistributionIssue[] {
  return fields.flatMap((field) => checkDistribution(field.spec, field.path, field.bounds))
}

/** The distribution of an uncertain field (validated: see {@link uncertainIssues}). */
export function fieldDistribution(field: UncertainField): Distribution {
  return toDistribution(field.spec as never, field.path)
}

function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.slice(1).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
  let node = target
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>
  node[keys[keys.length - 1] as string] = value
}

/**
 * The scenario with the given values in place of its uncertain fields (a copy): by default each
 * distribution's mean, which is the point estimate the decision engine uses.
 *
 * @example
 * const scenario = defaultScenario()
 * const input = { ...scenario, task: { ...scenario.task, requestsPerMonth: { dist: 'uniform', min: 1e6, max: 3e6 } } }
 * const fields = uncertainFields(input, scenarioJsonSchema())
 * pointScenario(input, fields).task.requestsPerMonth // => 2000000 (the uniform's mean, (1e6 + 3e6) / 2)
 * pointScenario(input, fields, [1.5e6]).task.requestsPerMonth // => 1500000 (a value per field, as a draw gives)
 * input.task.requestsPerMonth.dist // => 'uniform' (the input is not changed)
 */
export function pointScenario(input: ScenarioInput, fields: UncertainField[], values?: ArrayLike<number>): Scenario {
  const copy = structuredClone(input) as unknown as Record<string, unknown>
  fields.forEach((field, i) => setAt(copy, field.path, values ? values[i] : fieldDistribution(field).mean))
  return copy as unknown as Scenario
}
