// Self-hosted serving in the cost model (src/costs/hosting.ts): where requests/s comes from (a
// stated figure or the serving model), the day's peak, the way of paying, and the scenario checks
// on the serving model; each figure recomputed here from the inputs.
import { describe, expect, it } from 'vitest'
import { analyseScenario } from '../../src/breakeven/analysis.js'
import { scalingComparison } from '../../src/breakeven/scaling-comparison.js'
import { pricingContext } from '../../src/costs/pricing-context.js'
import { gpuHosting, requestsPerGpuMonth, requestsPerSecondPerGpu, servingThroughput } from '../../src/costs/hosting.js'
import { hostingMonthUSD } from '../../src/costs/strategy-cost.js'
import { InputError } from '../../src/scenario/messages.js'
import { validateScenarioInput } from '../../src/scenario/validate.js'
import { servingGpu } from '../../src/serving/calibration.js'
import { servingPlan } from '../../src/serving/roofline.js'
import { architecturePreset } from '../../src/training/index.js'
import { expectClose } from '../helpers/expect-close.js'
import { defaultRaw } from '../helpers/scenario.js'
import { thrownBy } from '../helpers/thrown.js'

const withHosting = (change: (hosting: Record<string, unknown>, raw: ReturnType<typeof defaultRaw>) => void) => {
  const raw = defaultRaw()
  change(raw.smallModel.hosting, raw)
  return validateScenarioInput(raw, 'test scenario').point
}

describe('requestsPerSecondPerGpu(ctx, contextTokens)', () => {
  it('without a stated figure is the serving model\'s plan for the adapted prompt (and the longer RAG prompt) at the latency target', () => {
    const scenario = withHosting((h) => delete h.requestsPerSecondPerGpu)
    const ctx = pricingContext(scenario)
    // The default task: 20 adapted instruction + 300 input tokens, 12 out; RAG adds 1,500 tokens of context.
    const ask = (inputTokens: number) =>
      servingPlan({ architecture: architecturePreset('qwen2.5-1.5b'), gpu: servingGpu('nvidia-l4'), weightBits: 16, kvBits: 16, inputTokens, outputTokens: 12 }, { tpotSeconds: 0.05 })
    expect(requestsPerSecondPerGpu(ctx, 0)).toBe(ask(320).requestsPerSecond)
    expect(requestsPerSecondPerGpu(ctx, 1500)).toBe(ask(1820).requestsPerSecond)
    expectClose(requestsPerSecondPerGpu(ctx, 0), 42.5, { abs: 0.01 }) // the figure the default scenario's note quotes
    expect(servingThroughput(ctx, 0)?.source).toBe('model')
    expect(servingThroughput(ctx, 0)?.formula).toContain('serving model: qwen2.5-1.5b at 16-bit weights')
  })

  it('a stated figure overrides the model; the RAG figure is the stated one scaled by tokens when none is stated', () => {
    const ctx = pricingContext(withHosting(() => {}))
    expect(requestsPerSecondPerGpu(ctx, 0)).toBe(25)
    expect(servingThroughput(ctx, 0)?.source).toBe('measured')
    // 25 x (320 + 12) / (1,820 + 12) = 4.5306...
    expectClose(requestsPerSecondPerGpu(ctx, 1500), (25 * 332) / 1832, { rel: 1e-15 })
    expect(servingThroughput(ctx, 1500)?.source).toBe('scaled')
  })

  it('the serving model batches no more than the scenario\'s concurrency', () => {
    const capped = pricingContext(withHosting((h) => { delete h.requestsPerSecondPerGpu; h.concurrency = 8 }))
    const ask = servingPlan({ architecture: architecturePreset('qwen2.5-1.5b'), gpu: servingGpu('nvidia-l4'), weightBits: 16, kvBits: 16, inputTokens: 320, outputTokens: 12, concurrency: 8 }, { tpotSeconds: 0.05 })
    expect(ask.batch).toBe(8)
    expect(requestsPerSecondPerGpu(capped, 0)).toBe(ask.requestsPerSecond)
  })

  it('the serving model follows the weight bits: 4-bit weights read fewer bytes a step and serve more at the same target', () => {
    const sixteen = requestsPerSecondPerGpu(pricingContext(withHosting((h) => delete h.requestsPerSecondPerGpu)), 0)
    const four = requestsPerSecondPerGpu(pricingContext(withHosting((h) => { delete h.requestsPerSecondPerGpu; h.weightBits = 4 })), 0)
    expect(four).toBeGreaterThan(sixteen)
  })
})

describe('the day and the way of paying', () => {
  it('always-on plans for the peak of the hourly weights: max / mean', () => {
    // 18 hours at 1, 6 at 3: mean 1.5, peak 3 -> 2x the average.
    const weights = [...new Array(18).fill(1), ...new Array(6).fill(3)]
    const ctx = pricingContext(withHosting((h) => { h.hourlyWeights = weights; h.peakToAverage = 7 }))
    // 25 req/s x 0.6 x 2,628,000 s / 2 = 19,710,000
    expect(requestsPerGpuMonth(ctx, 0)).toBe(19_710_000)
  })

  it('serverless on a flat day at 100,000 requests a month, by hand (python math.exp)', () => {
    const flat = new Array(24).fill(1)
    const scenario = withHosting((h, raw) => {
      h.hourlyWeights = flat
      h.scaling = { kind: 'serverless', idleTimeoutSeconds: 60, coldStartSeconds: 30, gpuSecondUSD: 0.0003 }
      raw.task.requestsPerMonth = 100_000
    })
    const hosting = gpuHosting(pricingContext(scenario), 0)!
    expect(hosting.gpuHourUSD).toBeCloseTo(1.08, 12) // $0.0003 a second x 3,600
    expect(hosting.minReplicas).toBe(0) // scale to zero
    // 100,000 / 730 = 136.99 requests an hour, lambda = 0.038052/s, lambda x 60 s = 2.28311;
    // a GPU serves 25 x 0.6 x 3,600 = 54,000 an hour: busy 0.0025369 h an hour < up 1 - e^-2.28311 = 0.898;
    // cold starts: 136.99 x e^-2.28311 = 13.97 an hour x 30 s.
    // python: r=100000/730; x=r/3600*60; 730*(1-math.exp(-x) + r*math.exp(-x)*30/3600)*1.08 = 799.7795288597497
    const r = 100_000 / 730
    const x = (r / 3600) * 60
    const byHand = 730 * (1 - Math.exp(-x) + (r * Math.exp(-x) * 30) / 3600) * 1.08
    const cost = analyseScenario(scenario).costs.find((c) => c.id === 'distill')!
    expectClose(hostingMonthUSD(cost, 100_000), byHand, { rel: 1e-12 })
    expectClose(byHand, 799.7795288597497, { rel: 1e-12 })
  })

  it('at low volume serverless lowers the total and the breakeven against prompting (the scenario\'s own scaling is always-on)', () => {
    const scenario = withHosting((_, raw) => { raw.task.requestsPerMonth = 50_000 })
    const [alwaysOn, autoscaling, serverless] = scalingComparison(scenario)!
    const distill = (o: typeof alwaysOn) => o!.strategies.find((s) => s.id === 'distill')!
    expect(alwaysOn!.ownScaling).toBe(true)
    expect(autoscaling!.scaling).toEqual({ kind: 'autoscaling', scaleUpLagMinutes: 5 })
    expect(serverless!.scaling).toEqual({ kind: 'serverless', idleTimeoutSeconds: 60, coldStartSeconds: 30 })
    expect(distill(serverless).horizonTotalUSD).toBeLessThan(distill(alwaysOn).horizonTotalUSD)
    expect(distill(serverless).breakevenRequestsPerMonth!).toBeLessThan(distill(alwaysOn).breakevenRequestsPerMonth!)
    // Always-on keeps 2 replicas all month: 1,460 GPU-hours.
    expect(distill(alwaysOn).monthOneGpuHours).toBe(1460)
  })
})

describe('the scenario checks ask the serving model when no figure is stated', () => {
  it('refuses a time per output token no batch meets, at its JSON path', () => {
    const raw = defaultRaw()
    delete raw.smallModel.hosting.requestsPerSecondPerGpu
    raw.smallModel.hosting.latencyTarget = { timePerOutputTokenMs: 5 }
    const issues = thrownBy(() => validateScenarioInput(raw, 'tight.json'), InputError).issues
    expect(issues.map((i) => [i.path, i.value])).toEqual([['/smallModel/hosting/latencyTarget/timePerOutputTokenMs', 5]])
    expect(issues[0]!.rule).toContain('no batch meets the time per output token of 0.005 s')
  })

  it('accepts the same target when the scenario states a measured figure (the model is not asked)', () => {
    const raw = defaultRaw()
    raw.smallModel.hosting.latencyTarget = { timePerOutputTokenMs: 5 }
    expect(() => validateScenarioInput(raw, 'measured.json')).not.toThrow()
  })
})
