/**
 * Class labels: what a classifier (teacher, student or gold annotation) outputs per example. A
 * label is a string or a finite number; `1` and `'1'` are different labels.
 */
import { agreementRules, invalidArgument, invalidArgumentShown } from './messages.js'
import { checkPairedArrays } from './validate.js'

/** One class label: a string or a finite number. Labels are equal when `===` says so. */
export type Label = string | number

/**
 * Checks one array of labels element by element: each must be a string or a finite number.
 *
 * @throws {InvalidArgumentError} `invalid predicted[3]: null (must be a string or a finite number)`
 * @example
 * checkLabels('reference', ['cat', 'dog']) // => undefined
 * checkLabels('predicted', ['cat', 'dog', 'cat', null]) // throws invalid predicted[3]: null (must be a string or a finite number)
 */
export function checkLabels(name: string, labels: readonly unknown[]): asserts labels is readonly Label[] {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]
    if (typeof label === 'string') continue
    if (typeof label === 'number' && Number.isFinite(label)) continue
    throw invalidArgument(`${name}[${i}]`, label, agreementRules.label)
  }
}

/**
 * Checks two paired arrays of labels (non-empty, same length, every element a string or a finite
 * number) and returns their length. O(n).
 *
 * @throws {InvalidArgumentError} on an empty or non-array argument, different lengths, or a bad label
 * @example
 * checkPairedLabels('reference', ['a', 'b'], 'predicted', ['a', 'a']) // => 2
 */
export function checkPairedLabels(referenceName: string, reference: unknown, predictedName: string, predicted: unknown): number {
  const n = checkPairedArrays(referenceName, reference, predictedName, predicted, 'label')
  checkLabels(referenceName, reference as unknown[])
  checkLabels(predictedName, predicted as unknown[])
  return n
}

/**
 * Orders labels: numbers first, ascending; then strings, by UTF-16 code units (as
 * `Array.prototype.sort` does). The order the confusion matrix and the per-class tables use.
 *
 * @example
 * ['b', 2, 'a', 1].sort(compareLabels) // => [1, 2, 'a', 'b']
 */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number') {
    if (typeof b === 'number') return a - b
    return -1
  }
  if (typeof b === 'number') return 1
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * The distinct labels found in any of `arrays`, ordered by {@link compareLabels}. O(n log k) for k
 * distinct labels.
 *
 * @example
 * distinctLabels(['dog', 'cat'], ['cat', 'bird']) // => ['bird', 'cat', 'dog']
 */
export function distinctLabels(...arrays: readonly (readonly Label[])[]): Label[] {
  const seen = new Set<Label>()
  for (const array of arrays) for (const label of array) seen.add(label)
  return [...seen].sort(compareLabels)
}

/** The same examples labelled three ways: gold labels, the student's and the teacher's. */
export interface GoldComparison {
  /** The gold labels, one per example. */
  gold: readonly Label[]
  /** The student's labels, same examples, same order. */
  student: readonly Label[]
  /** The teacher's labels, same examples, same order. */
  teacher: readonly Label[]
}

/**
 * Checks a {@link GoldComparison} (three non-empty label arrays of one length) and returns n. O(n).
 *
 * @throws {InvalidArgumentError} `invalid teacher: 3 labels (must have the same length as gold (4))`
 * @example
 * checkGoldComparison({ gold: ['a'], student: ['a'], teacher: ['b'] }) // => 1
 */
export function checkGoldComparison(input: GoldComparison): number {
  if (typeof input !== 'object' || input === null) {
    throw invalidArgumentShown('input', String(input), agreementRules.goldComparison)
  }
  const n = checkPairedLabels('gold', input.gold, 'student', input.student)
  checkPairedLabels('gold', input.gold, 'teacher', input.teacher)
  return n
}
