import { describe, expect, it } from 'vitest'
import { mcnemarFromTable, mcnemarTest } from '../../src/agreement/index.js'
import { InvalidArgumentError } from '../../src/scenario/messages.js'
import { expectClose } from '../helpers/expect-close.js'

// Reference values: Debian statsmodels 0.13.5 (/usr/bin/python3), each from
// statsmodels.stats.contingency_tables.mcnemar(table, exact=True) (exact),
// mcnemar(table, exact=False, correction=True) (chiCorrected) and
// mcnemar(table, exact=False, correction=False) (chiPlain): [statistic, pvalue].

interface Reference {
  table: [[number, number], [number, number]]
  exact: [number, number]
  chiCorrected: [number, number]
  chiPlain: [number, number]
}

const REFERENCES: Reference[] = [
  { table: [[40, 12], [3, 45]], exact: [3, 0.03515625], chiCorrected: [4.266666666666667, 0.03886710381241731], chiPlain: [5.4, 0.02013675155034633] },
  { table: [[5, 25], [0, 5]], exact: [0, 5.960464477539063e-8], chiCorrected: [23.04, 1.5866563039511885e-6], chiPlain: [25.0, 5.733031437583875e-7] },
  { table: [[50, 18], [8, 24]], exact: [8, 0.07551869750022888], chiCorrected: [3.1153846153846154, 0.07755616674366539], chiPlain: [3.8461538461538463, 0.049860203756906855] },
  { table: [[0, 600], [540, 0]], exact: [540, 0.08051743870793814], chiCorrected: [3.0535087719298244, 0.08056291790092572], chiPlain: [3.1578947368421053, 0.07556056752594141] },
  { table: [[7, 13], [13, 7]], exact: [13, 1.0], chiCorrected: [0.038461538461538464, 0.8445192674729399], chiPlain: [0.0, 1.0] },
]

describe('mcnemarFromTable(table, { form, correction })', () => {
  it.each(REFERENCES)('matches statsmodels mcnemar for $table', ({ table, exact, chiCorrected, chiPlain }) => {
    const e = mcnemarFromTable(table, { form: 'exact' })
    expect(e.form).toBe('exact')
    expect(e.statistic).toBe(exact[0])
    expectClose(e.pValue, exact[1], 1e-12)
    const c = mcnemarFromTable(table, { form: 'chi-square' })
    expect(c.correction).toBe(true)
    expectClose(c.statistic, chiCorrected[0])
    expectClose(c.pValue, chiCorrected[1], 1e-12)
    const u = mcnemarFromTable(table, { form: 'chi-square', correction: false })
    expect(u.correction).toBe(false)
    expectClose(u.statistic, chiPlain[0])
    expectClose(u.pValue, chiPlain[1], 1e-12)
  })

  it('computes the exact p-value by hand for b = 12, c = 3', () => {
    // 2·P(X <= 3), X ~ Binomial(15, 1/2) = 2·(1 + 15 + 105 + 455) / 2^15 = 1152 / 32768
    expectClose(mcnemarFromTable([[40, 12], [3, 45]]).pValue, 1152 / 32768, 1e-14)
  })

  it('picks the exact form up to 25 discordant pairs (MCNEMAR_EXACT_MAX_DISCORDANT) and the corrected chi-square past 25', () => {
    // b + c = 25
    const at25 = mcnemarFromTable([[5, 25], [0, 5]])
    expect(at25.form).toBe('exact')
    expect(at25.discordant).toBe(25)
    // b + c = 26: statsmodels mcnemar([[50, 18], [8, 24]], exact=False, correction=True)
    const at26 = mcnemarFromTable([[50, 18], [8, 24]])
    expect(at26.form).toBe('chi-square')
    expect(at26.correction).toBe(true)
    expectClose(at26.statistic, 3.1153846153846154)
    expectClose(at26.pValue, 0.07755616674366539)
  })

  it('returns the table, b, c and the accuracy difference', () => {
    const result = mcnemarFromTable([[40, 12], [3, 45]])
    expect(result.table).toEqual([[40, 12], [3, 45]])
    expect([result.bothCorrect, result.b, result.c, result.bothWrong, result.discordant]).toEqual([40, 12, 3, 45, 15])
    // (b - c) / n = 9 / 100
    expect(result.accuracyDifference).toBeCloseTo(0.09, 15)
  })

  it('gives p = 1 with no discordant pairs, in either form', () => {
    // statsmodels mcnemar([[10, 0], [0, 10]], exact=True): statistic 0.0, pvalue 1.0 (its chi-square form gives nan or inf)
    expect(mcnemarFromTable([[10, 0], [0, 10]])).toMatchObject({ statistic: 0, pValue: 1, form: 'exact' })
    expect(mcnemarFromTable([[10, 0], [0, 10]], { form: 'chi-square' })).toMatchObject({ statistic: 0, pValue: 1, form: 'chi-square' })
  })

  it('handles one discordant pair (n = 2)', () => {
    // statsmodels mcnemar([[1, 0], [1, 0]], exact=True): statistic 0.0, pvalue 1.0
    expect(mcnemarFromTable([[1, 0], [1, 0]])).toMatchObject({ statistic: 0, pValue: 1, b: 0, c: 1 })
  })

  it('rejects bad tables and options', () => {
    expect(() => mcnemarFromTable([[1, 2, 3]] as unknown as [[number, number], [number, number]])).toThrow(
      'invalid table: [[1,2,3]] (must be a 2 x 2 table [[a, b], [c, d]] of counts)',
    )
    expect(() => mcnemarFromTable([[1, 2.5], [3, 4]])).toThrow('invalid table[0][1]: 2.5 (must be a non-negative integer count)')
    expect(() => mcnemarFromTable([[0, 0], [0, 0]])).toThrow('invalid table: [[0,0],[0,0]] (must hold at least one count)')
    expect(() => mcnemarFromTable([[1, 2], [3, 4]], { form: 'z' as 'exact' })).toThrow(
      'invalid form: "z" (must be one of "auto", "exact", "chi-square")',
    )
    expect(() => mcnemarFromTable([[1, 2], [3, 4]], { correction: 'yes' as unknown as boolean })).toThrow(
      'invalid correction: "yes" (must be true or false)',
    )
  })
})

describe('mcnemarTest({ gold, student, teacher }, options)', () => {
  it('builds the table from who got each example right', () => {
    // example: 0 both right; 1 student right only; 2 teacher right only; 3 both wrong; 4 student right only
    const result = mcnemarTest({
      gold: ['a', 'b', 'a', 'b', 'c'],
      student: ['a', 'b', 'c', 'a', 'c'],
      teacher: ['a', 'a', 'a', 'c', 'a'],
    })
    expect(result.table).toEqual([[1, 2], [1, 1]])
    // 2·P(X <= 1), X ~ Binomial(3, 1/2) = 2·4/8 = 1
    expect(result.pValue).toBe(1)
    expect(result.form).toBe('exact')
  })

  it('matches the table form on larger data (b = 18, c = 8)', () => {
    const gold: number[] = []
    const student: number[] = []
    const teacher: number[] = []
    const add = (count: number, studentRight: boolean, teacherRight: boolean) => {
      for (let i = 0; i < count; i++) {
        gold.push(1)
        student.push(studentRight ? 1 : 0)
        teacher.push(teacherRight ? 1 : 2)
      }
    }
    add(50, true, true)
    add(18, true, false)
    add(8, false, true)
    add(24, false, false)
    expect(mcnemarTest({ gold, student, teacher })).toEqual(mcnemarFromTable([[50, 18], [8, 24]]))
  })

  it('rejects mismatched and empty arrays', () => {
    expect(() => mcnemarTest({ gold: ['a', 'b'], student: ['a', 'b'], teacher: ['a'] })).toThrow(
      'invalid teacher: 1 labels (must have the same length as gold (2))',
    )
    expect(() => mcnemarTest({ gold: [], student: [], teacher: [] })).toThrow('invalid gold: [] (must hold at least one label)')
    expect(() => mcnemarTest(null as unknown as { gold: string[]; student: string[]; teacher: string[] })).toThrow(InvalidArgumentError)
  })
})
