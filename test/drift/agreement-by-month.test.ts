import { describe, expect, it } from 'vitest'
import { agreementByMonth } from '../../src/drift/agreement-by-month.js'
import { fitDecay } from '../../src/drift/index.js'

describe('agreementByMonth(rows, reference, minPerMonth)', () => {
  it('counts each month since the reference, leaves out undated and sparse months, and feeds the decay fit', () => {
    // 2002-08: 40 rows, 36 agree; 2002-09: 40 rows, 32 agree; 2002-10: 40 rows, 28 agree; 2002-11: 3 rows (sparse).
    const month = (m: string, n: number, agree: number) => Array.from({ length: n }, (_, i) => ({ date: `${m}-15T12:00:00Z`, agrees: i < agree, correct: i < agree + 1 }))
    const rows = [...month('2002-08', 40, 36), ...month('2002-09', 40, 32), ...month('2002-10', 40, 28), ...month('2002-11', 3, 3), { date: null, agrees: true, correct: null }]
    const result = agreementByMonth(rows, '2002-07', 20)
    expect(result.months.map((m) => [m.month, m.n, m.agreement.successes, m.accuracy!.successes])).toEqual([[1, 40, 36, 37], [2, 40, 32, 33], [3, 40, 28, 29]])
    expect(result.leftOut).toEqual({ undated: 1, sparse: 3 })
    // 0.9, 0.8, 0.7: a linear loss of 0.1 a month.
    expect(result.series).toEqual([{ month: 1, agreement: 0.9, n: 40 }, { month: 2, agreement: 0.8, n: 40 }, { month: 3, agreement: 0.7, n: 40 }])
    const fit = fitDecay(result.series)
    expect(fit.chosen.model).toBe('linear')
  })
  it('refuses a reference that is not a month', () => {
    expect(() => agreementByMonth([], '2002-7')).toThrow('invalid reference: "2002-7" (must be a month, YYYY-MM)')
  })
})
