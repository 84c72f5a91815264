/**
 * The nonparametric bootstrap percentile interval of a mean: resample the n per-example values
 * with replacement B times, take the mean of each resample, and read the interval off the
 * (1 - confidence)/2 and (1 + confidence)/2 quantiles of those B means.
 *
 * Source: B. Efron and R. J. Tibshirani, *An Introduction to the Bootstrap* (1993), ch. 6
 * (bootstrap standard error) and ch. 13 (percentile interval); quantiles by Hyndman & Fan type 7
 * (see `percentile.ts`).
 */
import { createStream } from '../../kernel/sim/random.js'
import { agreementRules, invalidArgument } from './messages.js'
import { mean, sampleStandardDeviation } from 'simple-statistics'
import { quantileSorted } from './percentile.js'
import { checkConfidence, DEFAULT_CONFIDENCE } from './validate.js'

/**
 * A source of uniform numbers in [0, 1): a seeded Philox stream from `createStream(seed, streamId)`
 * (kernel/sim/random.ts) fits.
 */
export interface UniformSource {
  /** The next uniform number in [0, 1). */
  nextFloat64(): number
}

/** Resamples drawn when none is given: 2,000. */
export const DEFAULT_RESAMPLES = 2000

/** Largest number of resamples accepted: 10,000,000. */
export const MAX_RESAMPLES = 10_000_000

/** Options of the bootstrap functions: the randomness (one of `random` or `seed`) and the sizes. */
export interface BootstrapOptions {
  /** Resamples B, an integer in [1, 10^7]; default 2,000. */
  resamples?: number
  /** Two-sided confidence level in (0, 1); default 0.95. */
  confidence?: number
  /** The seeded source of uniforms to draw from (it is advanced by B·n draws). Give this or `seed`. */
  random?: UniformSource
  /** A seed: draws come from `createStream(seed, 0)`. Give this or `random`. */
  seed?: number
}

/** A bootstrap percentile interval. */
export interface BootstrapInterval {
  /** The statistic on the original sample (not resampled). */
  estimate: number
  /** The (1 - confidence)/2 quantile of the resampled statistics. */
  lower: number
  /** The (1 + confidence)/2 quantile of the resampled statistics. */
  upper: number
  /** Two-sided confidence level, in (0, 1). */
  confidence: number
  /** Resamples B. */
  resamples: number
  /** Standard deviation of the resampled statistics (divisor B - 1; 0 when B = 1): the bootstrap standard error. */
  standardError: number
  /** Examples per resample, n. */
  n: number
  /** Always `percentile`. */
  method: 'percentile'
}

/**
 * Validates the bootstrap options and returns (resamples, confidence, source). `seed` is an
 * integer in [0, 2^53) and becomes `createStream(seed, 0)`.
 *
 * @throws {InvalidArgumentError} on resamples outside [1, 10^7], a bad confidence, both or neither
 *   of random and seed, a bad seed, or a random without nextFloat64
 * @example
 * resolveBootstrapOptions({ seed: 42 }) // => { resamples: 2000, confidence: 0.95 }
 */
export function resolveBootstrapOptions(options: BootstrapOptions): { resamples: number; confidence: number; random: UniformSource } {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES
  if (typeof resamples !== 'number' || !Number.isInteger(resamples) || resamples < 1 || resamples > MAX_RESAMPLES) {
    throw invalidArgument('resamples', resamples, agreementRules.resamples)
  }
  const confidence = checkConfidence(options.confidence ?? DEFAULT_CONFIDENCE)
  const hasRandom = options.random !== undefined
  const hasSeed = options.seed !== undefined
  if (hasRandom === hasSeed) {
    throw invalidArgument('random and seed', { random: hasRandom ? 'given' : 'missing', seed: options.seed ?? 'missing' }, agreementRules.randomOrSeed)
  }
  if (hasSeed) {
    const seed = options.seed
    if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) throw invalidArgument('seed', seed, agreementRules.seed)
    return { resamples, confidence, random: createStream(seed, 0) }
  }
  const random = options.random
  if (typeof random !== 'object' || random === null || typeof random.nextFloat64 !== 'function') {
    throw invalidArgument('random', random, agreementRules.random)
  }
  return { resamples, confidence, random }
}

/**
 * The bootstrap percentile interval of the mean of `values` (per-example scores: 1/0 for agree or
 * not, +1/0/-1 for a paired difference). Resample i draws its n indices as ⌊u·n⌋ from n
 * consecutive uniforms of the source, so the same seed gives the same interval. O(B·n) time,
 * O(B) memory; about 1 s for B = 2,000 and n = 10,000 (the Philox draws dominate).
 *
 * @param values the per-example values, at least one (not checked here)
 * @throws {InvalidArgumentError} on bad options (see {@link resolveBootstrapOptions})
 * @example
 * bootstrapMean(Int8Array.from([1, 1, 0, 1]), { seed: 7, resamples: 1000 })
 * // => { estimate: 0.75, lower: 0.25, upper: 1, resamples: 1000, n: 4, method: 'percentile' }
 */
export function bootstrapMean(values: ArrayLike<number>, options: BootstrapOptions): BootstrapInterval {
  const { resamples, confidence, random } = resolveBootstrapOptions(options)
  const n = values.length
  const statistics = new Float64Array(resamples)
  // The resampling loop stays hand-written: it is the O(B·n) part, and it sums each resample as
  // it draws it. Filling an n-array per resample for simple-statistics' `mean` gives the same
  // means and is slower: 742-783 ms against 632-669 ms for B = 2,000, n = 10,000 (measured on the
  // 2-core machine, Node 20, simple-statistics 7.12.1).
  for (let r = 0; r < resamples; r++) {
    let resampleTotal = 0
    for (let i = 0; i < n; i++) resampleTotal += values[Math.floor(random.nextFloat64() * n)] as number
    statistics[r] = resampleTotal / n
  }
  // simple-statistics reads only `length` and indices: typed arrays serve as arrays.
  const asArray = (xs: ArrayLike<number>) => xs as unknown as readonly number[]
  const standardError = resamples > 1 ? sampleStandardDeviation(asArray(statistics)) : 0
  statistics.sort()
  const tail = (1 - confidence) / 2
  return {
    estimate: mean(asArray(values)),
    lower: quantileSorted(statistics, tail),
    upper: quantileSorted(statistics, 1 - tail),
    confidence,
    resamples,
    standardError,
    n,
    method: 'percentile',
  }
}
