/**
 * The protocol schema on the TypeScript side: loading `protocol.schema.json`, validating
 * requests before they are sent and messages as they arrive (ajv), and error messages that name
 * the JSON pointer of the bad value in the same words as the Python validator
 * (`/args/steps must be >= 1 (got 0)`).
 */
import { readFileSync } from 'node:fs'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { packagePath } from '../paths.js'
import { ProtocolError, messages } from './errors.js'
import { commandStem, type SchemaNode } from './protocol-codegen.js'
import type { Command, WorkerMessage } from './protocol-types.js'

/** Where the schema file lives. */
export const PROTOCOL_SCHEMA_PATH = packagePath('kernel', 'lora', 'protocol.schema.json')

/** The parsed schema document. */
export function loadProtocolSchema(): SchemaNode {
  return JSON.parse(readFileSync(PROTOCOL_SCHEMA_PATH, 'utf8')) as SchemaNode
}

/** A value rendered for messages, cut at 60 characters (as the Python validator does). */
function describe(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value)
  return text.length <= 60 ? text : text.slice(0, 57) + '...'
}

function valueAt(data: unknown, pointer: string): unknown {
  if (!pointer) return data
  let current: unknown = data
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

/** One ajv error in the Python validator's words. */
function phrase(error: ErrorObject, data: unknown, base: string): string {
  const path = base + error.instancePath || '/'
  const value = valueAt(data, error.instancePath)
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required':
      return `${path} must have required property '${String(params['missingProperty'])}'`
    case 'additionalProperties': {
      const allowed = Object.keys((error.parentSchema as SchemaNode | undefined)?.properties ?? {})
      return `${path} must NOT have additional property '${String(params['additionalProperty'])}' (allowed: ${allowed.join(', ') || 'none'})`
    }
    case 'enum':
      return `${path} must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (got ${describe(value)})`
    case 'const':
      return `${path} must be equal to constant ${describe(params['allowedValue'])} (got ${describe(value)})`
    case 'type':
      return `${path} must be ${String(params['type']).split(',').join(' or ')} (got ${describe(value)})`
    case 'minItems':
    case 'maxItems':
      return `${path} ${error.message} (got ${Array.isArray(value) ? value.length : describe(value)})`
    default:
      return `${path} ${error.message} (got ${describe(value)})`
  }
}

/** Validators of the protocol's definitions, compiled once per instance. */
export class ProtocolValidator {
  /** The commands of `WorkerRequest.cmd`. */
  readonly commands: readonly Command[]
  private readonly ajv: Ajv
  private readonly compiled = new Map<string, ValidateFunction>()
  private readonly id: string

  constructor(schema: SchemaNode = loadProtocolSchema()) {
    this.ajv = new Ajv({ allErrors: true, strict: true, verbose: true })
    this.ajv.addSchema(schema)
    this.id = String(schema['$id'])
    this.commands = (schema.definitions?.['WorkerRequest']?.properties?.['cmd']?.enum ?? []) as Command[]
  }

  private validator(definition: string): ValidateFunction {
    let validate = this.compiled.get(definition)
    if (!validate) {
      validate = this.ajv.getSchema(`${this.id}#/definitions/${definition}`)
      if (!validate) throw new Error(`no definition ${definition} in the protocol schema`)
      this.compiled.set(definition, validate)
    }
    return validate
  }

  /**
   * Null when `value` matches definition `definition`, else the message and JSON pointer of the
   * first problem (pointers start with `base`).
   *
   * @example
   * new ProtocolValidator().check('TrainArgs', { model: 'm', dataset: 'd', steps: 0, batch_size: 8, lr: 0.01, seed: 1 }, '/args')
   * // => { message: '/args/steps must be >= 1 (got 0)', path: '/args/steps' }
   * new ProtocolValidator().check('TrainArgs', { model: 'm', dataset: 'd', steps: 10, batch_size: 8, lr: 0.01, seed: 1 }, '/args') // => null
   */
  check(definition: string, value: unknown, base = ''): { message: string; path: string } | null {
    const validate = this.validator(definition)
    if (validate(value)) return null
    return this.explain(value, [...(validate.errors ?? [])], base)
  }

  /**
   * The one message for a failed validation, chosen as the Python validator chooses: the first
   * error, unless it lies inside a `oneOf`/`anyOf`; then the branch the value names by its
   * constant properties (e.g. `kind`) is validated alone and its error reported, or the allowed
   * constants are listed when it names none, and alternatives of type (a nullable value) are
   * joined into one message.
   */
  explain(data: unknown, errors: ErrorObject[], base = ''): { message: string; path: string } {
    const first = errors.find((error) => error.keyword !== 'oneOf' && error.keyword !== 'anyOf') ?? errors[0]
    if (!first) return { message: `${base || '/'} is invalid`, path: base || '/' }
    const inside = (outer: string, inner: string): boolean => inner === outer || inner.startsWith(outer + '/')
    const unions = errors.filter((error) => (error.keyword === 'oneOf' || error.keyword === 'anyOf') && inside(error.instancePath, first.instancePath))
    if (unions.length === 0) return { message: phrase(first, data, base), path: base + first.instancePath || '/' }
    const union = unions.reduce((a, b) => (a.instancePath.length <= b.instancePath.length ? a : b))
    const value = valueAt(data, union.instancePath)
    const path = base + union.instancePath
    const branches = union.schema as SchemaNode[]
    const constants = branches.map((branch) => {
      const properties = this.resolve(branch).properties ?? {}
      return Object.entries(properties).filter(([, property]) => property.const !== undefined).map(([name, property]) => [name, property.const] as const)
    })
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && constants.every((pairs) => pairs.length > 0)) {
      const record = value as Record<string, unknown>
      const matching = branches.filter((_, i) => constants[i]!.every(([name, constant]) => record[name] === constant))
      if (matching.length === 1 && matching[0]!.$ref) {
        const validate = this.validator(matching[0]!.$ref.replace('#/definitions/', ''))
        if (!validate(value)) return this.explain(value, [...(validate.errors ?? [])], path)
      }
      if (matching.length === 0) {
        const key = constants[0]![0]![0]
        const allowed = constants.map((pairs) => JSON.stringify(pairs.find(([name]) => name === key)?.[1])).join(', ')
        return { message: `${path}/${key} must be one of ${allowed} (got ${describe(record[key])})`, path: `${path}/${key}` }
      }
    }
    const typeErrors = errors.filter((error) => error.instancePath === union.instancePath && error.keyword === 'type')
    if (typeErrors.length >= 2) {
      const kinds = typeErrors.map((error) => String((error.params as { type: string }).type)).join(' or ')
      return { message: `${path || '/'} must be ${kinds} (got ${describe(value)})`, path: path || '/' }
    }
    return { message: phrase(first, data, base), path: base + first.instancePath || '/' }
  }

  private resolve(node: SchemaNode): SchemaNode {
    let current = node
    while (current.$ref) current = (this.ajv.getSchema(`${this.id}${current.$ref}`)?.schema ?? {}) as SchemaNode
    return current
  }

  /**
   * Checks a request before it is sent.
   *
   * @throws ProtocolError naming the command and the bad value
   */
  checkRequest(command: string, args: unknown): void {
    if (!this.commands.includes(command as Command)) throw new ProtocolError(messages.unknownCommand(command, this.commands), '/cmd')
    const problem = this.check(`${commandStem(command)}Args`, args, '/args')
    if (problem) throw new ProtocolError(messages.badArgs(command, problem.message), problem.path)
  }

  /**
   * Parses and checks one line from the worker.
   *
   * @throws ProtocolError for a line that is not JSON or breaks the schema
   */
  parseLine(line: string): WorkerMessage {
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      throw new ProtocolError(messages.notJson(line))
    }
    const problem = this.check('WorkerMessage', value)
    if (problem) throw new ProtocolError(messages.badMessage(problem.message), problem.path)
    return value as WorkerMessage
  }

  /**
   * Checks a command's result.
   *
   * @throws ProtocolError
   */
  checkResult(command: string, result: unknown): void {
    const problem = this.check(`${commandStem(command)}Result`, result, '/result')
    if (problem) throw new ProtocolError(messages.badResult(command, problem.message), problem.path)
  }
}
