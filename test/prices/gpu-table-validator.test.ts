// The GPU table is checked with ajv standalone code written by the build (loading it costs a few
// milliseconds; compiling the schema cost about 40 ms a run). The built code must agree with a
// validator compiled now, on the real table and on broken ones.
import { Ajv } from 'ajv'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { packagePath } from '../../kernel/paths.js'
import { GPU_TABLE_VALIDATOR_FILE, GpuTableSchema } from '../../src/prices/gpus.js'

const require = createRequire(import.meta.url)

describe('the built GPU table validator (dist/src/prices/gpu-table-validator.cjs)', () => {
  it('exists after the build and was made from the current schema', () => {
    expect(existsSync(GPU_TABLE_VALIDATOR_FILE)).toBe(true)
    expect(require(GPU_TABLE_VALIDATOR_FILE).schemaJson).toBe(JSON.stringify(GpuTableSchema))
  })

  it('accepts and refuses exactly what a freshly compiled validator does', () => {
    const built = require(GPU_TABLE_VALIDATOR_FILE).validate as (data: unknown) => boolean
    const compiled = new Ajv({ allErrors: true, strict: false }).compile(GpuTableSchema)
    const table = JSON.parse(readFileSync(packagePath('data', 'gpus.json'), 'utf8'))
    const broken = [
      (t: any) => (t.gpus[0].memoryGiB = -1),
      (t: any) => (t.gpus[1].priceSource.asOf = '7 May 2026'),
      (t: any) => (t.gpus[2].extra = 1),
      (t: any) => (t.gpus = []),
      (t: any) => delete t.note,
    ]
    expect(built(table)).toBe(true)
    for (const breakIt of broken) {
      const copy = structuredClone(table)
      breakIt(copy)
      expect(compiled(copy)).toBe(false)
      expect(built(copy)).toBe(false)
    }
  })
})
