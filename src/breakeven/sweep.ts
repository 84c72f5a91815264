/**
 * Volume sweeps for cost curves: each strategy's cost at log-spaced volumes.
 */
import type { StrategyCost } from '../costs/strategy-cost.js'
import { checkNumber } from '../scenario/check-number.js'
import type { Horizon } from './breakeven.js'
import { checkHorizon, monthlyTimeline, type MonthCost } from './horizon.js'

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
 * @throws {InvalidArgumentError} unless `0 < from < to` and `points` is an integer >= 2, e.g. `invalid to: 10 (must be > 100)`
 * @example
 * logSpace(1e3, 1e6, 4) // => [1000, 10000, 100000, 1000000]
 * logSpace(1, 100, 3) // => [1, 10, 100]
 * logSpace(100, 10, 3) // throws invalid to: 10 (must be > 100)
 * logSpace(1, 100, 1) // throws invalid points: 1 (must be >= 2)
 */
export function logSpace(from: number, to: number, points: number): number[] {
  checkNumber('from', from, { exclusiveMin: 0 })
  checkNumber('to', to, { exclusiveMin: from })
  checkNumber('points', points, { min: 2, integer: true })
  const a = Math.log10(from)
  const step = (Math.log10(to) - a) / (points - 1)
  return Array.from({ length: points }, (_, i) => (i === points - 1 ? to : Math.pow(10, a + i * step)))
}

/**
 * Average monthly all-in cost of each strategy (horizon total / months) over a log-spaced sweep
 * of first-month volumes. Cost: O(points x strategies x horizon) with GPU steps.
 *
 * @throws {InvalidArgumentError} when the horizon breaks {@link checkHorizon}, the volumes {@link logSpace}, or a cost `checkStrategyCost`
 * @example
 * const cost = { id: 'distill', label: 'distill', perRequest: [{ name: 'serving', usd: 0.001, formula: '' }], oneTime: [{ name: 'training', usd: 1200, formula: '' }],
 *   monthlyFixed: [], hosting: null, retraining: null, escalationDrift: null, quality: 0.9 }
 * const sweep = volumeSweep([cost], { monthlyGrowth: 0, horizonMonths: 12 }, 1e3, 1e5, 3)
 * sweep.volumes // => [1000, 10000, 100000]
 * // (1,200 + 12 x v x $0.001) / 12 months: $100 + v x $0.001
 * sweep.series[0].averageMonthlyUSD // => [101, 110, 200]
 * // that over the v requests of each month
 * sweep.series[0].perRequestAllInUSD // => [0.101, 0.011, 0.002]
 */
export function volumeSweep(costs: StrategyCost[], horizon: Horizon, from: number, to: number, points = 121): VolumeSweep {
  checkHorizon(horizon)
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
