/**
 * Local `$ref`s (`#/$defs/...`) resolved in place, for the code that walks a JSON Schema beside
 * the data (error mapping, finding uncertain fields). ajv compiles the schema with its
 * references; walkers read the inlined view, where a field's union holds the referenced
 * definition itself.
 */
import { valueAtPointer } from './pointer.js'

type JsonSchema = Record<string, unknown>

const inlined = new WeakMap<object, JsonSchema>()

/**
 * `schema` with every local `$ref` (`{ "$ref": "#/..." }`) replaced by the subschema it points
 * to. The referenced subschema is shared, not copied, so this costs one walk of the schema,
 * O(size), and is cached per schema object. References to other documents, and `$ref`s inside
 * referenced definitions that point back at themselves (recursion), are left as they are.
 *
 * @param schema a JSON Schema whose references point into itself (`#/$defs/name`)
 * @example
 * const schema = { $defs: { d: { type: 'string' } }, properties: { a: { $ref: '#/$defs/d' }, b: { $ref: '#/$defs/d' } } }
 * const inlined = inlineRefs(schema)
 * inlined.properties.a // => { type: 'string' }
 * inlined.properties.a === inlined.properties.b // => true (one object for every reference to d)
 * inlineRefs(schema) === inlined // => true (cached per schema object)
 * schema.properties.a // => { $ref: '#/$defs/d' } (the schema itself is not changed)
 */
export function inlineRefs(schema: JsonSchema): JsonSchema {
  const cached = inlined.get(schema)
  if (cached) return cached
  const resolving = new Set<string>()
  const resolvedRefs = new Map<string, unknown>()
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk)
    if (!node || typeof node !== 'object') return node
    const ref = (node as JsonSchema).$ref
    if (typeof ref === 'string' && ref.startsWith('#') && !resolving.has(ref)) {
      if (resolvedRefs.has(ref)) return resolvedRefs.get(ref)
      const target = valueAtPointer(schema, ref.slice(1))
      if (target && typeof target === 'object') {
        resolving.add(ref)
        const resolved = walk(target)
        resolving.delete(ref)
        resolvedRefs.set(ref, resolved)
        return resolved
      }
    }
    const out: JsonSchema = {}
    for (const [key, value] of Object.entries(node)) out[key] = walk(value)
    return out
  }
  const result = walk(schema) as JsonSchema
  inlined.set(schema, result)
  return result
}
