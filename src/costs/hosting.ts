/**
 * Self-hosted serving capacity: how many requests a GPU serves (a measured figure, or the serving
 * model's from tokens, architecture and GPU), how many it serves in a month at the planned
 * utilisation and peak, and how the GPUs are paid for (always-on, autoscaling, serverless) over
 * the day's traffic.
 *
 * Argument checks: none here, on purpose, as in requests.ts: the coefficient fill calls
 * requestsPerGpuMonth for every simulation draw, and its numbers come from a validated scenario's
 * pricing context. The GPU counts that use them (gpusNeeded, hostingUSD) check at their entry.
 */
import { HOSTING_MODE, type FleetParameters } from '../../kernel/sim/gpu-hours.js'
import { formatCount, formatNumber } from '../format.js'
import { hostingRequestsPerSecond, hostingServingPlan } from '../serving/hosting-plan.js'
import { trafficPeak, trafficWeights } from '../serving/traffic.js'
import type { PricingContext } from './context.js'
import { adaptedInputTokens } from './requests.js'
import type { GpuHosting, ServingThroughput } from './strategy-cost.js'

/** Hours in an average month: 8,760 / 12. */
export const HOURS_PER_MONTH = 730
/** Seconds in an average month: 730 x 3,600. */
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600

/**
 * Where a strategy's requests/s per GPU comes from: the one choice behind
 * {@link requestsPerSecondPerGpu} (the number, on the simulation's per-draw path) and
 * {@link servingThroughput} (the number with its source and arithmetic, for reports), so a new
 * source is added in one place. `model` carries the tokens the serving model plans for; the
 * callers run the model's number alone or its whole plan.
 */
type ThroughputBasis =
  | { source: 'measured'; requestsPerSecond: number }
  | { source: 'model'; inputTokens: number; outputTokens: number }
  | { source: 'scaled'; stated: number; statedTokens: number; tokens: number; requestsPerSecond: number }

function throughputBasis(self: NonNullable<PricingContext['selfHosted']>, ctx: PricingContext, contextTokens: number): ThroughputBasis {
  const hosting = self.hosting
  const measured = contextTokens > 0 ? hosting.ragRequestsPerSecondPerGpu : hosting.requestsPerSecondPerGpu
  if (measured !== undefined) return { source: 'measured', requestsPerSecond: measured }
  const output = ctx.scenario.task.outputTokens
  const stated = hosting.requestsPerSecondPerGpu
  if (stated === undefined) return { source: 'model', inputTokens: adaptedInputTokens(ctx, contextTokens), outputTokens: output }
  const statedTokens = adaptedInputTokens(ctx, 0) + output
  const tokens = adaptedInputTokens(ctx, contextTokens) + output
  return { source: 'scaled', stated, statedTokens, tokens, requestsPerSecond: stated * (statedTokens / tokens) }
}

/**
 * Requests per second one GPU serves for a strategy: the scenario's measured figure; without
 * one, the serving model's plan for the adapted prompt (with any retrieved context) and the
 * task's output on the scenario's GPU; with a measured plain figure and retrieved context but no
 * measured RAG figure, the plain figure scaled by `(input + output) / (input + context + output)`
 * tokens (an assumption: serving cost grows with tokens processed). 0 when API-hosted.
 *
 * @example
 * requestsPerSecondPerGpu(pricingContext(defaultScenario()), 0) // => 25 (the scenario's figure)
 */
export function requestsPerSecondPerGpu(ctx: PricingContext, contextTokens: number): number {
  const self = ctx.selfHosted
  if (!self) return 0
  const basis = throughputBasis(self, ctx, contextTokens)
  if (basis.source !== 'model') return basis.requestsPerSecond
  return hostingRequestsPerSecond(self.hosting, self.architecture, basis.inputTokens, basis.outputTokens)
}

/**
 * {@link requestsPerSecondPerGpu} with where it comes from and its arithmetic, for reports; null
 * when API-hosted.
 *
 * @throws {RangeError} when the serving model has no plan (the weights do not fit, no batch meets the latency target)
 * @example
 * servingThroughput(pricingContext(defaultScenario()), 0)?.source // => 'measured'
 */
export function servingThroughput(ctx: PricingContext, contextTokens: number): ServingThroughput | null {
  const self = ctx.selfHosted
  if (!self) return null
  const basis = throughputBasis(self, ctx, contextTokens)
  switch (basis.source) {
    case 'measured':
      return { requestsPerSecond: basis.requestsPerSecond, source: 'measured', formula: `${formatNumber(basis.requestsPerSecond)} req/s per GPU (stated in the scenario)` }
    case 'model': {
      const plan = hostingServingPlan(self.hosting, self.architecture, basis.inputTokens, basis.outputTokens)
      return { requestsPerSecond: plan.requestsPerSecond, source: 'model', formula: `serving model: ${plan.formula}` }
    }
    case 'scaled':
      return {
        requestsPerSecond: basis.requestsPerSecond,
        source: 'scaled',
        formula: `${formatNumber(basis.stated)} req/s (stated in the scenario) x ${formatNumber(basis.statedTokens)}/${formatNumber(basis.tokens)} tokens = ${formatNumber(basis.requestsPerSecond)} req/s per GPU`,
      }
  }
}

/**
 * Requests one GPU serves in a month planned for the peak hour: `requests/s x targetUtilisation
 * / peak-to-average x 2,628,000 s` (the peak of the hourly weights when the scenario gives
 * them); 0 when API-hosted.
 *
 * @example
 * requestsPerGpuMonth(pricingContext(defaultScenario()), 0) // => 19_710_000
 */
export function requestsPerGpuMonth(ctx: PricingContext, contextTokens: number): number {
  const self = ctx.selfHosted
  if (!self) return 0
  return perGpuMonthAt(self, requestsPerSecondPerGpu(ctx, contextTokens))
}

/** {@link requestsPerGpuMonth} at a known requests/s. */
function perGpuMonthAt(self: NonNullable<PricingContext['selfHosted']>, requestsPerSecond: number): number {
  return (requestsPerSecond * self.hosting.targetUtilisation * SECONDS_PER_MONTH) / trafficPeak(self.hosting)
}

/** {@link requestsPerGpuHour} at a known requests/s. */
function perGpuHourAt(self: NonNullable<PricingContext['selfHosted']>, requestsPerSecond: number): number {
  return requestsPerSecond * self.hosting.targetUtilisation * 3600
}

/** The scenario's way of paying for GPUs as a {@link HOSTING_MODE}; 0 when API-hosted. */
export function hostingMode(ctx: PricingContext): number {
  const scaling = ctx.selfHosted?.hosting.scaling
  if (scaling === undefined || scaling.kind === 'always-on') return HOSTING_MODE.ALWAYS_ON
  return scaling.kind === 'autoscaling' ? HOSTING_MODE.AUTOSCALING : HOSTING_MODE.SERVERLESS
}

/**
 * The price of one GPU-hour the hosting pays: the serverless per-second price x 3,600 where the
 * scenario states one, else the GPU's hour price (its override or data/gpus.json's list price).
 *
 * @example
 * servingGpuHourUSD(pricingContext(defaultScenario())) // => 0.7992
 */
export function servingGpuHourUSD(ctx: PricingContext): number {
  const self = ctx.selfHosted
  if (!self) return 0
  const scaling = self.hosting.scaling
  if (scaling.kind === 'serverless' && scaling.gpuSecondUSD !== undefined) return scaling.gpuSecondUSD * 3600
  return self.serving.gpuHourUSD
}

/**
 * Requests one GPU serves an hour at the planned utilisation: `requests/s x targetUtilisation x
 * 3,600` (autoscaling and serverless follow the hours with it; always-on replicas plan for the
 * peak from {@link requestsPerGpuMonth}, and their breakdown by cause uses it). 0 when API-hosted.
 */
export function requestsPerGpuHour(ctx: PricingContext, contextTokens: number): number {
  const self = ctx.selfHosted
  if (!self) return 0
  return perGpuHourAt(self, requestsPerSecondPerGpu(ctx, contextTokens))
}

/** GPUs kept whatever the load: the scenario's minReplicas; 0 serverless (scale to zero) or API-hosted. */
export function minimumReplicas(ctx: PricingContext): number {
  const self = ctx.selfHosted
  return !self || self.hosting.scaling.kind === 'serverless' ? 0 : self.hosting.minReplicas
}

/** Hours an autoscaled GPU is started before the hour that needs it (scaleUpLagMinutes / 60); 0 otherwise. */
export function scaleUpLagHours(ctx: PricingContext): number {
  const scaling = ctx.selfHosted?.hosting.scaling
  return scaling?.kind === 'autoscaling' ? scaling.scaleUpLagMinutes / 60 : 0
}

/** A serverless container's idle timeout (s); 0 otherwise. */
export function idleTimeoutSeconds(ctx: PricingContext): number {
  const scaling = ctx.selfHosted?.hosting.scaling
  return scaling?.kind === 'serverless' ? scaling.idleTimeoutSeconds : 0
}

/** GPU-seconds billed for a serverless cold start; 0 otherwise. */
export function coldStartSeconds(ctx: PricingContext): number {
  const scaling = ctx.selfHosted?.hosting.scaling
  return scaling?.kind === 'serverless' ? scaling.coldStartSeconds : 0
}

/**
 * The fleet model's parameters for a strategy whose GPU serves `requestsPerSecond`
 * (kernel/sim/gpu-hours.ts); the simulation fills each from the same functions.
 */
export function fleetParameters(ctx: PricingContext, requestsPerSecond: number): FleetParameters {
  const self = ctx.selfHosted
  return {
    mode: hostingMode(ctx),
    requestsPerGpuHour: self ? perGpuHourAt(self, requestsPerSecond) : 0,
    requestsPerGpuMonth: self ? perGpuMonthAt(self, requestsPerSecond) : 0,
    utilisation: self?.hosting.targetUtilisation ?? 1,
    minReplicas: minimumReplicas(ctx),
    scaleUpLagHours: scaleUpLagHours(ctx),
    idleTimeoutSeconds: idleTimeoutSeconds(ctx),
    coldStartSeconds: coldStartSeconds(ctx),
  }
}

/** How the scaling reads in a formula. */
function scalingText(ctx: PricingContext, fleet: FleetParameters, gpuHourUSD: number): string {
  const self = ctx.selfHosted
  if (!self) return ''
  const scaling = self.hosting.scaling
  const day = self.hosting.hourlyWeights === undefined ? `a von Mises day peaking at ${formatNumber(self.hosting.peakToAverage)}x the average` : 'the scenario\'s hourly weights'
  const price = `$${gpuHourUSD.toFixed(4)}/GPU-hour (${self.serving.spec.name}, ${scaling.kind === 'serverless' && scaling.gpuSecondUSD !== undefined ? 'scenario per-second price' : self.serving.priceSource})`
  if (scaling.kind === 'autoscaling') {
    return `autoscaling whole GPUs hour by hour over ${day}: max(${fleet.minReplicas}, ceil(requests that hour / ${formatCount(fleet.requestsPerGpuHour)} per GPU-hour)) GPUs, each started ${formatNumber(scaling.scaleUpLagMinutes)} min early, at ${price}`
  }
  if (scaling.kind === 'serverless') {
    return `serverless over ${day}: billed per second for max(the busy hours at ${formatCount(fleet.requestsPerGpuHour)} requests a GPU-hour, a container up ${formatNumber(scaling.idleTimeoutSeconds)} s after each request) plus ${formatNumber(scaling.coldStartSeconds)} s per cold start (Poisson arrivals), at ${price}`
  }
  return `at least ${fleet.minReplicas} GPUs at ${price} x ${HOURS_PER_MONTH} h`
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
  // One serving plan: the figure, the month's capacity and the fleet all derive from it.
  const throughput = servingThroughput(ctx, contextTokens) as ServingThroughput
  const perGpuMonth = perGpuMonthAt(self, throughput.requestsPerSecond)
  const parameters = fleetParameters(ctx, throughput.requestsPerSecond)
  const gpuHourUSD = servingGpuHourUSD(ctx)
  const peak = trafficPeak(hosting)
  return {
    gpu: serving.spec.name,
    gpuHourUSD,
    hoursPerMonth: HOURS_PER_MONTH,
    requestsPerGpuMonth: perGpuMonth,
    minReplicas: parameters.minReplicas,
    fleet: { parameters, trafficWeights: Array.from(trafficWeights(hosting)), scaling: hosting.scaling.kind },
    throughput,
    formula:
      `${throughput.formula}; x ${formatNumber(hosting.targetUtilisation)} utilisation / ${formatNumber(peak)} peak-to-average x ${formatCount(SECONDS_PER_MONTH)} s = ` +
      `${formatCount(perGpuMonth)} requests per GPU-month at the peak; ${scalingText(ctx, parameters, gpuHourUSD)}`,
  }
}
