import type { Static } from '@sinclair/typebox'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { DistributionSchema } from '../../src/scenario/distribution.js'
import type * as Schema from '../../src/scenario/schema.js'
import type { PointOf, ScenarioSchema } from '../../src/scenario/schema.js'
import { ScenarioSchema as ScenarioSchemaValue } from '../../src/scenario/schema.js'
import { scenarioTypeSource } from '../../src/scenario/type-source.js'
import type * as Generated from '../../src/scenario/types.generated.js'
import { ROOT } from '../helpers/scenario.js'

// Type-level checks, run by `npm test`'s type-check of the tests (tsconfig.check.json): each line
// fails to compile when the generated type and the TypeBox one differ in any way (the usual
// exact-equality trick: two conditional types are only identical for identical types).
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
const distributionSame: Equal<Generated.DistributionSpec, Static<typeof DistributionSchema>> = true
const inputSame: Equal<Generated.ScenarioInput, Static<typeof ScenarioSchema>> = true
const pointSame: Equal<Generated.Scenario, PointOf<Static<typeof ScenarioSchema>>> = true
const tokenPricesSame: Equal<Schema.TokenPrices, PointOf<Static<typeof Schema.TokenPricesSchema>>> = true
const apiSame: Equal<Schema.ApiHosting, PointOf<Static<typeof Schema.ApiHostingSchema>>> = true
const selfHostedSame: Equal<Schema.SelfHosting, PointOf<Static<typeof Schema.SelfHostedSchema>>> = true
const architectureSame: Equal<Schema.ArchitectureConfig, Static<typeof Schema.ArchitectureSchema>> = true
// And the trick itself tells different types apart.
const differentTold: Equal<{ a: number }, { a?: number }> = false

describe('src/scenario/types.generated.ts', () => {
  it('is what scenarioTypeSource writes from the TypeBox source (run `npm run schema` after changing schema.ts)', () => {
    const committed = readFileSync(join(ROOT, 'src', 'scenario', 'types.generated.ts'), 'utf8')
    expect(committed).toBe(scenarioTypeSource(JSON.parse(JSON.stringify(ScenarioSchemaValue))))
  })

  it('is held equal to the TypeBox types at compile time (the constants above compile only when true)', () => {
    expect([distributionSame, inputSame, pointSame, tokenPricesSame, apiSame, selfHostedSame, architectureSame, differentTold]).toEqual([
      true, true, true, true, true, true, true, false,
    ])
  })
})

describe('scenarioTypeSource(schema)', () => {
  const tiny = {
    description: 'A tiny scenario',
    $defs: { distribution: { anyOf: [{ type: 'object', required: ['dist', 'value'], properties: { dist: { const: 'fixed' }, value: { type: 'number' } } }] } },
    type: 'object',
    required: ['n'],
    properties: {
      n: { description: 'a count', anyOf: [{ type: 'number' }, { $ref: '#/$defs/distribution' }] },
      'a-b': { type: 'array', items: { anyOf: [{ const: 'x' }, { const: 'y' }] } },
    },
  }
  it('writes uncertain fields as number | DistributionSpec in the input type and number in the point type', () => {
    const source = scenarioTypeSource(tiny)
    expect(source).toContain('export type ScenarioInput = {\n  /** a count */\n  n: number | DistributionSpec\n  "a-b"?: ("x" | "y")[]\n}')
    expect(source).toContain('export type Scenario = {\n  /** a count */\n  n: number\n  "a-b"?: ("x" | "y")[]\n}')
    expect(source).toContain('export type DistributionSpec =\n  | {\n    dist: "fixed"\n    value: number\n  }')
  })

  it('refuses a $ref it does not know', () => {
    const bad = { ...tiny, properties: { n: { $ref: '#/$defs/other' } } }
    expect(() => scenarioTypeSource(bad)).toThrow('unsupported $ref: #/$defs/other')
  })
})
