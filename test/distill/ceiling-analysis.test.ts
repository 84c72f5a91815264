// The quality-ceiling analysis of an experiment: thresholds come from the calibration split and
// every measured figure from the test split; values are counted by hand here.
import { describe, expect, it } from 'vitest'
import { measureCeiling, type CeilingRow } from '../../src/distill/ceiling-analysis.js'

const row = (gold: string, student: string, confidence: number, group = 'easy', teacher = gold): CeilingRow => ({ group, gold, teacher, student, confidence })

// Calibration: the student is wrong at 0.55 and 0.62 (the teacher right on both), right elsewhere.
const calibration: CeilingRow[] = [
  row('a', 'b', 0.55), row('a', 'b', 0.62), row('a', 'a', 0.7), row('b', 'b', 0.75), row('a', 'a', 0.8),
  row('b', 'b', 0.85), row('a', 'a', 0.9), row('b', 'b', 0.92), row('a', 'a', 0.95), row('b', 'b', 0.99),
]
// Test: a different mix. Wrong at 0.6 (teacher right), 0.72 (teacher right) and 0.88 (teacher wrong too);
// one hard input the teacher also misses at 0.5.
const test: CeilingRow[] = [
  row('b', 'a', 0.5, 'hard', 'a'), row('a', 'b', 0.6), row('b', 'a', 0.72), row('a', 'a', 0.8), row('b', 'a', 0.88, 'hard', 'a'),
  row('a', 'a', 0.9), row('b', 'b', 0.93), row('a', 'a', 0.96), row('b', 'b', 0.97), row('a', 'a', 0.99),
]
const costs = { studentUSD: 0.0001, teacherUSD: 0.01, humanUSD: 0.5 }

describe('measureCeiling', () => {
  const ceiling = measureCeiling({ calibration, test, target: 1, costs })

  it('chooses the thresholds on calibration: the cheapest pair that gets all 10 right', () => {
    // Escalating below 0.7 sends the two wrong answers (0.55, 0.62) to the teacher, who is right:
    // 10 of 10 for 2 teacher calls, cheaper than any human band.
    expect(ceiling.cascade?.t1).toBe(0.7)
    expect(ceiling.cascade?.t2).toBe(0)
    expect(ceiling.cascade?.calibrationAccuracy).toBe(1)
    expect(ceiling.cascade?.calibrationCostPerRequestUSD).toBeCloseTo(0.0001 + 0.2 * 0.01, 12)
  })

  it('measures the cascade on test, not on calibration', () => {
    // On test with t1 = 0.7: 0.5 and 0.6 go to the teacher (0.5: teacher wrong, 0.6: right);
    // the student answers the other 8 and misses 0.72 and 0.88: 1 + 6 = 7 of 10.
    expect(ceiling.cascade?.accuracy.successes).toBe(7)
    expect(ceiling.cascade?.accuracy.n).toBe(10)
    expect(ceiling.cascade?.teacherShare.successes).toBe(2)
    expect(ceiling.cascade?.humanShare.successes).toBe(0)
    // Evaluated on calibration the same thresholds give 10 of 10: a report of 1 here would mean
    // the thresholds were checked on the split that chose them.
    expect(ceiling.cascade?.accuracy.value).not.toBe(ceiling.cascade?.calibrationAccuracy)
    expect(ceiling.cascade?.targetHeld).toBe(false)
    // Cost on test: student 0.0001 each + 2 of 10 to the teacher at 0.01.
    expect(ceiling.cascade?.costPerRequestUSD).toBeCloseTo(0.0001 + 0.2 * 0.01, 12)
  })

  it('measures student and teacher alone, and quality by group, on test', () => {
    // Student right on 0.8, 0.9, 0.93, 0.96, 0.97, 0.99: 6 of 10; teacher wrong on the two hard ones: 8 of 10.
    expect(ceiling.student.successes).toBe(6)
    expect(ceiling.teacher.successes).toBe(8)
    const byGroup = Object.fromEntries(ceiling.byGroup.map((g) => [g.group, [g.accuracy.successes, g.n]]))
    expect(byGroup).toEqual({ easy: [6, 8], hard: [0, 2] })
    // Wilson 95 % for 6 of 8 written out: (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n).
    const z = 1.959963984540054
    const [k, n] = [6, 8]
    const p = k / n
    const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n)
    const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n)
    const easy = ceiling.byGroup.find((g) => g.group === 'easy')!
    expect(easy.accuracy.lower).toBeCloseTo(centre - half, 4)
    expect(easy.accuracy.upper).toBeCloseTo(centre + half, 4)
  })

  it('computes the expected calibration error on test by hand', () => {
    // 10 uniform bins of width 0.1 over the test confidences:
    // [0.5,0.6): 0.5 wrong; [0.6,0.7): 0.6 wrong; [0.7,0.8): 0.72 wrong; [0.8,0.9): 0.8 right, 0.88 wrong;
    // [0.9,1]: 0.9, 0.93, 0.96, 0.97, 0.99 right.
    const bins = [
      { n: 1, conf: 0.5, acc: 0 }, { n: 1, conf: 0.6, acc: 0 }, { n: 1, conf: 0.72, acc: 0 },
      { n: 2, conf: (0.8 + 0.88) / 2, acc: 0.5 }, { n: 5, conf: (0.9 + 0.93 + 0.96 + 0.97 + 0.99) / 5, acc: 1 },
    ]
    const ece = bins.reduce((s, b) => s + (b.n / 10) * Math.abs(b.acc - b.conf), 0)
    expect(ceiling.calibration.ece).toBeCloseTo(ece, 12)
    expect(ceiling.calibration.mce).toBeCloseTo(Math.max(...bins.map((b) => Math.abs(b.acc - b.conf))), 12)
  })

  it('checks the conformal threshold on test', () => {
    // alpha = 1 - target is clipped to 1e-6: k = ceil(11 (1 - 1e-6)) = 11 > n = 10: escalate everything.
    expect(ceiling.conformal.rank).toBe(11)
    expect(ceiling.conformal.testAnsweredWrong.successes).toBe(0)
    const at80 = measureCeiling({ calibration, test, target: 0.8, costs }).conformal
    // alpha 0.2: k = ceil(11 x 0.8) = 9; scores 8 x -inf, 0.55, 0.62: the 9th smallest is 0.55, the
    // student answers above it; on test it answers 0.6, 0.72, 0.88 wrongly: 3 of 10 > 0.2.
    expect(at80.escalateAtOrBelow).toBe(0.55)
    expect(at80.testAnsweredWrong.successes).toBe(3)
    expect(at80.guaranteeHeld).toBe(false)
  })

  it('reads the gap closures off the test split', () => {
    // Student 0.6, teacher 0.8: half the gap is 0.7. Escalating the lowest confidences in turn:
    // 0.5 (teacher wrong too) keeps 6; adding 0.6 gives 7 at share 0.2: 0.7 reached.
    const half = ceiling.gapClosure.find((g) => g.fraction === 0.5)!
    expect(half.targetQuality).toBeCloseTo(0.7, 12)
    expect(half.thresholdShare).toBeCloseTo(0.2, 12)
  })

  it('falls back to the teacher as the reference without gold labels, and says so', () => {
    const noGold = test.map((r) => ({ ...r, gold: null }))
    const measured = measureCeiling({ calibration, test: noGold, target: 0.9, costs })
    expect(measured.basis).toBe('teacher')
    expect(measured.teacher.value).toBe(1)
    // Agreement with the teacher: the student matches it on 0.5 and 0.88 (both say a) and on the 6 it gets right: 8 of 10.
    expect(measured.student.successes).toBe(8)
    expect(measured.notes.join(' ')).toMatch(/no gold label/)
  })

  it('rejects an empty split', () => {
    expect(() => measureCeiling({ calibration: [], test, target: 0.9, costs })).toThrow(/0 calibration/)
  })
})
