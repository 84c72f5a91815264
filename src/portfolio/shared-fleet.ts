/**
 * One serving fleet for many adapters on one base model (multi-LoRA): the fleet's work in a month
 * is GPU-seconds, `sum_t requests_t / (rps_t x factor(n))`, with rps_t the merged model's
 * requests/s for task t's prompt and factor(n) the multi-LoRA penalty for n adapters
 * (multi-lora.ts). The fleet model of kernel/sim/gpu-hours.ts turns it into GPU-hours with the
 * base hosting's scaling, traffic profile and minimum replicas (once for the whole fleet), at
 * the work's mean speed: `requests/s = sum_t requests_t / GPU-seconds`, so always-on and
 * autoscaling see the same GPU-seconds and serverless sees the real number of requests (its
 * idle time and cold starts follow arrivals).
 */
import { gpuHoursBreakdown, gpuHoursPerMonth, HOSTING_MODE, type FleetParameters, type GpuHoursBreakdown } from '../../kernel/sim/gpu-hours.js'
import { SECONDS_PER_MONTH } from '../costs/hosting.js'
import type { GpuHosting } from '../costs/strategy-cost.js'
import { formatCount, formatNumber, formatUSD } from '../format.js'
import { checkNumber } from '../scenario/check-number.js'

/** One task's load on the shared fleet in a month. */
export interface FleetLoad {
  name: string
  requests: number
  /** Requests/s one GPU serves for this task's prompt with the adapter merged (requests per second). */
  mergedRequestsPerSecond: number
}

/** The shared fleet in one month. */
export interface SharedFleetMonth {
  requests: number
  /** GPU-seconds of work at full speed: `sum_t requests_t / (rps_t x factor)`. */
  busyGpuSeconds: number
  /** `requests / busyGpuSeconds`: the fleet's mean requests/s per GPU with every adapter unmerged. */
  requestsPerSecond: number
  gpuHours: number
  usd: number
  /** Each task's share of the work (and so of the GPU-hours and their cost), in load order; they sum to 1. */
  shares: number[]
  parameters: FleetParameters
  formula: string
}

/**
 * The shared fleet's GPU-hours and cost for one month's loads (see the module comment).
 * `hosting` is the base hosting (its fleet parameters, traffic weights and GPU-hour price);
 * `peakToAverage` is the traffic's peak (the largest of the weights).
 *
 * @throws {InvalidArgumentError} when the factor is outside (0, 1], a load's requests below 0 or its requests/s not above 0
 * @example
 * // Two tasks on an always-on fleet of L4s at $0.80/GPU-hour, 60 % utilisation, a flat day, at least 1 GPU:
 * const fleet = { mode: 0, requestsPerGpuHour: 0, requestsPerGpuMonth: 0, utilisation: 0.6, minReplicas: 1, scaleUpLagHours: 0, idleTimeoutSeconds: 0, coldStartSeconds: 0 }
 * const hosting = { gpu: 'L4', gpuHourUSD: 0.8, hoursPerMonth: 730, requestsPerGpuMonth: 1, minReplicas: 1, formula: '', fleet: { parameters: fleet, trafficWeights: new Array(24).fill(1), scaling: 'always-on' } }
 * const month = sharedFleetMonth([{ name: 'a', requests: 3_942_000, mergedRequestsPerSecond: 10 }, { name: 'b', requests: 1_314_000, mergedRequestsPerSecond: 5 }], 0.5, hosting)
 * month.busyGpuSeconds // => 1_314_000 (3,942,000 / 5 + 1,314,000 / 2.5)
 * month.gpuHours // => 730 (1,314,000 s / (0.6 x 2,628,000 s) = 0.83: 1 GPU x 730 h)
 * month.usd // => 584 (730 GPU-hours x $0.80)
 * month.shares // => [0.6, 0.4]
 */
export function sharedFleetMonth(loads: readonly FleetLoad[], factor: number, hosting: GpuHosting): SharedFleetMonth {
  checkNumber('factor', factor, { exclusiveMin: 0, max: 1 })
  loads.forEach((load, i) => {
    checkNumber(`loads[${i}].requests`, load.requests, { min: 0 })
    checkNumber(`loads[${i}].mergedRequestsPerSecond`, load.mergedRequestsPerSecond, { exclusiveMin: 0 })
  })
  const fleet = hosting.fleet
  if (!fleet) throw new Error('internal: the shared fleet needs the base hosting\'s fleet parameters')
  const work = loads.map((load) => load.requests / (load.mergedRequestsPerSecond * factor))
  const busyGpuSeconds = work.reduce((a, b) => a + b, 0)
  const requests = loads.reduce((sum, load) => sum + load.requests, 0)
  const requestsPerSecond = busyGpuSeconds > 0 ? requests / busyGpuSeconds : 0
  const peak = Math.max(...fleet.trafficWeights)
  const utilisation = fleet.parameters.utilisation
  const parameters: FleetParameters = {
    ...fleet.parameters,
    requestsPerGpuHour: requestsPerSecond * utilisation * 3600,
    requestsPerGpuMonth: (requestsPerSecond * utilisation * SECONDS_PER_MONTH) / peak,
  }
  const gpuHours = requests > 0 ? gpuHoursPerMonth(requests, fleet.trafficWeights, parameters) : fleet.parameters.mode === HOSTING_MODE.SERVERLESS ? 0 : parameters.minReplicas * hosting.hoursPerMonth
  const usd = gpuHours * hosting.gpuHourUSD
  const shares = work.map((w) => (busyGpuSeconds > 0 ? w / busyGpuSeconds : 0))
  const perTask = loads.map((load, i) => `${formatCount(load.requests)} / (${formatNumber(load.mergedRequestsPerSecond)} x ${factor.toFixed(4)})`).join(' + ')
  return {
    requests,
    busyGpuSeconds,
    requestsPerSecond,
    gpuHours,
    usd,
    shares,
    parameters,
    formula:
      `GPU-seconds of work = ${perTask} = ${formatCount(busyGpuSeconds)} s; ${formatCount(requests)} requests / ${formatCount(busyGpuSeconds)} s = ${formatNumber(requestsPerSecond)} req/s per GPU; ` +
      `x ${formatNumber(utilisation)} utilisation x 3,600 = ${formatCount(parameters.requestsPerGpuHour)} requests per GPU-hour (${formatCount(parameters.requestsPerGpuMonth)} per GPU-month at the peak of ${formatNumber(peak)}x); ` +
      `${fleet.scaling} fleet, at least ${parameters.minReplicas} GPUs for the whole fleet: ${formatNumber(gpuHours, 1)} GPU-hours x $${hosting.gpuHourUSD.toFixed(4)} = ${formatUSD(usd)}`,
  }
}

/**
 * {@link sharedFleetMonth}'s GPU-hours split by cause (busy, headroom, peak, minimum replicas,
 * scale-up lag, idle, cold starts): kernel/sim/gpu-hours.ts's breakdown of the fleet's month.
 *
 * @example
 * const fleet = { mode: 0, requestsPerGpuHour: 0, requestsPerGpuMonth: 0, utilisation: 0.6, minReplicas: 1, scaleUpLagHours: 0, idleTimeoutSeconds: 0, coldStartSeconds: 0 }
 * const hosting = { gpu: 'L4', gpuHourUSD: 0.8, hoursPerMonth: 730, requestsPerGpuMonth: 1, minReplicas: 1, formula: '', fleet: { parameters: fleet, trafficWeights: new Array(24).fill(1), scaling: 'always-on' } }
 * const month = sharedFleetMonth([{ name: 'a', requests: 1_314_000, mergedRequestsPerSecond: 1 }], 1, hosting)
 * sharedFleetBreakdown(month, hosting).busy // => 365 (1,314,000 GPU-seconds / 3,600)
 */
export function sharedFleetBreakdown(month: SharedFleetMonth, hosting: GpuHosting): GpuHoursBreakdown {
  const fleet = hosting.fleet
  if (!fleet) throw new Error('internal: the shared fleet needs the base hosting\'s fleet parameters')
  return gpuHoursBreakdown(month.requests, fleet.trafficWeights, month.parameters)
}
