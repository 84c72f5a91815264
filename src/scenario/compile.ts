/**
 * The scenario validators: the JSON Schema compiled by ajv (defaults filled in, every error
 * collected), plus one validator per hosting branch (ajv fills no defaults inside `anyOf`, so
 * each branch fills its own once the union is valid). Built at build time as ajv standalone code
 * (`dist/src/scenario/scenario-validator.cjs`, written by `write-validator.ts`) and loaded from
 * there when it matches the schema; compiled at run time otherwise (tests before a build, a
 * stale build). Loading the generated code takes about a quarter of compiling the schema.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Ajv, Options, ValidateFunction } from 'ajv'
import { packagePath } from '../../kernel/paths.js'

type JsonSchema = Record<string, unknown>

const require = createRequire(import.meta.url)

/** The built standalone validators: `dist/src/scenario/scenario-validator.cjs` in the package. */
export const STANDALONE_VALIDATOR_FILE = packagePath('dist', 'src', 'scenario', 'scenario-validator.cjs')

/** The compiled scenario validators. */
export interface ScenarioValidators {
  /** The whole scenario (fills defaults outside unions). */
  scenario: ValidateFunction
  /** One validator per `smallModel.hosting` branch, by its `kind`, to fill that branch's defaults. */
  hosting: Record<string, ValidateFunction>
  /** `standalone` when loaded from the build, `compiled` when ajv compiled the schema in this process. */
  origin: 'standalone' | 'compiled'
}

/** The hosting branches' `kind`s in schema order, and the JSON pointer of each branch. */
function hostingBranches(schema: JsonSchema): { kind: string; pointer: string }[] {
  const branches = (schema as any).properties.smallModel.properties.hosting.anyOf as JsonSchema[]
  return branches.map((branch, index) => ({
    kind: (branch as any).properties.kind.const as string,
    pointer: `${String(schema.$id)}#/properties/smallModel/properties/hosting/anyOf/${index}`,
  }))
}

/**
 * The ajv instance that compiles the scenario schema, with the schema added: every error
 * (`allErrors`), defaults filled (`useDefaults`), and the shared distribution definition
 * compiled once as a function of its own (`inlineRefs: false`), not pasted into each of the
 * 69 uncertain fields (0.8 s -> 0.2 s to compile). ajv is loaded here, on first use.
 *
 * @param extra more ajv options, e.g. `{ code: { source: true } }` for standalone code
 * @example
 * const schema = scenarioJsonSchema()
 * schema.$id // => 'https://github.com/payback/payback/schemas/scenario.schema.json'
 * const validate = scenarioAjv(schema).getSchema(schema.$id)
 * const data = { task: { horizonMonths: 0 } }
 * validate(data) // => false
 * validate.errors.find((e) => e.instancePath === '/task/horizonMonths').message // => 'must be >= 1'
 * data.task.monthlyGrowth // => 0 (useDefaults filled the schema's default in)
 */
export function scenarioAjv(schema: JsonSchema, extra: Options = {}): Ajv {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv')
  const ajv = new AjvClass({ allErrors: true, useDefaults: true, strict: false, inlineRefs: false, ...extra })
  ajv.addSchema(schema)
  return ajv
}

/**
 * Compiles the scenario validators with ajv in this process (a few hundred milliseconds).
 *
 * @example
 * const validators = compileScenarioValidators(scenarioJsonSchema())
 * validators.origin // => 'compiled'
 * Object.keys(validators.hosting) // => ['api', 'self-hosted']
 */
export function compileScenarioValidators(schema: JsonSchema): ScenarioValidators {
  const ajv = scenarioAjv(schema)
  const compiled = (ref: string) => {
    const validate = ajv.getSchema(ref)
    if (!validate) throw new Error(`cannot compile the scenario schema at ${ref}`)
    return validate
  }
  return {
    scenario: compiled(String(schema.$id)),
    hosting: Object.fromEntries(hostingBranches(schema).map(({ kind, pointer }) => [kind, compiled(pointer)])),
    origin: 'compiled',
  }
}

/**
 * ajv standalone code of the scenario validators (CommonJS), for the build: exports `scenario`,
 * `hosting0`, `hosting1`, ... (the hosting branches in schema order) and `schemaJson`, the
 * schema it was generated from, so a loader can tell a stale file.
 *
 * @example
 * const code = standaloneValidatorCode(scenarioJsonSchema())
 * code.startsWith('"use strict";exports.scenario') // => true
 * code.includes('exports.hosting1') // => true (the second hosting branch, self-hosted)
 * code.includes('exports.schemaJson = ') // => true
 */
export function standaloneValidatorCode(schema: JsonSchema): string {
  const ajv = scenarioAjv(schema, { code: { source: true } })
  const { default: standaloneCode } = require('ajv/dist/standalone') as typeof import('ajv/dist/standalone/index.js')
  const exports: Record<string, string> = { scenario: String(schema.$id) }
  hostingBranches(schema).forEach(({ pointer }, index) => (exports[`hosting${index}`] = pointer))
  return `${standaloneCode(ajv, exports)}\nexports.schemaJson = ${JSON.stringify(JSON.stringify(schema))};\n`
}

/**
 * The standalone validators from the build, when the file exists and was generated from this
 * very schema; `undefined` otherwise (then compile: {@link compileScenarioValidators}).
 *
 * @example
 * const schema = scenarioJsonSchema()
 * loadStandaloneValidators(schema)?.origin // => 'standalone' (after `npm run build`, as here)
 * loadStandaloneValidators({ ...schema, description: 'edited since the build' }) // => undefined
 * loadStandaloneValidators(schema, 'no-such-file.cjs') // => undefined
 */
export function loadStandaloneValidators(schema: JsonSchema, file = STANDALONE_VALIDATOR_FILE): ScenarioValidators | undefined {
  if (!existsSync(file)) return undefined
  const built = require(file) as Record<string, unknown>
  if (built.schemaJson !== JSON.stringify(schema)) return undefined
  return {
    scenario: built.scenario as ValidateFunction,
    hosting: Object.fromEntries(hostingBranches(schema).map(({ kind }, index) => [kind, built[`hosting${index}`] as ValidateFunction])),
    origin: 'standalone',
  }
}

/**
 * The scenario validators: the build's standalone code when it matches the schema, else
 * compiled now.
 *
 * @example
 * Object.keys(scenarioValidators(scenarioJsonSchema()).hosting) // => ['api', 'self-hosted']
 */
export function scenarioValidators(schema: JsonSchema): ScenarioValidators {
  return loadStandaloneValidators(schema) ?? compileScenarioValidators(schema)
}
