/**
 * The portfolio decision as data: what `payback decide --scenario PORTFOLIO --json` prints. Each
 * task carries its full single-task decision (every strategy's parts with their formulas); each
 * option its months and formula; the shared fleet its month 1 by cause; the multi-LoRA fit its
 * figures with their sources.
 */
import { decisionResult, type DecisionResult } from '../decide/result.js'
import type { PortfolioDecision, PortfolioOption, SharedFleetReport, TaskDecision } from './analyse.js'
import { fitMultiLora, type MultiLoraFit } from './multi-lora.js'

/** One task in the JSON: its place in the portfolio and its own decision. */
export interface PortfolioTaskResult extends Pick<TaskDecision, 'name' | 'adaptRule' | 'adaptedStrategy' | 'unadaptedStrategy' | 'adaptReason' | 'mergedRequestsPerSecond' | 'adaptingPays' | 'promptHorizonTotalUSD' | 'recommendedHorizonTotalUSD'> {
  decision: DecisionResult
}

/** The JSON form of a portfolio decision. */
export interface PortfolioResult {
  kind: 'portfolio'
  name: string
  description?: string
  horizonMonths: number
  annualDiscountRate: number
  adaptRule: string
  tasks: PortfolioTaskResult[]
  options: PortfolioOption[]
  sharedFleet: SharedFleetReport | null
  /** The published figures behind the fitted multi-LoRA penalty, each with its source. */
  multiLoraFit: MultiLoraFit
  serverlessLora: PortfolioDecision['serverlessLora']
  recommendation: PortfolioDecision['recommendation']
}

/**
 * The portfolio decision as plain data for JSON.
 *
 * @example
 * const result = portfolioResult(analysePortfolio(loadPortfolioFile('data/scenarios/portfolio-support.json')))
 * result.tasks[0].decision.recommendation.id // => 'distill'
 * result.options[2].formula.startsWith('sum over tasks') // => true
 * JSON.parse(JSON.stringify(result)).kind // => 'portfolio'
 */
export function portfolioResult(decision: PortfolioDecision): PortfolioResult {
  return {
    kind: 'portfolio',
    name: decision.name,
    ...(decision.description !== undefined ? { description: decision.description } : {}),
    horizonMonths: decision.horizonMonths,
    annualDiscountRate: decision.annualDiscountRate,
    adaptRule: decision.adaptRule,
    tasks: decision.tasks.map((t) => ({
      name: t.name,
      adaptRule: t.adaptRule,
      adaptedStrategy: t.adaptedStrategy,
      unadaptedStrategy: t.unadaptedStrategy,
      adaptReason: t.adaptReason,
      mergedRequestsPerSecond: t.mergedRequestsPerSecond,
      adaptingPays: t.adaptingPays,
      promptHorizonTotalUSD: t.promptHorizonTotalUSD,
      recommendedHorizonTotalUSD: t.recommendedHorizonTotalUSD,
      decision: decisionResult(t.analysis),
    })),
    // An option that is not compared has no numbers: null in JSON rather than NaN.
    options: decision.options.map((o) => (o.available ? o : { ...o, horizonTotalUSD: null as unknown as number, presentValueUSD: null as unknown as number })),
    sharedFleet: decision.sharedFleet,
    multiLoraFit: fitMultiLora(),
    serverlessLora: decision.serverlessLora,
    recommendation: decision.recommendation,
  }
}
