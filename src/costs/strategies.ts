/**
 * The strategies of a scenario, in report order: their definitions (what the simulation fills
 * from) and their evaluated costs with formulas (what the decision engine and reports use).
 */
import type { Scenario } from '../scenario/schema.js'
import type { PricingContext } from './context.js'
import { pricingContext } from './pricing-context.js'
import { distillStrategy } from './distill.js'
import { finetuneStrategy } from './finetune.js'
import { promptStrategy } from './prompt.js'
import { ragStrategy } from './rag.js'
import { evaluateStrategy, type StrategyDefinition } from './strategy.js'
import type { StrategyCost } from './strategy-cost.js'

/**
 * The definitions of `prompt`, `rag`, `finetune`, `distill` and `distill+rag` for a scenario's
 * pricing context (which parts exist depends on the hosting: an API-hosted small model has token
 * costs, a self-hosted one GPU hosting).
 *
 * @example
 * strategyDefinitions(pricingContext(defaultScenario())).map((s) => s.id) // => ['prompt', 'rag', 'finetune', 'distill', 'distill+rag']
 */
export function strategyDefinitions(ctx: PricingContext): StrategyDefinition[] {
  return [promptStrategy(), ragStrategy(), finetuneStrategy(ctx), distillStrategy(ctx, false), distillStrategy(ctx, true)]
}

/**
 * Costs of every strategy for a validated scenario, each part with its formula.
 *
 * @example
 * strategyCosts(defaultScenario()).map((s) => s.id) // => ['prompt', 'rag', 'finetune', 'distill', 'distill+rag']
 */
export function strategyCosts(scenario: Scenario): StrategyCost[] {
  const ctx = pricingContext(scenario)
  return strategyDefinitions(ctx).map((definition) => evaluateStrategy(definition, ctx))
}
