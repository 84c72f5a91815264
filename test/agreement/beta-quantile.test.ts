import { describe, expect, it } from 'vitest'
import { betaQuantile, betaQuantileUpper } from '../../src/agreement/beta-quantile.js'
import { expectClose } from '../helpers/expect-close.js'

// Reference values: Debian scipy 1.10 (/usr/bin/python3): [p, a, b, scipy.stats.beta.ppf(p, a, b), scipy.stats.beta.isf(p, a, b)].
// The first rows are where the kernel's Halley inversion went astray (large a, small b).
const SCIPY: [number, number, number, number, number][] = [
  [0.025, 998, 3, 0.9927941610885425, 0.9993809000683505],
  [0.975, 998, 3, 0.9993809000683505, 0.9927941610885425],
  [0.025, 2, 999999, 2.4220937031600326e-7, 5.571630655166941e-6],
  [1e-10, 5, 5, 0.0038109291304125187, 0.9961890708695875],
  [0.5, 2, 5, 0.26444998329566005, 0.26444998329566005],
  [0.999, 1.5, 40, 0.18298078878308746, 0.00030179756502619773],
  [0.3, 100000, 0.5, 0.999994629030142, 0.9999992576391105],
]

describe('betaQuantile(p, a, b) and betaQuantileUpper(q, a, b)', () => {
  it.each(SCIPY)('p = %f, Beta(%f, %f)', (p, a, b, ppf, isf) => {
    // 1e-10: at b near 10^6 the kernel's incomplete beta is good to about 1e-11
    expectClose(betaQuantile(p, a, b), ppf, 1e-10)
    expectClose(betaQuantileUpper(p, a, b), isf, 1e-10)
  })

  it('returns the ends at 0 and 1', () => {
    expect(betaQuantile(0, 2, 3)).toBe(0)
    expect(betaQuantile(1, 2, 3)).toBe(1)
    expect(betaQuantileUpper(0, 2, 3)).toBe(1)
    expect(betaQuantileUpper(1, 2, 3)).toBe(0)
  })

  it('gives the uniform quantile for Beta(1, 1), to the few ulps of the incomplete beta', () => {
    expectClose(betaQuantile(0.025, 1, 1), 0.025, 4e-15)
    expectClose(betaQuantileUpper(0.025, 1, 1), 0.975, 4e-15)
  })
})
