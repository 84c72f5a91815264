import { expect } from 'vitest'

/** Tolerances of {@link expectClose}: the check passes when either bound holds. */
export interface Tolerance {
  /** Largest `|actual - expected| / |expected|` allowed (default 1e-12). */
  rel?: number
  /** Largest `|actual - expected|` allowed (default 0: only the relative bound counts). */
  abs?: number
}

/**
 * Fails the test unless `actual` is within `rel` (relative) or `abs` (absolute) of `expected`:
 * `|actual - expected| <= max(abs, rel x |expected|)`. A non-finite or zero `expected` must be
 * met exactly unless `abs` allows some room. The message names both values, the difference
 * and the tolerance, and `what` when given.
 *
 * @example
 * expectClose(0.1 + 0.2, 0.3) // passes: 5.6e-17 absolute, 1.9e-16 relative
 * expectClose(1.001, 1, { rel: 1e-4 }) // fails: 1.001 differs from 1 by 1.00e-3 (relative; allowed 1e-4)
 * expectClose(3e-16, 0, { abs: 1e-15 }) // passes
 */
export function expectClose(actual: number, expected: number, tolerance: number | Tolerance = {}, what?: string): void {
  const { rel = 1e-12, abs = 0 } = typeof tolerance === 'number' ? { rel: tolerance } : tolerance
  const label = what ? `${what}: ` : ''
  if (typeof actual !== 'number') expect.fail(`${label}expected a number close to ${expected}, got ${String(actual)}`)
  if (!Number.isFinite(expected)) {
    if (!Object.is(actual, expected)) expect.fail(`${label}${actual} is not ${expected}`)
    return
  }
  const difference = Math.abs(actual - expected)
  const allowed = Math.max(abs, rel * Math.abs(expected))
  if (!(difference <= allowed)) {
    const relative = expected === 0 ? '' : `, ${(difference / Math.abs(expected)).toExponential(2)} relative`
    expect.fail(
      `${label}${actual} differs from ${expected} by ${difference.toExponential(2)} (absolute${relative}; allowed ${rel} relative` +
        (abs > 0 ? ` or ${abs} absolute)` : ')'),
    )
  }
}
