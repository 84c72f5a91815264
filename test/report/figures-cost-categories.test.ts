// The cost categories (src/report/cost-categories.ts): every part the strategies produce on the
// example scenarios has a category, and the breakdown figure's category bars add up to the parts
// they hold, recomputed here from the analysis.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyseScenario, type Analysis } from '../../src/breakeven/analysis.js'
import { horizonParts } from '../../src/breakeven/horizon.js'
import { loadPortfolioFile } from '../../src/portfolio/validate.js'
import { COST_CATEGORIES, costCategory } from '../../src/report/cost-categories.js'
import { costBreakdownFigure } from '../../src/report/figures.js'
import { COST_CATEGORY_COLOURS, STRATEGY_COLOURS } from '../../src/report/theme.js'
import { loadScenarioFile } from '../../src/scenario/validate.js'
import type { Scenario } from '../../src/scenario/schema.js'
import { apiScenario, ROOT, variant } from '../helpers/scenario.js'

const folder = join(ROOT, 'data', 'scenarios')

/** Every example scenario: each scenario file, each task of each portfolio file. */
function exampleScenarios(): [string, Scenario][] {
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file): [string, Scenario][] => {
      const path = join(folder, file)
      const raw = JSON.parse(readFileSync(path, 'utf8')) as { tasks?: unknown }
      if (Array.isArray(raw.tasks)) return loadPortfolioFile(path).tasks.map((task): [string, Scenario] => [`${file} (${task.name})`, task.validated.point])
      return [[file, loadScenarioFile(path)]]
    })
}

const scenarios: [string, Scenario][] = [
  ...exampleScenarios(),
  // the example files self-host the small model: an API-hosted one brings small-model tokens
  ['support-tickets, API-hosted small model', apiScenario()],
]

describe('costCategory(partName)', () => {
  it('puts every part the strategies produce on the example scenarios in a category other than "other"', () => {
    expect(scenarios.length).toBeGreaterThan(6)
    const names = new Set<string>()
    for (const [, scenario] of scenarios) {
      const analysis = analyseScenario(scenario)
      for (const cost of analysis.costs) for (const part of horizonParts(cost, analysis.path)) names.add(part.name)
    }
    const uncategorised = [...names].filter((name) => costCategory(name) === 'other')
    expect(uncategorised).toEqual([])
    // the parts src/costs/ and the horizon name, written out: a renamed part shows up here
    expect([...names].filter((name) => !name.startsWith('retraining: ')).sort()).toEqual(
      expect.arrayContaining([
        'GPU hosting', 'corpus embedding', 'escalation to frontier', 'evaluation', 'evaluation labels', 'frontier tokens', 'human labels', 'human review',
        'maintenance people', 'query embedding', 're-indexing', 'setup people', 'small-model tokens', 'teacher data', 'training', 'vector search', 'vector store',
      ]),
    )
  })

  it('groups the parts as the issue names them: tokens, people, GPUs, data, review', () => {
    expect(['frontier tokens', 'small-model tokens', 'escalation to frontier', 'query embedding'].map(costCategory)).toEqual(['tokens', 'tokens', 'tokens', 'tokens'])
    expect(['setup people', 'maintenance people'].map(costCategory)).toEqual(['people', 'people'])
    expect(['GPU hosting', 'training', 'retraining: training'].map(costCategory)).toEqual(['GPUs', 'GPUs', 'GPUs'])
    expect(['teacher data', 'human labels', 'evaluation labels', 'vector store', 'retraining: teacher data'].map(costCategory)).toEqual(['data', 'data', 'data', 'data', 'data'])
    expect(costCategory('human review')).toBe('review')
    expect(costCategory('something new')).toBe('other')
    expect(costCategory('retraining: something new')).toBe('other')
    // a name that only looks like an Object member is not a category
    expect(costCategory('toString')).toBe('other')
  })
})

describe('COST_CATEGORY_COLOURS', () => {
  it('gives each category its own colour, none a strategy colour', () => {
    const colours = COST_CATEGORIES.map((category) => COST_CATEGORY_COLOURS[category])
    expect(new Set(colours).size).toBe(COST_CATEGORIES.length)
    for (const colour of Object.values(STRATEGY_COLOURS)) expect(colours).not.toContain(colour)
  })
})

describe('costBreakdownFigure(analysis) by category', () => {
  const cases: [string, Analysis][] = [
    ['default', analyseScenario(variant(() => {}))],
    ['API-hosted small model', analyseScenario(apiScenario())],
  ]
  it.each(cases)('%s: one bar trace per category in a fixed order and colour, each the sum of its parts', (_label, analysis) => {
    const figure = costBreakdownFigure(analysis)
    const names = figure.data.map((trace) => trace.name as string)
    expect(names).toEqual(COST_CATEGORIES.filter((category) => names.includes(category)))
    expect(names).not.toContain('other')
    figure.data.forEach((trace: any) => {
      expect(trace.type).toBe('bar')
      expect(trace.marker.color).toBe(COST_CATEGORY_COLOURS[trace.name as keyof typeof COST_CATEGORY_COLOURS])
      expect(trace.x).toEqual(analysis.costs.map((c) => c.id))
    })
    // recomputed from the analysis: the parts of each strategy in the category, summed
    analysis.costs.forEach((cost, i) => {
      const parts = horizonParts(cost, analysis.path)
      for (const trace of figure.data as any[]) {
        const expected = parts.filter((p) => costCategory(p.name) === trace.name).reduce((sum, p) => sum + p.usd, 0)
        expect(trace.y[i]).toBeCloseTo(expected, 6)
      }
      const stacked = figure.data.reduce((sum, trace: any) => sum + trace.y[i], 0)
      expect(stacked / (analysis.strategies[i] as { horizonTotalUSD: number }).horizonTotalUSD).toBeCloseTo(1, 9)
    })
  })

  it('hovers with the parts of the category and their USD', () => {
    const analysis = cases[0]![1]
    const figure = costBreakdownFigure(analysis)
    const people = figure.data.find((trace) => trace.name === 'people') as any
    const distill = analysis.costs.findIndex((c) => c.id === 'distill')
    expect(people.customdata[distill]).toMatch(/^setup people: \$[\d,]+<br>maintenance people: \$[\d,]+$/)
    expect(people.hovertemplate).toContain('%{customdata}')
    // the prompt strategy has no GPUs: its hover says so rather than listing nothing
    const gpus = figure.data.find((trace) => trace.name === 'GPUs') as any
    expect(gpus.customdata[analysis.costs.findIndex((c) => c.id === 'prompt')]).toBe('none')
  })
})
