/**
 * The decision's tables as danfojs-node DataFrames, for notebooks (shown with
 * {@link showTable}) and for anyone who wants to slice them further. Money in USD, volumes in
 * requests per month; the frames hold numbers, formatting happens on display.
 */
import { DataFrame } from './danfo.js'
import type { Analysis } from '../breakeven/analysis.js'
import type { DecisionResult } from '../decide/result.js'
import type { StressResult } from '../decide/stress.js'

/**
 * One row per strategy: per request, one-time, fixed per month, horizon total, present value,
 * breakeven against prompting, payback month, expected quality.
 *
 * @example
 * const frame = strategiesFrame(decisionResult(analyseScenario(defaultScenario())))
 * frame.shape // => [5, 9]
 * frame.columns
 * // => ['strategy', 'perRequestUSD', 'oneTimeUSD', 'monthlyFixedUSD', 'horizonTotalUSD', 'presentValueUSD',
 * //     'breakevenRequestsPerMonth', 'paybackMonths', 'quality']
 */
export function strategiesFrame(result: DecisionResult): DataFrame {
  const s = result.strategies
  return new DataFrame({
    strategy: s.map((x) => x.id),
    perRequestUSD: s.map((x) => x.perRequestUSD),
    oneTimeUSD: s.map((x) => x.oneTimeUSD),
    monthlyFixedUSD: s.map((x) => x.monthlyFixedUSD),
    horizonTotalUSD: s.map((x) => x.horizonTotalUSD),
    presentValueUSD: s.map((x) => x.presentValueUSD),
    breakevenRequestsPerMonth: s.map((x) => x.breakevenRequestsPerMonth ?? NaN),
    paybackMonths: s.map((x) => x.paybackMonths ?? NaN),
    quality: s.map((x) => x.quality),
  })
}

/**
 * The pairwise breakeven matrix: row `a`, column `b` is the first-month volume above which `a`
 * costs no more than `b` over the horizon (NaN: never; 0: always).
 */
export function breakevenFrame(analysis: Analysis): DataFrame {
  const ids = analysis.costs.map((c) => c.id)
  const columns: Record<string, (string | number)[]> = { strategy: ids }
  for (const b of ids) columns[`vs ${b}`] = ids.map((a) => (a === b ? NaN : (analysis.pairwise[a]?.[b] ?? NaN)))
  return new DataFrame(columns)
}

/** Every cost part of one strategy with its formula: when it is paid, what, USD. */
export function breakdownFrame(result: DecisionResult, id: string): DataFrame {
  const strategy = result.strategies.find((s) => s.id === id)
  if (!strategy) throw new Error(`no strategy ${JSON.stringify(id)} in the result`)
  const b = strategy.breakdown
  const rows: [string, string, number, string][] = [
    ...b.perRequest.map((p): [string, string, number, string] => ['per request', p.name, p.usd, p.formula]),
    ...b.oneTime.map((p): [string, string, number, string] => ['one-time', p.name, p.usd, p.formula]),
    ...b.monthlyFixed.map((p): [string, string, number, string] => ['per month', p.name, p.usd, p.formula]),
    ...(b.hosting ? [['per month', `${b.hosting.name} (${b.hosting.gpus} GPUs)`, b.hosting.usd, b.hosting.formula] as [string, string, number, string]] : []),
    ...(b.retraining?.parts ?? []).map((p): [string, string, number, string] => [`each retraining`, p.name, p.usd, p.formula]),
  ]
  return new DataFrame({
    when: rows.map((r) => r[0]),
    part: rows.map((r) => r[1]),
    usd: rows.map((r) => r[2]),
    formula: rows.map((r) => r[3]),
  })
}

/** The stress tests as a table. */
export function stressFrame(results: StressResult[]): DataFrame {
  return new DataFrame({
    risk: results.map((r) => r.risk),
    change: results.map((r) => r.change),
    horizonTotalUSD: results.map((r) => r.horizonTotalUSD),
    savingsUSD: results.map((r) => r.savingsUSD),
    paybackMonths: results.map((r) => r.paybackMonths ?? NaN),
    recommendation: results.map((r) => r.recommendation),
  })
}
