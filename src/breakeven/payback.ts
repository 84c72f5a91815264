/**
 * Payback: the month in which an adaptation's cumulative cost falls to the baseline's.
 */
import { checkNumber } from '../scenario/check-number.js'
import type { MonthCost } from './horizon.js'

/**
 * Months until cumulative savings against the baseline reach zero, interpolated linearly within
 * the month (costs accrue evenly through a month): with savings `S(m) = baseline cumulative -
 * strategy cumulative`, the first month m where `S(m) >= 0` gives `m - 1 + -S(m-1) / (S(m) - S(m-1))`.
 * `0` when the strategy costs no more from the start; `null` when it has not paid back by the
 * end of the horizon.
 *
 * @throws {InvalidArgumentError} when an entry's `cumulativeUSD` is not a finite number, e.g. `invalid strategy[2].cumulativeUSD: NaN (must be a finite number)`
 * @example
 * const cost = (oneTimeUSD, perRequestUSD) => ({ id: 'distill', label: 'distill', perRequest: [{ name: 'serving', usd: perRequestUSD, formula: '' }],
 *   oneTime: [{ name: 'training', usd: oneTimeUSD, formula: '' }], monthlyFixed: [], hosting: null, retraining: null, escalationDrift: null, quality: 0.9 })
 * const path = { firstMonthRequests: 10_000, monthlyGrowth: 0, horizonMonths: 12 }
 * // $950 once, then 10,000 x ($0.011 - $0.001) = $100 saved a month: 950 / 100
 * paybackMonths(monthlyTimeline(cost(950, 0.001), path), monthlyTimeline(cost(0, 0.011), path)) // => 9.5
 * paybackMonths(monthlyTimeline(cost(1500, 0.001), path), monthlyTimeline(cost(0, 0.011), path)) // => null (15 months > 12)
 */
export function paybackMonths(strategy: readonly Pick<MonthCost, 'cumulativeUSD'>[], baseline: readonly Pick<MonthCost, 'cumulativeUSD'>[]): number | null {
  strategy.forEach((m, i) => checkNumber(`strategy[${i}].cumulativeUSD`, m.cumulativeUSD))
  baseline.forEach((m, i) => checkNumber(`baseline[${i}].cumulativeUSD`, m.cumulativeUSD))
  const savings = (m: number) => (baseline[m] as Pick<MonthCost, 'cumulativeUSD'>).cumulativeUSD - (strategy[m] as Pick<MonthCost, 'cumulativeUSD'>).cumulativeUSD
  if (savings(0) >= 0) return 0
  const months = Math.min(strategy.length, baseline.length)
  for (let m = 1; m < months; m++) {
    const now = savings(m)
    if (now >= 0) {
      const before = savings(m - 1)
      return m - 1 + -before / (now - before)
    }
  }
  return null
}
