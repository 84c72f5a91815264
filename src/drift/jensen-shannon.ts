/**
 * Jensen-Shannon distance between two discrete distributions: the square root of the
 * Jensen-Shannon divergence JS(p, q) = ½ KL(p‖m) + ½ KL(q‖m), m = ½ (p + q), in log base `base`
 * (J. Lin, "Divergence measures based on the Shannon entropy", IEEE Trans. Inf. Theory 37 (1991)
 * 145-151, https://doi.org/10.1109/18.61115; the square root is a metric: D. M. Endres and
 * J. E. Schindelin, IEEE Trans. Inf. Theory 49 (2003) 1858-1860). In base 2 it lies in [0, 1].
 * Computed as `scipy.spatial.distance.jensenshannon(p, q, base)`, whose default base is e, where
 * here it is 2.
 */
import { checkNumber } from '../scenario/check-number.js'
import { binCounts, quantileEdges } from './bins.js'
import { driftArgumentError, driftRules } from './messages.js'
import { checkCounts, checkEdges, checkSample } from './validate.js'

/**
 * The Jensen-Shannon distance sqrt(JS(p, q)) in log base `base` (default 2: in [0, 1]). `p` and
 * `q` are counts or shares per category, each divided by its sum; a 0 contributes 0 (0 ln 0 = 0),
 * so no epsilon is needed. Symmetric in p and q. O(k).
 *
 * @param p counts or shares of the first distribution, >= 0, positive sum
 * @param q counts or shares of the second, as many categories
 * @param base the logarithm's base, > 1 (2: bits, the distance in [0, 1]; Math.E: scipy's default)
 * @throws {InvalidArgumentError} on negative or all-zero counts, different lengths or `invalid base: 1 (must be > 1)`
 * @example
 * jensenShannonDistance([1, 0], [0, 1]) // => 1
 * jensenShannonDistance([1, 0], [1, 1]) // => 0.5579
 * // m = (0.75, 0.25): JS = ½ (1 log2(1 / 0.75)) + ½ (0.5 log2(0.5 / 0.75) + 0.5 log2(0.5 / 0.25)) = 0.311278, sqrt = 0.557923
 * jensenShannonDistance([3, 1], [3, 1]) // => 0
 */
export function jensenShannonDistance(p: readonly number[], q: readonly number[], base = 2): number {
  checkCounts('p', p)
  checkCounts('q', q)
  if (q.length !== p.length) throw driftArgumentError('q', q, driftRules.sameLength('p', p.length))
  checkNumber('base', base, { exclusiveMin: 1 })
  const pTotal = p.reduce((sum, v) => sum + v, 0)
  const qTotal = q.reduce((sum, v) => sum + v, 0)
  let divergence = 0
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]! / pTotal
    const qi = q[i]! / qTotal
    const mi = (pi + qi) / 2
    if (pi > 0) divergence += (pi * Math.log(pi / mi)) / 2
    if (qi > 0) divergence += (qi * Math.log(qi / mi)) / 2
  }
  // rounding can leave a tiny negative for identical distributions
  return Math.sqrt(Math.max(0, divergence) / Math.log(base))
}

/** Options of {@link jensenShannonDistanceOfSamples}. */
export interface SampleBinsOptions {
  /** How many quantile bins of the first sample (default 10, deciles); or give `edges`. */
  bins?: number
  /** Interior bin edges, strictly increasing; the bins are (-∞, e₁], (e₁, e₂], ..., (e_k, ∞). */
  edges?: readonly number[]
  /** The logarithm's base, > 1; default 2. */
  base?: number
}

/**
 * The Jensen-Shannon distance between two numeric samples on shared bins: edges from the first
 * (earlier) sample's quantiles (deciles by default, see {@link quantileEdges}) or `edges`, both
 * samples counted in them ({@link binCounts}), then {@link jensenShannonDistance}. The same bins
 * as {@link populationStabilityIndex}, so the two can be read side by side. O((n + m) log n).
 *
 * @throws {InvalidArgumentError} on an empty or non-numeric sample, bad bins or edges, or a bad base
 * @example
 * jensenShannonDistanceOfSamples([1, 2, 3, 4], [3, 4, 5, 6], { edges: [2.5] }) // => 0.5579
 * // counts (2, 2) and (0, 4): jensenShannonDistance([2, 2], [0, 4])
 */
export function jensenShannonDistanceOfSamples(first: readonly number[], second: readonly number[], options: SampleBinsOptions = {}): number {
  checkSample('first', first)
  checkSample('second', second)
  if (options.bins !== undefined && options.edges !== undefined) {
    throw driftArgumentError('bins and edges', { bins: options.bins, edges: options.edges }, driftRules.binsOrEdges)
  }
  const edges = options.edges !== undefined ? checkEdges(options.edges) : quantileEdges(first, options.bins ?? 10)
  return jensenShannonDistance(binCounts(first, edges), binCounts(second, edges), options.base ?? 2)
}
