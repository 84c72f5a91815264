/**
 * The cost of one strategy, broken into named parts: per request, one-time, fixed per month,
 * GPU hosting that steps with volume, and retraining events. Every part carries the formula
 * (with its numbers) that produced it, so each figure traces to inputs and prices.
 */
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
 */
export function retrainingEventUSD(cost: StrategyCost, frontierPriceFactor = 1): number {
  if (!cost.retraining) return 0
  const parts = cost.retraining.parts
  return sum(parts.filter((p) => !p.frontierPriced)) + frontierPriceFactor * sum(parts.filter((p) => p.frontierPriced))
}

/**
 * GPUs needed to serve `requestsPerMonth`: `max(minReplicas, ceil(volume / requestsPerGpuMonth))`.
 *
 * @example
 * gpusNeeded({ requestsPerGpuMonth: 1e6, minReplicas: 2, ... }, 3.5e6) // 4
 */
export function gpusNeeded(hosting: GpuHosting, requestsPerMonth: number): number {
  // A relative epsilon keeps an exact multiple from becoming one GPU more through rounding.
  const exact = requestsPerMonth / hosting.requestsPerGpuMonth
  return Math.max(hosting.minReplicas, Math.ceil(exact * (1 - 1e-12)))
}

/** GPU hosting cost for a month at this volume (USD per month); 0 without self-hosting. */
export function hostingUSD(cost: StrategyCost, requestsPerMonth: number): number {
  const hosting = cost.hosting
  if (!hosting) return 0
  return gpusNeeded(hosting, requestsPerMonth) * hosting.gpuHourUSD * hosting.hoursPerMonth
}

/** Whether the strategy's monthly cost is linear in volume (no GPU steps). */
export function isLinear(cost: StrategyCost): boolean {
  return cost.hosting === null
}
