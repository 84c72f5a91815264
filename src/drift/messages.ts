/**
 * Every message the drift statistics give for a bad argument, in one place, worded like the
 * agreement statistics and the scenario validator: `invalid bins: 0 (must be >= 1)`. All are
 * thrown as {@link InvalidArgumentError} (exit code 2 in the CLI).
 */
import { invalidArgument } from '../agreement/messages.js'
import type { InvalidArgumentError } from '../scenario/messages.js'

/** The rules broken by bad arguments, in words (the part in parentheses of a message). */
export const driftRules = {
  sample: (minLength: number) => `must be an array of at least ${minLength} finite number${minLength === 1 ? '' : 's'}`,
  counts: 'must be a non-empty array of finite numbers >= 0 with a positive sum',
  sameLength: (other: string, otherLength: number) => `must have the same length as ${other} (${otherLength})`,
  edges: 'must be a non-empty array of finite numbers in strictly increasing order',
  binsOrEdges: 'give bins or edges, not both',
  labels: 'must be an array of booleans or 0/1, with at least one of each',
  months: 'must be an array of at least 3 { month, agreement, n } with distinct finite months, agreement in [0, 1] and n > 0',
  model: (known: readonly string[]) => `must be one of ${known.map((name) => `"${name}"`).join(', ')}`,
  retrainDecay: 'must be a DecayFit or { model: "linear", perMonth, standardError }',
  retrainInputs: 'must be an object of retraining inputs',
  covariance: 'must be a positive semi-definite 2 x 2 covariance',
  exponentialAgreement: 'must be > 0 in every month for the exponential model (its log starts the fit)',
} as const

/**
 * The error for one bad argument: `invalid <name>: <value> (<rule>)`.
 *
 * @example
 * driftArgumentError('edges', [2, 1], driftRules.edges).message
 * // => 'invalid edges: [2,1] (must be a non-empty array of finite numbers in strictly increasing order)'
 */
export function driftArgumentError(name: string, value: unknown, rule: string): InvalidArgumentError {
  return invalidArgument(name, value, rule)
}
