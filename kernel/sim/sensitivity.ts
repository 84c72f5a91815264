/**
 * One-at-a-time sensitivity (a tornado): each uncertain input in turn at its 10th and 90th
 * percentiles with every other input at its point value, and how far that moves the answer.
 * Deterministic: no random numbers.
 */
import { evaluateDraw } from './chunk.js'
import type { SimulationModel } from './model.js'

/** One input's bar of the tornado. */
export interface TornadoBar {
  /** JSON pointer of the input. */
  path: string
  /** The input at the low quantile (p10 by default), its point value, and at the high quantile (p90). */
  lowValue: number
  pointValue: number
  highValue: number
  /** The focus figure (see {@link Tornado.metric}) with the input at its low and high value (USD). */
  low: number
  high: number
  /** `|high - low|` (USD): how much this input alone swings the figure across its p10..p90. */
  swing: number
  /** Every strategy's horizon-total savings against the baseline with the input low / high (USD; baseline 0). */
  savingsLowUSD: number[]
  savingsHighUSD: number[]
  /** The focus strategy's payback month with the input low / high (null: not within the horizon, or the focus is the baseline). */
  paybackLowMonths: number | null
  paybackHighMonths: number | null
}

/** A tornado: bars sorted by swing, largest first. */
export interface Tornado {
  /** The strategy whose figure the bars measure. */
  focus: string
  /** `savings` (the focus's horizon-total savings against the baseline, USD) or `total` (the focus's horizon total, when the focus is the baseline). */
  metric: 'savings' | 'total'
  /** The figure with every input at its point value (USD). */
  point: number
  lowQuantile: number
  highQuantile: number
  bars: TornadoBar[]
}

/** Options of {@link tornado}. */
export interface TornadoOptions {
  /** Strategy id or index to measure; default: the non-baseline strategy with the lowest point-value horizon total. */
  focus?: string | number
  /** Default 0.1. */
  lowQuantile?: number
  /** Default 0.9. */
  highQuantile?: number
}

/**
 * The tornado of a model: for each input, the focus strategy's horizon-total savings against
 * the baseline with that input at its low and at its high quantile, every other input at its
 * point value; bars sorted by swing (largest first; ties keep input order). O(inputs x
 * strategies x horizon).
 *
 * @throws {RangeError} on an unknown focus or quantiles outside 0 < low < high < 1
 * @example
 * // Prompting pays $0.01 a request in frontier tokens; distilling pays $20,000 once, then
 * // $1,000 a month and $0.001 a request. Coefficients in the order of COEFF (layout.ts).
 * const prompt = [0, 0, 0, 0.01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
 * const distill = [20_000, 1_000, 0.001, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
 * const model = tableModel({
 *   strategies: ['prompt', 'distill'], horizonMonths: 12, globals: [1_000_000, 0, 0, 0, 1], coeffs: [prompt, distill],
 *   inputs: [
 *     { path: '/task/requestsPerMonth', distribution: { kind: 'uniform', min: 500_000, max: 1_500_000 }, targets: [{ strategy: null, index: GLOBAL.FIRST_MONTH_REQUESTS }] },
 *     { path: '/distill/oneTimeUSD', distribution: { kind: 'uniform', min: 10_000, max: 30_000 }, targets: [{ strategy: 1, index: COEFF.ONE_TIME_USD }] },
 *   ],
 * })
 * const bars = tornado(model, { focus: 'distill' }).bars // each input at its 10 % and 90 % quantile
 * bars.map((bar) => [bar.path, bar.low, bar.high])
 * // => [['/task/requestsPerMonth', 32_800, 119_200], ['/distill/oneTimeUSD', 84_000, 68_000]]
 * // savings = 12 x (0.01 - 0.001) x volume - 12 x 1,000 - one-time: volume 600,000 and 1,400,000; one-time 12,000 and 28,000
 */
export function tornado(model: SimulationModel, options: TornadoOptions = {}): Tornado {
  const lowQuantile = options.lowQuantile ?? 0.1
  const highQuantile = options.highQuantile ?? 0.9
  if (!(lowQuantile > 0 && lowQuantile < highQuantile && highQuantile < 1)) {
    throw new RangeError(`invalid tornado quantiles: ${lowQuantile}, ${highQuantile} (must be 0 < low < high < 1)`)
  }
  const strategies = model.strategies.length
  const pointDraw = evaluateDraw(model, model.point)
  let focus: number
  if (options.focus === undefined) {
    focus = 0
    for (let s = 1; s < strategies; s++) {
      if (focus === 0 || (pointDraw.horizonTotalUSD[s] as number) < (pointDraw.horizonTotalUSD[focus] as number)) focus = s
    }
  } else {
    focus = typeof options.focus === 'number' ? options.focus : model.strategies.indexOf(options.focus)
    if (!Number.isInteger(focus) || focus < 0 || focus >= strategies) {
      throw new RangeError(`invalid tornado focus: ${JSON.stringify(options.focus)} (one of ${model.strategies.join(', ')})`)
    }
  }
  const metric = focus === 0 ? 'total' : 'savings'
  const figure = (totals: Float64Array) => (focus === 0 ? (totals[0] as number) : (totals[0] as number) - (totals[focus] as number))
  const savings = (totals: Float64Array) => Array.from(totals, (total) => (totals[0] as number) - total)
  const payback = (months: Float64Array) => {
    const value = months[focus] as number
    return Number.isFinite(value) ? value : null
  }
  const values = Float64Array.from(model.point)
  const bars = model.inputs.map((input, j): TornadoBar => {
    const lowValue = input.distribution.quantile(lowQuantile)
    const highValue = input.distribution.quantile(highQuantile)
    values[j] = lowValue
    const low = evaluateDraw(model, values)
    values[j] = highValue
    const high = evaluateDraw(model, values)
    values[j] = model.point[j] as number
    const lowFigure = figure(low.horizonTotalUSD)
    const highFigure = figure(high.horizonTotalUSD)
    return {
      path: input.path,
      lowValue,
      pointValue: model.point[j] as number,
      highValue,
      low: lowFigure,
      high: highFigure,
      swing: Math.abs(highFigure - lowFigure),
      savingsLowUSD: savings(low.horizonTotalUSD),
      savingsHighUSD: savings(high.horizonTotalUSD),
      paybackLowMonths: payback(low.paybackMonths),
      paybackHighMonths: payback(high.paybackMonths),
    }
  })
  const order = bars.map((bar, j) => ({ bar, j })).sort((a, b) => b.bar.swing - a.bar.swing || a.j - b.j)
  return {
    focus: model.strategies[focus] as string,
    metric,
    point: figure(pointDraw.horizonTotalUSD),
    lowQuantile,
    highQuantile,
    bars: order.map((o) => o.bar),
  }
}
