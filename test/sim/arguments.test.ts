// Item 5 of issue 8: the exported functions of src/sim/ and the simulation figures that take
// numbers check them at their entry in the scenario validator's words: one bad value with the
// exact message, and a valid call whose value is known by hand.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Tornado } from '../../kernel/sim/sensitivity.js'
import { tornadoFigure } from '../../src/report/simulation-figures.js'
import { InvalidArgumentError } from '../../src/scenario/messages.js'
import { loadScenarioInputFile } from '../../src/scenario/validate.js'
import { simulateScenario } from '../../src/sim/simulate-scenario.js'
import { confidenceOf } from '../../src/sim/summary-markdown.js'

const ROOT = join(import.meta.dirname, '..', '..')

describe('simulateScenario(validated, options)', () => {
  const validated = loadScenarioInputFile(join(ROOT, 'data', 'scenarios', 'support-tickets.json'))
  it('rejects draws, seed, workers and chunk size outside the engine\'s bounds before any work, with InvalidArgumentError', async () => {
    await expect(simulateScenario(validated, { draws: 0 })).rejects.toThrow(InvalidArgumentError)
    await expect(simulateScenario(validated, { draws: 0 })).rejects.toThrow('invalid draws: 0 (must be >= 1)')
    await expect(simulateScenario(validated, { draws: 10.5 })).rejects.toThrow('invalid draws: 10.5 (must be integer)')
    await expect(simulateScenario(validated, { draws: 10, seed: -1 })).rejects.toThrow('invalid seed: -1 (must be >= 0)')
    await expect(simulateScenario(validated, { draws: 10, workers: 65 })).rejects.toThrow('invalid workers: 65 (must be <= 64)')
    await expect(simulateScenario(validated, { draws: 10, chunkSize: 0 })).rejects.toThrow('invalid chunkSize: 0 (must be >= 1)')
  })
  it('keeps a valid call: the point scenario (no distributions) gives the same total in every one of 10 draws', async () => {
    const sim = await simulateScenario(validated, { draws: 10, seed: 1 })
    const distill = sim.result.strategies.find((s) => s.id === 'distill')
    expect(sim.result.draws).toBe(10)
    // 330,822: the default scenario's distill total, recomputed by hand in test/decide/default-by-hand.test.ts
    expect(Math.round(distill?.horizonTotalUSD.mean ?? 0)).toBe(330_822)
  })
})

describe('confidenceOf(paybackProbability)', () => {
  it('rejects a probability above 1 or below 0, and keeps 0.9 robust, 0.6 likely, 0.3 a coin flip', () => {
    expect(() => confidenceOf(1.2)).toThrow('invalid paybackProbability: 1.2 (must be <= 1)')
    expect(() => confidenceOf(-0.1)).toThrow('invalid paybackProbability: -0.1 (must be >= 0)')
    expect([confidenceOf(0.9), confidenceOf(0.6), confidenceOf(0.3), confidenceOf(0.29)]).toEqual(['robust', 'likely', 'coin flip', 'unlikely'])
  })
})

describe('tornadoFigure(tornado, top)', () => {
  const bar = (path: string, low: number, high: number) => ({
    path, lowValue: 0, pointValue: 1, highValue: 2, low, high, swing: Math.abs(high - low),
    savingsLowUSD: [], savingsHighUSD: [], paybackLowMonths: null, paybackHighMonths: null,
  })
  const tornado = { focus: 'distill', metric: 'savings', point: 100, lowQuantile: 0.1, highQuantile: 0.9, bars: [bar('/a', 40, 180), bar('/b', 90, 120)] } as unknown as Tornado
  it('rejects top 0 and a fractional top, and keeps the widest bar drawn from the point: 40 - 100 = -60', () => {
    expect(() => tornadoFigure(tornado, 0)).toThrow('invalid top: 0 (must be >= 1)')
    expect(() => tornadoFigure(tornado, 1.5)).toThrow('invalid top: 1.5 (must be integer)')
    const figure = tornadoFigure(tornado, 1)
    expect(figure.data[0]?.y).toEqual(['/a'])
    expect(figure.data[0]?.x).toEqual([-60])
  })
})
