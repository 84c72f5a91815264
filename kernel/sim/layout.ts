/**
 * The numeric form of a scenario that the simulation kernel runs: per draw, a few global values
 * and, per strategy, a fixed block of cost coefficients. `src/sim/compile.ts` fills them from a
 * (sampled) scenario; `kernel/sim/month-loop.ts` turns them into month-by-month costs exactly as
 * the decision engine's `monthlyTimeline` does (a test holds the two equal to 1e-9).
 *
 * Month m = 1..H of one draw, for one strategy:
 *   requests   v_m  = FIRST_MONTH_REQUESTS x (1 + MONTHLY_GROWTH)^(m-1)
 *   price      p_m  = (1 + PRICE_CHANGE)^(m-1)          (frontier token prices drift)
 *   age        a_m  = m - (last training month <= m), training at month 1 and at every retraining
 *                     month R+1, 2R+1, ... (R = RETRAIN_EVERY; 0 = never)
 *   drift      d_m  = min(ESCALATION_DRIFT_CAP_USD, ESCALATION_DRIFT_USD x a_m)
 *   per request     = PER_REQUEST_OTHER_USD + p_m x (PER_REQUEST_FRONTIER_USD + d_m)
 *   hosting         = REQUESTS_PER_GPU_MONTH > 0 (self-hosted)
 *                     ? always-on (HOSTING_MODE 0): max(MIN_REPLICAS, ceil(v_m / REQUESTS_PER_GPU_MONTH x (1 - 1e-12))) x GPU_MONTH_USD
 *                       autoscaling (1) or serverless (2): gpuHoursPerMonth(v_m, the day of PEAK_TO_AVERAGE or the
 *                       model's own hourly weights, REQUESTS_PER_GPU_HOUR, MIN_REPLICAS, SCALE_UP_LAG_HOURS,
 *                       IDLE_TIMEOUT_SECONDS, COLD_START_SECONDS) / 730 x GPU_MONTH_USD (gpu-hours.ts)
 *                     : 0
 *   retraining      = m is a retraining month ? RETRAIN_OTHER_USD + p_m x RETRAIN_FRONTIER_USD : 0
 *   total      c_m  = v_m x per request + FIXED_MONTHLY_USD + hosting + retraining
 * Horizon total = ONE_TIME_USD + sum of c_m; present value = ONE_TIME_USD + sum c_m / (1 + r)^m with
 * r = (1 + ANNUAL_DISCOUNT_RATE)^(1/12) - 1. Payback against prompting (strategy 0): the first
 * month whose cumulative savings are >= 0, interpolated linearly within the month (0 when
 * month 0 already saves; none within the horizon: no payback).
 */

/** Global values of one draw. */
export const GLOBAL = {
  FIRST_MONTH_REQUESTS: 0,
  MONTHLY_GROWTH: 1,
  PRICE_CHANGE: 2,
  ANNUAL_DISCOUNT_RATE: 3,
  /** Peak-hour traffic over the average: the day's profile for autoscaling and serverless hosting (gpu-hours.ts). */
  PEAK_TO_AVERAGE: 4,
} as const
/** Number of global values per draw. */
export const GLOBAL_SIZE = 5

/** Coefficients of one strategy in one draw. */
export const COEFF = {
  ONE_TIME_USD: 0,
  FIXED_MONTHLY_USD: 1,
  PER_REQUEST_OTHER_USD: 2,
  PER_REQUEST_FRONTIER_USD: 3,
  ESCALATION_DRIFT_USD: 4,
  ESCALATION_DRIFT_CAP_USD: 5,
  RETRAIN_OTHER_USD: 6,
  RETRAIN_FRONTIER_USD: 7,
  REQUESTS_PER_GPU_MONTH: 8,
  GPU_MONTH_USD: 9,
  MIN_REPLICAS: 10,
  RETRAIN_EVERY: 11,
  /** HOSTING_MODE of gpu-hours.ts: 0 always-on, 1 autoscaling, 2 serverless. */
  HOSTING_MODE: 12,
  /** Requests one GPU serves an hour at the planned utilisation (autoscaling, serverless). */
  REQUESTS_PER_GPU_HOUR: 13,
  SCALE_UP_LAG_HOURS: 14,
  IDLE_TIMEOUT_SECONDS: 15,
  COLD_START_SECONDS: 16,
} as const
/** Number of coefficients per strategy. */
export const COEFF_SIZE = 17
