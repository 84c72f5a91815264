/**
 * The confusion matrix of predicted labels (student) against reference labels (teacher or gold).
 */
import { agreementRules, invalidArgument } from './messages.js'
import { checkLabels, checkPairedLabels, distinctLabels, type Label } from './labels.js'

/** Counts of (reference label, predicted label) pairs. */
export interface ConfusionMatrix {
  /** The classes, in row and column order. */
  labels: Label[]
  /** counts[i][j]: examples with reference label labels[i] and predicted label labels[j]. */
  counts: number[][]
  /** Examples, the sum of all counts. */
  n: number
}

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /**
   * The classes, in the order wanted (may include classes that never occur). Default: every label
   * that occurs in either array, numbers ascending then strings (see `compareLabels`).
   */
  labels?: readonly Label[]
}

/**
 * The k x k confusion matrix: rows are reference labels, columns predicted labels (the
 * convention of scikit-learn's `confusion_matrix(y_true, y_pred)`). O(n + k²).
 *
 * @param reference the reference labels (teacher or gold), one per example
 * @param predicted the predicted labels (student), one per example, same order
 * @throws {InvalidArgumentError} on empty arrays, different lengths, a bad label, duplicate
 *   `labels`, or a label that is missing from an explicit `labels` list
 * @example
 * confusionMatrix(['cat', 'dog', 'dog'], ['cat', 'cat', 'dog'])
 * // => { labels: ['cat', 'dog'], counts: [[1, 0], [1, 1]], n: 3 }
 */
export function confusionMatrix(
  reference: readonly Label[],
  predicted: readonly Label[],
  options: ConfusionMatrixOptions = {},
): ConfusionMatrix {
  const n = checkPairedLabels('reference', reference, 'predicted', predicted)
  let labels: Label[]
  if (options.labels === undefined) {
    labels = distinctLabels(reference, predicted)
  } else {
    if (!Array.isArray(options.labels) || options.labels.length === 0) {
      throw invalidArgument('labels', options.labels, agreementRules.nonEmpty('label'))
    }
    checkLabels('labels', options.labels)
    labels = [...options.labels]
    if (new Set(labels).size !== labels.length) throw invalidArgument('labels', labels, agreementRules.duplicateLabel)
  }
  const index = new Map<Label, number>()
  labels.forEach((label, i) => index.set(label, i))
  const counts = labels.map(() => new Array<number>(labels.length).fill(0))
  for (let i = 0; i < n; i++) {
    const row = index.get(reference[i] as Label)
    if (row === undefined) throw invalidArgument(`reference[${i}]`, reference[i], agreementRules.unlistedLabel(labels))
    const column = index.get(predicted[i] as Label)
    if (column === undefined) throw invalidArgument(`predicted[${i}]`, predicted[i], agreementRules.unlistedLabel(labels))
    ;(counts[row] as number[])[column]! += 1
  }
  return { labels, counts, n }
}
