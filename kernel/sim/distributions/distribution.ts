/**
 * The contract every distribution of the simulation kernel meets: exact moments, density, CDF,
 * survival function, quantiles, and samplers that read a seeded {@link Stream}.
 *
 * Sampling contract: `sample(stream)` consumes exactly one draw (64 bits) of `stream` per value,
 * whatever the algorithm (rejection samplers take the rest from that draw's private substream,
 * {@link Stream.splitDraw}). So sample `i` of an input is a function of (seed, stream id, i)
 * alone, and a worker that owns samples k..m-1 starts at `streamAt(seed, id, k)`.
 */
import type { Stream } from '../random.js'

/** The distribution families: `fixed`, `uniform`, `triangular`, `pert`, `normal`, `lognormal`, `beta`, and `truncated` (any of them cut to an interval). */
export type DistributionKind = 'fixed' | 'uniform' | 'triangular' | 'pert' | 'normal' | 'lognormal' | 'beta' | 'truncated'

/** Probability mass of an interval and the mean and variance of the distribution conditioned on it. */
export interface IntervalMoments {
  /** P(lower <= X <= upper). */
  mass: number
  /** E[X | lower <= X <= upper]. */
  mean: number
  /** Var[X | lower <= X <= upper]. */
  variance: number
}

/**
 * A univariate distribution in the units of the quantity it describes (USD, requests/month,
 * fraction). Methods never allocate, so samplers can run in tight loops.
 */
export interface Distribution {
  readonly kind: DistributionKind
  /** E[X], exact (closed form). */
  readonly mean: number
  /** Var[X], exact (closed form); 0 for fixed. */
  readonly variance: number
  /** Lower end of the support (-Infinity when unbounded). */
  readonly lower: number
  /** Upper end of the support (Infinity when unbounded). */
  readonly upper: number
  /** True when `quantile` is a closed form or a fixed-cost approximation; false when it iterates (beta, PERT). */
  readonly quantileIsClosedForm: boolean
  /** Density at x (Infinity at a fixed value). */
  pdf(x: number): number
  /** P(X <= x). */
  cdf(x: number): number
  /** P(X > x), accurate where it is small. */
  sf(x: number): number
  /** The smallest x with P(X <= x) >= p, for p in [0, 1]; NaN outside. */
  quantile(p: number): number
  /** The x with P(X > x) = q, accurate for tiny q; NaN outside [0, 1]. */
  isf(q: number): number
  /** One value; consumes exactly one draw of `stream`. */
  sample(stream: Stream): number
  /** `out.length` values, as `sample` would give them in order; consumes `out.length` draws. No allocation. */
  sampleInto(stream: Stream, out: Float64Array): void
  /**
   * One value, consuming as many draws of `source` as the algorithm needs (one for inverse-CDF
   * samplers, a random number for rejection samplers). Wrappers call it inside a substream;
   * everything else should call `sample`.
   */
  drawFrom(source: Stream): number
  /** Mass, mean and variance of the part of the distribution in [lower, upper] (lower < upper). */
  momentsBetween(lower: number, upper: number): IntervalMoments
}
