/**
 * The agreement rate of two labelings of the same examples (student against teacher, or a model
 * against gold labels, where it is the accuracy), with its confidence interval.
 */
import { checkPairedLabels, type Label } from './labels.js'
import { proportionInterval, type ProportionInterval, type ProportionIntervalOptions } from './proportion-interval.js'

/** An agreement rate with its interval and the examples that disagree. */
export interface AgreementRate extends ProportionInterval {
  /** Examples on which the two agree, a count (the same as `successes`). */
  agreements: number
  /** Indices (0-based) of the examples on which they disagree, ascending. */
  disagreements: number[]
}

/**
 * The share of examples on which `predicted[i] === reference[i]`, with its confidence interval
 * (default: 95 % Wilson). Symmetric in its two arguments; against gold labels it is the
 * accuracy. O(n).
 *
 * @param reference the reference labels (teacher or gold), one per example
 * @param predicted the labels to check (student), one per example, same order
 * @throws {InvalidArgumentError} on empty arrays, arrays of different lengths, a label that is not
 *   a string or a finite number, a confidence outside (0, 1) or an unknown method
 * @example
 * agreementRate(['a', 'b', 'a', 'c'], ['a', 'b', 'c', 'c'])
 * // => { agreements: 3, n: 4, rate: 0.75, lower: 0.3006418426, upper: 0.9544127392, disagreements: [2], method: 'wilson' }
 */
export function agreementRate(
  reference: readonly Label[],
  predicted: readonly Label[],
  options: ProportionIntervalOptions = {},
): AgreementRate {
  const n = checkPairedLabels('reference', reference, 'predicted', predicted)
  const disagreements: number[] = []
  for (let i = 0; i < n; i++) if (reference[i] !== predicted[i]) disagreements.push(i)
  const agreements = n - disagreements.length
  return { ...proportionInterval(agreements, n, options), agreements, disagreements }
}
