import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scenarioJsonSchema } from '../../src/scenario/json-schema.js'
import { loadScenarioFile } from '../../src/scenario/validate.js'
import { ROOT } from '../helpers/scenario.js'

const dir = join(ROOT, 'data', 'scenarios')
// Portfolio files (a tasks array on a base scenario) are checked in test/portfolio/examples.test.ts.
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !Array.isArray(JSON.parse(readFileSync(join(dir, f), 'utf8')).tasks))

describe('data/scenarios', () => {
  it('has scenarios to check', () => {
    expect(files.length).toBeGreaterThan(0)
  })
  for (const file of files) {
    it(`loadScenarioFile(${file}) validates against the schema`, () => {
      expect(() => loadScenarioFile(join(dir, file))).not.toThrow()
    })
  }
})

describe('schemas/scenario.schema.json', () => {
  it('is what the TypeBox source generates (run `npm run schema` after changing src/scenario/schema.ts)', () => {
    const committed = JSON.parse(readFileSync(join(ROOT, 'schemas', 'scenario.schema.json'), 'utf8'))
    expect(committed).toEqual(scenarioJsonSchema())
  })

  it('documents every field with a description', () => {
    const undocumented: string[] = []
    const walk = (node: any, path: string) => {
      if (!node || typeof node !== 'object') return
      for (const [name, child] of Object.entries<any>(node.properties ?? {})) {
        const here = `${path}/${name}`
        const described = child.description || (child.anyOf && child.description) || name === '$schema'
        if (!described && !['name', 'provider', 'model', 'embedding'].includes(name)) undocumented.push(here)
        walk(child, here)
        for (const branch of child.anyOf ?? []) walk(branch, here)
      }
    }
    walk(scenarioJsonSchema(), '')
    expect(undocumented).toEqual([])
  })

  it('does not require fields that have defaults', () => {
    const schema: any = scenarioJsonSchema()
    expect(schema.properties.task.required).not.toContain('monthlyGrowth')
    expect(schema.properties.task.properties.monthlyGrowth.default).toBe(0)
    expect(schema.properties.task.required).toContain('requestsPerMonth')
  })
})
