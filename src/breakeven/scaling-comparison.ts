/**
 * The same scenario under each way of paying for GPUs (always-on replicas, autoscaling whole
 * GPUs, serverless per second): each self-hosted strategy's horizon total, breakeven against
 * prompting and payback, so a report can show where serverless moves the breakeven at low
 * volume. The scenario's own scaling keeps its settings; the others take the stated assumptions
 * ({@link scalingAssumptions}).
 */
import { servingBenchmarks } from '../serving/benchmarks.js'
import type { Scenario, SelfHosting } from '../scenario/schema.js'
import { strategyCosts } from '../costs/strategies.js'
import { gpuHoursFor, type GpuHosting, type StrategyCost } from '../costs/strategy-cost.js'
import { volumePath, type Analysis } from './analysis.js'
import { breakevenRequestsPerMonth } from './breakeven.js'
import { monthlyTimeline, type MonthCost } from './horizon.js'
import { paybackMonths } from './payback.js'

/** A way of paying for GPUs. */
export type ScalingKind = SelfHosting['scaling']['kind']
/** The ways of paying, in report order. */
export const SCALING_KINDS: readonly ScalingKind[] = ['always-on', 'autoscaling', 'serverless']

/** One strategy under one way of paying. */
export interface ScalingStrategy {
  id: string
  horizonTotalUSD: number
  breakevenRequestsPerMonth: number | null
  paybackMonths: number | null
  /** GPU-hours in month 1. */
  monthOneGpuHours: number
}

/** The self-hosted strategies under one way of paying. */
export interface ScalingOption {
  scaling: SelfHosting['scaling']
  /** Whether this is the scenario's own scaling (else: the assumptions below). */
  ownScaling: boolean
  /** What was assumed, in words. */
  assumed: string
  strategies: ScalingStrategy[]
}

/** The cold start assumed for serverless when the scenario states none: a published figure of data/serving-benchmarks.json. */
const COLD_START_FIGURE = 'replicate-custom-deployment'

/**
 * The settings assumed for a way of paying the scenario does not use: autoscaling with GPUs started
 * 5 minutes early; serverless with a 60-second idle timeout and the lower published cold start of
 * custom Replicate deployments (30 s, data/serving-benchmarks.json), at the GPU-hour price / 3,600
 * a second.
 *
 * @example
 * scalingAssumptions().serverless // => { kind: 'serverless', idleTimeoutSeconds: 60, coldStartSeconds: 30 }
 */
export function scalingAssumptions(): { [K in ScalingKind]: Extract<SelfHosting['scaling'], { kind: K }> } {
  const figure = servingBenchmarks().coldStarts.find((entry) => entry.id === COLD_START_FIGURE)
  if (!figure) throw new Error(`internal: data/serving-benchmarks.json has no cold start ${COLD_START_FIGURE}`)
  return {
    'always-on': { kind: 'always-on' },
    autoscaling: { kind: 'autoscaling', scaleUpLagMinutes: 5 },
    serverless: { kind: 'serverless', idleTimeoutSeconds: 60, coldStartSeconds: figure.seconds },
  }
}

function describeScaling(scaling: SelfHosting['scaling'], own: boolean): string {
  const prefix = own ? 'the scenario\'s: ' : 'assumed: '
  if (scaling.kind === 'autoscaling') return `${prefix}GPUs started ${scaling.scaleUpLagMinutes} min before the hour that needs them`
  if (scaling.kind === 'serverless') {
    const price = scaling.gpuSecondUSD === undefined ? 'the GPU-hour price / 3,600 a second' : `$${scaling.gpuSecondUSD} a GPU-second`
    return `${prefix}scale to zero (no minimum replicas), ${scaling.idleTimeoutSeconds} s idle timeout, ${scaling.coldStartSeconds} s billed per cold start${own ? '' : ` (${COLD_START_FIGURE}, data/serving-benchmarks.json)`}, ${price}`
  }
  return `${prefix}replicas for the peak hour, at least minReplicas, all month`
}

/** The scenario with the given way of paying: its own settings when it already pays that way, else {@link scalingAssumptions}'s; null when API-hosted. */
export function scalingVariant(scenario: Scenario, kind: ScalingKind): Scenario | null {
  const hosting = scenario.smallModel.hosting
  if (hosting.kind !== 'self-hosted') return null
  if (hosting.scaling.kind === kind) return scenario
  return { ...scenario, smallModel: { ...scenario.smallModel, hosting: { ...hosting, scaling: scalingAssumptions()[kind] } } }
}

/** The comparison's rows from a whole analysis. */
function fromAnalysis(analysis: Analysis): ScalingStrategy[] {
  return analysis.strategies
    .filter((s) => s.breakdown.hosting !== null)
    .map((s) => ({
      id: s.id,
      horizonTotalUSD: s.horizonTotalUSD,
      breakevenRequestsPerMonth: s.breakevenRequestsPerMonth,
      paybackMonths: s.paybackMonths,
      monthOneGpuHours: s.breakdown.hosting?.gpuHours.total ?? 0,
    }))
}

/** The comparison's rows of a scenario, computed as the analysis computes them for these strategies. */
function hostedAgainstPrompt(scenario: Scenario): ScalingStrategy[] {
  const costs = strategyCosts(scenario)
  const path = volumePath(scenario)
  const horizon = { monthlyGrowth: path.monthlyGrowth, horizonMonths: path.horizonMonths, frontierPriceChangePerMonth: path.frontierPriceChangePerMonth ?? 0 }
  const prompt = costs.find((c) => c.id === 'prompt') as StrategyCost
  const promptTimeline = monthlyTimeline(prompt, path)
  return costs
    .filter((cost) => cost.hosting !== null)
    .map((cost) => {
      const timeline = monthlyTimeline(cost, path)
      return {
        id: cost.id,
        horizonTotalUSD: (timeline.at(-1) as MonthCost).cumulativeUSD,
        breakevenRequestsPerMonth: breakevenRequestsPerMonth(cost, prompt, horizon),
        paybackMonths: paybackMonths(timeline, promptTimeline),
        monthOneGpuHours: gpuHoursFor(cost.hosting as GpuHosting, path.firstMonthRequests),
      }
    })
}

/**
 * Each self-hosted strategy of a scenario under always-on, autoscaling and serverless hosting;
 * null when the small model is API-hosted. `analysed`: the scenario's own analysis, if the caller has it.
 *
 * @example
 * const options = scalingComparison(defaultScenario())
 * options.map((o) => o.scaling.kind) // => ['always-on', 'autoscaling', 'serverless']
 * options[0].strategies.find((s) => s.id === 'distill').breakevenRequestsPerMonth // => 2.62e6 (the default scenario's own)
 */
export function scalingComparison(scenario: Scenario, analysed?: Analysis): ScalingOption[] | null {
  const hosting = scenario.smallModel.hosting
  if (hosting.kind !== 'self-hosted') return null
  return SCALING_KINDS.map((kind) => {
    const own = hosting.scaling.kind === kind
    const variant = scalingVariant(scenario, kind) as Scenario
    const scaling = (variant.smallModel.hosting as SelfHosting).scaling
    // The scenario's own scaling: the analysis the caller already has, when it passes it. Otherwise
    // only what the table needs: the hosted strategies against prompting (3 breakeven scans, not
    // the analysis's 20 pairs).
    const strategies = own && analysed?.scenario === scenario ? fromAnalysis(analysed) : hostedAgainstPrompt(variant)
    return { scaling, ownScaling: own, assumed: describeScaling(scaling, own), strategies }
  })
}
