/**
 * The PERT distribution: a beta distribution on [min, max] shaped by the most likely value
 * `mode` and a weight `lambda` (4 in classic PERT), with α = 1 + λ(mode - min)/(max - min),
 * β = 1 + λ(max - mode)/(max - min), so the mean is (min + λ mode + max)/(λ + 2). A smoother
 * three-point estimate than the triangular, with thinner tails.
 *
 * Source: Vose, *Risk Analysis: A Quantitative Guide*, 3rd ed. (2008), §III.7 "PERT" (the
 * "modified PERT" with λ); Malcolm, Roseboom, Clark and Fazar, "Application of a technique for
 * research and development program evaluation", Operations Research 7 (1959) 646-669 (λ = 4).
 */
import type { Stream } from '../random.js'
import { Beta } from './beta.js'
import type { Distribution, IntervalMoments } from './distribution.js'
import { modeProblems, notFiniteAll, notPositive, throwIfProblems, type ParameterProblem } from './messages.js'

/**
 * Problems with PERT parameters: finite, min < max, min <= mode <= max, lambda > 0.
 *
 * @example
 * checkPert(0, 5, 4)[0].detail // => 'mode 5 > max 4 (must be min <= mode <= max)'
 */
export function checkPert(min: number, mode: number, max: number, lambda = 4): ParameterProblem[] {
  const problems = notFiniteAll({ min, mode, max, lambda })
  if (problems.length > 0) return problems
  const positive = notPositive('lambda', lambda)
  return [...modeProblems('pert', min, mode, max), ...(positive ? [positive] : [])]
}

/**
 * PERT(min, mode, max, lambda): everything delegates to the equivalent {@link Beta} on
 * [min, max].
 *
 * @example
 * new Pert(0, 1, 4).mean // => 1.3333333333333333 (= (0 + 4*1 + 4) / 6)
 */
export class Pert implements Distribution {
  readonly kind = 'pert' as const
  readonly min: number
  readonly mode: number
  readonly max: number
  readonly lambda: number
  /** The equivalent beta on [min, max]. */
  readonly beta: Beta
  readonly mean: number
  readonly variance: number
  readonly lower: number
  readonly upper: number
  readonly quantileIsClosedForm = false

  /** @throws {DistributionError} unless min <= mode <= max, min < max and lambda > 0, all finite */
  constructor(min: number, mode: number, max: number, lambda = 4) {
    throwIfProblems('pert', checkPert(min, mode, max, lambda))
    this.min = min
    this.mode = mode
    this.max = max
    this.lambda = lambda
    const width = max - min
    this.beta = new Beta(1 + (lambda * (mode - min)) / width, 1 + (lambda * (max - mode)) / width, min, max)
    this.mean = this.beta.mean
    this.variance = this.beta.variance
    this.lower = min
    this.upper = max
  }

  pdf(x: number): number {
    return this.beta.pdf(x)
  }
  cdf(x: number): number {
    return this.beta.cdf(x)
  }
  sf(x: number): number {
    return this.beta.sf(x)
  }
  quantile(p: number): number {
    return this.beta.quantile(p)
  }
  isf(q: number): number {
    return this.beta.isf(q)
  }
  drawFrom(source: Stream): number {
    return this.beta.drawFrom(source)
  }
  sample(stream: Stream): number {
    return this.beta.sample(stream)
  }
  sampleInto(stream: Stream, out: Float64Array): void {
    this.beta.sampleInto(stream, out)
  }
  momentsBetween(lower: number, upper: number): IntervalMoments {
    return this.beta.momentsBetween(lower, upper)
  }
}

/**
 * PERT on [min, max] with most likely value `mode` and weight `lambda` (default 4).
 *
 * @throws {DistributionError} unless min <= mode <= max, min < max and lambda > 0, all finite
 * @example
 * pert(1, 2, 6).mean // => 2.5 (= (1 + 4*2 + 6) / 6)
 */
export function pert(min: number, mode: number, max: number, lambda = 4): Pert {
  return new Pert(min, mode, max, lambda)
}
