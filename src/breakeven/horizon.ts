/**
 * A strategy's cost month by month over the horizon: volume grows at a compound monthly rate,
 * one-time costs fall at month 0, retraining recurs, GPU hosting steps with volume.
 */
import {
  fixedMonthlyUSD,
  gpusNeeded,
  hostingUSD,
  oneTimeUSD,
  perRequestUSD,
  retrainingEventUSD,
  type StrategyCost,
} from '../costs/strategy-cost.js'

/** Volume path: requests in month 1 and compound growth per month. */
export interface VolumePath {
  /** Requests in the first month (requests per month). */
  firstMonthRequests: number
  /** Compound growth per month (fraction, > -1). */
  monthlyGrowth: number
  /** Months compared. */
  horizonMonths: number
}

/**
 * Requests in month `m` (1-based): `first x (1 + growth)^(m - 1)`.
 *
 * @example
 * requestsInMonth({ firstMonthRequests: 1000, monthlyGrowth: 0.1, horizonMonths: 12 }, 3) // 1210
 */
export function requestsInMonth(path: VolumePath, month: number): number {
  return path.firstMonthRequests * Math.pow(1 + path.monthlyGrowth, month - 1)
}

/**
 * `sum over m = 1..H of (1 + g)^(m - 1)`: `((1 + g)^H - 1) / g`, or `H` when `g = 0`. Horizon
 * requests are `first x growthSum`.
 *
 * @example
 * growthSum(0.1, 3) // 1 + 1.1 + 1.21 = 3.31
 */
export function growthSum(monthlyGrowth: number, horizonMonths: number): number {
  if (Math.abs(monthlyGrowth) < 1e-12) return horizonMonths
  return Math.expm1(horizonMonths * Math.log1p(monthlyGrowth)) / monthlyGrowth
}

/**
 * Months in which a retraining is paid: after every `everyMonths` months of service, i.e. months
 * `k x everyMonths + 1` for k = 1, 2, ... up to the horizon.
 *
 * @example
 * retrainingMonths(6, 24) // [7, 13, 19]
 */
export function retrainingMonths(everyMonths: number, horizonMonths: number): number[] {
  const months: number[] = []
  if (everyMonths <= 0) return months
  for (let m = everyMonths + 1; m <= horizonMonths; m += everyMonths) months.push(m)
  return months
}

/** One month of a strategy's cost. */
export interface MonthCost {
  month: number
  requests: number
  variableUSD: number
  fixedUSD: number
  hostingUSD: number
  gpus: number
  retrainingUSD: number
  totalUSD: number
  /** One-time cost plus every month up to this one. */
  cumulativeUSD: number
}

/**
 * The month-by-month cost over the horizon; entry 0 is month 0 (the one-time cost alone).
 *
 * @example
 * monthlyTimeline(cost, { firstMonthRequests: 2e6, monthlyGrowth: 0.02, horizonMonths: 24 }).at(-1)?.cumulativeUSD
 */
export function monthlyTimeline(cost: StrategyCost, path: VolumePath): MonthCost[] {
  const perRequest = perRequestUSD(cost)
  const fixed = fixedMonthlyUSD(cost)
  const retrainUSD = retrainingEventUSD(cost)
  const retrainAt = new Set(retrainingMonths(cost.retraining?.everyMonths ?? 0, path.horizonMonths))
  const oneTime = oneTimeUSD(cost)
  const months: MonthCost[] = [
    { month: 0, requests: 0, variableUSD: 0, fixedUSD: 0, hostingUSD: 0, gpus: 0, retrainingUSD: 0, totalUSD: oneTime, cumulativeUSD: oneTime },
  ]
  let cumulative = oneTime
  for (let month = 1; month <= path.horizonMonths; month++) {
    const requests = requestsInMonth(path, month)
    const variableUSD = perRequest * requests
    const hosting = hostingUSD(cost, requests)
    const retrainingUSD = retrainAt.has(month) ? retrainUSD : 0
    const totalUSD = variableUSD + fixed + hosting + retrainingUSD
    cumulative += totalUSD
    months.push({
      month,
      requests,
      variableUSD,
      fixedUSD: fixed,
      hostingUSD: hosting,
      gpus: cost.hosting ? gpusNeeded(cost.hosting, requests) : 0,
      retrainingUSD,
      totalUSD,
      cumulativeUSD: cumulative,
    })
  }
  return months
}

/**
 * Total cost over the horizon (USD, undiscounted): one-time + every month's operating cost +
 * retraining events. Linear strategies use the closed form
 * `oneTime + perRequest x first x growthSum + H x fixed + events x retraining`.
 *
 * @example
 * horizonTotalUSD(cost, { firstMonthRequests: 2e6, monthlyGrowth: 0, horizonMonths: 24 })
 */
export function horizonTotalUSD(cost: StrategyCost, path: VolumePath): number {
  const events = retrainingMonths(cost.retraining?.everyMonths ?? 0, path.horizonMonths).length
  let total =
    oneTimeUSD(cost) +
    perRequestUSD(cost) * path.firstMonthRequests * growthSum(path.monthlyGrowth, path.horizonMonths) +
    fixedMonthlyUSD(cost) * path.horizonMonths +
    events * retrainingEventUSD(cost)
  if (cost.hosting) {
    for (let month = 1; month <= path.horizonMonths; month++) total += hostingUSD(cost, requestsInMonth(path, month))
  }
  return total
}

/**
 * Monthly discount rate equivalent to an annual rate: `(1 + annual)^(1/12) - 1`.
 *
 * @example
 * monthlyDiscountRate(0.1) // 0.007974
 */
export function monthlyDiscountRate(annualRate: number): number {
  return Math.pow(1 + annualRate, 1 / 12) - 1
}

/**
 * Present value of a timeline's costs (USD): month 0 undiscounted, month m divided by
 * `(1 + monthly rate)^m` (costs paid at each month's end).
 *
 * @example
 * presentValueUSD(monthlyTimeline(cost, path), 0.1)
 */
export function presentValueUSD(timeline: MonthCost[], annualDiscountRate: number): number {
  const rate = monthlyDiscountRate(annualDiscountRate)
  return timeline.reduce((pv, m) => pv + m.totalUSD / Math.pow(1 + rate, m.month), 0)
}

/** A cost part summed over the horizon, and where it sits. */
export interface HorizonPart {
  name: string
  kind: 'per request' | 'one-time' | 'monthly' | 'hosting' | 'retraining'
  usd: number
}

/**
 * Each cost part summed over the horizon (USD): per-request parts x horizon requests, one-time
 * parts once, monthly parts x months, GPU hosting month by month, retraining parts x events.
 * Parts of the same name and kind are merged; the sum equals {@link horizonTotalUSD}.
 *
 * @example
 * horizonParts(cost, path).map((p) => `${p.name}: ${p.usd}`)
 */
export function horizonParts(cost: StrategyCost, path: VolumePath): HorizonPart[] {
  const requests = path.firstMonthRequests * growthSum(path.monthlyGrowth, path.horizonMonths)
  const events = retrainingMonths(cost.retraining?.everyMonths ?? 0, path.horizonMonths).length
  const parts: HorizonPart[] = [
    ...cost.perRequest.map((p) => ({ name: p.name, kind: 'per request' as const, usd: p.usd * requests })),
    ...cost.oneTime.map((p) => ({ name: p.name, kind: 'one-time' as const, usd: p.usd })),
    ...cost.monthlyFixed.map((p) => ({ name: p.name, kind: 'monthly' as const, usd: p.usd * path.horizonMonths })),
  ]
  if (cost.hosting) {
    let hosting = 0
    for (let month = 1; month <= path.horizonMonths; month++) hosting += hostingUSD(cost, requestsInMonth(path, month))
    parts.push({ name: 'GPU hosting', kind: 'hosting', usd: hosting })
  }
  for (const p of cost.retraining?.parts ?? []) parts.push({ name: `retraining: ${p.name}`, kind: 'retraining', usd: p.usd * events })
  const merged = new Map<string, HorizonPart>()
  for (const part of parts) {
    const key = `${part.kind}\u0000${part.name}`
    const existing = merged.get(key)
    if (existing) existing.usd += part.usd
    else merged.set(key, { ...part })
  }
  return [...merged.values()]
}
