// The simulation with autoscaling or serverless hosting: the TypeScript month loop runs (the
// WebAssembly kernel has always-on hosting only), the result does not depend on the worker count,
// the serving inputs enter the tornado, and a draw equals the decision engine on the same values.
import { describe, expect, it } from 'vitest'
import { ChunkRunner, evaluateDraw } from '../../kernel/sim/chunk.js'
import { COEFF_SIZE, GLOBAL_SIZE } from '../../kernel/sim/layout.js'
import { createDrawBuffers, runMonthLoop } from '../../kernel/sim/month-loop.js'
import { analyseScenario } from '../../src/breakeven/analysis.js'
import { compileScenario } from '../../src/sim/compile.js'
import { simulateScenario } from '../../src/sim/simulate-scenario.js'
import { pointScenario } from '../../src/scenario/uncertain.js'
import { validateScenarioInput } from '../../src/scenario/validate.js'
import { expectClose } from '../helpers/expect-close.js'
import { defaultRaw } from '../helpers/scenario.js'

/** A small team's volume on serverless GPUs, with the serving inputs uncertain. */
function serverlessRaw(): any {
  const raw = defaultRaw()
  const u = (min: number, max: number) => ({ dist: 'uniform', min, max })
  raw.task.requestsPerMonth = { dist: 'lognormal', mean: 3e5, sd: 1e5 }
  const hosting = raw.smallModel.hosting
  delete hosting.requestsPerSecondPerGpu
  hosting.servingEfficiency = { compute: u(0.4, 0.6), bandwidth: u(0.6, 0.8) }
  hosting.peakToAverage = u(1.5, 5)
  hosting.scaling = { kind: 'serverless', idleTimeoutSeconds: u(30, 600), coldStartSeconds: u(5, 300) }
  raw.people.loadedMonthlyUSD = 8000
  return raw
}

describe('simulating serverless hosting', () => {
  const validated = validateScenarioInput(serverlessRaw(), 'serverless.json')

  it('runs on the TypeScript month loop', () => {
    const compiled = compileScenario(validated.input, validated.uncertain)
    expect(compiled.hourlyHosting).toBe(true)
    expect(new ChunkRunner(compiled, { seed: 1, draws: 10, chunkSize: 10, shifts: new Float64Array(0) }).kernelVariant).toBe('typescript')
  })

  it('a draw equals the decision engine on a scenario with the same values, to 1e-9', () => {
    const compiled = compileScenario(validated.input, validated.uncertain)
    for (const quantile of [0.1, 0.5, 0.9]) {
      const values = Float64Array.from(compiled.inputs, (input) => input.distribution.quantile(quantile))
      const draw = evaluateDraw(compiled, values)
      const analysis = analyseScenario(pointScenario(validated.input, validated.uncertain, Array.from(values)))
      analysis.strategies.forEach((s, i) => expectClose(draw.horizonTotalUSD[i]!, s.horizonTotalUSD, { rel: 1e-9 }, `${s.id} at q${quantile}`))
    }
  })

  it('reuses a month\'s hourly fleet only within a draw: buffers run through several draws give what fresh buffers give', () => {
    // Every self-hosted strategy with the same fleet (a RAG throughput equal to the plain one), so the
    // last strategy of one draw and the first of the next share a fleet and only the volumes differ.
    const raw = serverlessRaw()
    Object.assign(raw.smallModel.hosting, { requestsPerSecondPerGpu: 25, ragRequestsPerSecondPerGpu: 25 })
    const same = validateScenarioInput(raw, 'same-fleet.json')
    const compiled = compileScenario(same.input, same.uncertain)
    const shared = createDrawBuffers(compiled.strategies.length, compiled.horizonMonths, compiled.trafficWeights)
    const globals = new Float64Array(GLOBAL_SIZE)
    const coeffs = new Float64Array(compiled.strategies.length * COEFF_SIZE)
    // Only the volume moves between draws, so every draw's fleet is the same: only the volumes differ.
    const volume = compiled.inputs.findIndex((input) => input.path === '/task/requestsPerMonth')
    for (const quantile of [0.2, 0.9, 0.5, 0.5, 0.05]) {
      const values = Float64Array.from(compiled.point)
      values[volume] = (compiled.inputs[volume] as (typeof compiled.inputs)[number]).distribution.quantile(quantile)
      compiled.fill(values, globals, coeffs)
      runMonthLoop(globals, coeffs, shared)
      const fresh = evaluateDraw(compiled, values)
      expect(Array.from(shared.horizonTotalUSD)).toEqual(Array.from(fresh.horizonTotalUSD))
    }
  })

  it('gives the same numbers on 1 and 2 workers, and the tornado includes the serving inputs', async () => {
    const one = await simulateScenario(validated, { draws: 3000, seed: 5, workers: 1, chunkSize: 1000 })
    const two = await simulateScenario(validated, { draws: 3000, seed: 5, workers: 2, chunkSize: 1000 })
    expect(two.result.strategies).toEqual(one.result.strategies)
    const paths = one.tornado.bars.map((bar) => bar.path)
    for (const path of ['/smallModel/hosting/scaling/coldStartSeconds', '/smallModel/hosting/scaling/idleTimeoutSeconds', '/smallModel/hosting/peakToAverage', '/smallModel/hosting/servingEfficiency/bandwidth']) {
      expect(paths).toContain(path)
    }
    // The focus is a self-hosted adaptation: the idle timeout moves its savings.
    const idle = one.tornado.bars.find((bar) => bar.path === '/smallModel/hosting/scaling/idleTimeoutSeconds')!
    expect(idle.swing).toBeGreaterThan(0)
  })
})
