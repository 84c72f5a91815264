/**
 * Figures of the quality ceiling, as plotly specs: accuracy by group of inputs, the reliability
 * diagram, quality against the share escalated, and the cost-quality frontier. Reference lines
 * are layout shapes with a legend entry; the numbers are in the hover text.
 */
import type { GroupQuality } from '../ceiling/accuracy-by-group.js'
import type { FrontierPoint, CostQualityFrontier } from '../ceiling/cost-quality-frontier.js'
import type { EscalationPoint } from '../ceiling/escalation-curve.js'
import type { ReliabilityDiagram } from '../ceiling/reliability-diagram.js'
import type { GapClosure } from '../ceiling/share-to-close-gap.js'
import type { CascadeEvaluation } from '../ceiling/evaluate-cascade.js'
import { checkNumber } from '../scenario/check-number.js'
import { DRIFT_COLOURS as COLOURS, horizontalLine, intervalErrorBars, noDataFigure } from './drift-figures.js'
import { baseLayout, type PlotlyFigure, type PlotlyTrace, usdAxis, extentWithZero } from './theme.js'

const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)} %`

function checkTarget(target: number | undefined): number | undefined {
  return target === undefined ? undefined : checkNumber('target', target, { min: 0, max: 1 })
}

/** Options of {@link accuracyByGroupFigure}. */
export interface AccuracyByGroupOptions {
  /** The quality target, a fraction in [0, 1], drawn as a line. */
  target?: number
}

/**
 * Accuracy against gold per group of inputs (and agreement with the teacher where a group has
 * it), as grouped bars with Wilson error bars, and the quality target as a line. With no groups
 * it is a "no data" figure.
 *
 * @throws {InvalidArgumentError} on a target outside [0, 1]
 * @example
 * const groups = accuracyByGroup([{ group: 'spam', correct: true, agrees: true }, { group: 'hard_ham', correct: false, agrees: false }, { group: 'hard_ham', correct: true }])
 * const figure = accuracyByGroupFigure(groups, { target: 0.9 })
 * figure.data.map((trace) => trace.y) // => [[1, 0.5], [1, 0]]
 * figure.data[0].error_y.arrayminus[1] // => 0.4055
 * // Wilson 95 % for 1 of 2: [0.0945, 0.9055], so 0.5 - 0.0945
 * figure.layout.shapes[0].y0 // => 0.9
 */
export function accuracyByGroupFigure(groups: readonly GroupQuality[], options: AccuracyByGroupOptions = {}): PlotlyFigure {
  const target = checkTarget(options.target)
  const title = 'Student quality by group of inputs'
  const xTitle = 'group of inputs'
  const yTitle = 'share of inputs (95 % Wilson interval)'
  if (groups.length === 0) return noDataFigure(title, xTitle, yTitle, 'no groups')
  const data: PlotlyTrace[] = [{
    type: 'bar',
    name: 'accuracy against gold',
    x: groups.map((g) => g.group),
    y: groups.map((g) => g.accuracy.value),
    error_y: intervalErrorBars(groups.map((g) => g.accuracy)),
    marker: { color: COLOURS.accuracy },
    customdata: groups.map((g) => [g.accuracy.lower, g.accuracy.upper, g.accuracy.successes, g.accuracy.n]),
    hovertemplate: '%{x}: accuracy %{y:.1%} (%{customdata[0]:.1%}-%{customdata[1]:.1%}), %{customdata[2]} of %{customdata[3]}<extra></extra>',
  }]
  const withAgreement = groups.filter((g) => g.agreement !== null)
  if (withAgreement.length > 0) {
    data.push({
      type: 'bar',
      name: 'agreement with the teacher',
      x: withAgreement.map((g) => g.group),
      y: withAgreement.map((g) => g.agreement!.value),
      error_y: intervalErrorBars(withAgreement.map((g) => g.agreement!)),
      marker: { color: COLOURS.agreement },
      customdata: withAgreement.map((g) => [g.agreement!.lower, g.agreement!.upper, g.agreement!.successes, g.agreement!.n]),
      hovertemplate: '%{x}: agreement %{y:.1%} (%{customdata[0]:.1%}-%{customdata[1]:.1%}), %{customdata[2]} of %{customdata[3]}<extra></extra>',
    })
  }
  return {
    data,
    layout: {
      ...baseLayout(title),
      barmode: 'group',
      xaxis: { title: { text: xTitle }, type: 'category' },
      yaxis: { title: { text: yTitle }, tickformat: '.0%', range: [0, 1.05] },
      shapes: target === undefined ? [] : [horizontalLine(target, `quality target ${percent(target)}`, COLOURS.target, 'dot')],
      showlegend: true,
    },
  }
}

/**
 * The reliability diagram: per non-empty bin, the mean confidence against the accuracy with its
 * Wilson interval, beside the diagonal (perfect calibration); bin ranges and counts in the hover,
 * and the expected calibration error in the title when given. With no non-empty bin it is a
 * "no data" figure.
 *
 * @throws {InvalidArgumentError} on an ECE that is not in [0, 1]
 * @example
 * const diagram = reliabilityDiagram([0.1, 0.3, 0.35, 0.8, 0.9], [false, true, false, true, true], { bins: 2 })
 * const figure = reliabilityFigure(diagram, expectedCalibrationError([0.1, 0.3, 0.35, 0.8, 0.9], [false, true, false, true, true], { bins: 2 }))
 * figure.data[1].x // => [0.25, 0.85]
 * figure.data[1].y // => [0.3333, 1]
 * figure.layout.title.text // => 'Reliability of the student\'s confidence: ECE 0.1100 (5 inputs, 2 uniform bins)'
 * // ECE = 3/5 |0.3333 - 0.25| + 2/5 |1 - 0.85| = 0.05 + 0.06
 */
export function reliabilityFigure(diagram: ReliabilityDiagram, ece?: number): PlotlyFigure {
  const shownEce = ece === undefined ? undefined : checkNumber('ece', ece, { min: 0, max: 1 })
  const bins = diagram.bins.filter((b) => b.count > 0 && b.meanConfidence !== null && b.accuracy !== null)
  const head = 'Reliability of the student\'s confidence'
  const title = `${head}${shownEce === undefined ? '' : `: ECE ${shownEce.toFixed(4)}`} (${diagram.n} inputs, ${diagram.bins.length} ${diagram.strategy} bins)`
  const xTitle = 'mean confidence in the bin (probability of its answer)'
  const yTitle = 'accuracy in the bin (95 % Wilson interval)'
  if (bins.length === 0) return noDataFigure(head, xTitle, yTitle, 'no inputs in any bin')
  return {
    data: [
      { type: 'scatter', mode: 'lines', name: 'perfect calibration', x: [0, 1], y: [0, 1], line: { color: COLOURS.target, dash: 'dot', width: 1 }, hoverinfo: 'skip' },
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'bins (95 % interval)',
        x: bins.map((b) => b.meanConfidence!),
        y: bins.map((b) => b.accuracy!.value),
        error_y: intervalErrorBars(bins.map((b) => b.accuracy!), COLOURS.agreement),
        line: { color: COLOURS.agreement, width: 1 },
        marker: { color: COLOURS.agreement, size: 8 },
        customdata: bins.map((b) => [b.lower, b.upper, b.count]),
        hovertemplate: 'confidence in [%{customdata[0]:.3f}, %{customdata[1]:.3f}]: %{customdata[2]} inputs<br>mean confidence %{x:.3f}, accuracy %{y:.1%}<extra></extra>',
      },
    ],
    layout: {
      ...baseLayout(title),
      xaxis: { title: { text: xTitle }, range: [0, 1] },
      yaxis: { title: { text: yTitle }, range: [0, 1.02], tickformat: '.0%' },
      showlegend: true,
    },
  }
}

/**
 * The quality of the escalation curve at an escalated share: linear between the points either
 * side (mixing their two thresholds at random gives that share and that quality in expectation),
 * the end points' quality outside the curve's range.
 *
 * @example
 * const points = [{ escalatedShare: 0, quality: 0.6 }, { escalatedShare: 0.5, quality: 0.9 }, { escalatedShare: 1, quality: 0.95 }]
 * qualityAtShare(points, 0.25) // => 0.75
 * qualityAtShare(points, 0.5) // => 0.9
 */
export function qualityAtShare(points: readonly Pick<EscalationPoint, 'escalatedShare' | 'quality'>[], share: number): number {
  const after = points.findIndex((p) => p.escalatedShare >= share)
  if (after === -1) return points[points.length - 1]!.quality
  const reached = points[after]!
  if (after === 0 || reached.escalatedShare === share) return reached.quality
  const before = points[after - 1]!
  return before.quality + ((share - before.escalatedShare) / (reached.escalatedShare - before.escalatedShare)) * (reached.quality - before.quality)
}

/** Options of {@link escalationCurveFigure}. */
export interface EscalationCurveOptions {
  /** The quality target, a fraction in [0, 1], drawn as a line. */
  target?: number
  /** The chosen operating point's escalated share, in [0, 1]: a marker on the curve. */
  operatingShare?: number
  /** Gap closures (e.g. 50 % and 80 %) to mark at their interpolated share and target quality. */
  gapClosures?: readonly GapClosure[]
}

/**
 * Cascade quality against the share of inputs escalated to the teacher (one point per threshold,
 * joined by lines: mixing two thresholds reaches any share between them), with the quality target
 * as a line, the chosen operating point as a marker on the curve, and where given the shares that
 * close a fraction of the student-to-teacher gap. With no points it is a "no data" figure.
 *
 * @throws {InvalidArgumentError} on a target or operating share outside [0, 1]
 * @example
 * const cases = [
 *   { confidence: 0.5, studentCorrect: false, teacherCorrect: true },
 *   { confidence: 0.6, studentCorrect: false, teacherCorrect: true },
 *   { confidence: 0.8, studentCorrect: true, teacherCorrect: true },
 *   { confidence: 0.9, studentCorrect: true, teacherCorrect: true },
 * ]
 * const figure = escalationCurveFigure(escalationCurve(cases), { target: 0.9, operatingShare: 0.4, gapClosures: [shareToCloseGap(cases, 0.5)] })
 * figure.data[0].y // => [0.5, 0.75, 1, 1, 1]
 * figure.data[1] // => { name: 'operating point: escalate 40.0 %', x: [0.4], y: [0.9] }
 * // on the line from (0.25, 0.75) to (0.5, 1)
 * figure.data[2] // => { x: [0.25], y: [0.75] }
 */
export function escalationCurveFigure(points: readonly EscalationPoint[], options: EscalationCurveOptions = {}): PlotlyFigure {
  const target = checkTarget(options.target)
  const operatingShare = options.operatingShare === undefined ? undefined : checkNumber('operatingShare', options.operatingShare, { min: 0, max: 1 })
  const title = 'Cascade quality against the share escalated to the teacher'
  const xTitle = 'share of inputs escalated to the teacher'
  const yTitle = 'cascade accuracy (share correct)'
  if (points.length === 0) return noDataFigure(title, xTitle, yTitle, 'no escalation points')
  const data: PlotlyTrace[] = [{
    type: 'scatter',
    mode: 'lines+markers',
    name: 'student, teacher below the threshold',
    x: points.map((p) => p.escalatedShare),
    y: points.map((p) => p.quality),
    line: { color: COLOURS.agreement, width: 2 },
    marker: { color: COLOURS.agreement, size: 5 },
    customdata: points.map((p) => [p.threshold, p.escalated, p.n]),
    hovertemplate: 'threshold %{customdata[0]:.4f}: escalate %{x:.1%} (%{customdata[1]} of %{customdata[2]}), accuracy %{y:.1%}<extra></extra>',
  }]
  if (operatingShare !== undefined) {
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: `operating point: escalate ${percent(operatingShare)}`,
      x: [operatingShare],
      y: [qualityAtShare(points, operatingShare)],
      marker: { color: COLOURS.marker, size: 14, symbol: 'star', line: { color: '#2e3440', width: 1 } },
      hovertemplate: 'operating point: escalate %{x:.1%}, accuracy %{y:.1%}<extra></extra>',
    })
  }
  for (const closure of options.gapClosures ?? []) {
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: `close ${(closure.fraction * 100).toFixed(0)} % of the gap: escalate ${percent(closure.interpolatedShare)}`,
      x: [closure.interpolatedShare],
      y: [closure.targetQuality],
      marker: { color: COLOURS.fit, size: 10, symbol: 'diamond' },
      customdata: [[closure.fraction, closure.thresholdShare, closure.threshold]],
      hovertemplate: '%{customdata[0]:.0%} of the gap: accuracy %{y:.1%} at %{x:.1%} escalated (%{customdata[1]:.1%} with threshold %{customdata[2]:.4f} alone)<extra></extra>',
    })
  }
  return {
    data,
    layout: {
      ...baseLayout(title),
      xaxis: { title: { text: xTitle }, tickformat: '.0%', range: [-0.02, 1.02] },
      yaxis: { title: { text: yTitle }, tickformat: '.0%' },
      shapes: target === undefined ? [] : [horizontalLine(target, `quality target ${percent(target)}`, COLOURS.target, 'dot')],
      showlegend: true,
    },
  }
}

/** The operating point of {@link costQualityFrontierFigure}; `lower`/`upper` add its quality's interval. */
export interface OperatingPoint {
  /** USD per request. */
  costPerRequestUSD: number
  /** Quality, a fraction in [0, 1]. */
  quality: number
  label: string
  lower?: number
  upper?: number
}

/**
 * The operating point of an evaluated cascade (thresholds chosen on the calibration split,
 * measured on the test split): its cost per request and its test accuracy with the Wilson
 * interval.
 *
 * @example
 * const cases = [
 *   { confidence: 0.5, studentCorrect: false, teacherCorrect: true },
 *   { confidence: 0.9, studentCorrect: true, teacherCorrect: true },
 * ]
 * const evaluation = evaluateCascade(cases, { t1: 0.7, t2: 0, targetAccuracy: 0.9, humanAccuracy: 1, costs: { studentUSD: 0.001, teacherUSD: 0.03, humanUSD: 1 } })
 * cascadeOperatingPoint(evaluation) // => { costPerRequestUSD: 0.016, quality: 1, label: 'student from 0.7, teacher from 0' }
 */
export function cascadeOperatingPoint(evaluation: CascadeEvaluation): OperatingPoint {
  return {
    costPerRequestUSD: evaluation.costPerRequestUSD,
    quality: evaluation.accuracy.value,
    lower: evaluation.accuracy.lower,
    upper: evaluation.accuracy.upper,
    label: `student from ${evaluation.t1}, teacher from ${evaluation.t2}`,
  }
}

/** Options of {@link costQualityFrontierFigure}. */
export interface CostQualityFrontierOptions {
  /** The chosen operating point (e.g. an evaluated cascade's cost and accuracy), a marker. */
  operatingPoint?: OperatingPoint
  /** The quality target, a fraction in [0, 1], drawn as a line. */
  target?: number
}

/**
 * Quality against cost per request: every threshold's cascade as a faint marker, the frontier
 * (the points no other beats on both) as a line, the operating point as a marker (with its
 * interval when given) and the quality target as a line. With no points it is a "no data" figure.
 *
 * @throws {InvalidArgumentError} on a target outside [0, 1] or an operating point with a negative
 *   cost, a quality outside [0, 1] or an interval that does not hold it
 * @example
 * const cases = [
 *   { confidence: 0.5, studentCorrect: false, teacherCorrect: true },
 *   { confidence: 0.7, studentCorrect: true, teacherCorrect: true },
 *   { confidence: 0.9, studentCorrect: true, teacherCorrect: false },
 * ]
 * const frontier = costQualityFrontier(cases, { studentUSD: 0.001, teacherUSD: 0.03 })
 * const figure = costQualityFrontierFigure(frontier, { operatingPoint: { costPerRequestUSD: 0.011, quality: 1, label: 'threshold 0.7' }, target: 0.95 })
 * figure.data.map((trace) => trace.x) // => [[0.001, 0.011, 0.021, 0.031], [0.001, 0.011], [0.011]]
 * figure.data[2].name // => 'operating point: threshold 0.7'
 */
export function costQualityFrontierFigure(frontier: CostQualityFrontier, options: CostQualityFrontierOptions = {}): PlotlyFigure {
  const target = checkTarget(options.target)
  const title = 'Cost-quality frontier of the cascade'
  const xTitle = 'USD per request (student + escalations)'
  const yTitle = 'cascade accuracy (share correct)'
  if (frontier.points.length === 0) return noDataFigure(title, xTitle, yTitle, 'no thresholds')
  const hover = (p: FrontierPoint): unknown[] => [p.threshold, p.escalatedShare]
  const hovertemplate = '$%{x:.5f} a request: accuracy %{y:.1%}<br>threshold %{customdata[0]:.4f}, %{customdata[1]:.1%} escalated<extra></extra>'
  const data: PlotlyTrace[] = [
    {
      type: 'scatter',
      mode: 'markers',
      name: 'every threshold',
      x: frontier.points.map((p) => p.costPerRequestUSD),
      y: frontier.points.map((p) => p.quality),
      marker: { color: COLOURS.faint, size: 6, line: { color: COLOURS.target, width: 0.5 } },
      customdata: frontier.points.map(hover),
      hovertemplate,
    },
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: 'frontier (not beaten on cost and quality)',
      x: frontier.frontier.map((p) => p.costPerRequestUSD),
      y: frontier.frontier.map((p) => p.quality),
      line: { color: COLOURS.agreement, width: 2, shape: 'linear' },
      marker: { color: COLOURS.agreement, size: 7 },
      customdata: frontier.frontier.map(hover),
      hovertemplate,
    },
  ]
  const point = options.operatingPoint
  if (point !== undefined) {
    checkNumber('operatingPoint.costPerRequestUSD', point.costPerRequestUSD, { min: 0 })
    checkNumber('operatingPoint.quality', point.quality, { min: 0, max: 1 })
    if (point.lower !== undefined) checkNumber('operatingPoint.lower', point.lower, { min: 0, max: point.quality })
    if (point.upper !== undefined) checkNumber('operatingPoint.upper', point.upper, { min: point.quality, max: 1 })
    const interval = point.lower !== undefined || point.upper !== undefined
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: `operating point: ${point.label}`,
      x: [point.costPerRequestUSD],
      y: [point.quality],
      ...(interval ? { error_y: intervalErrorBars([{ value: point.quality, lower: point.lower ?? point.quality, upper: point.upper ?? point.quality }], COLOURS.marker) } : {}),
      marker: { color: COLOURS.marker, size: 14, symbol: 'star', line: { color: '#2e3440', width: 1 } },
      hovertemplate: `${point.label}: $%{x:.5f} a request, accuracy %{y:.1%}<extra></extra>`,
    })
  }
  return {
    data,
    layout: {
      ...baseLayout(title),
      xaxis: { ...usdAxis(...extentWithZero(data.flatMap((trace) => Array.from(trace.x as ArrayLike<number>)))), title: { text: xTitle }, rangemode: 'tozero' },
      yaxis: { title: { text: yTitle }, tickformat: '.0%' },
      shapes: target === undefined ? [] : [horizontalLine(target, `quality target ${percent(target)}`, COLOURS.target, 'dot')],
      showlegend: true,
    },
  }
}
