/**
 * Population stability index (PSI): how far a later sample's distribution over bins has moved
 * from an earlier one's. PSI = Σᵢ (aᵢ - eᵢ) ln(aᵢ / eᵢ) over the shares eᵢ (expected, earlier)
 * and aᵢ (actual, later) per bin: the symmetrised Kullback-Leibler divergence KL(a‖e) + KL(e‖a).
 *
 * Thresholds: below 0.1 stable, 0.1 to 0.2 watch, 0.2 and above act. These are the industry rule
 * of thumb from credit scoring, quoted by B. Yurdakul, "Statistical properties of population
 * stability index", Western Michigan University dissertation 3208 (2018),
 * https://scholarworks.wmich.edu/dissertations/3208, and N. Siddiqi, "Credit Risk Scorecards"
 * (Wiley, 2006); Yurdakul shows the right cut-off also depends on the sample sizes and bins,
 * so they are a convention, not a test.
 */
import { checkNumber } from '../scenario/check-number.js'
import { binCounts, quantileEdges } from './bins.js'
import { driftArgumentError, driftRules } from './messages.js'
import { checkCounts, checkEdges, checkSample } from './validate.js'

/** The share given to an empty bin unless told otherwise: 1e-4 (0.01 %), so ln(aᵢ / eᵢ) stays finite. */
export const PSI_EPSILON = 1e-4

/** The PSI bins unless told otherwise: 10, the expected sample's deciles. */
export const PSI_BINS = 10

/** Options of {@link populationStabilityIndex}. */
export interface PsiOptions {
  /** How many quantile bins of the expected sample (default 10, deciles); or give `edges`. */
  bins?: number
  /** Interior bin edges, strictly increasing; the bins are (-∞, e₁], (e₁, e₂], ..., (e_k, ∞). */
  edges?: readonly number[]
  /** The share that replaces an empty bin's share of 0 (default {@link PSI_EPSILON}); in (0, 1). */
  epsilon?: number
}

/** A PSI with its bins and per-bin terms, so a report can show where it came from. */
export interface PsiResult {
  /** Σᵢ (aᵢ - eᵢ) ln(aᵢ / eᵢ), dimensionless, >= 0. */
  psi: number
  /** {@link psiLevel} of psi. */
  level: PsiLevel
  /** The interior edges used (empty when the counts were given). */
  edges: number[]
  /** Counts of the expected (earlier) sample per bin. */
  expectedCounts: number[]
  /** Counts of the actual (later) sample per bin. */
  actualCounts: number[]
  /** (aᵢ - eᵢ) ln(aᵢ / eᵢ) per bin, after replacing empty shares by epsilon. */
  terms: number[]
  /** The share that stood in for an empty bin. */
  epsilon: number
}

/** A PSI in words: `stable` (< 0.1), `watch` (0.1 to < 0.2) or `act` (>= 0.2). */
export type PsiLevel = 'stable' | 'watch' | 'act'

/**
 * PSI from counts (or shares) per bin: each vector is divided by its sum, a share of 0 is
 * replaced by `epsilon` (the others are left as they are, so the shares sum to slightly more
 * than 1 when a bin is empty), then PSI = Σᵢ (aᵢ - eᵢ) ln(aᵢ / eᵢ). O(bins).
 *
 * @param expectedCounts counts of the earlier sample per bin
 * @param actualCounts counts of the later sample per bin, as many bins
 * @param epsilon the share for an empty bin, in (0, 1); default 1e-4
 * @throws {InvalidArgumentError} on negative counts, an all-zero vector, different lengths or a bad epsilon
 * @example
 * psiFromCounts([50, 50], [50, 50]).psi // => 0
 * psiFromCounts([25, 25, 50], [50, 50, 0]).psi // => 4.6043
 * // e = (0.25, 0.25, 0.5), a = (0.5, 0.5, 1e-4): 2 (0.5 - 0.25) ln 2 + (1e-4 - 0.5) ln(1e-4 / 0.5) = 0.34657 + 4.25775
 */
export function psiFromCounts(expectedCounts: readonly number[], actualCounts: readonly number[], epsilon: number = PSI_EPSILON): PsiResult {
  checkCounts('expectedCounts', expectedCounts)
  checkCounts('actualCounts', actualCounts)
  if (actualCounts.length !== expectedCounts.length) {
    throw driftArgumentError('actualCounts', actualCounts, driftRules.sameLength('expectedCounts', expectedCounts.length))
  }
  checkNumber('epsilon', epsilon, { exclusiveMin: 0, exclusiveMax: 1 })
  const expectedTotal = expectedCounts.reduce((sum, v) => sum + v, 0)
  const actualTotal = actualCounts.reduce((sum, v) => sum + v, 0)
  const terms = expectedCounts.map((count, i) => {
    const e = count === 0 ? epsilon : count / expectedTotal
    const a = actualCounts[i] === 0 ? epsilon : actualCounts[i]! / actualTotal
    return (a - e) * Math.log(a / e)
  })
  const psi = terms.reduce((sum, v) => sum + v, 0)
  return { psi, level: psiLevel(psi), edges: [], expectedCounts: [...expectedCounts], actualCounts: [...actualCounts], terms, epsilon }
}

/**
 * PSI between two numeric samples (a feature such as message length in tokens, earlier against
 * later): bins from the expected sample's quantiles (deciles unless `bins` says otherwise, ties
 * merging bins; see {@link quantileEdges}) or from `edges`, then {@link psiFromCounts}.
 * O((n + m) log n).
 *
 * @param expected the earlier (reference) sample
 * @param actual the later sample
 * @throws {InvalidArgumentError} `invalid bins: 0 (must be >= 1)`, both bins and edges, bad edges,
 *   an empty or non-numeric sample, or a bad epsilon
 * @example
 * populationStabilityIndex([1, 2, 3, 4], [1, 2, 3, 4], { bins: 2 }).psi // => 0
 * populationStabilityIndex([1, 2, 3, 4], [3, 4, 5, 6], { edges: [2.5] }).psi // => 4.6043
 * // bins (-∞, 2.5], (2.5, ∞): e = (0.5, 0.5), a = (1e-4, 1): (1e-4 - 0.5) ln(1e-4 / 0.5) + (1 - 0.5) ln(1 / 0.5)
 * populationStabilityIndex([1, 2], [1, 2], { bins: 0 }) // throws invalid bins: 0 (must be >= 1)
 */
export function populationStabilityIndex(expected: readonly number[], actual: readonly number[], options: PsiOptions = {}): PsiResult {
  checkSample('expected', expected)
  checkSample('actual', actual)
  if (options.bins !== undefined && options.edges !== undefined) {
    throw driftArgumentError('bins and edges', { bins: options.bins, edges: options.edges }, driftRules.binsOrEdges)
  }
  const edges = options.edges !== undefined ? [...checkEdges(options.edges)] : quantileEdges(expected, options.bins ?? PSI_BINS)
  const result = psiFromCounts(binCounts(expected, edges), binCounts(actual, edges), options.epsilon ?? PSI_EPSILON)
  return { ...result, edges }
}

/**
 * A PSI in words by the usual thresholds: `stable` below 0.1, `watch` from 0.1 to below 0.2,
 * `act` from 0.2 (Siddiqi 2006; Yurdakul 2018, see the module comment).
 *
 * @throws {InvalidArgumentError} `invalid psi: -1 (must be >= 0)`
 * @example
 * psiLevel(0.05) // => 'stable'
 * psiLevel(0.1) // => 'watch'
 * psiLevel(0.2) // => 'act'
 * psiLevel(-1) // throws invalid psi: -1 (must be >= 0)
 */
export function psiLevel(psi: number): PsiLevel {
  checkNumber('psi', psi, { min: 0 })
  return psi < 0.1 ? 'stable' : psi < 0.2 ? 'watch' : 'act'
}
