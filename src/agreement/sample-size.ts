/**
 * Held-out size for a target margin: how many examples make a proportion's confidence interval
 * no wider than ± margin at an expected rate, and the inverse (the margin a given n buys).
 *
 * Sources: the Wald (normal) size n = z² p (1 - p) / m² is W. G. Cochran, *Sampling Techniques*,
 * 3rd ed. (1977), eq. 4.2 (n₀ = t² PQ / d²). The Wilson half-width
 * z·sqrt(n p (1 - p) + z²/4) / (n + z²) follows from Wilson's interval (E. B. Wilson, JASA 22
 * (1927) 209-212, https://doi.org/10.1080/01621459.1927.10502953); setting it equal to m and
 * squaring gives the quadratic m² n² + z² (2m² - p (1 - p)) n + z⁴ (m² - 1/4) = 0, whose positive
 * root is the size (see also R. G. Newcombe, "Two-sided confidence intervals for the single
 * proportion", Statistics in Medicine 17 (1998) 857-872).
 */
import { zForConfidence } from './confidence.js'
import { agreementRules, invalidArgument } from './messages.js'
import { checkConfidence, checkOneOf, checkPositiveCount, checkProbability, DEFAULT_CONFIDENCE } from './validate.js'

/** The interval methods the sample-size formulas cover. */
export const SAMPLE_SIZE_METHODS = ['wilson', 'wald'] as const

/** `wilson` (default) or `wald` (the classical normal formula). */
export type SampleSizeMethod = (typeof SAMPLE_SIZE_METHODS)[number]

/** Options of {@link sampleSizeForMargin} and {@link marginForSampleSize}. */
export interface SampleSizeOptions {
  /** The expected rate p, a fraction in [0, 1] ((0, 1) for `wald`); default 0.5, the worst case. */
  rate?: number
  /** Two-sided confidence level in (0, 1); default 0.95. */
  confidence?: number
  /** `wilson` (default) or `wald`. */
  method?: SampleSizeMethod
}

interface Resolved {
  rate: number
  z: number
  method: SampleSizeMethod
}

function resolve(options: SampleSizeOptions): Resolved {
  const method = checkOneOf('method', options.method ?? 'wilson', SAMPLE_SIZE_METHODS)
  const rate = options.rate ?? 0.5
  if (method === 'wald' && typeof rate === 'number' && (rate === 0 || rate === 1)) {
    throw invalidArgument('rate', rate, agreementRules.waldRate)
  }
  checkProbability('rate', rate)
  const z = zForConfidence(checkConfidence(options.confidence ?? DEFAULT_CONFIDENCE))
  return { rate, z, method }
}

function halfWidth(n: number, { rate, z, method }: Resolved): number {
  const variance = rate * (1 - rate)
  if (method === 'wald') return z * Math.sqrt(variance / n)
  return (z * Math.sqrt(n * variance + (z * z) / 4)) / (n + z * z)
}

/**
 * The half-width (margin) of the interval at n examples if the observed rate is `rate`:
 * Wilson z·sqrt(n p (1 - p) + z²/4) / (n + z²) (half the distance between its bounds), or Wald
 * z·sqrt(p (1 - p) / n). A fraction. O(1).
 *
 * @param n examples, an integer >= 1
 * @throws {InvalidArgumentError} on n < 1, a rate outside [0, 1], a confidence outside (0, 1) or an unknown method
 * @example
 * marginForSampleSize(1000, { rate: 0.934 }) // => 0.015448462723245 (Wilson, 95 %)
 * // statsmodels.stats.proportion.proportion_confint(934, 1000, method='wilson'): (upper - lower) / 2
 */
export function marginForSampleSize(n: number, options: SampleSizeOptions = {}): number {
  const examples = checkPositiveCount('n', n)
  return halfWidth(examples, resolve(options))
}

/**
 * The smallest n whose interval half-width at the expected rate is at most `margin`, and stays so
 * for every larger n. Wald: ⌈z² p (1 - p) / m²⌉ (Cochran 1977, eq. 4.2). Wilson: the positive
 * root of m² n² + z² (2m² - p (1 - p)) n + z⁴ (m² - 1/4) = 0, rounded up (the half-width exceeds
 * m exactly between the quadratic's roots, so above the larger root it never does again). At least
 * 1. O(1).
 *
 * @param margin the wanted half-width, a fraction in (0, 0.5)
 * @throws {InvalidArgumentError} on a margin outside (0, 0.5), a rate outside [0, 1], a confidence
 *   outside (0, 1) or an unknown method
 * @example
 * sampleSizeForMargin(0.03) // => 1064 (Wilson, p = 0.5, 95 %; Wald gives 1068)
 * sampleSizeForMargin(0.01, { rate: 0.93 }) // => 2508 (Wilson); Wald: ⌈1.959964² · 0.93 · 0.07 / 0.01²⌉ = 2501
 */
export function sampleSizeForMargin(margin: number, options: SampleSizeOptions = {}): number {
  if (typeof margin !== 'number' || !(margin > 0 && margin < 0.5)) throw invalidArgument('margin', margin, agreementRules.margin)
  const resolved = resolve(options)
  const { rate, z, method } = resolved
  const variance = rate * (1 - rate)
  let n: number
  if (method === 'wald') {
    n = Math.ceil((z * z * variance) / (margin * margin))
  } else {
    const a = margin * margin
    const b = z * z * (2 * margin * margin - variance)
    const c = z ** 4 * (margin * margin - 0.25)
    // c < 0, so the roots have opposite signs; the positive one without cancellation when b > 0.
    const root = b > 0 ? (2 * c) / (-b - Math.sqrt(b * b - 4 * a * c)) : (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a)
    n = Math.ceil(root)
  }
  n = Math.max(1, n)
  // The rounding of the root may leave n one off; settle it on the half-width itself.
  while (n > 1 && halfWidth(n - 1, resolved) <= margin) n -= 1
  while (halfWidth(n, resolved) > margin) n += 1
  return n
}
