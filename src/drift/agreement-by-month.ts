/**
 * Agreement (and accuracy, where gold labels exist) month by month, from dated held-out rows: the
 * series the decay models fit, each month with its Wilson interval, counted in months since a
 * reference month (when the student was trained).
 */
import { measuredRate, type MeasuredRate } from '../agreement/measured-rate.js'
import { checkNumber } from '../scenario/check-number.js'
import { driftArgumentError } from './messages.js'
import type { AgreementMonth } from './decay/agreement-months.js'

/** One dated held-out input: whether the student agreed with the teacher, and was right. */
export interface DatedOutcome {
  /** ISO 8601 date (only its year and month are read), or null when unknown. */
  date: string | null
  agrees: boolean
  /** Whether the student matched gold, or null without a gold label. */
  correct: boolean | null
}

/** One calendar month's numbers. */
export interface MonthOutcome {
  /** `YYYY-MM`. */
  calendarMonth: string
  /** Months since the reference month (may be negative for months before it). */
  month: number
  n: number
  agreement: MeasuredRate
  accuracy: MeasuredRate | null
}

/** The monthly series and what was left out. */
export interface MonthlyOutcomes {
  months: MonthOutcome[]
  /** Rows without a date, and rows in months with fewer than `minPerMonth` rows. */
  leftOut: { undated: number; sparse: number }
  /** The series as the decay fits take it. */
  series: AgreementMonth[]
}

/**
 * Groups dated outcomes by calendar month (UTC), counting months from `reference` (`YYYY-MM`, the
 * month the student was trained), and keeps the months with at least `minPerMonth` rows. O(n log n).
 *
 * @throws {InvalidArgumentError} on a malformed reference month or minPerMonth < 1
 * @example
 * const rows = [
 *   { date: '2002-08-03T10:00:00Z', agrees: true, correct: true },
 *   { date: '2002-08-20T10:00:00Z', agrees: false, correct: true },
 *   { date: '2002-10-01T00:00:00Z', agrees: true, correct: null },
 *   { date: null, agrees: true, correct: true },
 * ]
 * const byMonth = agreementByMonth(rows, '2002-08', 1)
 * byMonth.months.map((m) => [m.calendarMonth, m.month, m.n, m.agreement.value]) // => [['2002-08', 0, 2, 0.5], ['2002-10', 2, 1, 1]]
 * byMonth.leftOut // => { undated: 1, sparse: 0 }
 */
export function agreementByMonth(rows: readonly DatedOutcome[], reference: string, minPerMonth = 20): MonthlyOutcomes {
  checkNumber('minPerMonth', minPerMonth, { min: 1, integer: true })
  const ref = /^(\d{4})-(\d{2})$/.exec(reference)
  if (!ref) throw driftArgumentError('reference', reference, 'must be a month, YYYY-MM')
  const refIndex = Number(ref[1]) * 12 + Number(ref[2]) - 1
  const groups = new Map<string, DatedOutcome[]>()
  let undated = 0
  for (const row of rows) {
    const match = row.date === null ? null : /^(\d{4})-(\d{2})/.exec(row.date)
    if (!match) {
      undated += 1
      continue
    }
    const key = `${match[1]}-${match[2]}`
    groups.set(key, [...(groups.get(key) ?? []), row])
  }
  let sparse = 0
  const months: MonthOutcome[] = []
  for (const key of [...groups.keys()].sort()) {
    const group = groups.get(key)!
    if (group.length < minPerMonth) {
      sparse += group.length
      continue
    }
    const [year, month] = key.split('-').map(Number) as [number, number]
    const labelled = group.filter((r) => r.correct !== null)
    months.push({
      calendarMonth: key,
      month: year * 12 + month - 1 - refIndex,
      n: group.length,
      agreement: measuredRate(group.filter((r) => r.agrees).length, group.length, `inputs of ${key} on which the student agrees with the teacher`),
      accuracy: labelled.length > 0 ? measuredRate(labelled.filter((r) => r.correct).length, labelled.length, `inputs of ${key} the student labels as gold does`) : null,
    })
  }
  return { months, leftOut: { undated, sparse }, series: months.map((m) => ({ month: m.month, agreement: m.agreement.value, n: m.n })) }
}
