/**
 * Turns ajv's errors into {@link InputIssue}s a person can act on: one issue per problem, the
 * JSON path of the bad value, the rule, the value. Unions (`anyOf`) are resolved to the branch
 * the data meant (by its `kind`/`dist` discriminant or its JSON type), so a bad field inside a
 * self-hosted block is not reported as "must match a schema in anyOf". A branch that is a local
 * `$ref` (the shared distribution definition) is read through {@link inlineRefs}, and the errors
 * ajv reports at the definition's own path are moved under the field that referenced it.
 */
import type { ErrorObject } from 'ajv'
import { inlineRefs } from './inline-refs.js'
import type { InputIssue } from './messages.js'
import { valueAtPointer } from './pointer.js'

type JsonSchema = Record<string, unknown>

/**
 * The subschema at an ajv schema path (`#/properties/task/...`). ajv writes it as a URI
 * fragment, so a key such as `distill+rag` comes as `distill%2Brag`; it is decoded here (JSON
 * pointer escapes, `~0` and `~1`, survive decoding).
 */
export function schemaAt(schema: JsonSchema, schemaPath: string): JsonSchema | undefined {
  const value = valueAtPointer(schema, decodeURIComponent(schemaPath.replace(/^#/, '')))
  return value && typeof value === 'object' ? (value as JsonSchema) : undefined
}

const jsonType = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value

function typeMatches(schemaType: unknown, value: unknown): boolean {
  const types = Array.isArray(schemaType) ? schemaType : [schemaType]
  const actual = jsonType(value)
  return types.some((t) => t === actual || (t === 'number' && actual === 'integer'))
}

const DISCRIMINANTS = ['kind', 'dist'] as const

/** Whether `data` could be meant for `branch` (its const, type or discriminant). */
function fits(branch: JsonSchema, data: unknown): boolean {
  if (Array.isArray(branch.anyOf)) return (branch.anyOf as JsonSchema[]).some((b) => fits(b, data))
  if ('const' in branch) return branch.const === data
  if (branch.type !== undefined && !typeMatches(branch.type, data)) return false
  const props = branch.properties as Record<string, JsonSchema> | undefined
  if (props && data && typeof data === 'object') {
    for (const key of DISCRIMINANTS) {
      const tag = props[key]
      if (tag && 'const' in tag) return (data as Record<string, unknown>)[key] === tag.const
    }
  }
  return true
}

/** Which branch of an anyOf the data was meant for; -1 when none or several fit. */
export function fittingBranch(branches: JsonSchema[], data: unknown): number {
  const matching = branches.flatMap((branch, index) => (fits(branch, data) ? [index] : []))
  return matching.length === 1 ? (matching[0] as number) : -1
}

function describeUnion(branches: JsonSchema[], data: unknown): string {
  if (branches.every((b) => 'const' in b)) return `must be one of ${branches.map((b) => JSON.stringify(b.const)).join(', ')}`
  for (const key of DISCRIMINANTS) {
    const tags = branches.map((b) => (b.properties as Record<string, JsonSchema> | undefined)?.[key]?.const)
    if (tags.every((t) => t !== undefined) && data && typeof data === 'object') {
      return `${key} must be one of ${tags.map((t) => JSON.stringify(t)).join(', ')}`
    }
  }
  const types = branches.map(
    (b) => (Array.isArray(b.anyOf) ? 'a distribution ({"dist": ...})' : (b.type ?? (b.const !== undefined ? JSON.stringify(b.const) : 'object'))) as string,
  )
  return `must be ${[...new Set(types)].join(' or ')}`
}

function issueFor(error: ErrorObject, data: unknown): InputIssue {
  const params = error.params as Record<string, unknown>
  if (error.keyword === 'required') {
    const path = `${error.instancePath}/${String(params.missingProperty)}`
    return { path, rule: 'required field is missing', value: undefined }
  }
  if (error.keyword === 'additionalProperties') {
    const path = `${error.instancePath}/${String(params.additionalProperty)}`
    return { path, rule: 'not a field of this object', value: valueAtPointer(data, path) }
  }
  return { path: error.instancePath, rule: error.message ?? error.keyword, value: valueAtPointer(data, error.instancePath) }
}

/**
 * ajv reports an error inside a referenced definition at a path in the definition, the same
 * for every field that references it: `#/$defs/distribution/anyOf/2/required` when it inlines
 * the reference, `#/anyOf/2/required` (relative to the definition) when it compiles the
 * definition as a function of its own. Moves each such error under the union of the field it
 * belongs to (`#/properties/task/properties/monthlyGrowth/anyOf/1/anyOf/2/required`): the
 * innermost union with a `$ref` branch whose instance contains the error's instance, when the
 * error does not come from the union's other branches. Only that union validates its instance,
 * so every error at or below the instance comes from one of its branches.
 */
function underReferencingUnion(errors: ErrorObject[], schema: JsonSchema): ErrorObject[] {
  const refUnions = errors.flatMap((error) => {
    if (error.keyword !== 'anyOf') return []
    const branches = schemaAt(schema, error.schemaPath)
    if (!Array.isArray(branches)) return []
    return (branches as JsonSchema[]).flatMap((branch, index) =>
      typeof branch.$ref === 'string' ? [{ union: error, ref: branch.$ref, index }] : [],
    )
  })
  if (refUnions.length === 0) return errors
  const within = (path: string, container: string) => path === container || path.startsWith(`${container}/`)
  return errors.map((error) => {
    const owner = refUnions
      .filter(({ union }) => union !== error && within(error.instancePath, union.instancePath) && !error.schemaPath.startsWith(`${union.schemaPath}/`))
      .sort((a, b) => b.union.instancePath.length - a.union.instancePath.length)[0]
    if (!owner) return error
    const inDefinition = error.schemaPath.startsWith(`${owner.ref}/`) ? error.schemaPath.slice(owner.ref.length) : error.schemaPath.slice(1)
    return { ...error, schemaPath: `${owner.union.schemaPath}/${owner.index}${inDefinition}` }
  })
}

/**
 * Maps ajv errors (validated with `allErrors`) against `schema` and `data` to issues, one per
 * problem, sorted by path. `schema` is the schema ajv compiled; its local `$ref`s are followed.
 *
 * @example
 * // A union told apart by `kind`; the data means the second branch and breaks one of its rules.
 * const { Ajv } = process.getBuiltinModule('node:module').createRequire(import.meta.url)('ajv') // the ajv package
 * const schema = {
 *   type: 'object',
 *   properties: {
 *     hosting: {
 *       anyOf: [
 *         { type: 'object', properties: { kind: { const: 'api' }, model: { type: 'string' } }, required: ['kind', 'model'] },
 *         { type: 'object', properties: { kind: { const: 'self-hosted' }, minReplicas: { type: 'integer', minimum: 1 } } },
 *       ],
 *     },
 *   },
 * }
 * const data = { hosting: { kind: 'self-hosted', minReplicas: 0 } }
 * const validate = new Ajv({ allErrors: true }).compile(schema)
 * validate(data) // => false
 * // ajv's 4 errors: model is missing and kind is not 'api' (branch 0), minReplicas < 1 (branch 1), no branch passed
 * validate.errors.map((e) => e.keyword) // => ['required', 'const', 'minimum', 'anyOf']
 * // One issue: the branch whose `kind` the data has, at the field's path, with the value.
 * ajvIssues(validate.errors, schema, data) // => [{ path: '/hosting/minReplicas', rule: 'must be >= 1', value: 0 }]
 */
export function ajvIssues(rawErrors: ErrorObject[], refSchema: JsonSchema, data: unknown): InputIssue[] {
  const errors = underReferencingUnion(rawErrors, refSchema)
  const schema = inlineRefs(refSchema)
  let remaining = [...errors]
  // Resolve unions outermost first (shortest schema path first).
  const unions = errors.filter((e) => e.keyword === 'anyOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length)
  const replaced: InputIssue[] = []
  for (const union of unions) {
    if (!remaining.includes(union)) continue
    const branches = (schemaAt(schema, union.schemaPath) ?? []) as unknown as JsonSchema[]
    const value = valueAtPointer(data, union.instancePath)
    const inside = (e: ErrorObject) => e !== union && e.schemaPath.startsWith(`${union.schemaPath}/`)
    const branch = fittingBranch(branches, value)
    if (branch >= 0) {
      const keepPrefix = `${union.schemaPath}/${branch}/`
      remaining = remaining.filter((e) => e !== union && (!inside(e) || e.schemaPath.startsWith(keepPrefix)))
    } else {
      remaining = remaining.filter((e) => e !== union && !inside(e))
      replaced.push({ path: union.instancePath, rule: describeUnion(branches, value), value })
    }
  }
  const issues = [...remaining.map((e) => issueFor(e, data)), ...replaced]
  const seen = new Set<string>()
  return issues
    .filter((issue) => {
      const key = `${issue.path}\u0000${issue.rule}`
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
