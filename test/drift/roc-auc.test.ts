import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { domainDrift, rocAuc } from '../../src/drift/index.js'
import { expectClose } from '../helpers/expect-close.js'

describe('rocAuc(scores, labels, confidence)', () => {
  it('counts pairs, a tie counting half', () => {
    // positives 0.5, 0.9, 0.3; negatives 0.2, 0.5, 0.5
    // 0.5 vs (0.2, 0.5, 0.5): 1 + ½ + ½ = 2; 0.9 vs all: 3; 0.3 vs (0.2, 0.5, 0.5): 1
    // AUC = 6 / 9
    const result = rocAuc([0.2, 0.5, 0.5, 0.9, 0.3, 0.5], [0, 0, 1, 1, 1, 0])
    expectClose(result.auc, 6 / 9)
    expect([result.positives, result.negatives]).toEqual([3, 3])
    // Hanley-McNeil: Q1 = (2/3) / (4/3) = 1/2, Q2 = 2 (4/9) / (5/3) = 8/15
    // SE² = (2/9 + 2 (1/2 - 4/9) + 2 (8/15 - 4/9)) / 9 = (10/45 + 5/45 + 8/45) / 9 = 23/405
    expectClose(result.standardError, Math.sqrt(23 / 405))
    expectClose(result.lower, Math.max(0, 6 / 9 - 1.959963984540054 * Math.sqrt(23 / 405)), 1e-12)
    expect(result.upper).toBe(1)
  })

  it('accepts booleans and gives 1 for perfect separation', () => {
    expect(rocAuc([1, 2, 3, 4], [false, false, true, true]).auc).toBe(1)
  })

  it('rejects labels of one class, of other values, or of another length', () => {
    expect(() => rocAuc([1, 2], [0, 0])).toThrow('invalid labels: [0,0] (must be an array of booleans or 0/1, with at least one of each)')
    expect(() => rocAuc([1, 2], [0, 2])).toThrow('invalid labels: [0,2]')
    expect(() => rocAuc([1, 2], [0])).toThrow('invalid labels: [0] (must have the same length as scores (2))')
    expect(() => rocAuc([1, 2], [0, 1], 1)).toThrow('invalid confidence: 1 (must be < 1)')
  })

  it('flipping the labels gives 1 - AUC; identical score distributions give 0.5 (fast-check)', () => {
    const rows = fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean()), { minLength: 2, maxLength: 40 }).filter((r) => r.some(([, l]) => l) && r.some(([, l]) => !l))
    fc.assert(
      fc.property(rows, (r) => {
        const scores = r.map(([s]) => s)
        const labels = r.map(([, l]) => l)
        const auc = rocAuc(scores, labels).auc
        expect(auc).toBeGreaterThanOrEqual(0)
        expect(auc).toBeLessThanOrEqual(1)
        expectClose(rocAuc(scores, labels.map((l) => !l)).auc, 1 - auc, { abs: 1e-12 })
        // every score once in each class: all pairs tie or cancel
        expect(rocAuc([...scores, ...scores], [...scores.map(() => true), ...scores.map(() => false)]).auc).toBe(0.5)
      }),
    )
  })
})

describe('domainDrift(auc)', () => {
  it('flags drift above 0.55, and says whether the interval clears it', () => {
    expect(domainDrift(0.55).drift).toBe(false)
    expect(domainDrift(0.5501).drift).toBe(true)
    expect(domainDrift({ auc: 0.7, lower: 0.6, upper: 0.8 }).certainty).toBe('drift')
    expect(domainDrift({ auc: 0.5, lower: 0.45, upper: 0.55 }).certainty).toBe('no drift')
    // AUC 0.75 on 2 + 2 examples: Hanley-McNeil SE 0.28, the interval straddles 0.55
    expect(domainDrift(rocAuc([1, 3, 2, 4], [0, 0, 1, 1])).certainty).toBe('unclear')
  })
})
