/**
 * The decision as data: what `payback decide --json` prints and what reports and notebooks show.
 */
import type { Analysis, StrategyEconomics } from '../breakeven/analysis.js'
import type { BreakevenMatrix } from '../breakeven/breakeven.js'
import { provenance, type Provenance } from '../provenance.js'
import type { Scenario } from '../scenario/schema.js'
import { assertFinite } from '../scenario/finite.js'
import { inputsBehind } from '../scenario/inputs-behind.js'
import { scenarioWarnings, type ScenarioWarning } from '../scenario/warnings.js'
import { servingSummary, type ServingSummary } from './serving-summary.js'
import { decide, type Recommendation } from './decide.js'

/** The whole decision for a scenario. */
export interface DecisionResult {
  scenario: Scenario
  strategies: StrategyEconomics[]
  recommendation: Recommendation
  pairwiseBreakevenRequestsPerMonth: BreakevenMatrix
  /**
   * Inputs within the ranges that are still unusual (growth above 20 % a month...), as
   * `validateScenarioInput` reports them; empty when none. Not the recommendation's own
   * `warnings`, which are about the decision.
   */
  inputWarnings: ScenarioWarning[]
  /** Self-hosted serving: throughput and its source, GPU-hours by cause, each way of paying; null when API-hosted. */
  serving: ServingSummary | null
  provenance: Provenance
}

/**
 * Analyses a validated scenario and decides. Deterministic: the same scenario gives the same
 * result (provenance carries no time). Carries the scenario's warnings ({@link scenarioWarnings}).
 *
 * @throws {NonFiniteResultError} (internal) when a number of the recommendation is Infinity or NaN
 *
 * @example
 * const result = decisionResult(analyseScenario(defaultScenario()))
 * result.recommendation.id // => 'distill'
 * result.strategies.length // => 5
 * result.inputWarnings // => [] (nothing unusual in the default scenario)
 */
export function decisionResult(analysis: Analysis): DecisionResult {
  const scenario = analysis.scenario
  return {
    scenario,
    strategies: analysis.strategies,
    // The analysis checked its own numbers; the recommendation's ranking and reasons are checked here.
    recommendation: assertFinite(decide(analysis), 'recommendation', () => inputsBehind(scenario)),
    pairwiseBreakevenRequestsPerMonth: analysis.pairwise,
    inputWarnings: scenarioWarnings(scenario),
    serving: servingSummary(analysis),
    provenance: provenance(scenario),
  }
}

/** The numbers a decision rests on: what a stakeholder summary quotes. */
export interface KeyNumbers {
  recommendation: string
  requestsPerMonth: number
  horizonMonths: number
  /** Prompting's horizon total (USD). */
  promptHorizonTotalUSD: number
  /** The recommendation's horizon total (USD). */
  recommendedHorizonTotalUSD: number
  /** Prompting's total minus the recommendation's (USD). */
  savingsUSD: number
  /** Present value saved against prompting (USD). */
  npvSavingsUSD: number
  /** The recommendation's breakeven against prompting (requests/month); null for prompting or never. */
  breakevenRequestsPerMonth: number | null
  /** The recommendation's payback month; null for prompting or not within the horizon. */
  paybackMonths: number | null
  inputsHash: string
}

/**
 * The key numbers of a decision.
 *
 * @example
 * // the default scenario: prompting $449,411 over 24 months, distillation $330,822 (both
 * // recomputed by hand in test/decide/default-by-hand.test.ts)
 * const numbers = keyNumbers(decisionResult(analyseScenario(defaultScenario())))
 * numbers.recommendation // => 'distill'
 * numbers.savingsUSD // => 118_589 (449,411 - 330,822)
 * numbers.paybackMonths // => 6.7
 */
export function keyNumbers(result: DecisionResult): KeyNumbers {
  const chosen = result.strategies.find((s) => s.id === result.recommendation.id)
  const prompt = result.strategies.find((s) => s.id === 'prompt')
  if (!chosen || !prompt) throw new Error('internal: recommendation or prompt missing from the result')
  return {
    recommendation: chosen.id,
    requestsPerMonth: result.scenario.task.requestsPerMonth,
    horizonMonths: result.scenario.task.horizonMonths,
    promptHorizonTotalUSD: prompt.horizonTotalUSD,
    recommendedHorizonTotalUSD: chosen.horizonTotalUSD,
    savingsUSD: prompt.horizonTotalUSD - chosen.horizonTotalUSD,
    npvSavingsUSD: chosen.npvSavingsUSD,
    breakevenRequestsPerMonth: chosen.breakevenRequestsPerMonth,
    paybackMonths: chosen.paybackMonths,
    inputsHash: result.provenance.inputsHash,
  }
}
