/**
 * The price of single requests to the priced models: a frontier call (prompt caching and batch
 * discount applied), a small-model call, an embedding call. Each has its number (plain
 * arithmetic, allocation-free: the simulation calls it per draw) and, for reports, the formula
 * that explains it, built from the same inputs.
 *
 * Argument checks: none here, on purpose. These functions run for every simulation draw
 * (refreshFrontierCallPrices, the coefficient fill) and must stay allocation-free; their
 * numbers come from the pricing context of a scenario the validator checked (`pricingContext`)
 * and token counts derived from it.
 */
import { formatNumber, formatPercent, formatPerMTok, formatUSD } from '../format.js'
import { tokenPriceUSD, type PricedModel } from '../prices/tokens.js'
import type { FrontierCallPrices, PricingContext } from './context.js'

const prefixTokens = (ctx: PricingContext) => ctx.scenario.task.instructionTokens + ctx.scenario.task.fewShotTokens

/** Whether the instruction and few-shot prefix is read from the prompt cache. */
function cachingApplies(ctx: PricingContext): boolean {
  return ctx.scenario.frontier.promptCaching.enabled && ctx.frontier.cacheReadPerMTokUSD !== undefined && prefixTokens(ctx) > 0
}

/**
 * USD for one frontier call: the instruction and few-shot prefix (read from the prompt cache on
 * the scenario's hit rate where the model has a cached-read price; misses written to the cache at
 * the cache-write price where there is one), the item, retrieved context and output, priced like
 * `@pydantic/genai-prices` ({@link tokenPriceUSD}); then `x (1 - batchShare x batchDiscount)`.
 *
 * @example
 * frontierCallUSD(pricingContext(defaultScenario()), 0, 12, 0) // => 0.001931
 */
export function frontierCallUSD(ctx: PricingContext, contextTokens: number, outputTokens: number, batchShare: number): number {
  const { task, frontier } = ctx.scenario
  const prefix = prefixTokens(ctx)
  const inputTokens = prefix + task.inputTokens + contextTokens
  const caching = cachingApplies(ctx)
  const hitRate = caching ? frontier.promptCaching.hitRate : 0
  const cacheWriteTokens = caching && ctx.frontier.cacheWritePerMTokUSD !== undefined ? prefix * (1 - hitRate) : 0
  const listUSD = tokenPriceUSD(ctx.frontier, inputTokens, prefix * hitRate, cacheWriteTokens, outputTokens)
  return listUSD * (1 - batchShare * frontier.batch.discount)
}

/** How {@link frontierCallUSD} was computed, in words and numbers. */
export function frontierCallFormula(ctx: PricingContext, contextTokens: number, outputTokens: number, batchShare: number): string {
  const { task, frontier } = ctx.scenario
  const model = ctx.frontier
  const prefix = prefixTokens(ctx)
  const inputTokens = prefix + task.inputTokens + contextTokens
  const pieces = [
    `${formatNumber(inputTokens)} input tokens (${formatNumber(task.instructionTokens)} instruction + ${formatNumber(task.fewShotTokens)} few-shot + ${formatNumber(task.inputTokens)} item` +
      (contextTokens > 0 ? ` + ${formatNumber(contextTokens)} retrieved` : '') +
      `) at ${formatPerMTok(model.inputPerMTokUSD)}`,
  ]
  if (cachingApplies(ctx)) {
    const hitRate = frontier.promptCaching.hitRate
    pieces.push(
      `${formatPercent(hitRate)} of the ${formatNumber(prefix)}-token prefix read from cache at ${formatPerMTok(model.cacheReadPerMTokUSD as number)}` +
        (model.cacheWritePerMTokUSD !== undefined && hitRate < 1 ? `, misses written at ${formatPerMTok(model.cacheWritePerMTokUSD)}` : ''),
    )
  } else if (frontier.promptCaching.enabled && prefix > 0) {
    pieces.push(`no cached-read price for ${model.model} in ${model.priceSource}: caching not applied`)
  }
  pieces.push(`${formatNumber(outputTokens)} output tokens at ${formatPerMTok(model.outputPerMTokUSD)}`)
  if (model.firstTierTokens !== undefined && inputTokens > model.firstTierTokens) {
    pieces.push(`prompt above ${formatNumber(model.firstTierTokens)} tokens: the table's higher tier applies`)
  }
  if (batchShare > 0) pieces.push(`x (1 - ${formatPercent(batchShare)} batch x ${formatPercent(frontier.batch.discount)} discount)`)
  const usd = frontierCallUSD(ctx, contextTokens, outputTokens, batchShare)
  return `${pieces.join('; ')} = ${formatUSD(usd)} (${model.provider}/${model.model}, ${model.priceSource})`
}

/** Output tokens of one teacher label: the scenario's teacher output, else the task's output. */
export function teacherOutputTokens(ctx: PricingContext): number {
  const { adaptation, task } = ctx.scenario
  return adaptation.teacherOutputTokens ?? task.outputTokens
}

const teacherBatchShare = (ctx: PricingContext) => (ctx.scenario.frontier.batch.teacherUsesBatch ? 1 : 0)

/**
 * Prices the four frontier calls the cost parts use ({@link FrontierCallPrices}) for the
 * scenario as it is now, into `ctx.calls`. Called when a context is built and after each
 * simulation draw; allocation-free.
 */
export function refreshFrontierCallPrices(ctx: PricingContext): void {
  const { task, frontier } = ctx.scenario
  const calls = ctx.calls
  calls.production = frontierCallUSD(ctx, 0, task.outputTokens, frontier.batch.share)
  calls.productionWithContext = frontierCallUSD(ctx, task.retrievedContextTokens, task.outputTokens, frontier.batch.share)
  calls.teacher = frontierCallUSD(ctx, 0, teacherOutputTokens(ctx), teacherBatchShare(ctx))
  calls.teacherWithContext = frontierCallUSD(ctx, task.retrievedContextTokens, teacherOutputTokens(ctx), teacherBatchShare(ctx))
}

/**
 * The frontier call a production request makes (its batch share of traffic), without or with
 * the retrieved context, USD.
 *
 * @example
 * productionFrontierCallUSD(pricingContext(defaultScenario()), false) // => 0.001931
 */
export function productionFrontierCallUSD(ctx: PricingContext, withRetrieval: boolean): number {
  return withRetrieval ? ctx.calls.productionWithContext : ctx.calls.production
}

/** {@link frontierCallFormula} of the production call. */
export function productionFrontierCallFormula(ctx: PricingContext, withRetrieval: boolean): string {
  const { task, frontier } = ctx.scenario
  return frontierCallFormula(ctx, withRetrieval ? task.retrievedContextTokens : 0, task.outputTokens, frontier.batch.share)
}

/**
 * The teacher call that makes one training or evaluation label (batch API when the scenario says
 * so), without or with the retrieved context, USD.
 *
 * @example
 * teacherCallUSD(pricingContext(defaultScenario()), false) // => 0.0009655
 */
export function teacherCallUSD(ctx: PricingContext, withRetrieval: boolean): number {
  return withRetrieval ? ctx.calls.teacherWithContext : ctx.calls.teacher
}

/** {@link frontierCallFormula} of the teacher call. */
export function teacherCallFormula(ctx: PricingContext, withRetrieval: boolean): string {
  return frontierCallFormula(ctx, withRetrieval ? ctx.scenario.task.retrievedContextTokens : 0, teacherOutputTokens(ctx), teacherBatchShare(ctx))
}

/**
 * Input tokens the adapted small model gets: short instruction + item + retrieved context.
 *
 * @example
 * adaptedInputTokens(pricingContext(defaultScenario()), 0) // => 320
 */
export function adaptedInputTokens(ctx: PricingContext, contextTokens: number): number {
  const { task } = ctx.scenario
  return task.adaptedInstructionTokens + task.inputTokens + contextTokens
}

/**
 * USD for one call to the API-hosted small model: adapted input and the task's output tokens;
 * 0 when the small model is self-hosted (its cost is GPU hosting).
 */
export function smallApiCallUSD(ctx: PricingContext, contextTokens: number): number {
  const model = ctx.smallApi
  if (!model) return 0
  return tokenPriceUSD(model, adaptedInputTokens(ctx, contextTokens), 0, 0, ctx.scenario.task.outputTokens)
}

/** How {@link smallApiCallUSD} was computed. */
export function smallApiCallFormula(ctx: PricingContext, contextTokens: number): string {
  const model = ctx.smallApi as PricedModel
  const inputTokens = adaptedInputTokens(ctx, contextTokens)
  const outputTokens = ctx.scenario.task.outputTokens
  return `${formatNumber(inputTokens)} input tokens at ${formatPerMTok(model.inputPerMTokUSD)} + ${formatNumber(outputTokens)} output tokens at ${formatPerMTok(model.outputPerMTokUSD)} = ${formatUSD(smallApiCallUSD(ctx, contextTokens))} (${model.provider}/${model.model}, ${model.priceSource})`
}

/**
 * USD to embed `tokens` with the scenario's embedding model.
 *
 * @example
 * embeddingUSD(pricingContext(defaultScenario()), 350) // => 0.000007
 */
export function embeddingUSD(ctx: PricingContext, tokens: number): number {
  return tokens > 0 ? tokenPriceUSD(ctx.embedding, tokens, 0, 0, 0) : 0
}

/** How {@link embeddingUSD} was computed. */
export function embeddingFormula(ctx: PricingContext, tokens: number): string {
  const model = ctx.embedding
  return `${formatNumber(tokens)} tokens at ${formatPerMTok(model.inputPerMTokUSD)} = ${formatUSD(embeddingUSD(ctx, tokens))} (${model.provider}/${model.model}, ${model.priceSource})`
}
