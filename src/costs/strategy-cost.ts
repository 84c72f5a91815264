/**
 * The cost of one strategy, broken into named parts: per request, one-time, fixed per month,
 * GPU hosting that steps with volume, and retraining events. Every part carries the formula
 * (with its numbers) that produced it, so each figure traces to inputs and prices.
 */
import { gpuHoursBreakdown, gpuHoursLowerBound, gpuHoursPerMonth, HOSTING_MODE, type FleetParameters, type GpuHoursBreakdown } from '../../kernel/sim/gpu-hours.js'
import { checkNumber } from '../scenario/check-number.js'
import type { StrategyId } from '../scenario/schema.js'

/** One named part of a cost with the arithmetic that produced it. */
export interface CostPart {
  /** e.g. `teacher data`, `GPU hosting`, `escalation to frontier`. */
  name: string
  /** USD (per request, once, per month or per event, by where the part sits). */
  usd: number
  /** The arithmetic with its inputs, e.g. `5,000 examples / 0.8 pass rate x $0.0019`. */
  formula: string
  /** Paid in frontier tokens: follows the frontier price trend month by month. */
  frontierPriced?: boolean
}

/**
 * Drift: the share of requests the small model escalates grows with the months since it was last
 * trained, until retraining resets it. Per request, month by month:
 * `min(capUSD, usdPerMonthOfAge x age)` at today's frontier prices.
 */
export interface EscalationDrift {
  /** Added escalation share per month of age x the frontier call's price (USD per request per month). */
  usdPerMonthOfAge: number
  /** The most it can add: (1 - base escalation share) x the frontier call's price (USD per request). */
  capUSD: number
  /** How both were computed, for reports. */
  formula: string
}

/** Self-hosted capacity: whole GPUs, so the monthly cost steps with volume. */
export interface GpuHosting {
  gpu: string
  gpuHourUSD: number
  /** 730 = 8,760 hours a year / 12. */
  hoursPerMonth: number
  /** Requests one GPU serves in a month at the planned utilisation and peak-to-average ratio. */
  requestsPerGpuMonth: number
  minReplicas: number
  /** How requestsPerGpuMonth was derived, for reports. */
  formula: string
  /**
   * How the GPUs are paid for and the day's traffic (kernel/sim/gpu-hours.ts); absent: always-on
   * replicas for the peak, as `requestsPerGpuMonth` and `minReplicas` say.
   */
  fleet?: {
    parameters: FleetParameters
    /** The day's 24 traffic weights, mean 1. */
    trafficWeights: readonly number[]
    scaling: 'always-on' | 'autoscaling' | 'serverless'
  }
  /** Where the requests/s per GPU came from: the scenario's measured figure or the serving model. */
  throughput?: ServingThroughput
}

/** Requests/s one GPU serves for a strategy, and where the figure comes from. */
export interface ServingThroughput {
  requestsPerSecond: number
  /**
   * `measured`: the scenario states it (a load test); `scaled`: the stated figure scaled to the
   * longer prompt with retrieved context; `model`: the serving model (src/serving/roofline.ts).
   */
  source: 'measured' | 'scaled' | 'model'
  /** The arithmetic, for reports. */
  formula: string
}

/** Retraining: the same parts again every N months. */
export interface Retraining {
  everyMonths: number
  parts: CostPart[]
}

/** The full cost description of one strategy under one scenario. */
export interface StrategyCost {
  id: StrategyId
  label: string
  perRequest: CostPart[]
  oneTime: CostPart[]
  monthlyFixed: CostPart[]
  hosting: GpuHosting | null
  retraining: Retraining | null
  /** Escalation that grows as inputs drift away from the training data; null when none. */
  escalationDrift: EscalationDrift | null
  /** Expected quality on the task (fraction), from the scenario. */
  quality: number
}

/**
 * Checks GPU hosting's numbers: `requestsPerGpuMonth > 0`, `gpuHourUSD >= 0`, `hoursPerMonth > 0`,
 * `minReplicas` an integer >= 0. `name` prefixes each message (`hosting.minReplicas`).
 *
 * @throws {InvalidArgumentError} `invalid <name>.<field>: <value> (<rule>)`
 * @example
 * const hosting = { gpu: 'L4', gpuHourUSD: 0.8, hoursPerMonth: 730, requestsPerGpuMonth: 1e6, minReplicas: 1, formula: '' }
 * checkGpuHosting(hosting) // => undefined
 * checkGpuHosting({ ...hosting, requestsPerGpuMonth: 0 }) // throws invalid hosting.requestsPerGpuMonth: 0 (must be > 0)
 */
export function checkGpuHosting(hosting: GpuHosting, name = 'hosting'): void {
  checkNumber(`${name}.requestsPerGpuMonth`, hosting.requestsPerGpuMonth, { exclusiveMin: 0 })
  checkNumber(`${name}.gpuHourUSD`, hosting.gpuHourUSD, { min: 0 })
  checkNumber(`${name}.hoursPerMonth`, hosting.hoursPerMonth, { exclusiveMin: 0 })
  checkNumber(`${name}.minReplicas`, hosting.minReplicas, { min: 0, integer: true })
}

const checkParts = (parts: readonly CostPart[], name: string): void =>
  parts.forEach((part, i) => checkNumber(`${name}[${i}].usd`, part.usd))

/**
 * Checks every number of a strategy's cost: each part's USD finite, the hosting
 * ({@link checkGpuHosting}), `retraining.everyMonths` an integer >= 0, the drift's USD >= 0.
 *
 * @throws {InvalidArgumentError} `invalid <field>: <value> (<rule>)`, e.g. `invalid oneTime[0].usd: NaN (must be a finite number)`
 * @example
 * const cost = { id: 'distill', label: 'distill', perRequest: [], oneTime: [{ name: 'training', usd: NaN, formula: '' }], monthlyFixed: [], hosting: null, retraining: null, escalationDrift: null, quality: 0.9 }
 * checkStrategyCost(cost) // throws invalid oneTime[0].usd: NaN (must be a finite number)
 * checkStrategyCost({ ...cost, oneTime: [] }) // => undefined
 */
export function checkStrategyCost(cost: StrategyCost): void {
  checkParts(cost.perRequest, 'perRequest')
  checkParts(cost.oneTime, 'oneTime')
  checkParts(cost.monthlyFixed, 'monthlyFixed')
  if (cost.hosting) checkGpuHosting(cost.hosting)
  if (cost.retraining) {
    checkNumber('retraining.everyMonths', cost.retraining.everyMonths, { min: 0, integer: true })
    checkParts(cost.retraining.parts, 'retraining.parts')
  }
  if (cost.escalationDrift) {
    checkNumber('escalationDrift.usdPerMonthOfAge', cost.escalationDrift.usdPerMonthOfAge, { min: 0 })
    checkNumber('escalationDrift.capUSD', cost.escalationDrift.capUSD, { min: 0 })
  }
}

const sum = (parts: CostPart[]): number => parts.reduce((total, part) => total + part.usd, 0)

/** Variable cost of one request in month 1, freshly trained, at today's prices (USD per request). */
export function perRequestUSD(cost: StrategyCost): number {
  return sum(cost.perRequest)
}

/** The part of {@link perRequestUSD} paid in frontier tokens (follows the price trend). */
export function perRequestFrontierUSD(cost: StrategyCost): number {
  return sum(cost.perRequest.filter((p) => p.frontierPriced))
}

/** One-time cost before the first month (USD). */
export function oneTimeUSD(cost: StrategyCost): number {
  return sum(cost.oneTime)
}

/** Fixed cost per month that does not depend on volume, hosting excluded (USD per month). */
export function fixedMonthlyUSD(cost: StrategyCost): number {
  return sum(cost.monthlyFixed)
}

/**
 * Cost of one retraining event (USD) at a frontier price factor (1 = today's prices); 0 when the
 * strategy never retrains.
 *
 * @throws {InvalidArgumentError} when `frontierPriceFactor` is below 0
 * @example
 * const cost = { id: 'distill', label: 'distill', perRequest: [], oneTime: [], monthlyFixed: [], hosting: null, escalationDrift: null, quality: 0.9,
 *   retraining: { everyMonths: 6, parts: [{ name: 'training', usd: 100, formula: '' }, { name: 'teacher data', usd: 50, formula: '', frontierPriced: true }] } }
 * retrainingEventUSD(cost) // => 150
 * retrainingEventUSD(cost, 0.5) // => 125 (100 + 0.5 x 50)
 * retrainingEventUSD(cost, -1) // throws invalid frontierPriceFactor: -1 (must be >= 0)
 */
export function retrainingEventUSD(cost: StrategyCost, frontierPriceFactor = 1): number {
  checkNumber('frontierPriceFactor', frontierPriceFactor, { min: 0 })
  if (!cost.retraining) return 0
  const parts = cost.retraining.parts
  return sum(parts.filter((p) => !p.frontierPriced)) + frontierPriceFactor * sum(parts.filter((p) => p.frontierPriced))
}

/**
 * {@link gpusNeeded} without the argument checks, for the month loops of entries that checked
 * the hosting and the volume path once (monthlyTimeline, the breakeven scan).
 */
export function gpusFor(hosting: GpuHosting, requestsPerMonth: number): number {
  // A relative epsilon keeps an exact multiple from becoming one GPU more through rounding.
  const exact = requestsPerMonth / hosting.requestsPerGpuMonth
  return Math.max(hosting.minReplicas, Math.ceil(exact * (1 - 1e-12)))
}

/** Whether the hosting follows the hours of the day (autoscaling or serverless) rather than keeping replicas for the peak. */
function hourly(hosting: GpuHosting): boolean {
  return hosting.fleet !== undefined && hosting.fleet.parameters.mode !== HOSTING_MODE.ALWAYS_ON
}

/**
 * GPU-hours a month at this volume: `hoursPerMonth x` {@link gpusFor} for always-on replicas, the
 * fleet model of kernel/sim/gpu-hours.ts for autoscaling and serverless hosting. No argument checks.
 */
export function gpuHoursFor(hosting: GpuHosting, requestsPerMonth: number): number {
  if (!hourly(hosting)) return gpusFor(hosting, requestsPerMonth) * hosting.hoursPerMonth
  const fleet = hosting.fleet as NonNullable<GpuHosting['fleet']>
  return gpuHoursPerMonth(requestsPerMonth, fleet.trafficWeights, fleet.parameters)
}

/**
 * GPU-hours a month at this volume split by cause (busy, headroom, peak, minimum replicas,
 * scale-up lag, idle, cold starts), for reports; `total` is {@link gpuHoursFor}'s value.
 */
export function gpuHoursByCause(hosting: GpuHosting, requestsPerMonth: number): GpuHoursBreakdown {
  const fleet = hosting.fleet
  if (fleet) return gpuHoursBreakdown(requestsPerMonth, fleet.trafficWeights, fleet.parameters)
  // A bare always-on hosting (no fleet): the capacity per GPU-hour is requestsPerGpuMonth / 730 at the peak.
  const flat = new Array<number>(24).fill(1)
  const parameters = { ...ALWAYS_ON_DEFAULTS, requestsPerGpuHour: hosting.requestsPerGpuMonth / hosting.hoursPerMonth, requestsPerGpuMonth: hosting.requestsPerGpuMonth, minReplicas: hosting.minReplicas }
  return gpuHoursBreakdown(requestsPerMonth, flat, parameters)
}

const ALWAYS_ON_DEFAULTS: FleetParameters = {
  mode: HOSTING_MODE.ALWAYS_ON,
  requestsPerGpuHour: 0,
  requestsPerGpuMonth: 0,
  utilisation: 1,
  minReplicas: 0,
  scaleUpLagHours: 0,
  idleTimeoutSeconds: 0,
  coldStartSeconds: 0,
}

/**
 * A lower bound of {@link hostingMonthUSD} for autoscaling and serverless hosting, without the
 * hourly loop ({@link gpuHoursLowerBound} x the GPU-hour price); null for always-on replicas,
 * whose cost needs no loop.
 */
export function hostingMonthLowerUSD(cost: StrategyCost): ((requestsPerMonth: number) => number) | null {
  const hosting = cost.hosting
  if (!hosting || !hourly(hosting)) return null
  const parameters = (hosting.fleet as NonNullable<GpuHosting['fleet']>).parameters
  const price = hosting.gpuHourUSD
  return (requestsPerMonth) => gpuHoursLowerBound(requestsPerMonth, parameters) * price
}

/** {@link hostingUSD} without the argument checks, for the same loops as {@link gpusFor}. */
export function hostingMonthUSD(cost: StrategyCost, requestsPerMonth: number): number {
  const hosting = cost.hosting
  if (!hosting) return 0
  if (hourly(hosting)) return gpuHoursFor(hosting, requestsPerMonth) * hosting.gpuHourUSD
  return gpusFor(hosting, requestsPerMonth) * hosting.gpuHourUSD * hosting.hoursPerMonth
}

/**
 * GPUs needed to serve `requestsPerMonth`: `max(minReplicas, ceil(volume / requestsPerGpuMonth))`.
 *
 * @throws {InvalidArgumentError} when `requestsPerMonth` is below 0 or the hosting breaks {@link checkGpuHosting}
 * @example
 * const hosting = { gpu: 'L4', gpuHourUSD: 0.8, hoursPerMonth: 730, requestsPerGpuMonth: 1e6, minReplicas: 2, formula: '' }
 * gpusNeeded(hosting, 3.5e6) // => 4 (ceil(3.5))
 * gpusNeeded(hosting, 3e6) // => 3 (an exact multiple: no spare GPU)
 * gpusNeeded(hosting, 1000) // => 2 (minReplicas)
 * gpusNeeded(hosting, -1) // throws invalid requestsPerMonth: -1 (must be >= 0)
 */
export function gpusNeeded(hosting: GpuHosting, requestsPerMonth: number): number {
  checkGpuHosting(hosting)
  checkNumber('requestsPerMonth', requestsPerMonth, { min: 0 })
  return gpusFor(hosting, requestsPerMonth)
}

/**
 * GPU hosting cost for a month at this volume (USD per month): GPUs x GPU-hour price x hours;
 * 0 without self-hosting.
 *
 * @throws {InvalidArgumentError} when `requestsPerMonth` is below 0 or the hosting breaks {@link checkGpuHosting}
 * @example
 * const hosting = { gpu: 'L4', gpuHourUSD: 0.8, hoursPerMonth: 730, requestsPerGpuMonth: 1e6, minReplicas: 2, formula: '' }
 * const cost = { id: 'distill', label: 'distill', perRequest: [], oneTime: [], monthlyFixed: [], hosting, retraining: null, escalationDrift: null, quality: 0.9 }
 * hostingUSD(cost, 3.5e6) // => 2336 (4 GPUs x $0.80 x 730 h)
 * hostingUSD(cost, NaN) // throws invalid requestsPerMonth: NaN (must be a finite number)
 */
export function hostingUSD(cost: StrategyCost, requestsPerMonth: number): number {
  if (cost.hosting) checkGpuHosting(cost.hosting)
  checkNumber('requestsPerMonth', requestsPerMonth, { min: 0 })
  return hostingMonthUSD(cost, requestsPerMonth)
}

/** Whether the strategy's monthly cost is linear in volume (no GPU steps). */
export function isLinear(cost: StrategyCost): boolean {
  return cost.hosting === null
}
