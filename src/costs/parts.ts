/**
 * Cost parts several strategies share: people, human review, escalation to the frontier model,
 * and the retrieval stack (query embedding and search, corpus embedding, vector store,
 * re-indexing). Each is a {@link PartDefinition}: its number and its formula, defined once.
 */
import { formatCount, formatNumber, formatPercent, formatUSD } from '../format.js'
import type { StrategyId } from '../scenario/schema.js'
import type { PricingContext } from './context.js'
import { definePart, type PartDefinition } from './part.js'
import { embeddingFormula, embeddingUSD, productionFrontierCallFormula, productionFrontierCallUSD } from './requests.js'

/**
 * Retrieved context tokens a strategy's requests carry: the scenario's retrieved context with
 * retrieval, else 0.
 */
export function contextTokensOf(ctx: PricingContext, withRetrieval: boolean): number {
  return withRetrieval ? ctx.scenario.task.retrievedContextTokens : 0
}

/** The frontier call itself, per request (prompting strategies). */
export function frontierTokens(withRetrieval: boolean): PartDefinition {
  return definePart(
    'frontier tokens',
    'perRequest',
    (ctx) => productionFrontierCallUSD(ctx, withRetrieval),
    (ctx) => productionFrontierCallFormula(ctx, withRetrieval),
    true,
  )
}

/** One-time engineering: `setup person-months x loaded monthly cost`. */
export function setupPeople(id: StrategyId): PartDefinition {
  return definePart(
    'setup people',
    'oneTime',
    (ctx) => ctx.scenario.people.setupPersonMonths[id] * ctx.scenario.people.loadedMonthlyUSD,
    (ctx, usd) => `${formatNumber(ctx.scenario.people.setupPersonMonths[id])} person-months x ${formatUSD(ctx.scenario.people.loadedMonthlyUSD)} = ${formatUSD(usd)}`,
  )
}

/** Ongoing engineering: `maintenance person-months per month x loaded monthly cost`. */
export function maintenancePeople(id: StrategyId): PartDefinition {
  return definePart(
    'maintenance people',
    'monthly',
    (ctx) => ctx.scenario.people.maintenancePersonMonthsPerMonth[id] * ctx.scenario.people.loadedMonthlyUSD,
    (ctx, usd) =>
      `${formatNumber(ctx.scenario.people.maintenancePersonMonthsPerMonth[id])} person-months/month x ${formatUSD(ctx.scenario.people.loadedMonthlyUSD)} = ${formatUSD(usd)}/month`,
  )
}

/** Human review per request: `review share x $/item`. */
export function humanReview(id: StrategyId): PartDefinition {
  return definePart(
    'human review',
    'perRequest',
    (ctx) => ctx.scenario.hardTail.humanReviewShare[id] * ctx.scenario.hardTail.humanReviewUSDPerItem,
    (ctx, usd) =>
      `${formatPercent(ctx.scenario.hardTail.humanReviewShare[id], 2)} of requests x ${formatUSD(ctx.scenario.hardTail.humanReviewUSDPerItem)} per review = ${formatUSD(usd)}`,
  )
}

/** Escalation per request (a small model's hard tail): `escalation share x a full frontier call`. */
export function escalation(withRetrieval: boolean): PartDefinition {
  return definePart(
    'escalation to frontier',
    'perRequest',
    (ctx) => ctx.scenario.hardTail.escalationShare * productionFrontierCallUSD(ctx, withRetrieval),
    (ctx, usd) =>
      `${formatPercent(ctx.scenario.hardTail.escalationShare, 2)} of requests x ${formatUSD(productionFrontierCallUSD(ctx, withRetrieval))} frontier call = ${formatUSD(usd)}`,
    true,
  )
}

/** Retrieval per request: embedding the item's tokens, plus the vector store's price of one query. */
export const retrievalPerRequest: readonly PartDefinition[] = [
  definePart(
    'query embedding',
    'perRequest',
    (ctx) => embeddingUSD(ctx, ctx.scenario.task.inputTokens),
    (ctx) => embeddingFormula(ctx, ctx.scenario.task.inputTokens),
  ),
  definePart(
    'vector search',
    'perRequest',
    (ctx) => ctx.scenario.rag.vectorQueryUSDPerMillion / 1e6,
    (ctx, usd) => `${formatUSD(ctx.scenario.rag.vectorQueryUSDPerMillion)} per million queries = ${formatUSD(usd)}`,
  ),
]

/** Embedding the whole corpus once. */
export const corpusEmbedding: PartDefinition = definePart(
  'corpus embedding',
  'oneTime',
  (ctx) => embeddingUSD(ctx, ctx.scenario.rag.corpusTokens),
  (ctx) => `corpus of ${embeddingFormula(ctx, ctx.scenario.rag.corpusTokens)}`,
)

/** Monthly retrieval infrastructure: the vector store and re-embedding the changed share. */
export const retrievalMonthly: readonly PartDefinition[] = [
  definePart(
    'vector store',
    'monthly',
    (ctx) => ctx.scenario.rag.vectorStoreGB * ctx.scenario.rag.vectorStoreUSDPerGBMonth,
    (ctx, usd) => `${formatNumber(ctx.scenario.rag.vectorStoreGB)} GB x ${formatUSD(ctx.scenario.rag.vectorStoreUSDPerGBMonth)}/GB-month = ${formatUSD(usd)}/month`,
  ),
  definePart(
    're-indexing',
    'monthly',
    (ctx) => ctx.scenario.rag.reindexSharePerMonth * embeddingUSD(ctx, ctx.scenario.rag.corpusTokens),
    (ctx, usd) =>
      `${formatPercent(ctx.scenario.rag.reindexSharePerMonth)} of ${formatCount(ctx.scenario.rag.corpusTokens)} corpus tokens re-embedded x ${formatUSD(embeddingUSD(ctx, ctx.scenario.rag.corpusTokens))} = ${formatUSD(usd)}/month`,
  ),
]
