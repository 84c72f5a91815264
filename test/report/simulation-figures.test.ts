// The simulation's figures (plotly specs) and DataFrames, checked against the result they show.
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cheapestFigure, fanChartFigure, paybackHistogramFigure, tornadoFigure } from '../../src/report/simulation-figures.js'
import { bandsFrame, paybackFrame, simulationFrame, tornadoFrame } from '../../src/report/simulation-frames.js'
import { simulationKeyNumbers } from '../../src/sim/key-numbers.js'
import { simulateScenario, type ScenarioSimulation } from '../../src/sim/simulate-scenario.js'
import { loadScenarioInputFile } from '../../src/scenario/validate.js'
import { ROOT } from '../helpers/scenario.js'

let sim: ScenarioSimulation
beforeAll(async () => {
  sim = await simulateScenario(loadScenarioInputFile(join(ROOT, 'data', 'scenarios', 'support-tickets-uncertain.json')), { draws: 4000, seed: 2 })
})

describe('simulation figures', () => {
  it('fanChartFigure: per strategy two shaded bands and a median line, month 0..H', () => {
    const figure = fanChartFigure(sim.result, ['prompt', 'distill'])
    expect(figure.data).toHaveLength(10)
    const median = figure.data.find((t) => t.name === 'distill median')!
    expect(median.y).toEqual(sim.result.strategies[3]!.bands.p50)
    expect((median.x as number[]).at(-1)).toBe(24)
    expect(figure.data.filter((t) => t.fill === 'tonexty').map((t) => t.name)).toEqual(['prompt 90 % band', 'prompt 50 % band', 'distill 90 % band', 'distill 50 % band'])
    expect(() => fanChartFigure(sim.result, ['nope'])).toThrow('invalid strategy: "nope"')
  })

  it('paybackHistogramFigure: the month bars and the never share add up to all draws; the line is P(payback <= N)', () => {
    const figure = paybackHistogramFigure(sim.result, 'distill')
    const payback = sim.result.strategies[3]!.payback!
    const bars = figure.data[0]!.y as number[]
    const never = payback.histogram.never / sim.result.draws
    expect(bars.reduce((a, b) => a + b, 0) + never).toBeCloseTo(1, 12)
    expect(figure.data[1]!.y).toEqual(payback.byMonth.map((e) => e.probability))
    expect(() => paybackHistogramFigure(sim.result, 'prompt')).toThrow(/baseline/)
  })

  it('tornadoFigure: bars from the point value to the low and high figures, widest at the top', () => {
    const figure = tornadoFigure(sim.tornado, 5)
    const [low, high] = figure.data
    expect(low!.base).toBe(sim.tornado.point)
    expect((low!.y as string[]).at(-1)).toBe(sim.tornado.bars[0]!.path)
    expect((high!.x as number[]).at(-1)).toBeCloseTo(sim.tornado.bars[0]!.high - sim.tornado.point, 6)
  })

  it('cheapestFigure: one bar per strategy, summing to 1, with 95 % error bars', () => {
    const [bars] = cheapestFigure(sim.result).data
    expect((bars!.y as number[]).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    expect((bars!.error_y as { array: number[] }).array[3]).toBeCloseTo(1.96 * sim.result.strategies[3]!.cheapest.standardError, 15)
  })
})

describe('simulation frames', () => {
  it('simulationFrame: one row per strategy with the summary numbers', () => {
    const frame = simulationFrame(sim.result)
    expect(frame.shape).toEqual([5, 13])
    const distill = (frame.values as unknown[][])[3]!
    expect(distill[0]).toBe('distill')
    expect(distill[frame.columns.indexOf('pPayback')]).toBe(sim.result.strategies[3]!.payback!.withinHorizon.probability)
    expect(Number.isNaN((frame.values as unknown[][])[0]![frame.columns.indexOf('pPayback')])).toBe(true)
  })

  it('bandsFrame, paybackFrame and tornadoFrame', () => {
    expect(bandsFrame(sim.result, 'prompt').shape).toEqual([25, 6])
    expect(paybackFrame(sim.result).columns).toEqual(['month', 'rag', 'finetune', 'distill', 'distill+rag'])
    expect(tornadoFrame(sim.tornado).shape[0]).toBe(sim.result.inputs.length)
  })
})

describe('simulationKeyNumbers', () => {
  it('reads the focus strategy\'s payback, P(cheapest) and NPV, and the most influential input', () => {
    const key = simulationKeyNumbers(sim)
    const distill = sim.result.strategies[3]!
    expect(key).toMatchObject({ draws: 4000, seed: 2, recommendation: 'distill', focus: 'distill' })
    expect(key.paybackProbability).toBe(distill.payback!.withinHorizon.probability)
    expect(key.paybackWithin12MonthsProbability).toBe(distill.payback!.byMonth[12]!.probability)
    expect(key.npvSavingsUSD.mean).toBe(distill.npvSavingsUSD.mean)
    expect(key.mostInfluentialInput).toBe(sim.tornado.bars[0]!.path)
    expect(Object.values(key.cheapestByStrategy).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
  })
})
