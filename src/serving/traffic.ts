/**
 * The daily traffic profile of a self-hosted model: 24 hourly weights with mean 1, either the
 * scenario's own (`hourlyWeights`, any scale: requests per hour from logs) or a von Mises
 * day that peaks at `peakToAverage` times the average (kernel/sim/gpu-hours.ts). Always-on
 * hosting plans for the peak weight; autoscaling and serverless hosting follow the hours.
 */
import { dailyProfile, PROFILE_HOURS } from '../../kernel/sim/gpu-hours.js'

/** The traffic fields of a self-hosted scenario. */
export interface TrafficShape {
  peakToAverage: number
  hourlyWeights?: readonly number[] | undefined
}

/** The hour of the day the von Mises profile peaks at (for figures; costs do not depend on it). */
export const PEAK_HOUR = 14

/**
 * The day's 24 traffic weights, mean 1: the scenario's hourly weights scaled to mean 1, or the
 * von Mises day of its peak-to-average ratio, peaking at {@link PEAK_HOUR}.
 *
 * @throws {RangeError} when the hourly weights are not 24 non-negative numbers with a positive sum
 * @example
 * const day = trafficWeights({ peakToAverage: 1, hourlyWeights: [...new Array(12).fill(1), ...new Array(12).fill(3)] })
 * const ends = [day[0], day[23]]
 * ends // => [0.5, 1.5]
 * Math.max(...trafficWeights({ peakToAverage: 3 })) // => 3
 */
export function trafficWeights(shape: TrafficShape): Float64Array {
  const out = new Float64Array(PROFILE_HOURS)
  const own = shape.hourlyWeights
  if (own === undefined) return dailyProfile(shape.peakToAverage, PEAK_HOUR, out)
  if (own.length !== PROFILE_HOURS || own.some((w) => !(w >= 0) || !Number.isFinite(w))) {
    throw new RangeError(`invalid hourlyWeights: ${JSON.stringify(own)} (must be ${PROFILE_HOURS} finite numbers >= 0)`)
  }
  const total = own.reduce((a, b) => a + b, 0)
  if (!(total > 0)) throw new RangeError(`invalid hourlyWeights: all zero (some hour must have traffic)`)
  for (let h = 0; h < PROFILE_HOURS; h++) out[h] = ((own[h] as number) * PROFILE_HOURS) / total
  return out
}

/**
 * The peak hour's traffic over the day's average: `peakToAverage`, or with hourly weights their
 * largest over their mean. Always-on hosting provisions for it.
 *
 * @example
 * trafficPeak({ peakToAverage: 2 }) // => 2
 * trafficPeak({ peakToAverage: 2, hourlyWeights: [...new Array(18).fill(1), ...new Array(6).fill(3)] }) // => 2
 */
export function trafficPeak(shape: TrafficShape): number {
  if (shape.hourlyWeights === undefined) return shape.peakToAverage
  // A plain loop: the simulation's fill calls this for every draw, and a spread would allocate.
  const own = shape.hourlyWeights
  let total = 0
  let peak = 0
  for (let h = 0; h < own.length; h++) {
    const w = own[h] as number
    total += w
    if (w > peak) peak = w
  }
  return (peak * PROFILE_HOURS) / total
}
