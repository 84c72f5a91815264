/**
 * The decision as data: what `payback decide --json` prints and what reports and notebooks show.
 */
import { analyseScenario, type Analysis, type StrategyEconomics } from '../breakeven/analysis.js'
import type { BreakevenMatrix } from '../breakeven/breakeven.js'
import { provenance, type Provenance } from '../report/provenance.js'
import type { Scenario } from '../scenario/schema.js'
import { decide, type Recommendation } from './decide.js'

/** The whole decision for a scenario. */
export interface DecisionResult {
  scenario: Scenario
  strategies: StrategyEconomics[]
  recommendation: Recommendation
  pairwiseBreakevenRequestsPerMonth: BreakevenMatrix
  provenance: Provenance
}

/**
 * Analyses a validated scenario and decides. Deterministic: the same scenario gives the same
 * result (provenance carries no time).
 *
 * @example
 * decisionResult(defaultScenario()).recommendation.id
 */
export function decisionResult(scenario: Scenario, analysis: Analysis = analyseScenario(scenario)): DecisionResult {
  return {
    scenario,
    strategies: analysis.strategies,
    recommendation: decide(analysis),
    pairwiseBreakevenRequestsPerMonth: analysis.pairwise,
    provenance: provenance(scenario),
  }
}
