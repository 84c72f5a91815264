/**
 * The price of single requests to the priced models: a frontier call (prompt caching and batch
 * discount applied), a small-model call, an embedding call. Each returns USD per request and the
 * formula that explains it.
 */
import { formatNumber, formatPercent, formatPerMTok, formatUSD } from '../format.js'
import { requestPriceUSD, type PricedModel } from '../prices/tokens.js'
import type { PricingContext } from './context.js'

/** A request price with its explanation. */
export interface PricedRequest {
  usd: number
  formula: string
}

/** What a frontier call carries besides the shared instruction/few-shot prefix. */
export interface FrontierCall {
  /** Retrieved context tokens added to the prompt (RAG). */
  contextTokens: number
  /** Output tokens written. */
  outputTokens: number
  /** Share of calls sent through the batch API at its discount (fraction). */
  batchShare: number
}

/**
 * USD for one frontier call: the instruction and few-shot prefix (read from the prompt cache on
 * the scenario's hit rate where the model has a cached-read price; misses written to the cache
 * at the cache-write price where there is one), the item, retrieved context and output, priced by
 * `@pydantic/genai-prices`; then `x (1 - batchShare x batchDiscount)`.
 *
 * @example
 * frontierCallUSD(ctx, { contextTokens: 0, outputTokens: 8, batchShare: 0 }).usd
 */
export function frontierCallUSD(ctx: PricingContext, call: FrontierCall): PricedRequest {
  const { task, frontier } = ctx.scenario
  const model = ctx.frontier
  const prefix = task.instructionTokens + task.fewShotTokens
  const inputTokens = prefix + task.inputTokens + call.contextTokens
  const caching = frontier.promptCaching.enabled && model.cacheReadPerMTokUSD !== undefined && prefix > 0
  const hitRate = caching ? frontier.promptCaching.hitRate : 0
  const cacheReadTokens = prefix * hitRate
  const cacheWriteTokens = caching && model.cacheWritePerMTokUSD !== undefined ? prefix * (1 - hitRate) : 0
  const listUSD = requestPriceUSD(model, { inputTokens, cacheReadTokens, cacheWriteTokens, outputTokens: call.outputTokens })
  const batchFactor = 1 - call.batchShare * frontier.batch.discount
  const pieces = [
    `${formatNumber(inputTokens)} input tokens (${formatNumber(task.instructionTokens)} instruction + ${formatNumber(task.fewShotTokens)} few-shot + ${formatNumber(task.inputTokens)} item` +
      (call.contextTokens > 0 ? ` + ${formatNumber(call.contextTokens)} retrieved` : '') +
      `) at ${formatPerMTok(model.inputPerMTokUSD)}`,
  ]
  if (caching) {
    pieces.push(
      `${formatPercent(hitRate)} of the ${formatNumber(prefix)}-token prefix read from cache at ${formatPerMTok(model.cacheReadPerMTokUSD as number)}` +
        (cacheWriteTokens > 0 ? `, misses written at ${formatPerMTok(model.cacheWritePerMTokUSD as number)}` : ''),
    )
  } else if (frontier.promptCaching.enabled && prefix > 0) {
    pieces.push(`no cached-read price for ${model.model} in ${model.priceSource}: caching not applied`)
  }
  pieces.push(`${formatNumber(call.outputTokens)} output tokens at ${formatPerMTok(model.outputPerMTokUSD)}`)
  if (call.batchShare > 0) {
    pieces.push(`x (1 - ${formatPercent(call.batchShare)} batch x ${formatPercent(frontier.batch.discount)} discount)`)
  }
  return { usd: listUSD * batchFactor, formula: `${pieces.join('; ')} = ${formatUSD(listUSD * batchFactor)} (${model.provider}/${model.model}, ${model.priceSource})` }
}

/** The frontier call a production request makes (its batch share of traffic). */
export function productionFrontierCall(ctx: PricingContext, contextTokens: number): PricedRequest {
  const { task, frontier } = ctx.scenario
  return frontierCallUSD(ctx, { contextTokens, outputTokens: task.outputTokens, batchShare: frontier.batch.share })
}

/** The teacher call that makes one training or evaluation label (batch API when the scenario says so). */
export function teacherCall(ctx: PricingContext, contextTokens: number): PricedRequest {
  const { task, frontier, adaptation } = ctx.scenario
  return frontierCallUSD(ctx, {
    contextTokens,
    outputTokens: adaptation.teacherOutputTokens ?? task.outputTokens,
    batchShare: frontier.batch.teacherUsesBatch ? 1 : 0,
  })
}

/** Input tokens the adapted small model gets: short instruction + item + retrieved context. */
export function adaptedInputTokens(ctx: PricingContext, contextTokens: number): number {
  const { task } = ctx.scenario
  return task.adaptedInstructionTokens + task.inputTokens + contextTokens
}

/**
 * USD for one call to an API-hosted small model: adapted input and the task's output tokens.
 *
 * @example
 * smallApiCallUSD(ctx, model, 0).usd
 */
export function smallApiCallUSD(ctx: PricingContext, model: PricedModel, contextTokens: number): PricedRequest {
  const inputTokens = adaptedInputTokens(ctx, contextTokens)
  const outputTokens = ctx.scenario.task.outputTokens
  const usd = requestPriceUSD(model, { inputTokens, outputTokens })
  return {
    usd,
    formula: `${formatNumber(inputTokens)} input tokens at ${formatPerMTok(model.inputPerMTokUSD)} + ${formatNumber(outputTokens)} output tokens at ${formatPerMTok(model.outputPerMTokUSD)} = ${formatUSD(usd)} (${model.provider}/${model.model}, ${model.priceSource})`,
  }
}

/**
 * USD to embed `tokens` with the scenario's embedding model.
 *
 * @example
 * embeddingUSD(ctx, 350).usd // 350 x $0.02/MTok = $0.000007
 */
export function embeddingUSD(ctx: PricingContext, tokens: number): PricedRequest {
  const model = ctx.embedding
  const usd = tokens === 0 ? 0 : requestPriceUSD(model, { inputTokens: tokens, outputTokens: 0 })
  return {
    usd,
    formula: `${formatNumber(tokens)} tokens at ${formatPerMTok(model.inputPerMTokUSD)} = ${formatUSD(usd)} (${model.provider}/${model.model}, ${model.priceSource})`,
  }
}
