/**
 * GPU-hours a month for self-hosted serving, from the month's requests, a daily traffic profile
 * and the way the GPUs are paid for. One definition: the decision engine (src/serving/fleet.ts)
 * and the simulation's month loop both call it.
 *
 * The day has 24 hours with traffic weights w_h (mean 1), the same every day of the month
 * (730 / 24 = 30.42 days). In hour h the month's V requests arrive at `r_h = V w_h / 730` an hour.
 * One GPU serves `c` requests an hour at the planned utilisation (requests/s x utilisation x
 * 3,600). Then:
 *
 * - **always-on**: `R = max(minReplicas, ceil(V / (730 c / w_max)))` GPUs all month: `730 R` GPU-hours.
 * - **autoscaling** on whole GPUs: `n_h = max(minReplicas, ceil(r_h / c))` GPUs in hour h, each
 *   GPU added at the start of an hour started `lag` hours earlier (and billed from then):
 *   `days x (sum_h n_h + lag x sum_h max(0, n_h - n_(h-1)))`, the day taken as a cycle.
 * - **serverless**, billed per second with scale to zero: requests arrive at random (Poisson) at
 *   `lambda_h = r_h / 3,600` a second; a container stays up `T` seconds after its last request.
 *   A lone container is then up a share `1 - exp(-lambda_h T)` of the hour, and a request finds no
 *   container up (a cold start) with probability `exp(-lambda_h T)`. Billed per hour:
 *   `max(r_h / c, 1 - exp(-lambda_h T)) + r_h exp(-lambda_h T) x coldStart / 3,600` GPU-hours.
 *
 * The breakdown splits the total by cause: busy (the requests at full speed), headroom (the
 * planned utilisation), peak (capacity above the load: the peak hour for always-on, whole-GPU
 * rounding each hour when autoscaling), minimum replicas, scale-up lag, idle (serverless
 * containers waiting out their idle timeout) and cold starts.
 */

/** How GPUs are paid for. */
export const HOSTING_MODE = {
  ALWAYS_ON: 0,
  AUTOSCALING: 1,
  SERVERLESS: 2,
} as const

/** Hours in an average month (8,760 / 12). */
const MONTH_HOURS = 730
/** Days in an average month (730 / 24). */
const MONTH_DAYS = MONTH_HOURS / 24
/** Hours in the traffic profile. */
export const PROFILE_HOURS = 24

/** The serving fleet's parameters for one strategy. */
export interface FleetParameters {
  /** {@link HOSTING_MODE}. */
  mode: number
  /** Requests one GPU serves an hour at the planned utilisation (requests/s x utilisation x 3,600). */
  requestsPerGpuHour: number
  /**
   * Always-on: requests one GPU serves a month when planned for the peak hour,
   * `requestsPerGpuHour x 730 / w_max` (the caller computes it once, as the cost model states it).
   */
  requestsPerGpuMonth: number
  /** The planned utilisation (0-1]: the busy share of the base load; only the breakdown uses it. */
  utilisation: number
  /** GPUs kept running whatever the load (always-on and autoscaling). */
  minReplicas: number
  /** Hours a GPU is started before the hour that needs it (autoscaling), 0-1. */
  scaleUpLagHours: number
  /** Seconds a serverless container stays up after its last request. */
  idleTimeoutSeconds: number
  /** GPU-seconds billed for each serverless cold start. */
  coldStartSeconds: number
}

/** GPU-hours a month by cause; they sum to `total`. */
export interface GpuHoursBreakdown {
  total: number
  /** Processing the requests with the GPU fully busy. */
  busy: number
  /** Headroom the planned utilisation leaves: busy x (1 / utilisation - 1). */
  headroom: number
  /** Capacity above the load at the planned utilisation: provisioned for the peak hour (always-on) or rounded up to whole GPUs each hour (autoscaling). */
  peak: number
  /** GPUs kept for the minimum replica count beyond what the load needs. */
  minReplicas: number
  /** GPUs started early for the scale-up lag. */
  scaleUpLag: number
  /** Serverless containers up and waiting out their idle timeout. */
  idle: number
  /** Serverless cold starts. */
  coldStarts: number
  /** Cold starts a month (serverless). */
  coldStartCount: number
}

/**
 * The traffic weights of a day that peaks at `peakToAverage` times its average: a von Mises day,
 * `exp(kappa cos(2 pi (h - peakHour) / 24))` over the 24 hours, scaled to mean 1, with the
 * concentration `kappa` found (Newton's method, safeguarded by bisection) so that the largest
 * weight is `peakToAverage` (to 1e-12 relative). 1 gives a flat day; the largest possible is 24
 * (all traffic in one hour), and a larger ratio gives that. Writes into `out` (24 values).
 *
 * @throws {RangeError} when peakToAverage is below 1 or not a number
 * @example
 * const day = dailyProfile(2, 14, new Float64Array(24))
 * Math.max(...day) // => 2 (at 14:00)
 * day.reduce((a, b) => a + b) / 24 // => 1
 */
export function dailyProfile(peakToAverage: number, peakHour: number, out: Float64Array): Float64Array {
  if (!(peakToAverage >= 1)) throw new RangeError(`invalid peakToAverage: ${peakToAverage} (must be >= 1)`)
  const target = Math.min(peakToAverage, PROFILE_HOURS)
  const at = (h: number) => (((h - peakHour) % PROFILE_HOURS) + PROFILE_HOURS) % PROFILE_HOURS
  if (target === 1) return out.fill(1)
  if (target === PROFILE_HOURS) {
    out.fill(0)
    out[((peakHour % PROFILE_HOURS) + PROFILE_HOURS) % PROFILE_HOURS] = PROFILE_HOURS
    return out
  }
  // log ratio(kappa) = log 24 - log sum_k exp(kappa (cos_k - 1)): 0 at kappa = 0, rising towards
  // log 24; its derivative is the weighted mean of (1 - cos_k) under the weights.
  const goal = Math.log(target)
  let low = 0
  let high = Infinity
  let kappa = 1
  for (let iteration = 0; iteration < 200; iteration++) {
    let sum = 0
    let slope = 0
    for (let k = 0; k < PROFILE_HOURS; k++) {
      const below = 1 - (COSINES[k] as number)
      const term = Math.exp(-kappa * below)
      sum += term
      slope += term * below
    }
    const value = Math.log(PROFILE_HOURS) - Math.log(sum) - goal
    if (Math.abs(value) <= 1e-13) break
    if (value < 0) low = kappa
    else high = kappa
    let next = kappa - value / (slope / sum)
    if (!(next > low && next < high)) next = high === Infinity ? kappa * 2 + 1 : (low + high) / 2
    if (next === kappa) break
    kappa = next
  }
  let sum = 0
  for (let k = 0; k < PROFILE_HOURS; k++) sum += Math.exp(-kappa * (1 - (COSINES[k] as number)))
  for (let h = 0; h < PROFILE_HOURS; h++) out[h] = (PROFILE_HOURS * Math.exp(-kappa * (1 - (COSINES[at(h)] as number)))) / sum
  return out
}

/** cos(2 pi k / 24) for k = 0..23: the cosine at k hours from the peak. */
const COSINES = Float64Array.from({ length: PROFILE_HOURS }, (_, k) => Math.cos((2 * Math.PI * k) / PROFILE_HOURS))

/**
 * GPU-hours a month for `requestsPerMonth` requests with daily traffic weights `weights` (24
 * values, mean 1; see the module comment for each mode). No argument checks and no allocation:
 * the simulation calls it for every month of every draw; the decision engine checks its inputs
 * once (src/serving/fleet.ts).
 */
export function gpuHoursPerMonth(requestsPerMonth: number, weights: ArrayLike<number>, fleet: FleetParameters): number {
  const capacity = fleet.requestsPerGpuHour
  const minReplicas = fleet.minReplicas
  if (fleet.mode === HOSTING_MODE.ALWAYS_ON) return MONTH_HOURS * gpusInHour(requestsPerMonth, fleet.requestsPerGpuMonth, minReplicas)
  const perHour = requestsPerMonth / MONTH_HOURS
  let hours = 0
  if (fleet.mode === HOSTING_MODE.AUTOSCALING) {
    const lag = fleet.scaleUpLagHours
    let previous = gpusInHour(perHour * (weights[PROFILE_HOURS - 1] as number), capacity, minReplicas)
    for (let h = 0; h < PROFILE_HOURS; h++) {
      const gpus = gpusInHour(perHour * (weights[h] as number), capacity, minReplicas)
      hours += gpus
      if (gpus > previous) hours += lag * (gpus - previous)
      previous = gpus
    }
    return MONTH_DAYS * hours
  }
  const timeout = fleet.idleTimeoutSeconds
  const coldStartHours = fleet.coldStartSeconds / 3600
  for (let h = 0; h < PROFILE_HOURS; h++) {
    const requests = perHour * (weights[h] as number)
    const missed = Math.exp(-(requests / 3600) * timeout)
    const work = requests / capacity
    const warm = 1 - missed
    hours += (work > warm ? work : warm) + requests * missed * coldStartHours
  }
  return MONTH_DAYS * hours
}

/**
 * A lower bound of {@link gpuHoursPerMonth} without its hourly loop: the busy hours `V / c` (every
 * mode bills at least the hours the requests take at the planned utilisation; always-on's `c` is
 * `requestsPerGpuMonth / 730`), or the minimum replicas all month (always-on and autoscaling),
 * whichever is larger, less 1e-9 of it for rounding (the weights' mean is 1 only to rounding).
 * The breakeven scan skips the volumes where the bound already decides the sign.
 *
 * @example
 * // 730,000 requests a month, 600 an hour a GPU, 3 GPUs kept: 3 x 730 = 2,190 > 1,216.7 busy hours
 * const fleet = { mode: HOSTING_MODE.AUTOSCALING, requestsPerGpuHour: 600, requestsPerGpuMonth: 438_000, utilisation: 0.6, minReplicas: 3, scaleUpLagHours: 0, idleTimeoutSeconds: 0, coldStartSeconds: 0 }
 * Math.round(gpuHoursLowerBound(730_000, fleet)) // => 2_190
 * Math.round(gpuHoursLowerBound(730_000, { ...fleet, mode: HOSTING_MODE.SERVERLESS })) // => 1_217 (730,000 / 600; no replicas kept)
 */
export function gpuHoursLowerBound(requestsPerMonth: number, fleet: FleetParameters): number {
  const floor = fleet.mode === HOSTING_MODE.SERVERLESS ? 0 : MONTH_HOURS * fleet.minReplicas
  const capacity = fleet.mode === HOSTING_MODE.ALWAYS_ON ? fleet.requestsPerGpuMonth / MONTH_HOURS : fleet.requestsPerGpuHour
  const busy = requestsPerMonth / capacity
  return (busy > floor ? busy : floor) * (1 - 1e-9)
}

/**
 * Whole GPUs `requests` need at `capacity` each: `max(minReplicas, ceil(requests / capacity))`; the
 * relative epsilon keeps an exact multiple from becoming one GPU more through rounding.
 */
function gpusInHour(requests: number, capacity: number, minReplicas: number): number {
  const gpus = requests > 0 ? Math.ceil((requests / capacity) * (1 - 1e-12)) : 0
  return gpus > minReplicas ? gpus : minReplicas
}

/**
 * {@link gpuHoursPerMonth} split by cause (see {@link GpuHoursBreakdown}); its `total` is
 * gpuHoursPerMonth's value.
 *
 * @example
 * // 730,000 requests a month, flat day: 1,000 an hour; a GPU serves 600 an hour at 60 %.
 * const flat = new Float64Array(24).fill(1)
 * const fleet = { mode: HOSTING_MODE.ALWAYS_ON, requestsPerGpuHour: 600, requestsPerGpuMonth: 438_000, utilisation: 0.6, minReplicas: 3, scaleUpLagHours: 0, idleTimeoutSeconds: 0, coldStartSeconds: 0 }
 * const hours = gpuHoursBreakdown(730_000, flat, fleet)
 * hours.total // => 2_190 (3 GPUs x 730 h: the minimum)
 * hours.busy // => 730 (730,000 / 1,000 an hour at full speed)
 * hours.headroom // => 486.66666666666674 (1,216.67 h at 60 %, less the busy hours)
 * hours.peak // => 243.33333333333326 (2 GPUs x 730 h less 1,216.67 h)
 * hours.minReplicas // => 730 (a third GPU)
 */
export function gpuHoursBreakdown(requestsPerMonth: number, weights: ArrayLike<number>, fleet: FleetParameters): GpuHoursBreakdown {
  const capacity = fleet.requestsPerGpuHour
  const minReplicas = fleet.minReplicas
  const load = requestsPerMonth / capacity
  const busy = load * fleet.utilisation
  const out: GpuHoursBreakdown = { total: 0, busy, headroom: load - busy, peak: 0, minReplicas: 0, scaleUpLag: 0, idle: 0, coldStarts: 0, coldStartCount: 0 }
  const perHour = requestsPerMonth / MONTH_HOURS
  if (fleet.mode === HOSTING_MODE.ALWAYS_ON) {
    const gpus = gpusInHour(requestsPerMonth, fleet.requestsPerGpuMonth, 0)
    out.peak = MONTH_HOURS * gpus - load
    out.minReplicas = MONTH_HOURS * Math.max(0, minReplicas - gpus)
  } else if (fleet.mode === HOSTING_MODE.AUTOSCALING) {
    let rounded = 0
    let kept = 0
    let added = 0
    let previous = gpusInHour(perHour * (weights[PROFILE_HOURS - 1] as number), capacity, minReplicas)
    for (let h = 0; h < PROFILE_HOURS; h++) {
      const needed = gpusInHour(perHour * (weights[h] as number), capacity, 0)
      const gpus = Math.max(needed, minReplicas)
      rounded += needed
      kept += gpus - needed
      if (gpus > previous) added += gpus - previous
      previous = gpus
    }
    out.peak = MONTH_DAYS * rounded - load
    out.minReplicas = MONTH_DAYS * kept
    out.scaleUpLag = MONTH_DAYS * fleet.scaleUpLagHours * added
  } else {
    let idle = 0
    let coldStarts = 0
    for (let h = 0; h < PROFILE_HOURS; h++) {
      const requests = perHour * (weights[h] as number)
      const missed = Math.exp(-(requests / 3600) * fleet.idleTimeoutSeconds)
      const warm = 1 - missed
      const work = requests / capacity
      if (warm > work) idle += warm - work
      coldStarts += requests * missed
    }
    out.idle = MONTH_DAYS * idle
    out.coldStartCount = MONTH_DAYS * coldStarts
    out.coldStarts = (out.coldStartCount * fleet.coldStartSeconds) / 3600
  }
  out.total = gpuHoursPerMonth(requestsPerMonth, weights, fleet)
  return out
}
