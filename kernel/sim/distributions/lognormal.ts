/**
 * The lognormal distribution: X = exp(Y) with Y ~ Normal(mu, sigma). Positive and right-skewed,
 * for volumes, prices and durations. Given either by (mu, sigma) of log X or by the mean and
 * standard deviation of X itself, converted exactly: sigma² = log(1 + (sd/mean)²),
 * mu = log(mean) - sigma²/2 (Johnson, Kotz and Balakrishnan, *Continuous Univariate
 * Distributions*, vol. 1, 2nd ed. (1994), ch. 14, eq. 14.8a-b).
 */
import type { Stream } from '../random.js'
import type { Distribution, IntervalMoments } from './distribution.js'
import { notFiniteAll, notPositive, throwIfProblems, type ParameterProblem } from './messages.js'
import { normalCdf, normalPdf, normalProbabilityBetween, normalQuantile } from './standard-normal.js'

/** Lognormal parameters: `{ mu, sigma }` of log X, or `{ mean, sd }` of X. */
export type LognormalParameters = { mu: number; sigma: number } | { mean: number; sd: number }

/**
 * Problems with lognormal parameters: finite; sigma > 0, or mean > 0 and sd > 0.
 *
 * @example
 * checkLognormal({ mu: 0, sigma: -1 })[0].detail // => 'sigma -1 (must be > 0)'
 */
export function checkLognormal(parameters: LognormalParameters): ParameterProblem[] {
  if ('mu' in parameters) {
    const problems = notFiniteAll({ mu: parameters.mu, sigma: parameters.sigma })
    if (problems.length > 0) return problems
    const positive = notPositive('sigma', parameters.sigma)
    return positive ? [positive] : []
  }
  const problems = notFiniteAll({ mean: parameters.mean, sd: parameters.sd })
  if (problems.length > 0) return problems
  return [notPositive('mean', parameters.mean, 'lognormal mean must be > 0'), notPositive('sd', parameters.sd)].filter(
    (problem): problem is ParameterProblem => problem !== undefined,
  )
}

/**
 * (mu, sigma) of log X for a lognormal X with mean `mean` and standard deviation `sd`, exactly.
 *
 * @example
 * lognormalFromMoments(1, 0.5) // => { mu: -0.11157177565710488, sigma: 0.47238072707743883 }
 * // sigma² = log(1 + 0.5²) = 0.22314355; mu = log 1 - sigma² / 2
 */
export function lognormalFromMoments(mean: number, sd: number): { mu: number; sigma: number } {
  const ratio = sd / mean
  const sigma2 = Math.log1p(ratio * ratio)
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) }
}

/**
 * Lognormal(mu, sigma): mean exp(mu + sigma²/2), variance (exp(sigma²) - 1) exp(2mu + sigma²)
 * (the given mean and sd² when built from them); CDF Φ((log x - mu)/sigma); samples
 * exp(mu + sigma Φ⁻¹(u)), one draw each.
 *
 * @example
 * new Lognormal({ mu: 0, sigma: 1 }).quantile(0.5) // => 1 (the median is e^mu)
 * new Lognormal({ mu: 0, sigma: 1 }).mean // => 1.6487212707 (e^(1/2))
 */
export class Lognormal implements Distribution {
  readonly kind = 'lognormal' as const
  readonly mu: number
  readonly sigma: number
  readonly mean: number
  readonly variance: number
  readonly lower = 0
  readonly upper = Infinity
  readonly quantileIsClosedForm = true

  /** @throws {DistributionError} unless sigma > 0 (or mean > 0 and sd > 0), all finite */
  constructor(parameters: LognormalParameters) {
    throwIfProblems('lognormal', checkLognormal(parameters))
    if ('mu' in parameters) {
      this.mu = parameters.mu
      this.sigma = parameters.sigma
      const sigma2 = this.sigma * this.sigma
      this.mean = Math.exp(this.mu + sigma2 / 2)
      this.variance = Math.expm1(sigma2) * Math.exp(2 * this.mu + sigma2)
    } else {
      const { mu, sigma } = lognormalFromMoments(parameters.mean, parameters.sd)
      this.mu = mu
      this.sigma = sigma
      this.mean = parameters.mean
      this.variance = parameters.sd * parameters.sd
    }
  }

  pdf(x: number): number {
    if (!(x > 0)) return 0
    return normalPdf((Math.log(x) - this.mu) / this.sigma) / (x * this.sigma)
  }
  cdf(x: number): number {
    if (!(x > 0)) return 0
    return normalCdf((Math.log(x) - this.mu) / this.sigma)
  }
  sf(x: number): number {
    if (!(x > 0)) return 1
    return normalCdf((this.mu - Math.log(x)) / this.sigma)
  }
  quantile(p: number): number {
    return Math.exp(this.mu + this.sigma * normalQuantile(p))
  }
  isf(q: number): number {
    return Math.exp(this.mu - this.sigma * normalQuantile(q))
  }
  drawFrom(source: Stream): number {
    return Math.exp(this.mu + this.sigma * normalQuantile(source.nextOpen01()))
  }
  sample(stream: Stream): number {
    return Math.exp(this.mu + this.sigma * normalQuantile(stream.nextOpen01()))
  }
  sampleInto(stream: Stream, out: Float64Array): void {
    stream.fillOpen01(out)
    const mu = this.mu
    const sigma = this.sigma
    for (let i = 0; i < out.length; i++) out[i] = Math.exp(mu + sigma * normalQuantile(out[i] as number))
  }

  /**
   * E[X^k; a < X < b] = exp(k mu + k² sigma²/2) [Φ(β - kσ) - Φ(α - kσ)] with α, β the
   * standardized log bounds (Johnson, Kotz and Balakrishnan, vol. 1, eq. 14.10).
   */
  momentsBetween(lower: number, upper: number): IntervalMoments {
    if (lower <= 0 && upper === Infinity) return { mass: 1, mean: this.mean, variance: this.variance }
    const alpha = lower > 0 ? (Math.log(lower) - this.mu) / this.sigma : -Infinity
    const beta = upper > 0 ? (Math.log(upper) - this.mu) / this.sigma : -Infinity
    const mass = normalProbabilityBetween(alpha, beta)
    if (!(mass > 0)) return { mass: 0, mean: Number.NaN, variance: Number.NaN }
    const s = this.sigma
    const first = (Math.exp(this.mu + (s * s) / 2) * normalProbabilityBetween(alpha - s, beta - s)) / mass
    const second = (Math.exp(2 * this.mu + 2 * s * s) * normalProbabilityBetween(alpha - 2 * s, beta - 2 * s)) / mass
    return { mass, mean: first, variance: Math.max(0, second - first * first) }
  }
}

/**
 * Lognormal from `{ mu, sigma }` of log X or `{ mean, sd }` of X.
 *
 * @throws {DistributionError} unless sigma > 0 (or mean > 0 and sd > 0), all finite
 * @example
 * lognormal({ mean: 2_000_000, sd: 500_000 }).mean // => 2_000_000
 * lognormal({ mu: 0, sigma: 0.5 }).quantile(0.5) // => 1
 */
export function lognormal(parameters: LognormalParameters): Lognormal {
  return new Lognormal(parameters)
}
