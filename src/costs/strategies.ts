/**
 * The cost of every strategy for a scenario, in report order.
 */
import type { Scenario } from '../scenario/schema.js'
import { pricingContext, type PricingContext } from './context.js'
import { distillCost } from './distill.js'
import { finetuneCost } from './finetune.js'
import { promptCost } from './prompt.js'
import { ragCost } from './rag.js'
import type { StrategyCost } from './strategy-cost.js'

/**
 * Costs of `prompt`, `rag`, `finetune`, `distill` and `distill+rag` for a validated scenario.
 *
 * @example
 * strategyCosts(defaultScenario()).map((s) => s.id)
 */
export function strategyCosts(scenario: Scenario, ctx: PricingContext = pricingContext(scenario)): StrategyCost[] {
  return [promptCost(ctx), ragCost(ctx), finetuneCost(ctx), distillCost(ctx, false), distillCost(ctx, true)]
}
