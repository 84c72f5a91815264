/**
 * TypeScript types from the protocol schema (`kernel/lora/protocol.schema.json`), so the one
 * schema file gives both the runtime checks (ajv here, `lora_worker/schema.py` in Python) and
 * the compile-time types. `protocol-types.ts` is this module's output, committed; a test fails
 * when it is out of date, and `node dist/kernel/lora/write-protocol-types.js` rewrites it.
 *
 * Handles the JSON Schema subset the protocol uses: type, enum, const, properties, required,
 * items, oneOf, anyOf and local `$ref`s.
 */

/** A JSON Schema node, as far as the generator reads it. */
export interface SchemaNode {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  properties?: Record<string, SchemaNode>
  required?: string[]
  items?: SchemaNode
  oneOf?: SchemaNode[]
  anyOf?: SchemaNode[]
  $ref?: string
  description?: string
  definitions?: Record<string, SchemaNode>
  [keyword: string]: unknown
}

/** `build_model` -> `BuildModel`: the stem of a command's `<Stem>Args` and `<Stem>Result` definitions. */
export function commandStem(command: string): string {
  return command
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
}

function comment(text: string | undefined, indent: string): string {
  if (!text) return ''
  return `${indent}/** ${text.replace(/\*\//g, '*\\/')} */\n`
}

function typeOf(node: SchemaNode, indent: string): string {
  if (node.$ref) return node.$ref.replace('#/definitions/', '')
  if (node.const !== undefined) return JSON.stringify(node.const)
  if (node.enum) return node.enum.map((value) => JSON.stringify(value)).join(' | ')
  const union = node.oneOf ?? node.anyOf
  if (union) return union.map((branch) => typeOf(branch, indent)).join(' | ')
  const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : []
  if (types.length !== 1) return types.length ? types.map((type) => typeOf({ ...node, type }, indent)).join(' | ') : 'unknown'
  switch (types[0]) {
    case 'string':
      return 'string'
    case 'integer':
    case 'number':
      return 'number'
    case 'boolean':
      return 'boolean'
    case 'null':
      return 'null'
    case 'array': {
      const item = node.items ? typeOf(node.items, indent) : 'unknown'
      return /[| ]/.test(item) ? `Array<${item}>` : `${item}[]`
    }
    case 'object':
      return objectType(node, indent)
    default:
      throw new Error(`protocol codegen: unsupported type ${String(types[0])}`)
  }
}

function objectType(node: SchemaNode, indent: string): string {
  if (!node.properties) return 'Record<string, unknown>'
  const names = Object.keys(node.properties)
  if (names.length === 0) return 'Record<string, never>'
  const required = new Set(node.required ?? [])
  const inner = indent + '  '
  const lines = names.map((name) => {
    const property = node.properties![name]!
    return `${comment(property.description, inner)}${inner}${name}${required.has(name) ? '' : '?'}: ${typeOf(property, inner)}\n`
  })
  return `{\n${lines.join('')}${indent}}`
}

/**
 * The source of `protocol-types.ts` for a schema document: one exported type per definition,
 * `Command` (the commands of `WorkerRequest.cmd`) and `CommandMap` (each command's args and result).
 *
 * @throws Error for a keyword the generator does not handle
 * @example
 * const source = protocolTypesSource({ definitions: { WorkerRequest: { type: 'object', properties: { cmd: { enum: ['info'] } } }, InfoArgs: { type: 'object', properties: {} }, InfoResult: { type: 'object', properties: {} } } })
 * source.includes('export type InfoArgs = Record<string, never>') // => true
 * source.includes('export type Command = "info"') // => true
 * source.includes('  info: { args: InfoArgs; result: InfoResult }') // => true
 */
export function protocolTypesSource(schema: SchemaNode): string {
  const definitions = schema.definitions ?? {}
  const parts: string[] = [
    '// Generated from kernel/lora/protocol.schema.json by kernel/lora/protocol-codegen.ts: do not edit.',
    '// Regenerate with `npm run build && node dist/kernel/lora/write-protocol-types.js`.',
    '',
  ]
  for (const [name, node] of Object.entries(definitions)) {
    const body = typeOf(node, '')
    const doc = comment(node.description, '')
    if (node.properties && Object.keys(node.properties).length > 0 && !node.$ref) {
      parts.push(`${doc}export interface ${name} ${body}\n`)
    } else {
      parts.push(`${doc}export type ${name} = ${body}\n`)
    }
  }
  const commands = (definitions['WorkerRequest']?.properties?.['cmd']?.enum ?? []) as string[]
  parts.push(`/** The commands the worker understands. */\nexport type Command = ${commands.map((c) => JSON.stringify(c)).join(' | ')}\n`)
  const entries = commands.map((command) => {
    const stem = commandStem(command)
    for (const suffix of ['Args', 'Result']) {
      if (!definitions[stem + suffix]) throw new Error(`protocol codegen: command ${command} has no ${stem + suffix} definition`)
    }
    return `  ${command}: { args: ${stem}Args; result: ${stem}Result }\n`
  })
  parts.push(`/** Each command's arguments and result. */\nexport interface CommandMap {\n${entries.join('')}}\n`)
  return parts.join('\n')
}
