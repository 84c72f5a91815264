// The drift figures (plotly specs), built from the real drift statistics on small hand-made data
// and checked against numbers worked out here.
import { describe, expect, it } from 'vitest'
import { agreementByMonth, type DatedOutcome } from '../../src/drift/agreement-by-month.js'
import { costAwareRetrainInterval } from '../../src/drift/cost-aware-retrain-interval.js'
import { fitExponentialDecay } from '../../src/drift/decay/exponential.js'
import { fitDecay } from '../../src/drift/decay/fit-decay.js'
import { fitLinearDecay } from '../../src/drift/decay/linear.js'
import { fitStepDecay } from '../../src/drift/decay/step.js'
import { domainClassifier } from '../../src/drift/domain-classifier.js'
import { jensenShannonDistance } from '../../src/drift/jensen-shannon.js'
import { ksTwoSample } from '../../src/drift/ks-two-sample.js'
import { psiFromCounts } from '../../src/drift/psi.js'
import { agreementOverTimeFigure, cadenceCostFigure, domainClassifierFigure, inputDriftFigure } from '../../src/report/drift-figures.js'
import type { PlotlyFigure } from '../../src/report/theme.js'

/** Every number anywhere in a figure, with its path. */
function numbersIn(value: unknown, path = ''): [string, number][] {
  if (typeof value === 'number') return [[path, value]]
  if (Array.isArray(value)) return value.flatMap((v, i) => numbersIn(v, `${path}[${i}]`))
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbersIn(v, `${path}.${k}`))
  return []
}

/** `count` rows dated in `month` (YYYY-MM), the first `agreeing` agreeing, the first `correct` right (null: no gold). */
function monthRows(month: string, count: number, agreeing: number, correct: number | null): DatedOutcome[] {
  return Array.from({ length: count }, (_, i) => ({ date: `${month}-15T12:00:00Z`, agrees: i < agreeing, correct: correct === null ? null : i < correct }))
}

// Agreement 45/50, 44/50, 42/50, 40/50, 38/50, 36/50 over 2002-08 .. 2003-01 (months 0..5); gold on the first three.
const rows: DatedOutcome[] = [
  ...monthRows('2002-08', 50, 45, 46),
  ...monthRows('2002-09', 50, 44, 45),
  ...monthRows('2002-10', 50, 42, 43),
  ...monthRows('2002-11', 50, 40, null),
  ...monthRows('2002-12', 50, 38, null),
  ...monthRows('2003-01', 50, 36, null),
]
const monthly = agreementByMonth(rows, '2002-08', 10)

describe('agreementOverTimeFigure(monthly, options)', () => {
  it('draws agreement per month with Wilson error bars (upper - value, value - lower) and calendar labels', () => {
    const figure = agreementOverTimeFigure(monthly)
    const [agreement, accuracy] = figure.data as any[]
    expect(agreement.x).toEqual([0, 1, 2, 3, 4, 5])
    expect(agreement.y).toEqual([0.9, 0.88, 0.84, 0.8, 0.76, 0.72])
    // Month 0: 45 of 50, Wilson 95 % (z = 1.959964): centre (45 + z²/2) / (50 + z²), half-width z sqrt(45·5/50 + z²/4) / (50 + z²).
    const z = 1.959963984540054
    const centre = (45 + (z * z) / 2) / (50 + z * z)
    const half = (z * Math.sqrt((45 * 5) / 50 + (z * z) / 4)) / (50 + z * z)
    expect(agreement.error_y.array[0]).toBeCloseTo(centre + half - 0.9, 12)
    expect(agreement.error_y.arrayminus[0]).toBeCloseTo(0.9 - (centre - half), 12)
    // Accuracy only for the three months with gold: 46/50, 45/50, 43/50.
    expect(accuracy.x).toEqual([0, 1, 2])
    expect(accuracy.y).toEqual([0.92, 0.9, 0.86])
    const xaxis = figure.layout.xaxis as any
    expect(xaxis.tickvals).toEqual([0, 1, 2, 3, 4, 5])
    expect(xaxis.ticktext).toEqual(['2002-08', '2002-09', '2002-10', '2002-11', '2002-12', '2003-01'])
  })

  it('draws the linear fit a - b t: at month 3 the curve is a - 3b', () => {
    const fit = fitLinearDecay(monthly.series)
    const figure = agreementOverTimeFigure(monthly, { decay: fit })
    const curve = figure.data.find((t) => String(t.name).startsWith('linear decay'))! as any
    const i = curve.x.indexOf(3)
    expect(i).toBeGreaterThan(0)
    expect(curve.y[i]).toBeCloseTo(fit.parameters.a! - 3 * fit.parameters.b!, 12)
    // Equal weights, months 0..5: slope = Σ(t - 2.5)(y - ȳ) / Σ(t - 2.5)², ȳ = 4.9 / 6.
    const mean = 4.9 / 6
    const ys = [0.9, 0.88, 0.84, 0.8, 0.76, 0.72]
    const slope = ys.reduce((s, y, t) => s + (t - 2.5) * (y - mean), 0) / 17.5
    expect(curve.y[i]).toBeCloseTo(mean + slope * (3 - 2.5), 10)
    expect(curve.x[0]).toBe(0)
    expect(curve.x.at(-1)).toBe(5)
  })

  it('draws the exponential fit a e^{-k t} and the step fit as a step at its change month', () => {
    const exponential = fitExponentialDecay(monthly.series)
    const curve = agreementOverTimeFigure(monthly, { decay: exponential }).data.at(-1) as any
    const i = curve.x.indexOf(3)
    expect(curve.y[i]).toBeCloseTo(exponential.parameters.a! * Math.exp(-3 * exponential.parameters.k!), 12)

    const step = fitStepDecay(monthly.series)
    const stepCurve = agreementOverTimeFigure(monthly, { decay: step }).data.at(-1) as any
    expect(stepCurve.x).toEqual([0, step.changeMonth, step.changeMonth, 5])
    expect(stepCurve.y).toEqual([step.parameters.before, step.parameters.before, step.parameters.after, step.parameters.after])

    // A DecayChoice draws its chosen fit.
    const choice = fitDecay(monthly.series)
    const chosen = agreementOverTimeFigure(monthly, { decay: choice }).data.at(-1)!
    expect(chosen.name).toBe(`${choice.chosen.model} decay: ${choice.chosen.formula}`)
  })

  it('shades the band between threshold and target and marks retrains given as numbers or calendar months', () => {
    const figure = agreementOverTimeFigure(monthly, { threshold: 0.8, target: 0.85, retrainMonths: [2, '2002-12'] })
    const shapes = figure.layout.shapes as any[]
    const band = shapes.find((s) => s.type === 'rect')
    expect([band.y0, band.y1]).toEqual([0.8, 0.85])
    const horizontal = shapes.filter((s) => s.type === 'line' && s.xref === 'paper')
    expect(horizontal.map((s) => [s.y0, s.y1])).toEqual([[0.8, 0.8], [0.85, 0.85]])
    const vertical = shapes.filter((s) => s.xref === 'x')
    // 2002-12 is 4 months after 2002-08.
    expect(vertical.map((s) => s.x0)).toEqual([2, 4])
    // One legend entry for the retrain lines.
    expect(vertical.map((s) => s.showlegend)).toEqual([true, false])
    expect(() => agreementOverTimeFigure(monthly, { retrainMonths: ['December'] })).toThrow('invalid retrainMonths entry: "December" (must be a month number or YYYY-MM)')
    expect(() => agreementOverTimeFigure(monthly, { threshold: 1.2 })).toThrow('invalid threshold: 1.2 (must be <= 1)')
  })

  it('places calendar retrains when month 0 is a period, as a record\'s is (`2002-07 and before`), anchored on the first calendar month', () => {
    const months = monthly.months.map((m, i) => (i === 0 ? { ...m, calendarMonth: '2002-08 and before' } : m))
    const figure = agreementOverTimeFigure({ ...monthly, months }, { retrainMonths: ['2002-11', 5] })
    // 2002-11 is three months after 2002-09 (month 1).
    expect((figure.layout.shapes as any[]).map((shape) => shape.x0)).toEqual([3, 5])
    expect(() => agreementOverTimeFigure({ ...monthly, months: months.slice(0, 1) }, { retrainMonths: ['2002-11'] })).toThrow('invalid retrainMonths entry: "2002-11" (must be a month number: no month of the series is one calendar month)')
  })

  it('is a "no data" figure for an undated corpus (zero months)', () => {
    const undated = agreementByMonth([{ date: null, agrees: true, correct: null }, { date: null, agrees: false, correct: null }], '2002-08', 1)
    const figure = agreementOverTimeFigure(undated, { threshold: 0.8, retrainMonths: ['2002-09'] })
    expect(figure.data).toEqual([])
    expect((figure.layout.annotations as any[])[0].text).toBe('no data: no dated months (2 undated inputs)')
  })
})

describe('inputDriftFigure(rows)', () => {
  const characters = { feature: 'characters', psi: psiFromCounts([50, 50], [30, 70]), jensenShannon: jensenShannonDistance([0.5, 0.5], [0.3, 0.7]), ks: ksTwoSample([1, 2, 3, 4], [3, 4, 5, 6]) }
  const tokens = { feature: 'tokens', psi: psiFromCounts([25, 25, 50], [50, 50, 0]), jensenShannon: jensenShannonDistance([0.25, 0.25, 0.5], [0.5, 0.5, 0]), ks: ksTwoSample([1, 2, 3], [1, 2, 3]) }

  it('draws a PSI bar per feature, JS and KS on the right axis, and the 0.1 and 0.2 lines', () => {
    const figure = inputDriftFigure([characters, tokens])
    const [psi, js, ks] = figure.data as any[]
    expect(psi.x).toEqual(['characters', 'tokens'])
    // (0.3 - 0.5) ln(0.3 / 0.5) + (0.7 - 0.5) ln(0.7 / 0.5); and 2 (0.5 - 0.25) ln 2 + (1e-4 - 0.5) ln(1e-4 / 0.5).
    expect(psi.y[0]).toBeCloseTo(-0.2 * Math.log(0.6) + 0.2 * Math.log(1.4), 12)
    expect(psi.y[1]).toBeCloseTo(0.5 * Math.log(2) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5), 12)
    // Colour by level: 0.169 watch, 4.6 act.
    expect(psi.marker.color).toEqual(['#ebcb8b', '#bf616a'])
    // JS distance base 2 between (0.5, 0.5) and (0.3, 0.7): sqrt(½ KL(p‖m) + ½ KL(q‖m)), m = (0.4, 0.6).
    const kl = (p: number[], q: number[]) => p.reduce((s, v, i) => s + (v === 0 ? 0 : v * Math.log2(v / q[i]!)), 0)
    expect(js.y[0]).toBeCloseTo(Math.sqrt(0.5 * kl([0.5, 0.5], [0.4, 0.6]) + 0.5 * kl([0.3, 0.7], [0.4, 0.6])), 12)
    expect(js.yaxis).toBe('y2')
    expect(ks.y).toEqual([0.5, 0]) // scipy.stats.ks_2samp([1, 2, 3, 4], [3, 4, 5, 6]).statistic = 0.5
    // JS and KS also in the PSI bar's hover.
    expect(psi.customdata[0].slice(0, 3)).toEqual(['watch', js.y[0], 0.5])
    expect((figure.layout.shapes as any[]).map((s) => [s.y0, s.y1])).toEqual([[0.1, 0.1], [0.2, 0.2]])
  })

  it('is a "no data" figure without rows', () => {
    expect(inputDriftFigure([]).data).toEqual([])
  })
})

describe('domainClassifierFigure(result, options)', () => {
  const earlier = [[0.1, 1], [0.4, 0], [0.3, 1], [0.9, 0], [0.5, 1], [0.2, 0]]

  it('without ROC points: the AUC with its interval against 0.5 and the 0.55 drift line', () => {
    const result = domainClassifier(earlier, earlier, 3)
    const figure = domainClassifierFigure(result)
    const [auc] = figure.data as any[]
    expect(auc.x).toEqual([result.roc.auc])
    expect(auc.error_x.array[0]).toBeCloseTo(result.roc.upper - result.roc.auc, 12)
    expect(auc.error_x.arrayminus[0]).toBeCloseTo(result.roc.auc - result.roc.lower, 12)
    expect((figure.layout.shapes as any[]).map((s) => s.x0)).toEqual([0.5, 0.55])
    expect((figure.layout.title as any).text).toContain(`AUC ${result.roc.auc.toFixed(3)}`)
  })

  it('with ROC points: the curve against the diagonal, the AUC in the title', () => {
    const result = domainClassifier(earlier, earlier.map(([a, b]) => [a! + 1, b!]), 3)
    expect(result.roc.auc).toBeGreaterThan(0.9) // the later rows are shifted by 1: well separated
    const figure = domainClassifierFigure(result, { roc: { falsePositiveRate: [0, 0, 1], truePositiveRate: [0, 1, 1] } })
    const [diagonal, curve] = figure.data as any[]
    expect([diagonal.x, diagonal.y]).toEqual([[0, 1], [0, 1]])
    expect([curve.x, curve.y]).toEqual([[0, 0, 1], [0, 1, 1]])
    expect((figure.layout.title as any).text).toBe(`Domain classifier between periods: AUC ${result.roc.auc.toFixed(3)} (95 % ${result.roc.lower.toFixed(3)}-${result.roc.upper.toFixed(3)}), ${result.certainty} (line at 0.55)`)
    expect(() => domainClassifierFigure(result, { roc: { falsePositiveRate: [0, 1], truePositiveRate: [0] } })).toThrow(/must have as many as falsePositiveRate, 2/)
  })
})

describe('cadenceCostFigure(grid, options)', () => {
  // Linear decay d = 0.5 points a month priced V = 100 USD per point a month, retraining C = 400 USD:
  // the average cost of retraining every T months is C / T + V d T / 2, smallest at T* = 4 (200 USD).
  const costAt = (months: number) => 400 / months + (100 * 0.5 * months) / 2
  const grid = [
    { cadenceMonths: 8, costPerMonthUSD: costAt(8), pTargetHolds: 0.6 },
    { cadenceMonths: 2, costPerMonthUSD: costAt(2), lower: 240, upper: 260, pTargetHolds: 0.99 },
    { cadenceMonths: 4, costPerMonthUSD: costAt(4), pTargetHolds: 0.9 },
    { cadenceMonths: null, costPerMonthUSD: 1500 },
  ]

  it('draws the calendar cadences in order with their intervals, never and other policies as lines, T* as a vertical line', () => {
    const interval = costAwareRetrainInterval(0.5, 400, 100)
    const figure = cadenceCostFigure(grid, { policies: [{ name: 'threshold', costPerMonthUSD: 230, label: 'retrain when agreement < 0.85' }], closedFormMonths: interval.months })
    const [calendar] = figure.data as any[]
    expect(calendar.x).toEqual([2, 4, 8])
    expect(calendar.y).toEqual([250, 200, 250]) // 400/2 + 50, 400/4 + 100, 400/8 + 200
    expect(calendar.error_y.array).toEqual([10, 0, 0])
    expect(calendar.error_y.arrayminus).toEqual([10, 0, 0])
    expect(calendar.customdata.map((c: string[]) => c[0])).toEqual(['99.0 %', '90.0 %', '60.0 %'])
    const shapes = figure.layout.shapes as any[]
    expect(shapes.map((s) => s.xref === 'x' ? ['x', s.x0] : ['y', s.y0])).toEqual([['y', 1500], ['y', 230], ['x', 4]])
    expect(shapes[1].name).toBe('threshold (retrain when agreement < 0.85): $230 a month')
  })

  it('leaves out an infinite T* (no decay) and is a "no data" figure with nothing to draw', () => {
    const figure = cadenceCostFigure(grid, { closedFormMonths: costAwareRetrainInterval(0, 400, 100).months })
    expect((figure.layout.shapes as any[]).some((s) => s.xref === 'x')).toBe(false)
    expect(cadenceCostFigure([]).data).toEqual([])
    expect(() => cadenceCostFigure([{ cadenceMonths: 0, costPerMonthUSD: 1 }])).toThrow('invalid grid[0].cadenceMonths: 0 (must be > 0)')
  })
})

describe('every drift figure', () => {
  it('holds only finite numbers (plotly cannot draw NaN or Infinity; JSON would turn them into null)', () => {
    const undated = agreementByMonth([{ date: null, agrees: true, correct: null }], '2002-08', 1)
    const figures: PlotlyFigure[] = [
      agreementOverTimeFigure(monthly, { decay: fitDecay(monthly.series), threshold: 0.8, target: 0.85, retrainMonths: [3, '2003-01'] }),
      agreementOverTimeFigure(monthly, { decay: fitStepDecay(monthly.series) }),
      agreementOverTimeFigure(undated),
      inputDriftFigure([{ feature: 'tokens', psi: psiFromCounts([25, 25, 50], [50, 50, 0]), jensenShannon: jensenShannonDistance([0.25, 0.25, 0.5], [0.5, 0.5, 0]), ks: ksTwoSample([1, 2], [1, 2]) }]),
      inputDriftFigure([]),
      domainClassifierFigure(domainClassifier([[0], [1], [2]], [[0], [1], [2]], 3)),
      cadenceCostFigure([{ cadenceMonths: 3, costPerMonthUSD: 10 }, { cadenceMonths: null, costPerMonthUSD: 20 }], { closedFormMonths: Number.POSITIVE_INFINITY }),
      cadenceCostFigure([]),
    ]
    for (const figure of figures) {
      expect(numbersIn(figure).filter(([, v]) => !Number.isFinite(v))).toEqual([])
      expect(JSON.stringify(figure)).not.toMatch(/NaN|Infinity|null/)
    }
  })
})
