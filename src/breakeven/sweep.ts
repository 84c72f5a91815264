/**
 * Volume sweeps for cost curves: each strategy's cost at log-spaced volumes.
 */
import type { StrategyCost } from '../costs/strategy-cost.js'
import type { Horizon } from './breakeven.js'
import { monthlyTimeline, type MonthCost } from './horizon.js'

/** One strategy's curve: average monthly all-in cost at each volume. */
export interface SweepSeries {
  id: string
  label: string
  /** Horizon total / horizon months at each volume (USD per month, one-time and retraining spread). */
  averageMonthlyUSD: number[]
  /** Average all-in cost per request over the horizon (USD per request). */
  perRequestAllInUSD: number[]
}

/** A volume sweep: the volumes and one series per strategy. */
export interface VolumeSweep {
  /** First-month volumes, log-spaced (requests per month). */
  volumes: number[]
  series: SweepSeries[]
}

/**
 * `points` volumes spaced evenly in log10 between `from` and `to`, both included.
 *
 * @throws RangeError when the range is not `0 < from < to` or points < 2
 * @example
 * logSpace(1e3, 1e6, 4) // [1000, 10000, 100000, 1000000]
 */
export function logSpace(from: number, to: number, points: number): number[] {
  if (!(from > 0 && to > from) || points < 2) throw new RangeError(`invalid log range: ${from} to ${to} in ${points} points`)
  const a = Math.log10(from)
  const step = (Math.log10(to) - a) / (points - 1)
  return Array.from({ length: points }, (_, i) => (i === points - 1 ? to : Math.pow(10, a + i * step)))
}

/**
 * Average monthly all-in cost of each strategy (horizon total / months) over a log-spaced sweep
 * of first-month volumes. Cost: O(points x strategies x horizon) with GPU steps.
 *
 * @example
 * volumeSweep(costs, { monthlyGrowth: 0, horizonMonths: 24 }, 1e3, 1e8, 101).series[0].averageMonthlyUSD
 */
export function volumeSweep(costs: StrategyCost[], horizon: Horizon, from: number, to: number, points = 121): VolumeSweep {
  const volumes = logSpace(from, to, points)
  return {
    volumes,
    series: costs.map((cost) => {
      const timelines = volumes.map((v) => monthlyTimeline(cost, { ...horizon, firstMonthRequests: v }))
      const totals = timelines.map((t) => (t.at(-1) as MonthCost).cumulativeUSD)
      return {
        id: cost.id,
        label: cost.label,
        averageMonthlyUSD: totals.map((t) => t / horizon.horizonMonths),
        perRequestAllInUSD: totals.map((t, i) => t / (timelines[i] as MonthCost[]).reduce((requests, m) => requests + m.requests, 0)),
      }
    }),
  }
}
