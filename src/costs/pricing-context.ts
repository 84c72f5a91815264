/**
 * Builds the pricing context of a scenario: prices resolved once (validation has already checked
 * that each can be resolved), then the frontier call prices the parts share.
 *
 * The context holds the scenario it was made from. The simulation writes each draw's values into
 * that scenario and calls {@link refreshPricingContext}, which re-reads the prices a scenario can
 * state itself (explicit token prices and GPU-hour prices) and re-prices the frontier calls,
 * without allocating.
 */
import { architecturePreset, trainingFlops, trainingMethodOf } from '../training/index.js'
import { gpuById } from '../prices/gpus.js'
import { resolveTokenModel, type PricedModel } from '../prices/tokens.js'
import type { Scenario, TokenPrices } from '../scenario/schema.js'
import type { PricedGpu, PricingContext, SelfHostedPricing } from './context.js'
import { refreshFrontierCallPrices } from './requests.js'

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`internal: ${what} should have been validated`)
  return value
}

function pricedGpu(id: string, override: number | undefined): PricedGpu {
  const spec = gpuById(id)
  return override === undefined
    ? { spec, gpuHourUSD: spec.usdPerHour, priceSource: `${spec.priceSource.provider}, ${spec.priceSource.asOf}` }
    : { spec, gpuHourUSD: override, priceSource: 'scenario' }
}

/**
 * Resolves every price a validated scenario needs.
 *
 * @example
 * pricingContext(defaultScenario()).frontier.inputPerMTokUSD // => 2
 */
export function pricingContext(scenario: Scenario): PricingContext {
  const { frontier, rag, smallModel } = scenario
  const hosting = smallModel.hosting
  let selfHosted: SelfHostedPricing | undefined
  if (hosting.kind === 'self-hosted') {
    const architecture = typeof hosting.architecture === 'string' ? architecturePreset(hosting.architecture) : hosting.architecture
    selfHosted = {
      hosting,
      serving: pricedGpu(hosting.gpu, hosting.gpuHourUSD),
      training: pricedGpu(hosting.trainingGpu ?? hosting.gpu, hosting.trainingGpu ? undefined : hosting.gpuHourUSD),
      architecture,
      trainingFlopsPerToken: trainingFlops(architecture, trainingMethodOf(hosting), 1, true).total,
    }
  }
  const ctx: PricingContext = {
    scenario,
    frontier: must(resolveTokenModel(frontier.provider, frontier.model, frontier.prices), 'frontier model'),
    embedding: must(resolveTokenModel(rag.embedding.provider, rag.embedding.model, rag.embedding.prices), 'embedding model'),
    smallApi: hosting.kind === 'api' ? must(resolveTokenModel(hosting.provider, hosting.model, hosting.prices), 'small model') : undefined,
    selfHosted,
    calls: { production: 0, productionWithContext: 0, teacher: 0, teacherWithContext: 0 },
  }
  refreshFrontierCallPrices(ctx)
  return ctx
}

/** Copies explicit token prices into a priced model (they are the model's prices when given). */
function copyPrices(model: PricedModel, prices: TokenPrices | undefined): void {
  if (!prices) return
  model.inputPerMTokUSD = prices.inputPerMTokUSD
  model.outputPerMTokUSD = prices.outputPerMTokUSD ?? 0
  if (prices.cacheReadPerMTokUSD !== undefined) model.cacheReadPerMTokUSD = prices.cacheReadPerMTokUSD
  if (prices.cacheWritePerMTokUSD !== undefined) model.cacheWritePerMTokUSD = prices.cacheWritePerMTokUSD
}

/**
 * Re-reads the prices a scenario states itself (explicit token prices, GPU-hour overrides) from
 * `ctx.scenario` after its numbers changed in place (one simulation draw), and re-prices the
 * frontier calls. Model and GPU ids never change, so nothing is looked up again. Allocation-free.
 *
 * @example
 * const ctx = pricingContext(defaultScenario())
 * ctx.selfHosted.serving.gpuHourUSD // => 0.7992 (the L4's list price in data/gpus.json)
 * ctx.scenario.smallModel.hosting.gpuHourUSD = 1.1
 * refreshPricingContext(ctx)
 * ctx.selfHosted.serving.gpuHourUSD // => 1.1
 */
export function refreshPricingContext(ctx: PricingContext): void {
  const { frontier, rag, smallModel } = ctx.scenario
  copyPrices(ctx.frontier, frontier.prices)
  copyPrices(ctx.embedding, rag.embedding.prices)
  const hosting = smallModel.hosting
  if (hosting.kind === 'api' && ctx.smallApi) copyPrices(ctx.smallApi, hosting.prices)
  const self = ctx.selfHosted
  if (hosting.kind === 'self-hosted' && self) {
    self.hosting = hosting
    if (hosting.gpuHourUSD !== undefined) {
      self.serving.gpuHourUSD = hosting.gpuHourUSD
      if (!hosting.trainingGpu) self.training.gpuHourUSD = hosting.gpuHourUSD
    }
  }
  refreshFrontierCallPrices(ctx)
}
