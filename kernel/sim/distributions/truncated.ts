/**
 * Any distribution cut to an interval [min, max] and renormalised: X | min <= X <= max. For
 * quantities with hard limits (a normal volume that cannot go negative, a rate that cannot exceed
 * 1).
 *
 * Sampling: by inverse CDF on the kept probability interval when the base has a closed-form
 * quantile (one draw per sample; exact at any kept mass, far tails included, since the interval
 * is taken from the survival side when it lies in the upper half); otherwise (beta, PERT) by
 * rejection from the base while the kept mass is at least 5 %, with at most 2,000 tries
 * (failure probability below 0.95^2000 ≈ 3e-45) and an error after that, and by the iterative
 * inverse CDF below 5 %.
 */
import { Stream } from '../random.js'
import type { Distribution, IntervalMoments } from './distribution.js'
import { Fixed } from './fixed.js'
import { notFinite, throwIfProblems, truncationRules, type ParameterProblem } from './messages.js'

/** A truncation: keep values in [min, max]; either end may be left open. */
export interface Truncation {
  min?: number | undefined
  max?: number | undefined
}

/** Kept mass below which rejection sampling gives way to the (iterative) inverse CDF. */
const REJECTION_MIN_MASS = 0.05
/** Tries before rejection sampling gives up. */
const MAX_TRIES = 2000

function showBound(value: number | undefined, open: string): string {
  return value === undefined ? open : String(value)
}

/** Support [lower, upper] of base cut to the truncation, and the mass kept, computed from the accurate tail. */
function keptInterval(base: Distribution, truncation: Truncation): { lower: number; upper: number; fromUpperTail: boolean; mass: number; start: number } {
  const lower = Math.max(base.lower, truncation.min ?? -Infinity)
  const upper = Math.min(base.upper, truncation.max ?? Infinity)
  if (!(lower <= upper)) return { lower, upper, fromUpperTail: false, mass: 0, start: 0 }
  const fromUpperTail = base.cdf(lower) > 0.5
  if (fromUpperTail) {
    const start = base.sf(lower)
    return { lower, upper, fromUpperTail, mass: start - base.sf(upper), start }
  }
  const start = base.cdf(lower)
  return { lower, upper, fromUpperTail, mass: base.cdf(upper) - start, start }
}

/**
 * Problems with truncating `base` to `truncation`: bounds finite, min < max, and some probability
 * kept (for a fixed value: the value inside).
 *
 * @example
 * checkTruncation(uniform(0, 1), { min: 2, max: 3 })[0].detail
 * // => 'truncation [2, 3] keeps no probability (support [0, 1])'
 */
export function checkTruncation(base: Distribution, truncation: Truncation): ParameterProblem[] {
  const problems: ParameterProblem[] = []
  for (const end of ['min', 'max'] as const) {
    const value = truncation[end]
    if (value === undefined) continue
    const problem = notFinite(`truncation ${end}`, value)
    if (problem) problems.push({ ...problem, field: `truncate/${end}` })
  }
  if (problems.length > 0) return problems
  const { min, max } = truncation
  if (min !== undefined && max !== undefined && !(min < max)) {
    return [
      {
        field: 'truncate',
        rule: truncationRules.order,
        value: { min, max },
        detail: `truncation min ${min} ${min === max ? '=' : '>'} max ${max} (must be min < max)`,
      },
    ]
  }
  const interval = `[${showBound(min, '-Infinity')}, ${showBound(max, 'Infinity')}]`
  if (base instanceof Fixed) {
    if ((min ?? -Infinity) <= base.value && base.value <= (max ?? Infinity)) return []
    return [
      {
        field: 'truncate',
        rule: truncationRules.fixed,
        value: { min, max },
        detail: `truncation ${interval} excludes the fixed value ${base.value}`,
      },
    ]
  }
  const { mass } = keptInterval(base, truncation)
  if (mass > 0) return []
  return [
    {
      field: 'truncate',
      rule: truncationRules.mass,
      value: { min, max },
      detail: `truncation ${interval} keeps no probability (support [${base.lower}, ${base.upper}])`,
    },
  ]
}

/**
 * `base` conditioned on [min, max]. Exact moments from the base's `momentsBetween` (closed forms
 * for every family); CDF (F(x) - F(a)) / (F(b) - F(a)), or from survival functions when [a, b]
 * lies in the upper half so that far-tail truncations keep their precision.
 *
 * @example
 * new Truncated(normal(0, 1), { min: 0 }).mean // => 0.7978845608028654 (= sqrt(2/π))
 */
export class Truncated implements Distribution {
  readonly kind = 'truncated' as const
  readonly base: Distribution
  readonly mean: number
  readonly variance: number
  readonly lower: number
  readonly upper: number
  readonly quantileIsClosedForm: boolean
  /** Probability of the base in [lower, upper]. */
  readonly mass: number
  /** How samples are drawn: inverse CDF (one draw) or rejection from the base (in a substream). */
  readonly method: 'inverse' | 'rejection'
  private readonly fromUpperTail: boolean
  /** F(lower), or S(lower) when from the upper tail. */
  private readonly start: number
  private readonly substream = new Stream()

  /** @throws {DistributionError} when the bounds are not finite, min >= max, or no probability is kept */
  constructor(base: Distribution, truncation: Truncation) {
    throwIfProblems(base.kind, checkTruncation(base, truncation))
    const kept = keptInterval(base, truncation)
    this.base = base
    this.lower = kept.lower
    this.upper = kept.upper
    this.mass = kept.mass
    this.fromUpperTail = kept.fromUpperTail
    this.start = kept.start
    this.quantileIsClosedForm = base.quantileIsClosedForm
    this.method = base.quantileIsClosedForm || kept.mass < REJECTION_MIN_MASS ? 'inverse' : 'rejection'
    const moments = base.momentsBetween(kept.lower, kept.upper)
    this.mean = moments.mean
    this.variance = moments.variance
  }

  private clamp(x: number): number {
    return Math.min(Math.max(x, this.lower), this.upper)
  }

  pdf(x: number): number {
    return x < this.lower || x > this.upper ? 0 : this.base.pdf(x) / this.mass
  }
  cdf(x: number): number {
    if (x < this.lower) return 0
    if (x >= this.upper) return 1
    const value = this.fromUpperTail ? (this.start - this.base.sf(x)) / this.mass : (this.base.cdf(x) - this.start) / this.mass
    return Math.min(Math.max(value, 0), 1)
  }
  sf(x: number): number {
    if (x < this.lower) return 1
    if (x >= this.upper) return 0
    const value = this.fromUpperTail
      ? (this.base.sf(x) - (this.start - this.mass)) / this.mass
      : (this.start + this.mass - this.base.cdf(x)) / this.mass
    return Math.min(Math.max(value, 0), 1)
  }
  quantile(p: number): number {
    if (!(p >= 0 && p <= 1)) return Number.NaN
    const x = this.fromUpperTail ? this.base.isf(this.start - p * this.mass) : this.base.quantile(this.start + p * this.mass)
    return this.clamp(x)
  }
  isf(q: number): number {
    if (!(q >= 0 && q <= 1)) return Number.NaN
    const x = this.fromUpperTail
      ? this.base.isf(this.start - this.mass + q * this.mass)
      : this.base.quantile(this.start + this.mass - q * this.mass)
    return this.clamp(x)
  }
  drawFrom(source: Stream): number {
    if (this.method === 'inverse') return this.quantile(source.nextOpen01())
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const x = this.base.drawFrom(source)
      if (x >= this.lower && x <= this.upper) return x
    }
    throw new Error(
      `truncated ${this.base.kind}: no value in [${this.lower}, ${this.upper}] after ${MAX_TRIES} tries (kept probability ${this.mass})`,
    )
  }
  sample(stream: Stream): number {
    if (this.method === 'inverse') return this.quantile(stream.nextOpen01())
    stream.splitDraw(this.substream)
    return this.drawFrom(this.substream)
  }
  sampleInto(stream: Stream, out: Float64Array): void {
    if (this.method === 'inverse') {
      stream.fillOpen01(out)
      for (let i = 0; i < out.length; i++) out[i] = this.quantile(out[i] as number)
      return
    }
    const substream = this.substream
    for (let i = 0; i < out.length; i++) {
      stream.splitDraw(substream)
      out[i] = this.drawFrom(substream)
    }
  }
  momentsBetween(lower: number, upper: number): IntervalMoments {
    const moments = this.base.momentsBetween(Math.max(lower, this.lower), Math.min(upper, this.upper))
    return { ...moments, mass: moments.mass / this.mass }
  }
}

/**
 * `base` cut to [min, max] (either end optional). Returns `base` itself when nothing is cut
 * (and for a fixed value inside the interval), and merges nested truncations.
 *
 * @throws {DistributionError} when the bounds are not finite, min >= max, or no probability is kept
 * @example
 * truncate(normal(1000, 400), { min: 0 }).lower // => 0
 */
export function truncate(base: Distribution, truncation: Truncation): Distribution {
  if (base instanceof Truncated) {
    const min = Math.max(base.lower, truncation.min ?? -Infinity)
    const max = Math.min(base.upper, truncation.max ?? Infinity)
    throwIfProblems(base.base.kind, checkTruncation(base.base, { min, max }))
    return truncate(base.base, { min: Number.isFinite(min) ? min : undefined, max: Number.isFinite(max) ? max : undefined })
  }
  throwIfProblems(base.kind, checkTruncation(base, truncation))
  if (base instanceof Fixed) return base
  if ((truncation.min ?? -Infinity) <= base.lower && (truncation.max ?? Infinity) >= base.upper) return base
  return new Truncated(base, truncation)
}
