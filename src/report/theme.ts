/**
 * The look every figure shares: one colour per strategy and one base layout, so the decision
 * report, the simulation figures and the notebooks agree.
 */
import { checkNumber } from '../scenario/check-number.js'
import type { StrategyId } from '../scenario/schema.js'
import type { CostCategory } from './cost-categories.js'

/** A plotly trace: plain JSON. */
export type PlotlyTrace = Record<string, unknown> & { type: string; name?: string }

/** A plotly figure: traces and layout, ready for `Plotly.newPlot(div, data, layout)`. */
export interface PlotlyFigure {
  data: PlotlyTrace[]
  layout: Record<string, unknown>
}

/** A colour per strategy, the same in every figure. */
export const STRATEGY_COLOURS: Record<StrategyId, string> = {
  prompt: '#4c566a',
  rag: '#5e81ac',
  finetune: '#d08770',
  distill: '#a3be8c',
  'distill+rag': '#b48ead',
}

/**
 * A colour per cost category (cost-categories.ts), the same in every strategy and every figure:
 * the Okabe-Ito palette, told apart with the common kinds of colour blindness, and none of them
 * a strategy's colour; grey for what no category holds.
 */
export const COST_CATEGORY_COLOURS: Record<CostCategory, string> = {
  tokens: '#0072b2',
  people: '#e69f00',
  GPUs: '#009e73',
  data: '#cc79a7',
  review: '#d55e00',
  other: '#999999',
}

/** The colour of a strategy id; a neutral grey for an id outside the five. */
export function strategyColour(id: string): string {
  return STRATEGY_COLOURS[id as StrategyId] ?? '#2e3440'
}

/**
 * The layout every figure starts from: its title, the font, margins, a legend below the plot.
 *
 * @example
 * baseLayout('Cost').title // => { text: 'Cost' }
 */
export function baseLayout(title: string): Record<string, unknown> {
  return {
    title: { text: title },
    font: { family: 'system-ui, -apple-system, Segoe UI, sans-serif', size: 13 },
    margin: { l: 70, r: 20, t: 50, b: 60 },
    legend: { orientation: 'h', y: -0.2 },
    hovermode: 'closest',
  }
}

/** What a plain-unit axis counts: requests (or any other count), or US dollars. */
export type AxisUnit = 'volume' | 'usd'

/** Suffixes of plain units, largest first: thousand, million, billion, trillion. */
const PLAIN_SUFFIXES: readonly (readonly [number, string])[] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
]

/**
 * A tick value in plain units, as a person writes it: counts with k, M, B, T (thousand,
 * million, billion, trillion; B, not plotly's SI `G`), dollars the same with a `$` in front; at
 * most 3 significant digits, trailing zeros dropped.
 *
 * @example
 * plainUnitLabel(10_000_000, 'volume') // => '10M'
 * plainUnitLabel(2_000, 'usd') // => '$2k'
 * plainUnitLabel(1e9, 'volume') // => '1B'
 * plainUnitLabel(250, 'volume') // => '250'
 * plainUnitLabel(0.05, 'usd') // => '$0.05'
 * plainUnitLabel(-1_500, 'usd') // => '-$1.5k'
 */
export function plainUnitLabel(value: number, unit: AxisUnit): string {
  const sign = value < 0 ? '-' : ''
  const abs = Math.abs(value)
  const [size, suffix] = PLAIN_SUFFIXES.find(([threshold]) => abs >= threshold) ?? [1, '']
  const digits = String(Number((abs / size).toPrecision(3)))
  return `${sign}${unit === 'usd' ? '$' : ''}${digits}${suffix}`
}

/**
 * Tick values for a log axis over `[from, to]`: every decade from the one at or below `from` to
 * the one at or above `to`, and 2 and 5 within each decade when the range spans 2 decades or
 * fewer (so a short axis still has ticks to read). Ticks past the drawn range are not shown.
 *
 * @throws {InvalidArgumentError} `invalid from: 0 (must be > 0)`, `invalid to: ... (must be >= ...)`
 * @example
 * logTickValues(3_000, 90_000) // => [1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000] (2 decades: 1, 2, 5)
 * logTickValues(100, 1e11).length // => 10 (one tick a decade, 100 to 100B)
 */
export function logTickValues(from: number, to: number): number[] {
  checkNumber('from', from, { exclusiveMin: 0 })
  checkNumber('to', to, { min: from })
  const low = Math.floor(Math.log10(from) + 1e-9)
  const high = Math.max(low + 1, Math.ceil(Math.log10(to) - 1e-9))
  const mantissas = high - low <= 2 ? [1, 2, 5] : [1]
  const values: number[] = []
  for (let exponent = low; exponent <= high; exponent++) {
    for (const mantissa of mantissas) {
      if (exponent === high && mantissa > 1) break
      values.push(Number((mantissa * 10 ** exponent).toPrecision(12)))
    }
  }
  return values
}

/**
 * A log axis labelled in plain units: explicit ticks ({@link logTickValues}) with their labels
 * ({@link plainUnitLabel}): volumes `1k, 10k, 100k, 1M, 10M`, money `$100, $1k, $10k, $1M`. Spread
 * it into a plotly axis and add the title.
 *
 * @throws {InvalidArgumentError} when `from` is not > 0 or `to` is below `from`
 * @example
 * logAxis('usd', 150, 400_000).ticktext // => ['$100', '$1k', '$10k', '$100k', '$1M']
 * logAxis('volume', 20_000, 3e7).ticktext // => ['10k', '100k', '1M', '10M', '100M']
 * logAxis('volume', 20_000, 3e7).type // => 'log'
 */
export function logAxis(unit: AxisUnit, from: number, to: number): { type: 'log'; tickmode: 'array'; tickvals: number[]; ticktext: string[] } {
  const tickvals = logTickValues(from, to)
  return { type: 'log', tickmode: 'array', tickvals, ticktext: tickvals.map((value) => plainUnitLabel(value, unit)) }
}

/**
 * A linear money axis in plain units: `$` before plotly's own tick labels, which already use
 * k, M and B on linear axes (`exponentformat: 'B'`, its default), so ticks read `$200k`, `$1.5M`.
 *
 * @example
 * usdAxis().tickprefix // => '$'
 */
export function usdAxis(): { tickprefix: '$'; exponentformat: 'B' } {
  return { tickprefix: '$', exponentformat: 'B' }
}

/**
 * The smallest and largest positive finite values among `values` (for a log axis's range), or
 * undefined when there is none.
 *
 * @example
 * positiveExtent([0, 12, 3, -1, 400]) // => [3, 400]
 * positiveExtent([0, -2]) // => undefined
 */
export function positiveExtent(values: Iterable<number>): [number, number] | undefined {
  let low = Infinity
  let high = -Infinity
  for (const value of values) {
    if (!(value > 0) || !Number.isFinite(value)) continue
    if (value < low) low = value
    if (value > high) high = value
  }
  return low <= high ? [low, high] : undefined
}
