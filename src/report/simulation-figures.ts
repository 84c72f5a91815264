/**
 * Figures of a simulation as data (plotly specs), in the style of src/report/figures.ts: the
 * fan chart of cumulative cost, the payback-month histogram, the tornado, and P(cheapest).
 * Notebooks render them with `showPlotly`; tests check the specs.
 */
import type { SimulationResult, StrategySimulation } from '../../kernel/sim/result.js'
import type { Tornado } from '../../kernel/sim/sensitivity.js'
import { checkNumber } from '../scenario/check-number.js'
import { baseLayout as layoutOf, strategyColour as colourOf, type PlotlyFigure, type PlotlyTrace, usdAxis, extentWithZero } from './theme.js'

/** `#rrggbb` with an alpha, as plotly's `rgba(...)`. */
function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16)
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`
}

function strategy(result: SimulationResult, id: string): StrategySimulation {
  const found = result.strategies.find((s) => s.id === id)
  if (!found) throw new RangeError(`invalid strategy: ${JSON.stringify(id)} (one of ${result.strategies.map((s) => s.id).join(', ')})`)
  return found
}

/**
 * Fan chart of cumulative cost month by month: for each strategy (default: the baseline and
 * `focus`), the median as a line, the 50 % band (p25..p75) and the 90 % band (p5..p95) shaded.
 * Where the bands of an adaptation fall below prompting's, it has paid back in most draws.
 *
 * @throws {RangeError} on an unknown strategy id
 * @example
 * const sim = await simulateScenario(loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json'), { draws: 1000, seed: 1 })
 * fanChartFigure(sim.result, ['prompt', 'distill']).data.length // => 10 (2 strategies x 5 traces)
 * fanChartFigure(sim.result, ['nope']) // throws invalid strategy: "nope" (one of prompt, rag, finetune, distill, distill+rag)
 */
export function fanChartFigure(result: SimulationResult, ids: string[] = [result.baseline]): PlotlyFigure {
  const months = Array.from({ length: result.horizonMonths + 1 }, (_, m) => m)
  const data: PlotlyTrace[] = []
  for (const id of ids) {
    const bands = strategy(result, id).bands
    const colour = colourOf(id)
    const edge = (name: string, y: number[], fill: boolean, alpha: number, legend: boolean): PlotlyTrace => ({
      type: 'scatter',
      mode: 'lines',
      name,
      legendgroup: id,
      showlegend: legend,
      x: months,
      y,
      line: { width: 0, color: colour },
      fill: fill ? 'tonexty' : 'none',
      fillcolor: withAlpha(colour, alpha),
      hovertemplate: `${name}<br>month %{x}<br>$%{y:,.0f}<extra></extra>`,
    })
    data.push(
      edge(`${id} p5`, bands.p5, false, 0, false),
      edge(`${id} 90 % band`, bands.p95, true, 0.18, true),
      edge(`${id} p25`, bands.p25, false, 0, false),
      edge(`${id} 50 % band`, bands.p75, true, 0.35, true),
      {
        type: 'scatter',
        mode: 'lines',
        name: `${id} median`,
        legendgroup: id,
        x: months,
        y: bands.p50,
        line: { color: colour, width: 2.5 },
        hovertemplate: `${id} median<br>month %{x}<br>$%{y:,.0f} so far<extra></extra>`,
      },
    )
  }
  return {
    data,
    layout: {
      ...layoutOf(`Cumulative cost over ${result.draws.toLocaleString('en-US')} draws: median, 50 % and 90 % bands`),
      xaxis: { title: { text: 'month' }, dtick: result.horizonMonths > 36 ? 6 : 3 },
      yaxis: { ...usdAxis(...extentWithZero(data.flatMap((trace) => Array.from(trace.y as ArrayLike<number>)))), title: { text: 'USD, cumulative' } },
    },
  }
}

/**
 * When `id` pays back against the baseline: bars of P(payback in month N), i.e. in (N - 1, N]
 * (month 0: saves from the start), and the line P(payback <= N) on the right axis. Draws that
 * do not pay back within the horizon are named in the title.
 *
 * @throws {RangeError} for the baseline or an unknown id
 * @example
 * const sim = await simulateScenario(loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json'), { draws: 1000, seed: 1 })
 * const figure = paybackHistogramFigure(sim.result, 'distill')
 * figure.data.map((trace) => trace.type) // => ['bar', 'scatter']
 * figure.data[1].y.length // => 25 (months 0 to 24)
 * // the cumulative line ends at P(payback within the horizon)
 * figure.data[1].y.at(-1) === sim.result.strategies.find((s) => s.id === 'distill').payback.withinHorizon.probability // => true
 * paybackHistogramFigure(sim.result, 'prompt') // throws invalid strategy: "prompt" is the baseline (no payback against itself)
 */
export function paybackHistogramFigure(result: SimulationResult, id: string): PlotlyFigure {
  const payback = strategy(result, id).payback
  if (!payback) throw new RangeError(`invalid strategy: ${JSON.stringify(id)} is the baseline (no payback against itself)`)
  const perMonth = Math.round(1 / payback.histogram.binMonths)
  const counts = payback.histogram.counts
  const months = Array.from({ length: result.horizonMonths + 1 }, (_, m) => m)
  const inMonth = months.map((m) => {
    if (m === 0) return (counts[0] as number) / result.draws
    let sum = 0
    for (let b = (m - 1) * perMonth + 1; b <= m * perMonth; b++) sum += counts[b] as number
    return sum / result.draws
  })
  const never = payback.histogram.never / result.draws
  return {
    data: [
      {
        type: 'bar',
        name: 'pays back in this month',
        x: months,
        y: inMonth,
        marker: { color: colourOf(id) },
        hovertemplate: 'month %{x}: %{y:.1%} of draws<extra></extra>',
      },
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'paid back by this month',
        x: months,
        y: payback.byMonth.map((e) => e.probability),
        yaxis: 'y2',
        line: { color: '#bf616a', width: 2 },
        marker: { size: 4 },
        hovertemplate: 'by month %{x}: %{y:.1%}<extra></extra>',
      },
    ],
    layout: {
      ...layoutOf(`When ${id} pays back against ${result.baseline}: ${(never * 100).toFixed(1)} % of draws not within ${result.horizonMonths} months`),
      xaxis: { title: { text: 'payback month' }, dtick: result.horizonMonths > 36 ? 6 : 3 },
      yaxis: { title: { text: 'share of draws' }, tickformat: '.0%', rangemode: 'tozero' },
      yaxis2: { title: { text: 'paid back by then' }, overlaying: 'y', side: 'right', range: [0, 1], tickformat: '.0%' },
      margin: { l: 70, r: 70, t: 50, b: 60 },
      bargap: 0.1,
    },
  }
}

/**
 * The tornado: one row per input (the `top` widest), a bar from the figure at the inputs' means
 * to the figure with this input at its low quantile, and one to its high quantile. Widest at
 * the top.
 *
 * @throws {InvalidArgumentError} when `top` is not an integer >= 1
 * @example
 * const sim = await simulateScenario(loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json'), { draws: 1000, seed: 1 })
 * tornadoFigure(sim.tornado).data.map((t) => t.name) // => ['input at p10', 'input at p90']
 * tornadoFigure(sim.tornado, 3).data[0].y.length // => 3 (the three widest inputs)
 * tornadoFigure(sim.tornado, 0) // throws invalid top: 0 (must be >= 1)
 */
export function tornadoFigure(tornado: Tornado, top = 10): PlotlyFigure {
  checkNumber('top', top, { min: 1, integer: true })
  const bars = tornado.bars.slice(0, top).reverse()
  const label = (q: number) => `p${Math.round(q * 100)}`
  const what = tornado.metric === 'savings' ? `${tornado.focus}'s savings against prompting` : `${tornado.focus}'s total`
  const trace = (name: string, value: (b: (typeof bars)[number]) => number, input: (b: (typeof bars)[number]) => number, colour: string): PlotlyTrace => ({
    type: 'bar',
    orientation: 'h',
    name,
    y: bars.map((b) => b.path),
    x: bars.map((b) => value(b) - tornado.point),
    base: tornado.point,
    customdata: bars.map((b) => [input(b), value(b)]),
    marker: { color: colour },
    hovertemplate: `%{y} = %{customdata[0]:.4g}: $%{customdata[1]:,.0f}<extra>${name}</extra>`,
  })
  return {
    data: [
      trace(`input at ${label(tornado.lowQuantile)}`, (b) => b.low, (b) => b.lowValue, '#5e81ac'),
      trace(`input at ${label(tornado.highQuantile)}`, (b) => b.high, (b) => b.highValue, '#d08770'),
    ],
    layout: {
      ...layoutOf(`What moves ${what} most (each input alone, the others at their means)`),
      barmode: 'overlay',
      xaxis: { ...usdAxis(...extentWithZero([tornado.point, ...bars.flatMap((b) => [b.low, b.high])])), title: { text: `USD over the horizon (at the means: $${Math.round(tornado.point).toLocaleString('en-US')})` } },
      yaxis: { automargin: true },
      margin: { l: 20, r: 20, t: 50, b: 60 },
      shapes: [{ type: 'line', xref: 'x', yref: 'paper', x0: tornado.point, x1: tornado.point, y0: 0, y1: 1, line: { color: '#2e3440', width: 1 } }],
    },
  }
}

/**
 * P(each strategy is the cheapest over the horizon), with 95 % Monte Carlo error bars (1.96
 * standard errors).
 *
 * @example
 * const sim = await simulateScenario(loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json'), { draws: 1000, seed: 1 })
 * const bars = cheapestFigure(sim.result).data[0]
 * bars.x // => ['prompt', 'rag', 'finetune', 'distill', 'distill+rag']
 * bars.y.reduce((a, b) => a + b, 0) // => 1 (each draw has one cheapest strategy)
 * // distill is cheapest in 45.9 % of 1,000 draws: 1.96 x sqrt(0.459 x 0.541 / 1000)
 * bars.error_y.array[3] // => 0.03089
 */
export function cheapestFigure(result: SimulationResult): PlotlyFigure {
  return {
    data: [
      {
        type: 'bar',
        name: 'P(cheapest)',
        x: result.strategies.map((s) => s.id),
        y: result.strategies.map((s) => s.cheapest.probability),
        error_y: { type: 'data', array: result.strategies.map((s) => 1.96 * s.cheapest.standardError), visible: true },
        marker: { color: result.strategies.map((s) => colourOf(s.id)) },
        hovertemplate: '%{x}: cheapest in %{y:.1%} of draws<extra></extra>',
      },
    ],
    layout: {
      ...layoutOf(`How often each strategy is the cheapest over ${result.horizonMonths} months`),
      xaxis: { title: { text: 'strategy' } },
      yaxis: { title: { text: 'share of draws' }, tickformat: '.0%', range: [0, 1] },
      showlegend: false,
    },
  }
}
