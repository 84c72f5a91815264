/**
 * Figures of drift, as plotly specs: agreement month by month with the fitted decay and the
 * retraining band, input drift per feature (PSI, Jensen-Shannon, Kolmogorov-Smirnov), the domain
 * classifier's separation between periods, and the cost per month of each retraining cadence.
 * Reference lines are layout shapes with a legend entry (`showlegend`), so nothing is written
 * over the plot; the numbers are in the hover text.
 */
import type { MonthlyOutcomes } from '../drift/agreement-by-month.js'
import type { DecayFit } from '../drift/decay/decay-fit.js'
import { exponentialDecayAt } from '../drift/decay/exponential.js'
import type { DecayChoice } from '../drift/decay/fit-decay.js'
import { linearDecayAt } from '../drift/decay/linear.js'
import type { DomainClassifierResult } from '../drift/domain-classifier.js'
import { DOMAIN_DRIFT_AUC } from '../drift/domain-drift.js'
import type { KsTwoSampleResult } from '../drift/ks-two-sample.js'
import type { PsiResult } from '../drift/psi.js'
import { checkNumber } from '../scenario/check-number.js'
import { InvalidArgumentError } from '../scenario/messages.js'
import { baseLayout, type PlotlyFigure, type PlotlyTrace, usdAxis, extentWithZero } from './theme.js'

/** The colours of the drift and ceiling figures (the theme's palette). */
export const DRIFT_COLOURS = {
  agreement: '#5e81ac',
  accuracy: '#a3be8c',
  fit: '#b48ead',
  threshold: '#bf616a',
  target: '#4c566a',
  watch: '#ebcb8b',
  marker: '#d08770',
  faint: '#d8dee9',
} as const

/** PSI at or above which to watch an input: 0.1. */
export const PSI_WATCH = 0.1
/** PSI at or above which to act on an input: 0.2. */
export const PSI_ACT = 0.2

/**
 * A figure with no traces and a "no data" annotation in the middle, keeping the title and axis
 * titles: what a figure function returns for an empty input (an undated corpus has no months).
 *
 * @example
 * const figure = noDataFigure('Agreement by month', 'month', 'agreement', 'no dated inputs')
 * figure.data // => []
 * figure.layout.annotations[0].text // => 'no data: no dated inputs'
 */
export function noDataFigure(title: string, xTitle: string, yTitle: string, why?: string): PlotlyFigure {
  return {
    data: [],
    layout: {
      ...baseLayout(title),
      xaxis: { title: { text: xTitle }, showticklabels: false, zeroline: false, showgrid: false },
      yaxis: { title: { text: yTitle }, showticklabels: false, zeroline: false, showgrid: false },
      showlegend: false,
      annotations: [{ text: why === undefined ? 'no data' : `no data: ${why}`, xref: 'paper', yref: 'paper', x: 0.5, y: 0.5, showarrow: false, font: { size: 16, color: DRIFT_COLOURS.target } }],
    },
  }
}

/**
 * A horizontal reference line across the plot at y (a layout shape), with a legend entry.
 *
 * @example
 * horizontalLine(0.2, 'PSI 0.2: act', '#bf616a') // => { type: 'line', y0: 0.2, y1: 0.2, xref: 'paper', name: 'PSI 0.2: act', showlegend: true }
 */
export function horizontalLine(y: number, name: string, colour: string, dash = 'dash', yref = 'y'): Record<string, unknown> {
  return { type: 'line', xref: 'paper', x0: 0, x1: 1, yref, y0: y, y1: y, line: { color: colour, dash, width: 1.5 }, name, showlegend: true, layer: 'below' }
}

/**
 * A vertical reference line up the plot at x (a layout shape), with a legend entry unless
 * `showlegend` is false (for the second and later lines of a group that share one name).
 *
 * @example
 * verticalLine(4, 'retrain', '#d08770', 'dash', false) // => { x0: 4, x1: 4, yref: 'paper', legendgroup: 'retrain', showlegend: false }
 */
export function verticalLine(x: number, name: string, colour: string, dash = 'dash', showlegend = true): Record<string, unknown> {
  return { type: 'line', xref: 'x', x0: x, x1: x, yref: 'paper', y0: 0, y1: 1, line: { color: colour, dash, width: 1.5 }, name, legendgroup: name, showlegend, layer: 'below' }
}

/**
 * The plotly error bars of values with intervals: `array` = upper - value, `arrayminus` =
 * value - lower.
 *
 * @example
 * intervalErrorBars([{ value: 0.9, lower: 0.85, upper: 0.93 }]) // => { symmetric: false, array: [0.03], arrayminus: [0.05] }
 */
export function intervalErrorBars(rates: readonly { value: number; lower: number; upper: number }[], colour?: string): Record<string, unknown> {
  return {
    type: 'data',
    symmetric: false,
    array: rates.map((r) => r.upper - r.value),
    arrayminus: rates.map((r) => r.value - r.lower),
    thickness: 1.2,
    width: 3,
    ...(colour === undefined ? {} : { color: colour }),
  }
}

/** Options of {@link agreementOverTimeFigure}. */
export interface AgreementOverTimeOptions {
  /** The fitted decay to draw over the months: a fit, or a {@link DecayChoice} (its chosen fit). */
  decay?: DecayFit | DecayChoice
  /** The agreement below which to retrain, a fraction in [0, 1]. */
  threshold?: number
  /** The quality target, a fraction in [0, 1]. */
  target?: number
  /** Months at which the student was (or would be) retrained: months since training, or `YYYY-MM`. */
  retrainMonths?: readonly (number | string)[]
}

const CALENDAR = /^(\d{4})-(\d{2})$/

function calendarIndex(calendarMonth: string): number {
  const match = CALENDAR.exec(calendarMonth)
  if (!match) throw new InvalidArgumentError(`invalid retrainMonths entry: ${JSON.stringify(calendarMonth)} (must be a month number or YYYY-MM)`)
  return Number(match[1]) * 12 + Number(match[2]) - 1
}

/**
 * The decay curve's agreement at month t: linear a - b t, exponential a e^{-k t}, step `before`
 * until the change month and `after` from it.
 *
 * @example
 * decayCurveAt({ model: 'step', parameters: { before: 0.9, after: 0.8 }, changeMonth: 3 }, 2.5) // => 0.9
 * decayCurveAt({ model: 'linear', parameters: { a: 0.95, b: 0.01 } }, 3) // => 0.92
 */
export function decayCurveAt(fit: Pick<DecayFit, 'model' | 'parameters' | 'changeMonth'>, t: number): number {
  const p = fit.parameters
  if (fit.model === 'linear') return linearDecayAt({ a: p.a!, b: p.b! }, t)
  if (fit.model === 'exponential') return exponentialDecayAt({ a: p.a!, k: p.k! }, t)
  return t < (fit.changeMonth ?? Number.POSITIVE_INFINITY) ? p.before! : p.after!
}

/** The months at which a curve is drawn: four a month from `from` to `to` (at most 241 points). */
function curveMonths(from: number, to: number): number[] {
  const steps = Math.max(1, Math.min(240, Math.round((to - from) * 4)))
  return Array.from({ length: steps + 1 }, (_, i) => from + ((to - from) * i) / steps)
}

/**
 * Agreement with the teacher per calendar month (and accuracy against gold where the months have
 * it), each with its Wilson interval as error bars; the fitted decay curve drawn over the months
 * (the step model as a step at its change month); the quality target and the retraining
 * threshold as lines with the band between them shaded; and a vertical line at each retrain.
 * The x axis counts months since training, labelled with the calendar months. With no months
 * (an undated corpus) it is a "no data" figure.
 *
 * @throws {InvalidArgumentError} on a threshold or target outside [0, 1], or a retrain month that
 *   is neither a number nor `YYYY-MM`
 * @example
 * const rows = [['2002-08', 18], ['2002-09', 17], ['2002-10', 15]].flatMap(([month, agreeing]) =>
 *   Array.from({ length: 20 }, (_, i) => ({ date: `${month}-10`, agrees: i < agreeing, correct: null })))
 * const monthly = agreementByMonth(rows, '2002-08', 1)
 * const figure = agreementOverTimeFigure(monthly, { decay: fitLinearDecay(monthly.series), threshold: 0.8, target: 0.85, retrainMonths: ['2002-10'] })
 * figure.data.map((trace) => trace.name) // => ['agreement with the teacher (95 % interval)', 'linear decay: agreement = 0.9083 - 0.075 t']
 * figure.data[0].y // => [0.9, 0.85, 0.75]
 * figure.layout.shapes.map((shape) => shape.name)
 * // => ['band between the retrain threshold and the target', 'retrain below 80.0 %', 'quality target 85.0 %', 'retrain']
 * figure.layout.shapes[3].x0 // => 2 (2002-10 is month 2)
 * agreementOverTimeFigure({ months: [], leftOut: { undated: 3, sparse: 0 }, series: [] }).layout.annotations[0].text
 * // => 'no data: no dated months (3 undated inputs)'
 */
export function agreementOverTimeFigure(monthly: MonthlyOutcomes, options: AgreementOverTimeOptions = {}): PlotlyFigure {
  const threshold = options.threshold === undefined ? undefined : checkNumber('threshold', options.threshold, { min: 0, max: 1 })
  const target = options.target === undefined ? undefined : checkNumber('target', options.target, { min: 0, max: 1 })
  const title = 'Agreement with the teacher, month by month'
  const xTitle = 'calendar month (months since training in the hover)'
  const yTitle = 'share of inputs (95 % Wilson interval)'
  const months = monthly.months
  if (months.length === 0) return noDataFigure(title, xTitle, yTitle, `no dated months (${monthly.leftOut.undated} undated inputs)`)
  // Calendar index minus month number is the same for every month; a record's month 0 may be a
  // period (`2002-07 and before`), so the first month that is one calendar month anchors it.
  const anchor = months.find((m) => CALENDAR.test(m.calendarMonth))
  const retrainMonths = (options.retrainMonths ?? []).map((m) => {
    if (typeof m !== 'string') return checkNumber('retrainMonths entry', m)
    if (anchor === undefined) throw new InvalidArgumentError(`invalid retrainMonths entry: ${JSON.stringify(m)} (must be a month number: no month of the series is one calendar month)`)
    return calendarIndex(m) - (calendarIndex(anchor.calendarMonth) - anchor.month)
  })
  const customdata = months.map((m) => [m.calendarMonth, m.n])
  const data: PlotlyTrace[] = [{
    type: 'scatter',
    mode: 'lines+markers',
    name: 'agreement with the teacher (95 % interval)',
    x: months.map((m) => m.month),
    y: months.map((m) => m.agreement.value),
    error_y: intervalErrorBars(months.map((m) => m.agreement), DRIFT_COLOURS.agreement),
    line: { color: DRIFT_COLOURS.agreement, width: 1 },
    marker: { color: DRIFT_COLOURS.agreement, size: 7 },
    customdata,
    hovertemplate: '%{customdata[0]} (month %{x}): agreement %{y:.1%}, %{customdata[1]} inputs<extra></extra>',
  }]
  const withAccuracy = months.filter((m) => m.accuracy !== null)
  if (withAccuracy.length > 0) {
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      name: 'accuracy against gold (95 % interval)',
      x: withAccuracy.map((m) => m.month),
      y: withAccuracy.map((m) => m.accuracy!.value),
      error_y: intervalErrorBars(withAccuracy.map((m) => m.accuracy!), DRIFT_COLOURS.accuracy),
      line: { color: DRIFT_COLOURS.accuracy, width: 1, dash: 'dot' },
      marker: { color: DRIFT_COLOURS.accuracy, size: 7, symbol: 'square' },
      customdata: withAccuracy.map((m) => [m.calendarMonth, m.accuracy!.n]),
      hovertemplate: '%{customdata[0]} (month %{x}): accuracy %{y:.1%}, %{customdata[1]} labelled inputs<extra></extra>',
    })
  }
  const fit = options.decay === undefined ? undefined : 'chosen' in options.decay ? options.decay.chosen : options.decay
  if (fit !== undefined) {
    const first = months[0]!.month
    const last = months[months.length - 1]!.month
    const xs = fit.model === 'step' && fit.changeMonth !== undefined
      ? [first, fit.changeMonth, fit.changeMonth, last]
      : curveMonths(first, last)
    const ys = fit.model === 'step' && fit.changeMonth !== undefined
      ? [fit.parameters.before!, fit.parameters.before!, fit.parameters.after!, fit.parameters.after!]
      : xs.map((t) => decayCurveAt(fit, t))
    if (ys.every(Number.isFinite)) {
      data.push({
        type: 'scatter',
        mode: 'lines',
        name: `${fit.model} decay: ${fit.formula}`,
        x: xs,
        y: ys,
        line: { color: DRIFT_COLOURS.fit, width: 2, dash: 'dash' },
        hovertemplate: `${fit.model} fit at month %{x:.2f}: %{y:.1%}<extra></extra>`,
      })
    }
  }
  const shapes: Record<string, unknown>[] = []
  if (threshold !== undefined && target !== undefined && threshold !== target) {
    shapes.push({ type: 'rect', xref: 'paper', x0: 0, x1: 1, yref: 'y', y0: Math.min(threshold, target), y1: Math.max(threshold, target), fillcolor: DRIFT_COLOURS.threshold, opacity: 0.08, line: { width: 0 }, layer: 'below', name: 'band between the retrain threshold and the target', showlegend: true })
  }
  if (threshold !== undefined) shapes.push(horizontalLine(threshold, `retrain below ${(threshold * 100).toFixed(1)} %`, DRIFT_COLOURS.threshold))
  if (target !== undefined) shapes.push(horizontalLine(target, `quality target ${(target * 100).toFixed(1)} %`, DRIFT_COLOURS.target, 'dot'))
  retrainMonths.forEach((m, i) => shapes.push(verticalLine(m, 'retrain', DRIFT_COLOURS.marker, 'dashdot', i === 0)))
  return {
    data,
    layout: {
      ...baseLayout(title),
      xaxis: { title: { text: xTitle }, tickmode: 'array', tickvals: months.map((m) => m.month), ticktext: months.map((m) => m.calendarMonth), zeroline: false },
      yaxis: { title: { text: yTitle }, tickformat: '.0%' },
      shapes,
      showlegend: true,
    },
  }
}

/** One input feature's drift between two periods, as {@link inputDriftFigure} takes it. */
export interface InputDriftRow {
  /** The feature, e.g. `characters` or `tokens`. */
  feature: string
  psi: PsiResult
  /** Jensen-Shannon distance (base 2), in [0, 1]. */
  jensenShannon: number
  ks: KsTwoSampleResult
}

/**
 * Input drift per feature: a bar of PSI for each (coloured by its level: stable, watch, act)
 * with the 0.1 (watch) and 0.2 (act) lines on the left axis, and beside it the Jensen-Shannon
 * distance and the Kolmogorov-Smirnov statistic as bars on the right axis (both in [0, 1]); every
 * number and the KS p-value in the hover. With no rows it is a "no data" figure.
 *
 * @throws {InvalidArgumentError} on a Jensen-Shannon distance that is not a finite number
 * @example
 * const rows = [{ feature: 'characters', psi: psiFromCounts([50, 50], [30, 70]), jensenShannon: jensenShannonDistance([0.5, 0.5], [0.3, 0.7]), ks: ksTwoSample([1, 2, 3, 4], [3, 4, 5, 6]) }]
 * const figure = inputDriftFigure(rows)
 * figure.data[0].y // => [0.16946]
 * // (0.3 - 0.5) ln(0.3 / 0.5) + (0.7 - 0.5) ln(0.7 / 0.5) = 0.10217 + 0.06729
 * figure.layout.shapes.map((line) => line.y0) // => [0.1, 0.2]
 */
export function inputDriftFigure(rows: readonly InputDriftRow[]): PlotlyFigure {
  const title = 'Input drift by feature: PSI, Jensen-Shannon distance, Kolmogorov-Smirnov'
  const xTitle = 'input feature'
  const yTitle = 'PSI (dimensionless)'
  if (rows.length === 0) return noDataFigure(title, xTitle, yTitle, 'no features')
  rows.forEach((row, i) => checkNumber(`rows[${i}].jensenShannon`, row.jensenShannon, { min: 0, max: 1 }))
  const features = rows.map((r) => r.feature)
  const customdata = rows.map((r) => [r.psi.level, r.jensenShannon, r.ks.statistic, r.ks.pValue, r.ks.sizeA, r.ks.sizeB])
  const levelColour = { stable: DRIFT_COLOURS.accuracy, watch: DRIFT_COLOURS.watch, act: DRIFT_COLOURS.threshold } as const
  const data: PlotlyTrace[] = [
    {
      type: 'bar',
      name: 'PSI (left axis)',
      x: features,
      y: rows.map((r) => r.psi.psi),
      offsetgroup: 'psi',
      yaxis: 'y',
      marker: { color: rows.map((r) => levelColour[r.psi.level]) },
      customdata,
      hovertemplate: '%{x}: PSI %{y:.3f} (%{customdata[0]})<br>Jensen-Shannon %{customdata[1]:.3f}<br>KS D %{customdata[2]:.3f}, p %{customdata[3]:.2g} (n %{customdata[4]} vs %{customdata[5]})<extra></extra>',
    },
    {
      type: 'bar',
      name: 'Jensen-Shannon distance (right axis)',
      x: features,
      y: rows.map((r) => r.jensenShannon),
      offsetgroup: 'js',
      yaxis: 'y2',
      marker: { color: DRIFT_COLOURS.agreement, opacity: 0.6 },
      hovertemplate: '%{x}: Jensen-Shannon distance %{y:.3f}<extra></extra>',
    },
    {
      type: 'bar',
      name: 'KS statistic D (right axis)',
      x: features,
      y: rows.map((r) => r.ks.statistic),
      offsetgroup: 'ks',
      yaxis: 'y2',
      marker: { color: DRIFT_COLOURS.fit, opacity: 0.6 },
      customdata: rows.map((r) => [r.ks.pValue]),
      hovertemplate: '%{x}: KS D %{y:.3f}, p %{customdata[0]:.2g}<extra></extra>',
    },
  ]
  const top = Math.max(PSI_ACT * 1.25, ...rows.map((r) => r.psi.psi * 1.1))
  return {
    data,
    layout: {
      ...baseLayout(title),
      barmode: 'group',
      xaxis: { title: { text: xTitle }, type: 'category' },
      yaxis: { title: { text: yTitle }, range: [0, top] },
      yaxis2: { title: { text: 'distance in [0, 1] (Jensen-Shannon, KS D)' }, overlaying: 'y', side: 'right', range: [0, 1], showgrid: false },
      margin: { l: 70, r: 70, t: 50, b: 60 },
      shapes: [horizontalLine(PSI_WATCH, 'PSI 0.1: watch', DRIFT_COLOURS.watch), horizontalLine(PSI_ACT, 'PSI 0.2: act', DRIFT_COLOURS.threshold)],
      showlegend: true,
    },
  }
}

/** Options of {@link domainClassifierFigure}. */
export interface DomainClassifierFigureOptions {
  /** The ROC curve's points, if the caller has them (the result carries only the AUC). */
  roc?: { falsePositiveRate: readonly number[]; truePositiveRate: readonly number[] }
}

/**
 * The domain classifier's separation of two periods. Given ROC points: the curve against the
 * diagonal (no separation). Without them (a {@link DomainClassifierResult} carries the AUC and its
 * interval, not the curve): the AUC as a marker with its interval, against 0.5 (no separation)
 * and the 0.55 drift line. The AUC, its interval and the verdict are in the title.
 *
 * @example
 * const rows = [[0.1, 1], [0.4, 0], [0.3, 1], [0.9, 0], [0.5, 1], [0.2, 0]]
 * const result = domainClassifier(rows, rows.map(([a, b]) => [a + 1, b]), 3)
 * const figure = domainClassifierFigure(result)
 * figure.data[0].x[0] === result.roc.auc // => true
 * result.drift // => true
 * figure.layout.shapes.map((line) => line.x0) // => [0.5, 0.55]
 */
export function domainClassifierFigure(result: DomainClassifierResult, options: DomainClassifierFigureOptions = {}): PlotlyFigure {
  const { roc } = result
  const verdict = result.certainty === 'point estimate' ? (result.drift ? 'drift' : 'no drift') : result.certainty
  const title = `Domain classifier between periods: AUC ${roc.auc.toFixed(3)} (${(roc.confidence * 100).toFixed(0)} % ${roc.lower.toFixed(3)}-${roc.upper.toFixed(3)}), ${verdict} (line at ${DOMAIN_DRIFT_AUC})`
  const hover = `AUC %{x:.3f} (${roc.lower.toFixed(3)}-${roc.upper.toFixed(3)}), ${roc.positives} later vs ${roc.negatives} earlier rows, ${result.folds} folds<extra></extra>`
  if (options.roc !== undefined && options.roc.falsePositiveRate.length > 0) {
    const { falsePositiveRate, truePositiveRate } = options.roc
    if (truePositiveRate.length !== falsePositiveRate.length) {
      throw new InvalidArgumentError(`invalid roc.truePositiveRate: ${truePositiveRate.length} points (must have as many as falsePositiveRate, ${falsePositiveRate.length})`)
    }
    falsePositiveRate.forEach((v, i) => checkNumber(`roc.falsePositiveRate[${i}]`, v, { min: 0, max: 1 }))
    truePositiveRate.forEach((v, i) => checkNumber(`roc.truePositiveRate[${i}]`, v, { min: 0, max: 1 }))
    return {
      data: [
        { type: 'scatter', mode: 'lines', name: 'no separation (AUC 0.5)', x: [0, 1], y: [0, 1], line: { color: DRIFT_COLOURS.target, dash: 'dot' }, hoverinfo: 'skip' },
        { type: 'scatter', mode: 'lines', name: `ROC, AUC ${roc.auc.toFixed(3)}`, x: [...falsePositiveRate], y: [...truePositiveRate], line: { color: result.drift ? DRIFT_COLOURS.threshold : DRIFT_COLOURS.agreement, width: 2 }, hovertemplate: 'false positive rate %{x:.3f}, true positive rate %{y:.3f}<extra></extra>' },
      ],
      layout: {
        ...baseLayout(title),
        xaxis: { title: { text: 'false positive rate (earlier rows called later)' }, range: [0, 1] },
        yaxis: { title: { text: 'true positive rate (later rows called later)' }, range: [0, 1], scaleanchor: 'x' },
        showlegend: true,
      },
    }
  }
  return {
    data: [{
      type: 'scatter',
      mode: 'markers',
      name: `out-of-fold AUC (${(roc.confidence * 100).toFixed(0)} % interval)`,
      x: [roc.auc],
      y: ['AUC'],
      error_x: intervalErrorBars([{ value: roc.auc, lower: roc.lower, upper: roc.upper }], result.drift ? DRIFT_COLOURS.threshold : DRIFT_COLOURS.agreement),
      marker: { size: 12, color: result.drift ? DRIFT_COLOURS.threshold : DRIFT_COLOURS.agreement },
      hovertemplate: hover,
    }],
    layout: {
      ...baseLayout(title),
      xaxis: { title: { text: 'ROC AUC of telling later rows from earlier ones (0.5: no separation)' }, range: [Math.min(0.45, roc.lower - 0.02), Math.max(0.7, roc.upper + 0.02)] },
      yaxis: { showticklabels: false, type: 'category' },
      shapes: [verticalLine(0.5, 'no separation (0.5)', DRIFT_COLOURS.target, 'dot'), verticalLine(DOMAIN_DRIFT_AUC, `drift above ${DOMAIN_DRIFT_AUC}`, DRIFT_COLOURS.threshold)],
      showlegend: true,
    },
  }
}

/** One calendar cadence of {@link cadenceCostFigure}: retrain every `cadenceMonths` (null: never). */
export interface CadenceCost {
  /** Months between retrains; null for never retraining. */
  cadenceMonths: number | null
  /** USD per month: retraining plus what staleness costs. */
  costPerMonthUSD: number
  /** Lower end of its interval, USD per month. */
  lower?: number
  /** Upper end of its interval, USD per month. */
  upper?: number
  /** P(the quality target holds) under this cadence, in [0, 1]. */
  pTargetHolds?: number
}

/** Another retraining policy, drawn as a horizontal line. */
export interface PolicyCost {
  name: string
  costPerMonthUSD: number
  /** What it does, for the hover and legend, e.g. `retrain when agreement < 0.85`. */
  label: string
}

/** Options of {@link cadenceCostFigure}. */
export interface CadenceCostOptions {
  /** Other policies to compare, each a horizontal line. */
  policies?: readonly PolicyCost[]
  /** The closed-form cadence T* (costAwareRetrainInterval), months; drawn when finite. */
  closedFormMonths?: number
}

/**
 * Cost per month against the retraining cadence of the calendar policy (retrain every T months),
 * with each cadence's interval as error bars and P(target holds) in the hover; "never retrain"
 * (cadence null) and other policies as horizontal lines; the closed-form T* as a vertical line.
 * With no rows and no policies it is a "no data" figure.
 *
 * @throws {InvalidArgumentError} on a negative or non-finite cost, a cadence <= 0, or a P outside [0, 1]
 * @example
 * const grid = [{ cadenceMonths: 2, costPerMonthUSD: 250 }, { cadenceMonths: 4, costPerMonthUSD: 200, lower: 180, upper: 230 }, { cadenceMonths: null, costPerMonthUSD: 900 }]
 * const figure = cadenceCostFigure(grid, { closedFormMonths: costAwareRetrainInterval(0.5, 400, 100).months })
 * figure.data[0].x // => [2, 4]
 * figure.data[0].error_y.array // => [0, 30]
 * figure.layout.shapes.map((line) => line.name) // => ['never retrain: $900 a month', 'closed-form T* = 4.0 months']
 * figure.layout.shapes[1].x0 // => 4
 */
export function cadenceCostFigure(grid: readonly CadenceCost[], options: CadenceCostOptions = {}): PlotlyFigure {
  const title = 'Cost per month by retraining cadence'
  const xTitle = 'months between retrains (calendar policy)'
  const yTitle = 'USD per month (retraining + staleness)'
  const policies = options.policies ?? []
  grid.forEach((row, i) => {
    if (row.cadenceMonths !== null) checkNumber(`grid[${i}].cadenceMonths`, row.cadenceMonths, { exclusiveMin: 0 })
    checkNumber(`grid[${i}].costPerMonthUSD`, row.costPerMonthUSD, { min: 0 })
    if (row.lower !== undefined) checkNumber(`grid[${i}].lower`, row.lower, { min: 0, max: row.costPerMonthUSD })
    if (row.upper !== undefined) checkNumber(`grid[${i}].upper`, row.upper, { min: row.costPerMonthUSD })
    if (row.pTargetHolds !== undefined) checkNumber(`grid[${i}].pTargetHolds`, row.pTargetHolds, { min: 0, max: 1 })
  })
  policies.forEach((policy, i) => checkNumber(`policies[${i}].costPerMonthUSD`, policy.costPerMonthUSD, { min: 0 }))
  if (grid.length === 0 && policies.length === 0) return noDataFigure(title, xTitle, yTitle, 'no cadences')
  const calendar = grid.filter((row): row is CadenceCost & { cadenceMonths: number } => row.cadenceMonths !== null).sort((a, b) => a.cadenceMonths - b.cadenceMonths)
  const never = grid.filter((row) => row.cadenceMonths === null)
  const data: PlotlyTrace[] = []
  if (calendar.length > 0) {
    const hasInterval = calendar.some((row) => row.lower !== undefined || row.upper !== undefined)
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      name: 'retrain every T months',
      x: calendar.map((row) => row.cadenceMonths),
      y: calendar.map((row) => row.costPerMonthUSD),
      ...(hasInterval
        ? { error_y: { type: 'data', symmetric: false, array: calendar.map((row) => (row.upper ?? row.costPerMonthUSD) - row.costPerMonthUSD), arrayminus: calendar.map((row) => row.costPerMonthUSD - (row.lower ?? row.costPerMonthUSD)), thickness: 1.2, width: 3 } }
        : {}),
      line: { color: DRIFT_COLOURS.agreement, width: 2 },
      marker: { color: DRIFT_COLOURS.agreement, size: 7 },
      customdata: calendar.map((row) => [row.pTargetHolds === undefined ? 'not simulated' : `${(row.pTargetHolds * 100).toFixed(1)} %`]),
      hovertemplate: 'every %{x} months: $%{y:,.0f} a month<br>P(target holds) %{customdata[0]}<extra></extra>',
    })
  }
  const shapes: Record<string, unknown>[] = []
  const colours = [DRIFT_COLOURS.fit, DRIFT_COLOURS.accuracy, DRIFT_COLOURS.watch, DRIFT_COLOURS.agreement]
  never.forEach((row) => shapes.push(horizontalLine(row.costPerMonthUSD, `never retrain: $${row.costPerMonthUSD.toFixed(0)} a month`, DRIFT_COLOURS.threshold, 'dot')))
  policies.forEach((policy, i) => shapes.push(horizontalLine(policy.costPerMonthUSD, `${policy.name} (${policy.label}): $${policy.costPerMonthUSD.toFixed(0)} a month`, colours[i % colours.length]!, 'dash')))
  if (options.closedFormMonths !== undefined && Number.isFinite(options.closedFormMonths)) {
    const months = checkNumber('closedFormMonths', options.closedFormMonths, { exclusiveMin: 0 })
    shapes.push(verticalLine(months, `closed-form T* = ${months.toFixed(1)} months`, DRIFT_COLOURS.marker, 'dashdot'))
  }
  return {
    data,
    layout: {
      ...baseLayout(title),
      xaxis: { title: { text: xTitle }, rangemode: 'tozero' },
      yaxis: { ...usdAxis(...extentWithZero([...calendar.map((row) => row.upper ?? row.costPerMonthUSD), ...never.map((row) => row.costPerMonthUSD), ...policies.map((policy) => policy.costPerMonthUSD)])), title: { text: yTitle }, rangemode: 'tozero' },
      shapes,
      showlegend: true,
    },
  }
}
