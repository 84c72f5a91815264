// Every portfolio file in data/scenarios validates, and the committed schema is the generated one.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analysePortfolio } from '../../src/portfolio/analyse.js'
import { loadPortfolioFile } from '../../src/portfolio/validate.js'
import { isPortfolio, portfolioJsonSchema } from '../../src/scenario/portfolio-schema.js'
import { ROOT } from '../helpers/scenario.js'

const dir = join(ROOT, 'data', 'scenarios')
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && isPortfolio(JSON.parse(readFileSync(join(dir, f), 'utf8'))))

describe('portfolio files in data/scenarios', () => {
  it('include portfolio-support.json', () => expect(files).toContain('portfolio-support.json'))
  for (const file of files) {
    it(`loadPortfolioFile(${file}) validates`, () => {
      expect(() => loadPortfolioFile(join(dir, file))).not.toThrow()
    })
  }
  it('portfolio-support.json: three tasks adapted, language detection not (prompting it is cheaper), one shared fleet wins', () => {
    const decision = analysePortfolio(loadPortfolioFile(join(dir, 'portfolio-support.json')))
    expect(decision.tasks.map((t) => [t.name, t.recommendation.id, t.adaptedStrategy])).toEqual([
      ['triage', 'distill', 'distill'],
      ['language detection', 'prompt', null],
      ['PII tagging', 'distill', 'distill'],
      ['reply drafting', 'distill', 'distill'],
    ])
    expect(decision.options.every((o) => o.available)).toBe(true)
    expect(decision.recommendation.id).toBe('shared-multi-lora')
  })
})

describe('schemas/portfolio.schema.json', () => {
  it('is what the TypeBox source generates (run `npm run schema` after changing src/scenario/portfolio-schema.ts)', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'schemas', 'portfolio.schema.json'), 'utf8'))).toEqual(portfolioJsonSchema())
  })
})
