import { describe, expect, it } from 'vitest'
import {
  Beta,
  DistributionError,
  Truncated,
  beta,
  fixed,
  inverseRegularizedBeta,
  inverseRegularizedBetaComplement,
  logBeta,
  logGamma,
  lognormal,
  normal,
  normalCdf,
  normalQuantile,
  normalSf,
  pert,
  regularizedBeta,
  regularizedBetaComplement,
  triangular,
  truncate,
  uniform,
  type Distribution,
} from '../../kernel/sim/distributions/index.js'
import { Stream, createStream, streamAt } from '../../kernel/sim/random.js'
import { mean, sampleVariance } from 'simple-statistics'
import { expectClose } from '../helpers/expect-close.js'

// Reference values come from Debian's scipy 1.10 (/usr/bin/python3), with each call quoted.
// Every value was also recomputed with mpmath at 50 digits; where scipy itself is off by more
// than 1e-13 the mpmath expression is quoted instead (scipy computes a few tails as 1 - cdf).

/** Kolmogorov-Smirnov statistic D_n of `sample` against `cdf`. O(n log n). */
function ksStatistic(sample: Float64Array, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(sample).sort()
  const n = sorted.length
  let d = 0
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!)
    d = Math.max(d, (i + 1) / n - f, f - i / n)
  }
  return d
}

/** Sample mean and (n - 1) variance, by simple-statistics (which reads typed arrays as arrays). */
function sampleMoments(sample: Float64Array): { mean: number; variance: number } {
  const values = sample as unknown as readonly number[]
  return { mean: mean(values), variance: sampleVariance(values) }
}

interface Case {
  name: string
  make: () => Distribution
  /** The scipy frozen distribution (or conditional expectation) the moments come from. */
  scipy: string
  mean: number
  variance: number
  /** Excess kurtosis, for the standard error of the sample variance: Var(s²) ≈ σ⁴ (κ + 2) / n. */
  excessKurtosis: number
}

const CASES: Case[] = [
  // Uniform: mean (a+b)/2 = 3.5, variance (b-a)^2/12 = 9/12 = 0.75.
  { name: 'uniform(2, 5)', make: () => uniform(2, 5), scipy: 'stats.uniform(loc=2, scale=3).stats("mvk")', mean: 3.5, variance: 0.75, excessKurtosis: -1.2 },
  // Triangular: mean (0+1+4)/3, variance (0+1+16-0-0-4)/18 = 13/18.
  {
    name: 'triangular(0, 1, 4)',
    make: () => triangular(0, 1, 4),
    scipy: 'stats.triang(0.25, loc=0, scale=4).stats("mvk")',
    mean: 1.6666666666666667,
    variance: 0.7222222222222222,
    excessKurtosis: -0.6,
  },
  // PERT(1, 2, 6): alpha = 1 + 4(2-1)/5 = 1.8, beta = 1 + 4(6-2)/5 = 4.2; mean (1 + 8 + 6)/6 = 2.5.
  {
    name: 'pert(1, 2, 6)',
    make: () => pert(1, 2, 6),
    scipy: 'stats.beta(1.8, 4.2, loc=1, scale=5).stats("mvk")',
    mean: 2.5,
    variance: 0.7500000000000001,
    excessKurtosis: -0.22222222222222232,
  },
  // PERT(0, 8, 10, lambda 2): alpha = 1 + 2*0.8 = 2.6, beta = 1 + 2*0.2 = 1.4; mean (0 + 16 + 10)/4 = 6.5.
  {
    name: 'pert(0, 8, 10, 2)',
    make: () => pert(0, 8, 10, 2),
    scipy: 'stats.beta(2.6, 1.4, loc=0, scale=10).stats("mvk")',
    mean: 6.5,
    variance: 4.55,
    excessKurtosis: -0.5745682888540031,
  },
  { name: 'normal(100, 15)', make: () => normal(100, 15), scipy: 'stats.norm(100, 15).stats("mvk")', mean: 100, variance: 225, excessKurtosis: 0 },
  {
    name: 'lognormal({ mu: 0.5, sigma: 0.75 })',
    make: () => lognormal({ mu: 0.5, sigma: 0.75 }),
    scipy: 'stats.lognorm(0.75, scale=np.exp(0.5)).stats("mvk")',
    mean: 2.184200810815618,
    variance: 3.6021643061596613,
    excessKurtosis: 23.540284233394953,
  },
  {
    name: 'lognormal({ mean: 2e6, sd: 5e5 })',
    make: () => lognormal({ mean: 2e6, sd: 5e5 }),
    scipy: 'stats.lognorm(np.sqrt(np.log1p(0.0625)), scale=2e6/np.sqrt(1.0625)).stats("mvk")',
    mean: 2e6,
    variance: 249999999999.99997,
    excessKurtosis: 1.0600738525390625,
  },
  // Beta(2, 5): mean 2/7, variance 2*5 / (49 * 8) = 10/392.
  { name: 'beta(2, 5)', make: () => beta(2, 5), scipy: 'stats.beta(2, 5).stats("mvk")', mean: 0.2857142857142857, variance: 0.025510204081632654, excessKurtosis: -0.12 },
  { name: 'beta(0.5, 0.5)', make: () => beta(0.5, 0.5), scipy: 'stats.beta(0.5, 0.5).stats("mvk")', mean: 0.5, variance: 0.125, excessKurtosis: -1.5 },
  {
    name: 'beta(0.05, 0.3)',
    make: () => beta(0.05, 0.3),
    scipy: 'stats.beta(0.05, 0.3).stats("mvk")',
    mean: 0.14285714285714288,
    variance: 0.09070294784580499,
    excessKurtosis: 2.49603048586853,
  },
  // Scaled beta: mean 10 + 10 * 0.3/0.5 = 16, variance 100 * 0.06 / (0.25 * 1.5) = 16.
  {
    name: 'beta(0.3, 0.2, 10, 20)',
    make: () => beta(0.3, 0.2, 10, 20),
    scipy: 'stats.beta(0.3, 0.2, loc=10, scale=10).stats("mvk")',
    mean: 16,
    variance: 16,
    excessKurtosis: -1.542857142857143,
  },
  // Half-normal: mean sqrt(2/π), variance 1 - 2/π.
  {
    name: 'truncate(normal(0, 1), { min: 0 })',
    make: () => truncate(normal(0, 1), { min: 0 }),
    scipy: 'stats.truncnorm(0, np.inf).stats("mvk")',
    mean: 0.7978845608028654,
    variance: 0.3633802276324186,
    excessKurtosis: 0.8691773036059725,
  },
  {
    name: 'truncate(normal(1000, 400), { min: 0, max: 1500 })',
    make: () => truncate(normal(1000, 400), { min: 0, max: 1500 }),
    scipy: 'stats.truncnorm(-2.5, 1.25, loc=1000, scale=400).stats("mvk")',
    mean: 925.6330395683467,
    variance: 105444.50309646955,
    excessKurtosis: -0.49666460895796805,
  },
  {
    name: 'truncate(normal(0, 1), { min: 5 }) (far upper tail)',
    make: () => truncate(normal(0, 1), { min: 5 }),
    // mpmath: λ = npdf(5)/ncdf(-5), mean λ, variance 1 - λ(λ - 5) (scipy's variance
    // 0.03269643461706184 is off by 1.5e-12); kurtosis from scipy.
    scipy: 'stats.truncnorm(5, np.inf).stats("mvk") and mpmath at 50 digits',
    mean: 5.186503967125842,
    variance: 0.032696434617112226,
    excessKurtosis: 4.759182858698623,
  },
  {
    name: 'truncate(beta(2, 5), { max: 0.3 }) (rejection)',
    make: () => truncate(beta(2, 5), { max: 0.3 }),
    scipy: 'stats.beta(2, 5).expect(f, lb=0, ub=0.3, conditional=True, epsabs=0, epsrel=2e-14) for f = x, (x-m)^2, (x-m)^4',
    mean: 0.17390986196574085,
    variance: 0.005622896914216764,
    excessKurtosis: -0.9786923845726685,
  },
  {
    name: 'truncate(beta(2, 5), { min: 0.7 }) (inverse CDF, 1.1 % kept)',
    make: () => truncate(beta(2, 5), { min: 0.7 }),
    scipy: 'stats.beta(2, 5).expect(f, lb=0.7, ub=1, conditional=True, epsabs=0, epsrel=2e-14); exact mean 79/105',
    mean: 0.7523809523809508,
    variance: 0.0018990929705215384,
    excessKurtosis: 1.0096306527067842,
  },
  {
    name: 'truncate(lognormal({ mu: 0, sigma: 1 }), { min: 0.5, max: 3 })',
    make: () => truncate(lognormal({ mu: 0, sigma: 1 }), { min: 0.5, max: 3 }),
    scipy: 'stats.lognorm(1).expect(f, lb=0.5, ub=3, conditional=True, epsabs=0, epsrel=2e-14)',
    mean: 1.3139902865563713,
    variance: 0.4207189199372354,
    excessKurtosis: -0.3743414420071871,
  },
  {
    name: 'truncate(triangular(0, 1, 4), { min: 0.5, max: 2 })',
    make: () => truncate(triangular(0, 1, 4), { min: 0.5, max: 2 }),
    scipy: 'stats.triang(0.25, scale=4).expect(f, lb=0.5, ub=2, conditional=True, epsabs=0, epsrel=2e-14)',
    mean: 1.2528735632183907,
    variance: 0.16450323688730345,
    excessKurtosis: -1.0666468920588308,
  },
]

const N = 200_000
const SEED = 20250101

describe.each(CASES.map((c, index) => ({ ...c, streamId: index + 1 })))('$name', ({ make, scipy, mean, variance, excessKurtosis, streamId }) => {
  it(`mean and variance equal ${scipy} to 1e-12`, () => {
    const d = make()
    expectClose(d.mean, mean, 1e-12)
    expectClose(d.variance, variance, 1e-12)
  })

  it(`${N} draws: mean and variance within 4 standard errors, KS below the 0.001 critical value`, () => {
    const d = make()
    const out = new Float64Array(N)
    const stream = createStream(SEED, streamId)
    d.sampleInto(stream, out)
    expect(stream.position).toBe(N)
    expect(out.every((x) => x >= d.lower && x <= d.upper)).toBe(true)
    const sample = sampleMoments(out)
    // SE(mean) = sigma / sqrt(n); SE(s²) = sigma² sqrt((kurtosis_excess + 2) / n).
    expect(Math.abs(sample.mean - mean)).toBeLessThan(4 * Math.sqrt(variance / N))
    expect(Math.abs(sample.variance - variance)).toBeLessThan(4 * variance * Math.sqrt((excessKurtosis + 2) / N))
    // Asymptotic KS critical value at level 0.001: 1.95 / sqrt(n) = 0.00436 for n = 200,000.
    expect(ksStatistic(out, (x) => d.cdf(x))).toBeLessThan(1.95 / Math.sqrt(N))
  })

  it('sample() gives what sampleInto gives, one draw each, and a split at draw k starts at value k', () => {
    const d = make()
    const out = new Float64Array(64)
    d.sampleInto(createStream(SEED, streamId), out)
    const stream = createStream(SEED, streamId)
    for (let i = 0; i < 64; i++) {
      expect(d.sample(stream)).toBe(out[i])
      expect(stream.position).toBe(i + 1)
    }
    for (const k of [1, 2, 3, 17, 63]) {
      const part = new Float64Array(64 - k)
      d.sampleInto(streamAt(SEED, streamId, k), part)
      expect([...part]).toEqual([...out.subarray(k)])
    }
  })
})

describe('fixed(value)', () => {
  it('has the value as mean, variance 0, and consumes one draw per sample', () => {
    const d = fixed(3)
    expect([d.mean, d.variance, d.quantile(0.3), d.cdf(2.9), d.cdf(3), d.sf(3)]).toEqual([3, 0, 3, 0, 1, 0])
    const stream = createStream(1, 1)
    const out = new Float64Array(10)
    d.sampleInto(stream, out)
    expect([...out]).toEqual(new Array(10).fill(3))
    expect(stream.position).toBe(10)
    expect(d.sample(stream)).toBe(3)
    expect(stream.position).toBe(11)
  })
})

describe('standard normal: normalCdf, normalSf, normalQuantile', () => {
  // [x, Φ(x), reference call]
  const cdfPoints: Array<[number, number, string]> = [
    [-37, 5.725571222524577e-300, 'mpmath.ncdf(-37) (scipy: 5.7255712225239266e-300, off by 1e-13)'],
    [-30, 4.906713927148187e-198, 'mpmath.ncdf(-30) (scipy off by 6e-14)'],
    [-20, 2.7536241186062337e-89, 'mpmath.ncdf(-20) (scipy off by 3e-14)'],
    [-10, 7.619853024160525e-24, 'mpmath.ncdf(-10) (scipy off by 7e-15)'],
    [-5.7, 5.990371401063528e-9, 'mpmath.ncdf(-5.7)'],
    [-5.6, 1.071759025831093e-8, 'mpmath.ncdf(-5.6)'],
    [-2, 0.02275013194817921, 'mpmath.ncdf(-2)'],
    [-0.67, 0.25142889509531013, 'stats.norm.cdf(-0.67)'],
    [-0.1, 0.460172162722971, 'stats.norm.cdf(-0.1)'],
    [0, 0.5, 'stats.norm.cdf(0)'],
    [0.5, 0.6914624612740131, 'stats.norm.cdf(0.5)'],
    [0.6745, 0.7500032571363008, 'mpmath.ncdf(0.6745)'],
    [1, 0.8413447460685429, 'stats.norm.cdf(1)'],
    [3, 0.9986501019683699, 'stats.norm.cdf(3)'],
    [8, 0.9999999999999993, 'stats.norm.cdf(8)'],
    [8.3, 1, 'stats.norm.cdf(8.3)'],
  ]
  it.each(cdfPoints)('normalCdf(%d) = %d (%s)', (x, expected) => {
    expectClose(normalCdf(x), expected)
  })

  it.each([
    [10, 7.619853024160525e-24, 'mpmath.ncdf(-10)'],
    [20, 2.7536241186062337e-89, 'mpmath.ncdf(-20)'],
    [37, 5.725571222524577e-300, 'mpmath.ncdf(-37)'],
  ] as Array<[number, number, string]>)('normalSf(%d) = %d (%s), where 1 - cdf would be 0', (x, expected) => {
    expectClose(normalSf(x), expected)
  })

  // [p, Φ⁻¹(p), reference]: the three ranges of AS 241 (|p - 0.5| <= 0.425, then r = sqrt(-log
  // min(p, 1-p)) <= 5 or > 5) and both tails.
  const quantilePoints: Array<[number, number, string]> = [
    [1e-300, -37.0470962993612, 'stats.norm.ppf(1e-300)'],
    [1e-100, -21.273453560965326, 'mpmath findroot(ncdf(z) = 1e-100)'],
    [1e-20, -9.262340089798407, 'mpmath findroot(ncdf(z) = 1e-20)'],
    [1e-10, -6.361340902404056, 'stats.norm.ppf(1e-10)'],
    [1e-5, -4.264890793922825, 'stats.norm.ppf(1e-05)'],
    [0.02, -2.053748910631823, 'stats.norm.ppf(0.02)'],
    [0.0749, -1.4402382675279635, 'stats.norm.ppf(0.0749)'],
    [0.0751, -1.4388253927525403, 'stats.norm.ppf(0.0751)'],
    [0.3, -0.5244005127080409, 'stats.norm.ppf(0.3)'],
    [0.5, 0, 'stats.norm.ppf(0.5)'],
    [0.7, 0.5244005127080407, 'stats.norm.ppf(0.7)'],
    [0.9249, 1.4388253927525403, 'stats.norm.ppf(0.9249)'],
    [0.9251, 1.4402382675279635, 'stats.norm.ppf(0.9251)'],
    [0.975, 1.959963984540054, 'stats.norm.ppf(0.975)'],
    [0.999, 3.090232306167813, 'stats.norm.ppf(0.999)'],
    [1 - 1e-10, 6.361340889697422, 'stats.norm.ppf(1 - 1e-10) (1 - 1e-10 as a double is 0.9999999999)'],
  ]
  it.each(quantilePoints)('normalQuantile(%d) = %d (%s)', (p, expected) => {
    expectClose(normalQuantile(p), expected)
  })

  it('normalQuantile is -Infinity at 0, Infinity at 1, NaN outside [0, 1]', () => {
    expect([normalQuantile(0), normalQuantile(1)]).toEqual([-Infinity, Infinity])
    expect(normalQuantile(-0.1)).toBeNaN()
    expect(normalQuantile(Number.NaN)).toBeNaN()
  })

  it('normalCdf(normalQuantile(p)) round-trips across (0, 1) within the conditioning of Φ', () => {
    // A relative error e in z = Φ⁻¹(p) moves Φ(z) by about z² e relative (φ(z) z / Φ(z) ≈ z² in
    // the tail), so allow 4 ulps times max(4, z²).
    for (const p of [1e-200, 1e-30, 1e-8, 0.001, 0.1, 0.4, 0.6, 0.9, 0.999]) {
      const z = normalQuantile(p)
      expectClose(normalCdf(z), p, 4 * Number.EPSILON * Math.max(4, z * z))
    }
  })
})

describe('logGamma(x) and logBeta(a, b)', () => {
  it.each([
    [1e-10, 23.025850929882733, 'special.gammaln(1e-10)'],
    [0.5, 0.5723649429247001, 'mpmath.loggamma(0.5)'],
    [1.5, -0.12078223763524522, 'mpmath.loggamma(1.5)'],
    [3, 0.6931471805599453, 'special.gammaln(3)'],
    [7.3, 7.147892523022249, 'special.gammaln(7.3)'],
    [9.99, 12.779315214350195, 'special.gammaln(9.99)'],
    [10, 12.801827480081469, 'special.gammaln(10)'],
    [25.5, 56.38916764371994, 'special.gammaln(25.5)'],
    [100, 359.1342053695754, 'special.gammaln(100)'],
    [1e5, 1051287.7089736569, 'special.gammaln(100000.0)'],
  ] as Array<[number, number, string]>)('logGamma(%d) = %d (%s)', (x, expected) => {
    expectClose(logGamma(x), expected)
  })

  it('logGamma(1) and logGamma(2) are 0 to 4e-15 (absolute)', () => {
    expect(Math.abs(logGamma(1))).toBeLessThan(4e-15)
    expect(Math.abs(logGamma(2))).toBeLessThan(4e-15)
  })

  it.each([
    [2, 5, -3.4011973816621555, 'special.betaln(2, 5) = log(1/30)'],
    [0.5, 0.5, 1.1447298858494002, 'mpmath.log(mpmath.beta(0.5, 0.5)) = log(π)'],
    [30, 70, -61.6866180786798, 'special.betaln(30, 70)'],
    [0.01, 100, 4.553477757023141, 'mpmath.log(mpmath.beta(0.01, 100)) (scipy off by 5e-15)'],
    [1000, 2000, -1911.8746142144516, 'mpmath.log(mpmath.beta(1000, 2000)) (scipy off by 2e-15)'],
    [5, 15, -10.970609174112868, 'special.betaln(5, 15)'],
  ] as Array<[number, number, number, string]>)('logBeta(%d, %d) = %d (%s)', (a, b, expected) => {
    expectClose(logBeta(a, b), expected)
  })
})

describe('regularizedBeta and its inverse', () => {
  // [x, a, b, I_x(a, b), 1 - I_x(a, b), reference]
  const points: Array<[number, number, number, number, number, string]> = [
    [0.01, 2, 5, 0.001460447605, 0.998539552395, 'stats.beta(2, 5).cdf(0.01), .sf(0.01)'],
    [0.3, 2, 5, 0.579825, 0.420175, 'stats.beta(2, 5).cdf(0.3) (exactly 0.579825: 1 - 0.7^6 - 6*0.3*0.7^5), .sf(0.3)'],
    [0.9, 2, 5, 0.999945, 5.499999999999994e-5, 'stats.beta(2, 5).cdf(0.9), .sf(0.9)'],
    [0.999, 2, 5, 0.999999999999994, 5.995000000000027e-15, 'stats.beta(2, 5).cdf(0.999), mpmath betainc(2, 5, 0.999, 1)'],
    [1e-8, 0.5, 0.5, 6.366197734286143e-5, 0.9999363380226571, '2/π asin(sqrt(x)) in mpmath (scipy sf off by 4e-13)'],
    [0.3, 0.5, 0.5, 0.36901011956554536, 0.6309898804344546, 'stats.beta(0.5, 0.5).cdf(0.3), .sf(0.3)'],
    [0.999999, 0.5, 0.5, 0.9993633801215199, 0.0006366198784800777, '2/π asin(sqrt(x)) in mpmath (scipy cdf off by 3e-14)'],
    [0.2, 30, 70, 0.009692085749007045, 0.990307914250993, 'mpmath betainc(30, 70, 0, 0.2); stats.beta(30, 70).sf(0.2)'],
    [0.3, 30, 70, 0.5116251045586091, 0.4883748954413909, 'mpmath betainc(30, 70, 0, 0.3) and (0.3, 1)'],
    [0.45, 30, 70, 0.9990071807924271, 0.000992819207572872, 'special.betainc(30, 70, 0.45); mpmath betainc(30, 70, 0.45, 1)'],
    [0.3, 1000, 2000, 4.0738279160507944e-5, 0.9999592617208395, 'mpmath betainc(1000, 2000, 0, 0.3) and (0.3, 1) (scipy off by 4e-12)'],
  ]
  it.each(points)('regularizedBeta(%d, %d, %d) = %d, complement %d (%s)', (x, a, b, lower, upper) => {
    expectClose(regularizedBeta(x, a, b), lower)
    expectClose(regularizedBetaComplement(x, a, b), upper)
  })

  it('1 - I_x(1000, 2000) at 0.36 keeps its relative accuracy (stats.beta(1000, 2000).sf(0.36) = 0.0010905030592498438, mpmath)', () => {
    expectClose(regularizedBetaComplement(0.36, 1000, 2000), 0.0010905030592498438)
  })

  // [p, a, b, x with I_x(a, b) = p, reference]
  const inverse: Array<[number, number, number, number, string]> = [
    [1e-10, 2, 5, 2.581997786411184e-6, 'stats.beta(2, 5).ppf(1e-10)'],
    [0.5, 2, 5, 0.26444998329565994, 'bisection on mpmath betainc (scipy 0.26444998329566005)'],
    [1 - 1e-10, 2, 5, 0.9930035512206541, 'stats.beta(2, 5).ppf(0.9999999999)'],
    [1e-12, 0.5, 0.5, 2.4674011002723395e-24, 'sin(π p / 2)^2 = stats.beta(0.5, 0.5).ppf(1e-12)'],
    [0.3, 0.5, 0.5, 0.20610737385376343, 'sin(π p / 2)^2 in mpmath'],
    [0.999999, 0.5, 0.5, 0.9999999999975326, 'stats.beta(0.5, 0.5).ppf(0.999999)'],
    [1e-6, 30, 70, 0.11985039242444072, 'bisection on mpmath betainc (scipy 0.1198503924244407)'],
    [0.5, 30, 70, 0.29866197430869573, 'bisection on mpmath betainc'],
    [0.7, 0.2, 0.3, 0.7474718280552141, 'bisection on mpmath betainc'],
  ]
  it.each(inverse)('inverseRegularizedBeta(%d, %d, %d) = %d (%s)', (p, a, b, x) => {
    expectClose(inverseRegularizedBeta(p, a, b), x)
  })

  it('inverseRegularizedBetaComplement(1e-12, 2, 5) = 0.9972166267363152 (stats.beta(2, 5).isf(1e-12))', () => {
    expectClose(inverseRegularizedBetaComplement(1e-12, 2, 5), 0.9972166267363152)
  })
})

describe('cdf, sf, quantile and isf of each family against scipy', () => {
  // [label, computed, expected, reference]
  const table: Array<[string, () => number, number, string]> = [
    ['uniform(2, 5).cdf(2.6)', () => uniform(2, 5).cdf(2.6), 0.2, '(2.6 - 2) / 3'],
    ['uniform(2, 5).quantile(0.3)', () => uniform(2, 5).quantile(0.3), 2.9, '2 + 0.3 * 3'],
    ['uniform(2, 5).isf(0.3)', () => uniform(2, 5).isf(0.3), 4.1, '5 - 0.3 * 3'],
    ['triangular(0, 1, 4).cdf(0.5)', () => triangular(0, 1, 4).cdf(0.5), 0.0625, 'stats.triang(0.25, loc=0, scale=4).cdf(0.5)'],
    ['triangular(0, 1, 4).cdf(1)', () => triangular(0, 1, 4).cdf(1), 0.25, 'stats.triang(0.25, loc=0, scale=4).cdf(1)'],
    ['triangular(0, 1, 4).cdf(3)', () => triangular(0, 1, 4).cdf(3), 0.9166666666666666, 'stats.triang(0.25, loc=0, scale=4).cdf(3)'],
    ['triangular(0, 1, 4).quantile(0.1)', () => triangular(0, 1, 4).quantile(0.1), 0.6324555320336759, 'stats.triang(0.25, loc=0, scale=4).ppf(0.1)'],
    ['triangular(0, 1, 4).quantile(0.25)', () => triangular(0, 1, 4).quantile(0.25), 1, 'stats.triang(0.25, loc=0, scale=4).ppf(0.25)'],
    ['triangular(0, 1, 4).quantile(0.9)', () => triangular(0, 1, 4).quantile(0.9), 2.904554884989668, 'stats.triang(0.25, loc=0, scale=4).ppf(0.9)'],
    ['triangular(0, 1, 4).isf(0.01)', () => triangular(0, 1, 4).isf(0.01), 3.653589838486224, 'stats.triang(0.25, loc=0, scale=4).isf(0.01)'],
    ['pert(1, 2, 6).cdf(2)', () => pert(1, 2, 6).cdf(2), 0.33158186178551874, 'mpmath betainc(1.8, 4.2, 0, 0.2) (scipy stats.beta(1.8, 4.2, loc=1, scale=5).cdf(2) = 0.33158186178551863)'],
    ['pert(1, 2, 6).cdf(5.5)', () => pert(1, 2, 6).cdf(5.5), 0.9997667313930194, 'stats.beta(1.8, 4.2, loc=1, scale=5).cdf(5.5)'],
    ['pert(1, 2, 6).quantile(0.5)', () => pert(1, 2, 6).quantile(0.5), 2.3833612969625944, 'stats.beta(1.8, 4.2, loc=1, scale=5).ppf(0.5)'],
    ['pert(1, 2, 6).isf(1e-6)', () => pert(1, 2, 6).isf(1e-6), 5.865088674672801, 'stats.beta(1.8, 4.2, loc=1, scale=5).isf(1e-6)'],
    ['normal(100, 15).cdf(70)', () => normal(100, 15).cdf(70), 0.02275013194817921, 'mpmath.ncdf(-2)'],
    ['normal(100, 15).sf(160)', () => normal(100, 15).sf(160), 3.1671241833119924e-5, 'mpmath.ncdf(-4) (scipy off by 2e-15)'],
    ['normal(100, 15).quantile(0.975)', () => normal(100, 15).quantile(0.975), 129.39945976810083, 'stats.norm(100, 15).ppf(0.975)'],
    ['normal(100, 15).quantile(1e-10)', () => normal(100, 15).quantile(1e-10), 4.5798864639391565, '100 + 15 * Φ⁻¹(1e-10) in mpmath'],
    ['normal(100, 15).isf(1e-10)', () => normal(100, 15).isf(1e-10), 195.42011353606085, 'stats.norm(100, 15).isf(1e-10)'],
    ['lognormal({ mu: 0.5, sigma: 0.75 }).cdf(1)', () => lognormal({ mu: 0.5, sigma: 0.75 }).cdf(1), 0.2524925375469229, 'stats.lognorm(0.75, scale=np.exp(0.5)).cdf(1)'],
    ['lognormal({ mu: 0.5, sigma: 0.75 }).cdf(10)', () => lognormal({ mu: 0.5, sigma: 0.75 }).cdf(10), 0.9918793347936188, 'stats.lognorm(0.75, scale=np.exp(0.5)).cdf(10)'],
    ['lognormal({ mu: 0.5, sigma: 0.75 }).sf(40)', () => lognormal({ mu: 0.5, sigma: 0.75 }).sf(40), 1.060110040814033e-5, 'mpmath.ncdf(-(log(40) - 0.5) / 0.75) (scipy off by 3e-15)'],
    ['lognormal({ mu: 0.5, sigma: 0.75 }).quantile(0.001)', () => lognormal({ mu: 0.5, sigma: 0.75 }).quantile(0.001), 0.16240302418065833, 'stats.lognorm(0.75, scale=np.exp(0.5)).ppf(0.001)'],
    ['lognormal({ mu: 0.5, sigma: 0.75 }).isf(1e-9)', () => lognormal({ mu: 0.5, sigma: 0.75 }).isf(1e-9), 148.1692588607176, 'mpmath exp(0.5 - 0.75 * Φ⁻¹(1e-9)) (scipy isf computes 1 - q: off by 3e-9)'],
    ['lognormal({ mean: 2e6, sd: 5e5 }).cdf(2e6)', () => lognormal({ mean: 2e6, sd: 5e5 }).cdf(2e6), 0.5489901377032508, 'stats.lognorm(np.sqrt(np.log1p(0.0625)), scale=2e6/np.sqrt(1.0625)).cdf(2e6)'],
    ['lognormal({ mean: 2e6, sd: 5e5 }).quantile(0.95)', () => lognormal({ mean: 2e6, sd: 5e5 }).quantile(0.95), 2909065.348063303, 'stats.lognorm(np.sqrt(np.log1p(0.0625)), scale=2e6/np.sqrt(1.0625)).ppf(0.95)'],
    ['beta(2, 5).cdf(0.3)', () => beta(2, 5).cdf(0.3), 0.579825, 'scipy.stats.beta(2, 5).cdf(0.3)'],
    ['beta(2, 5).quantile(0.5)', () => beta(2, 5).quantile(0.5), 0.26444998329565994, 'bisection on mpmath betainc (scipy.stats.beta(2, 5).ppf(0.5) = 0.26444998329566005)'],
    ['beta(0.3, 0.2, 10, 20).cdf(12)', () => beta(0.3, 0.2, 10, 20).cdf(12), 0.276393202250021, 'mpmath betainc(0.3, 0.2, 0, 0.2) (scipy 0.2763932022500212)'],
    ['beta(0.3, 0.2, 10, 20).quantile(0.5)', () => beta(0.3, 0.2, 10, 20).quantile(0.5), 17.60864963852018, 'stats.beta(0.3, 0.2, loc=10, scale=10).ppf(0.5)'],
    ['truncate(normal(0, 1), { min: 0 }).cdf(0.5)', () => truncate(normal(0, 1), { min: 0 }).cdf(0.5), 0.3829249225480262, 'stats.truncnorm(0, np.inf).cdf(0.5)'],
    ['truncate(normal(0, 1), { min: 0 }).sf(2)', () => truncate(normal(0, 1), { min: 0 }).sf(2), 0.04550026389635843, 'stats.truncnorm(0, np.inf).sf(2)'],
    ['truncate(normal(0, 1), { min: 0 }).quantile(0.3)', () => truncate(normal(0, 1), { min: 0 }).quantile(0.3), 0.3853204664075676, 'stats.truncnorm(0, np.inf).ppf(0.3)'],
    ['truncate(normal(0, 1), { min: 0 }).quantile(0.99)', () => truncate(normal(0, 1), { min: 0 }).quantile(0.99), 2.5758293035489004, 'stats.truncnorm(0, np.inf).ppf(0.99)'],
    ['truncate(normal(1000, 400), { min: 0, max: 1500 }).cdf(500)', () => truncate(normal(1000, 400), { min: 0, max: 1500 }).cdf(500), 0.11196438121043562, 'stats.truncnorm(-2.5, 1.25, loc=1000, scale=400).cdf(500)'],
    ['truncate(normal(1000, 400), { min: 0, max: 1500 }).sf(1400)', () => truncate(normal(1000, 400), { min: 0, max: 1500 }).sf(1400), 0.05968140921801898, 'stats.truncnorm(-2.5, 1.25, loc=1000, scale=400).sf(1400)'],
    ['truncate(normal(1000, 400), { min: 0, max: 1500 }).quantile(0.3)', () => truncate(normal(1000, 400), { min: 0, max: 1500 }).quantile(0.3), 758.0750482384989, 'stats.truncnorm(-2.5, 1.25, loc=1000, scale=400).ppf(0.3)'],
    ['truncate(normal(1000, 400), { min: 0, max: 1500 }).quantile(0.99)', () => truncate(normal(1000, 400), { min: 0, max: 1500 }).quantile(0.99), 1481.111077918618, 'stats.truncnorm(-2.5, 1.25, loc=1000, scale=400).ppf(0.99)'],
    ['truncate(normal(0, 1), { min: 5 }).cdf(5.1)', () => truncate(normal(0, 1), { min: 5 }).cdf(5.1), 0.40754994085177515, 'stats.truncnorm(5, np.inf).cdf(5.1)'],
    ['truncate(normal(0, 1), { min: 5 }).sf(6)', () => truncate(normal(0, 1), { min: 5 }).sf(6), 0.0034417660387136527, 'stats.truncnorm(5, np.inf).sf(6)'],
    ['truncate(normal(0, 1), { min: 5 }).quantile(0.3)', () => truncate(normal(0, 1), { min: 5 }).quantile(0.3), 5.068334263013016, 'stats.truncnorm(5, np.inf).ppf(0.3)'],
    ['truncate(normal(0, 1), { min: 5 }).quantile(0.99)', () => truncate(normal(0, 1), { min: 5 }).quantile(0.99), 5.824364544508434, 'mpmath root of (ncdf(-5) - ncdf(-x)) / ncdf(-5) = 0.99 (scipy 5.824364544508435)'],
    ['truncate(beta(2, 5), { max: 0.3 }).cdf(0.1)', () => truncate(beta(2, 5), { max: 0.3 }).cdf(0.1), 0.1970680808864744, '(b.cdf(0.1) - b.cdf(0)) / (b.cdf(0.3) - b.cdf(0)), b = stats.beta(2, 5), in mpmath'],
    ['truncate(beta(2, 5), { max: 0.3 }).quantile(0.9)', () => truncate(beta(2, 5), { max: 0.3 }).quantile(0.9), 0.2739327463011921, 'b.ppf(b.cdf(0) + 0.9 * (b.cdf(0.3) - b.cdf(0))), b = stats.beta(2, 5)'],
    ['truncate(beta(2, 5), { min: 0.7 }).cdf(0.75)', () => truncate(beta(2, 5), { min: 0.7 }).cdf(0.75), 0.5757958962048472, '(b.cdf(0.75) - b.cdf(0.7)) / (b.cdf(1) - b.cdf(0.7)) in mpmath (scipy 0.575795896204848)'],
    ['truncate(beta(2, 5), { min: 0.7 }).quantile(0.5)', () => truncate(beta(2, 5), { min: 0.7 }).quantile(0.5), 0.741160205534225, 'b.ppf(b.cdf(0.7) + 0.5 * (b.cdf(1) - b.cdf(0.7)))'],
    ['truncate(lognormal({ mu: 0, sigma: 1 }), { min: 0.5, max: 3 }).cdf(1)', () => truncate(lognormal({ mu: 0, sigma: 1 }), { min: 0.5, max: 3 }).cdf(1), 0.4127794712970961, '(d.cdf(1) - d.cdf(0.5)) / (d.cdf(3) - d.cdf(0.5)), d = stats.lognorm(1)'],
    ['truncate(lognormal({ mu: 0, sigma: 1 }), { min: 0.5, max: 3 }).quantile(0.9)', () => truncate(lognormal({ mu: 0, sigma: 1 }), { min: 0.5, max: 3 }).quantile(0.9), 2.337138341957088, 'd.ppf(d.cdf(0.5) + 0.9 * (d.cdf(3) - d.cdf(0.5))), d = stats.lognorm(1)'],
    ['truncate(triangular(0, 1, 4), { min: 0.5, max: 2 }).cdf(0.8)', () => truncate(triangular(0, 1, 4), { min: 0.5, max: 2 }).cdf(0.8), 0.1613793103448276, '(0.8^2/4 - 0.5^2/4) / ((1 - 2^2/12) - 0.5^2/4) = 0.0975 / 0.6041666...'],
    ['truncate(triangular(0, 1, 4), { min: 0.5, max: 2 }).quantile(0.1)', () => truncate(triangular(0, 1, 4), { min: 0.5, max: 2 }).quantile(0.1), 0.7011894655987544, 't.ppf(t.cdf(0.5) + 0.1 * (t.cdf(2) - t.cdf(0.5))), t = stats.triang(0.25, scale=4)'],
  ]
  it.each(table)('%s = %d (%s)', (_label, computed, expected) => {
    expectClose(computed(), expected)
  })
})

describe('lognormal({ mean, sd }) converts exactly', () => {
  it('sigma² = log(1 + (sd/mean)²), mu = log(mean) - sigma²/2, and the moments are the given ones', () => {
    const d = lognormal({ mean: 2e6, sd: 5e5 })
    // (sd/mean)² = 0.0625; numpy: np.log(2e6) - np.log1p(0.0625)/2 = 14.478345427616002,
    // np.sqrt(np.log1p(0.0625)) = 0.24622067706923975.
    expect(d.mu).toBe(14.478345427616002)
    expect(d.sigma).toBe(0.24622067706923975)
    expect(d.mean).toBe(2e6)
    expect(d.variance).toBe(2.5e11)
    // From (mu, sigma) the moments come back to 1e-15: exp(mu + sigma²/2) and expm1(sigma²) exp(2mu + sigma²).
    const back = lognormal({ mu: d.mu, sigma: d.sigma })
    expectClose(back.mean, 2e6, 1e-15)
    expectClose(back.variance, 2.5e11, 1e-14)
  })
})

describe('truncate(distribution, { min, max })', () => {
  it('samples by inverse CDF when the quantile is closed-form, by rejection for beta and PERT with enough mass', () => {
    expect((truncate(normal(0, 1), { min: 0 }) as Truncated).method).toBe('inverse')
    expect((truncate(beta(2, 5), { max: 0.3 }) as Truncated).method).toBe('rejection')
    expect((truncate(pert(0, 1, 4), { min: 0.5 }) as Truncated).method).toBe('rejection')
    // beta(2, 5) above 0.7 keeps 1.1 %: below the 5 % threshold, so the iterative inverse.
    expect((truncate(beta(2, 5), { min: 0.7 }) as Truncated).method).toBe('inverse')
  })

  it('returns the distribution itself when nothing is cut, and merges nested truncations', () => {
    const b = beta(2, 5)
    expect(truncate(b, { min: -1, max: 2 })).toBe(b)
    const nested = truncate(truncate(normal(0, 1), { min: -1 }), { max: 1 }) as Truncated
    expect([nested.lower, nested.upper, nested.base.kind]).toEqual([-1, 1, 'normal'])
    expect(truncate(fixed(2), { min: 1 })).toEqual(fixed(2))
  })

  it('gives up rejection sampling after a bounded number of tries, with an error naming the interval', () => {
    // A base whose CDF keeps half its mass in [0, 1] but whose sampler never lands there.
    const base: Distribution = {
      ...uniform(-1, 1),
      kind: 'beta',
      lower: -1,
      upper: 1,
      mean: 0,
      variance: 1 / 3,
      quantileIsClosedForm: false,
      pdf: (x) => uniform(-1, 1).pdf(x),
      cdf: (x) => uniform(-1, 1).cdf(x),
      sf: (x) => uniform(-1, 1).sf(x),
      quantile: (p) => uniform(-1, 1).quantile(p),
      isf: (q) => uniform(-1, 1).isf(q),
      drawFrom: () => -0.5,
      sample: () => -0.5,
      sampleInto: () => undefined,
      momentsBetween: (a, b) => uniform(-1, 1).momentsBetween(a, b),
    }
    const cut = new Truncated(base, { min: 0 })
    expect(cut.method).toBe('rejection')
    expect(() => cut.sample(createStream(1, 1))).toThrow('truncated beta: no value in [0, 1] after 2000 tries (kept probability 0.5)')
  })
})

describe('bad parameters throw a DistributionError naming the rule and the values', () => {
  it.each([
    [() => uniform(3, 1), 'invalid uniform: min 3 > max 1 (must be min < max)'],
    [() => triangular(0.1, 0.05, 0.2), 'invalid triangular: min 0.1 > mode 0.05 (must be min <= mode <= max)'],
    [() => triangular(0, 0.3, 0.2), 'invalid triangular: mode 0.3 > max 0.2 (must be min <= mode <= max)'],
    [() => triangular(1, 1, 1), 'invalid triangular: min 1 = max 1 (must be min < max)'],
    [() => pert(0, 1, 2, 0), 'invalid pert: lambda 0 (must be > 0)'],
    [() => normal(0, 0), 'invalid normal: sd 0 (must be > 0)'],
    [() => normal(Number.NaN, 1), 'invalid normal: mean NaN (must be a finite number)'],
    [() => lognormal({ mu: 0, sigma: -1 }), 'invalid lognormal: sigma -1 (must be > 0)'],
    [() => lognormal({ mean: -2, sd: 1 }), 'invalid lognormal: mean -2 (must be > 0)'],
    [() => beta(0, 2), 'invalid beta: alpha 0 (must be > 0)'],
    [() => beta(2, 5, 1, 1), 'invalid beta: min 1 = max 1 (must be min < max)'],
    [() => fixed(Infinity), 'invalid fixed: value Infinity (must be a finite number)'],
    [() => truncate(normal(0, 1), { min: 3, max: 1 }), 'invalid normal: truncation min 3 > max 1 (must be min < max)'],
    [() => truncate(uniform(0, 1), { min: 2, max: 3 }), 'invalid uniform: truncation [2, 3] keeps no probability (support [0, 1])'],
    [() => truncate(normal(0, 1), { min: 40 }), 'invalid normal: truncation [40, Infinity] keeps no probability (support [-Infinity, Infinity])'],
    [() => truncate(fixed(5), { max: 4 }), 'invalid fixed: truncation [-Infinity, 4] excludes the fixed value 5'],
  ] as Array<[() => unknown, string]>)('%#: %s', (make, message) => {
    let error: unknown
    try {
      make()
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(DistributionError)
    expect((error as DistributionError).message).toBe(message)
  })

  it('lists every problem, with the rule', () => {
    let error: DistributionError | undefined
    try {
      beta(-1, 0)
    } catch (caught) {
      error = caught as DistributionError
    }
    expect(error?.problems.map((p) => [p.field, p.rule, p.value])).toEqual([
      ['alpha', 'beta alpha and beta must be > 0', -1],
      ['beta', 'beta alpha and beta must be > 0', 0],
    ])
  })
})

describe('Beta sampling with extreme shapes', () => {
  it('beta(0.01, 0.01) stays in [0, 1] with no NaN (log-space ratio of gammas)', () => {
    const out = new Float64Array(10_000)
    new Beta(0.01, 0.01).sampleInto(createStream(3, 3), out)
    expect(out.every((x) => x >= 0 && x <= 1)).toBe(true)
    // Half the mass on each side by symmetry: the share below 0.5 is within 4 SE of 0.5.
    const below = out.filter((x) => x < 0.5).length / out.length
    expect(Math.abs(below - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / out.length))
  })

  it('a beta sample is a function of its draw alone, however the stream got there', () => {
    const a = beta(2, 5).sample(streamAt(9, 9, 12345))
    const stream = createStream(9, 9)
    stream.skip(12345)
    expect(beta(2, 5).drawFrom(stream)).toBe(a)
    // ... and it is the inverse CDF of that draw's open uniform (to the table's bound).
    const u = streamAt(9, 9, 12345).nextOpen01()
    expect(Math.abs(a - beta(2, 5).quantile(u))).toBeLessThan(1e-3)
  })

  it('the exact gamma-ratio sampler draws from a private substream that does not depend on the stream object', () => {
    const scratch = new Stream()
    const first = new Stream()
    streamAt(9, 9, 12345).splitDraw(first)
    const a = beta(2, 5).drawByGammas(first)
    const stream = createStream(9, 9)
    stream.skip(12345)
    stream.splitDraw(scratch)
    expect(beta(2, 5).drawByGammas(scratch)).toBe(a)
  })
})

describe('inverseRegularizedBeta far from its starting point (a large, b small)', () => {
  it('finds the Clopper-Pearson upper bound of 997 of 1,000', async () => {
    const { inverseRegularizedBeta, inverseRegularizedBetaComplement } = await import('../../kernel/sim/distributions/incomplete-beta.js')
    // scipy.stats.beta.ppf(0.975, 998, 3) = 0.9993809000683505; beta.ppf(0.025, 3, 998) = 0.0006190999316495713
    expect(inverseRegularizedBeta(0.975, 998, 3)).toBeCloseTo(0.9993809000683505, 13)
    expect(inverseRegularizedBetaComplement(0.025, 998, 3)).toBeCloseTo(0.9993809000683505, 13)
    expect(inverseRegularizedBeta(0.025, 3, 998) / 0.0006190999316495713).toBeCloseTo(1, 11)
  })
})
