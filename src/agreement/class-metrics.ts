/**
 * Per-class precision, recall and F1 of predicted labels (student) against reference labels
 * (teacher or gold), and their macro averages.
 *
 * Source: the definitions in C. J. van Rijsbergen, *Information Retrieval*, 2nd ed. (1979), ch. 7
 * (F1 is his effectiveness measure with β = 1), as scikit-learn's
 * `precision_recall_fscore_support(average=None)` computes them.
 */
import { confusionMatrix, type ConfusionMatrix, type ConfusionMatrixOptions } from './confusion-matrix.js'
import type { Label } from './labels.js'

/** Precision, recall and F1 of one class. A ratio whose denominator is 0 is `null`. */
export interface ClassMetrics {
  /** The class. */
  label: Label
  /** Examples whose reference label is this class (true positives + false negatives), a count. */
  support: number
  /** Examples predicted as this class (true positives + false positives), a count. */
  predicted: number
  /** Examples with this class in both, a count. */
  truePositives: number
  /** truePositives / predicted, a fraction; null when nothing was predicted as this class. */
  precision: number | null
  /** truePositives / support, a fraction; null when the class never occurs in the reference. */
  recall: number | null
  /**
   * Harmonic mean of precision and recall, computed as 2 TP / (support + predicted), a fraction
   * (0 when TP = 0, including a class that is never predicted); null only when the class occurs
   * in neither the reference nor the predictions.
   */
  f1: number | null
}

/** Per-class metrics with their macro averages and the matrix they came from. */
export interface ClassReport {
  /** One entry per class, in the matrix's label order. */
  classes: ClassMetrics[]
  /** Share of examples on the diagonal (accuracy, or agreement with the teacher), a fraction. */
  accuracy: number
  /** Unweighted mean of the defined per-class precisions (null ones are left out), a fraction; null if none is defined. */
  macroPrecision: number | null
  /** Unweighted mean of the defined per-class recalls, a fraction; null if none is defined. */
  macroRecall: number | null
  /** Unweighted mean of the defined per-class F1 scores, a fraction; null if none is defined. */
  macroF1: number | null
  /** The confusion matrix (rows reference, columns predicted). */
  matrix: ConfusionMatrix
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator
}

function meanOfDefined(values: readonly (number | null)[]): number | null {
  let sum = 0
  let count = 0
  for (const value of values) {
    if (value === null) continue
    sum += value
    count += 1
  }
  return count === 0 ? null : sum / count
}

/**
 * Per-class precision, recall and F1 from a confusion matrix (rows reference, columns
 * predicted): for class i, TP = counts[i][i], support = row sum, predicted = column sum. O(k²).
 *
 * Note on undefined ratios: scikit-learn reports 0 (with a warning) where this reports null, and
 * its macro averages then count those zeros; here they are left out of the averages.
 *
 * @example
 * classMetricsFromMatrix(confusionMatrix(['a', 'a', 'b'], ['a', 'b', 'b'])).classes[0]
 * // => { label: 'a', support: 2, predicted: 1, truePositives: 1, precision: 1, recall: 0.5, f1: 0.6666666666666666 }
 */
export function classMetricsFromMatrix(matrix: ConfusionMatrix): ClassReport {
  const { labels, counts, n } = matrix
  const k = labels.length
  let diagonal = 0
  const classes: ClassMetrics[] = labels.map((label, i) => {
    const row = counts[i] as number[]
    const truePositives = row[i] as number
    diagonal += truePositives
    let support = 0
    let predicted = 0
    for (let j = 0; j < k; j++) {
      support += row[j] as number
      predicted += (counts[j] as number[])[i] as number
    }
    return {
      label,
      support,
      predicted,
      truePositives,
      precision: ratio(truePositives, predicted),
      recall: ratio(truePositives, support),
      f1: ratio(2 * truePositives, support + predicted),
    }
  })
  return {
    classes,
    accuracy: diagonal / n,
    macroPrecision: meanOfDefined(classes.map((c) => c.precision)),
    macroRecall: meanOfDefined(classes.map((c) => c.recall)),
    macroF1: meanOfDefined(classes.map((c) => c.f1)),
    matrix,
  }
}

/**
 * Per-class precision, recall and F1 of `predicted` (student) against `reference` (teacher or
 * gold labels). O(n + k²).
 *
 * @throws {InvalidArgumentError} on empty or mismatched arrays, or a bad label (see `confusionMatrix`)
 * @example
 * classMetrics(['spam', 'ham', 'spam', 'ham'], ['spam', 'spam', 'spam', 'ham']).classes.map((c) => [c.label, c.precision, c.recall, c.f1])
 * // => [['ham', 1, 0.5, 0.666667], ['spam', 0.666667, 1, 0.8]]
 */
export function classMetrics(reference: readonly Label[], predicted: readonly Label[], options: ConfusionMatrixOptions = {}): ClassReport {
  return classMetricsFromMatrix(confusionMatrix(reference, predicted, options))
}
