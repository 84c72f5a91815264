/**
 * Number checks for the library's public functions, worded like the scenario validator (ajv):
 * `invalid monthlyGrowth: -1.5 (must be > -1)`. An exported function that takes numbers checks
 * them here, at its entry, and throws {@link InvalidArgumentError} (exit 2 in the CLI).
 */
import { InvalidArgumentError, showValue } from './messages.js'

/** The bounds a number must keep; all optional. */
export interface NumberRule {
  /** Inclusive lower bound: `must be >= min`. */
  min?: number
  /** Exclusive lower bound: `must be > exclusiveMin`. */
  exclusiveMin?: number
  /** Inclusive upper bound: `must be <= max`. */
  max?: number
  /** Exclusive upper bound: `must be < exclusiveMax`. */
  exclusiveMax?: number
  /** Whole numbers only: `must be integer`. */
  integer?: boolean
}

/**
 * The rule a value breaks, in ajv's words, or undefined when it keeps them all. NaN and
 * infinities break `must be a finite number`.
 *
 * @example
 * numberRuleBroken(-1.5, { exclusiveMin: -1 }) // => 'must be > -1'
 * numberRuleBroken(0.5, { min: 0, max: 1 }) // => undefined
 */
export function numberRuleBroken(value: unknown, rule: NumberRule = {}): string | undefined {
  if (typeof value !== 'number') return 'must be number'
  if (!Number.isFinite(value)) return 'must be a finite number'
  if (rule.integer && !Number.isInteger(value)) return 'must be integer'
  if (rule.min !== undefined && value < rule.min) return `must be >= ${rule.min}`
  if (rule.exclusiveMin !== undefined && value <= rule.exclusiveMin) return `must be > ${rule.exclusiveMin}`
  if (rule.max !== undefined && value > rule.max) return `must be <= ${rule.max}`
  if (rule.exclusiveMax !== undefined && value >= rule.exclusiveMax) return `must be < ${rule.exclusiveMax}`
  return undefined
}

/**
 * Returns `value` when it is a finite number within `rule`; throws otherwise.
 *
 * @throws {InvalidArgumentError} `invalid <name>: <value> (<rule>)`
 * @example
 * checkNumber('horizonMonths', 24, { min: 1, integer: true }) // => 24
 * checkNumber('monthlyGrowth', -1.5, { exclusiveMin: -1 }) // throws invalid monthlyGrowth: -1.5 (must be > -1)
 */
export function checkNumber(name: string, value: unknown, rule: NumberRule = {}): number {
  const broken = numberRuleBroken(value, rule)
  if (broken !== undefined) throw new InvalidArgumentError(`invalid ${name}: ${typeof value === 'number' ? String(value) : showValue(value)} (${broken})`)
  return value as number
}
