/**
 * Training compute in FLOPs, and the GPU-hours it takes at a given utilisation of peak.
 * N is the matrix-multiply parameter count ({@link ParameterCounts.matmul}); T is training
 * tokens (examples x tokens x epochs).
 */
import { checkNumber } from '../scenario/check-number.js'
import { headDimension, loraParameters, parameterCounts, type Architecture, type ParameterCounts } from './architecture.js'
import type { TrainingMethod } from './memory.js'

/** FLOPs of a training run, split by pass. */
export interface TrainingFlops {
  /** Forward pass: `2 (N + N_adapter) T`. */
  forward: number
  /** Backward pass: `4 N T` for full fine-tuning; activation gradients `2 (N + N_adapter) T` plus adapter weight gradients `2 N_adapter T` for LoRA/QLoRA. */
  backward: number
  /** Recomputed forward under gradient checkpointing; 0 without it. */
  recompute: number
  /** `forward + backward + recompute`. */
  total: number
}

/**
 * Training FLOPs. Full fine-tuning: `6 N T` (forward 2NT, backward 4NT; Kaplan et al. 2020,
 * §2.1, https://arxiv.org/abs/2001.08361). LoRA/QLoRA: the frozen base still runs forward
 * (2NT) and back-propagates activation gradients (2NT), but computes no weight gradients; the
 * adapters add `2 N_a T` forward, `2 N_a T` activation gradients and `2 N_a T` weight gradients
 * (N_a from Hu et al. 2021, https://arxiv.org/abs/2106.09685). Gradient checkpointing adds one
 * more forward, `2 (N + N_a) T`. Attention-score FLOPs (`2 L s a d` per token forward, Kaplan
 * Table 1) and QLoRA dequantisation are not counted.
 *
 * @throws {InvalidArgumentError} when `trainingTokens` is below 0
 * @example
 * // one block, h = i = 1000, a = 10, standard MLP, V = 1000 untied: N = 4e6 + 2e6 + 1e6 = 7e6
 * // full, T = 1e9, no checkpointing: 6 x 7e6 x 1e9 = 4.2e16
 * const round = { name: 'round', layers: 1, hidden: 1000, intermediate: 1000, heads: 10, kvHeads: 10, vocab: 1000, tiedEmbeddings: false, mlp: 'standard' }
 * trainingFlops(round, { kind: 'full' }, 1e9, false).total // => 4.2e16
 * trainingFlops(round, { kind: 'full' }, -1, false) // throws invalid trainingTokens: -1 (must be >= 0)
 */
export function trainingFlops(
  architecture: Architecture,
  method: TrainingMethod,
  trainingTokens: number,
  gradientCheckpointing: boolean,
): TrainingFlops {
  checkNumber('trainingTokens', trainingTokens, { min: 0 })
  const N = parameterCounts(architecture).matmul
  const T = trainingTokens
  if (method.kind === 'full') {
    const forward = 2 * N * T
    const backward = 4 * N * T
    const recompute = gradientCheckpointing ? forward : 0
    return { forward, backward, recompute, total: forward + backward + recompute }
  }
  const adapters = loraParameters(architecture, method.rank, method.targetModules)
  const forward = 2 * (N + adapters) * T
  const backward = 2 * (N + adapters) * T + 2 * adapters * T
  const recompute = gradientCheckpointing ? forward : 0
  return { forward, backward, recompute, total: forward + backward + recompute }
}

/**
 * The share attention scores would add to the forward FLOPs if counted: Kaplan et al. 2020
 * Table 1 gives `2 L s (a d)` per token for scores and weighted sum (context s) against the
 * `2 N` of the weights (https://arxiv.org/abs/2001.08361). Reported in the estimate's notes.
 *
 * @throws {InvalidArgumentError} when `sequenceLength` is not an integer >= 1
 * @example
 * // llama-65b, s = 512: 2 x 80 x 512 x 8192 / (2 x 65_022_197_760) = 671_088_640 / 130_044_395_520
 * attentionFlopsShare(architecturePreset('llama-65b'), 512) // => 0.00516 (0.5 %)
 */
export function attentionFlopsShare(architecture: Architecture, sequenceLength: number): number {
  checkNumber('sequenceLength', sequenceLength, { min: 1, integer: true })
  const counts: ParameterCounts = parameterCounts(architecture)
  const attention = 2 * architecture.layers * sequenceLength * architecture.heads * headDimension(architecture)
  return attention / (2 * counts.matmul)
}

/**
 * GPU-hours to run `flops` at a utilisation of peak: `flops / (peak FLOP/s x utilisation) /
 * 3600`, summed over GPUs (n GPUs finish in `gpuHours / n` hours of wall clock and are billed
 * `gpuHours`). MFU as defined by Chowdhery et al. 2022, PaLM, §4.1 and appendix B
 * (https://arxiv.org/abs/2204.02311); counting recomputation in `flops` makes it
 * hardware FLOPs utilisation.
 *
 * @throws {InvalidArgumentError} when `flops` is below 0, `peakTflops` not above 0 or `utilisation` outside (0, 1]
 * @example
 * // 4.2e16 FLOPs on a 100 TFLOP/s GPU at 50%: 4.2e16 / 5e13 = 840 s = 0.2333 GPU-hours
 * gpuHoursFor(4.2e16, 100, 0.5) // => 0.2333
 * gpuHoursFor(4.2e16, 100, 1.5) // throws invalid utilisation: 1.5 (must be <= 1)
 */
export function gpuHoursFor(flops: number, peakTflops: number, utilisation: number): number {
  checkNumber('flops', flops, { min: 0 })
  checkNumber('peakTflops', peakTflops, { exclusiveMin: 0 })
  checkNumber('utilisation', utilisation, { exclusiveMin: 0, max: 1 })
  return flops / (peakTflops * 1e12 * utilisation) / 3600
}
