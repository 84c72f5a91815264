/**
 * Cost parts several strategies share: people, human review, escalation to the frontier model,
 * and the retrieval stack (corpus embedding, vector store, re-indexing, query embedding).
 */
import { formatCount, formatNumber, formatPercent, formatUSD } from '../format.js'
import type { StrategyId } from '../scenario/schema.js'
import type { PricingContext } from './context.js'
import { embeddingUSD, type PricedRequest } from './requests.js'
import type { CostPart } from './strategy-cost.js'

/** One-time engineering: `setup person-months x loaded monthly cost`. */
export function setupPeople(ctx: PricingContext, id: StrategyId): CostPart {
  const { people } = ctx.scenario
  const months = people.setupPersonMonths[id]
  const usd = months * people.loadedMonthlyUSD
  return { name: 'setup people', usd, formula: `${formatNumber(months)} person-months x ${formatUSD(people.loadedMonthlyUSD)} = ${formatUSD(usd)}` }
}

/** Ongoing engineering: `maintenance person-months per month x loaded monthly cost`. */
export function maintenancePeople(ctx: PricingContext, id: StrategyId): CostPart {
  const { people } = ctx.scenario
  const months = people.maintenancePersonMonthsPerMonth[id]
  const usd = months * people.loadedMonthlyUSD
  return {
    name: 'maintenance people',
    usd,
    formula: `${formatNumber(months)} person-months/month x ${formatUSD(people.loadedMonthlyUSD)} = ${formatUSD(usd)}/month`,
  }
}

/** Human review per request: `review share x $/item`. */
export function humanReview(ctx: PricingContext, id: StrategyId): CostPart {
  const { hardTail } = ctx.scenario
  const share = hardTail.humanReviewShare[id]
  const usd = share * hardTail.humanReviewUSDPerItem
  return { name: 'human review', usd, formula: `${formatPercent(share, 2)} of requests x ${formatUSD(hardTail.humanReviewUSDPerItem)} per review = ${formatUSD(usd)}` }
}

/** Escalation per request: `escalation share x a full frontier call`. */
export function escalation(ctx: PricingContext, frontierCall: PricedRequest): CostPart {
  const share = ctx.scenario.hardTail.escalationShare
  const usd = share * frontierCall.usd
  return {
    name: 'escalation to frontier',
    usd,
    frontierPriced: true,
    formula: `${formatPercent(share, 2)} of requests x ${formatUSD(frontierCall.usd)} frontier call = ${formatUSD(usd)}`,
  }
}

/** Retrieval per request: embedding the item's tokens, plus the vector store's price of one query. */
export function retrievalPerRequest(ctx: PricingContext): CostPart[] {
  const priced = embeddingUSD(ctx, ctx.scenario.task.inputTokens)
  const perMillion = ctx.scenario.rag.vectorQueryUSDPerMillion
  return [
    { name: 'query embedding', usd: priced.usd, formula: priced.formula },
    { name: 'vector search', usd: perMillion / 1e6, formula: `${formatUSD(perMillion)} per million queries = ${formatUSD(perMillion / 1e6)}` },
  ]
}

/** Embedding the whole corpus once. */
export function corpusEmbedding(ctx: PricingContext): CostPart {
  const priced = embeddingUSD(ctx, ctx.scenario.rag.corpusTokens)
  return { name: 'corpus embedding', usd: priced.usd, formula: `corpus of ${priced.formula}` }
}

/** Monthly retrieval infrastructure: the vector store and re-embedding the changed share. */
export function retrievalMonthly(ctx: PricingContext): CostPart[] {
  const { rag } = ctx.scenario
  const store = rag.vectorStoreGB * rag.vectorStoreUSDPerGBMonth
  const corpus = embeddingUSD(ctx, rag.corpusTokens)
  const reindex = rag.reindexSharePerMonth * corpus.usd
  return [
    {
      name: 'vector store',
      usd: store,
      formula: `${formatNumber(rag.vectorStoreGB)} GB x ${formatUSD(rag.vectorStoreUSDPerGBMonth)}/GB-month = ${formatUSD(store)}/month`,
    },
    {
      name: 're-indexing',
      usd: reindex,
      formula: `${formatPercent(rag.reindexSharePerMonth)} of ${formatCount(rag.corpusTokens)} corpus tokens re-embedded x ${formatUSD(corpus.usd)} = ${formatUSD(reindex)}/month`,
    },
  ]
}
