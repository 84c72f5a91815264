/**
 * Deep equality of parsed JSON values, with two relaxations for comparing model outputs: strings
 * may be compared trimmed and case-folded, and numbers within a tolerance.
 */
import { foldText } from './exact-match.js'
import { agreementRules, invalidArgument } from './messages.js'
import { checkBoolean } from './validate.js'

/** How loosely to compare. */
export interface JsonCompareOptions {
  /** Compare strings (values, not keys) trimmed and case-folded (see `foldText`); default false. */
  normalizeStrings?: boolean
  /** Numbers a and b are equal when |a - b| <= max(absoluteTolerance, relativeTolerance·max(|a|, |b|)); default 0. */
  absoluteTolerance?: number
  /** See `absoluteTolerance`; default 0 (exact). */
  relativeTolerance?: number
}

/** Validated {@link JsonCompareOptions}. */
export interface ResolvedJsonCompare {
  normalizeStrings: boolean
  absoluteTolerance: number
  relativeTolerance: number
}

/**
 * Validates and fills in {@link JsonCompareOptions}.
 *
 * @throws {InvalidArgumentError} `invalid absoluteTolerance: -1 (must be a finite number >= 0)`
 * @example
 * resolveJsonCompare({}) // => { normalizeStrings: false, absoluteTolerance: 0, relativeTolerance: 0 }
 */
export function resolveJsonCompare(options: JsonCompareOptions): ResolvedJsonCompare {
  const normalizeStrings = checkBoolean('normalizeStrings', options.normalizeStrings ?? false)
  const tolerance = (name: string, value: unknown): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalidArgument(name, value, agreementRules.tolerance)
    return value
  }
  return {
    normalizeStrings,
    absoluteTolerance: tolerance('absoluteTolerance', options.absoluteTolerance ?? 0),
    relativeTolerance: tolerance('relativeTolerance', options.relativeTolerance ?? 0),
  }
}

/**
 * Whether two parsed JSON values are equal: same type; numbers equal within the tolerance (the
 * rule of Python's `math.isclose`); strings equal (after `foldText` when normalising); arrays of
 * the same length, equal element by element in order; objects with the same set of keys and equal
 * values under each. `undefined` (a missing field) equals only `undefined`. O(size of the values).
 *
 * @example
 * jsonValuesEqual({ a: [1, 'X '] }, { a: [1.0000001, 'x'] }, { normalizeStrings: true, absoluteTolerance: 1e-6 }) // => true
 * jsonValuesEqual(null, undefined, {}) // => false
 */
export function jsonValuesEqual(a: unknown, b: unknown, options: JsonCompareOptions = {}): boolean {
  return valuesEqual(a, b, resolveJsonCompare(options))
}

/** {@link jsonValuesEqual} with options already resolved (no validation). */
export function valuesEqual(a: unknown, b: unknown, options: ResolvedJsonCompare): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b) return true
    const difference = Math.abs(a - b)
    return difference <= Math.max(options.absoluteTolerance, options.relativeTolerance * Math.max(Math.abs(a), Math.abs(b)))
  }
  if (typeof a === 'string' && typeof b === 'string') return options.normalizeStrings ? foldText(a) === foldText(b) : a === b
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const other = b as unknown[]
    if (a.length !== other.length) return false
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], other[i], options)) return false
    return true
  }
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  const keys = Object.keys(left)
  if (keys.length !== Object.keys(right).length) return false
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(right, key)) return false
    if (!valuesEqual(left[key], right[key], options)) return false
  }
  return true
}
