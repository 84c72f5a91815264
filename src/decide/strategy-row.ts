/**
 * One strategy's numbers as the text cells of a decision table, shared by the terminal table
 * and the HTML report so both say the same thing.
 */
import type { StrategyEconomics } from '../breakeven/analysis.js'
import { formatPercent, formatUSD, formatVolume } from '../format.js'

/**
 * The cells of one strategy after its name: per request, one-time, fixed per month, horizon
 * total, present value, breakeven against prompting (`baseline` for prompting, `never`), payback
 * (`> H months` when not within the horizon) and expected quality.
 *
 * @example
 * const distill = decisionResult(analyseScenario(defaultScenario())).strategies.find((s) => s.id === 'distill')
 * strategyCells(distill, 24) // => ['$0.001097', '$40,008', '$5,167', '$330,822', '$302,601', '2.62M/month', 'month 6.7', '93.5 %']
 */
export function strategyCells(s: StrategyEconomics, horizonMonths: number): string[] {
  const baseline = s.id === 'prompt'
  return [
    formatUSD(s.perRequestUSD),
    formatUSD(s.oneTimeUSD),
    formatUSD(s.monthlyFixedUSD),
    formatUSD(s.horizonTotalUSD),
    formatUSD(s.presentValueUSD),
    baseline ? 'baseline' : s.breakevenRequestsPerMonth === null ? 'never' : formatVolume(s.breakevenRequestsPerMonth),
    baseline ? '–' : s.paybackMonths === null ? `> ${horizonMonths} months` : `month ${s.paybackMonths.toFixed(1)}`,
    formatPercent(s.quality),
  ]
}
