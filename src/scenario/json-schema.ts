/**
 * The JSON Schema of a scenario file, derived from the TypeBox source in `schema.ts`: fields
 * that have a default are not required in a file (validation fills them in).
 */
import { ScenarioSchema } from './schema.js'

type JsonObject = Record<string, unknown>

function relaxDefaults(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(relaxDefaults)
  if (!node || typeof node !== 'object') return node
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(node)) out[key] = relaxDefaults(value)
  const props = out.properties as Record<string, JsonObject> | undefined
  if (props && Array.isArray(out.required)) {
    const required = (out.required as string[]).filter((name) => props[name]?.default === undefined)
    if (required.length > 0) out.required = required
    else delete out.required
  }
  return out
}

/**
 * The scenario JSON Schema (draft 2019-09 compatible, as TypeBox emits it), as committed in
 * `schemas/scenario.schema.json`.
 *
 * @example
 * const task = scenarioJsonSchema().properties.task
 * task.properties.requestsPerMonth.anyOf[0].maximum // => 1e13 (the plausible range of src/scenario/ranges.ts, on the number branch)
 * task.properties.requestsPerMonth.description.startsWith('requests in the first month (at most 1e13 requests per month: ') // => true
 * // monthlyGrowth has a default (0), so a file may leave it out; requestsPerMonth has none.
 * task.required.includes('monthlyGrowth') // => false
 * task.required.includes('requestsPerMonth') // => true
 * ScenarioSchema.properties.task.required.includes('monthlyGrowth') // => true (TypeBox's own schema)
 */
export function scenarioJsonSchema(): JsonObject {
  return relaxDefaults(JSON.parse(JSON.stringify(ScenarioSchema))) as JsonObject
}
