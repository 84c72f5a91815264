/**
 * The economics of a scenario: every strategy's cost, horizon totals, present values, breakeven
 * against prompting and pairwise, payback months and the month-by-month timelines.
 */
import { assertFinite } from '../scenario/finite.js'
import { inputsBehind } from '../scenario/inputs-behind.js'
import { strategyCosts } from '../costs/strategies.js'
import {
  fixedMonthlyUSD,
  gpuHoursByCause,
  gpuHoursFor,
  hostingUSD,
  oneTimeUSD,
  perRequestUSD,
  retrainingEventUSD,
  type CostPart,
  type ServingThroughput,
  type StrategyCost,
} from '../costs/strategy-cost.js'
import type { GpuHoursBreakdown } from '../../kernel/sim/gpu-hours.js'
import type { Scenario, StrategyId } from '../scenario/schema.js'
import { pairwiseBreakeven, type BreakevenMatrix, type Horizon } from './breakeven.js'
import { monthlyTimeline, presentValueUSD, type MonthCost, type VolumePath } from './horizon.js'
import { paybackMonths } from './payback.js'

/** The cost breakdown of one strategy, each part with its formula. */
export interface Breakdown {
  perRequest: CostPart[]
  oneTime: CostPart[]
  monthlyFixed: CostPart[]
  /**
   * GPU hosting in month 1, when self-hosted: the GPUs (always-on: the replicas; autoscaling and
   * serverless: GPU-hours / 730, the average), the month's GPU-hours by cause, how they are paid
   * for, and where the throughput comes from.
   */
  hosting: (CostPart & { gpus: number; gpuHours: GpuHoursBreakdown; scaling: 'always-on' | 'autoscaling' | 'serverless'; throughput: ServingThroughput | null }) | null
  retraining: { everyMonths: number; parts: CostPart[] } | null
}

/** One strategy's economics at the scenario's volume. */
export interface StrategyEconomics {
  id: StrategyId
  label: string
  /** Variable cost per request (USD). */
  perRequestUSD: number
  /** One-time cost (USD). */
  oneTimeUSD: number
  /** Fixed cost per month at the first month's volume, GPU hosting included (USD per month). */
  monthlyFixedUSD: number
  /** Cost of one retraining (USD); 0 without retraining. */
  retrainingUSD: number
  /** Everything over the horizon, undiscounted (USD). */
  horizonTotalUSD: number
  /** Present value of the horizon's costs at the scenario's discount rate (USD). */
  presentValueUSD: number
  /** Present value saved against prompting (USD; negative = costs more). */
  npvSavingsUSD: number
  /** First-month volume at which the horizon total equals prompting's (requests/month); null = never. */
  breakevenRequestsPerMonth: number | null
  /** Months until cumulative cost falls to prompting's; null = not within the horizon. */
  paybackMonths: number | null
  quality: number
  breakdown: Breakdown
}

/** The economics of every strategy of a scenario. */
export interface Analysis {
  scenario: Scenario
  path: VolumePath
  costs: StrategyCost[]
  strategies: StrategyEconomics[]
  timelines: Record<string, MonthCost[]>
  /** `pairwise[a][b]`: the volume above which `a` is no dearer than `b` (requests/month). */
  pairwise: BreakevenMatrix
}

/**
 * The scenario's volume path: its first month's requests, growth, horizon and frontier price trend.
 *
 * @example
 * volumePath(defaultScenario()) // => { firstMonthRequests: 5_000_000, monthlyGrowth: 0.02, horizonMonths: 24, frontierPriceChangePerMonth: 0 }
 */
export function volumePath(scenario: Scenario): VolumePath {
  return {
    firstMonthRequests: scenario.task.requestsPerMonth,
    monthlyGrowth: scenario.task.monthlyGrowth,
    horizonMonths: scenario.task.horizonMonths,
    frontierPriceChangePerMonth: scenario.frontier.priceChangePerMonth,
  }
}

function breakdownOf(cost: StrategyCost, firstMonthRequests: number): Breakdown {
  const hosting = cost.hosting
  return {
    perRequest: cost.perRequest,
    oneTime: cost.oneTime,
    monthlyFixed: cost.monthlyFixed,
    hosting: hosting
      ? {
          name: 'GPU hosting',
          usd: hostingUSD(cost, firstMonthRequests),
          gpus: gpuHoursFor(hosting, firstMonthRequests) / hosting.hoursPerMonth,
          gpuHours: gpuHoursByCause(hosting, firstMonthRequests),
          scaling: hosting.fleet?.scaling ?? 'always-on',
          throughput: hosting.throughput ?? null,
          formula: hosting.formula,
        }
      : null,
    retraining: cost.retraining,
  }
}

/**
 * Analyses a validated scenario: costs, totals, breakevens and paybacks against `prompt`.
 *
 * @example
 * const analysis = analyseScenario(defaultScenario())
 * analysis.strategies.map((s) => s.id) // => ['prompt', 'rag', 'finetune', 'distill', 'distill+rag']
 * // distill on the default scenario (5M requests a month growing 2 %, 24 months); its total and
 * // breakeven are recomputed by hand in test/decide/default-by-hand.test.ts
 * const distill = analysis.strategies.find((s) => s.id === 'distill')
 * distill.horizonTotalUSD // => 330_822
 * distill.breakevenRequestsPerMonth // => 2.62e6
 * distill.paybackMonths // => 6.7
 * @throws {NonFiniteResultError} when a number of the analysis is Infinity or NaN (a bug, or a
 *   scenario that skipped validation), naming the output and the inputs behind it
 */
export function analyseScenario(scenario: Scenario): Analysis {
  // Finite by construction: a scenario within the schema's ranges never gives Infinity or NaN;
  // each stage's numbers are checked before the next stage reads them, so one that is names the
  // output and the input behind it (an internal error, not a printed $InfinityM).
  const cause = () => inputsBehind(scenario)
  const costs = strategyCosts(scenario)
  for (const cost of costs) assertFinite(cost, `${cost.id} cost`, cause)
  const path = volumePath(scenario)
  const horizon: Horizon = {
    monthlyGrowth: path.monthlyGrowth,
    horizonMonths: path.horizonMonths,
    frontierPriceChangePerMonth: path.frontierPriceChangePerMonth ?? 0,
  }
  const timelines: Record<string, MonthCost[]> = {}
  for (const cost of costs) timelines[cost.id] = assertFinite(monthlyTimeline(cost, path), `${cost.id} timeline`, cause)
  const baseline = costs.find((c) => c.id === 'prompt')
  if (!baseline) throw new Error('internal: no prompt strategy')
  const baselineTimeline = timelines.prompt as MonthCost[]
  const baselinePV = presentValueUSD(baselineTimeline, scenario.task.annualDiscountRate)
  // Every ordered pair; a strategy's breakeven against prompting is its row's `prompt` entry.
  const pairwise = pairwiseBreakeven(costs, horizon)
  const strategies = costs.map((cost): StrategyEconomics => {
    const timeline = timelines[cost.id] as MonthCost[]
    const pv = presentValueUSD(timeline, scenario.task.annualDiscountRate)
    const isBaseline = cost === baseline
    return {
      id: cost.id,
      label: cost.label,
      perRequestUSD: perRequestUSD(cost),
      oneTimeUSD: oneTimeUSD(cost),
      monthlyFixedUSD: fixedMonthlyUSD(cost) + hostingUSD(cost, path.firstMonthRequests),
      retrainingUSD: retrainingEventUSD(cost),
      horizonTotalUSD: (timeline.at(-1) as MonthCost).cumulativeUSD,
      presentValueUSD: pv,
      npvSavingsUSD: baselinePV - pv,
      breakevenRequestsPerMonth: isBaseline ? null : (pairwise[cost.id]?.prompt ?? null),
      paybackMonths: isBaseline ? null : paybackMonths(timeline, baselineTimeline),
      quality: cost.quality,
      breakdown: breakdownOf(cost, path.firstMonthRequests),
    }
  })
  for (const strategy of strategies) assertFinite(strategy, strategy.id, cause)
  assertFinite(pairwise, 'pairwise breakeven', cause)
  return { scenario, path, costs, strategies, timelines, pairwise }
}
