/**
 * Prices resolved once per scenario: the frontier model, the API-hosted small model, the
 * embedding model and the GPUs. Validation has already checked that each can be resolved.
 */
import { architecturePreset, type Architecture } from '../training/index.js'
import { gpuById, type GpuSpec } from '../prices/gpus.js'
import { resolveTokenModel, type PricedModel } from '../prices/tokens.js'
import type { Scenario, SelfHosting } from '../scenario/schema.js'

/** GPU with the price the scenario uses (its override, or the table's list price). */
export interface PricedGpu {
  spec: GpuSpec
  gpuHourUSD: number
  priceSource: string
}

/** Everything priced that the strategies need. */
export interface PricingContext {
  scenario: Scenario
  frontier: PricedModel
  embedding: PricedModel
  /** The API-hosted small model; undefined when self-hosted. */
  smallApi: PricedModel | undefined
  /** Serving and training GPUs; undefined when API-hosted. */
  selfHosted:
    | { hosting: SelfHosting; serving: PricedGpu; training: PricedGpu; architecture: Architecture }
    | undefined
}

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

/** Resolves every price a validated scenario needs. */
export function pricingContext(scenario: Scenario): PricingContext {
  const { frontier, rag, smallModel } = scenario
  const hosting = smallModel.hosting
  return {
    scenario,
    frontier: must(resolveTokenModel(frontier.provider, frontier.model, frontier.prices), 'frontier model'),
    embedding: must(resolveTokenModel(rag.embedding.provider, rag.embedding.model, rag.embedding.prices), 'embedding model'),
    smallApi:
      hosting.kind === 'api'
        ? must(resolveTokenModel(hosting.provider, hosting.model, hosting.prices), 'small model')
        : undefined,
    selfHosted:
      hosting.kind === 'self-hosted'
        ? {
            hosting,
            serving: pricedGpu(hosting.gpu, hosting.gpuHourUSD),
            training: pricedGpu(hosting.trainingGpu ?? hosting.gpu, hosting.trainingGpu ? undefined : hosting.gpuHourUSD),
            architecture:
              typeof hosting.architecture === 'string' ? architecturePreset(hosting.architecture) : hosting.architecture,
          }
        : undefined,
  }
}
