// compileScenario(...).fill writes each draw into a copy of the scenario, refreshes the prices and
// fills the coefficients from the strategy definitions of src/costs. These tests hold the result
// equal to the cost model evaluated on a freshly validated scenario with the same values
// (pointScenario), for API-hosted and self-hosted models: the in-place path and the fresh one agree.
import { describe, expect, it } from 'vitest'
import { COEFF, COEFF_SIZE, GLOBAL, GLOBAL_SIZE } from '../../kernel/sim/layout.js'
import { createStream } from '../../kernel/sim/random.js'
import { strategyCosts } from '../../src/costs/strategies.js'
import {
  fixedMonthlyUSD,
  oneTimeUSD,
  perRequestFrontierUSD,
  perRequestUSD,
  retrainingEventUSD,
} from '../../src/costs/strategy-cost.js'
import { compileScenario } from '../../src/sim/compile.js'
import { pointScenario } from '../../src/scenario/uncertain.js'
import { loadScenarioInputFile, validateScenarioInput } from '../../src/scenario/validate.js'
import { coefficientDependence } from '../../src/sim/dependence.js'
import { packagePath } from '../../kernel/paths.js'
import { defaultRaw } from '../helpers/scenario.js'

function uncertainRaw(api: boolean): any {
  const raw = defaultRaw()
  const u = (min: number, max: number) => ({ dist: 'uniform', min, max })
  raw.task.requestsPerMonth = { dist: 'lognormal', mean: 5e6, sd: 1.5e6 }
  raw.task.monthlyGrowth = { dist: 'triangular', min: -0.01, mode: 0.02, max: 0.05 }
  raw.task.inputTokens = u(200, 400)
  raw.task.outputTokens = u(8, 16)
  raw.task.instructionTokens = u(500, 900)
  raw.task.retrievedContextTokens = u(1000, 2000)
  raw.frontier.priceChangePerMonth = u(-0.04, 0)
  raw.frontier.promptCaching.hitRate = { dist: 'beta', alpha: 9, beta: 1 }
  raw.frontier.batch.share = u(0, 0.2)
  raw.adaptation.teacherPassRate = { dist: 'pert', min: 0.6, mode: 0.85, max: 0.95 }
  raw.adaptation.epochs = u(2, 4)
  raw.adaptation.labelUSDPerExample = u(0.3, 1)
  raw.adaptation.retrainFreshShare = u(0.3, 0.7)
  raw.hardTail.escalationShare = { dist: 'beta', alpha: 2, beta: 38 }
  raw.hardTail.escalationDriftPerMonth = u(0, 0.01)
  raw.hardTail.humanReviewShare.distill = u(0.001, 0.004)
  raw.people.loadedMonthlyUSD = { dist: 'normal', mean: 20000, sd: 2000, truncate: { min: 10000 } }
  raw.people.maintenancePersonMonthsPerMonth.distill = u(0.1, 0.3)
  raw.rag.corpusTokens = u(1e7, 3e7)
  raw.rag.vectorQueryUSDPerMillion = u(2, 8)
  if (api) {
    raw.smallModel = {
      name: 'API fine-tune',
      hosting: { kind: 'api', provider: 'openai', model: 'ft:gpt-4o-mini-2024-07-18:x::y', trainingPerMTokUSD: u(2, 4), minimumTrainingUSD: 5 },
    }
  } else {
    raw.smallModel.hosting.requestsPerSecondPerGpu = u(15, 35)
    raw.smallModel.hosting.gpuHourUSD = u(0.6, 1.2)
    raw.smallModel.hosting.trainingUtilisation = u(0.2, 0.5)
    raw.smallModel.hosting.peakToAverage = u(1.5, 3)
  }
  return raw
}

/** Serving uncertain: the serving model derives requests/s per draw (efficiencies and latency target uncertain), the day and the way of paying too. */
function servingRaw(scaling: 'autoscaling' | 'serverless'): any {
  const raw = defaultRaw()
  const u = (min: number, max: number) => ({ dist: 'uniform', min, max })
  const hosting = raw.smallModel.hosting
  delete hosting.requestsPerSecondPerGpu
  raw.task.outputTokens = u(8, 16)
  hosting.servingEfficiency = { compute: u(0.4, 0.6), bandwidth: u(0.6, 0.8) }
  hosting.latencyTarget = { timePerOutputTokenMs: u(40, 80) }
  hosting.peakToAverage = u(1.5, 4)
  hosting.targetUtilisation = u(0.5, 0.8)
  hosting.scaling =
    scaling === 'autoscaling'
      ? { kind: 'autoscaling', scaleUpLagMinutes: u(2, 15) }
      : { kind: 'serverless', idleTimeoutSeconds: u(30, 300), coldStartSeconds: u(10, 120), gpuSecondUSD: u(0.0002, 0.0003) }
  return raw
}

const cases = [
  { name: 'self-hosted, token counts and prices uncertain', validated: () => validateScenarioInput(uncertainRaw(false)), refresh: true },
  { name: 'API-hosted, token counts and prices uncertain', validated: () => validateScenarioInput(uncertainRaw(true)), refresh: true },
  // Only people, pass rate, escalation, drift and throughput: the prices are not refreshed per
  // draw and most coefficients are filled once (dependence.ts).
  { name: 'autoscaling, the serving model per draw, the day uncertain', validated: () => validateScenarioInput(servingRaw('autoscaling')), refresh: true },
  { name: 'serverless, the serving model per draw, the day and the price uncertain', validated: () => validateScenarioInput(servingRaw('serverless')), refresh: true },
  { name: 'the uncertain support-tickets scenario', validated: () => loadScenarioInputFile(packagePath('data', 'scenarios', 'support-tickets-uncertain.json')), refresh: false },
]

for (const { name, validated, refresh } of cases) {
  describe(`compileScenario(...).fill equals the cost model on random draws (${name})`, () => {
    const { input, uncertain } = validated()
    const compiled = compileScenario(input, uncertain)

    it(`${refresh ? 'refreshes' : 'does not refresh'} the prices per draw`, () => {
      const dependence = coefficientDependence(pointScenario(input, uncertain), uncertain.map((u) => u.path))
      expect(dependence.refresh).toBe(refresh)
      // With the prices refreshed per draw, every coefficient that has a term is recomputed.
      expect(dependence.termVaries.every((terms) => terms.every(Boolean))).toBe(refresh)
    })
    const globals = new Float64Array(GLOBAL_SIZE)
    const coeffs = new Float64Array(compiled.strategies.length * COEFF_SIZE)
    const streams = compiled.inputs.map((_, j) => createStream(7, j))

    it('has one input per distribution, point values at the means', () => {
      expect(compiled.inputs.map((i) => i.path)).toEqual(uncertain.map((u) => u.path))
      expect(compiled.point[0]).toBeCloseTo(compiled.inputs[0]!.distribution.mean, 12)
    })

    it('matches every coefficient of every strategy on 100 draws to 1e-12 relative', () => {
      const close = (a: number, b: number, what: string) =>
        expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(a), Math.abs(b)))
      for (let draw = 0; draw < 100; draw++) {
        const values = compiled.inputs.map((inp, j) => inp.distribution.sample(streams[j]!))
        compiled.fill(values, globals, coeffs)
        const scenario = pointScenario(input, uncertain, values)
        close(globals[GLOBAL.FIRST_MONTH_REQUESTS]!, scenario.task.requestsPerMonth, 'volume')
        close(globals[GLOBAL.MONTHLY_GROWTH]!, scenario.task.monthlyGrowth, 'growth')
        close(globals[GLOBAL.PRICE_CHANGE]!, scenario.frontier.priceChangePerMonth, 'price change')
        strategyCosts(scenario).forEach((cost, s) => {
          const c = (k: number) => coeffs[s * COEFF_SIZE + k] as number
          const tag = `${cost.id} draw ${draw}`
          close(c(COEFF.ONE_TIME_USD), oneTimeUSD(cost), `${tag} one-time`)
          close(c(COEFF.FIXED_MONTHLY_USD), fixedMonthlyUSD(cost), `${tag} fixed`)
          close(c(COEFF.PER_REQUEST_FRONTIER_USD), perRequestFrontierUSD(cost), `${tag} frontier per request`)
          close(c(COEFF.PER_REQUEST_OTHER_USD), perRequestUSD(cost) - perRequestFrontierUSD(cost), `${tag} other per request`)
          close(c(COEFF.ESCALATION_DRIFT_USD), cost.escalationDrift?.usdPerMonthOfAge ?? 0, `${tag} drift`)
          close(c(COEFF.ESCALATION_DRIFT_CAP_USD), cost.escalationDrift?.capUSD ?? 0, `${tag} drift cap`)
          close(c(COEFF.RETRAIN_OTHER_USD), retrainingEventUSD(cost, 0), `${tag} retrain other`)
          close(c(COEFF.RETRAIN_FRONTIER_USD), retrainingEventUSD(cost, 1) - retrainingEventUSD(cost, 0), `${tag} retrain frontier`)
          close(c(COEFF.REQUESTS_PER_GPU_MONTH), cost.hosting?.requestsPerGpuMonth ?? 0, `${tag} capacity`)
          close(c(COEFF.GPU_MONTH_USD), cost.hosting ? cost.hosting.gpuHourUSD * cost.hosting.hoursPerMonth : 0, `${tag} GPU month`)
          close(c(COEFF.MIN_REPLICAS), cost.hosting?.minReplicas ?? 0, `${tag} replicas`)
          close(c(COEFF.RETRAIN_EVERY), cost.retraining?.everyMonths ?? 0, `${tag} retrain every`)
          const fleet = cost.hosting?.fleet?.parameters
          close(c(COEFF.HOSTING_MODE), fleet?.mode ?? 0, `${tag} hosting mode`)
          close(c(COEFF.REQUESTS_PER_GPU_HOUR), fleet && fleet.mode !== 0 ? fleet.requestsPerGpuHour : 0, `${tag} requests a GPU-hour`)
          close(c(COEFF.SCALE_UP_LAG_HOURS), fleet?.scaleUpLagHours ?? 0, `${tag} scale-up lag`)
          close(c(COEFF.IDLE_TIMEOUT_SECONDS), fleet?.idleTimeoutSeconds ?? 0, `${tag} idle timeout`)
          close(c(COEFF.COLD_START_SECONDS), fleet?.coldStartSeconds ?? 0, `${tag} cold start`)
        })
        const hosting = scenario.smallModel.hosting
        close(globals[GLOBAL.PEAK_TO_AVERAGE]!, hosting.kind === 'self-hosted' ? hosting.peakToAverage : 1, 'peak-to-average')
      }
    })
  })
}
