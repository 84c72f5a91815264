/**
 * Agreement over time, the input of the decay models: one row per month since training, with the
 * student's agreement with the teacher that month and how many examples it rests on.
 */
import { driftArgumentError, driftRules } from '../messages.js'

/** One month's measured agreement. */
export interface AgreementMonth {
  /** Months since the student was trained (0: the training month); any finite number, distinct per row. */
  month: number
  /** The share of examples on which student and teacher agreed that month, in [0, 1]. */
  agreement: number
  /** How many examples the agreement rests on, > 0; the fit's weight. */
  n: number
}

/**
 * Returns the rows sorted by month when there are at least `minMonths` of them, each with a
 * finite month (distinct), an agreement in [0, 1] and n > 0; throws otherwise.
 *
 * @throws {InvalidArgumentError} `invalid months: ... (must be an array of at least 3 { month, agreement, n } ...)`
 * @example
 * checkAgreementMonths([{ month: 1, agreement: 0.9, n: 10 }, { month: 0, agreement: 0.95, n: 10 }, { month: 2, agreement: 0.85, n: 10 }])[0].month // => 0
 * checkAgreementMonths([]) // throws invalid months: [] (must be an array of at least 3 { month, agreement, n } with distinct finite months, agreement in [0, 1] and n > 0)
 */
export function checkAgreementMonths(months: readonly AgreementMonth[], minMonths = 3): AgreementMonth[] {
  const valid =
    Array.isArray(months) &&
    months.length >= minMonths &&
    months.every(
      (row) =>
        typeof row === 'object' &&
        row !== null &&
        Number.isFinite(row.month) &&
        Number.isFinite(row.agreement) &&
        row.agreement >= 0 &&
        row.agreement <= 1 &&
        Number.isFinite(row.n) &&
        row.n > 0,
    ) &&
    new Set(months.map((row) => row.month)).size === months.length
  if (!valid) throw driftArgumentError('months', months, driftRules.months)
  return [...months].sort((a, b) => a.month - b.month).map(({ month, agreement, n }) => ({ month, agreement, n }))
}
