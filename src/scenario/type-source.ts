/**
 * TypeScript source of the scenario types, written from the scenario JSON Schema: plain object
 * types instead of TypeBox's `Static<typeof ScenarioSchema>` and the `PointOf<...>` mapping.
 * They are the same types (a type test holds them equal), but a compiler reads them as written
 * instead of evaluating TypeBox's generics: a notebook cell that uses a `Scenario` is
 * type-checked in about a tenth of the time. `npm run schema` writes them to
 * `src/scenario/types.generated.ts`.
 */

type JsonSchema = Record<string, unknown>

/** `input`: uncertain fields are `number | DistributionSpec`; `point`: they are `number`. */
export type TypeMode = 'input' | 'point'

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

function docComment(text: unknown, indent: string): string {
  if (typeof text !== 'string' || text === '') return ''
  return `${indent}/** ${text.replace(/\*\//g, '*\\/')} */\n`
}

function typeOf(schema: JsonSchema, mode: TypeMode, indent: string): string {
  if (typeof schema.$ref === 'string') {
    if (schema.$ref !== '#/$defs/distribution') throw new Error(`unsupported $ref: ${schema.$ref}`)
    return 'DistributionSpec'
  }
  if ('const' in schema) return JSON.stringify(schema.const)
  if (Array.isArray(schema.anyOf)) {
    let branches = schema.anyOf as JsonSchema[]
    if (mode === 'point') branches = branches.filter((branch) => branch.$ref === undefined)
    return branches.map((branch) => typeOf(branch, mode, indent)).join(' | ')
  }
  switch (schema.type) {
    case 'number':
    case 'integer':
      return 'number'
    case 'string':
      return 'string'
    case 'boolean':
      return 'boolean'
    case 'array': {
      const item = typeOf(schema.items as JsonSchema, mode, indent)
      return item.includes('|') ? `(${item})[]` : `${item}[]`
    }
    case 'object':
      return objectType(schema, mode, indent)
    default:
      throw new Error(`unsupported schema: ${JSON.stringify(schema).slice(0, 80)}`)
  }
}

function objectType(schema: JsonSchema, mode: TypeMode, indent: string): string {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>
  const required = new Set((schema.required ?? []) as string[])
  const inner = `${indent}  `
  const lines = Object.entries(properties).map(([name, child]) => {
    const key = IDENTIFIER.test(name) ? name : JSON.stringify(name)
    const optional = required.has(name) ? '' : '?'
    return `${docComment(child.description, inner)}${inner}${key}${optional}: ${typeOf(child, mode, inner)}`
  })
  return `{\n${lines.join('\n')}\n${indent}}`
}

/**
 * The TypeScript declarations of a scenario schema as TypeBox emits it (before defaults are
 * relaxed): `DistributionSpec` from `$defs.distribution`, `ScenarioInput` (uncertain fields may
 * be distributions) and `Scenario` (every uncertain field a number). Supports the keywords the
 * scenario schema uses: `type`, `properties`, `required`, `items`, `anyOf`, `const` and the
 * `$ref` to the distribution.
 *
 * @throws {Error} on a keyword or `$ref` it does not support
 * @example
 * const source = scenarioTypeSource(JSON.parse(JSON.stringify(ScenarioSchema)))
 * source.includes('export type Scenario = {') // => true
 * source.includes('export type ScenarioInput = {') // => true
 * const { readFileSync } = process.getBuiltinModule('node:fs')
 * source === readFileSync('src/scenario/types.generated.ts', 'utf8') // => true (what `npm run schema` wrote)
 * scenarioTypeSource({ type: 'object' }) // throws the schema has no $defs.distribution
 */
export function scenarioTypeSource(schema: JsonSchema): string {
  const distribution = ((schema.$defs ?? {}) as Record<string, JsonSchema>).distribution
  if (!distribution) throw new Error('the schema has no $defs.distribution')
  const branches = (distribution.anyOf as JsonSchema[]).map((branch) => objectType(branch, 'input', ''))
  return [
    '// Written by `npm run schema` from src/scenario/schema.ts (through src/scenario/type-source.ts):',
    '// do not edit. test/scenario/types.test.ts holds these types equal to the TypeBox ones.',
    '',
    docComment(distribution.description, '') + `export type DistributionSpec =\n  | ${branches.map((b) => b.replace(/\n/g, '\n  ')).join('\n  | ')}`,
    '',
    docComment(`${String(schema.description)}: as written in a file (defaults filled in); numeric fields may be distributions.`, '') +
      `export type ScenarioInput = ${typeOf(schema, 'input', '')}`,
    '',
    docComment(`${String(schema.description)}: every numeric field a number (distributions replaced by their means).`, '') +
      `export type Scenario = ${typeOf(schema, 'point', '')}`,
    '',
  ].join('\n')
}
