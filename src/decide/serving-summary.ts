/**
 * What a decision says about self-hosted serving: which GPU and way of paying, where the
 * throughput comes from (the scenario's measured figure or the serving model) with the serving
 * model's own plan beside a measured figure as a check, the day's traffic, month 1's GPU-hours by
 * cause for each self-hosted strategy, and the self-hosted strategies under each way of paying.
 */
import type { Analysis } from '../breakeven/analysis.js'
import { scalingComparison, type ScalingOption } from '../breakeven/scaling-comparison.js'
import type { ServingThroughput } from '../costs/strategy-cost.js'
import type { GpuHoursBreakdown } from '../../kernel/sim/gpu-hours.js'
import { architecturePreset } from '../training/index.js'
import { hostingServingPlan } from '../serving/hosting-plan.js'
import { trafficPeak, trafficWeights } from '../serving/traffic.js'
import type { SelfHosting } from '../scenario/schema.js'

/** The serving model's plan for the adapted prompt, or why it has none. */
export type ServingModelCheck =
  | { requestsPerSecond: number; batch: number; limitedBy: string; ttftMs: number; tpotMs: number; formula: string }
  | { error: string }

/** The serving part of a decision. */
export interface ServingSummary {
  gpu: string
  scaling: SelfHosting['scaling']
  /** The day's 24 traffic weights (mean 1) and its peak over the average. */
  trafficWeights: number[]
  peakToAverage: number
  /** Requests/s per GPU for the adapted prompt, and where it comes from. */
  throughput: ServingThroughput
  /** The scenario's requestsPerSecondSource: where a stated figure comes from. */
  throughputSource: string | null
  /** The serving model's plan for the same prompt: the figure used when the scenario states none, a check beside a stated one. */
  model: ServingModelCheck
  /** Month 1's GPU-hours by cause, per self-hosted strategy. */
  monthOne: { id: string; gpuHours: GpuHoursBreakdown; usd: number }[]
  /** The self-hosted strategies under always-on, autoscaling and serverless hosting. */
  byScaling: ScalingOption[]
}

/**
 * The serving summary of an analysis; null when the small model is API-hosted.
 *
 * @example
 * const serving = servingSummary(analyseScenario(defaultScenario()))
 * serving.throughput.source // => 'measured' (the default scenario states 25 req/s)
 * Math.round(serving.model.requestsPerSecond * 10) / 10 // => 42.5 (the serving model's check at the scenario's 50 ms a token)
 */
export function servingSummary(analysis: Analysis): ServingSummary | null {
  const scenario = analysis.scenario
  const hosting = scenario.smallModel.hosting
  if (hosting.kind !== 'self-hosted') return null
  const hosted = analysis.strategies.filter((s) => s.breakdown.hosting !== null)
  const plain = analysis.costs.find((c) => c.hosting !== null && c.id !== 'distill+rag')?.hosting
  const throughput = plain?.throughput
  if (!plain || !throughput) throw new Error('internal: a self-hosted scenario without a hosted strategy')
  const architecture = typeof hosting.architecture === 'string' ? architecturePreset(hosting.architecture) : hosting.architecture
  const { task } = scenario
  let model: ServingModelCheck
  try {
    const plan = hostingServingPlan(hosting, architecture, task.adaptedInstructionTokens + task.inputTokens, task.outputTokens)
    model = { requestsPerSecond: plan.requestsPerSecond, batch: plan.batch, limitedBy: plan.limitedBy, ttftMs: plan.ttftSeconds * 1000, tpotMs: plan.tpotSeconds * 1000, formula: plan.formula }
  } catch (error) {
    model = { error: (error as Error).message }
  }
  return {
    gpu: plain.gpu,
    scaling: hosting.scaling,
    trafficWeights: Array.from(trafficWeights(hosting)),
    peakToAverage: trafficPeak(hosting),
    throughput,
    throughputSource: hosting.requestsPerSecondPerGpu === undefined ? null : (hosting.requestsPerSecondSource ?? null),
    model,
    monthOne: hosted.map((s) => ({ id: s.id, gpuHours: s.breakdown.hosting!.gpuHours, usd: s.breakdown.hosting!.usd })),
    byScaling: scalingComparison(scenario, analysis) ?? [],
  }
}
