import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { binCounts, populationStabilityIndex, psiFromCounts, psiLevel, PSI_EPSILON, quantileEdges } from '../../src/drift/index.js'
import { InvalidArgumentError } from '../../src/scenario/messages.js'
import { expectClose } from '../helpers/expect-close.js'

describe('psiFromCounts(expectedCounts, actualCounts, epsilon)', () => {
  it('matches the sum worked by hand, with an empty bin replaced by epsilon = 1e-4', () => {
    // expected counts (30, 30, 20, 20) -> shares e = (0.3, 0.3, 0.2, 0.2)
    // actual counts   (15, 0, 15, 20)  -> shares a = (0.3, 0 -> 1e-4, 0.3, 0.4)
    // bin 1: (0.3 - 0.3) ln(0.3 / 0.3)        = 0
    // bin 2: (1e-4 - 0.3) ln(1e-4 / 0.3)      = -0.2999 x -8.006367568 = 2.401109634
    // bin 3: (0.3 - 0.2) ln(0.3 / 0.2)        = 0.1 x 0.405465108      = 0.040546511
    // bin 4: (0.4 - 0.2) ln(0.4 / 0.2)        = 0.2 x 0.693147181      = 0.138629436
    // PSI = 2.580285580 (numpy: ((a - e) * np.log(a / e)).sum() = 2.5802855804611142)
    const result = psiFromCounts([30, 30, 20, 20], [15, 0, 15, 20])
    expect(result.epsilon).toBe(PSI_EPSILON)
    expectClose(result.terms[0]!, 0, { abs: 1e-15 })
    expectClose(result.terms[1]!, 2.401109633538309)
    expectClose(result.terms[2]!, 0.040546510810816415)
    expectClose(result.terms[3]!, 0.13862943611198905)
    expectClose(result.psi, 2.5802855804611142)
    expect(result.level).toBe('act')
  })

  it('a larger epsilon makes an empty bin count for less', () => {
    // bin 2 with epsilon 1e-2: (0.01 - 0.3) ln(0.01 / 0.3) = -0.29 x -3.401197382 = 0.986347241
    expectClose(psiFromCounts([30, 30, 20, 20], [15, 0, 15, 20], 1e-2).terms[1]!, 0.29 * Math.log(30))
  })

  it('is 0 for identical distributions, whatever the totals', () => {
    expect(psiFromCounts([1, 2, 3], [10, 20, 30]).psi).toBeCloseTo(0, 15)
  })

  it('rejects bad counts, lengths and epsilon', () => {
    expect(() => psiFromCounts([1, -1], [1, 1])).toThrow(InvalidArgumentError)
    expect(() => psiFromCounts([0, 0], [1, 1])).toThrow('invalid expectedCounts: [0,0] (must be a non-empty array of finite numbers >= 0 with a positive sum)')
    expect(() => psiFromCounts([1, 1], [1, 1, 1])).toThrow('invalid actualCounts: [1,1,1] (must have the same length as expectedCounts (2))')
    expect(() => psiFromCounts([1, 1], [1, 1], 0)).toThrow('invalid epsilon: 0 (must be > 0)')
  })
})

describe('populationStabilityIndex(expected, actual, { bins | edges, epsilon })', () => {
  it('bins by the expected sample\'s deciles by default', () => {
    const expected = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    // numpy.quantile(range(1, 11), [0.1, ..., 0.9]) = 1.9, 2.8, ..., 9.1: one expected value per bin
    const edges = quantileEdges(expected, 10)
    edges.forEach((edge, i) => expectClose(edge, 1.9 + 0.9 * i, 1e-12))
    const result = populationStabilityIndex(expected, expected)
    expect(result.expectedCounts).toEqual(new Array(10).fill(1))
    expect(result.psi).toBe(0)
  })

  it('counts later values beyond the reference range in the outer bins', () => {
    expect(binCounts([-100, 0, 1, 100], [0.5])).toEqual([2, 2])
    expect(binCounts([0.5, 0.6], [0.5])).toEqual([1, 1])
  })

  it('agrees with psiFromCounts on the same bins', () => {
    const expected = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    const actual = [1, 2, 3, 7, 7, 8, 8, 9, 10, 12]
    const edges = [3, 6, 8]
    // expected counts (3, 3, 2, 2), actual (3, 0, 4, 3)
    const result = populationStabilityIndex(expected, actual, { edges })
    expect(result.actualCounts).toEqual([3, 0, 4, 3])
    expect(result.psi).toBe(psiFromCounts([3, 3, 2, 2], [3, 0, 4, 3]).psi)
  })

  it('rejects bins 0, bins with edges, and unsorted edges', () => {
    expect(() => populationStabilityIndex([1], [1], { bins: 0 })).toThrow('invalid bins: 0 (must be >= 1)')
    expect(() => populationStabilityIndex([1], [1], { bins: 2.5 })).toThrow('invalid bins: 2.5 (must be integer)')
    expect(() => populationStabilityIndex([1], [1], { bins: 2, edges: [1] })).toThrow('give bins or edges, not both')
    expect(() => populationStabilityIndex([1], [1], { edges: [2, 1] })).toThrow('invalid edges: [2,1]')
    expect(() => populationStabilityIndex([], [1])).toThrow('invalid expected: []')
    expect(() => populationStabilityIndex([1], [Number.NaN])).toThrow('invalid actual: [null]')
  })

  it('is >= 0 and 0 on identical samples (fast-check)', () => {
    const sample = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 })
    fc.assert(
      fc.property(sample, sample, fc.integer({ min: 1, max: 12 }), (expected, actual, bins) => {
        expect(populationStabilityIndex(expected, actual, { bins }).psi).toBeGreaterThanOrEqual(0)
        expect(populationStabilityIndex(expected, expected, { bins }).psi).toBe(0)
      }),
    )
  })
})

describe('psiLevel(psi)', () => {
  it('uses the thresholds 0.1 (watch) and 0.2 (act)', () => {
    expect([0, 0.0999, 0.1, 0.1999, 0.2, 3].map(psiLevel)).toEqual(['stable', 'stable', 'watch', 'watch', 'act', 'act'])
    expect(() => psiLevel(Number.NaN)).toThrow('invalid psi: NaN (must be a finite number)')
  })
})
