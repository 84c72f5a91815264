/**
 * The normal (Gaussian) distribution with mean `mean` and standard deviation `sd`, in the units
 * of the quantity. Unbounded: truncate it for quantities that cannot be negative.
 */
import type { Stream } from '../random.js'
import type { Distribution, IntervalMoments } from './distribution.js'
import { notFiniteAll, notPositive, throwIfProblems, type ParameterProblem } from './messages.js'
import { normalCdf, normalPdf, normalProbabilityBetween, normalQuantile } from './standard-normal.js'

/**
 * Problems with normal parameters: finite, sd > 0.
 *
 * @example
 * checkNormal(0, 0)[0].detail // => 'sd 0 (must be > 0)'
 */
export function checkNormal(mean: number, sd: number): ParameterProblem[] {
  const problems = notFiniteAll({ mean, sd })
  if (problems.length > 0) return problems
  const positive = notPositive('sd', sd)
  return positive ? [positive] : []
}

/**
 * Normal(mean, sd). CDF by Cody's approximation, quantile by Wichura's AS 241 (both about 1e-16
 * relative, see `standard-normal.ts`); samples mean + sd Φ⁻¹(u) with u in (0, 1), one draw each.
 *
 * Truncated moments (Johnson, Kotz and Balakrishnan, *Continuous Univariate Distributions*,
 * vol. 1, 2nd ed. (1994), §10.1): with α = (a - μ)/σ, β = (b - μ)/σ, Z = Φ(β) - Φ(α),
 * E = μ + σ (φ(α) - φ(β)) / Z and Var = σ² [1 + (αφ(α) - βφ(β)) / Z - ((φ(α) - φ(β)) / Z)²].
 *
 * @example
 * new Normal(100, 15).quantile(0.975) // => 129.39945976810 (scipy.stats.norm(100, 15).ppf(0.975) = 129.39945976810083)
 */
export class Normal implements Distribution {
  readonly kind = 'normal' as const
  readonly mean: number
  readonly sd: number
  readonly variance: number
  readonly lower = -Infinity
  readonly upper = Infinity
  readonly quantileIsClosedForm = true

  /** @throws {DistributionError} unless sd > 0, both finite */
  constructor(mean: number, sd: number) {
    throwIfProblems('normal', checkNormal(mean, sd))
    this.mean = mean
    this.sd = sd
    this.variance = sd * sd
  }

  pdf(x: number): number {
    return normalPdf((x - this.mean) / this.sd) / this.sd
  }
  cdf(x: number): number {
    return normalCdf((x - this.mean) / this.sd)
  }
  sf(x: number): number {
    return normalCdf((this.mean - x) / this.sd)
  }
  quantile(p: number): number {
    return this.mean + this.sd * normalQuantile(p)
  }
  isf(q: number): number {
    return this.mean - this.sd * normalQuantile(q)
  }
  drawFrom(source: Stream): number {
    return this.mean + this.sd * normalQuantile(source.nextOpen01())
  }
  sample(stream: Stream): number {
    return this.mean + this.sd * normalQuantile(stream.nextOpen01())
  }
  sampleInto(stream: Stream, out: Float64Array): void {
    stream.fillOpen01(out)
    const mean = this.mean
    const sd = this.sd
    for (let i = 0; i < out.length; i++) out[i] = mean + sd * normalQuantile(out[i] as number)
  }
  momentsBetween(lower: number, upper: number): IntervalMoments {
    if (lower === -Infinity && upper === Infinity) return { mass: 1, mean: this.mean, variance: this.variance }
    const alpha = (lower - this.mean) / this.sd
    const beta = (upper - this.mean) / this.sd
    const mass = normalProbabilityBetween(alpha, beta)
    if (!(mass > 0)) return { mass: 0, mean: Number.NaN, variance: Number.NaN }
    const phiAlpha = Number.isFinite(alpha) ? normalPdf(alpha) : 0
    const phiBeta = Number.isFinite(beta) ? normalPdf(beta) : 0
    const ratio = (phiAlpha - phiBeta) / mass
    // 1 + (αφ(α) - βφ(β))/Z - r² written as 1 + ((α - r)φ(α) - (β - r)φ(β))/Z: the terms stay
    // small far in a tail, where the textbook form subtracts two numbers near α².
    const alphaTerm = Number.isFinite(alpha) ? (alpha - ratio) * phiAlpha : 0
    const betaTerm = Number.isFinite(beta) ? (beta - ratio) * phiBeta : 0
    const variance = this.variance * Math.max(0, 1 + (alphaTerm - betaTerm) / mass)
    return { mass, mean: this.mean + this.sd * ratio, variance }
  }
}

/**
 * Normal with mean `mean` and standard deviation `sd`.
 *
 * @throws {DistributionError} unless sd > 0, both finite
 * @example
 * normal(0.9, 0.03).cdf(0.95) // => 0.9522096477272 (scipy.stats.norm(0.9, 0.03).cdf(0.95))
 */
export function normal(mean: number, sd: number): Normal {
  return new Normal(mean, sd)
}
