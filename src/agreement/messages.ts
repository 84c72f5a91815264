/**
 * Every message the agreement statistics give for a bad argument, in one place. A message names
 * the argument, shows the bad value and states the rule, with no trailing period:
 * `invalid confidence: 1.2 (must be in (0, 1))`. All of them are thrown as
 * {@link InvalidArgumentError}, which the CLI maps to exit code 2.
 */
import { InvalidArgumentError } from '../scenario/messages.js'

/**
 * Renders a bad value for a message: numbers as JavaScript prints them (`NaN`, `Infinity`, `1.2`),
 * strings quoted, arrays and objects as (cut) JSON, anything else by `String`.
 *
 * @example
 * showArgument(Number.NaN) // => 'NaN'
 * showArgument('x') // => '"x"'
 * showArgument([]) // => '[]'
 */
export function showArgument(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value)
  if (value === undefined) return 'undefined'
  if (typeof value === 'function') return 'a function'
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

/**
 * The error for one bad argument: `invalid <name>: <value> (<rule>)`.
 *
 * @example
 * invalidArgument('confidence', 1.2, 'must be in (0, 1)').message // => 'invalid confidence: 1.2 (must be in (0, 1))'
 */
export function invalidArgument(name: string, value: unknown, rule: string): InvalidArgumentError {
  return invalidArgumentShown(name, showArgument(value), rule)
}

/**
 * {@link invalidArgument} with the value already put in words (`3 labels`), shown unquoted.
 *
 * @example
 * invalidArgumentShown('predicted', '3 labels', 'must have the same length as reference (4)').message
 * // => 'invalid predicted: 3 labels (must have the same length as reference (4))'
 */
export function invalidArgumentShown(name: string, shownValue: string, rule: string): InvalidArgumentError {
  return new InvalidArgumentError(`invalid ${name}: ${shownValue} (${rule})`)
}

/** The rules broken by bad arguments, in words (the part in parentheses of a message). */
export const agreementRules = {
  confidence: 'must be in (0, 1)',
  positiveCount: 'must be a positive integer: a rate needs at least one example',
  count: (n: number) => `must be an integer in [0, n = ${n}]`,
  probability: 'must be in [0, 1]',
  openProbability: 'must be in (0, 1)',
  margin: 'must be in (0, 0.5): a 0-1 interval never has a half-width above 0.5',
  array: (what: string) => `must be an array of ${what}`,
  nonEmpty: (what: string) => `must hold at least one ${what}`,
  sameLength: (other: string, otherLength: number) => `must have the same length as ${other} (${otherLength})`,
  label: 'must be a string or a finite number',
  duplicateLabel: 'each label may be listed once',
  unlistedLabel: (labels: readonly unknown[]) => `not one of the labels ${labels.map(showArgument).join(', ')}`,
  method: (known: readonly string[]) => `must be one of ${known.map((name) => `"${name}"`).join(', ')}`,
  resamples: 'must be an integer in [1, 10000000]',
  seed: 'must be an integer in [0, 2^53)',
  random: 'must have a nextFloat64() method returning numbers in [0, 1)',
  randomOrSeed: 'give exactly one of random (a seeded stream) or seed',
  squareTable: 'must be a square table of non-negative integer counts with at least 2 rows',
  emptyTable: 'must hold at least one count',
  kappaUndefined: 'Cohen\'s kappa is undefined when both raters use one and the same label throughout (chance agreement 1)',
  text: 'must be a string',
  tolerance: 'must be a finite number >= 0',
  fields: 'must be an array of distinct field names (strings)',
  boolean: 'must be true or false',
  goldComparison: 'must be an object { gold, student, teacher }',
  agreementCount: 'must be an object { agreements, n }',
  cell: 'must be a non-negative integer count',
  twoByTwo: 'must be a 2 x 2 table [[a, b], [c, d]] of counts',
  waldRate: 'must be in (0, 1) for the Wald formula: at 0 or 1 its interval has zero width',
} as const
