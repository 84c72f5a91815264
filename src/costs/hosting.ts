/**
 * Self-hosted serving capacity: how many requests a GPU serves in a month at the planned
 * utilisation and peak, which decides how many whole GPUs a volume needs.
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
 * GPU hosting for the small model, or `null` when it is API-hosted. A GPU serves
 * `requestsPerSecond x targetUtilisation / peakToAverage x 2,628,000 s` requests a month. With
 * retrieved context, unless the scenario measured it, throughput scales by
 * `(input + output) / (input + context + output)` tokens (an assumption: serving cost grows
 * with tokens processed).
 *
 * @example
 * gpuHosting(ctx, 0)?.requestsPerGpuMonth
 */
export function gpuHosting(ctx: PricingContext, contextTokens: number): GpuHosting | null {
  const self = ctx.selfHosted
  if (!self) return null
  const { hosting, serving } = self
  const output = ctx.scenario.task.outputTokens
  const plainTokens = adaptedInputTokens(ctx, 0) + output
  const withContext = adaptedInputTokens(ctx, contextTokens) + output
  const measured = contextTokens > 0 ? hosting.ragRequestsPerSecondPerGpu : hosting.requestsPerSecondPerGpu
  const rps = measured ?? hosting.requestsPerSecondPerGpu * (plainTokens / withContext)
  const requestsPerGpuMonth = (rps * hosting.targetUtilisation * SECONDS_PER_MONTH) / hosting.peakToAverage
  const rpsText =
    measured !== undefined
      ? `${formatNumber(rps)} req/s per GPU`
      : `${formatNumber(hosting.requestsPerSecondPerGpu)} req/s x ${formatNumber(plainTokens)}/${formatNumber(withContext)} tokens = ${formatNumber(rps)} req/s per GPU`
  return {
    gpu: serving.spec.name,
    gpuHourUSD: serving.gpuHourUSD,
    hoursPerMonth: HOURS_PER_MONTH,
    requestsPerGpuMonth,
    minReplicas: hosting.minReplicas,
    formula:
      `${rpsText} x ${formatNumber(hosting.targetUtilisation)} utilisation / ${formatNumber(hosting.peakToAverage)} peak-to-average x ${formatCount(SECONDS_PER_MONTH)} s = ` +
      `${formatCount(requestsPerGpuMonth)} requests per GPU-month; at least ${hosting.minReplicas} GPUs at $${serving.gpuHourUSD.toFixed(2)}/h x ${HOURS_PER_MONTH} h (${serving.spec.name}, ${serving.priceSource})`,
  }
}
