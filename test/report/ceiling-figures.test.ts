// The quality-ceiling figures (plotly specs), built from the real ceiling statistics on small
// hand-made data and checked against numbers worked out here.
import { describe, expect, it } from 'vitest'
import { accuracyByGroup } from '../../src/ceiling/accuracy-by-group.js'
import { expectedCalibrationError } from '../../src/ceiling/calibration-error.js'
import { costQualityFrontier } from '../../src/ceiling/cost-quality-frontier.js'
import { escalationCurve } from '../../src/ceiling/escalation-curve.js'
import { evaluateCascade } from '../../src/ceiling/evaluate-cascade.js'
import { reliabilityDiagram } from '../../src/ceiling/reliability-diagram.js'
import { shareToCloseGap } from '../../src/ceiling/share-to-close-gap.js'
import { accuracyByGroupFigure, cascadeOperatingPoint, costQualityFrontierFigure, escalationCurveFigure, qualityAtShare, reliabilityFigure } from '../../src/report/ceiling-figures.js'
import type { PlotlyFigure } from '../../src/report/theme.js'

/** Every number anywhere in a figure, with its path. */
function numbersIn(value: unknown, path = ''): [string, number][] {
  if (typeof value === 'number') return [[path, value]]
  if (Array.isArray(value)) return value.flatMap((v, i) => numbersIn(v, `${path}[${i}]`))
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbersIn(v, `${path}.${k}`))
  return []
}

/** Wilson 95 % bounds of k of n, written out: (k + z²/2 ± z sqrt(k(n - k)/n + z²/4)) / (n + z²). */
function wilson(k: number, n: number): [number, number] {
  const z = 1.959963984540054
  const centre = k + (z * z) / 2
  const half = z * Math.sqrt((k * (n - k)) / n + (z * z) / 4)
  return [(centre - half) / (n + z * z), (centre + half) / (n + z * z)]
}

// Ten cases: confidence 0.05, 0.15, ..., 0.95; the student right on the six most confident, the teacher right on all but 0.95.
const cases = Array.from({ length: 10 }, (_, i) => ({ confidence: 0.05 + 0.1 * i, studentCorrect: i >= 4, teacherCorrect: i !== 9 }))

describe('accuracyByGroupFigure(groups, options)', () => {
  // spam: 8 right of 10, agreeing on 9 of 10; hard_ham: 3 right of 5, no teacher labels.
  const rows = [
    ...Array.from({ length: 10 }, (_, i) => ({ group: 'spam', correct: i < 8, agrees: i < 9 })),
    ...Array.from({ length: 5 }, (_, i) => ({ group: 'hard_ham', correct: i < 3 })),
  ]

  it('draws accuracy per group with Wilson bars, agreement where the group has it, and the target line', () => {
    const figure = accuracyByGroupFigure(accuracyByGroup(rows), { target: 0.9 })
    const [accuracy, agreement] = figure.data as any[]
    expect(accuracy.x).toEqual(['spam', 'hard_ham'])
    expect(accuracy.y).toEqual([0.8, 0.6])
    const [lower, upper] = wilson(3, 5)
    expect(accuracy.error_y.array[1]).toBeCloseTo(upper - 0.6, 12)
    expect(accuracy.error_y.arrayminus[1]).toBeCloseTo(0.6 - lower, 12)
    expect(agreement.x).toEqual(['spam'])
    expect(agreement.y).toEqual([0.9])
    expect(agreement.error_y.array[0]).toBeCloseTo(wilson(9, 10)[1] - 0.9, 12)
    expect((figure.layout.shapes as any[]).map((s) => [s.y0, s.y1])).toEqual([[0.9, 0.9]])
  })

  it('has no target line without a target, and is a "no data" figure without groups', () => {
    expect(accuracyByGroupFigure(accuracyByGroup(rows)).layout.shapes).toEqual([])
    expect(accuracyByGroupFigure([]).data).toEqual([])
    expect(() => accuracyByGroupFigure([], { target: -0.1 })).toThrow('invalid target: -0.1 (must be >= 0)')
  })
})

describe('reliabilityFigure(diagram, ece)', () => {
  const confidences = cases.map((c) => c.confidence)
  const correct = cases.map((c) => c.studentCorrect)

  it('draws mean confidence against accuracy per non-empty bin, the diagonal, counts in the hover, ECE in the title', () => {
    // Four uniform bins: [0, 0.25) holds 0.05, 0.15 (0 right); [0.25, 0.5) 0.25, 0.35, 0.45 (1 right: 0.45);
    // [0.5, 0.75) 0.55, 0.65 (2 right); [0.75, 1] 0.75, 0.85, 0.95 (3 right).
    const diagram = reliabilityDiagram(confidences, correct, { bins: 4 })
    const ece = expectedCalibrationError(confidences, correct, { bins: 4 })
    // ECE = Σ n_b / n |accuracy_b - confidence_b| = (2·0.1 + 3·|1/3 - 0.35| + 2·0.4 + 3·0.15) / 10 = (0.2 + 0.05 + 0.8 + 0.45) / 10
    expect(ece).toBeCloseTo(0.15, 12)
    const figure = reliabilityFigure(diagram, ece)
    const [diagonal, bins] = figure.data as any[]
    expect([diagonal.x, diagonal.y]).toEqual([[0, 1], [0, 1]])
    expect(bins.x.map((x: number) => Number(x.toFixed(12)))).toEqual([0.1, 0.35, 0.6, 0.85])
    expect(bins.y).toEqual([0, 1 / 3, 1, 1])
    expect(bins.error_y.array[0]).toBeCloseTo(wilson(0, 2)[1], 12)
    expect(bins.error_y.arrayminus[3]).toBeCloseTo(1 - wilson(3, 3)[0], 12)
    expect(bins.customdata.map((c: number[]) => c[2])).toEqual([2, 3, 2, 3])
    expect((figure.layout.title as any).text).toBe('Reliability of the student\'s confidence: ECE 0.1500 (10 inputs, 4 uniform bins)')
  })

  it('skips empty bins and is a "no data" figure when every bin is empty', () => {
    const diagram = reliabilityDiagram([0.95, 0.99], [true, false], { bins: 10 })
    const figure = reliabilityFigure(diagram)
    expect((figure.data[1] as any).x).toEqual([0.97])
    expect((figure.layout.title as any).text).not.toContain('ECE')
    expect(reliabilityFigure({ bins: [{ lower: 0, upper: 1, count: 0, meanConfidence: null, accuracy: null }], n: 0, strategy: 'uniform' }).data).toEqual([])
  })
})

describe('escalationCurveFigure(points, options)', () => {
  const points = escalationCurve(cases)

  it('draws quality against the share escalated, the target line, the operating point on the curve and the gap closures', () => {
    // Thresholds 0, 0.15, ..., 0.95, then above 0.95: escalating the k least confident of 10.
    // Quality with k escalated: the teacher right on the k (k <= 9), the student right on those of 4..9 not escalated:
    // k <= 4: (k + 6) / 10; 4 < k <= 9: 1; k = 10: 0.9 (the teacher is wrong on 0.95).
    const expected = Array.from({ length: 11 }, (_, k) => (k <= 4 ? (k + 6) / 10 : k <= 9 ? 1 : 0.9))
    const half = shareToCloseGap(cases, 0.5)
    const most = shareToCloseGap(cases, 0.8)
    const figure = escalationCurveFigure(points, { target: 0.95, operatingShare: 0.35, gapClosures: [half, most] })
    const [curve, operating, halfMarker, mostMarker] = figure.data as any[]
    expect(curve.x.map((x: number) => Number(x.toFixed(12)))).toEqual(expected.map((_, k) => k / 10))
    expect(curve.y.map((y: number) => Number(y.toFixed(12)))).toEqual(expected)
    // 0.35 lies half way between 0.3 (quality 0.9) and 0.4 (quality 1): 0.95.
    expect(operating.x).toEqual([0.35])
    expect(operating.y[0]).toBeCloseTo(0.95, 12)
    // The gap student 0.6 -> teacher 0.9: half is 0.75, reached on the line from (0.1, 0.7) to (0.2, 0.8) at 0.15;
    // 80 % is 0.84, reached at 0.24.
    expect(halfMarker.x[0]).toBeCloseTo(0.15, 12)
    expect(halfMarker.y[0]).toBeCloseTo(0.75, 12)
    expect(mostMarker.x[0]).toBeCloseTo(0.24, 12)
    expect(mostMarker.y[0]).toBeCloseTo(0.84, 12)
    expect(halfMarker.name).toBe('close 50 % of the gap: escalate 15.0 %')
    expect((figure.layout.shapes as any[]).map((s) => s.y0)).toEqual([0.95])
  })

  it('qualityAtShare interpolates between the points either side and holds the ends', () => {
    expect(qualityAtShare(points, 0.05)).toBeCloseTo(0.65, 12)
    expect(qualityAtShare(points, 0)).toBe(0.6)
    expect(qualityAtShare([{ escalatedShare: 0.2, quality: 0.7 }], 0.5)).toBe(0.7)
  })

  it('is a "no data" figure without points', () => {
    expect(escalationCurveFigure([], { operatingShare: 0.2 }).data).toEqual([])
    expect(() => escalationCurveFigure(points, { operatingShare: 2 })).toThrow('invalid operatingShare: 2 (must be <= 1)')
  })
})

describe('costQualityFrontierFigure(frontier, options)', () => {
  const costs = { studentUSD: 0.001, teacherUSD: 0.02 }
  const frontier = costQualityFrontier(cases, costs)

  it('draws every point faint, the frontier as a line, the operating point at its coordinates and the target', () => {
    const figure = costQualityFrontierFigure(frontier, { operatingPoint: { costPerRequestUSD: 0.009, quality: 1, label: 'threshold 0.45', lower: 0.7225, upper: 1 }, target: 0.95 })
    const [all, line, operating] = figure.data as any[]
    // Cost with k of 10 escalated: 0.001 + k / 10 · 0.02.
    expect(all.x.map((x: number) => Number(x.toFixed(12)))).toEqual(Array.from({ length: 11 }, (_, k) => Number((0.001 + (k / 10) * 0.02).toFixed(12))))
    // The frontier: k = 0..4 (quality 0.6 .. 1.0, each better than every cheaper point); k > 4 is no better.
    expect(line.x.map((x: number) => Number(x.toFixed(12)))).toEqual([0.001, 0.003, 0.005, 0.007, 0.009])
    expect(line.y.map((y: number) => Number(y.toFixed(12)))).toEqual([0.6, 0.7, 0.8, 0.9, 1])
    expect(operating.x).toEqual([0.009])
    expect(operating.y).toEqual([1])
    expect(operating.error_y.arrayminus[0]).toBeCloseTo(1 - 0.7225, 12)
    expect(operating.name).toBe('operating point: threshold 0.45')
    expect((figure.layout.shapes as any[]).map((s) => s.y0)).toEqual([0.95])
  })

  it('takes an evaluated cascade as its operating point (cost and test accuracy with its interval)', () => {
    const evaluation = evaluateCascade(cases, { t1: 0.45, t2: 0, targetAccuracy: 0.95, humanAccuracy: 1, costs: { ...costs, humanUSD: 1 } })
    const point = cascadeOperatingPoint(evaluation)
    // Four escalated (0.05 .. 0.35) of 10: 0.001 + 0.4 · 0.02 = 0.009; all 10 right.
    expect(point.costPerRequestUSD).toBeCloseTo(0.009, 12)
    expect(point.quality).toBe(1)
    expect(point.lower).toBeCloseTo(wilson(10, 10)[0], 12)
    expect(point.label).toBe('student from 0.45, teacher from 0')
  })

  it('is a "no data" figure without points', () => {
    expect(costQualityFrontierFigure({ points: [], frontier: [] }).data).toEqual([])
  })
})

describe('every ceiling figure', () => {
  it('holds only finite numbers (plotly cannot draw NaN or Infinity; JSON would turn them into null)', () => {
    const figures: PlotlyFigure[] = [
      accuracyByGroupFigure(accuracyByGroup([{ group: 'a', correct: false }, { group: 'b', correct: true, agrees: false }]), { target: 0.9 }),
      accuracyByGroupFigure([]),
      reliabilityFigure(reliabilityDiagram([0, 1, 1], [false, true, true], { bins: 10 }), 0),
      reliabilityFigure(reliabilityDiagram([0.5, 0.6], [true, true], { strategy: 'quantile', bins: 3 })),
      escalationCurveFigure(escalationCurve(cases), { target: 0.9, operatingShare: 1, gapClosures: [shareToCloseGap(cases, 0), shareToCloseGap(cases, 1)] }),
      escalationCurveFigure([]),
      costQualityFrontierFigure(costQualityFrontier(cases, { studentUSD: 0, teacherUSD: 0 }), { operatingPoint: { costPerRequestUSD: 0, quality: 0.6, label: 'student alone' }, target: 0.9 }),
      costQualityFrontierFigure({ points: [], frontier: [] }),
    ]
    for (const figure of figures) {
      expect(numbersIn(figure).filter(([, v]) => !Number.isFinite(v))).toEqual([])
      expect(JSON.stringify(figure)).not.toMatch(/NaN|Infinity|null/)
    }
  })
})
