/**
 * A fixed value: the distribution of a number that is not uncertain. Lets every numeric input of
 * a scenario go through the same sampler.
 */
import type { Stream } from '../random.js'
import type { Distribution, IntervalMoments } from './distribution.js'
import { notFiniteAll, throwIfProblems, type ParameterProblem } from './messages.js'

/**
 * Problems with the parameter of a fixed value: it must be a finite number.
 *
 * @example
 * checkFixed(Number.NaN)[0].detail // => 'value NaN (must be a finite number)'
 */
export function checkFixed(value: number): ParameterProblem[] {
  return notFiniteAll({ value })
}

/**
 * The point mass at `value`: mean `value`, variance 0. Sampling returns `value` and still consumes
 * one draw per sample (the kernel's contract), in O(1) per call to `sampleInto`.
 *
 * @example
 * new Fixed(3).quantile(0.9) // => 3
 */
export class Fixed implements Distribution {
  readonly kind = 'fixed' as const
  readonly value: number
  readonly mean: number
  readonly variance = 0
  readonly lower: number
  readonly upper: number
  readonly quantileIsClosedForm = true

  /** @throws {DistributionError} when `value` is not finite */
  constructor(value: number) {
    throwIfProblems('fixed', checkFixed(value))
    this.value = value
    this.mean = value
    this.lower = value
    this.upper = value
  }

  pdf(x: number): number {
    return x === this.value ? Infinity : 0
  }
  cdf(x: number): number {
    return x < this.value ? 0 : 1
  }
  sf(x: number): number {
    return x < this.value ? 1 : 0
  }
  quantile(p: number): number {
    return p >= 0 && p <= 1 ? this.value : Number.NaN
  }
  isf(q: number): number {
    return q >= 0 && q <= 1 ? this.value : Number.NaN
  }
  drawFrom(_source: Stream): number {
    return this.value
  }
  sample(stream: Stream): number {
    stream.skip(1)
    return this.value
  }
  sampleInto(stream: Stream, out: Float64Array): void {
    out.fill(this.value)
    stream.skip(out.length)
  }
  momentsBetween(lower: number, upper: number): IntervalMoments {
    const inside = lower <= this.value && this.value <= upper
    return inside ? { mass: 1, mean: this.value, variance: 0 } : { mass: 0, mean: Number.NaN, variance: Number.NaN }
  }
}

/**
 * A fixed value (what a plain number in a scenario becomes).
 *
 * @throws {DistributionError} when `value` is not finite
 * @example
 * fixed(1200).sample(createStream(1, 0)) // => 1200
 */
export function fixed(value: number): Fixed {
  return new Fixed(value)
}
