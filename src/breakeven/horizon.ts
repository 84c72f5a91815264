/**
 * A strategy's cost month by month over the horizon: volume grows at a compound monthly rate,
 * one-time costs fall at month 0, retraining recurs, GPU hosting steps with volume.
 *
 * One definition: {@link monthCost} says what a month costs. The timeline, the horizon total,
 * the present value, the payback month (payback.ts), the parts of the total and the breakeven
 * (breakeven.ts) all derive from it. The simulation kernel's fused month loop
 * (kernel/sim/month-loop.ts) computes the same months from coefficients; a test holds the two
 * equal.
 */
import { gpusNeeded, hostingUSD, type CostPart, type StrategyCost } from '../costs/strategy-cost.js'

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
 * Whether month `m` pays a retraining: after every `everyMonths` months of service, i.e. months
 * `k x everyMonths + 1` for k = 1, 2, ... (never when `everyMonths` is 0).
 *
 * @example
 * isRetrainingMonth(7, 6) // true
 */
export function isRetrainingMonth(month: number, everyMonths: number): boolean {
  return everyMonths > 0 && month > everyMonths && (month - 1) % everyMonths === 0
}

/**
 * The months up to the horizon in which a retraining is paid ({@link isRetrainingMonth}).
 *
 * @example
 * retrainingMonths(6, 24) // [7, 13, 19]
 */
export function retrainingMonths(everyMonths: number, horizonMonths: number): number[] {
  const months: number[] = []
  for (let m = 1; m <= horizonMonths; m++) if (isRetrainingMonth(m, everyMonths)) months.push(m)
  return months
}

/** One month of a strategy: its volume, the factors its parts scale by, and what it costs (USD). */
export interface MonthCost {
  /** 0 for the one-time costs before month 1; 1..H for the months of the horizon. */
  month: number
  /** Requests in the month. */
  requests: number
  /** Frontier prices relative to month 1: `(1 + change)^(m - 1)`. */
  frontierPriceFactor: number
  /** Months since the small model was last trained (0 in a month that starts fresh). */
  ageMonths: number
  /** Whether a retraining is paid in this month. */
  retrains: boolean
  /** GPUs serving the month (self-hosted), else 0. */
  gpus: number
  /** Per-request parts x requests (frontier-priced ones x the price factor), drift included. */
  variableUSD: number
  /** Of `variableUSD`, the hard tail's drift: `requests x factor x min(cap, per-month x age)`. */
  driftUSD: number
  /** Monthly parts (people, vector store...). */
  fixedUSD: number
  /** GPU hosting: whole GPUs for the month's volume. */
  hostingUSD: number
  /** Retraining parts, when this month retrains (frontier-priced ones x the price factor). */
  retrainingUSD: number
  /** Everything in the month (month 0: the one-time parts). */
  totalUSD: number
  /** Month 0 plus every month up to this one. */
  cumulativeUSD: number
}

/** Which of a strategy's part lists a cost part sits in. */
export type PartPlace = 'per request' | 'one-time' | 'monthly' | 'retraining'

/**
 * What one cost part costs in a month (USD): a per-request part x requests (x the frontier price
 * factor when it is frontier-priced), a monthly part once, a retraining part when the month
 * retrains (x the price factor when frontier-priced), a one-time part in month 0 only.
 *
 * @example
 * partInMonthUSD({ name: 'review', usd: 0.001, formula: '' }, 'per request', monthlyTimeline(cost, path)[1]) // 0.001 x month 1's requests
 */
export function partInMonthUSD(part: CostPart, place: PartPlace, month: MonthCost): number {
  const factor = part.frontierPriced ? month.frontierPriceFactor : 1
  switch (place) {
    case 'per request':
      return month.month === 0 ? 0 : part.usd * month.requests * factor
    case 'one-time':
      return month.month === 0 ? part.usd : 0
    case 'monthly':
      return month.month === 0 ? 0 : part.usd
    case 'retraining':
      return month.retrains ? part.usd * factor : 0
  }
}

const sumInMonth = (parts: readonly CostPart[], place: PartPlace, month: MonthCost) =>
  parts.reduce((total, part) => total + partInMonthUSD(part, place, month), 0)

/**
 * What month `month` (1..H) of a strategy costs: every part in the month ({@link partInMonthUSD}),
 * the hard tail's drift for the model's age, and GPU hosting for the month's volume. The one
 * definition of a month; `cumulativeUSD` is left for the caller (0 here). O(parts).
 *
 * @example
 * monthCost(makeCost({ perRequest: 0.01, fixed: 20 }), { firstMonthRequests: 100, monthlyGrowth: 0.1, horizonMonths: 3 }, 2).totalUSD // 0.01 x 110 + 20 = 21.1
 */
export function monthCost(cost: StrategyCost, path: VolumePath, month: number): MonthCost {
  const every = cost.retraining?.everyMonths ?? 0
  const requests = requestsInMonth(path, month)
  const priceFactor = frontierPriceFactor(path, month)
  const ageMonths = modelAgeMonths(month, every)
  const m: MonthCost = {
    month,
    requests,
    frontierPriceFactor: priceFactor,
    ageMonths,
    retrains: isRetrainingMonth(month, every),
    gpus: cost.hosting ? gpusNeeded(cost.hosting, requests) : 0,
    variableUSD: 0,
    driftUSD: 0,
    fixedUSD: 0,
    hostingUSD: hostingUSD(cost, requests),
    retrainingUSD: 0,
    totalUSD: 0,
    cumulativeUSD: 0,
  }
  const drift = cost.escalationDrift
  m.driftUSD = drift ? requests * priceFactor * Math.min(drift.capUSD, drift.usdPerMonthOfAge * ageMonths) : 0
  m.variableUSD = sumInMonth(cost.perRequest, 'per request', m) + m.driftUSD
  m.fixedUSD = sumInMonth(cost.monthlyFixed, 'monthly', m)
  m.retrainingUSD = cost.retraining ? sumInMonth(cost.retraining.parts, 'retraining', m) : 0
  m.totalUSD = m.variableUSD + m.fixedUSD + m.hostingUSD + m.retrainingUSD
  return m
}

/**
 * The month-by-month cost over the horizon; entry 0 is month 0 (the one-time cost alone), then
 * {@link monthCost} of each month with its running total. O(horizon x parts).
 *
 * @example
 * monthlyTimeline(makeCost({ oneTime: 500, fixed: 20 }), { firstMonthRequests: 1, monthlyGrowth: 0, horizonMonths: 3 }).map((m) => m.cumulativeUSD) // [500, 520, 540, 560]
 */
export function monthlyTimeline(cost: StrategyCost, path: VolumePath): MonthCost[] {
  const oneTime = cost.oneTime.reduce((total, part) => total + part.usd, 0)
  const months: MonthCost[] = [
    {
      month: 0,
      requests: 0,
      frontierPriceFactor: 1,
      ageMonths: 0,
      retrains: false,
      gpus: 0,
      variableUSD: 0,
      driftUSD: 0,
      fixedUSD: 0,
      hostingUSD: 0,
      retrainingUSD: 0,
      totalUSD: oneTime,
      cumulativeUSD: oneTime,
    },
  ]
  let cumulative = oneTime
  for (let month = 1; month <= path.horizonMonths; month++) {
    const m = monthCost(cost, path, month)
    cumulative += m.totalUSD
    m.cumulativeUSD = cumulative
    months.push(m)
  }
  return months
}

/**
 * Total cost over the horizon (USD, undiscounted): the timeline's last cumulative value.
 *
 * @example
 * horizonTotalUSD(makeCost({ oneTime: 500, fixed: 20 }), { firstMonthRequests: 1, monthlyGrowth: 0, horizonMonths: 3 }) // 560
 */
export function horizonTotalUSD(cost: StrategyCost, path: VolumePath): number {
  return (monthlyTimeline(cost, path).at(-1) as MonthCost).cumulativeUSD
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
  kind: PartPlace | 'hosting'
  /** Paid in frontier tokens: scales with frontier prices (escalation drift included). */
  frontierPriced: boolean
  usd: number
}

/**
 * Each cost part summed over the timeline's months ({@link partInMonthUSD}), GPU hosting and the
 * hard tail's drift as parts of their own. Parts of the same name and kind are merged; they add
 * up to {@link horizonTotalUSD}. O(horizon x parts).
 *
 * @example
 * horizonParts(makeCost({ oneTime: 500, fixed: 20 }), { firstMonthRequests: 1, monthlyGrowth: 0, horizonMonths: 3 }).map((p) => p.usd) // [0, 500, 60]
 */
export function horizonParts(cost: StrategyCost, path: VolumePath): HorizonPart[] {
  const timeline = monthlyTimeline(cost, path)
  const placed: [CostPart, PartPlace][] = [
    ...cost.perRequest.map((p): [CostPart, PartPlace] => [p, 'per request']),
    ...cost.oneTime.map((p): [CostPart, PartPlace] => [p, 'one-time']),
    ...cost.monthlyFixed.map((p): [CostPart, PartPlace] => [p, 'monthly']),
    ...(cost.retraining?.parts ?? []).map((p): [CostPart, PartPlace] => [{ ...p, name: `retraining: ${p.name}` }, 'retraining']),
  ]
  const parts: HorizonPart[] = placed.map(([part, place]) => ({
    name: part.name,
    kind: place,
    frontierPriced: part.frontierPriced === true,
    usd: timeline.reduce((total, month) => total + partInMonthUSD(part, place, month), 0),
  }))
  if (cost.hosting) parts.push({ name: 'GPU hosting', kind: 'hosting', frontierPriced: false, usd: timeline.reduce((total, m) => total + m.hostingUSD, 0) })
  if (cost.escalationDrift) parts.push({ name: 'escalation drift', kind: 'per request', frontierPriced: true, usd: timeline.reduce((total, m) => total + m.driftUSD, 0) })
  const merged = new Map<string, HorizonPart>()
  for (const part of parts) {
    const key = `${part.kind}\u0000${part.name}\u0000${part.frontierPriced}`
    const existing = merged.get(key)
    if (existing) existing.usd += part.usd
    else merged.set(key, { ...part })
  }
  return [...merged.values()]
}
