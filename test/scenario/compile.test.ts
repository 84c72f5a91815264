import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compileScenarioValidators, loadStandaloneValidators, standaloneValidatorCode } from '../../src/scenario/compile.js'
import { scenarioJsonSchema } from '../../src/scenario/json-schema.js'
import { defaultRaw, ROOT } from '../helpers/scenario.js'

const schema = scenarioJsonSchema()
// Inside the package, so the generated code's require('ajv/dist/runtime/...') resolves.
const cache = join(ROOT, 'node_modules', '.cache')
mkdirSync(cache, { recursive: true })
const dir = mkdtempSync(join(cache, 'payback-validator-'))
const file = join(dir, 'scenario-validator.cjs')
writeFileSync(file, standaloneValidatorCode(schema))
const compiled = compileScenarioValidators(schema)
const standalone = loadStandaloneValidators(schema, file)

/** Runs a validator on a copy; its verdict, the data with defaults filled in, and its errors. */
function run(validate: (data: unknown) => boolean, raw: unknown) {
  const data = structuredClone(raw)
  const valid = validate(data)
  const errors = ((validate as any).errors ?? []).map((e: any) => [e.instancePath, e.schemaPath, e.keyword, e.message])
  return { valid, data, errors }
}

describe('loadStandaloneValidators(schema, file)', () => {
  it('loads the standalone code written from the same schema', () => {
    expect(standalone?.origin).toBe('standalone')
    expect(Object.keys(standalone?.hosting ?? {}).sort()).toEqual(['api', 'self-hosted'])
  })

  it('refuses a file generated from another schema (a stale build): undefined, so the caller compiles', () => {
    const other = structuredClone(schema) as any
    other.properties.task.properties.horizonMonths.maximum = 240
    const staleFile = join(dir, 'stale.cjs')
    writeFileSync(staleFile, standaloneValidatorCode(other))
    expect(loadStandaloneValidators(schema, staleFile)).toBeUndefined()
  })

  it('is undefined when there is no build', () => {
    expect(loadStandaloneValidators(schema, join(dir, 'absent.cjs'))).toBeUndefined()
  })
})

describe('standalone and compiled validators agree', () => {
  const withoutDefaults = () => {
    const raw = defaultRaw()
    delete raw.task.monthlyGrowth
    delete raw.smallModel.hosting.minReplicas
    return raw
  }
  const cases: [string, () => unknown][] = [
    ['the default scenario', defaultRaw],
    ['a scenario that leaves defaults out', withoutDefaults],
    ['bad numbers and a bad distribution', () => {
      const raw = defaultRaw()
      raw.adaptation.teacherPassRate = 1.4
      raw.task.monthlyGrowth = { dist: 'normal', mean: 0.02 }
      raw.task.colour = 'red'
      return raw
    }],
  ]
  it.each(cases)('%s: same verdict, same filled data, same errors', (_name, make) => {
    const raw = make()
    const a = run(compiled.scenario, raw)
    const b = run(standalone!.scenario, raw)
    expect(b).toEqual(a)
  })

  it('the self-hosted branch fills the same defaults (minReplicas 2, peakToAverage 2)', () => {
    const hosting = withoutDefaults().smallModel.hosting
    delete hosting.peakToAverage
    const a = run(compiled.hosting['self-hosted']!, hosting)
    const b = run(standalone!.hosting['self-hosted']!, hosting)
    expect(b).toEqual(a)
    expect((b.data as any).minReplicas).toBe(2)
    expect((b.data as any).peakToAverage).toBe(2)
  })
})
