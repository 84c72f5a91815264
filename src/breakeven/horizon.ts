/**
 * A strategy's cost month by month over the horizon: volume grows at a compound monthly rate,
 * one-time costs fall at month 0, retraining recurs, GPU hosting steps with volume.
 */
import {
  fixedMonthlyUSD,
  gpusNeeded,
  hostingUSD,
  oneTimeUSD,
  perRequestInMonthUSD,
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
  /** Compound change of frontier token prices per month (fraction; default 0). */
  frontierPriceChangePerMonth?: number
}

/**
 * Frontier price factor in month `m`: `(1 + change)^(m - 1)` (1 in month 1 and at month 0).
 *
 * @example
 * frontierPriceFactor({ firstMonthRequests: 1, monthlyGrowth: 0, horizonMonths: 12, frontierPriceChangePerMonth: -0.1 }, 3) // 0.81
 */
export function frontierPriceFactor(path: Omit<VolumePath, 'firstMonthRequests'>, month: number): number {
  return Math.pow(1 + (path.frontierPriceChangePerMonth ?? 0), Math.max(0, month - 1))
}

/**
 * Months since the small model was last trained, in month `m`: trained before month 1 and
 * retrained at the start of months `R + 1, 2R + 1, ...`; 0 in a month that starts fresh.
 *
 * @example
 * modelAgeMonths(9, 6) // 2 (retrained at the start of month 7)
 */
export function modelAgeMonths(month: number, retrainEveryMonths: number): number {
  if (retrainEveryMonths <= 0 || month <= retrainEveryMonths) return month - 1
  return (month - 1) % retrainEveryMonths
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
  const fixed = fixedMonthlyUSD(cost)
  const every = cost.retraining?.everyMonths ?? 0
  const retrainAt = new Set(retrainingMonths(every, path.horizonMonths))
  const oneTime = oneTimeUSD(cost)
  const months: MonthCost[] = [
    { month: 0, requests: 0, variableUSD: 0, fixedUSD: 0, hostingUSD: 0, gpus: 0, retrainingUSD: 0, totalUSD: oneTime, cumulativeUSD: oneTime },
  ]
  let cumulative = oneTime
  for (let month = 1; month <= path.horizonMonths; month++) {
    const requests = requestsInMonth(path, month)
    const price = frontierPriceFactor(path, month)
    const variableUSD = perRequestInMonthUSD(cost, price, modelAgeMonths(month, every)) * requests
    const hosting = hostingUSD(cost, requests)
    const retrainingUSD = retrainAt.has(month) ? retrainingEventUSD(cost, price) : 0
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
 * What a strategy costs over the horizon per request of month 1 (USD per first-month request):
 * `sum over m of (1 + g)^(m - 1) x per-request cost of month m` (price trend and drift included).
 * The horizon's variable cost is `first-month requests x` this.
 *
 * @example
 * volumeCoefficientUSD(cost, { monthlyGrowth: 0, horizonMonths: 24 }) // 24 x per request, without trend or drift
 */
export function volumeCoefficientUSD(cost: StrategyCost, horizon: Omit<VolumePath, 'firstMonthRequests'>): number {
  const every = cost.retraining?.everyMonths ?? 0
  let sum = 0
  for (let month = 1; month <= horizon.horizonMonths; month++) {
    const growth = Math.pow(1 + horizon.monthlyGrowth, month - 1)
    sum += growth * perRequestInMonthUSD(cost, frontierPriceFactor(horizon, month), modelAgeMonths(month, every))
  }
  return sum
}

/**
 * What a strategy costs over the horizon whatever the volume (USD): one-time + months x fixed +
 * each retraining at its month's frontier prices. GPU hosting excluded.
 */
export function volumeIndependentUSD(cost: StrategyCost, horizon: Omit<VolumePath, 'firstMonthRequests'>): number {
  const events = retrainingMonths(cost.retraining?.everyMonths ?? 0, horizon.horizonMonths)
  return (
    oneTimeUSD(cost) +
    fixedMonthlyUSD(cost) * horizon.horizonMonths +
    events.reduce((total, month) => total + retrainingEventUSD(cost, frontierPriceFactor(horizon, month)), 0)
  )
}

/**
 * Total cost over the horizon (USD, undiscounted): {@link volumeIndependentUSD} + first-month
 * requests x {@link volumeCoefficientUSD} + GPU hosting month by month. Linear in volume without
 * GPUs; O(horizon).
 *
 * @example
 * horizonTotalUSD(cost, { firstMonthRequests: 2e6, monthlyGrowth: 0, horizonMonths: 24 })
 */
export function horizonTotalUSD(cost: StrategyCost, path: VolumePath): number {
  let total = volumeIndependentUSD(cost, path) + path.firstMonthRequests * volumeCoefficientUSD(cost, path)
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
  let pricedRequests = 0
  for (let month = 1; month <= path.horizonMonths; month++) pricedRequests += requestsInMonth(path, month) * frontierPriceFactor(path, month)
  const eventMonths = retrainingMonths(cost.retraining?.everyMonths ?? 0, path.horizonMonths)
  const eventPriceSum = eventMonths.reduce((sum, month) => sum + frontierPriceFactor(path, month), 0)
  const driftUSD = path.firstMonthRequests * volumeCoefficientUSD(cost, path) - cost.perRequest.reduce((sum, p) => sum + p.usd * (p.frontierPriced ? pricedRequests : requests), 0)
  const parts: HorizonPart[] = [
    ...cost.perRequest.map((p) => ({ name: p.name, kind: 'per request' as const, usd: p.usd * (p.frontierPriced ? pricedRequests : requests) })),
    ...cost.oneTime.map((p) => ({ name: p.name, kind: 'one-time' as const, usd: p.usd })),
    ...cost.monthlyFixed.map((p) => ({ name: p.name, kind: 'monthly' as const, usd: p.usd * path.horizonMonths })),
  ]
  if (cost.hosting) {
    let hosting = 0
    for (let month = 1; month <= path.horizonMonths; month++) hosting += hostingUSD(cost, requestsInMonth(path, month))
    parts.push({ name: 'GPU hosting', kind: 'hosting', usd: hosting })
  }
  if (cost.escalationDrift) parts.push({ name: 'escalation drift', kind: 'per request', usd: driftUSD })
  for (const p of cost.retraining?.parts ?? []) {
    parts.push({ name: `retraining: ${p.name}`, kind: 'retraining', usd: p.usd * (p.frontierPriced ? eventPriceSum : eventMonths.length) })
  }
  const merged = new Map<string, HorizonPart>()
  for (const part of parts) {
    const key = `${part.kind}\u0000${part.name}`
    const existing = merged.get(key)
    if (existing) existing.usd += part.usd
    else merged.set(key, { ...part })
  }
  return [...merged.values()]
}
