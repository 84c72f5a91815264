/**
 * The continuous uniform distribution on [min, max]: every value in the range equally likely.
 * For an input known only by its plausible range.
 */
import type { Stream } from '../random.js'
import type { Distribution, IntervalMoments } from './distribution.js'
import { notFiniteAll, notIncreasing, throwIfProblems, type ParameterProblem } from './messages.js'

/**
 * Problems with uniform parameters: finite, min < max.
 *
 * @example
 * checkUniform(3, 1)[0].detail // => 'min 3 > max 1 (must be min < max)'
 */
export function checkUniform(min: number, max: number): ParameterProblem[] {
  const problems = notFiniteAll({ min, max })
  if (problems.length > 0) return problems
  const order = notIncreasing('uniform', min, max)
  return order ? [order] : []
}

/**
 * Uniform(min, max): mean (min + max) / 2, variance (max - min)^2 / 12; CDF (x - min) / (max - min).
 * Samples min + (max - min) u with u = {@link Stream.nextFloat64}.
 *
 * @example
 * new Uniform(0, 10).quantile(0.25) // => 2.5
 */
export class Uniform implements Distribution {
  readonly kind = 'uniform' as const
  readonly min: number
  readonly max: number
  readonly width: number
  readonly mean: number
  readonly variance: number
  readonly lower: number
  readonly upper: number
  readonly quantileIsClosedForm = true

  /** @throws {DistributionError} unless min < max, both finite */
  constructor(min: number, max: number) {
    throwIfProblems('uniform', checkUniform(min, max))
    this.min = min
    this.max = max
    this.width = max - min
    this.mean = min + this.width / 2
    this.variance = (this.width * this.width) / 12
    this.lower = min
    this.upper = max
  }

  pdf(x: number): number {
    return x >= this.min && x <= this.max ? 1 / this.width : 0
  }
  cdf(x: number): number {
    if (x <= this.min) return 0
    if (x >= this.max) return 1
    return (x - this.min) / this.width
  }
  sf(x: number): number {
    if (x <= this.min) return 1
    if (x >= this.max) return 0
    return (this.max - x) / this.width
  }
  quantile(p: number): number {
    if (!(p >= 0 && p <= 1)) return Number.NaN
    return Math.min(this.min + p * this.width, this.max)
  }
  isf(q: number): number {
    if (!(q >= 0 && q <= 1)) return Number.NaN
    return Math.max(this.max - q * this.width, this.min)
  }
  drawFrom(source: Stream): number {
    return this.min + this.width * source.nextFloat64()
  }
  sample(stream: Stream): number {
    return this.min + this.width * stream.nextFloat64()
  }
  sampleInto(stream: Stream, out: Float64Array): void {
    stream.fill(out)
    const min = this.min
    const width = this.width
    for (let i = 0; i < out.length; i++) out[i] = min + width * (out[i] as number)
  }
  momentsBetween(lower: number, upper: number): IntervalMoments {
    const lo = Math.max(lower, this.min)
    const hi = Math.min(upper, this.max)
    if (!(lo < hi)) return { mass: 0, mean: Number.NaN, variance: Number.NaN }
    const width = hi - lo
    return { mass: width / this.width, mean: lo + width / 2, variance: (width * width) / 12 }
  }
}

/**
 * Uniform on [min, max].
 *
 * @throws {DistributionError} unless min < max, both finite
 * @example
 * uniform(0.02, 0.08).mean // => 0.05
 */
export function uniform(min: number, max: number): Uniform {
  return new Uniform(min, max)
}
