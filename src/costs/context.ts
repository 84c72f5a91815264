/**
 * The pricing context: a scenario with every price it needs resolved (the frontier model, the
 * API-hosted small model, the embedding model, the GPUs) and the per-request frontier prices the
 * cost parts share. Built by `pricingContext` (`pricing-context.ts`).
 */
import type { Architecture } from '../training/index.js'
import type { GpuSpec } from '../prices/gpus.js'
import type { PricedModel } from '../prices/tokens.js'
import type { Scenario, SelfHosting } from '../scenario/schema.js'

/** GPU with the price the scenario uses (its override, or the table's list price). */
export interface PricedGpu {
  spec: GpuSpec
  gpuHourUSD: number
  priceSource: string
}

/** Self-hosted serving and training: the GPUs, the architecture and its training FLOPs per token. */
export interface SelfHostedPricing {
  hosting: SelfHosting
  serving: PricedGpu
  training: PricedGpu
  architecture: Architecture
  /** Training FLOPs per training token for the scenario's method (LoRA/QLoRA, gradient checkpointing). */
  trainingFlopsPerToken: number
}

/**
 * The price of one frontier call of each kind the cost parts use (USD): a production request
 * (the task's output, its batch share) and a teacher label (the teacher's output, batch API when
 * the scenario says so), each without and with retrieved context. Computed once per scenario (per
 * draw in the simulation) by `frontierCallUSD`; every part reads these.
 */
export interface FrontierCallPrices {
  production: number
  productionWithContext: number
  teacher: number
  teacherWithContext: number
}

/** Everything priced that the strategies need. */
export interface PricingContext {
  scenario: Scenario
  frontier: PricedModel
  embedding: PricedModel
  /** The API-hosted small model; undefined when self-hosted. */
  smallApi: PricedModel | undefined
  /** Serving and training GPUs; undefined when API-hosted. */
  selfHosted: SelfHostedPricing | undefined
  /** The frontier calls the parts price, for the scenario as it is now. */
  calls: FrontierCallPrices
}
