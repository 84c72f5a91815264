/**
 * Figures of a distillation experiment, as plotly specs: the student's training loss, its
 * confusion against the teacher, its confidence split by agreement (what escalation removes),
 * and the learning curve with its fit.
 */
import type { ExperimentResult } from '../distill/experiment.js'
import type { ExperimentRecord } from '../measured/record.js'
import { baseLayout, logAxis, positiveExtent, type PlotlyFigure, type PlotlyTrace } from './theme.js'

/**
 * The student's training loss against the optimiser step (the worker logs a mean every few steps).
 *
 * @example
 * trainingLossFigure([{ step: 10, loss: 0.6 }, { step: 20, loss: 0.3 }]).data[0] // => { type: 'scatter', x: [10, 20], y: [0.6, 0.3] }
 */
export function trainingLossFigure(losses: readonly { step: number; loss: number }[]): PlotlyFigure {
  return {
    data: [{ type: 'scatter', mode: 'lines+markers', name: 'training loss', x: losses.map((l) => l.step), y: losses.map((l) => l.loss), hovertemplate: 'step %{x}: loss %{y:.4f}<extra></extra>' }],
    layout: { ...baseLayout('The student learning the teacher\'s labels'), xaxis: { title: { text: 'optimiser step' } }, yaxis: { title: { text: 'cross-entropy (mean over logged steps)' }, rangemode: 'tozero' }, showlegend: false },
  }
}

/**
 * The confusion of the student against the teacher on the test inputs, as a heatmap of counts
 * (rows: the teacher's label, columns: the student's).
 *
 * @example
 * confusionFigure({ labels: ['ham', 'spam'], counts: [[500, 10], [20, 110]] }).data[0].z // => [[500, 10], [20, 110]]
 */
export function confusionFigure(confusion: ExperimentResult['confusion']): PlotlyFigure {
  return {
    data: [{
      type: 'heatmap', x: confusion.labels, y: confusion.labels, z: confusion.counts, colorscale: 'Blues', showscale: false,
      text: confusion.counts.map((row) => row.map(String)), texttemplate: '%{text}', hovertemplate: 'teacher %{y}, student %{x}: %{z}<extra></extra>',
    }],
    layout: { ...baseLayout('Student against teacher on the test inputs'), xaxis: { title: { text: 'student\'s label' } }, yaxis: { title: { text: 'teacher\'s label' }, autorange: 'reversed' } },
  }
}

/**
 * The student's confidence on the test inputs, split by whether it agrees with the teacher, with
 * the escalation threshold chosen on the calibration split: the inputs left of the line go to
 * the teacher. The count axis is log, in plain units (`1`, `10`, `100`, `1k`).
 *
 * @example
 * const rows = [{ teacher: 'spam', student: 'spam', confidence: 0.99 }, { teacher: 'ham', student: 'spam', confidence: 0.6 }]
 * escalationFigure(rows, 0.8).data.map((t) => t.name) // => ['agrees with the teacher', 'disagrees']
 * escalationFigure(rows, 0.8).layout.yaxis.ticktext // => ['1', '2', '5', '10']
 */
export function escalationFigure(heldOut: readonly { teacher: string | null; student: string; confidence: number }[], threshold: number): PlotlyFigure {
  const answered = heldOut.filter((h) => h.teacher !== null)
  const trace = (name: string, rows: typeof answered, colour: string): PlotlyTrace => ({
    type: 'histogram', name, x: rows.map((r) => r.confidence), xbins: { start: 0.5, end: 1.0001, size: 0.02 }, marker: { color: colour }, opacity: 0.75,
  })
  return {
    data: [trace('agrees with the teacher', answered.filter((r) => r.student === r.teacher), '#2a9d8f'), trace('disagrees', answered.filter((r) => r.student !== r.teacher), '#e76f51')],
    layout: {
      ...baseLayout('Where the student is unsure, it disagrees: escalate below the threshold'),
      barmode: 'overlay',
      xaxis: { title: { text: 'student confidence (probability of its label)' } },
      // a bin holds at most every answered input: ticks from 1 to that, in plain units
      yaxis: { ...logAxis('volume', 1, Math.max(10, answered.length)), title: { text: 'test inputs' } },
      shapes: [{ type: 'line', x0: threshold, x1: threshold, yref: 'paper', y0: 0, y1: 1, line: { dash: 'dash', color: '#264653' } }],
      annotations: [{ x: threshold, yref: 'paper', y: 1, text: `escalate below ${threshold.toFixed(3)}`, showarrow: false, xanchor: 'right' }],
    },
  }
}

/**
 * Agreement with the teacher against the number of training pairs, with each point's interval,
 * the fitted curve `a - b n^(-c)` and, where the record has it and it lies within 10x the sizes
 * measured, the number of pairs worth buying; the pairs axis is log, in plain units (`100`, `1k`).
 *
 * @example illustrative: needs an experiment record with a learning curve; test/report/distill-figures.test.ts builds one
 */
export function learningCurveFigure(record: ExperimentRecord): PlotlyFigure {
  const curve = (record.learningCurve ?? { points: [], fit: null }) as { points: { pairs: number; agreement: number; lower: number; upper: number }[]; fit: { a: number; b: number; c: number; callsWorthPaying?: { pairs: number; agreement: number } } | null }
  const points = curve.points
  const data: PlotlyTrace[] = [{
    type: 'scatter', mode: 'markers', name: 'measured (95 % interval)', x: points.map((p) => p.pairs), y: points.map((p) => p.agreement),
    error_y: { type: 'data', symmetric: false, array: points.map((p) => p.upper - p.agreement), arrayminus: points.map((p) => p.agreement - p.lower) },
    hovertemplate: '%{x} pairs: %{y:.1%}<extra></extra>',
  }]
  const shapes: Record<string, unknown>[] = []
  if (curve.fit && 'a' in curve.fit && points.length > 0) {
    const { a, b, c } = curve.fit
    const largest = points[points.length - 1]!.pairs
    // An optimum beyond 10x the sizes measured is a far extrapolation: not drawn, and the axis stops short of it.
    const worth = curve.fit.callsWorthPaying && curve.fit.callsWorthPaying.pairs <= 10 * largest ? curve.fit.callsWorthPaying : null
    const top = Math.max(largest, worth?.pairs ?? 0) * 1.5
    const xs = Array.from({ length: 60 }, (_, i) => points[0]!.pairs * (top / points[0]!.pairs) ** (i / 59))
    data.push({ type: 'scatter', mode: 'lines', name: `fit ${a.toFixed(3)} - ${b.toPrecision(3)} n^-${c.toFixed(2)}`, x: xs, y: xs.map((n) => a - b * n ** -c), line: { dash: 'dot' } })
    if (worth) shapes.push({ type: 'line', x0: worth.pairs, x1: worth.pairs, yref: 'paper', y0: 0, y1: 1, line: { dash: 'dash', color: '#264653' } })
  }
  const pairs = positiveExtent(data.flatMap((trace) => Array.from(trace.x as ArrayLike<number>)))
  return {
    data,
    layout: { ...baseLayout('Learning curve: agreement with the teacher against training pairs'), xaxis: { ...(pairs ? logAxis('volume', pairs[0], pairs[1]) : { type: 'log' }), title: { text: 'teacher-labelled training pairs' } }, yaxis: { title: { text: 'agreement on the test inputs' }, tickformat: '.0%' }, shapes },
  }
}
