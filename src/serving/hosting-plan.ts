/**
 * The serving model's question for a self-hosted scenario: its architecture on its GPU at its
 * weight and KV-cache bits, with its efficiencies and latency target, for a request of given
 * input and output tokens. One path from a scenario's hosting fields to {@link servingPlan}: the
 * cost model (src/costs/hosting.ts) and the scenario checks both ask it.
 */
import type { Architecture } from '../training/architecture.js'
import type { SelfHosting } from '../scenario/schema.js'
import { servingGpu } from './calibration.js'
import { DEFAULT_EFFICIENCIES, servingAt, servingPlan, servingSizes, type LatencyTarget, type ServingInput, type ServingPlan } from './roofline.js'

/**
 * The {@link ServingInput} of a self-hosted scenario for requests of `inputTokens` and
 * `outputTokens` (the adapted prompt: instruction, input and any retrieved context).
 *
 * @example
 * const hosting = defaultScenario().smallModel.hosting
 * const input = hostingServingInput(hosting, architecturePreset('qwen2.5-1.5b'), 320, 12)
 * const shown = [input.gpu.name, input.weightBits, input.efficiencies.compute]
 * shown // => ['NVIDIA L4', 16, 0.51]
 */
export function hostingServingInput(hosting: SelfHosting, architecture: Architecture, inputTokens: number, outputTokens: number): ServingInput {
  const efficiency = hosting.servingEfficiency
  return {
    architecture,
    gpu: servingGpu(hosting.gpu),
    weightBits: hosting.weightBits,
    kvBits: hosting.kvCacheBits,
    inputTokens,
    outputTokens,
    ...(hosting.concurrency === undefined ? {} : { concurrency: hosting.concurrency }),
    efficiencies: {
      compute: efficiency?.compute ?? DEFAULT_EFFICIENCIES.compute,
      bandwidth: efficiency?.bandwidth ?? DEFAULT_EFFICIENCIES.bandwidth,
      memory: DEFAULT_EFFICIENCIES.memory,
    },
  }
}

/**
 * The scenario's latency target in seconds (its fields are milliseconds); empty when it has none.
 *
 * @example
 * hostingLatency({ latencyTarget: { timePerOutputTokenMs: 50 } }) // => { tpotSeconds: 0.05 }
 * hostingLatency({}) // => {}
 */
export function hostingLatency(hosting: Pick<SelfHosting, 'latencyTarget'>): LatencyTarget {
  const target = hosting.latencyTarget
  const out: LatencyTarget = {}
  if (target?.timeToFirstTokenMs !== undefined) out.ttftSeconds = target.timeToFirstTokenMs / 1000
  if (target?.timePerOutputTokenMs !== undefined) out.tpotSeconds = target.timePerOutputTokenMs / 1000
  return out
}

/**
 * The serving plan of a self-hosted scenario: the largest batch that fits the KV cache and meets
 * the latency target, with its requests/s and formula.
 *
 * @throws {RangeError} when the weights do not fit the GPU or no batch meets the target
 */
export function hostingServingPlan(hosting: SelfHosting, architecture: Architecture, inputTokens: number, outputTokens: number): ServingPlan {
  return servingPlan(hostingServingInput(hosting, architecture, inputTokens, outputTokens), hostingLatency(hosting))
}

/**
 * Requests/s of {@link hostingServingPlan}, for the simulation's draws: where a draw's inputs
 * leave no batch that meets the latency target, the GPU serves one sequence at a time (the
 * target is missed; the scenario checks hold it at the point values); `Number.MIN_VALUE` (so
 * infinitely many GPUs) where not one sequence fits beside the weights.
 */
export function hostingRequestsPerSecond(hosting: SelfHosting, architecture: Architecture, inputTokens: number, outputTokens: number): number {
  const input = hostingServingInput(hosting, architecture, inputTokens, outputTokens)
  try {
    return servingPlan(input, hostingLatency(hosting)).requestsPerSecond
  } catch (error) {
    // Only the plan's own refusals (no batch meets the target, nothing fits); a bug still throws.
    if (!(error instanceof RangeError)) throw error
    const sizes = servingSizes(input)
    // Not one sequence fits beside the weights: no finite number of GPUs serves it.
    return sizes.maxBatch >= 1 ? servingAt(input, 1, sizes).requestsPerSecond : Number.MIN_VALUE
  }
}
