/**
 * Breakeven volume: the first-month volume (growing at the scenario's rate) at which a strategy's
 * horizon total equals another's. Closed form where both costs are linear in volume; root
 * finding where self-hosted GPU capacity makes the cost step.
 */
import { checkStrategyCost, hostingMonthLowerUSD, hostingMonthUSD, isLinear, type StrategyCost } from '../costs/strategy-cost.js'
import { checkHorizon, monthlyTimeline, requestsInMonth, type VolumePath } from './horizon.js'

/** Growth and horizon: a {@link VolumePath} without its first-month volume. */
export type Horizon = Omit<VolumePath, 'firstMonthRequests'>

/** Largest volume searched (requests per month): beyond any real workload. */
export const MAX_VOLUME = 1e12

/** Grid points per decade of the bracketing scan for stepped costs. */
const GRID_PER_DECADE = 200

/**
 * A linear strategy's horizon total as `A + v x B` in the first-month volume `v`, read off its
 * timeline at one request a month: `B` is the months' variable cost (per-request parts weighted
 * by growth, price trend and drift), `A` the rest (one-time, monthly, retraining).
 */
function linearTotal(cost: StrategyCost, horizon: Horizon): { fixedUSD: number; perFirstMonthRequestUSD: number } {
  const timeline = monthlyTimeline(cost, { ...horizon, firstMonthRequests: 1 })
  return {
    fixedUSD: timeline.reduce((total, m) => total + (m.month === 0 ? m.totalUSD : m.fixedUSD + m.retrainingUSD), 0),
    perFirstMonthRequestUSD: timeline.reduce((total, m) => total + m.variableUSD, 0),
  }
}

/**
 * A strategy's horizon total as a function of the first-month volume, read off its timeline:
 * `A + v x B` ({@link linearTotal}) plus GPU hosting month by month at `v`'s volumes (the only
 * part that is not linear in volume). Equal to `horizonTotalUSD` at every volume (a property
 * test holds them together); O(horizon) per volume instead of O(horizon x parts), which the
 * bracketing scan of stepped costs needs.
 *
 * @example
 * const total = horizonTotalByVolume(strategyCosts(defaultScenario())[0], { monthlyGrowth: 0, horizonMonths: 24 })
 * total(0) // => 34000 (prompting at no volume: 0.5 person-months to set up + 0.05 a month for 24 months, at $20,000 a person-month)
 */
export function horizonTotalByVolume(cost: StrategyCost, horizon: Horizon): (firstMonthRequests: number) => number {
  return byVolume(cost, horizon, (requests) => hostingMonthUSD(cost, requests))
}

/**
 * `A + v x B` plus `hostingUSD` month by month at `v`'s volumes. Requests in month m at
 * first-month volume v are v x (requests in month m at volume 1): the growth factors are
 * computed (and the path checked) once, the scan's loop checks nothing.
 */
function byVolume(cost: StrategyCost, horizon: Horizon, hostingUSD: (requests: number) => number): (firstMonthRequests: number) => number {
  const { fixedUSD, perFirstMonthRequestUSD } = linearTotal(cost, horizon)
  if (!cost.hosting) return (v) => fixedUSD + v * perFirstMonthRequestUSD
  const unitPath = { ...horizon, firstMonthRequests: 1 }
  const growth = Array.from({ length: horizon.horizonMonths }, (_, i) => requestsInMonth(unitPath, i + 1))
  return (v) => {
    let total = fixedUSD + v * perFirstMonthRequestUSD
    for (const factor of growth) total += hostingUSD(v * factor)
    return total
  }
}

/**
 * A lower bound of {@link horizonTotalByVolume} that skips the hourly fleet model
 * ({@link hostingMonthLowerUSD}); null where hosting has no hourly loop to skip. The same sums
 * in the same order with each month's hosting no larger, so it is never above the total.
 */
function horizonLowerBoundByVolume(cost: StrategyCost, horizon: Horizon): ((firstMonthRequests: number) => number) | null {
  const lower = hostingMonthLowerUSD(cost)
  return lower ? byVolume(cost, horizon, lower) : null
}

/**
 * Closed-form breakeven of two linear strategies: with each horizon total `A + v x B`
 * (`linearTotal`: `B` the horizon cost per first-month request, `A` the rest),
 * `A_a + v B_a = A_b + v B_b` gives `v = (A_a - A_b) / (B_b - B_a)`. `0` when `a` is never
 * dearer; `null` when `a` never becomes cheaper.
 *
 * @throws {InvalidArgumentError} when the horizon breaks {@link checkHorizon} or a cost {@link checkStrategyCost}
 * @example
 * const cost = (oneTimeUSD, perRequestUSD) => ({ id: 'distill', label: 'distill', perRequest: [{ name: 'serving', usd: perRequestUSD, formula: '' }],
 *   oneTime: [{ name: 'training', usd: oneTimeUSD, formula: '' }], monthlyFixed: [], hosting: null, retraining: null, escalationDrift: null, quality: 0.9 })
 * const horizon = { monthlyGrowth: 0, horizonMonths: 10 }
 * // $1,000 once against $0.01 saved per request over 10 months: 1000 / (10 x 0.01)
 * linearBreakeven(cost(1000, 0.001), cost(0, 0.011), horizon) // => 10_000
 * linearBreakeven(cost(0, 0.011), cost(1000, 0.001), horizon) // => null (dearer per request: never cheaper)
 * linearBreakeven(cost(0, 0.001), cost(1000, 0.011), horizon) // => 0 (never dearer)
 * linearBreakeven(cost(1000, 0.001), cost(0, 0.011), { monthlyGrowth: 0, horizonMonths: 0 }) // throws invalid horizonMonths: 0 (must be >= 1)
 */
export function linearBreakeven(a: StrategyCost, b: StrategyCost, horizon: Horizon): number | null {
  checkHorizon(horizon)
  checkStrategyCost(a)
  checkStrategyCost(b)
  const totalA = linearTotal(a, horizon)
  const totalB = linearTotal(b, horizon)
  const fixedGap = totalA.fixedUSD - totalB.fixedUSD
  const perRequestGap = totalB.perFirstMonthRequestUSD - totalA.perFirstMonthRequestUSD
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
 * step can be missed. Where `b` is linear and `a` pays for GPUs by the hour, a grid volume at
 * which a lower bound of `a`'s total (busy GPU-hours or minimum replicas, no hourly loop) is
 * already dearer than `b` is passed over without the hourly model: the same result, fewer
 * evaluations. `0` when `a` is never dearer; `null` when it never becomes cheaper up
 * to 1e12 requests a month. Cost: O(grid x horizon) for stepped costs, O(1) otherwise.
 *
 * @throws {InvalidArgumentError} when the horizon breaks {@link checkHorizon} (e.g. `invalid horizonMonths: 121 (must be <= 120)`) or a cost {@link checkStrategyCost}
 * @example
 * // One self-hosted GPU ($1/h x 730 h = $730 a month, up to 1e6 requests) against $0.002 a request:
 * // 730 = 0.002 x v at v = 365,000 requests a month (every month alike, so the horizon does not matter)
 * const gpu = { id: 'distill', label: 'distill', perRequest: [], oneTime: [], monthlyFixed: [], retraining: null, escalationDrift: null, quality: 0.9,
 *   hosting: { gpu: 'L4', gpuHourUSD: 1, hoursPerMonth: 730, requestsPerGpuMonth: 1e6, minReplicas: 1, formula: '' } }
 * const prompt = { id: 'prompt', label: 'prompt', perRequest: [{ name: 'frontier tokens', usd: 0.002, formula: '' }], oneTime: [], monthlyFixed: [], hosting: null, retraining: null, escalationDrift: null, quality: 0.9 }
 * breakevenRequestsPerMonth(gpu, prompt, { monthlyGrowth: 0, horizonMonths: 12 }) // => 365_000
 * breakevenRequestsPerMonth(prompt, gpu, { monthlyGrowth: 0, horizonMonths: 12 }) // => null (prompting is cheaper only at low volume)
 * breakevenRequestsPerMonth(gpu, prompt, { monthlyGrowth: 0, horizonMonths: 121 }) // throws invalid horizonMonths: 121 (must be <= 120)
 */
export function breakevenRequestsPerMonth(a: StrategyCost, b: StrategyCost, horizon: Horizon): number | null {
  checkHorizon(horizon)
  checkStrategyCost(a)
  checkStrategyCost(b)
  if (isLinear(a) && isLinear(b)) return linearBreakeven(a, b, horizon)
  const totalA = horizonTotalByVolume(a, horizon)
  const totalB = horizonTotalByVolume(b, horizon)
  const gap = (volume: number) => totalA(volume) - totalB(volume)
  if (gap(MAX_VOLUME) > 0) return null
  if (gap(0) <= 0) return 0
  const lowerA = isLinear(b) ? horizonLowerBoundByVolume(a, horizon) : null
  let lo = 0
  let hi = -1
  const steps = 12 * GRID_PER_DECADE
  for (let i = 0; i <= steps; i++) {
    const volume = Math.pow(10, (12 * i) / steps)
    if (lowerA !== null && lowerA(volume) - totalB(volume) > 0) {
      lo = volume // a is dearer here even at its bound
      continue
    }
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
 * Pairwise breakeven volumes of all strategies (requests per month): {@link breakevenRequestsPerMonth}
 * of every ordered pair.
 *
 * @throws {InvalidArgumentError} as {@link breakevenRequestsPerMonth}
 * @example
 * const cost = (id, oneTimeUSD, perRequestUSD) => ({ id, label: id, perRequest: [{ name: 'serving', usd: perRequestUSD, formula: '' }],
 *   oneTime: [{ name: 'training', usd: oneTimeUSD, formula: '' }], monthlyFixed: [], hosting: null, retraining: null, escalationDrift: null, quality: 0.9 })
 * // distill: $1,000 once, then $0.01 a request cheaper over 10 months: 1000 / (10 x 0.01)
 * pairwiseBreakeven([cost('prompt', 0, 0.011), cost('distill', 1000, 0.001)], { monthlyGrowth: 0, horizonMonths: 10 })
 * // => { prompt: { distill: null }, distill: { prompt: 10_000 } }
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
