/**
 * Prompting the frontier model: every request carries the instructions and few-shot examples.
 * No training; the baseline the adaptations must beat.
 */
import type { PricingContext } from './context.js'
import { humanReview, maintenancePeople, setupPeople } from './parts.js'
import { productionFrontierCall } from './requests.js'
import type { StrategyCost } from './strategy-cost.js'

/**
 * Cost of prompting: per request the frontier call and human review; once the setup people
 * (prompt engineering, evaluation); monthly the maintenance people.
 *
 * @example
 * promptCost(pricingContext(defaultScenario())).perRequest
 */
export function promptCost(ctx: PricingContext): StrategyCost {
  const call = productionFrontierCall(ctx, 0)
  return {
    id: 'prompt',
    label: 'Prompt the frontier model',
    perRequest: [{ name: 'frontier tokens', usd: call.usd, formula: call.formula, frontierPriced: true }, humanReview(ctx, 'prompt')],
    oneTime: [setupPeople(ctx, 'prompt')],
    monthlyFixed: [maintenancePeople(ctx, 'prompt')],
    hosting: null,
    retraining: null,
    escalationDrift: null,
    quality: ctx.scenario.quality.prompt,
  }
}
