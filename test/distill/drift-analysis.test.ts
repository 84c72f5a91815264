// Drift of a student between its training period and the months after: the monthly series, the
// feature distances and the decay slope, each recomputed here by hand.
import { describe, expect, it } from 'vitest'
import { measureDrift, type DriftRow } from '../../src/distill/drift-analysis.js'

const row = (date: string | null, agrees: boolean, characters: number, correct: boolean | null = agrees): DriftRow => ({ date, agrees, correct, features: { characters } })
const rows = (date: string, n: number, agreeing: number, characters: (i: number) => number) => Array.from({ length: n }, (_, i) => row(date, i < agreeing, characters(i)))

describe('measureDrift', () => {
  // Month 0: 100 held-out inputs, 96 agree. Then 2002-08: 90 of 100, 2002-09: 85 of 100,
  // 2002-10: 80 of 100, 2002-11: 5 inputs only (sparse), and 3 undated inputs.
  const reference = rows('2002-06-01', 100, 96, (i) => i)
  const later = [
    ...rows('2002-08-05', 100, 90, (i) => i + 50),
    ...rows('2002-09-05', 100, 85, (i) => i + 50),
    ...rows('2002-10-05', 100, 80, (i) => i + 50),
    ...rows('2002-11-05', 5, 5, (i) => i),
    row(null, true, 10), row(null, true, 10), row(null, false, 10),
  ]
  const drift = measureDrift({ cutoffMonth: '2002-08', reference, later, minPerMonth: 20 })

  it('counts month 0 from the training period and months 1.. from the cutoff', () => {
    expect(drift.referenceMonth).toBe('2002-07')
    expect(drift.months.map((m) => [m.month, m.n, m.agreement.successes])).toEqual([[0, 100, 96], [1, 100, 90], [2, 100, 85], [3, 100, 80]])
    expect(drift.leftOut.sparse).toBe(5)
    expect(drift.leftOut.undated).toBe(3)
    // Later: the 305 dated inputs from the cutoff on: 90 + 85 + 80 + 5 agree.
    expect([drift.later.n, drift.later.agreement.successes]).toEqual([305, 260])
  })

  it('fits the decay by n-weighted least squares: the slope written out', () => {
    // Equal weights (n = 100 each): x = 0..3, y = 0.96, 0.90, 0.85, 0.80.
    const x = [0, 1, 2, 3]
    const y = [0.96, 0.9, 0.85, 0.8]
    const mx = 1.5
    const my = y.reduce((s, v) => s + v, 0) / 4
    const slope = x.reduce((s, xi, i) => s + (xi - mx) * (y[i]! - my), 0) / x.reduce((s, xi) => s + (xi - mx) ** 2, 0)
    // 4 months are too few for AICc: linear is taken by default.
    expect(drift.decay?.chosen.model).toBe('linear')
    expect(drift.loss?.perMonth).toBeCloseTo(-slope, 10)
    expect(drift.escalationDriftPerMonth?.value).toBeCloseTo(-slope, 10)
  })

  it('computes PSI over the reference deciles by hand', () => {
    // Reference characters 0..99: decile edges 9.9, 19.9, ..., 89.9 (linear interpolation) put 10 in each bin.
    // Later characters 50..149 (three months of 100) and 0..4 (November): 305 values.
    const f = drift.inputs.find((i) => i.feature === 'characters')!
    expect(f.referenceCounts).toEqual(Array(10).fill(10))
    // Later: bins 1-5 (<= 49.9) hold only November's 0..4 (5 values, all in bin 1); bins 6-9 hold
    // 50..89 three times: 10 x 3 each; bin 10 (> 89.9) holds 90..149 three times: 60 x 3.
    expect(f.laterCounts).toEqual([5, 0, 0, 0, 0, 30, 30, 30, 30, 180])
    const eps = 1e-4
    const expected = f.referenceCounts.map((c) => Math.max(c / 100, eps))
    const actual = f.laterCounts.map((c) => Math.max(c / 305, eps))
    const psi = expected.reduce((s, e, i) => s + (actual[i]! - e) * Math.log(actual[i]! / e), 0)
    expect(f.psi).toBeCloseTo(psi, 6)
    expect(f.level).toBe('act')
  })

  it('charges no drift when agreement rises, and says why', () => {
    const rising = measureDrift({
      cutoffMonth: '2002-08',
      reference: rows('2002-06-01', 100, 80, (i) => i),
      later: [...rows('2002-08-01', 100, 85, (i) => i), ...rows('2002-09-01', 100, 90, (i) => i)],
    })
    expect(rising.loss?.perMonth).toBeLessThan(0)
    expect(rising.escalationDriftPerMonth?.value).toBe(0)
    expect(rising.escalationDriftPerMonth?.basis).toMatch(/no drift is charged/)
  })

  it('identical periods give zero input drift', () => {
    const same = rows('2002-06-01', 50, 45, (i) => i * 3)
    const flat = measureDrift({ cutoffMonth: '2002-08', reference: same, later: same.map((r) => ({ ...r, date: '2002-08-02' })) })
    expect(flat.inputs[0]!.psi).toBe(0)
    expect(flat.inputs[0]!.jensenShannon).toBe(0)
    expect(flat.inputs[0]!.ks.statistic).toBe(0)
  })

  it('tells the periods apart by their representations only when they differ', () => {
    // Deterministic pseudo-random 4-d points: the same cloud twice, then a cloud shifted by 1.5 on one axis.
    const cloud = (n: number, shift: number, salt: number) => Array.from({ length: n }, (_, i) => [0, 1, 2, 3].map((d) => Math.sin(i * 12.9898 + d * 78.233 + salt) * 43758.5453 % 1 + (d === 0 ? shift : 0)))
    const same = measureDrift({ cutoffMonth: '2002-08', reference, later, embeddings: { reference: cloud(60, 0, 1), later: cloud(60, 0, 2) } })
    const moved = measureDrift({ cutoffMonth: '2002-08', reference, later, embeddings: { reference: cloud(60, 0, 1), later: cloud(60, 1.5, 2) } })
    expect(same.representation!.auc).toBeLessThan(0.7)
    expect(moved.representation!.auc).toBeGreaterThan(0.9)
    expect(moved.representation!.drift).toBe(true)
  })

  it('rejects a malformed cutoff month', () => {
    expect(() => measureDrift({ cutoffMonth: '2002-8', reference, later })).toThrow(/invalid cutoffMonth: "2002-8"/)
  })
})
