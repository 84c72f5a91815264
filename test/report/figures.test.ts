import { describe, expect, it } from 'vitest'
import { analyseScenario } from '../../src/breakeven/analysis.js'
import { horizonTotalUSD } from '../../src/breakeven/horizon.js'
import { costBreakdownFigure, costVersusVolumeFigure, cumulativeCostFigure, scalingVolumeFigure } from '../../src/report/figures.js'
import { canonicalJson, provenance } from '../../src/provenance.js'
import { variant } from '../helpers/scenario.js'

const analysis = analyseScenario(variant(() => {}))

describe('costVersusVolumeFigure(analysis)', () => {
  const figure = costVersusVolumeFigure(analysis, 41)
  it('draws one log-log curve per strategy and the breakeven markers', () => {
    expect(figure.data.map((t) => t.name)).toEqual(['prompt', 'rag', 'finetune', 'distill', 'distill+rag', 'breakeven vs prompt'])
    expect((figure.layout.xaxis as any).type).toBe('log')
    expect((figure.layout.yaxis as any).type).toBe('log')
  })
  it('puts each marker at its breakeven volume, where the curve equals prompting', () => {
    const markers = figure.data.at(-1) as any
    const distill = analysis.strategies.find((s) => s.id === 'distill')!
    const i = markers.text.indexOf('distill')
    expect(markers.x[i]).toBe(distill.breakevenRequestsPerMonth)
    const prompt = analysis.costs.find((c) => c.id === 'prompt')!
    const atBreakeven = horizonTotalUSD(prompt, { ...analysis.path, firstMonthRequests: markers.x[i] }) / analysis.path.horizonMonths
    expect(markers.y[i] / atBreakeven).toBeCloseTo(1, 9)
  })
  it('marks the scenario volume', () => {
    expect((figure.layout.shapes as any[])[0].x0).toBe(5_000_000)
  })
})

describe('cumulativeCostFigure(analysis)', () => {
  const figure = cumulativeCostFigure(analysis)
  it('runs from month 0 (one-time costs) to the horizon', () => {
    const prompt = figure.data[0] as any
    expect(prompt.x).toHaveLength(25)
    expect(prompt.y[0]).toBe(10_000)
  })
  it('marks each payback month on the strategy curve', () => {
    const markers = figure.data.at(-1) as any
    const distill = analysis.strategies.find((s) => s.id === 'distill')!
    expect(markers.x).toContain(distill.paybackMonths)
  })
})

describe('costBreakdownFigure(analysis)', () => {
  it('stacks parts that add up to each horizon total', () => {
    const figure = costBreakdownFigure(analysis)
    expect(figure.layout.barmode).toBe('stack')
    analysis.strategies.forEach((s, i) => {
      const stacked = figure.data.reduce((sum, trace: any) => sum + trace.y[i], 0)
      expect(stacked / s.horizonTotalUSD).toBeCloseTo(1, 9)
    })
  })
})

describe('provenance(inputs)', () => {
  it('hashes the inputs independently of key order', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}')
    expect(provenance({ a: 1, b: 2 }).inputsHash).toBe(provenance({ b: 2, a: 1 }).inputsHash)
    // sha256 of '{"a":1}' (printf '{"a":1}' | sha256sum)
    expect(provenance({ a: 1 }).inputsHash).toBe('015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862')
  })
  it('names the price table and the package version', () => {
    const p = provenance({})
    expect(p.priceTable).toMatch(/^@pydantic\/genai-prices \d+\.\d+\.\d+$/)
    expect(p.packageVersion).toMatch(/^\d+\.\d+\.\d+$/)
  })
})

describe('scalingVolumeFigure(analysis, focus)', () => {
  const figure = scalingVolumeFigure(analysis, 'distill', 41)!
  it('draws prompting and the focus under each way of paying, serverless below always-on at low volume', () => {
    expect(figure.data.map((t) => t.name)).toEqual(['prompt', 'distill, always-on', 'distill, autoscaling', 'distill, serverless', 'breakeven vs prompt'])
    const alwaysOn = figure.data[1] as any
    const serverless = figure.data[3] as any
    expect(serverless.y[0]).toBeLessThan(alwaysOn.y[0])
  })
  it('puts each breakeven where the focus costs what prompting costs', () => {
    const markers = figure.data.at(-1) as any
    const prompt = analysis.costs.find((c) => c.id === 'prompt')!
    markers.x.forEach((x: number, i: number) => {
      const atBreakeven = horizonTotalUSD(prompt, { ...analysis.path, firstMonthRequests: x }) / analysis.path.horizonMonths
      expect(markers.y[i] / atBreakeven).toBeCloseTo(1, 6)
    })
    expect(markers.text).toEqual(['always-on', 'autoscaling', 'serverless'])
  })
  it('is null for an API-hosted small model', () => {
    const api = analyseScenario(variant((raw) => { raw.smallModel = { name: 'API fine-tune', hosting: { kind: 'api', provider: 'openai', model: 'ft:gpt-4o-mini', prices: { inputPerMTokUSD: 0.3, outputPerMTokUSD: 1.2 }, trainingPerMTokUSD: 3 } } }))
    expect(scalingVolumeFigure(api, 'distill')).toBeNull()
  })
})
