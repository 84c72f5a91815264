import { describe, expect, it } from 'vitest'
import { exactMatchRate, foldText } from '../../src/agreement/index.js'

describe('foldText(text)', () => {
  it('trims and case-folds, including the folds plain lower-casing misses', () => {
    expect(foldText('  Paris \n')).toBe('paris')
    expect(foldText('Straße')).toBe(foldText('STRASSE'))
    expect(foldText('ΟΔΟΣ')).toBe(foldText('οδος'))
  })
})

describe('exactMatchRate(reference, predicted, { normalize })', () => {
  it('compares texts exactly by default', () => {
    // By hand: only index 0 matches byte for byte: 1 of 3.
    const result = exactMatchRate(['Paris', 'Berlin', 'Rome'], ['Paris', 'berlin', 'Roma'])
    expect(result).toMatchObject({ agreements: 1, n: 3, rate: 1 / 3, disagreements: [1, 2] })
    // statsmodels.stats.proportion.proportion_confint(1, 3, alpha=0.05, method='wilson') = (0.06149194472039626, 0.7923403991979523)
    expect(result.lower).toBeCloseTo(0.06149194472039626, 14)
    expect(result.upper).toBeCloseTo(0.7923403991979523, 14)
  })

  it('trims and case-folds when asked', () => {
    const result = exactMatchRate(['Paris', 'Berlin', 'Rome'], [' paris', 'BERLIN\n', 'Roma'], { normalize: true })
    expect(result).toMatchObject({ agreements: 2, disagreements: [2] })
  })

  it('handles n = 1 and all-match', () => {
    expect(exactMatchRate(['x'], ['x'])).toMatchObject({ agreements: 1, rate: 1, upper: 1 })
    expect(exactMatchRate(['x'], ['y'])).toMatchObject({ agreements: 0, rate: 0, lower: 0 })
  })

  it('rejects bad input', () => {
    expect(() => exactMatchRate(['a'], ['a', 'b'])).toThrow('invalid predicted: 2 outputs (must have the same length as reference (1))')
    expect(() => exactMatchRate([], [])).toThrow('invalid reference: [] (must hold at least one output)')
    expect(() => exactMatchRate(['a', 'b'], ['a', 3 as unknown as string])).toThrow('invalid predicted[1]: 3 (must be a string)')
    expect(() => exactMatchRate(['a'], ['a'], { normalize: 'yes' as unknown as boolean })).toThrow(
      'invalid normalize: "yes" (must be true or false)',
    )
    expect(() => exactMatchRate(['a'], ['a'], { confidence: 1.2 })).toThrow('invalid confidence: 1.2 (must be in (0, 1))')
  })
})
