// One horizon: monthCost defines a month; the timeline, the total, the parts, the present value
// and the payback month derive from it. On random valid scenarios (fast-check), the timeline's
// last cumulative value, the total and the sum of the parts agree to 1e-9 relative, and the
// simulation kernel's own month loop (kernel/sim/month-loop.ts, written separately on
// coefficients) gives the same total, present value and payback.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { COEFF_SIZE, GLOBAL_SIZE } from '../../kernel/sim/layout.js'
import { createDrawBuffers, runMonthLoop } from '../../kernel/sim/month-loop.js'
import { analyseScenario } from '../../src/breakeven/analysis.js'
import { horizonParts, horizonTotalUSD, monthlyTimeline, presentValueUSD } from '../../src/breakeven/horizon.js'
import { compileScenario } from '../../src/sim/compile.js'
import { validateScenarioInput } from '../../src/scenario/validate.js'
import { expectClose } from '../helpers/expect-close.js'
import { defaultRaw } from '../helpers/scenario.js'

const scenarioArb = fc.record({
  // Log-uniform over 1e3..1e9 (fc.double leans to its bounds, and at 1e3 GPU hosting is a rounding error of the total).
  requestsPerMonth: fc.integer({ min: 3000, max: 9000 }).map((e) => Math.pow(10, e / 1000)),
  monthlyGrowth: fc.double({ min: -0.05, max: 0.2, noNaN: true }),
  horizonMonths: fc.integer({ min: 1, max: 60 }),
  priceChangePerMonth: fc.double({ min: -0.1, max: 0.05, noNaN: true }),
  escalationShare: fc.double({ min: 0, max: 0.3, noNaN: true }),
  escalationDriftPerMonth: fc.double({ min: 0, max: 0.02, noNaN: true }),
  retrainEveryMonths: fc.integer({ min: 0, max: 12 }),
  teacherPassRate: fc.double({ min: 0.3, max: 1, noNaN: true }),
  loadedMonthlyUSD: fc.double({ min: 5000, max: 50000, noNaN: true }),
  annualDiscountRate: fc.double({ min: 0, max: 0.3, noNaN: true }),
  api: fc.boolean(),
  // Each way of paying for GPUs a third of the time (fc.oneof leans to its first branch on small runs).
  scaling: fc
    .record({
      which: fc.integer({ min: 0, max: 2 }),
      scaleUpLagMinutes: fc.double({ min: 0, max: 60, noNaN: true }),
      idleTimeoutSeconds: fc.double({ min: 0, max: 900, noNaN: true }),
      coldStartSeconds: fc.double({ min: 0, max: 600, noNaN: true }),
    })
    .map(({ which, scaleUpLagMinutes, idleTimeoutSeconds, coldStartSeconds }) =>
      which === 0 ? { kind: 'always-on' } : which === 1 ? { kind: 'autoscaling', scaleUpLagMinutes } : { kind: 'serverless', idleTimeoutSeconds, coldStartSeconds },
    ),
  peakToAverage: fc.double({ min: 1, max: 30, noNaN: true }),
  hourlyWeights: fc.option(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 24, maxLength: 24 }).filter((w) => w.some((x) => x > 0)), { freq: 2 }),
  /** Leave out the measured throughput: the serving model derives it (with a latency target). */
  servingModel: fc.boolean(),
})

type ScenarioDraw = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never

function scenarioOf(v: ScenarioDraw) {
  const raw = defaultRaw()
  Object.assign(raw.task, { requestsPerMonth: v.requestsPerMonth, monthlyGrowth: v.monthlyGrowth, horizonMonths: v.horizonMonths, annualDiscountRate: v.annualDiscountRate })
  raw.frontier.priceChangePerMonth = v.priceChangePerMonth
  Object.assign(raw.hardTail, { escalationShare: v.escalationShare, escalationDriftPerMonth: v.escalationDriftPerMonth })
  Object.assign(raw.adaptation, { retrainEveryMonths: v.retrainEveryMonths, teacherPassRate: v.teacherPassRate })
  raw.people.loadedMonthlyUSD = v.loadedMonthlyUSD
  Object.assign(raw.smallModel.hosting, { scaling: v.scaling, peakToAverage: v.peakToAverage })
  if (v.hourlyWeights !== null) raw.smallModel.hosting.hourlyWeights = v.hourlyWeights
  if (v.servingModel) {
    delete raw.smallModel.hosting.requestsPerSecondPerGpu
    raw.smallModel.hosting.latencyTarget = { timePerOutputTokenMs: 60 }
  }
  if (v.api) {
    raw.smallModel = {
      name: 'API fine-tune',
      hosting: { kind: 'api', provider: 'openai', model: 'ft:gpt-4o-mini', prices: { inputPerMTokUSD: 0.3, outputPerMTokUSD: 1.2 }, trainingPerMTokUSD: 3 },
    }
  }
  return validateScenarioInput(raw, 'fast-check scenario')
}

describe('one horizon (fast-check over valid scenarios)', () => {
  it('timeline, total and parts agree to 1e-9; the kernel month loop gives the same total, present value and payback', () => {
    fc.assert(
      fc.property(scenarioArb, (v) => {
        const { input, point } = scenarioOf(v)
        const analysis = analyseScenario(point)
        const compiled = compileScenario(input, [])
        const globals = new Float64Array(GLOBAL_SIZE)
        const coeffs = new Float64Array(compiled.strategies.length * COEFF_SIZE)
        compiled.fill(compiled.point, globals, coeffs)
        const loop = createDrawBuffers(compiled.strategies.length, v.horizonMonths, compiled.trafficWeights)
        runMonthLoop(globals, coeffs, loop)
        analysis.costs.forEach((cost, s) => {
          const timeline = monthlyTimeline(cost, analysis.path)
          const last = timeline.at(-1)!.cumulativeUSD
          const partsSum = horizonParts(cost, analysis.path).reduce((sum, part) => sum + part.usd, 0)
          const economics = analysis.strategies[s]!
          expectClose(horizonTotalUSD(cost, analysis.path), last, { rel: 1e-9 }, `${cost.id} total`)
          expectClose(partsSum, last, { rel: 1e-9 }, `${cost.id} parts`)
          expectClose(economics.horizonTotalUSD, last, { rel: 1e-9 }, `${cost.id} analysis total`)
          expectClose(economics.presentValueUSD, presentValueUSD(timeline, v.annualDiscountRate), { rel: 1e-9 }, `${cost.id} PV`)
          // The kernel's independent month loop on the compiled coefficients.
          expectClose(loop.horizonTotalUSD[s]!, last, { rel: 1e-9 }, `${cost.id} kernel total`)
          expectClose(loop.presentValueUSD[s]!, economics.presentValueUSD, { rel: 1e-9 }, `${cost.id} kernel PV`)
          if (s > 0) {
            const kernelPayback = loop.paybackMonths[s]!
            if (economics.paybackMonths === null) expect(kernelPayback).toBe(Infinity)
            else expectClose(kernelPayback, economics.paybackMonths, { rel: 1e-6, abs: 1e-6 }, `${cost.id} payback`)
          }
        })
      }),
      { seed: 20261130, numRuns: 60 },
    )
  })
})
