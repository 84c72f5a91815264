/**
 * Figures as data: functions that return plotly specs (`{ data, layout }`) for the decision.
 * Notebooks and HTML reports render them; tests check the specs.
 */
import type { Analysis } from '../breakeven/analysis.js'
import { horizonParts, horizonTotalUSD, type MonthCost } from '../breakeven/horizon.js'
import type { StrategyCost } from '../costs/strategy-cost.js'
import { volumeSweep } from '../breakeven/sweep.js'
import { analyseScenario } from '../breakeven/analysis.js'
import { SCALING_KINDS, scalingVariant, type ScalingKind } from '../breakeven/scaling-comparison.js'
import type { StrategyId } from '../scenario/schema.js'
import { formatUSD, formatVolume } from '../format.js'
import { COST_CATEGORIES, costCategory, type CostCategory } from './cost-categories.js'
import { baseLayout, COST_CATEGORY_COLOURS, extentWithZero, logAxis, positiveExtent, STRATEGY_COLOURS, usdAxis, type PlotlyFigure, type PlotlyTrace } from './theme.js'

export { STRATEGY_COLOURS, type PlotlyFigure, type PlotlyTrace }

/** Volume range of the cost curve: a decade either side of the volume and every breakeven. */
export function sweepRange(analysis: Analysis): [number, number] {
  const marks = [
    analysis.path.firstMonthRequests,
    ...analysis.strategies.map((s) => s.breakevenRequestsPerMonth).filter((v): v is number => v !== null && v > 0),
  ]
  const lo = Math.max(100, Math.min(...marks) / 10)
  const hi = Math.min(1e11, Math.max(...marks) * 10)
  return [lo, hi > lo ? hi : lo * 100]
}

/**
 * Average monthly all-in cost (horizon total / months, one-time and retraining spread) against
 * first-month volume for every strategy, both axes log and labelled in plain units (`1M`, `$10k`),
 * with each adaptation's breakeven against prompting marked (a diamond in the strategy's colour,
 * its volume and cost on hover; no text on the plot, so close breakevens cannot overlap) and
 * the scenario's volume as a dashed line.
 *
 * @example
 * const figure = costVersusVolumeFigure(analyseScenario(defaultScenario()))
 * figure.data.map((trace) => trace.name)
 * // => ['prompt', 'rag', 'finetune', 'distill', 'distill+rag', 'breakeven vs prompt'] (5 curves, then the markers)
 * figure.data[0].x.length // => 121 (points)
 * figure.layout.xaxis.ticktext // => ['100k', '200k', '500k', '1M', '2M', '5M', '10M', '20M', '50M', '100M'] (the sweep: 262k to 50M)
 */
export function costVersusVolumeFigure(analysis: Analysis, points = 121): PlotlyFigure {
  const [from, to] = sweepRange(analysis)
  const { firstMonthRequests: _first, ...horizon } = analysis.path
  const sweep = volumeSweep(analysis.costs, horizon, from, to, points)
  const curves: PlotlyTrace[] = sweep.series.map((s) => ({
    type: 'scatter',
    mode: 'lines',
    name: s.id,
    x: sweep.volumes,
    y: s.averageMonthlyUSD,
    line: { color: STRATEGY_COLOURS[s.id as StrategyId], width: 2 },
    hovertemplate: `${s.id}<br>%{x:,.0f} requests/month<br>$%{y:,.0f} a month all-in<extra></extra>`,
  }))
  const breakevens = analysis.strategies
    .filter((s) => s.id !== 'prompt' && s.breakevenRequestsPerMonth !== null && s.breakevenRequestsPerMonth >= from && s.breakevenRequestsPerMonth <= to)
    .map((s) => {
      const volume = s.breakevenRequestsPerMonth as number
      const cost = analysis.costs.find((c) => c.id === s.id) as StrategyCost
      return { id: s.id, volume, monthlyUSD: horizonTotalUSD(cost, { ...horizon, firstMonthRequests: volume }) / horizon.horizonMonths }
    })
  const markers: PlotlyTrace = {
    type: 'scatter',
    mode: 'markers',
    name: 'breakeven vs prompt',
    x: breakevens.map((b) => b.volume),
    y: breakevens.map((b) => b.monthlyUSD),
    customdata: breakevens.map((b) => b.id),
    hovertext: breakevens.map((b) => `${b.id} breaks even with prompting at ${formatVolume(b.volume)} (requests in month 1), ${formatUSD(b.monthlyUSD)} a month all-in`),
    marker: { symbol: 'diamond', size: 11, color: breakevens.map((b) => STRATEGY_COLOURS[b.id]), line: { color: '#000', width: 1 } },
    hovertemplate: '%{hovertext}<extra></extra>',
  }
  const [low, high] = positiveExtent([...sweep.series.flatMap((s) => [...s.averageMonthlyUSD]), ...breakevens.map((b) => b.monthlyUSD)]) ?? [1, 10]
  return {
    data: [...curves, markers],
    layout: {
      ...baseLayout(`Average monthly cost over ${analysis.path.horizonMonths} months, by volume`),
      xaxis: { ...logAxis('volume', from, to), title: { text: 'requests in month 1 (per month)' } },
      yaxis: { ...logAxis('usd', low, high), title: { text: 'USD per month, all-in' } },
      shapes: [
        {
          type: 'line',
          xref: 'x',
          yref: 'paper',
          x0: analysis.path.firstMonthRequests,
          x1: analysis.path.firstMonthRequests,
          y0: 0,
          y1: 1,
          line: { dash: 'dash', color: '#bf616a', width: 1.5 },
        },
      ],
      annotations: [
        {
          x: Math.log10(analysis.path.firstMonthRequests),
          xref: 'x',
          y: 1,
          yref: 'paper',
          text: 'this scenario',
          showarrow: false,
          yanchor: 'bottom',
          font: { color: '#bf616a' },
        },
      ],
    },
  }
}

/** Cumulative cost at a fractional month, interpolated linearly within the month. */
function cumulativeAt(timeline: MonthCost[], month: number): number {
  const whole = Math.floor(month)
  const a = timeline[whole] as MonthCost
  const b = timeline[Math.min(whole + 1, timeline.length - 1)] as MonthCost
  return a.cumulativeUSD + (b.cumulativeUSD - a.cumulativeUSD) * (month - whole)
}

/**
 * Cumulative cost month by month over the horizon (month 0 = one-time costs), one line per
 * strategy (or only those in `ids`), with each adaptation's payback month marked: labelled on
 * the plot when it is the only one, else on hover only (close paybacks would overlap). The money
 * axis reads `$200k`, `$1.5M`.
 *
 * @example
 * const figure = cumulativeCostFigure(analyseScenario(defaultScenario()), ['prompt', 'distill'])
 * figure.data.map((trace) => [trace.name, trace.y.length]) // => [['prompt', 25], ['distill', 25], ['payback', 1]] (months 0..24)
 */
export function cumulativeCostFigure(analysis: Analysis, ids?: StrategyId[]): PlotlyFigure {
  const shown = (id: StrategyId) => ids === undefined || ids.includes(id)
  const lines: PlotlyTrace[] = analysis.costs.filter((cost) => shown(cost.id)).map((cost) => {
    const timeline = analysis.timelines[cost.id] as MonthCost[]
    return {
      type: 'scatter',
      mode: 'lines',
      name: cost.id,
      x: timeline.map((m) => m.month),
      y: timeline.map((m) => m.cumulativeUSD),
      line: { color: STRATEGY_COLOURS[cost.id], width: 2 },
      hovertemplate: `${cost.id}<br>month %{x}<br>$%{y:,.0f} so far<extra></extra>`,
    }
  })
  const paid = analysis.strategies.filter((s) => s.id !== 'prompt' && s.paybackMonths !== null && shown(s.id))
  const markers: PlotlyTrace = {
    type: 'scatter',
    mode: paid.length === 1 ? 'markers+text' : 'markers',
    name: 'payback',
    x: paid.map((s) => s.paybackMonths),
    y: paid.map((s) => cumulativeAt(analysis.timelines[s.id] as MonthCost[], s.paybackMonths as number)),
    text: paid.map((s) => `${s.id}: month ${(s.paybackMonths as number).toFixed(1)}`),
    textposition: 'bottom right',
    marker: { symbol: 'circle-open', size: 12, color: paid.map((s) => STRATEGY_COLOURS[s.id]), line: { width: 2 } },
    hovertemplate: '%{text}<extra></extra>',
  }
  return {
    data: [...lines, markers],
    layout: {
      ...baseLayout(`Cumulative cost at ${Math.round(analysis.path.firstMonthRequests).toLocaleString('en-US')} requests/month, growing ${(analysis.path.monthlyGrowth * 100).toFixed(1)} % a month`),
      xaxis: { title: { text: 'month' }, dtick: analysis.path.horizonMonths > 36 ? 6 : 3 },
      yaxis: { ...usdAxis(...extentWithZero(lines.flatMap((line) => Array.from(line.y as ArrayLike<number>)))), title: { text: 'USD, cumulative' } },
    },
  }
}

/**
 * Each strategy's horizon total stacked by cost category (cost-categories.ts: tokens, people,
 * GPUs, data, review, and `other` for a part no category holds), one trace per category in
 * {@link COST_CATEGORIES} order and in its {@link COST_CATEGORY_COLOURS} colour, so a category
 * looks the same in every strategy; hovering a bar lists the category's parts with their USD.
 * A category with nothing in any strategy is left out.
 *
 * @example
 * const figure = costBreakdownFigure(analyseScenario(defaultScenario()))
 * figure.layout.barmode // => 'stack'
 * figure.data.map((trace) => trace.name) // => ['tokens', 'people', 'GPUs', 'data', 'review']
 * figure.data[0].marker.color // => '#0072b2'
 */
export function costBreakdownFigure(analysis: Analysis): PlotlyFigure {
  const ids = analysis.costs.map((c) => c.id)
  // category -> strategy -> its parts (name, USD over the horizon), in the order the horizon lists them
  const parts = new Map<CostCategory, Map<StrategyId, { name: string; usd: number }[]>>()
  analysis.costs.forEach((cost) => {
    for (const part of horizonParts(cost, analysis.path)) {
      const category = costCategory(part.name)
      const byStrategy = parts.get(category) ?? new Map<StrategyId, { name: string; usd: number }[]>()
      byStrategy.set(cost.id, [...(byStrategy.get(cost.id) ?? []), { name: part.name, usd: part.usd }])
      parts.set(category, byStrategy)
    }
  })
  const data: PlotlyTrace[] = COST_CATEGORIES.flatMap((category) => {
    const byStrategy = parts.get(category)
    const inStrategy = (id: StrategyId) => byStrategy?.get(id) ?? []
    const totals = ids.map((id) => inStrategy(id).reduce((sum, part) => sum + part.usd, 0))
    if (!totals.some((usd) => usd > 0)) return []
    return [
      {
        type: 'bar',
        name: category,
        x: ids,
        y: totals,
        marker: { color: COST_CATEGORY_COLOURS[category] },
        customdata: ids.map((id) => inStrategy(id).filter((part) => part.usd !== 0).map((part) => `${part.name}: ${formatUSD(part.usd)}`).join('<br>') || 'none'),
        hovertemplate: `<b>%{x}, ${category}: %{y:$,.0f}</b><br>%{customdata}<extra></extra>`,
      },
    ]
  })
  return {
    data,
    layout: {
      ...baseLayout(`What each strategy costs over ${analysis.path.horizonMonths} months`),
      barmode: 'stack',
      xaxis: { title: { text: 'strategy' } },
      yaxis: { ...usdAxis(...extentWithZero(ids.map((_id, i) => data.reduce((sum, trace) => sum + (trace.y as number[])[i]!, 0)))), title: { text: 'USD over the horizon' } },
      legend: { orientation: 'v' },
    },
  }
}

/** Line styles of the ways of paying for GPUs. */
const SCALING_DASH: Record<ScalingKind, string> = { 'always-on': 'solid', autoscaling: 'dash', serverless: 'dot' }

/**
 * Where the way of paying for GPUs moves the breakeven: average monthly all-in cost against
 * first-month volume for prompting and for one self-hosted strategy (the recommendation when it is
 * one, else the cheapest self-hosted strategy at the scenario's volume) under always-on,
 * autoscaling and serverless hosting (scaling-comparison.ts: the scenario's own settings, or the
 * stated assumptions), each breakeven marked (its volume on hover), both log axes in plain units;
 * null when the small model is API-hosted.
 *
 * @example
 * const analysis = analyseScenario(defaultScenario())
 * const figure = scalingVolumeFigure(analysis, 'distill')
 * figure.data.map((trace) => trace.name) // => ['prompt', 'distill, always-on', 'distill, autoscaling', 'distill, serverless', 'breakeven vs prompt']
 * figure.data[4].x.map((v) => Math.round(v / 1e4) * 1e4) // => [2_620_000, 2_620_000, 2_330_000]
 */
export function scalingVolumeFigure(analysis: Analysis, focus: StrategyId, points = 121): PlotlyFigure | null {
  const scenario = analysis.scenario
  const variants = SCALING_KINDS.map((kind) => [kind, scalingVariant(scenario, kind)] as const)
  if (variants.some(([, variant]) => variant === null)) return null
  const [from, to] = sweepRange(analysis)
  const { firstMonthRequests: _first, ...horizon } = analysis.path
  const prompt = analysis.costs.find((c) => c.id === 'prompt') as StrategyCost
  const promptSweep = volumeSweep([prompt], horizon, from, to, points)
  const lines: PlotlyTrace[] = [
    {
      type: 'scatter', mode: 'lines', name: 'prompt', x: promptSweep.volumes, y: promptSweep.series[0]?.averageMonthlyUSD ?? [],
      line: { color: STRATEGY_COLOURS.prompt, width: 2 }, hovertemplate: 'prompt<br>%{x:,.0f} requests/month<br>$%{y:,.0f} a month all-in<extra></extra>',
    },
  ]
  const marks: { x: number; y: number; text: string }[] = []
  for (const [kind, variant] of variants) {
    const analysed = variant === scenario ? analysis : analyseScenario(variant as typeof scenario)
    const cost = analysed.costs.find((c) => c.id === focus) as StrategyCost
    const sweep = volumeSweep([cost], horizon, from, to, points)
    lines.push({
      type: 'scatter', mode: 'lines', name: `${focus}, ${kind}`, x: sweep.volumes, y: sweep.series[0]?.averageMonthlyUSD ?? [],
      line: { color: STRATEGY_COLOURS[focus], width: 2, dash: SCALING_DASH[kind] },
      hovertemplate: `${focus}, ${kind}<br>%{x:,.0f} requests/month<br>$%{y:,.0f} a month all-in<extra></extra>`,
    })
    const breakeven = analysed.strategies.find((s) => s.id === focus)?.breakevenRequestsPerMonth ?? null
    if (breakeven !== null && breakeven > 0) {
      marks.push({ x: breakeven, y: horizonTotalUSD(cost, { ...horizon, firstMonthRequests: breakeven }) / horizon.horizonMonths, text: kind })
    }
  }
  const [low, high] = positiveExtent([...lines.flatMap((line) => Array.from(line.y as ArrayLike<number>)), ...marks.map((m) => m.y)]) ?? [1, 10]
  return {
    data: [
      ...lines,
      {
        type: 'scatter', mode: 'markers', name: 'breakeven vs prompt', x: marks.map((m) => m.x), y: marks.map((m) => m.y), text: marks.map((m) => m.text),
        hovertext: marks.map((m) => `${focus}, ${m.text}: breaks even with prompting at ${formatVolume(m.x)} (requests in month 1), ${formatUSD(m.y)} a month all-in`),
        marker: { symbol: 'diamond', size: 11, color: STRATEGY_COLOURS[focus], line: { color: '#000', width: 1 } },
        hovertemplate: '%{hovertext}<extra></extra>',
      },
    ],
    layout: {
      ...baseLayout(`Where the way of paying for GPUs moves ${focus}'s breakeven`),
      xaxis: { ...logAxis('volume', from, to), title: { text: 'requests in month 1 (per month)' } },
      yaxis: { ...logAxis('usd', low, high), title: { text: 'USD per month, all-in (average over the horizon)' } },
    },
  }
}
