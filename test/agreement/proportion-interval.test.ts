import { describe, expect, it } from 'vitest'
import {
  agrestiCoullInterval,
  clopperPearsonInterval,
  INTERVAL_METHODS,
  proportionInterval,
  waldInterval,
  wilsonInterval,
  zForConfidence,
  type IntervalMethod,
} from '../../src/agreement/index.js'
import { InvalidArgumentError } from '../../src/scenario/messages.js'
import { expectClose } from '../helpers/expect-close.js'

// Reference values: Debian statsmodels 0.13.5 and scipy 1.10 (/usr/bin/python3), with each call
// quoted. statsmodels' method names: 'wilson', 'beta' (Clopper-Pearson), 'agresti_coull',
// 'normal' (Wald).

const STATSMODELS_NAME: Record<IntervalMethod, string> = {
  wilson: 'wilson',
  'clopper-pearson': 'beta',
  'agresti-coull': 'agresti_coull',
  wald: 'normal',
}

// [successes, n, alpha, method, lower, upper] from
// statsmodels.stats.proportion.proportion_confint(successes, n, alpha=alpha, method=STATSMODELS_NAME[method])
const STATSMODELS: [number, number, number, IntervalMethod, number, number][] = [
  [934, 1000, 0.05, 'wilson', 0.9168907240940241, 0.9477876495405142],
  [934, 1000, 0.05, 'clopper-pearson', 0.9167939495385973, 0.9485914339810815],
  [934, 1000, 0.05, 'agresti-coull', 0.9168020459737979, 0.9478763276607401],
  [934, 1000, 0.05, 'wald', 0.9186115989283204, 0.9493884010716797],
  [0, 10, 0.05, 'wilson', 0.0, 0.27753279986288926],
  [0, 10, 0.05, 'clopper-pearson', 0.0, 0.30849710781876083],
  [0, 10, 0.05, 'agresti-coull', 0.0, 0.3208873057505458],
  [0, 10, 0.05, 'wald', 0.0, 0.0],
  [10, 10, 0.05, 'wilson', 0.7224672001371106, 1.0],
  [10, 10, 0.05, 'clopper-pearson', 0.6915028921812392, 1.0],
  [10, 10, 0.05, 'agresti-coull', 0.6791126942494543, 1.0],
  [10, 10, 0.05, 'wald', 1.0, 1.0],
  [1, 1, 0.05, 'wilson', 0.2065493143772374, 1.0],
  [1, 1, 0.05, 'clopper-pearson', 0.025, 1.0],
  [1, 1, 0.05, 'agresti-coull', 0.167499485479413, 1.0],
  [1, 1, 0.05, 'wald', 1.0, 1.0],
  [0, 1, 0.05, 'wilson', 0.0, 0.7934506856227627],
  [0, 1, 0.05, 'clopper-pearson', 0.0, 0.975],
  [0, 1, 0.05, 'agresti-coull', 0.0, 0.832500514520587],
  [0, 1, 0.05, 'wald', 0.0, 0.0],
  [1, 2, 0.05, 'wilson', 0.09453120573423068, 0.9054687942657693],
  [1, 2, 0.05, 'clopper-pearson', 0.01257911709342505, 0.9874208829065749],
  [1, 2, 0.05, 'agresti-coull', 0.09453120573423068, 0.9054687942657693],
  [1, 2, 0.05, 'wald', 0.0, 1.0],
  [0, 2, 0.05, 'wilson', 0.0, 0.657619772493347],
  [0, 2, 0.05, 'clopper-pearson', 0.0, 0.841886116991581],
  [0, 2, 0.05, 'agresti-coull', 0.0, 0.7097727477840314],
  [2, 2, 0.05, 'wilson', 0.342380227506653, 1.0],
  [2, 2, 0.05, 'clopper-pearson', 0.15811388300841897, 1.0],
  [2, 2, 0.05, 'agresti-coull', 0.2902272522159686, 1.0],
  [3, 7, 0.01, 'wilson', 0.11637368051613811, 0.8102850959116126],
  [3, 7, 0.01, 'clopper-pearson', 0.055299349980566265, 0.882296248331048],
  [3, 7, 0.01, 'agresti-coull', 0.11548100756555635, 0.8111777688621943],
  [3, 7, 0.01, 'wald', 0.0, 0.91036460248156],
  [3, 7, 0.1, 'wilson', 0.186443190363956, 0.7105229089864071],
  [3, 7, 0.1, 'clopper-pearson', 0.1287563928042427, 0.7746784159675523],
  [3, 7, 0.1, 'agresti-coull', 0.18589813248295017, 0.711067966867413],
  [3, 7, 0.1, 'wald', 0.12091158152539672, 0.7362312756174604],
  [99990, 100000, 0.05, 'wilson', 0.9998159153045492, 0.9999456792654904],
  [99990, 100000, 0.05, 'clopper-pearson', 0.9998161041546233, 0.999952045104861],
  [99990, 100000, 0.05, 'agresti-coull', 0.999813133398878, 0.9999484611711613],
  [99990, 100000, 0.05, 'wald', 0.9998380235958222, 0.9999619764041778],
  [1, 100000, 0.05, 'wilson', 1.7652477303783092e-6, 5.664709659040968e-5],
  [1, 100000, 0.05, 'clopper-pearson', 2.531780477933314e-7, 5.571516034774276e-5],
  [1, 100000, 0.05, 'agresti-coull', 0.0, 6.27004584330243e-5],
  [1, 100000, 0.05, 'wald', 0.0, 2.959954184695632e-5],
]

describe('zForConfidence(confidence)', () => {
  it('is the two-sided normal critical value', () => {
    // scipy.stats.norm.isf(0.025) = 1.9599639845400545; norm.isf(0.005) = 2.575829303548901; norm.isf(0.05) = 1.6448536269514729
    expectClose(zForConfidence(0.95), 1.9599639845400545, 1e-15)
    expectClose(zForConfidence(0.99), 2.575829303548901, 1e-15)
    expectClose(zForConfidence(0.9), 1.6448536269514729, 1e-15)
  })

  it('rejects a confidence outside (0, 1)', () => {
    expect(() => zForConfidence(1.2)).toThrow('invalid confidence: 1.2 (must be in (0, 1))')
    expect(() => zForConfidence(0)).toThrow(InvalidArgumentError)
    expect(() => zForConfidence(Number.NaN)).toThrow('invalid confidence: NaN (must be in (0, 1))')
  })
})

describe('proportionInterval(successes, n, { confidence, method }) against statsmodels', () => {
  it.each(STATSMODELS)('%i of %i, alpha %f, %s', (successes, n, alpha, method, lower, upper) => {
    const interval = proportionInterval(successes, n, { confidence: 1 - alpha, method })
    const call = `proportion_confint(${successes}, ${n}, alpha=${alpha}, method='${STATSMODELS_NAME[method]}')`
    expectClose(interval.lower, lower, 1e-12, `${call}[0]`)
    expectClose(interval.upper, upper, 1e-12, `${call}[1]`)
    expect(interval.rate).toBe(successes / n)
    expect(interval.method).toBe(method)
    expect(interval.confidence).toBe(1 - alpha)
  })

  it('has statsmodels reference rows for every method it offers', () => {
    expect([...new Set(STATSMODELS.map((row) => row[3]))].sort()).toEqual([...INTERVAL_METHODS].sort())
  })

  it('gives each method under its own name', () => {
    for (const method of INTERVAL_METHODS) {
      const named = { wilson: wilsonInterval, 'clopper-pearson': clopperPearsonInterval, 'agresti-coull': agrestiCoullInterval, wald: waldInterval }[method]
      expect(named(934, 1000, 0.95)).toEqual(proportionInterval(934, 1000, { method }))
    }
  })

  it('defaults to a 95 % Wilson interval', () => {
    expect(proportionInterval(934, 1000)).toEqual(wilsonInterval(934, 1000, 0.95))
    expect(proportionInterval(934, 1000).method).toBe('wilson')
  })
})

describe('clopperPearsonInterval(successes, n) against scipy binomtest', () => {
  // scipy.stats.binomtest(k, n).proportion_ci(confidence_level=c, method='exact') solves the tail
  // equations with brentq (xtol 2e-12), so it agrees with the beta quantiles to about 1e-11 absolute.
  const SCIPY: [number, number, number, number, number][] = [
    [934, 1000, 0.95, 0.9167939495385973, 0.9485914339810816],
    [0, 10, 0.95, 0.0, 0.30849710781876294],
    [1, 1, 0.95, 0.025000000000000022, 1.0],
    [1, 2, 0.95, 0.01257911709367899, 0.987420882906321],
    [3, 7, 0.99, 0.055299349980557536, 0.8822962483310521],
    [1, 100000, 0.95, 2.5317842743932826e-7, 5.571516034432556e-5],
  ]
  it.each(SCIPY)('%i of %i at %f', (k, n, confidence, low, high) => {
    const interval = clopperPearsonInterval(k, n, confidence)
    expect(Math.abs(interval.lower - low)).toBeLessThan(1e-11)
    expect(Math.abs(interval.upper - high)).toBeLessThan(1e-11)
  })

  it('is exact at n = 1: 1 of 1 gives [alpha/2, 1], 0 of 1 gives [0, 1 - alpha/2]', () => {
    // With one trial the beta quantiles are linear: B⁻¹(alpha/2; 1, 1) = alpha/2, and
    // alpha = 1 - 0.95 = 0.050000000000000044 in floating point, so alpha/2 = 0.025000000000000022
    // (scipy.stats.binomtest(1, 1).proportion_ci(method='exact').low = 0.025000000000000022)
    expect(clopperPearsonInterval(1, 1).lower).toBe((1 - 0.95) / 2)
    expect(clopperPearsonInterval(1, 1).upper).toBe(1)
    expect(clopperPearsonInterval(0, 1).lower).toBe(0)
    expectClose(clopperPearsonInterval(0, 1).upper, 0.975, 1e-15)
  })

  // Cases where a Halley inversion of the incomplete beta is fragile (large first, small second
  // parameter) or n is large; statsmodels.stats.proportion.proportion_confint(k, n, alpha=alpha, method='beta').
  // The tolerance is 1e-10 here: near n = 10^6 the incomplete beta itself is good to about 1e-11.
  const HARD: [number, number, number, number, number][] = [
    [900, 1000, 0.01, 0.8731201361593109, 0.9229783045777641],
    [997, 1000, 0.05, 0.9912579767615217, 0.9993809000683505],
    [9999, 10000, 0.05, 0.9994429630020529, 0.9999974682224065],
    [0, 1000000, 0.05, 0.0, 3.6888726502064893e-6],
    [2, 1000000, 0.1, 3.553616252385987e-7, 6.295780099210493e-6],
    [500000, 1000000, 0.05, 0.49901951919531184, 0.5009804808046882],
    [999999, 1000000, 0.05, 0.9999944283693448, 0.9999999746821924],
  ]
  it.each(HARD)('%i of %i, alpha %f (hard cases)', (k, n, alpha, lower, upper) => {
    const interval = clopperPearsonInterval(k, n, 1 - alpha)
    expectClose(interval.lower, lower, 1e-10)
    expectClose(interval.upper, upper, 1e-10)
  })

  it('gives 1 - (alpha/2)^(1/n) as the upper bound at 0 of n (the rule of three in the limit)', () => {
    // By hand: P(X = 0) = (1 - p)^n = 0.025 at the upper bound, so p = 1 - 0.025^(1/10)
    expectClose(clopperPearsonInterval(0, 10).upper, 1 - 0.025 ** (1 / 10), 1e-14)
  })
})

describe('wilsonInterval(successes, n) edge cases', () => {
  it('gives exactly 0 at 0 of n and exactly 1 at n of n', () => {
    for (const n of [1, 2, 10, 1000, 1e7]) {
      expect(wilsonInterval(0, n).lower).toBe(0)
      expect(wilsonInterval(n, n).upper).toBe(1)
    }
  })

  it('is symmetric: the interval of n - k is the mirror of the interval of k', () => {
    const a = wilsonInterval(3, 17)
    const b = wilsonInterval(14, 17)
    expectClose(a.lower, 1 - b.upper, 1e-14)
    expectClose(a.upper, 1 - b.lower, 1e-14)
  })

  it('matches scipy binomtest(k, n).proportion_ci(method="wilson")', () => {
    // scipy.stats.binomtest(934, 1000).proportion_ci(method='wilson') = (0.916890724094024, 0.9477876495405141)
    const interval = wilsonInterval(934, 1000)
    expectClose(interval.lower, 0.916890724094024)
    expectClose(interval.upper, 0.9477876495405141)
  })
})

describe('proportionInterval bad arguments', () => {
  it('rejects n = 0 with a clear message', () => {
    expect(() => proportionInterval(0, 0)).toThrow('invalid n: 0 (must be a positive integer: a rate needs at least one example)')
    expect(() => wilsonInterval(0, 0)).toThrow(InvalidArgumentError)
  })

  it('rejects successes outside [0, n], fractional counts and bad options', () => {
    expect(() => proportionInterval(5, 4)).toThrow('invalid successes: 5 (must be an integer in [0, n = 4])')
    expect(() => proportionInterval(-1, 4)).toThrow('invalid successes: -1 (must be an integer in [0, n = 4])')
    expect(() => proportionInterval(1.5, 4)).toThrow('invalid successes: 1.5')
    expect(() => proportionInterval(1, 2.5)).toThrow('invalid n: 2.5')
    expect(() => proportionInterval(1, 2, { confidence: 1.2 })).toThrow('invalid confidence: 1.2 (must be in (0, 1))')
    expect(() => proportionInterval(1, 2, { method: 'exact' as IntervalMethod })).toThrow(
      'invalid method: "exact" (must be one of "wilson", "clopper-pearson", "agresti-coull", "wald")',
    )
    expect(() => clopperPearsonInterval(1, 2, 1)).toThrow('invalid confidence: 1 (must be in (0, 1))')
  })
})
