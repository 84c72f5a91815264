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
 * the one at or above `to`, and 2 and 5 within each decade when `to / from` is under 1000 (fewer
 * than 3 decades: a short axis still gets several ticks to read). Ticks past the drawn range are not shown.
 *
 * @throws {InvalidArgumentError} `invalid from: 0 (must be > 0)`, `invalid to: ... (must be >= ...)`
 * @example
 * logTickValues(3_000, 90_000) // => [1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000] (under 3 decades: 1, 2, 5)
 * logTickValues(100, 1e11).length // => 10 (one tick a decade, 100 to 100B)
 */
export function logTickValues(from: number, to: number): number[] {
  checkNumber('from', from, { exclusiveMin: 0 })
  checkNumber('to', to, { min: from })
  const low = Math.floor(Math.log10(from) + 1e-9)
  const high = Math.max(low + 1, Math.ceil(Math.log10(to) - 1e-9))
  const mantissas = Math.log10(to / from) < 3 ? [1, 2, 5] : [1]
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
 * Tick values for a linear axis over `[from, to]`: a round step (1, 2 or 5 x a power of ten) giving
 * about `count` intervals, from the step at or below `from` to the one at or above `to` (ticks
 * past the drawn range are not shown, so plotly's padding still finds one).
 *
 * @throws {InvalidArgumentError} when `from` or `to` is not finite, or `to` is below `from`
 * @example
 * linearTickValues(0, 950_000) // => [0, 200_000, 400_000, 600_000, 800_000, 1_000_000]
 * linearTickValues(0, 0.031) // => [0, 0.01, 0.02, 0.03, 0.04]
 * linearTickValues(-120_000, 80_000) // => [-150_000, -100_000, -50_000, 0, 50_000, 100_000]
 */
export function linearTickValues(from: number, to: number, count = 5): number[] {
  checkNumber('from', from)
  checkNumber('to', to, { min: from })
  checkNumber('count', count, { min: 1, integer: true })
  const span = to > from ? to - from : Math.abs(to) || 1
  const raw = span / count
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw * (1 - 1e-9)) as number) * power
  const first = Math.floor(from / step + 1e-9)
  const last = Math.ceil(to / step - 1e-9)
  return Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toPrecision(12)) || 0)
}

/**
 * A linear money axis in plain units over `[from, to]`: explicit round ticks
 * ({@link linearTickValues}) labelled `$0, $200k, $400k, ... $1M` ({@link plainUnitLabel}), where
 * plotly's own labels would read `200k` (no `$`) or `$0.8M`.
 *
 * @throws {InvalidArgumentError} when `from` or `to` is not finite, or `to` is below `from`
 * @example
 * usdAxis(0, 950_000).ticktext // => ['$0', '$200k', '$400k', '$600k', '$800k', '$1M']
 * usdAxis(0, 950_000).tickmode // => 'array'
 */
export function usdAxis(from: number, to: number): { tickmode: 'array'; tickvals: number[]; ticktext: string[] } {
  const tickvals = linearTickValues(from, to)
  return { tickmode: 'array', tickvals, ticktext: tickvals.map((value) => plainUnitLabel(value, 'usd')) }
}

/**
 * The lowest and highest finite values among `values`, with `0` among them (a money axis that
 * starts at zero), for {@link usdAxis}.
 *
 * @example
 * extentWithZero([120, 40, NaN, 900]) // => [0, 900]
 * extentWithZero([-50, 30]) // => [-50, 30]
 */
export function extentWithZero(values: Iterable<number>): [number, number] {
  let low = 0
  let high = 0
  for (const value of values) {
    if (!Number.isFinite(value)) continue
    if (value < low) low = value
    if (value > high) high = value
  }
  return [low, high]
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
