/**
 * Paired bootstrap intervals for a distillation experiment: the agreement rate of student and
 * teacher, and the difference in accuracy between student and teacher on gold labels. "Paired":
 * each resample draws whole examples, so the student's and the teacher's answers on an example
 * stay together and their correlation is kept.
 *
 * Source: Efron and Tibshirani, *An Introduction to the Bootstrap* (1993), ch. 13 (percentile
 * interval); for paired model comparison, P. Koehn, "Statistical significance tests for machine
 * translation evaluation", EMNLP 2004 (https://aclanthology.org/W04-3250/).
 */
import { bootstrapMean, type BootstrapInterval, type BootstrapOptions } from './bootstrap.js'
import { checkGoldComparison, checkPairedLabels, type GoldComparison, type Label } from './labels.js'

/**
 * Bootstrap percentile interval of the agreement rate of `predicted` (student) with `reference`
 * (teacher, or gold labels for accuracy). Same seed, same interval. O(B·n).
 *
 * @throws {InvalidArgumentError} on empty or mismatched arrays, a bad label, or bad options
 * @example
 * const teacher = Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? 'spam' : 'ham'))
 * const student = teacher.map((label, i) => (i < 132 ? 'unsure' : label)) // 1,868 of 2,000 agree
 * bootstrapAgreementRate(teacher, student, { seed: 42 })
 * // => { estimate: 0.934, lower: 0.9225, upper: 0.9445, method: 'percentile' } (Wilson: 0.9223-0.9441)
 */
export function bootstrapAgreementRate(
  reference: readonly Label[],
  predicted: readonly Label[],
  options: BootstrapOptions,
): BootstrapInterval {
  const n = checkPairedLabels('reference', reference, 'predicted', predicted)
  const agree = new Int8Array(n)
  for (let i = 0; i < n; i++) agree[i] = reference[i] === predicted[i] ? 1 : 0
  return bootstrapMean(agree, options)
}

/**
 * Bootstrap percentile interval of accuracy(student) - accuracy(teacher) on the same gold-labelled
 * examples, a fraction in [-1, 1] (positive: the student is more accurate). Each example scores
 * +1 (only the student right), -1 (only the teacher right) or 0; the difference is their mean.
 * Same seed, same interval. O(B·n).
 *
 * @throws {InvalidArgumentError} on empty or mismatched arrays, a bad label, or bad options
 * @example
 * // 1,000 examples: student right only on 40, teacher right only on 60, both right on the rest
 * const gold = Array.from({ length: 1000 }, () => 'ok')
 * const student = gold.map((label, i) => (i < 60 ? 'wrong' : label))
 * const teacher = gold.map((label, i) => (i >= 60 && i < 100 ? 'wrong' : label))
 * bootstrapAccuracyDifference({ gold, student, teacher }, { seed: 5, resamples: 4000 })
 * // => { estimate: -0.02, lower: -0.040, upper: 0 }: 0 is (just) inside, so not shown to be less accurate
 */
export function bootstrapAccuracyDifference(input: GoldComparison, options: BootstrapOptions): BootstrapInterval {
  const n = checkGoldComparison(input)
  const { gold, student, teacher } = input
  const difference = new Int8Array(n)
  for (let i = 0; i < n; i++) difference[i] = (student[i] === gold[i] ? 1 : 0) - (teacher[i] === gold[i] ? 1 : 0)
  return bootstrapMean(difference, options)
}
