/**
 * ROC AUC of a score that should separate two groups (for drift: a domain classifier's score
 * that a message comes from the later period), with a confidence interval.
 */
import { zForConfidence } from '../agreement/confidence.js'
import { checkNumber } from '../scenario/check-number.js'
import { driftArgumentError, driftRules } from './messages.js'
import { checkSample } from './validate.js'

/** The AUC, its Hanley-McNeil standard error and interval. */
export interface RocAucResult {
  /** P(score of a positive > score of a negative) + ½ P(equal), in [0, 1]. */
  auc: number
  /** Hanley & McNeil (1982) standard error of auc. */
  standardError: number
  /** auc ± z·standardError, clipped to [0, 1]. */
  lower: number
  /** See lower. */
  upper: number
  /** The two-sided confidence level of [lower, upper]. */
  confidence: number
  /** How many positives (label true or 1: the later period). */
  positives: number
  /** How many negatives (label false or 0: the earlier period). */
  negatives: number
}

/**
 * ROC AUC as the Mann-Whitney statistic: the share of (positive, negative) pairs in which the
 * positive scores higher, a tie counting half, computed from mid-ranks in O(n log n):
 * AUC = (R₊ - n₊(n₊ + 1)/2) / (n₊ n₋), R₊ the positives' rank sum. The interval is
 * AUC ± z·SE with the standard error of J. A. Hanley and B. J. McNeil, "The meaning and use of
 * the area under a receiver operating characteristic (ROC) curve", Radiology 143 (1982) 29-36
 * (https://doi.org/10.1148/radiology.143.1.7063747), eq. 1:
 * SE² = (A(1 - A) + (n₊ - 1)(Q₁ - A²) + (n₋ - 1)(Q₂ - A²)) / (n₊ n₋), Q₁ = A / (2 - A),
 * Q₂ = 2A² / (1 + A); it assumes exponential score distributions and is not DeLong's
 * (nonparametric) variance, which is wider or narrower depending on the scores' shape. At an AUC of
 * 0 or 1 the standard error is 0 and the interval has no width: read it with the sample sizes.
 *
 * @param scores one score per example, finite
 * @param labels true or 1 for a positive (later period), false or 0 for a negative; both present
 * @param confidence the interval's two-sided level, default 0.95
 * @throws {InvalidArgumentError} on scores and labels of different lengths, labels that are not
 *   booleans or 0/1 or lack one class, or a bad confidence
 * @example
 * rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]).auc // => 0.75
 * // pairs (positive, negative): (0.35, 0.1) yes, (0.35, 0.4) no, (0.8, 0.1) yes, (0.8, 0.4) yes: 3 / 4
 * rocAuc([1, 1], [0, 1]).auc // => 0.5
 * rocAuc([1, 2], [1, 1]) // throws invalid labels: [1,1] (must be an array of booleans or 0/1, with at least one of each)
 */
export function rocAuc(scores: readonly number[], labels: readonly (boolean | number)[], confidence = 0.95): RocAucResult {
  checkSample('scores', scores)
  if (!Array.isArray(labels) || labels.length !== scores.length) {
    throw driftArgumentError('labels', labels, driftRules.sameLength('scores', scores.length))
  }
  if (!labels.every((label) => label === true || label === false || label === 0 || label === 1)) {
    throw driftArgumentError('labels', labels, driftRules.labels)
  }
  const positive = labels.map((label) => label === true || label === 1)
  const positives = positive.filter(Boolean).length
  const negatives = positive.length - positives
  if (positives === 0 || negatives === 0) throw driftArgumentError('labels', labels, driftRules.labels)
  const z = zForConfidence(checkNumber('confidence', confidence, { exclusiveMin: 0, exclusiveMax: 1 }))
  const order = scores.map((_, i) => i).sort((i, j) => scores[i]! - scores[j]!)
  let positiveRankSum = 0
  for (let start = 0; start < order.length; ) {
    let end = start
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end += 1
    const midRank = (start + end) / 2 + 1
    for (let k = start; k <= end; k++) if (positive[order[k]!]) positiveRankSum += midRank
    start = end + 1
  }
  const auc = (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives)
  const q1 = auc / (2 - auc)
  const q2 = (2 * auc * auc) / (1 + auc)
  const variance = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) / (positives * negatives)
  const standardError = Math.sqrt(Math.max(0, variance))
  return {
    auc,
    standardError,
    lower: Math.max(0, auc - z * standardError),
    upper: Math.min(1, auc + z * standardError),
    confidence,
    positives,
    negatives,
  }
}
