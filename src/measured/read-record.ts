/** Reading an experiment record file, validated against its schema. */
import { createRequire } from 'node:module'
import type { ValidateFunction } from 'ajv'
import { ajvIssues } from '../scenario/ajv-issues.js'
import { InputError } from '../scenario/messages.js'
import { readScenarioJson } from '../scenario/validate.js'
import { ExperimentRecordSchema, type ExperimentRecord } from './record.js'

const require = createRequire(import.meta.url)
const RECORD_KIND = 'payback-distillation-experiment'
let validator: ValidateFunction | undefined

/** The record validator, compiled once (the schema is small: a few milliseconds). */
function recordValidator(): ValidateFunction {
  if (!validator) {
    const { Ajv } = require('ajv') as typeof import('ajv')
    validator = new Ajv({ allErrors: true, strict: false }).compile(ExperimentRecordSchema)
  }
  return validator
}

/**
 * Checks a parsed experiment record against its schema and returns it.
 *
 * @param source a name for messages, e.g. the file's path
 * @throws {InputError} naming each bad value's JSON path, the rule and the value
 * @example
 * parseExperimentRecord({ kind: 'something else' }, 'run.json')
 * // throws invalid run.json at /kind: "something else" (must be "payback-distillation-experiment": give a record written by payback distill)
 */
export function parseExperimentRecord(raw: unknown, source = 'experiment record'): ExperimentRecord {
  const kind = typeof raw === 'object' && raw !== null ? (raw as { kind?: unknown }).kind : undefined
  if (kind !== RECORD_KIND) {
    // Another kind of file (a scenario, a report's JSON): say that, not every missing field.
    throw new InputError([{ path: '/kind', rule: `must be "${RECORD_KIND}": give a record written by payback distill`, value: kind }], source)
  }
  const validate = recordValidator()
  if (!validate(raw)) throw new InputError(ajvIssues(validate.errors ?? [], ExperimentRecordSchema as never, raw), source)
  return raw as ExperimentRecord
}

/**
 * Reads, parses and validates an experiment record file written by `payback distill`; the same
 * limits as a scenario file (a regular file of at most 10 MB, nesting at most 64 levels).
 *
 * @throws {InputError} when the file cannot be read, is not JSON or is not a valid record
 * @example
 * readExperimentRecord('no-such-run.json')
 * // throws invalid no-such-run.json at (root): "no-such-run.json" (cannot read the file: no such file or folder)
 */
export function readExperimentRecord(path: string): ExperimentRecord {
  return parseExperimentRecord(readScenarioJson(path), path)
}
