/**
 * The month loop of one draw: every strategy's cost month by month over the horizon, from the
 * draw's global values and coefficient blocks (see `layout.ts` for the formulas). One fused pass
 * per strategy, no allocation: the caller owns every buffer, so a worker reuses the same ones for
 * millions of draws.
 *
 * It computes what the decision engine's `monthlyTimeline`, `presentValueUSD` and
 * `paybackMonths` (src/breakeven/) compute for the same coefficients; volume, price and discount
 * factors are carried forward by multiplication instead of `Math.pow` each month, which keeps
 * them within about 1e-14 relative of the engine's values (a test holds the two within 1e-9).
 */
import { dailyProfile, gpuHoursPerMonth, HOSTING_MODE, PROFILE_HOURS, type FleetParameters } from './gpu-hours.js'
import { COEFF, COEFF_SIZE, GLOBAL } from './layout.js'

/** Hours in an average month: GPU_MONTH_USD is a GPU-hour's price x 730. */
const HOURS_PER_MONTH = 730

/** The buffers one draw's month loop reads and writes. Make them with {@link createDrawBuffers}. */
export interface DrawBuffers {
  /** Strategies in the coefficient block (strategy 0 is the payback baseline, prompting). */
  readonly strategyCount: number
  /** Months simulated. */
  readonly horizonMonths: number
  /** Requests in month m (index m = 1..H; index 0 unused), requests/month. */
  readonly requests: Float64Array
  /** Frontier price factor `(1 + PRICE_CHANGE)^(m-1)` in month m (index 1..H). */
  readonly priceFactor: Float64Array
  /** Discount factor `1 / (1 + r)^m` of month m (index 0..H; index 0 is 1). */
  readonly discountFactor: Float64Array
  /** The annual discount rate `discountFactor` was computed for (NaN before the first draw). */
  readonly discountRateOf: Float64Array
  /** Cumulative cost of strategy s after month m (USD) at `s x (H + 1) + m`; month 0 is the one-time cost. */
  readonly cumulativeUSD: Float64Array
  /** Horizon total of each strategy (USD, undiscounted). */
  readonly horizonTotalUSD: Float64Array
  /** Present value of each strategy's costs (USD). */
  readonly presentValueUSD: Float64Array
  /**
   * Payback month of each strategy against strategy 0, interpolated within the month; 0 when it
   * saves from month 0, `Infinity` when it does not pay back within the horizon, `NaN` for
   * strategy 0 itself.
   */
  readonly paybackMonths: Float64Array
  /**
   * The day's traffic weights (24, mean 1) for autoscaling and serverless hosting: the model's
   * own hourly weights when it has them, else the von Mises day of the draw's PEAK_TO_AVERAGE.
   */
  readonly trafficWeights: Float64Array
  /** The PEAK_TO_AVERAGE `trafficWeights` was computed for (NaN before the first draw; unused with the model's own weights). */
  readonly trafficPeakOf: Float64Array
  /** Whether `trafficWeights` are the model's own (fixed) hourly weights. */
  readonly fixedTraffic: boolean
  /** Scratch for the fleet parameters of one strategy. */
  readonly fleet: FleetParameters
  /**
   * Hourly hosting's cost in month m of the last hourly strategy of this draw, and that strategy's
   * fleet (mode, capacities, replicas, lag, idle timeout, cold start, GPU month price): a strategy
   * with the same fleet reuses it (finetune and distill usually share one) instead of evaluating
   * the day hour by hour again.
   */
  readonly hostingByMonth: Float64Array
  readonly hostingKey: Float64Array
}

/**
 * Buffers for {@link runMonthLoop}: O(strategies x horizon) memory, allocated once.
 * `trafficWeights`: the model's own 24 hourly weights (mean 1), if it has them.
 *
 * @throws {RangeError} unless strategyCount >= 1 and horizonMonths >= 1 are integers and the weights are 24
 * @example
 * const buffers = createDrawBuffers(5, 24)
 * buffers.cumulativeUSD.length // => 125 (5 strategies x months 0..24)
 */
export function createDrawBuffers(strategyCount: number, horizonMonths: number, trafficWeights?: ArrayLike<number>): DrawBuffers {
  if (!Number.isInteger(strategyCount) || strategyCount < 1) throw new RangeError(`invalid strategyCount: ${strategyCount} (must be an integer >= 1)`)
  if (!Number.isInteger(horizonMonths) || horizonMonths < 1) throw new RangeError(`invalid horizonMonths: ${horizonMonths} (must be an integer >= 1)`)
  if (trafficWeights !== undefined && trafficWeights.length !== PROFILE_HOURS) throw new RangeError(`invalid trafficWeights: ${trafficWeights.length} values (must be ${PROFILE_HOURS})`)
  const months = horizonMonths + 1
  return {
    strategyCount,
    horizonMonths,
    requests: new Float64Array(months),
    priceFactor: new Float64Array(months),
    discountFactor: new Float64Array(months),
    discountRateOf: new Float64Array([NaN]),
    cumulativeUSD: new Float64Array(strategyCount * months),
    horizonTotalUSD: new Float64Array(strategyCount),
    presentValueUSD: new Float64Array(strategyCount),
    paybackMonths: new Float64Array(strategyCount),
    trafficWeights: trafficWeights === undefined ? new Float64Array(PROFILE_HOURS) : Float64Array.from(trafficWeights),
    trafficPeakOf: new Float64Array([NaN]),
    fixedTraffic: trafficWeights !== undefined,
    fleet: { mode: 0, requestsPerGpuHour: 0, requestsPerGpuMonth: 0, utilisation: 1, minReplicas: 0, scaleUpLagHours: 0, idleTimeoutSeconds: 0, coldStartSeconds: 0 },
    hostingByMonth: new Float64Array(months),
    hostingKey: new Float64Array(8).fill(NaN),
  }
}

/** Whether `key` holds this fleet and GPU month price (NaN never matches: a fresh draw). */
function sameFleet(key: Float64Array, fleet: FleetParameters, gpuMonth: number): boolean {
  return (
    key[0] === fleet.mode &&
    key[1] === fleet.requestsPerGpuHour &&
    key[2] === fleet.requestsPerGpuMonth &&
    key[3] === fleet.minReplicas &&
    key[4] === fleet.scaleUpLagHours &&
    key[5] === fleet.idleTimeoutSeconds &&
    key[6] === fleet.coldStartSeconds &&
    key[7] === gpuMonth
  )
}

/**
 * Runs one draw: fills `out` with every strategy's cumulative cost per month, horizon total,
 * present value and payback month against strategy 0, from `globals` (GLOBAL_SIZE values) and
 * `coeffs` (strategyCount x COEFF_SIZE values, strategy-major). O(strategies x horizon), no
 * allocation.
 *
 * Month m of strategy s (layout.ts): `c_m = v_m x (other + p_m x (frontier + min(cap, drift x
 * age_m))) + fixed + hosting(v_m) + retraining_m`; cumulative = one-time + c_1 + ... + c_m;
 * present value = one-time + sum c_m / (1 + r)^m with r the monthly equivalent of the annual
 * rate; payback = `m - 1 + -S(m-1) / (S(m) - S(m-1))` at the first month whose savings
 * `S(m) = cumulative_0(m) - cumulative_s(m)` are >= 0.
 *
 * @example
 * const globals = Float64Array.from([1_000_000, 0, 0, 0, 1]) // requests in month 1, growth, price change, discount rate, peak-to-average
 * const coeffs = Float64Array.from([
 *   ...[0, 0, 0, 0.01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], // prompt: $0.01 a request in frontier tokens
 *   ...[20_000, 1_000, 0.001, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], // distill: $20,000 once, $1,000 a month, $0.001 a request
 * ])
 * const out = createDrawBuffers(2, 12)
 * runMonthLoop(globals, coeffs, out)
 * out.horizonTotalUSD // => [120_000, 44_000] (12 x $10,000; 20,000 + 12 x $2,000)
 * out.paybackMonths[1] // => 2.5 (savings -20,000 + 8,000 a month: -4,000 after month 2, +4,000 after month 3)
 */
export function runMonthLoop(globals: Float64Array, coeffs: Float64Array, out: DrawBuffers): void {
  const horizon = out.horizonMonths
  const strategies = out.strategyCount
  const requests = out.requests
  const priceFactor = out.priceFactor
  const discountFactor = out.discountFactor
  const cumulative = out.cumulativeUSD

  // Month factors shared by every strategy. The discount factors depend on the annual rate
  // alone and are kept from the previous draw when it has not changed (Math.pow is slow).
  const growth = 1 + (globals[GLOBAL.MONTHLY_GROWTH] as number)
  const priceStep = 1 + (globals[GLOBAL.PRICE_CHANGE] as number)
  const annualRate = globals[GLOBAL.ANNUAL_DISCOUNT_RATE] as number
  if (!(annualRate === out.discountRateOf[0])) {
    const discountStep = 1 + (Math.pow(1 + annualRate, 1 / 12) - 1)
    let compounded = 1
    discountFactor[0] = 1
    for (let m = 1; m <= horizon; m++) {
      compounded *= discountStep
      discountFactor[m] = 1 / compounded
    }
    out.discountRateOf[0] = annualRate
  }
  let volume = globals[GLOBAL.FIRST_MONTH_REQUESTS] as number
  let price = 1
  for (let m = 1; m <= horizon; m++) {
    requests[m] = volume
    priceFactor[m] = price
    volume *= growth
    price *= priceStep
  }

  const row = horizon + 1
  // The months' volumes are this draw's: a cached hourly fleet from the previous draw is stale.
  out.hostingKey[0] = NaN
  for (let s = 0; s < strategies; s++) {
    const c = s * COEFF_SIZE
    const oneTime = coeffs[c + COEFF.ONE_TIME_USD] as number
    const fixed = coeffs[c + COEFF.FIXED_MONTHLY_USD] as number
    const other = coeffs[c + COEFF.PER_REQUEST_OTHER_USD] as number
    const frontier = coeffs[c + COEFF.PER_REQUEST_FRONTIER_USD] as number
    const drift = coeffs[c + COEFF.ESCALATION_DRIFT_USD] as number
    const driftCap = coeffs[c + COEFF.ESCALATION_DRIFT_CAP_USD] as number
    const retrainOther = coeffs[c + COEFF.RETRAIN_OTHER_USD] as number
    const retrainFrontier = coeffs[c + COEFF.RETRAIN_FRONTIER_USD] as number
    const perGpu = coeffs[c + COEFF.REQUESTS_PER_GPU_MONTH] as number
    const gpuMonth = coeffs[c + COEFF.GPU_MONTH_USD] as number
    const minReplicas = coeffs[c + COEFF.MIN_REPLICAS] as number
    const retrainEvery = coeffs[c + COEFF.RETRAIN_EVERY] as number
    const hosted = perGpu > 0
    const hourly = hosted && coeffs[c + COEFF.HOSTING_MODE] !== HOSTING_MODE.ALWAYS_ON
    const fleet = out.fleet
    if (hourly) {
      fleet.mode = coeffs[c + COEFF.HOSTING_MODE] as number
      fleet.requestsPerGpuHour = coeffs[c + COEFF.REQUESTS_PER_GPU_HOUR] as number
      fleet.requestsPerGpuMonth = perGpu
      fleet.minReplicas = minReplicas
      fleet.scaleUpLagHours = coeffs[c + COEFF.SCALE_UP_LAG_HOURS] as number
      fleet.idleTimeoutSeconds = coeffs[c + COEFF.IDLE_TIMEOUT_SECONDS] as number
      fleet.coldStartSeconds = coeffs[c + COEFF.COLD_START_SECONDS] as number
      const peak = globals[GLOBAL.PEAK_TO_AVERAGE] as number
      if (!out.fixedTraffic && !(peak === out.trafficPeakOf[0])) {
        dailyProfile(peak, 0, out.trafficWeights)
        out.trafficPeakOf[0] = peak
      }
    }
    const reuse = hourly && sameFleet(out.hostingKey, fleet, gpuMonth)
    const hostingByMonth = out.hostingByMonth
    const isBaseline = s === 0

    const at = s * row
    let total = oneTime
    let present = oneTime
    cumulative[at] = oneTime
    // Payback against strategy 0 (whose row is already filled): savings S(m) = base(m) - total(m).
    let payback = Infinity
    let savingsBefore = (cumulative[0] as number) - oneTime
    if (savingsBefore >= 0) payback = 0
    let searching = !isBaseline && payback !== 0

    // Training at month 1 and at every retraining month (R + 1, 2R + 1, ...); age counts from it.
    let nextRetrain = retrainEvery > 0 ? retrainEvery + 1 : Infinity
    let age = 0
    for (let m = 1; m <= horizon; m++) {
      const p = priceFactor[m] as number
      const v = requests[m] as number
      let retraining = 0
      if (m === nextRetrain) {
        retraining = retrainOther + p * retrainFrontier
        age = 0
        nextRetrain += retrainEvery
      }
      const escalationDrift = drift * age
      const perRequest = other + p * (frontier + (escalationDrift < driftCap ? escalationDrift : driftCap))
      let hosting = 0
      if (reuse) {
        hosting = hostingByMonth[m] as number
      } else if (hourly) {
        hosting = (gpuHoursPerMonth(v, out.trafficWeights, fleet) / HOURS_PER_MONTH) * gpuMonth
        hostingByMonth[m] = hosting
      } else if (hosted) {
        const gpus = Math.ceil((v / perGpu) * (1 - 1e-12))
        hosting = (gpus > minReplicas ? gpus : minReplicas) * gpuMonth
      }
      const month = v * perRequest + fixed + hosting + retraining
      total += month
      present += month * (discountFactor[m] as number)
      cumulative[at + m] = total
      age += 1
      if (searching) {
        const savings = (cumulative[m] as number) - total
        if (savings >= 0) {
          payback = m - 1 + -savingsBefore / (savings - savingsBefore)
          searching = false
        } else {
          savingsBefore = savings
        }
      }
    }
    if (hourly && !reuse) {
      const key = out.hostingKey
      key[0] = fleet.mode
      key[1] = fleet.requestsPerGpuHour
      key[2] = fleet.requestsPerGpuMonth
      key[3] = fleet.minReplicas
      key[4] = fleet.scaleUpLagHours
      key[5] = fleet.idleTimeoutSeconds
      key[6] = fleet.coldStartSeconds
      key[7] = gpuMonth
    }
    out.horizonTotalUSD[s] = total
    out.presentValueUSD[s] = present
    out.paybackMonths[s] = isBaseline ? NaN : payback
  }
}
