/**
 * Calibration errors read off a reliability diagram: the expected calibration error (ECE), the
 * count-weighted mean gap between accuracy and confidence, and the maximum calibration error
 * (MCE), the largest gap over non-empty bins. Source: C. Guo et al., "On Calibration of Modern
 * Neural Networks", ICML 2017, equations (3) and (5) (https://arxiv.org/abs/1706.04599).
 */
import { reliabilityDiagram, type ReliabilityOptions } from './reliability-diagram.js'

/**
 * The expected calibration error ECE = Σ_b (n_b / N) · |acc_b - conf_b| over the bins of
 * {@link reliabilityDiagram} (empty bins weigh 0), a fraction in [0, 1]. It depends on the
 * binning: 10 uniform bins by default, as in Guo et al. O(n log n + n·bins).
 *
 * @throws {InvalidArgumentError} as {@link reliabilityDiagram}
 * @example
 * // bin [0, 0.5): 3 inputs, mean confidence 0.25, accuracy 1/3; bin [0.5, 1]: 2 inputs, 0.85, 1
 * // ECE = 3/5 · |1/3 - 0.25| + 2/5 · |1 - 0.85| = 0.05 + 0.06 = 0.11
 * expectedCalibrationError([0.1, 0.3, 0.35, 0.8, 0.9], [false, true, false, true, true], { bins: 2 }) // => 0.11
 */
export function expectedCalibrationError(confidences: readonly number[], correct: readonly boolean[], options: ReliabilityOptions = {}): number {
  const { bins, n } = reliabilityDiagram(confidences, correct, options)
  return bins.reduce((sum, bin) => (bin.accuracy === null ? sum : sum + (bin.count / n) * Math.abs(bin.accuracy.value - bin.meanConfidence!)), 0)
}

/**
 * The maximum calibration error MCE = max_b |acc_b - conf_b| over the non-empty bins of
 * {@link reliabilityDiagram}, a fraction in [0, 1]: the worst-calibrated confidence range,
 * however few inputs it holds. O(n log n + n·bins).
 *
 * @throws {InvalidArgumentError} as {@link reliabilityDiagram}
 * @example
 * // gaps |1/3 - 0.25| = 0.0833 and |1 - 0.85| = 0.15
 * maximumCalibrationError([0.1, 0.3, 0.35, 0.8, 0.9], [false, true, false, true, true], { bins: 2 }) // => 0.15
 */
export function maximumCalibrationError(confidences: readonly number[], correct: readonly boolean[], options: ReliabilityOptions = {}): number {
  const { bins } = reliabilityDiagram(confidences, correct, options)
  return Math.max(...bins.map((bin) => (bin.accuracy === null ? 0 : Math.abs(bin.accuracy.value - bin.meanConfidence!))))
}
