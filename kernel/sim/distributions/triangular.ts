/**
 * The triangular distribution on [min, max] with its peak at `mode`: the usual "low, most
 * likely, high" three-point estimate. Density 2(x - min) / ((max - min)(mode - min)) rising to
 * the mode, 2(max - x) / ((max - min)(max - mode)) falling after it.
 *
 * Source: Johnson, Kotz and Balakrishnan, *Continuous Univariate Distributions*, vol. 2, 2nd ed.
 * (1995), ch. 26 §9; the same parameterisation as scipy.stats.triang(c = (mode - min) / (max -
 * min), loc = min, scale = max - min).
 */
import type { Stream } from '../random.js'
import type { Distribution, IntervalMoments } from './distribution.js'
import { modeProblems, notFiniteAll, throwIfProblems, type ParameterProblem } from './messages.js'

/**
 * Problems with triangular parameters: finite, min < max, min <= mode <= max.
 *
 * @example
 * checkTriangular(0.1, 0.05, 0.2)[0].detail // => 'min 0.1 > mode 0.05 (must be min <= mode <= max)'
 */
export function checkTriangular(min: number, mode: number, max: number): ParameterProblem[] {
  const problems = notFiniteAll({ min, mode, max })
  return problems.length > 0 ? problems : modeProblems('triangular', min, mode, max)
}

// Three-point Gauss-Legendre: exact for polynomials of degree <= 5, so for x^k times a linear density.
const GL_NODE = Math.sqrt(3 / 5)
const GL_OUTER = 5 / 9
const GL_CENTER = 8 / 9

/**
 * Triangular(min, mode, max): mean (min + mode + max) / 3, variance
 * (a^2 + b^2 + c^2 - ab - ac - bc) / 18 (computed shifted by min to avoid cancellation);
 * inverse-CDF sampling in closed form, one draw per sample.
 *
 * @example
 * new Triangular(0, 1, 4).quantile(0.25) // => 1 (F(mode) = (mode - min)/(max - min) = 0.25)
 */
export class Triangular implements Distribution {
  readonly kind = 'triangular' as const
  readonly min: number
  readonly mode: number
  readonly max: number
  readonly mean: number
  readonly variance: number
  readonly lower: number
  readonly upper: number
  readonly quantileIsClosedForm = true
  private readonly width: number
  /** (max - min)(mode - min) */
  private readonly leftScale: number
  /** (max - min)(max - mode) */
  private readonly rightScale: number
  /** F(mode) = (mode - min) / (max - min) */
  private readonly split: number

  /** @throws {DistributionError} unless min <= mode <= max and min < max, all finite */
  constructor(min: number, mode: number, max: number) {
    throwIfProblems('triangular', checkTriangular(min, mode, max))
    this.min = min
    this.mode = mode
    this.max = max
    this.lower = min
    this.upper = max
    this.width = max - min
    this.leftScale = this.width * (mode - min)
    this.rightScale = this.width * (max - mode)
    this.split = (mode - min) / this.width
    const c = mode - min
    const b = this.width
    this.mean = min + (b + c) / 3
    this.variance = (b * b + c * c - b * c) / 18
  }

  pdf(x: number): number {
    if (x < this.min || x > this.max) return 0
    if (x < this.mode) return (2 * (x - this.min)) / this.leftScale
    if (x > this.mode) return (2 * (this.max - x)) / this.rightScale
    return 2 / this.width
  }
  cdf(x: number): number {
    if (x <= this.min) return 0
    if (x >= this.max) return 1
    if (x <= this.mode) return ((x - this.min) * (x - this.min)) / this.leftScale
    return 1 - ((this.max - x) * (this.max - x)) / this.rightScale
  }
  sf(x: number): number {
    if (x <= this.min) return 1
    if (x >= this.max) return 0
    if (x <= this.mode) return 1 - ((x - this.min) * (x - this.min)) / this.leftScale
    return ((this.max - x) * (this.max - x)) / this.rightScale
  }
  quantile(p: number): number {
    if (!(p >= 0 && p <= 1)) return Number.NaN
    if (p <= this.split) return Math.min(this.min + Math.sqrt(p * this.leftScale), this.max)
    return Math.max(this.max - Math.sqrt((1 - p) * this.rightScale), this.min)
  }
  isf(q: number): number {
    if (!(q >= 0 && q <= 1)) return Number.NaN
    if (q <= 1 - this.split) return Math.max(this.max - Math.sqrt(q * this.rightScale), this.min)
    return Math.min(this.min + Math.sqrt((1 - q) * this.leftScale), this.max)
  }
  drawFrom(source: Stream): number {
    return this.quantile(source.nextFloat64())
  }
  sample(stream: Stream): number {
    return this.quantile(stream.nextFloat64())
  }
  sampleInto(stream: Stream, out: Float64Array): void {
    stream.fill(out)
    for (let i = 0; i < out.length; i++) out[i] = this.quantile(out[i] as number)
  }

  /** ∫ g(x) pdf(x) dx over [lo, hi], exactly for polynomial g of degree <= 3. */
  private integrate(lo: number, hi: number, g: (x: number) => number): number {
    let total = 0
    const pieces: Array<[number, number]> = [
      [lo, Math.min(hi, this.mode)],
      [Math.max(lo, this.mode), hi],
    ]
    for (const [a, b] of pieces) {
      if (!(a < b)) continue
      const half = (b - a) / 2
      const center = (a + b) / 2
      const at = (x: number) => g(x) * this.pdf(x)
      total += half * (GL_OUTER * at(center - half * GL_NODE) + GL_CENTER * at(center) + GL_OUTER * at(center + half * GL_NODE))
    }
    return total
  }

  momentsBetween(lower: number, upper: number): IntervalMoments {
    const lo = Math.max(lower, this.min)
    const hi = Math.min(upper, this.max)
    if (lo <= this.min && hi >= this.max) return { mass: 1, mean: this.mean, variance: this.variance }
    if (!(lo < hi)) return { mass: 0, mean: Number.NaN, variance: Number.NaN }
    const mass = this.cdf(lo) > 0.5 ? this.sf(lo) - this.sf(hi) : this.cdf(hi) - this.cdf(lo)
    if (!(mass > 0)) return { mass: 0, mean: Number.NaN, variance: Number.NaN }
    const mean = lo + this.integrate(lo, hi, (x) => x - lo) / mass
    const variance = this.integrate(lo, hi, (x) => (x - mean) * (x - mean)) / mass
    return { mass, mean, variance }
  }
}

/**
 * Triangular on [min, max] with its peak at `mode` (a three-point estimate).
 *
 * @throws {DistributionError} unless min <= mode <= max and min < max, all finite
 * @example
 * triangular(0, 0.02, 0.1).mean // => 0.04 (= (0 + 0.02 + 0.1) / 3)
 */
export function triangular(min: number, mode: number, max: number): Triangular {
  return new Triangular(min, mode, max)
}
