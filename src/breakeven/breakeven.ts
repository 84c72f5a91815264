/**
 * Breakeven volume: the first-month volume (growing at the scenario's rate) at which a strategy's
 * horizon total equals another's. Closed form where both costs are linear in volume; root
 * finding where self-hosted GPU capacity makes the cost step.
 */
import { isLinear, type StrategyCost } from '../costs/strategy-cost.js'
import { horizonTotalUSD, volumeCoefficientUSD, volumeIndependentUSD, type VolumePath } from './horizon.js'

/** Growth and horizon: a {@link VolumePath} without its first-month volume. */
export type Horizon = Omit<VolumePath, 'firstMonthRequests'>

/** Largest volume searched (requests per month): beyond any real workload. */
export const MAX_VOLUME = 1e12

/** Grid points per decade of the bracketing scan for stepped costs. */
const GRID_PER_DECADE = 200

/**
 * Closed-form breakeven of two linear strategies: with `A` the volume-independent horizon cost
 * and `B` the horizon cost per first-month request ({@link volumeCoefficientUSD}: per-request
 * costs weighted by growth, price trend and drift), `A_a + v B_a = A_b + v B_b` gives
 * `v = (A_a - A_b) / (B_b - B_a)`. `0` when `a` is never dearer; `null` when `a` never becomes
 * cheaper.
 *
 * @example
 * linearBreakeven(distill, prompt, { monthlyGrowth: 0, horizonMonths: 24 })
 */
export function linearBreakeven(a: StrategyCost, b: StrategyCost, horizon: Horizon): number | null {
  const fixedGap = volumeIndependentUSD(a, horizon) - volumeIndependentUSD(b, horizon)
  const perRequestGap = volumeCoefficientUSD(b, horizon) - volumeCoefficientUSD(a, horizon)
  if (fixedGap <= 0 && perRequestGap >= 0) return 0
  if (perRequestGap <= 0) return null
  return fixedGap / perRequestGap
}

/**
 * Breakeven requests per month of `a` against `b`: the smallest first-month volume at which `a`'s
 * horizon total is no more than `b`'s, where `a` is also no dearer at 1e12 requests a month
 * (a strategy that is cheaper only at low volume has no breakeven against `b`). Linear costs use {@link linearBreakeven}. Stepped costs
 * (self-hosted GPUs) scan a log grid (200 points a decade, 1 to 1e12 requests/month) for the
 * first volume where `a` is no dearer, bisect that bracket to machine precision and solve the
 * linear piece exactly, so both horizon totals agree there. A crossing narrower than one grid
 * step can be missed. `0` when `a` is never dearer; `null` when it never becomes cheaper up
 * to 1e12 requests a month. Cost: O(grid x horizon) for stepped costs, O(1) otherwise.
 *
 * @example
 * breakevenRequestsPerMonth(distill, prompt, { monthlyGrowth: 0.02, horizonMonths: 24 }) // 312_345.6
 */
export function breakevenRequestsPerMonth(a: StrategyCost, b: StrategyCost, horizon: Horizon): number | null {
  if (isLinear(a) && isLinear(b)) return linearBreakeven(a, b, horizon)
  const gap = (volume: number) =>
    horizonTotalUSD(a, { ...horizon, firstMonthRequests: volume }) - horizonTotalUSD(b, { ...horizon, firstMonthRequests: volume })
  if (gap(MAX_VOLUME) > 0) return null
  if (gap(0) <= 0) return 0
  let lo = 0
  let hi = -1
  const steps = 12 * GRID_PER_DECADE
  for (let i = 0; i <= steps; i++) {
    const volume = Math.pow(10, (12 * i) / steps)
    if (gap(volume) <= 0) {
      hi = volume
      break
    }
    lo = volume
  }
  if (hi < 0) return null
  // Bisection keeps gap(lo) > 0 >= gap(hi).
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2
    if (gap(mid) <= 0) hi = mid
    else lo = mid
  }
  const gapLo = gap(lo)
  const gapHi = gap(hi)
  // On a linear piece the root is where the chord crosses zero; at a step there is none: hi.
  const root = gapLo === gapHi ? hi : lo + (gapLo * (hi - lo)) / (gapLo - gapHi)
  return root >= lo && root <= hi ? root : hi
}

/** Breakeven of every ordered pair: `matrix[a][b]` is where `a` becomes no dearer than `b`. */
export type BreakevenMatrix = Record<string, Record<string, number | null>>

/**
 * Pairwise breakeven volumes of all strategies (requests per month).
 *
 * @example
 * pairwiseBreakeven(costs, horizon).distill?.finetune
 */
export function pairwiseBreakeven(costs: StrategyCost[], horizon: Horizon): BreakevenMatrix {
  const matrix: BreakevenMatrix = {}
  for (const a of costs) {
    const row: Record<string, number | null> = {}
    for (const b of costs) if (a !== b) row[b.id] = breakevenRequestsPerMonth(a, b, horizon)
    matrix[a.id] = row
  }
  return matrix
}
