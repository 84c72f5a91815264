import { readFileSync } from 'node:fs'
import { getHeapStatistics } from 'node:v8'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { builtModuleUrl } from '../../kernel/sim/built-module.js'
import { simulate, startWorkerPool } from '../../kernel/sim/engine.js'
import { COEFF, COEFF_SIZE, GLOBAL } from '../../kernel/sim/layout.js'
import type { ModelSource } from '../../kernel/sim/model.js'
import type { SimulationResult } from '../../kernel/sim/result.js'
import { tornado } from '../../kernel/sim/sensitivity.js'
import { tableModel, type TableModelSpec } from '../../kernel/sim/table-model.js'
import { analyseScenario } from '../../src/breakeven/analysis.js'
import { compileScenario } from '../../src/sim/compile.js'
import { scenarioModelModule, scenarioModelSource } from '../../src/sim/scenario-model.js'
import { loadScenarioInputFile, validateScenarioInput, type ValidatedScenario } from '../../src/scenario/validate.js'
import { ROOT, defaultRaw } from '../helpers/scenario.js'
import { expectClose } from '../helpers/expect-close.js'

function block(values: Partial<Record<keyof typeof COEFF, number>>): number[] {
  const out = new Array<number>(COEFF_SIZE).fill(0)
  for (const [name, value] of Object.entries(values)) out[COEFF[name as keyof typeof COEFF]] = value as number
  return out
}

/** Prompting against a self-hosted adaptation, with uncertain volume, growth, price trend and people cost. */
function tableSpec(horizonMonths = 24): TableModelSpec {
  return {
    strategies: ['prompt', 'distill', 'finetune'],
    horizonMonths,
    globals: [5e6, 0.02, 0, 0.1, 1],
    coeffs: [
      block({ ONE_TIME_USD: 10_000, FIXED_MONTHLY_USD: 1000, PER_REQUEST_OTHER_USD: 0.0008, PER_REQUEST_FRONTIER_USD: 0.0025 }),
      block({
        ONE_TIME_USD: 52_000,
        FIXED_MONTHLY_USD: 4000,
        PER_REQUEST_OTHER_USD: 0.001,
        PER_REQUEST_FRONTIER_USD: 0.00015,
        ESCALATION_DRIFT_USD: 0.00001,
        ESCALATION_DRIFT_CAP_USD: 0.0001,
        RETRAIN_OTHER_USD: 5000,
        RETRAIN_FRONTIER_USD: 6000,
        REQUESTS_PER_GPU_MONTH: 1.8e7,
        GPU_MONTH_USD: 583,
        MIN_REPLICAS: 2,
        RETRAIN_EVERY: 6,
      }),
      block({ ONE_TIME_USD: 45_000, FIXED_MONTHLY_USD: 4000, PER_REQUEST_OTHER_USD: 0.0012, PER_REQUEST_FRONTIER_USD: 0.0002, RETRAIN_OTHER_USD: 9000, RETRAIN_EVERY: 6 }),
    ],
    inputs: [
      { path: '/task/requestsPerMonth', distribution: { kind: 'lognormal', mean: 5e6, sd: 1.5e6 }, targets: [{ strategy: null, index: GLOBAL.FIRST_MONTH_REQUESTS }] },
      { path: '/task/monthlyGrowth', distribution: { kind: 'triangular', min: -0.01, mode: 0.02, max: 0.06 }, targets: [{ strategy: null, index: GLOBAL.MONTHLY_GROWTH }] },
      { path: '/frontier/priceChangePerMonth', distribution: { kind: 'pert', min: -0.05, mode: -0.02, max: 0 }, targets: [{ strategy: null, index: GLOBAL.PRICE_CHANGE }] },
      {
        path: '/people/loadedMonthlyUSD',
        distribution: { kind: 'normal', mean: 1, sd: 0.15, truncate: { min: 0.5 } },
        targets: [0, 1, 2].flatMap((s) => [
          { strategy: s, index: COEFF.ONE_TIME_USD, mode: 'scale' as const },
          { strategy: s, index: COEFF.FIXED_MONTHLY_USD, mode: 'scale' as const },
        ]),
      },
      { path: '/adaptation/teacherPassRate', distribution: { kind: 'beta', alpha: 17, beta: 3 }, targets: [] },
    ],
  }
}

const tableSource = (spec: TableModelSpec): ModelSource => ({
  module: builtModuleUrl(new URL('../../kernel/sim/table-model.ts', import.meta.url)),
  exportName: 'tableModel',
  argument: spec,
})

const UNCERTAIN_FILE = join(ROOT, 'data', 'scenarios', 'support-tickets-uncertain.json')

describe('simulate(model, { workers }) is the same bit for bit for 1, 2 and 4 workers', () => {
  it('on a table model: 20,001 draws in 11 chunks of 2,000 (the last one short)', async () => {
    const spec = tableSpec()
    const model = tableModel(spec)
    const run = (workers: number) => simulate(model, { draws: 20_001, seed: 42, workers, chunkSize: 2000, source: tableSource(spec) })
    const one = await run(1)
    const [two, four] = [await run(2), await run(4)]
    expect(JSON.stringify(two)).toBe(JSON.stringify(one))
    expect(JSON.stringify(four)).toBe(JSON.stringify(one))
    expect(one.draws).toBe(20_001)
    // Not a degenerate run: the inputs do spread the answer.
    expect(one.strategies[1]!.horizonTotalUSD.sd).toBeGreaterThan(1000)
    expect(one.strategies[1]!.cheapest.probability).toBeGreaterThan(0)
  })

  it('on the uncertain support-tickets scenario compiled by compileScenario', async () => {
    const validated = loadScenarioInputFile(UNCERTAIN_FILE)
    const model = compileScenario(validated.input, validated.uncertain)
    const run = (workers: number) => simulate(model, { draws: 6000, seed: 7, workers, chunkSize: 1000, source: scenarioModelSource(validated) })
    const one = await run(1)
    const [two, four] = [await run(2), await run(4)]
    expect(JSON.stringify(two)).toBe(JSON.stringify(one))
    expect(JSON.stringify(four)).toBe(JSON.stringify(one))
    expect(one.inputs.map((i) => i.path)).toContain('/task/requestsPerMonth')
  })

  it('with workers started early (a pool that loaded the scenario model first): the same numbers; the pool is used up or stopped', async () => {
    const validated = loadScenarioInputFile(UNCERTAIN_FILE)
    const model = compileScenario(validated.input, validated.uncertain)
    const options = { draws: 6000, seed: 7, chunkSize: 1000, source: scenarioModelSource(validated) }
    const one = await simulate(model, { ...options, workers: 1 })
    const pool = startWorkerPool(3, [scenarioModelModule()])
    const two = await simulate(model, { ...options, workers: 2, pool })
    expect(JSON.stringify(two)).toBe(JSON.stringify(one))
    // Two taken, the third stopped.
    expect(pool.size).toBe(0)
    // One thread: the pool is closed unused.
    const unused = startWorkerPool(2, [])
    expect(JSON.stringify(await simulate(model, { ...options, workers: 1, pool: unused }))).toBe(JSON.stringify(one))
    expect(unused.size).toBe(0)
  })

  it('draw i of input j is draw i of stream (seed, j): the first 1,000 draws of a run equal a run of 1,000', async () => {
    const model = tableModel(tableSpec(6))
    const small = await simulate(model, { draws: 1000, seed: 5, chunkSize: 1000 })
    const prefix = await simulate(model, { draws: 1000, seed: 5, chunkSize: 250 })
    // Different chunking changes only the order of floating-point sums, never the draws.
    expect(prefix.strategies.map((s) => s.cheapest)).toEqual(small.strategies.map((s) => s.cheapest))
    expect(prefix.strategies.map((s) => s.horizonTotalUSD.quantiles)).toEqual(small.strategies.map((s) => s.horizonTotalUSD.quantiles))
    expect(prefix.strategies[1]!.horizonTotalUSD.mean).toBeCloseTo(small.strategies[1]!.horizonTotalUSD.mean, 6)
  })
})

/** A raw scenario with every listed field written as a `fixed` distribution (still "uncertain" inputs, one value). */
function withFixedDistributions(raw: any): any {
  raw.task.requestsPerMonth = { dist: 'fixed', value: raw.task.requestsPerMonth }
  raw.hardTail.escalationShare = { dist: 'fixed', value: raw.hardTail.escalationShare }
  return raw
}

function expectSimulationEqualsEngine(validated: ValidatedScenario, result: SimulationResult): void {
  const analysis = analyseScenario(validated.point)
  for (const economics of analysis.strategies) {
    const simulated = result.strategies.find((s) => s.id === economics.id)!
    for (const money of [simulated.horizonTotalUSD.min, simulated.horizonTotalUSD.max, simulated.horizonTotalUSD.mean, simulated.horizonTotalUSD.quantiles.p50, simulated.point.horizonTotalUSD]) {
      expectClose(money, economics.horizonTotalUSD, { rel: 1e-9, abs: 1e-9 })
    }
    expectClose(simulated.presentValueUSD.mean, economics.presentValueUSD, { rel: 1e-9, abs: 1e-9 })
    expectClose(simulated.point.presentValueUSD, economics.presentValueUSD, { rel: 1e-9, abs: 1e-9 })
    // NPV savings can be near 0: the tolerance is relative to the present value.
    expectClose(simulated.npvSavingsUSD.mean, economics.npvSavingsUSD, { abs: 1e-9 * Math.max(1, Math.abs(economics.presentValueUSD)) })
    expect(simulated.horizonTotalUSD.sd / economics.horizonTotalUSD).toBeLessThan(1e-9)
    const timeline = analysis.timelines[economics.id]!
    timeline.forEach((month) => {
      expectClose(simulated.bands.p5[month.month]!, month.cumulativeUSD, { rel: 1e-9, abs: 1e-9 })
      expectClose(simulated.bands.p95[month.month]!, month.cumulativeUSD, { rel: 1e-9, abs: 1e-9 })
    })
    if (economics.id === 'prompt') {
      expect(simulated.payback).toBeNull()
      continue
    }
    const payback = economics.paybackMonths
    if (payback === null) {
      expect(simulated.point.paybackMonths).toBeNull()
      expect(simulated.payback!.withinHorizon.probability).toBe(0)
    } else {
      expect(Math.abs(simulated.point.paybackMonths! - payback)).toBeLessThan(1e-9 * Math.max(1, payback))
      expect(Math.abs(simulated.payback!.quantiles.p50! - payback)).toBeLessThan(1e-9 * Math.max(1, payback))
      expect(simulated.payback!.withinHorizon.probability).toBe(1)
      simulated.payback!.byMonth.forEach((e, month) => expect(e.probability).toBe(payback <= month ? 1 : 0))
    }
  }
  const cheapest = [...analysis.strategies].sort((a, b) => a.horizonTotalUSD - b.horizonTotalUSD)[0]!
  expect(result.strategies.find((s) => s.cheapest.probability === 1)?.id).toBe(cheapest.id)
}

describe('with every input fixed, the simulation equals the decision engine (analyseScenario) to 1e-9 relative', () => {
  const cases: [string, () => any][] = [
    ['the default scenario (no distributions)', () => defaultRaw()],
    ['with falling frontier prices, drift and retraining every 4 months', () => {
      const raw = defaultRaw()
      raw.frontier.priceChangePerMonth = -0.03
      raw.hardTail.escalationDriftPerMonth = 0.004
      raw.adaptation.retrainEveryMonths = 4
      raw.task.horizonMonths = 36
      return raw
    }],
    ['with `fixed` distributions and an API-hosted small model', () => {
      const raw = withFixedDistributions(defaultRaw())
      raw.frontier.priceChangePerMonth = 0.01
      raw.hardTail.escalationDriftPerMonth = 0.01
      raw.smallModel = {
        name: 'API fine-tune',
        hosting: { kind: 'api', provider: 'openai', model: 'ft:gpt-4o-mini', prices: { inputPerMTokUSD: 0.3, outputPerMTokUSD: 1.2 }, trainingPerMTokUSD: 3 },
      }
      return raw
    }],
    ['product-questions.json', () => JSON.parse(readFileSync(join(ROOT, 'data', 'scenarios', 'product-questions.json'), 'utf8'))],
  ]
  it.each(cases)('%s', async (_name, raw) => {
    const validated = validateScenarioInput(raw())
    const model = compileScenario(validated.input, validated.uncertain)
    const result = await simulate(model, { draws: 5, seed: 1, chunkSize: 2 })
    expectSimulationEqualsEngine(validated, result)
  })

  // Known discrepancy (for src/sim/compile.ts): claude-sonnet-4-5 has tiered prices; the cost
  // model prices a request at $3/$15 per MTok (requestPriceUSD on the actual token counts) while
  // its PricedModel reports $6/$22.50, which compile's fill uses, so fill's frontier cost is
  // 1.9x the cost model's. Remove `.fails` when compile prices requests as the cost model does.
  it('contract-extraction.json (tiered frontier prices: the base tier, below 200k prompt tokens)', async () => {
    const validated = validateScenarioInput(JSON.parse(readFileSync(join(ROOT, 'data', 'scenarios', 'contract-extraction.json'), 'utf8')))
    const model = compileScenario(validated.input, validated.uncertain)
    expectSimulationEqualsEngine(validated, await simulate(model, { draws: 5, seed: 1, chunkSize: 2 }))
  })

  it('and with uncertain inputs, the point result is the engine on the point scenario (every input at its mean)', async () => {
    const validated = loadScenarioInputFile(UNCERTAIN_FILE)
    expect(validated.uncertain.length).toBeGreaterThanOrEqual(8)
    const model = compileScenario(validated.input, validated.uncertain)
    const result = await simulate(model, { draws: 200, seed: 3 })
    const analysis = analyseScenario(validated.point)
    for (const economics of analysis.strategies) {
      const point = result.strategies.find((s) => s.id === economics.id)!.point
      expectClose(point.horizonTotalUSD, economics.horizonTotalUSD, 1e-9)
      expectClose(point.presentValueUSD, economics.presentValueUSD, 1e-9)
      if (economics.paybackMonths === null) expect(point.paybackMonths).toBeNull()
      else expectClose(point.paybackMonths!, economics.paybackMonths, 1e-9)
    }
  })
})

describe('Monte Carlo standard errors', () => {
  const model = tableModel(tableSpec(12))

  it('the standard error of a probability shrinks as 1/sqrt(draws): 4x the draws, half the error', async () => {
    const small = await simulate(model, { draws: 5000, seed: 11 })
    const large = await simulate(model, { draws: 20_000, seed: 11 })
    for (const pick of [(r: SimulationResult) => r.strategies[1]!.cheapest, (r: SimulationResult) => r.strategies[1]!.payback!.withinHorizon]) {
      const ratio = pick(large).standardError / pick(small).standardError
      expect(pick(small).probability).toBeGreaterThan(0.05)
      expect(pick(small).probability).toBeLessThan(0.95)
      expect(ratio).toBeGreaterThan(0.45)
      expect(ratio).toBeLessThan(0.55)
    }
    const meanRatio = large.strategies[1]!.horizonTotalUSD.standardError / small.strategies[1]!.horizonTotalUSD.standardError
    expect(meanRatio).toBeGreaterThan(0.45)
    expect(meanRatio).toBeLessThan(0.55)
  })

  it('the standard error is the spread of the estimate across independent seeds', async () => {
    const estimates: number[] = []
    const errors: number[] = []
    for (let seed = 100; seed < 130; seed++) {
      const r = await simulate(model, { draws: 1000, seed })
      estimates.push(r.strategies[1]!.cheapest.probability)
      errors.push(r.strategies[1]!.cheapest.standardError)
    }
    const mean = estimates.reduce((a, b) => a + b, 0) / estimates.length
    const spread = Math.sqrt(estimates.reduce((a, b) => a + (b - mean) ** 2, 0) / (estimates.length - 1))
    const typical = errors.reduce((a, b) => a + b, 0) / errors.length
    // With 30 seeds the sample sd is within about +-26 % of the truth 95 % of the time.
    expect(spread / typical).toBeGreaterThan(0.65)
    expect(spread / typical).toBeLessThan(1.35)
  })
})

describe('memory', () => {
  it('does not grow with the number of draws: 2,000,000 draws use no more heap than 200,000', async () => {
    const tiny: TableModelSpec = {
      strategies: ['prompt', 'distill'],
      horizonMonths: 1,
      globals: [1000, 0, 0, 0, 1],
      coeffs: [block({ PER_REQUEST_FRONTIER_USD: 0.01 }), block({ ONE_TIME_USD: 5, PER_REQUEST_OTHER_USD: 0.004 })],
      inputs: [{ path: '/task/requestsPerMonth', distribution: { kind: 'uniform', min: 500, max: 1500 }, targets: [{ strategy: null, index: GLOBAL.FIRST_MONTH_REQUESTS }] }],
    }
    const model = tableModel(tiny)
    const peakGrowth = async (draws: number) => {
      const before = getHeapStatistics().used_heap_size
      let peak = before
      await simulate(model, { draws, seed: 1, onProgress: () => (peak = Math.max(peak, getHeapStatistics().used_heap_size)) })
      return peak - before
    }
    await peakGrowth(20_000) // warm up
    const small = await peakGrowth(200_000)
    const large = await peakGrowth(2_000_000)
    // Storing even one float64 per draw would take 16 MB more at 2,000,000 draws.
    expect(large - small).toBeLessThan(8 * 2 ** 20)
  })
})

describe('simulate options and progress', () => {
  const model = tableModel(tableSpec(3))

  it.each([
    [{ draws: 0, seed: 1 }, 'invalid draws: 0 (must be an integer in [1, 2^32 - 1])'],
    [{ draws: 1.5, seed: 1 }, 'invalid draws: 1.5'],
    [{ draws: 10, seed: -1 }, 'invalid seed: -1'],
    [{ draws: 10, seed: 1, workers: 0 }, 'invalid workers: 0'],
    [{ draws: 10, seed: 1, chunkSize: 0 }, 'invalid chunkSize: 0'],
  ])('rejects %j', async (options, message) => {
    await expect(simulate(model, options)).rejects.toThrow(message)
  })

  it('needs a model source to use worker threads', async () => {
    await expect(simulate(model, { draws: 100, seed: 1, workers: 2, chunkSize: 10 })).rejects.toThrow(/needs options.source/)
  })

  it('reports progress after every chunk, ending at the number of draws', async () => {
    const seen: number[] = []
    await simulate(model, { draws: 2500, seed: 1, chunkSize: 1000, onProgress: (done, total) => seen.push(done / total) })
    expect(seen).toEqual([0.4, 0.8, 1])
  })

  it('a worker that cannot build its model fails the simulation with its message', async () => {
    const source: ModelSource = { module: builtModuleUrl(new URL('../../kernel/sim/table-model.ts', import.meta.url)), exportName: 'noSuchExport', argument: null }
    // Enough draws that this thread, which helps while workers start, cannot finish them first.
    await expect(simulate(model, { draws: 5_000_000, seed: 1, workers: 2, chunkSize: 1000, source })).rejects.toThrow(/no function export "noSuchExport"/)
  })
})

describe('tornado(model, options)', () => {
  it('swings each input from its p10 to its p90 with the others at their means, widest first', () => {
    const spec = tableSpec(12)
    const model = tableModel(spec)
    const t = tornado(model, { focus: 'distill' })
    expect(t.focus).toBe('distill')
    expect(t.metric).toBe('savings')
    expect(t.bars.map((b) => b.swing)).toEqual([...t.bars.map((b) => b.swing)].sort((a, b) => b - a))
    // The pass rate moves nothing in this model.
    expect(t.bars.at(-1)).toMatchObject({ path: '/adaptation/teacherPassRate', swing: 0 })
    const volume = t.bars.find((b) => b.path === '/task/requestsPerMonth')!
    expect(volume.lowValue).toBeLessThan(5e6)
    expect(volume.highValue).toBeGreaterThan(5e6)
    // Savings are prompt's total minus distill's: more volume, more savings here.
    expect(volume.high).toBeGreaterThan(volume.low)
    expect(volume.savingsHighUSD[1]).toBe(volume.high)
    expect(volume.savingsLowUSD[0]).toBe(0)
  })

  it('without a focus picks the cheapest adaptation at the means; on the baseline it measures its total', () => {
    const model = tableModel(tableSpec(12))
    expect(['distill', 'finetune']).toContain(tornado(model).focus)
    expect(tornado(model, { focus: 'prompt' }).metric).toBe('total')
    expect(() => tornado(model, { focus: 'rag' })).toThrow('invalid tornado focus: "rag" (one of prompt, distill, finetune)')
  })
})
