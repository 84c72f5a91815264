/**
 * A simulation's results as danfojs-node DataFrames, for notebooks (`showTable`) and for slicing
 * further. Money in USD, months as numbers, probabilities as fractions (0..1) with their Monte
 * Carlo standard errors; columns named so `showTable` formats them (`...USD` as dollars,
 * `...Months` with one decimal).
 */
import { DataFrame } from './danfo.js'
import type { SimulationResult } from '../../kernel/sim/result.js'
import type { Tornado } from '../../kernel/sim/sensitivity.js'

/** The one row of an inputs or tornado table when the scenario has no uncertain input (danfo has no empty frames). */
const NO_INPUTS = '(no uncertain inputs)'

/**
 * One row per strategy: horizon total (mean, p5, median, p95), NPV against the baseline (mean,
 * p5, p95), P(cheapest) and P(payback within the horizon) with standard errors, median payback
 * month (NaN when under half the draws pay back, or for the baseline).
 *
 * @example
 * const sim = await simulateScenario(loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json'), { draws: 1000, seed: 1 })
 * const frame = simulationFrame(sim.result)
 * frame.shape // => [5, 13] (one row per strategy; the 13 columns below)
 * frame.column('strategy').values // => ['prompt', 'rag', 'finetune', 'distill', 'distill+rag']
 * frame.columns.slice(0, 5) // => ['strategy', 'meanHorizonTotalUSD', 'p5HorizonTotalUSD', 'p50HorizonTotalUSD', 'p95HorizonTotalUSD']
 * frame.columns.slice(5) // => ['meanNpvSavingsUSD', 'p5NpvSavingsUSD', 'p95NpvSavingsUSD',
 * //   'pCheapest', 'pCheapestSE', 'pPayback', 'pPaybackSE', 'medianPaybackMonths']
 */
export function simulationFrame(result: SimulationResult): DataFrame {
  const s = result.strategies
  return new DataFrame({
    strategy: s.map((x) => x.id),
    meanHorizonTotalUSD: s.map((x) => x.horizonTotalUSD.mean),
    p5HorizonTotalUSD: s.map((x) => x.horizonTotalUSD.quantiles.p5),
    p50HorizonTotalUSD: s.map((x) => x.horizonTotalUSD.quantiles.p50),
    p95HorizonTotalUSD: s.map((x) => x.horizonTotalUSD.quantiles.p95),
    meanNpvSavingsUSD: s.map((x) => x.npvSavingsUSD.mean),
    p5NpvSavingsUSD: s.map((x) => x.npvSavingsUSD.quantiles.p5),
    p95NpvSavingsUSD: s.map((x) => x.npvSavingsUSD.quantiles.p95),
    pCheapest: s.map((x) => x.cheapest.probability),
    pCheapestSE: s.map((x) => x.cheapest.standardError),
    pPayback: s.map((x) => (x.payback ? x.payback.withinHorizon.probability : NaN)),
    pPaybackSE: s.map((x) => (x.payback ? x.payback.withinHorizon.standardError : NaN)),
    medianPaybackMonths: s.map((x) => x.payback?.quantiles.p50 ?? NaN),
  })
}

/**
 * The monthly quantile bands of one strategy's cumulative cost: month, p5..p95 (USD).
 *
 * @throws {RangeError} on an unknown strategy
 * @example
 * const sim = await simulateScenario(loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json'), { draws: 1000, seed: 1 })
 * const bands = bandsFrame(sim.result, 'distill')
 * bands.shape // => [25, 6] (months 0 to 24, the scenario's horizonMonths)
 * bands.columns // => ['month', 'p5USD', 'p25USD', 'p50USD', 'p75USD', 'p95USD']
 * bands.column('month').values.at(-1) // => 24
 * bandsFrame(sim.result, 'lora') // throws invalid strategy: "lora" (one of prompt, rag, finetune, distill, distill+rag)
 */
export function bandsFrame(result: SimulationResult, id: string): DataFrame {
  const found = result.strategies.find((s) => s.id === id)
  if (!found) throw new RangeError(`invalid strategy: ${JSON.stringify(id)} (one of ${result.strategies.map((s) => s.id).join(', ')})`)
  const b = found.bands
  return new DataFrame({
    month: b.p50.map((_, m) => m),
    p5USD: b.p5,
    p25USD: b.p25,
    p50USD: b.p50,
    p75USD: b.p75,
    p95USD: b.p95,
  })
}

/**
 * P(payback <= N months) for N = 0..H, one column per adaptation (fractions).
 *
 * @example
 * const sim = await simulateScenario(loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json'), { draws: 1000, seed: 1 })
 * const payback = paybackFrame(sim.result)
 * payback.shape // => [25, 5] (months 0 to 24; prompting is the baseline, so it has no column)
 * payback.columns // => ['month', 'rag', 'finetune', 'distill', 'distill+rag']
 */
export function paybackFrame(result: SimulationResult): DataFrame {
  const columns: Record<string, number[]> = { month: Array.from({ length: result.horizonMonths + 1 }, (_, m) => m) }
  for (const s of result.strategies) if (s.payback) columns[s.id] = s.payback.byMonth.map((e) => e.probability)
  return new DataFrame(columns)
}

/**
 * The uncertain inputs: JSON path, distribution family, mean (the point value), sd, and the
 * 10th and 90th percentiles the tornado uses (when a tornado is given). Without uncertain
 * inputs, one row that says so.
 *
 * @example
 * const sim = await simulateScenario(loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json'), { draws: 1000, seed: 1 })
 * const inputs = inputsFrame(sim.result, sim.tornado)
 * inputs.shape // => [15, 6] (the file's 15 distributions)
 * inputs.columns // => ['input', 'distribution', 'mean', 'sd', 'p10', 'p90']
 * inputs.column('input').values[0] // => '/task/requestsPerMonth'
 * inputs.column('distribution').values[0] // => 'lognormal'
 * inputs.column('mean').values[0] // => 5000000
 * // A scenario without distributions: one row that says so.
 * const fixed = await simulateScenario(loadScenarioInputFile('data/scenarios/support-tickets.json'), { draws: 1000 })
 * inputsFrame(fixed.result).column('input').values // => ['(no uncertain inputs)']
 */
export function inputsFrame(result: SimulationResult, tornado?: Tornado): DataFrame {
  if (result.inputs.length === 0) return new DataFrame({ input: [NO_INPUTS], distribution: ['-'], mean: [NaN], sd: [NaN], p10: [NaN], p90: [NaN] })
  const bar = (path: string) => tornado?.bars.find((b) => b.path === path)
  return new DataFrame({
    input: result.inputs.map((i) => i.path),
    distribution: result.inputs.map((i) => i.kind),
    mean: result.inputs.map((i) => i.mean),
    sd: result.inputs.map((i) => i.sd),
    p10: result.inputs.map((i) => bar(i.path)?.lowValue ?? NaN),
    p90: result.inputs.map((i) => bar(i.path)?.highValue ?? NaN),
  })
}

/**
 * The tornado as a table, widest first: input, its low and high values, the figure with the
 * input at each, and the swing (USD). Without uncertain inputs, one row that says so.
 *
 * @example
 * const sim = await simulateScenario(loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json'), { draws: 1000, seed: 1 })
 * const bars = tornadoFrame(sim.tornado)
 * bars.shape // => [15, 6] (one bar per distribution in the file)
 * bars.columns // => ['input', 'low', 'high', 'atLowUSD', 'atHighUSD', 'swingUSD']
 * const swings = bars.column('swingUSD').values
 * swings.every((swing, i) => i === 0 || swings[i - 1] >= swing) // => true (widest first)
 */
export function tornadoFrame(tornado: Tornado): DataFrame {
  const b = tornado.bars
  if (b.length === 0) return new DataFrame({ input: [NO_INPUTS], low: [NaN], high: [NaN], atLowUSD: [NaN], atHighUSD: [NaN], swingUSD: [NaN] })
  return new DataFrame({
    input: b.map((x) => x.path),
    low: b.map((x) => x.lowValue),
    high: b.map((x) => x.highValue),
    atLowUSD: b.map((x) => x.low),
    atHighUSD: b.map((x) => x.high),
    swingUSD: b.map((x) => x.swing),
  })
}
