/**
 * Self-hosted serving capacity: how many requests a GPU serves in a month at the planned
 * utilisation and peak, which decides how many whole GPUs a volume needs.
 *
 * Argument checks: none here, on purpose, as in requests.ts: the coefficient fill calls
 * requestsPerGpuMonth for every simulation draw, and its numbers come from a validated scenario's
 * pricing context. The GPU counts that use them (gpusNeeded, hostingUSD) check at their entry.
 */
import { formatCount, formatNumber } from '../format.js'
import type { PricingContext } from './context.js'
import { adaptedInputTokens } from './requests.js'
import type { GpuHosting } from './strategy-cost.js'

/** Hours in an average month: 8,760 / 12. */
export const HOURS_PER_MONTH = 730
/** Seconds in an average month: 730 x 3,600. */
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600

/**
 * Requests per second one GPU serves for a strategy: the scenario's measured figure, or with
 * retrieved context and no measured RAG figure, the plain figure scaled by `(input + output) /
 * (input + context + output)` tokens (an assumption: serving cost grows with tokens processed).
 * 0 when API-hosted.
 */
export function requestsPerSecondPerGpu(ctx: PricingContext, contextTokens: number): number {
  const self = ctx.selfHosted
  if (!self) return 0
  const hosting = self.hosting
  const measured = contextTokens > 0 ? hosting.ragRequestsPerSecondPerGpu : hosting.requestsPerSecondPerGpu
  if (measured !== undefined) return measured
  const output = ctx.scenario.task.outputTokens
  return hosting.requestsPerSecondPerGpu * ((adaptedInputTokens(ctx, 0) + output) / (adaptedInputTokens(ctx, contextTokens) + output))
}

/**
 * Requests one GPU serves in a month: `requests/s x targetUtilisation / peakToAverage x
 * 2,628,000 s`; 0 when API-hosted.
 *
 * @example
 * requestsPerGpuMonth(pricingContext(defaultScenario()), 0) // => 19_710_000
 */
export function requestsPerGpuMonth(ctx: PricingContext, contextTokens: number): number {
  const self = ctx.selfHosted
  if (!self) return 0
  return (requestsPerSecondPerGpu(ctx, contextTokens) * self.hosting.targetUtilisation * SECONDS_PER_MONTH) / self.hosting.peakToAverage
}

/**
 * GPU hosting for the small model, with the formula for reports, or `null` when it is
 * API-hosted.
 *
 * @example
 * gpuHosting(pricingContext(defaultScenario()), 0)?.minReplicas // => 2
 */
export function gpuHosting(ctx: PricingContext, contextTokens: number): GpuHosting | null {
  const self = ctx.selfHosted
  if (!self) return null
  const { hosting, serving } = self
  const rps = requestsPerSecondPerGpu(ctx, contextTokens)
  const perGpuMonth = requestsPerGpuMonth(ctx, contextTokens)
  const measured = contextTokens > 0 ? hosting.ragRequestsPerSecondPerGpu : hosting.requestsPerSecondPerGpu
  const output = ctx.scenario.task.outputTokens
  const rpsText =
    measured !== undefined
      ? `${formatNumber(rps)} req/s per GPU`
      : `${formatNumber(hosting.requestsPerSecondPerGpu)} req/s x ${formatNumber(adaptedInputTokens(ctx, 0) + output)}/${formatNumber(adaptedInputTokens(ctx, contextTokens) + output)} tokens = ${formatNumber(rps)} req/s per GPU`
  return {
    gpu: serving.spec.name,
    gpuHourUSD: serving.gpuHourUSD,
    hoursPerMonth: HOURS_PER_MONTH,
    requestsPerGpuMonth: perGpuMonth,
    minReplicas: hosting.minReplicas,
    formula:
      `${rpsText} x ${formatNumber(hosting.targetUtilisation)} utilisation / ${formatNumber(hosting.peakToAverage)} peak-to-average x ${formatCount(SECONDS_PER_MONTH)} s = ` +
      `${formatCount(perGpuMonth)} requests per GPU-month; at least ${hosting.minReplicas} GPUs at $${serving.gpuHourUSD.toFixed(2)}/h x ${HOURS_PER_MONTH} h (${serving.spec.name}, ${serving.priceSource})`,
  }
}
