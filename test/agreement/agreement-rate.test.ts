import { describe, expect, it } from 'vitest'
import { agreementRate, wilsonInterval } from '../../src/agreement/index.js'
import { InvalidArgumentError } from '../../src/scenario/messages.js'
import { expectClose } from '../helpers/expect-close.js'

describe('agreementRate(reference, predicted, options)', () => {
  it('counts agreements and lists the disagreements', () => {
    // By hand: positions 0, 1 and 3 agree; position 2 ('a' vs 'c') does not: 3 of 4.
    const result = agreementRate(['a', 'b', 'a', 'c'], ['a', 'b', 'c', 'c'])
    expect(result.agreements).toBe(3)
    expect(result.successes).toBe(3)
    expect(result.n).toBe(4)
    expect(result.rate).toBe(0.75)
    expect(result.disagreements).toEqual([2])
    // statsmodels.stats.proportion.proportion_confint(3, 4, alpha=0.05, method='wilson') = (0.30064184258240184, 0.9544127391902995)
    expectClose(result.lower, 0.30064184258240184)
    expectClose(result.upper, 0.9544127391902995)
    expect(result.method).toBe('wilson')
  })

  it('gives the same interval as wilsonInterval on the counts (934 of 1,000)', () => {
    const reference = Array.from({ length: 1000 }, (_, i) => i % 3)
    const predicted = reference.map((label, i) => (i < 66 ? label + 1 : label))
    const result = agreementRate(reference, predicted)
    const expected = wilsonInterval(934, 1000)
    expect(result.lower).toBe(expected.lower)
    expect(result.upper).toBe(expected.upper)
    // proportion_confint(934, 1000, alpha=0.05, method='wilson') (statsmodels 0.13.5)
    expectClose(result.lower, 0.9168907240940241)
    expectClose(result.upper, 0.9477876495405142)
    expect(result.disagreements).toHaveLength(66)
  })

  it('treats 1 and "1" as different labels, and takes numbers and strings', () => {
    expect(agreementRate([1, 2], ['1', 2]).agreements).toBe(1)
  })

  it('handles 0 of n, n of n and n = 1', () => {
    const none = agreementRate(['a', 'a'], ['b', 'b'])
    expect(none.rate).toBe(0)
    expect(none.lower).toBe(0)
    const all = agreementRate(['a', 'b'], ['a', 'b'])
    expect(all.rate).toBe(1)
    expect(all.upper).toBe(1)
    // statsmodels.stats.proportion.proportion_confint(1, 1, alpha=0.05, method='wilson') = (0.2065493143772374, 1.0)
    const one = agreementRate(['x'], ['x'])
    expectClose(one.lower, 0.2065493143772374)
    expect(one.upper).toBe(1)
  })

  it('uses the requested method and confidence', () => {
    // statsmodels.stats.proportion.proportion_confint(3, 4, alpha=0.1, method='beta') = (0.2486046257301818, 0.9872585449014338)
    const result = agreementRate(['a', 'b', 'a', 'c'], ['a', 'b', 'c', 'c'], { method: 'clopper-pearson', confidence: 0.9 })
    expectClose(result.lower, 0.2486046257301818)
    expectClose(result.upper, 0.9872585449014338)
  })

  it('rejects mismatched lengths, empty arrays, bad labels and a bad confidence', () => {
    expect(() => agreementRate(['a', 'b', 'c', 'd'], ['a', 'b', 'c'])).toThrow(
      'invalid predicted: 3 labels (must have the same length as reference (4))',
    )
    expect(() => agreementRate([], [])).toThrow('invalid reference: [] (must hold at least one label)')
    expect(() => agreementRate(['a'], [])).toThrow('invalid predicted: [] (must hold at least one label)')
    expect(() => agreementRate(['a', null as unknown as string], ['a', 'b'])).toThrow(
      'invalid reference[1]: null (must be a string or a finite number)',
    )
    expect(() => agreementRate(['a'], [Number.NaN])).toThrow('invalid predicted[0]: NaN (must be a string or a finite number)')
    expect(() => agreementRate(['a'], ['a'], { confidence: 1.2 })).toThrow('invalid confidence: 1.2 (must be in (0, 1))')
    expect(() => agreementRate('abc' as unknown as string[], ['a'])).toThrow('invalid reference: "abc" (must be an array of labels)')
    expect(() => agreementRate([], [])).toThrow(InvalidArgumentError)
  })
})
