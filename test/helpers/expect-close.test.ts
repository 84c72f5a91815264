// The shared tolerance check fails when it should, with a message that names the numbers.
import { describe, expect, it } from 'vitest'
import { expectClose } from './expect-close.js'

describe('expectClose(actual, expected, tolerance, what)', () => {
  it('passes within the relative bound: 0.1 + 0.2 is 0.3 to 1.9e-16', () => {
    expectClose(0.1 + 0.2, 0.3)
    expectClose(1.0009, 1, { rel: 1e-3 })
  })

  it('fails outside it and says by how much', () => {
    // |1.001 - 1| = 1.00e-3 > 1e-4 x 1
    expect(() => expectClose(1.001, 1, 1e-4, 'rate')).toThrow(/^rate: 1\.001 differs from 1 by 1\.00e-3 \(absolute, 1\.00e-3 relative; allowed 0\.0001 relative\)$/)
  })

  it('needs an exact zero unless an absolute bound is given', () => {
    expect(() => expectClose(3e-16, 0)).toThrow('3e-16 differs from 0 by 3.00e-16 (absolute; allowed 1e-12 relative)')
    expectClose(3e-16, 0, { abs: 1e-15 })
    expect(() => expectClose(2e-15, 0, { abs: 1e-15 })).toThrow('or 1e-15 absolute')
  })

  it('treats NaN and infinities as values to meet exactly', () => {
    expectClose(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY)
    expect(() => expectClose(1e308, Number.POSITIVE_INFINITY)).toThrow('1e+308 is not Infinity')
    expect(() => expectClose(Number.NaN, 1)).toThrow('NaN differs from 1')
  })
})
