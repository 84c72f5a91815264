/**
 * Argument checks shared by the agreement statistics: each validates one argument at the entry
 * and throws an {@link InvalidArgumentError} naming it and its bad value.
 */
import type { InvalidArgumentError } from '../scenario/messages.js'
import { agreementRules, invalidArgument, invalidArgumentShown } from './messages.js'

/** The confidence level used when none is given: 0.95. */
export const DEFAULT_CONFIDENCE = 0.95

/**
 * Returns `confidence` when it is a number in (0, 1) (0.95 for a 95 % interval).
 *
 * @throws {InvalidArgumentError} `invalid confidence: 1.2 (must be in (0, 1))`
 * @example
 * checkConfidence(0.95) // => 0.95
 * checkConfidence(1.2) // throws invalid confidence: 1.2 (must be in (0, 1))
 */
export function checkConfidence(confidence: unknown): number {
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) {
    throw invalidArgument('confidence', confidence, agreementRules.confidence)
  }
  return confidence
}

/**
 * Returns `value` when it is a positive safe integer (a number of examples).
 *
 * @throws {InvalidArgumentError} `invalid n: 0 (must be a positive integer: a rate needs at least one example)`
 * @example
 * checkPositiveCount('n', 1000) // => 1000
 */
export function checkPositiveCount(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw invalidArgument(name, value, agreementRules.positiveCount)
  }
  return value
}

/**
 * Returns `value` when it is an integer in [0, n] (a number of successes out of n).
 *
 * @throws {InvalidArgumentError} `invalid successes: 5 (must be an integer in [0, n = 4])`
 * @example
 * checkCount('successes', 3, 4) // => 3
 */
export function checkCount(name: string, value: unknown, n: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > n) {
    throw invalidArgument(name, value, agreementRules.count(n))
  }
  return value
}

/**
 * Returns `value` when it is a probability: in [0, 1], or in (0, 1) when `open` is true.
 *
 * @throws {InvalidArgumentError} `invalid target: 1.5 (must be in (0, 1))`
 * @example
 * checkProbability('rate', 0.9) // => 0.9
 */
export function checkProbability(name: string, value: unknown, open = false): number {
  const ok = typeof value === 'number' && (open ? value > 0 && value < 1 : value >= 0 && value <= 1)
  if (!ok) throw invalidArgument(name, value, open ? agreementRules.openProbability : agreementRules.probability)
  return value as number
}

/**
 * Returns `value` when it is one of `known` (a method name).
 *
 * @throws {InvalidArgumentError} `invalid method: "exact" (must be one of "wilson", "clopper-pearson", ...)`
 * @example
 * checkOneOf('method', 'wilson', ['wilson', 'wald']) // => 'wilson'
 */
export function checkOneOf<T extends string>(name: string, value: unknown, known: readonly T[]): T {
  if (typeof value !== 'string' || !(known as readonly string[]).includes(value)) {
    throw invalidArgument(name, value, agreementRules.method(known))
  }
  return value as T
}

/**
 * Returns `value` when it is true or false.
 *
 * @throws {InvalidArgumentError} `invalid normalize: "yes" (must be true or false)`
 * @example
 * checkBoolean('normalize', true) // => true
 */
export function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw invalidArgument(name, value, agreementRules.boolean)
  return value
}

/**
 * Checks that `first` and `second` are non-empty arrays of the same length and returns that
 * length; `describe` says what they hold (`labels`, `outputs`), for the messages. The elements
 * are not checked here.
 *
 * @throws {InvalidArgumentError} `invalid predicted: [] (must hold at least one label)`, or
 *   `invalid predicted: 3 labels (must have the same length as reference (4))`
 * @example
 * checkPairedArrays('reference', ['a'], 'predicted', ['b'], 'label') // => 1
 */
export function checkPairedArrays(
  firstName: string,
  first: unknown,
  secondName: string,
  second: unknown,
  describe: string,
): number {
  for (const [name, value] of [
    [firstName, first],
    [secondName, second],
  ] as const) {
    if (!Array.isArray(value)) throw invalidArgument(name, value, agreementRules.array(`${describe}s`))
    if (value.length === 0) throw invalidArgument(name, value, agreementRules.nonEmpty(describe))
  }
  const firstLength = (first as unknown[]).length
  const secondLength = (second as unknown[]).length
  if (firstLength !== secondLength) {
    throw invalidArgumentShown(secondName, `${secondLength} ${describe}s`, agreementRules.sameLength(firstName, firstLength))
  }
  return firstLength
}
