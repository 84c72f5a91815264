/**
 * Payback: the month in which an adaptation's cumulative cost falls to the baseline's.
 */
import type { MonthCost } from './horizon.js'

/**
 * Months until cumulative savings against the baseline reach zero, interpolated linearly within
 * the month (costs accrue evenly through a month): with savings `S(m) = baseline cumulative -
 * strategy cumulative`, the first month m where `S(m) >= 0` gives `m - 1 + -S(m-1) / (S(m) - S(m-1))`.
 * `0` when the strategy costs no more from the start; `null` when it has not paid back by the
 * end of the horizon.
 *
 * @example
 * paybackMonths(monthlyTimeline(distill, path), monthlyTimeline(prompt, path)) // 3.4
 */
export function paybackMonths(strategy: MonthCost[], baseline: MonthCost[]): number | null {
  const savings = (m: number) => (baseline[m] as MonthCost).cumulativeUSD - (strategy[m] as MonthCost).cumulativeUSD
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
