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
  it('labels both log axes in plain units', () => {
    // the sweep runs a decade below the lowest mark to a decade above the highest (sweepRange):
    // 2.62M (distill's breakeven) / 10 = 261,501 up to 5M (the scenario) x 10 = 50M; under 3
    // decades, so 1, 2 and 5 in each
    const xaxis = figure.layout.xaxis as any
    expect(xaxis.tickmode).toBe('array')
    expect(xaxis.tickvals).toEqual([1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7, 2e7, 5e7, 1e8])
    expect(xaxis.ticktext).toEqual(['100k', '200k', '500k', '1M', '2M', '5M', '10M', '20M', '50M', '100M'])
    // the curves run from about $2.3k to about $367k a month (the bounds checked below): $1k .. $1M
    const yaxis = figure.layout.yaxis as any
    const ys = figure.data.flatMap((t: any) => Array.from(t.y as ArrayLike<number>))
    expect(Math.min(...ys)).toBeGreaterThan(2_000)
    expect(Math.max(...ys)).toBeLessThan(500_000)
    expect(yaxis.ticktext).toEqual(['$1k', '$2k', '$5k', '$10k', '$20k', '$50k', '$100k', '$200k', '$500k', '$1M'])
  })
  it('draws the breakevens as markers with no text on the plot, the volume in plain units on hover', () => {
    const markers = figure.data.at(-1) as any
    expect(markers.mode).toBe('markers')
    expect(figure.data.every((t: any) => !String(t.mode).includes('text'))).toBe(true)
    // finetune (2.78M) and distill (2.62M) break even 6 % apart: labels beside them would overlap
    expect(markers.customdata).toEqual(['finetune', 'distill', 'distill+rag'])
    const i = markers.customdata.indexOf('distill')
    expect(markers.hovertext[i]).toMatch(/^distill breaks even with prompting at 2\.62M\/month \(requests in month 1\), \$[\d,]+ a month all-in$/)
    expect(markers.marker.color).toEqual(['#d08770', '#a3be8c', '#b48ead'])
  })
  it('puts each marker at its breakeven volume, where the curve equals prompting', () => {
    const markers = figure.data.at(-1) as any
    const distill = analysis.strategies.find((s) => s.id === 'distill')!
    const i = markers.customdata.indexOf('distill')
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
  it('marks each payback month on the strategy curve, on hover only when there are several', () => {
    const markers = figure.data.at(-1) as any
    const distill = analysis.strategies.find((s) => s.id === 'distill')!
    expect(markers.x).toContain(distill.paybackMonths)
    expect(markers.x.length).toBeGreaterThan(1)
    expect(markers.mode).toBe('markers')
  })
  it('labels a single payback on the plot (nothing for it to overlap)', () => {
    const one = cumulativeCostFigure(analysis, ['prompt', 'distill']).data.at(-1) as any
    expect(one.mode).toBe('markers+text')
    expect(one.text).toHaveLength(1)
  })
  it('labels the money axis in plain units from $0', () => {
    // the highest cumulative value of any strategy is at or below the top tick
    const top = Math.max(...figure.data.flatMap((t: any) => t.y as number[]))
    const yaxis = figure.layout.yaxis as any
    expect(yaxis.tickvals[0]).toBe(0)
    expect(yaxis.tickvals.at(-1)).toBeGreaterThanOrEqual(top)
    expect(yaxis.ticktext.every((t: string) => /^\$\d+(\.\d+)?[kM]?$/.test(t))).toBe(true)
  })
})

describe('costBreakdownFigure(analysis)', () => {
  it('stacks categories that add up to each horizon total (by category: figures-cost-categories.test.ts)', () => {
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
    expect(markers.mode).toBe('markers')
    // the same volumes the report's serving table prints: 2.62M, 2.62M, 2.33M
    expect(markers.hovertext.map((h: string) => h.match(/at (\S+)/)?.[1])).toEqual(['2.62M/month', '2.62M/month', '2.33M/month'])
  })
  it('labels both log axes in plain units', () => {
    expect((figure.layout.xaxis as any).ticktext).toEqual(['100k', '200k', '500k', '1M', '2M', '5M', '10M', '20M', '50M', '100M'])
    expect((figure.layout.yaxis as any).ticktext[0]).toMatch(/^\$\d+k?$/)
  })
  it('is null for an API-hosted small model', () => {
    const api = analyseScenario(variant((raw) => { raw.smallModel = { name: 'API fine-tune', hosting: { kind: 'api', provider: 'openai', model: 'ft:gpt-4o-mini', prices: { inputPerMTokUSD: 0.3, outputPerMTokUSD: 1.2 }, trainingPerMTokUSD: 3 } } }))
    expect(scalingVolumeFigure(api, 'distill')).toBeNull()
  })
})
