/**
 * The beta distribution with shapes alpha, beta on [min, max] (default [0, 1]): for fractions
 * and rates (agreement, escalation share, pass rates), and the base of PERT.
 */
import type { Stream } from '../random.js'
import { betaInverseTable, betaTableQuantile, type BetaInverseTable } from './beta-inverse-table.js'
import type { Distribution, IntervalMoments } from './distribution.js'
import { gammaConstants, gammaVariate, logGammaVariate, type GammaConstants } from './gamma-variate.js'
import {
  inverseRegularizedBeta,
  inverseRegularizedBetaComplement,
  regularizedBeta,
  regularizedBetaComplement,
} from './incomplete-beta.js'
import { logBeta } from './log-gamma.js'
import { notFiniteAll, notIncreasing, throwIfProblems, type ParameterProblem } from './messages.js'

/**
 * Problems with beta parameters: finite, alpha > 0 and beta > 0, min < max.
 *
 * @example
 * checkBeta(0, 2)[0].detail // => 'alpha 0 (must be > 0)'
 */
export function checkBeta(alpha: number, beta: number, min = 0, max = 1): ParameterProblem[] {
  const problems = notFiniteAll({ alpha, beta, min, max })
  if (problems.length > 0) return problems
  const rule = 'beta alpha and beta must be > 0'
  if (!(alpha > 0)) problems.push({ field: 'alpha', rule, value: alpha, detail: `alpha ${alpha} (must be > 0)` })
  if (!(beta > 0)) problems.push({ field: 'beta', rule, value: beta, detail: `beta ${beta} (must be > 0)` })
  const order = notIncreasing('beta', min, max)
  if (order) problems.push(order)
  return problems
}

/**
 * Beta(alpha, beta) scaled to [min, max]: mean min + w α/(α+β), variance w² αβ / ((α+β)²(α+β+1))
 * with w = max - min. CDF by the incomplete-beta continued fraction, quantile by its Halley
 * inversion (iterative). Samples by inversion, one uniform per sample, through the tabulated
 * inverse CDF of `beta-inverse-table.ts` (exact in the tails, interpolated elsewhere with a
 * proven bound: the sampled CDF is within {@link Beta.samplingError} of the exact one). The
 * exact gamma-ratio sampler (X = Ga / (Ga + Gb), Ga ~ Gamma(α), Gb ~ Gamma(β) by
 * Marsaglia-Tsang) stays as {@link Beta.drawByGammas}, the reference the table is tested
 * against.
 *
 * @example
 * new Beta(2, 5).cdf(0.3) // => 0.57982500000000 (exactly 0.579825; scipy.stats.beta(2, 5).cdf(0.3))
 */
export class Beta implements Distribution {
  readonly kind = 'beta' as const
  readonly alpha: number
  readonly beta: number
  readonly min: number
  readonly max: number
  readonly mean: number
  readonly variance: number
  readonly lower: number
  readonly upper: number
  readonly quantileIsClosedForm = false
  private readonly width: number
  private readonly logB: number
  private readonly gammaA: GammaConstants
  private readonly gammaB: GammaConstants
  /** Both shapes >= 1: Ga / (Ga + Gb) directly; otherwise in logs (Gamma variates of shape < 1 can underflow). */
  private readonly direct: boolean
  private inverseTable: BetaInverseTable | undefined

  /** @throws {DistributionError} unless alpha > 0, beta > 0 and min < max, all finite */
  constructor(alpha: number, beta: number, min = 0, max = 1) {
    throwIfProblems('beta', checkBeta(alpha, beta, min, max))
    this.alpha = alpha
    this.beta = beta
    this.min = min
    this.max = max
    this.lower = min
    this.upper = max
    this.width = max - min
    const total = alpha + beta
    this.mean = min + (this.width * alpha) / total
    this.variance = (this.width * this.width * alpha * beta) / (total * total * (total + 1))
    this.logB = logBeta(alpha, beta)
    this.gammaA = gammaConstants(alpha)
    this.gammaB = gammaConstants(beta)
    this.direct = alpha >= 1 && beta >= 1
  }

  pdf(x: number): number {
    const y = (x - this.min) / this.width
    if (y < 0 || y > 1) return 0
    const log = (this.alpha - 1) * Math.log(y) + (this.beta - 1) * Math.log1p(-y) - this.logB
    return Math.exp(log) / this.width
  }
  cdf(x: number): number {
    return regularizedBeta((x - this.min) / this.width, this.alpha, this.beta)
  }
  sf(x: number): number {
    return regularizedBetaComplement((x - this.min) / this.width, this.alpha, this.beta)
  }
  quantile(p: number): number {
    return Math.min(this.min + this.width * inverseRegularizedBeta(p, this.alpha, this.beta), this.max)
  }
  isf(q: number): number {
    return Math.min(this.min + this.width * inverseRegularizedBetaComplement(q, this.alpha, this.beta), this.max)
  }
  /** The inverse-CDF table, built on the first sample (a few milliseconds, once per shape pair and thread). */
  private get table(): BetaInverseTable {
    this.inverseTable ??= betaInverseTable(this.alpha, this.beta)
    return this.inverseTable
  }

  /**
   * Proven bound on |F(sample) - u| of the table sampler: how far the sampled CDF can be from the
   * exact one, anywhere.
   *
   * @example
   * new Beta(17, 3).samplingError < 1e-5 // => true
   */
  get samplingError(): number {
    return this.table.maxProbabilityError
  }

  /**
   * One exact sample as Ga / (Ga + Gb) from Marsaglia-Tsang gamma variates (a random number of
   * uniforms from `source`): the reference the table sampler is tested against.
   */
  drawByGammas(source: Stream): number {
    let y: number
    if (this.direct) {
      const ga = gammaVariate(source, this.gammaA)
      const gb = gammaVariate(source, this.gammaB)
      y = ga / (ga + gb)
    } else {
      const logA = logGammaVariate(source, this.gammaA)
      const logB = logGammaVariate(source, this.gammaB)
      y = 1 / (1 + Math.exp(logB - logA))
    }
    return this.min + this.width * y
  }
  drawFrom(source: Stream): number {
    return this.min + this.width * betaTableQuantile(this.table, source.nextOpen01())
  }
  sample(stream: Stream): number {
    return this.drawFrom(stream)
  }
  sampleInto(stream: Stream, out: Float64Array): void {
    stream.fillOpen01(out)
    this.transformUniforms(out)
  }
  /** Turns uniforms in (0, 1) into samples in place (what `sampleInto` does after filling them). */
  transformUniforms(out: Float64Array): void {
    const table = this.table
    const min = this.min
    const width = this.width
    for (let i = 0; i < out.length; i++) out[i] = min + width * betaTableQuantile(table, out[i] as number)
  }

  /** P(lo < Y < hi) for Y ~ Beta(a, b), from the tail that keeps it accurate. */
  private static between(lo: number, hi: number, a: number, b: number): number {
    return regularizedBeta(lo, a, b) > 0.5
      ? regularizedBetaComplement(lo, a, b) - regularizedBetaComplement(hi, a, b)
      : regularizedBeta(hi, a, b) - regularizedBeta(lo, a, b)
  }

  /**
   * E[Y^k; lo < Y < hi] = B(α+k, β)/B(α, β) [I_hi(α+k, β) - I_lo(α+k, β)] for Y on [0, 1], then
   * scaled to [min, max].
   */
  momentsBetween(lower: number, upper: number): IntervalMoments {
    const lo = Math.max(0, (lower - this.min) / this.width)
    const hi = Math.min(1, (upper - this.min) / this.width)
    if (lo <= 0 && hi >= 1) return { mass: 1, mean: this.mean, variance: this.variance }
    const a = this.alpha
    const b = this.beta
    const mass = Beta.between(lo, hi, a, b)
    if (!(lo < hi && mass > 0)) return { mass: 0, mean: Number.NaN, variance: Number.NaN }
    const first = ((a / (a + b)) * Beta.between(lo, hi, a + 1, b)) / mass
    const second = ((a * (a + 1)) / ((a + b) * (a + b + 1))) * (Beta.between(lo, hi, a + 2, b) / mass)
    const variance01 = Math.max(0, second - first * first)
    return { mass, mean: this.min + this.width * first, variance: this.width * this.width * variance01 }
  }
}

/**
 * Beta(alpha, beta) on [min, max] (default [0, 1]).
 *
 * @throws {DistributionError} unless alpha > 0, beta > 0 and min < max, all finite
 * @example
 * beta(90, 10).mean // => 0.9000000000: e.g. an agreement rate measured as 90 of 100
 */
export function beta(alpha: number, beta: number, min = 0, max = 1): Beta {
  return new Beta(alpha, beta, min, max)
}
