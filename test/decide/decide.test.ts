import { describe, expect, it } from 'vitest'
import { analyseScenario } from '../../src/breakeven/analysis.js'
import { decide, type Recommendation } from '../../src/decide/decide.js'
import { evaluateRules, RULES } from '../../src/decide/rules.js'
import { frontierPriceBreakeven, volumeSwitches } from '../../src/decide/sensitivity.js'
import { horizonTotalUSD } from '../../src/breakeven/horizon.js'
import { variant } from '../helpers/scenario.js'

const decideFor = (change: (raw: any) => void): Recommendation => decide(analyseScenario(variant(change)))
const rulesOf = (r: Recommendation) => r.reasons.map((x) => x.rule)
const warningRules = (r: Recommendation) => r.warnings.map((x) => x.rule)
const ruledOut = (r: Recommendation, id: string) => r.ruledOut.find((x) => x.id === id)?.reasons.map((x) => x.rule) ?? []

describe('decide(analysis) on the default scenario', () => {
  const analysis = analyseScenario(variant(() => {}))
  const recommendation = decide(analysis)
  it('distils, with constrained decoding for the format guarantee', () => {
    expect(recommendation.id).toBe('distill')
    expect(recommendation.modifiers).toEqual(['constrained decoding'])
    expect(recommendation.label).toMatch(/\+ constrained decoding$/)
  })
  it('cites the economics and the rules that favour it', () => {
    expect(rulesOf(recommendation)).toEqual(
      expect.arrayContaining(['cheapest-all-in', 'breakeven', 'payback', 'demonstrate-not-specify', 'good-teacher-distill', 'quality-target', 'format-guarantees']),
    )
  })
  it('picks the fitting strategy with the lowest horizon total', () => {
    const totals = analysis.strategies.map((s) => s.horizonTotalUSD)
    expect(recommendation.ranking[0]?.horizonTotalUSD).toBe(Math.min(...totals))
  })
})

describe('decision rules', () => {
  it('prompts for a one-off task however cheap adaptation looks', () => {
    const r = decideFor((raw) => (raw.facts.oneOff = true))
    expect(r.id).toBe('prompt')
    expect(ruledOut(r, 'distill')).toContain('one-off-or-undefined')
    expect(warningRules(r)).toContain('cheapest-excluded')
  })

  it('retrieves when facts change often: distill-then-retrieve, never facts baked into weights', () => {
    const r = decideFor((raw) => (raw.facts.factsChangeOften = true))
    expect(r.id).toBe('distill+rag')
    expect(rulesOf(r)).toEqual(expect.arrayContaining(['changing-facts-retrieve', 'distill-then-retrieve']))
    expect(ruledOut(r, 'finetune')).toContain('changing-facts-retrieve')
    expect(ruledOut(r, 'distill')).toContain('changing-facts-retrieve')
  })

  it('rules out distillation without good teacher outputs and falls back to fine-tuning on labels', () => {
    const r = decideFor((raw) => (raw.facts.goodFrontierOutputs = false))
    expect(r.id).toBe('finetune')
    expect(ruledOut(r, 'distill')).toContain('good-teacher-distill')
  })

  it('rules out fine-tuning with too few examples and no labelling budget', () => {
    const r = decideFor((raw) => {
      raw.facts.goodFrontierOutputs = false
      raw.facts.labelledExamples = 100
      raw.adaptation.labelUSDPerExample = 0
    })
    expect(ruledOut(r, 'finetune')).toContain('too-few-examples')
    expect(r.id).toBe('prompt')
  })

  it('warns about too few examples when labels must be bought', () => {
    const analysis = analyseScenario(variant((raw) => (raw.facts.labelledExamples = 50)))
    const warnings = evaluateRules(analysis.scenario, analysis).filter((f) => f.rule === 'too-few-examples')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]?.effect).toBe('warn')
    expect(warnings[0]?.text).toContain('5,950 labels') // 5,000 + 1,000 - 50
  })

  it('rules out every trained strategy when categories change often', () => {
    const r = decideFor((raw) => (raw.facts.categoriesChangeOften = true))
    for (const id of ['finetune', 'distill', 'distill+rag']) expect(ruledOut(r, id)).toContain('unstable-task')
    expect(r.id).toBe('prompt')
  })

  it('excludes a strategy expected to miss the quality target', () => {
    const r = decideFor((raw) => (raw.quality.distill = 0.9))
    expect(ruledOut(r, 'distill')).toContain('quality-target')
    expect(r.id).not.toBe('distill')
  })

  it('prompts at low volume and warns that adapting would not pay back', () => {
    const r = decideFor((raw) => (raw.task.requestsPerMonth = 200_000))
    expect(r.id).toBe('prompt')
    expect(warningRules(r)).toContain('volume-below-breakeven')
    expect(r.whatWouldChange.join(' ')).toMatch(/above .* becomes the cheapest fitting strategy/)
  })

  it('falls back to prompting, and says so, when nothing passes the rules', () => {
    const r = decideFor((raw) => {
      raw.task.qualityTarget = 0.99
    })
    expect(r.id).toBe('prompt')
    expect(warningRules(r)).toContain('nothing-fits')
  })

  it('every rule has an id and a situation', () => {
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z-]+$/)
      expect(rule.when.length).toBeGreaterThan(10)
    }
  })
})

describe('what would change it', () => {
  const scenario = variant(() => {})
  const analysis = analyseScenario(scenario)
  const horizon = { monthlyGrowth: scenario.task.monthlyGrowth, horizonMonths: scenario.task.horizonMonths }

  it('volumeSwitches: below the distill breakeven prompting is cheapest, at the same volume', () => {
    const fitting = analysis.costs.filter((c) => c.id !== 'rag')
    const [below] = volumeSwitches(fitting, horizon, scenario.task.requestsPerMonth)
    expect(below?.direction).toBe('below')
    expect(below?.id).toBe('prompt')
    const breakeven = analysis.strategies.find((s) => s.id === 'distill')?.breakevenRequestsPerMonth as number
    expect(below!.volume / breakeven).toBeCloseTo(1, 6)
  })

  it('frontierPriceBreakeven: at the found price factor prompting and distill cost the same', async () => {
    const factor = frontierPriceBreakeven(scenario, 'distill') as number
    expect(factor).toBeGreaterThan(0)
    expect(factor).toBeLessThan(1)
    const { withFrontierPriceScale } = await import('../../src/decide/sensitivity.js')
    const { strategyCosts } = await import('../../src/costs/strategies.js')
    const costs = strategyCosts(withFrontierPriceScale(scenario, factor))
    const path = { firstMonthRequests: scenario.task.requestsPerMonth, ...horizon }
    const total = (id: string) => horizonTotalUSD(costs.find((c) => c.id === id)!, path)
    expect(total('prompt') / total('distill')).toBeCloseTo(1, 5)
  })
})

describe('the example scenarios in data/scenarios', () => {
  const load = async (name: string) => {
    const { loadScenarioFile } = await import('../../src/scenario/validate.js')
    const { join } = await import('node:path')
    const { ROOT } = await import('../helpers/scenario.js')
    return decide(analyseScenario(loadScenarioFile(join(ROOT, 'data', 'scenarios', name))))
  }
  it('contract extraction at 20k documents a month: prompt, with structured outputs', async () => {
    const r = await load('contract-extraction.json')
    expect(r.id).toBe('prompt')
    expect(r.modifiers).toEqual(['structured outputs'])
  })
  it('product questions from a changing catalogue: distill, then retrieve', async () => {
    const r = await load('product-questions.json')
    expect(r.id).toBe('distill+rag')
    expect(ruledOut(r, 'distill')).toEqual(expect.arrayContaining(['changing-facts-retrieve', 'quality-target']))
  })
})
