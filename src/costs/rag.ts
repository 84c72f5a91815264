/**
 * Retrieval-augmented prompting: the frontier model gets retrieved context on every request;
 * the corpus is embedded once, stored and partly re-embedded every month.
 */
import type { PricingContext } from './context.js'
import { corpusEmbedding, humanReview, maintenancePeople, retrievalPerRequest, retrievalMonthly, setupPeople } from './parts.js'
import { productionFrontierCall } from './requests.js'
import type { StrategyCost } from './strategy-cost.js'

/**
 * Cost of RAG: per request the frontier call with retrieved context, the query embedding and
 * human review; once the corpus embedding and setup people; monthly the vector store,
 * re-indexing and maintenance people.
 *
 * @example
 * ragCost(pricingContext(defaultScenario())).monthlyFixed
 */
export function ragCost(ctx: PricingContext): StrategyCost {
  const call = productionFrontierCall(ctx, ctx.scenario.task.retrievedContextTokens)
  return {
    id: 'rag',
    label: 'Prompt the frontier model with retrieval (RAG)',
    perRequest: [
      { name: 'frontier tokens', usd: call.usd, formula: call.formula, frontierPriced: true },
      ...retrievalPerRequest(ctx),
      humanReview(ctx, 'rag'),
    ],
    oneTime: [corpusEmbedding(ctx), setupPeople(ctx, 'rag')],
    monthlyFixed: [...retrievalMonthly(ctx), maintenancePeople(ctx, 'rag')],
    hosting: null,
    retraining: null,
    escalationDrift: null,
    quality: ctx.scenario.quality.rag,
  }
}
