/**
 * The types of proportion intervals, apart from the functions that compute them, so the method
 * files and the dispatcher (`proportion-interval.ts`) import them without an import circle.
 */

/** A lower and an upper bound, both in [0, 1]. */
export interface Bounds {
  /** Lower bound, a fraction in [0, 1]. */
  lower: number
  /** Upper bound, a fraction in [0, 1]. */
  upper: number
}

/** The names of the interval methods, as `proportionInterval` takes them. */
export const INTERVAL_METHODS = ['wilson', 'clopper-pearson', 'agresti-coull', 'wald'] as const

/**
 * An interval method: `wilson` (score interval; the default, good coverage at every n),
 * `clopper-pearson` (exact: coverage never below the level, hence wider), `agresti-coull`
 * (Wald on shrunken counts, close to Wilson) or `wald` (p ± z·se: zero width at 0 of n and n of
 * n and poor coverage at small n; for comparison only).
 */
export type IntervalMethod = (typeof INTERVAL_METHODS)[number]

/** Display names of the methods, for explanations. */
export const INTERVAL_METHOD_NAMES: Readonly<Record<IntervalMethod, string>> = {
  wilson: 'Wilson',
  'clopper-pearson': 'Clopper-Pearson',
  'agresti-coull': 'Agresti-Coull',
  wald: 'Wald',
}

/** An estimated proportion with its confidence interval. */
export interface ProportionInterval extends Bounds {
  /** Successes (agreements, correct answers), a count. */
  successes: number
  /** Trials (examples), a count >= 1. */
  n: number
  /** The point estimate successes / n, a fraction in [0, 1]. */
  rate: number
  /** The two-sided confidence level, in (0, 1). */
  confidence: number
  /** How the interval was computed. */
  method: IntervalMethod
}
