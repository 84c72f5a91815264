import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { jensenShannonDistance, jensenShannonDistanceOfSamples } from '../../src/drift/index.js'
import { expectClose } from '../helpers/expect-close.js'

// scipy.spatial.distance.jensenshannon reference values. The first three are the examples printed
// in scipy's own documentation (scipy 1.11, "scipy.spatial.distance.jensenshannon"); the last two
// were computed with numpy 1.24.2 (/usr/bin/python3) by scipy's own steps: p = p / p.sum(),
// q = q / q.sum(), m = (p + q) / 2, js = (rel_entr(p, m).sum() + rel_entr(q, m).sum()) / 2,
// js /= np.log(base), np.sqrt(js), with rel_entr(x, y) = x ln(x / y) and 0 at x = 0.
describe('jensenShannonDistance(p, q, base)', () => {
  it('matches scipy.spatial.distance.jensenshannon', () => {
    // jensenshannon([1.0, 0.0, 0.0], [0.0, 1.0, 0.0], 2.0) = 1.0
    expect(jensenShannonDistance([1, 0, 0], [0, 1, 0], 2)).toBe(1)
    // jensenshannon([1.0, 0.0], [0.5, 0.5]) = 0.46450140402245893 (base e, scipy's default)
    expectClose(jensenShannonDistance([1, 0], [0.5, 0.5], Math.E), 0.46450140402245893)
    // jensenshannon([1.0, 0.0, 0.0], [1.0, 0.0, 0.0]) = 0.0
    expect(jensenShannonDistance([1, 0, 0], [1, 0, 0])).toBe(0)
    // jensenshannon([10, 0, 5], [2, 3, 5], base=2) = 0.5076603091477455 (counts normalised)
    expectClose(jensenShannonDistance([10, 0, 5], [2, 3, 5]), 0.5076603091477455)
    // jensenshannon([10, 0, 5], [2, 3, 5]) = 0.4226549312826979
    expectClose(jensenShannonDistance([10, 0, 5], [2, 3, 5], Math.E), 0.4226549312826979)
  })

  it('by hand: [1, 0] against [1, 1] in bits', () => {
    // m = (0.75, 0.25); JS = ½ log2(1 / 0.75) + ½ (½ log2(0.5 / 0.75) + ½ log2(0.5 / 0.25))
    //   = ½ 0.415037 + ½ (-0.292481 + 0.5) = 0.311278; sqrt = 0.557923
    const js = 0.5 * Math.log2(4 / 3) + 0.5 * (0.5 * Math.log2(2 / 3) + 0.5)
    expectClose(jensenShannonDistance([1, 0], [1, 1]), Math.sqrt(js))
  })

  it('rejects bad input', () => {
    expect(() => jensenShannonDistance([1], [1, 2])).toThrow('invalid q: [1,2] (must have the same length as p (1))')
    expect(() => jensenShannonDistance([1], [1], 1)).toThrow('invalid base: 1 (must be > 1)')
    expect(() => jensenShannonDistance([0], [1])).toThrow('invalid p: [0]')
  })

  it('is in [0, 1] in bits, symmetric, and 0 for proportional vectors (fast-check)', () => {
    const counts = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 4, maxLength: 4 }).filter((v) => v.some((x) => x > 0))
    fc.assert(
      fc.property(counts, counts, fc.integer({ min: 1, max: 9 }), (p, q, scale) => {
        const distance = jensenShannonDistance(p, q)
        expect(distance).toBeGreaterThanOrEqual(0)
        expect(distance).toBeLessThanOrEqual(1 + 1e-12)
        expectClose(jensenShannonDistance(q, p), distance, { abs: 1e-15 })
        expect(jensenShannonDistance(p, p.map((x) => x * scale))).toBeLessThan(1e-7)
      }),
    )
  })
})

describe('jensenShannonDistanceOfSamples(first, second, { bins | edges, base })', () => {
  it('counts both samples on the first one\'s bins', () => {
    // edges [3, 6, 8]: counts (3, 3, 2, 2) and (3, 0, 4, 3)
    const first = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    const second = [1, 2, 3, 7, 7, 8, 8, 9, 10, 12]
    expect(jensenShannonDistanceOfSamples(first, second, { edges: [3, 6, 8] })).toBe(jensenShannonDistance([3, 3, 2, 2], [3, 0, 4, 3]))
    expect(jensenShannonDistanceOfSamples(first, first)).toBe(0)
  })
})
