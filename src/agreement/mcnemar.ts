/**
 * McNemar's test: are the student and the teacher equally accurate on the same gold-labelled
 * examples? Only the discordant pairs count: b (student right, teacher wrong) and c (student
 * wrong, teacher right).
 *
 * Sources: Q. McNemar, "Note on the sampling error of the difference between correlated
 * proportions or percentages", Psychometrika 12 (1947) 153-157 (https://doi.org/10.1007/BF02295996);
 * the exact form is the two-sided binomial test of b among b + c at p = 1/2, the chi-square form
 * (|b - c| - 1)² / (b + c) with Edwards' continuity correction (A. L. Edwards, Psychometrika 13
 * (1948) 185-187), both as `statsmodels.stats.contingency_tables.mcnemar`. The rule of thumb
 * "use the exact form when b + c < 25" is the one quoted by Wikipedia's "McNemar's test"
 * (https://en.wikipedia.org/wiki/McNemar%27s_test); here the exact form is kept up to and
 * including 25.
 */
import { regularizedBeta } from '../../kernel/sim/distributions/incomplete-beta.js'
import { normalSf } from '../../kernel/sim/distributions/standard-normal.js'
import { checkGoldComparison, type GoldComparison } from './labels.js'
import { agreementRules, invalidArgument } from './messages.js'
import { checkBoolean, checkOneOf } from './validate.js'

/** The forms of the test: `exact` (binomial) or `chi-square`; `auto` picks by the discordant count. */
export const MCNEMAR_FORMS = ['auto', 'exact', 'chi-square'] as const

/** A form of McNemar's test as requested: `auto`, `exact` or `chi-square`. */
export type McNemarForm = (typeof MCNEMAR_FORMS)[number]

/** With `auto`, the exact form is used up to this many discordant pairs, the chi-square form past it. */
export const MCNEMAR_EXACT_MAX_DISCORDANT = 25

/** Options of {@link mcnemarTest} and {@link mcnemarFromTable}. */
export interface McNemarOptions {
  /** `auto` (default: exact up to 25 discordant pairs, chi-square past 25), `exact` or `chi-square`. */
  form?: McNemarForm
  /** Continuity correction in the chi-square form; default true. */
  correction?: boolean
}

/** The 2 x 2 table of student against teacher correctness, the statistic and the p-value. */
export interface McNemarResult {
  /** [[a, b], [c, d]]: rows student right / wrong, columns teacher right / wrong. */
  table: [[number, number], [number, number]]
  /** a: examples both got right, a count. */
  bothCorrect: number
  /** b: the student right, the teacher wrong, a count. */
  b: number
  /** c: the student wrong, the teacher right, a count. */
  c: number
  /** d: examples both got wrong, a count. */
  bothWrong: number
  /** b + c, a count. */
  discordant: number
  /** Exact form: min(b, c); chi-square form: (|b - c| - 1)² / (b + c) (without correction: (b - c)² / (b + c)); 0 when b + c = 0. */
  statistic: number
  /** Two-sided p-value of "equally accurate"; 1 when b + c = 0. */
  pValue: number
  /** The form that was used. */
  form: 'exact' | 'chi-square'
  /** Whether the chi-square form used the continuity correction (false for the exact form). */
  correction: boolean
  /** Student accuracy minus teacher accuracy on the gold labels, (b - c) / n, a fraction in [-1, 1]. */
  accuracyDifference: number
}

/**
 * P(X <= k) for X ~ Binomial(trials, 1/2): I_{1/2}(trials - k, k + 1) (DLMF 8.17.5,
 * https://dlmf.nist.gov/8.17.E5), 1 when k >= trials.
 */
function binomialHalfCdf(k: number, trials: number): number {
  // Not simple-statistics: `binomialDistribution(25, 0.5)` returns 22 of the 26 probabilities (it
  // stops once the cumulative sum is within its epsilon, 1e-4, of 1), so an upper tail cannot be read off
  // it; and `cumulativeStdNormalProbability` is a 4-decimal table: for the corrected chi-square of
  // [[50, 18], [8, 24]] it gives p = 0.0768 against statsmodels' 0.0775562 (1e-2 relative), where
  // normalSf (kernel/sim) agrees to 1e-12. Measured with simple-statistics 7.12.1.
  return k >= trials ? 1 : regularizedBeta(0.5, trials - k, k + 1)
}

function checkCell(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidArgument(name, value, agreementRules.cell)
  }
  return value
}

/**
 * McNemar's test from the 2 x 2 table [[a, b], [c, d]] (rows: student right / wrong; columns:
 * teacher right / wrong). Exact form: p = min(1, 2 P(X <= min(b, c))), X ~ Binomial(b + c, 1/2).
 * Chi-square form: statistic (|b - c| - 1)² / (b + c) (or (b - c)² / (b + c) without correction),
 * p = P(χ²₁ > statistic) = 2 (1 - Φ(sqrt(statistic))). O(sqrt(b + c)) at worst for the exact form.
 *
 * @throws {InvalidArgumentError} on a count that is not a non-negative integer, an all-zero table,
 *   an unknown form or a non-boolean correction
 * @example
 * mcnemarFromTable([[40, 12], [3, 45]]).pValue // => 0.03515625000000 (exact: 2 P(X <= 3), X ~ Bin(15, 1/2) = 2 * 576 / 32768)
 * // statsmodels.stats.contingency_tables.mcnemar([[40, 12], [3, 45]], exact=True).pvalue
 */
export function mcnemarFromTable(table: readonly (readonly number[])[], options: McNemarOptions = {}): McNemarResult {
  if (!Array.isArray(table) || table.length !== 2 || !table.every((row) => Array.isArray(row) && row.length === 2)) {
    throw invalidArgument('table', table, agreementRules.twoByTwo)
  }
  const a = checkCell('table[0][0]', table[0]![0])
  const b = checkCell('table[0][1]', table[0]![1])
  const c = checkCell('table[1][0]', table[1]![0])
  const d = checkCell('table[1][1]', table[1]![1])
  const n = a + b + c + d
  if (n === 0) throw invalidArgument('table', table, agreementRules.emptyTable)
  const requested = checkOneOf('form', options.form ?? 'auto', MCNEMAR_FORMS)
  const correction = checkBoolean('correction', options.correction ?? true)
  const discordant = b + c
  const form = requested === 'auto' ? (discordant <= MCNEMAR_EXACT_MAX_DISCORDANT ? 'exact' : 'chi-square') : requested
  let statistic: number
  let pValue: number
  if (form === 'exact') {
    statistic = Math.min(b, c)
    pValue = Math.min(1, 2 * binomialHalfCdf(statistic, discordant))
  } else if (discordant === 0) {
    statistic = 0
    pValue = 1
  } else {
    statistic = (Math.abs(b - c) - (correction ? 1 : 0)) ** 2 / discordant
    pValue = Math.min(1, 2 * normalSf(Math.sqrt(statistic)))
  }
  return {
    table: [
      [a, b],
      [c, d],
    ],
    bothCorrect: a,
    b,
    c,
    bothWrong: d,
    discordant,
    statistic,
    pValue,
    form,
    correction: form === 'chi-square' && correction,
    accuracyDifference: (b - c) / n,
  }
}

/**
 * McNemar's test of "the student is as accurate as the teacher" on the same gold-labelled
 * examples: builds the table of who got each example right and calls {@link mcnemarFromTable}.
 * O(n).
 *
 * @throws {InvalidArgumentError} on empty arrays, arrays of different lengths, a bad label, an
 *   unknown form or a non-boolean correction
 * @example
 * mcnemarTest({ gold: ['a', 'b', 'a'], student: ['a', 'b', 'b'], teacher: ['a', 'a', 'a'] })
 * // => { b: 1, c: 1, statistic: 1, pValue: 1, form: 'exact', accuracyDifference: 0 }
 * // b = 1 (example 1: only the student right), c = 1 (example 2: only the teacher right); 2 P(X <= 1), X ~ Bin(2, 1/2), capped at 1
 */
export function mcnemarTest(input: GoldComparison, options: McNemarOptions = {}): McNemarResult {
  const n = checkGoldComparison(input)
  const { gold, student, teacher } = input
  let a = 0
  let b = 0
  let c = 0
  for (let i = 0; i < n; i++) {
    const studentRight = student[i] === gold[i]
    const teacherRight = teacher[i] === gold[i]
    if (studentRight && teacherRight) a += 1
    else if (studentRight) b += 1
    else if (teacherRight) c += 1
  }
  return mcnemarFromTable(
    [
      [a, b],
      [c, n - a - b - c],
    ],
    options,
  )
}
