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
import { checkStrategyCost, gpuHoursFor, hostingMonthUSD, type CostPart, type StrategyCost } from '../costs/strategy-cost.js'
import { checkNumber } from '../scenario/check-number.js'

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
 * Checks a horizon with the schema's bounds: `monthlyGrowth` in (-1, 10], `horizonMonths` an
 * integer in 1..120, `frontierPriceChangePerMonth` (when given) in [-0.5, 0.5].
 *
 * @throws {InvalidArgumentError} `invalid <field>: <value> (<rule>)`
 * @example
 * checkHorizon({ monthlyGrowth: 0.02, horizonMonths: 24 }) // => undefined
 * checkHorizon({ monthlyGrowth: -1.5, horizonMonths: 24 }) // throws invalid monthlyGrowth: -1.5 (must be > -1)
 * checkHorizon({ monthlyGrowth: 0, horizonMonths: 12.5 }) // throws invalid horizonMonths: 12.5 (must be integer)
 */
export function checkHorizon(horizon: Omit<VolumePath, 'firstMonthRequests'>): void {
  checkNumber('monthlyGrowth', horizon.monthlyGrowth, { exclusiveMin: -1, max: 10 })
  checkNumber('horizonMonths', horizon.horizonMonths, { min: 1, max: 120, integer: true })
  if (horizon.frontierPriceChangePerMonth !== undefined) {
    checkNumber('frontierPriceChangePerMonth', horizon.frontierPriceChangePerMonth, { min: -0.5, max: 0.5 })
  }
}

/**
 * Checks a volume path: {@link checkHorizon}, and `firstMonthRequests >= 0`. (The scenario asks
 * for more than 0 requests; a path may start at 0, where a breakeven of 0 is evaluated.)
 *
 * @throws {InvalidArgumentError} `invalid <field>: <value> (<rule>)`
 * @example
 * checkVolumePath({ firstMonthRequests: -5, monthlyGrowth: 0, horizonMonths: 12 }) // throws invalid firstMonthRequests: -5 (must be >= 0)
 * checkVolumePath({ firstMonthRequests: 1000, monthlyGrowth: 0, horizonMonths: 12 }) // => undefined
 */
export function checkVolumePath(path: VolumePath): void {
  checkNumber('firstMonthRequests', path.firstMonthRequests, { min: 0 })
  checkHorizon(path)
}

const priceFactorIn = (path: Omit<VolumePath, 'firstMonthRequests'>, month: number) =>
  Math.pow(1 + (path.frontierPriceChangePerMonth ?? 0), Math.max(0, month - 1))

const ageIn = (month: number, retrainEveryMonths: number) =>
  retrainEveryMonths <= 0 || month <= retrainEveryMonths ? month - 1 : (month - 1) % retrainEveryMonths

const requestsIn = (path: VolumePath, month: number) => path.firstMonthRequests * Math.pow(1 + path.monthlyGrowth, month - 1)

const retrainsIn = (month: number, everyMonths: number) => everyMonths > 0 && month > everyMonths && (month - 1) % everyMonths === 0

/**
 * Frontier price factor in month `m`: `(1 + change)^(m - 1)` (1 in month 1 and at month 0).
 *
 * @throws {InvalidArgumentError} when `month` is not an integer >= 0 or the price change is outside [-0.5, 0.5]
 * @example
 * // prices fall 10 % a month: month 3 is two months after month 1, 0.9 x 0.9
 * frontierPriceFactor({ monthlyGrowth: 0, horizonMonths: 12, frontierPriceChangePerMonth: -0.1 }, 3) // => 0.81
 * frontierPriceFactor({ monthlyGrowth: 0, horizonMonths: 12 }, 0) // => 1
 * frontierPriceFactor({ monthlyGrowth: 0, horizonMonths: 12, frontierPriceChangePerMonth: -0.6 }, 3) // throws invalid frontierPriceChangePerMonth: -0.6 (must be >= -0.5)
 */
export function frontierPriceFactor(path: Omit<VolumePath, 'firstMonthRequests'>, month: number): number {
  if (path.frontierPriceChangePerMonth !== undefined) {
    checkNumber('frontierPriceChangePerMonth', path.frontierPriceChangePerMonth, { min: -0.5, max: 0.5 })
  }
  checkNumber('month', month, { min: 0, integer: true })
  return priceFactorIn(path, month)
}

/**
 * Months since the small model was last trained, in month `m`: trained before month 1 and
 * retrained at the start of months `R + 1, 2R + 1, ...`; 0 in a month that starts fresh.
 *
 * @throws {InvalidArgumentError} when `month` is not an integer >= 1 or `retrainEveryMonths` not an integer >= 0
 * @example
 * modelAgeMonths(9, 6) // => 2 (retrained at the start of month 7: months 7, 8 before month 9)
 * modelAgeMonths(9, 0) // => 8 (never retrained: trained before month 1)
 * modelAgeMonths(0, 6) // throws invalid month: 0 (must be >= 1)
 */
export function modelAgeMonths(month: number, retrainEveryMonths: number): number {
  checkNumber('month', month, { min: 1, integer: true })
  checkNumber('retrainEveryMonths', retrainEveryMonths, { min: 0, integer: true })
  return ageIn(month, retrainEveryMonths)
}

/**
 * Requests in month `m` (1-based): `first x (1 + growth)^(m - 1)`.
 *
 * @throws {InvalidArgumentError} when the path breaks {@link checkVolumePath} or `month` is not an integer >= 1
 * @example
 * requestsInMonth({ firstMonthRequests: 1000, monthlyGrowth: 0.1, horizonMonths: 12 }, 3) // => 1210 (1000 x 1.1 x 1.1)
 * requestsInMonth({ firstMonthRequests: 1000, monthlyGrowth: 0.1, horizonMonths: 12 }, 0) // throws invalid month: 0 (must be >= 1)
 */
export function requestsInMonth(path: VolumePath, month: number): number {
  checkVolumePath(path)
  checkNumber('month', month, { min: 1, integer: true })
  return requestsIn(path, month)
}

/**
 * Whether month `m` pays a retraining: after every `everyMonths` months of service, i.e. months
 * `k x everyMonths + 1` for k = 1, 2, ... (never when `everyMonths` is 0).
 *
 * @throws {InvalidArgumentError} when `month` or `everyMonths` is not an integer >= 0
 * @example
 * isRetrainingMonth(7, 6) // => true
 * isRetrainingMonth(6, 6) // => false
 * isRetrainingMonth(7, 0) // => false
 */
export function isRetrainingMonth(month: number, everyMonths: number): boolean {
  checkNumber('month', month, { min: 0, integer: true })
  checkNumber('everyMonths', everyMonths, { min: 0, integer: true })
  return retrainsIn(month, everyMonths)
}

/**
 * The months up to the horizon in which a retraining is paid ({@link isRetrainingMonth}).
 *
 * @throws {InvalidArgumentError} when `everyMonths` is not an integer >= 0 or `horizonMonths` not an integer in 1..120
 * @example
 * retrainingMonths(6, 24) // => [7, 13, 19]
 * retrainingMonths(0, 24) // => []
 */
export function retrainingMonths(everyMonths: number, horizonMonths: number): number[] {
  checkNumber('everyMonths', everyMonths, { min: 0, integer: true })
  checkNumber('horizonMonths', horizonMonths, { min: 1, max: 120, integer: true })
  const months: number[] = []
  for (let m = 1; m <= horizonMonths; m++) if (retrainsIn(m, everyMonths)) months.push(m)
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

const partIn = (part: CostPart, place: PartPlace, month: MonthCost): number => {
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

/**
 * What one cost part costs in a month (USD): a per-request part x requests (x the frontier price
 * factor when it is frontier-priced), a monthly part once, a retraining part when the month
 * retrains (x the price factor when frontier-priced), a one-time part in month 0 only.
 *
 * @throws {InvalidArgumentError} when `part.usd` is not finite, `month.month` not an integer >= 0, or `month.requests` or `month.frontierPriceFactor` below 0
 * @example
 * const month = monthCost(
 *   { id: 'distill', label: 'distill', perRequest: [], oneTime: [], monthlyFixed: [], hosting: null, retraining: null, escalationDrift: null, quality: 0.9 },
 *   { firstMonthRequests: 1000, monthlyGrowth: 0, horizonMonths: 12, frontierPriceChangePerMonth: -0.1 },
 *   3,
 * )
 * // 1,000 requests x $0.001, at month 3's frontier prices (0.9 x 0.9 = 0.81)
 * partInMonthUSD({ name: 'escalation', usd: 0.001, formula: '', frontierPriced: true }, 'per request', month) // => 0.81
 * partInMonthUSD({ name: 'review', usd: 0.001, formula: '' }, 'per request', month) // => 1
 * partInMonthUSD({ name: 'people', usd: 20, formula: '' }, 'monthly', month) // => 20
 * partInMonthUSD({ name: 'training', usd: 500, formula: '' }, 'one-time', month) // => 0 (month 0 only)
 */
export function partInMonthUSD(part: CostPart, place: PartPlace, month: MonthCost): number {
  checkNumber('part.usd', part.usd)
  checkNumber('month.month', month.month, { min: 0, integer: true })
  checkNumber('month.requests', month.requests, { min: 0 })
  checkNumber('month.frontierPriceFactor', month.frontierPriceFactor, { min: 0 })
  return partIn(part, place, month)
}

const sumInMonth = (parts: readonly CostPart[], place: PartPlace, month: MonthCost) =>
  parts.reduce((total, part) => total + partIn(part, place, month), 0)

/** {@link monthCost} without the argument checks: for the loops of entries that checked them. */
function monthOf(cost: StrategyCost, path: VolumePath, month: number): MonthCost {
  const every = cost.retraining?.everyMonths ?? 0
  const requests = requestsIn(path, month)
  const priceFactor = priceFactorIn(path, month)
  const ageMonths = ageIn(month, every)
  const m: MonthCost = {
    month,
    requests,
    frontierPriceFactor: priceFactor,
    ageMonths,
    retrains: retrainsIn(month, every),
    gpus: cost.hosting ? gpuHoursFor(cost.hosting, requests) / cost.hosting.hoursPerMonth : 0,
    variableUSD: 0,
    driftUSD: 0,
    fixedUSD: 0,
    hostingUSD: hostingMonthUSD(cost, requests),
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
 * What month `month` (1..H) of a strategy costs: every part in the month ({@link partInMonthUSD}),
 * the hard tail's drift for the model's age, and GPU hosting for the month's volume. The one
 * definition of a month; `cumulativeUSD` is left for the caller (0 here). O(parts).
 *
 * @throws {InvalidArgumentError} when the cost breaks {@link checkStrategyCost}, the path {@link checkVolumePath}, or `month` is not an integer in 1..horizonMonths
 * @example
 * const cost = { id: 'distill', label: 'distill', perRequest: [{ name: 'serving', usd: 0.01, formula: '' }], oneTime: [], monthlyFixed: [{ name: 'people', usd: 20, formula: '' }], hosting: null, retraining: null, escalationDrift: null, quality: 0.9 }
 * const path = { firstMonthRequests: 100, monthlyGrowth: 0.1, horizonMonths: 3 }
 * monthCost(cost, path, 2).requests // => 110
 * monthCost(cost, path, 2).totalUSD // => 21.1 (0.01 x 110 + 20)
 * monthCost(cost, path, 4) // throws invalid month: 4 (must be <= 3)
 */
export function monthCost(cost: StrategyCost, path: VolumePath, month: number): MonthCost {
  checkStrategyCost(cost)
  checkVolumePath(path)
  checkNumber('month', month, { min: 1, max: path.horizonMonths, integer: true })
  return monthOf(cost, path, month)
}

/**
 * The month-by-month cost over the horizon; entry 0 is month 0 (the one-time cost alone), then
 * {@link monthCost} of each month with its running total. O(horizon x parts).
 *
 * @throws {InvalidArgumentError} when the cost breaks {@link checkStrategyCost} or the path {@link checkVolumePath} (checked once, not per month)
 * @example
 * const cost = { id: 'distill', label: 'distill', perRequest: [], oneTime: [{ name: 'training', usd: 500, formula: '' }], monthlyFixed: [{ name: 'people', usd: 20, formula: '' }], hosting: null, retraining: null, escalationDrift: null, quality: 0.9 }
 * monthlyTimeline(cost, { firstMonthRequests: 1, monthlyGrowth: 0, horizonMonths: 3 }).map((m) => m.cumulativeUSD) // => [500, 520, 540, 560]
 */
export function monthlyTimeline(cost: StrategyCost, path: VolumePath): MonthCost[] {
  checkStrategyCost(cost)
  checkVolumePath(path)
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
    const m = monthOf(cost, path, month)
    cumulative += m.totalUSD
    m.cumulativeUSD = cumulative
    months.push(m)
  }
  return months
}

/**
 * Total cost over the horizon (USD, undiscounted): the timeline's last cumulative value.
 *
 * @throws {InvalidArgumentError} as {@link monthlyTimeline}, e.g. `invalid monthlyGrowth: -1.5 (must be > -1)`
 * @example
 * const cost = { id: 'distill', label: 'distill', perRequest: [{ name: 'serving', usd: 0.01, formula: '' }], oneTime: [{ name: 'training', usd: 500, formula: '' }], monthlyFixed: [{ name: 'people', usd: 20, formula: '' }], hosting: null, retraining: null, escalationDrift: null, quality: 0.9 }
 * // 500 once + 3 months x (20 + 100 requests x $0.01)
 * horizonTotalUSD(cost, { firstMonthRequests: 100, monthlyGrowth: 0, horizonMonths: 3 }) // => 563
 * horizonTotalUSD(cost, { firstMonthRequests: 100, monthlyGrowth: -1.5, horizonMonths: 3 }) // throws invalid monthlyGrowth: -1.5 (must be > -1)
 */
export function horizonTotalUSD(cost: StrategyCost, path: VolumePath): number {
  return (monthlyTimeline(cost, path).at(-1) as MonthCost).cumulativeUSD
}

/**
 * Monthly discount rate equivalent to an annual rate: `(1 + annual)^(1/12) - 1`.
 *
 * @throws {InvalidArgumentError} when `annualRate` is outside [0, 1] (the scenario's bounds)
 * @example
 * monthlyDiscountRate(0.1) // => 0.007974 (1.1^(1/12) = 1.0079741)
 * monthlyDiscountRate(1.5) // throws invalid annualRate: 1.5 (must be <= 1)
 */
export function monthlyDiscountRate(annualRate: number): number {
  checkNumber('annualRate', annualRate, { min: 0, max: 1 })
  return Math.pow(1 + annualRate, 1 / 12) - 1
}

/**
 * Present value of a timeline's costs (USD): month 0 undiscounted, month m divided by
 * `(1 + monthly rate)^m` (costs paid at each month's end). Reads each entry's `month` and
 * `totalUSD`.
 *
 * @throws {InvalidArgumentError} when `annualDiscountRate` is outside [0, 1], an entry's `month` is not an integer >= 0 or its `totalUSD` not finite
 * @example
 * // $100 now and $110 a year later at 10 % a year: 100 + 110 / 1.1
 * presentValueUSD([{ month: 0, totalUSD: 100 }, { month: 12, totalUSD: 110 }], 0.1) // => 200
 * presentValueUSD([{ month: 0, totalUSD: 100 }], -0.1) // throws invalid annualDiscountRate: -0.1 (must be >= 0)
 */
export function presentValueUSD(timeline: readonly Pick<MonthCost, 'month' | 'totalUSD'>[], annualDiscountRate: number): number {
  checkNumber('annualDiscountRate', annualDiscountRate, { min: 0, max: 1 })
  timeline.forEach((m, i) => {
    checkNumber(`timeline[${i}].month`, m.month, { min: 0, integer: true })
    checkNumber(`timeline[${i}].totalUSD`, m.totalUSD)
  })
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
 * @throws {InvalidArgumentError} as {@link monthlyTimeline}
 * @example
 * const cost = { id: 'distill', label: 'distill', perRequest: [{ name: 'serving', usd: 0.01, formula: '' }], oneTime: [{ name: 'training', usd: 500, formula: '' }], monthlyFixed: [{ name: 'people', usd: 20, formula: '' }], hosting: null, retraining: null, escalationDrift: null, quality: 0.9 }
 * horizonParts(cost, { firstMonthRequests: 100, monthlyGrowth: 0, horizonMonths: 3 }).map((p) => [p.name, p.usd])
 * // => [['serving', 3], ['training', 500], ['people', 60]]
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
    usd: timeline.reduce((total, month) => total + partIn(part, place, month), 0),
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
