/**
 * The reliability diagram of a classifier's confidence: the inputs binned by confidence, and in
 * each bin the mean confidence against the accuracy. A calibrated model's points lie on the
 * diagonal. Source: C. Guo, G. Pleiss, Y. Sun, K. Q. Weinberger, "On Calibration of Modern
 * Neural Networks", ICML 2017, section 2 (https://arxiv.org/abs/1706.04599).
 */
import { invalidArgument, invalidArgumentShown } from '../agreement/messages.js'
import { checkNumber } from '../scenario/check-number.js'
import { ceilingRules } from './messages.js'
import { measuredRate, type MeasuredRate } from '../agreement/measured-rate.js'

/** How the bins are cut: `uniform` (equal widths of 1/bins) or `quantile` (about equal counts). */
export type BinStrategy = 'uniform' | 'quantile'

/** Options of {@link reliabilityDiagram}. */
export interface ReliabilityOptions {
  /** Number of bins, an integer >= 1; default 10. */
  bins?: number
  /** How the bins are cut; default `uniform`. */
  strategy?: BinStrategy
  /** Two-sided level of the accuracy intervals, in (0, 1); default 0.95. */
  confidence?: number
}

/** One bin of a reliability diagram. */
export interface ReliabilityBin {
  /** Lower edge (inclusive) of the bin's confidence range. */
  lower: number
  /** Upper edge (exclusive, inclusive for the last bin) of the bin's confidence range. */
  upper: number
  /** Inputs whose confidence falls in the bin. */
  count: number
  /** Mean confidence of those inputs; null for an empty bin. */
  meanConfidence: number | null
  /** Their accuracy with its Wilson interval; null for an empty bin. */
  accuracy: MeasuredRate | null
}

/** A reliability diagram: the bins, lowest confidence first, and the sample size. */
export interface ReliabilityDiagram {
  bins: ReliabilityBin[]
  /** Inputs in all bins. */
  n: number
  strategy: BinStrategy
}

/**
 * Checks paired confidences and correctness flags; returns the sample size.
 *
 * @throws {InvalidArgumentError} on an empty or unequal pair of arrays, a confidence outside
 *   [0, 1] or a flag that is not a boolean
 * @example
 * checkConfidencesAndCorrect([0.9, 0.6], [true, false]) // => 2
 * checkConfidencesAndCorrect([1.2], [true]) // throws invalid confidences[0]: 1.2 (must be <= 1)
 */
export function checkConfidencesAndCorrect(confidences: readonly number[], correct: readonly boolean[]): number {
  if (!Array.isArray(confidences)) throw invalidArgument('confidences', confidences, ceilingRules.array('numbers in [0, 1]'))
  if (!Array.isArray(correct)) throw invalidArgument('correct', correct, ceilingRules.array('booleans'))
  if (confidences.length === 0) throw invalidArgumentShown('confidences', '[]', ceilingRules.nonEmpty('confidence'))
  if (correct.length !== confidences.length) throw invalidArgumentShown('correct', `${correct.length} flags`, ceilingRules.sameLength('confidences', confidences.length))
  confidences.forEach((value, i) => checkNumber(`confidences[${i}]`, value, { min: 0, max: 1 }))
  correct.forEach((flag, i) => {
    if (typeof flag !== 'boolean') throw invalidArgument(`correct[${i}]`, flag, ceilingRules.boolean)
  })
  return confidences.length
}

/** The bin edges: `bins + 1` increasing numbers from 0 to 1 (fewer for tied quantiles). */
function binEdges(sorted: readonly number[], bins: number, strategy: BinStrategy): number[] {
  if (strategy === 'uniform') return Array.from({ length: bins + 1 }, (_, k) => k / bins)
  // Quantile edges: the lowest confidence, then the confidence at rank floor(k n / bins), then 1.
  // Every edge below 1 is a confidence, so no bin is empty; ties keep inputs of equal
  // confidence in one bin, so duplicate edges collapse.
  const n = sorted.length
  const lowest = sorted[0]!
  if (lowest === 1) return [1, 1]
  const inner = Array.from({ length: bins - 1 }, (_, k) => sorted[Math.floor(((k + 1) * n) / bins)]!)
  return [...new Set([lowest, ...inner.filter((edge) => edge > lowest && edge < 1), 1])]
}

/**
 * The reliability diagram of `confidences` (the model's probability of its own answer, in
 * [0, 1]) against `correct` (whether that answer was right). Bins are [lower, upper), the last
 * one closed at 1. `uniform` bins have width 1/bins and may be empty; `quantile` bins hold about
 * n/bins inputs each, span [lowest confidence, 1], are cut at the confidences of rank
 * floor(k n / bins), and are never empty (tied confidences share a bin, so there may be fewer
 * than `bins`). Each bin's accuracy carries
 * its Wilson interval. O(n log n + n·bins).
 *
 * @throws {InvalidArgumentError} on bad inputs (see {@link checkConfidencesAndCorrect}), bins
 *   not an integer >= 1 or an unknown strategy
 * @example
 * const diagram = reliabilityDiagram([0.1, 0.3, 0.35, 0.8, 0.9], [false, true, false, true, true], { bins: 2 })
 * diagram.bins[0] // => { lower: 0, upper: 0.5, count: 3, meanConfidence: 0.25 }
 * diagram.bins[0].accuracy.value // => 0.3333
 * diagram.bins[1] // => { lower: 0.5, upper: 1, count: 2, meanConfidence: 0.85 }
 * reliabilityDiagram([0.5], [true], { bins: 0 }) // throws invalid bins: 0 (must be >= 1)
 */
export function reliabilityDiagram(confidences: readonly number[], correct: readonly boolean[], options: ReliabilityOptions = {}): ReliabilityDiagram {
  const n = checkConfidencesAndCorrect(confidences, correct)
  const bins = checkNumber('bins', options.bins ?? 10, { min: 1, integer: true })
  const strategy = options.strategy ?? 'uniform'
  if (strategy !== 'uniform' && strategy !== 'quantile') throw invalidArgument('strategy', strategy, ceilingRules.strategy)
  const edges = binEdges([...confidences].sort((a, b) => a - b), bins, strategy)
  const binCount = edges.length - 1
  const counts = new Array<number>(binCount).fill(0)
  const confidenceSums = new Array<number>(binCount).fill(0)
  const correctCounts = new Array<number>(binCount).fill(0)
  confidences.forEach((value, i) => {
    // The last edge not above the value, capped at the last bin (which is closed at 1).
    let bin = 0
    while (bin + 1 < binCount && edges[bin + 1]! <= value) bin += 1
    counts[bin]! += 1
    confidenceSums[bin]! += value
    if (correct[i]) correctCounts[bin]! += 1
  })
  return {
    n,
    strategy,
    bins: counts.map((count, b) => ({
      lower: edges[b]!,
      upper: edges[b + 1]!,
      count,
      meanConfidence: count === 0 ? null : confidenceSums[b]! / count,
      accuracy: count === 0 ? null : measuredRate(correctCounts[b]!, count, `correct answers with confidence in [${edges[b]!}, ${edges[b + 1]!}${b === binCount - 1 ? ']' : ')'}`, options.confidence),
    })),
  }
}
