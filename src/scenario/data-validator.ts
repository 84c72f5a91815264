/**
 * Validators of the project's data files (data/gpus.json, data/serving-benchmarks.json) as ajv
 * standalone code the build writes next to the modules, so a CLI run loads them (a few
 * milliseconds) instead of compiling their schemas (40-80 ms each, with ajv's own loading).
 */
import type { TSchema } from '@sinclair/typebox'
import type { ValidateFunction } from 'ajv'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/**
 * ajv standalone code (CommonJS) of `schema`'s validator, for the build: exports `validate` and
 * `schemaJson`, the schema it was made from, so {@link loadDataValidator} can tell a stale file.
 *
 * @example
 * dataValidatorCode({ type: 'number' }).startsWith('"use strict";exports.validate') // => true
 */
export function dataValidatorCode(schema: TSchema | object): string {
  const { Ajv } = require('ajv') as typeof import('ajv')
  const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true } })
  ajv.addSchema(schema, 'data')
  const { default: standaloneCode } = require('ajv/dist/standalone') as typeof import('ajv/dist/standalone/index.js')
  return `${standaloneCode(ajv, { validate: 'data' })}\nexports.schemaJson = ${JSON.stringify(JSON.stringify(schema))};\n`
}

/**
 * `schema`'s validator: the build's standalone code in `file` when it was made from this schema,
 * else compiled by ajv now.
 */
export function loadDataValidator(schema: TSchema | object, file: string): ValidateFunction {
  if (existsSync(file)) {
    const built = require(file) as { validate: ValidateFunction; schemaJson: string }
    if (built.schemaJson === JSON.stringify(schema)) return built.validate
  }
  const { Ajv } = require('ajv') as typeof import('ajv')
  return new Ajv({ allErrors: true, strict: false }).compile(schema)
}
