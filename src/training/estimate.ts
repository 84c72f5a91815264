/**
 * The training estimator: from an architecture, a method (full, LoRA, QLoRA), a batch shape and
 * a token count to memory per GPU, whether it fits, FLOPs, GPU-hours and cost, with a note for
 * every formula used and its source. Validates its input once, here.
 */
import { checkNumber } from '../scenario/check-number.js'
import { assertFinite } from '../scenario/finite.js'
import { RANGES } from '../scenario/ranges.js'
import { InvalidArgumentError } from '../scenario/messages.js'
import type { GpuSpec } from '../prices/gpus.js'
import { parameterCounts, resolveTargetModules, validateArchitecture, type Architecture } from './architecture.js'
import { attentionFlopsShare, gpuHoursFor, trainingFlops } from './flops.js'
import {
  activationMemory,
  quantizationConstantBits,
  trainableParameters,
  trainingMemory,
  validateActivationShape,
  validateTrainingMethod,
  DEFAULT_QLORA_BLOCK_SIZE,
  type TrainingMemory,
  type TrainingMethod,
} from './memory.js'

/** What the estimator needs of a GPU: a {@link GpuSpec} from the table, or one a scenario describes. */
export type TrainingGpu = Pick<GpuSpec, 'id' | 'name' | 'memoryGiB' | 'bf16DenseTflops' | 'usdPerHour'> &
  Partial<Pick<GpuSpec, 'peakPrecision'>>

/** A training run to estimate. */
export interface TrainingEstimateInput {
  /** The model trained (a preset or a config). */
  architecture: Architecture
  /** Full fine-tuning, LoRA or QLoRA. */
  method: TrainingMethod
  /** Tokens per sequence. */
  sequenceLength: number
  /** Sequences per micro-batch, per GPU. */
  microBatchSize: number
  /** Full activation recomputation (checkpointing every block). */
  gradientCheckpointing: boolean
  /** Tokens processed in training: examples x tokens per example x epochs. */
  trainingTokens: number
  /** The GPU trained on. */
  gpu: TrainingGpu
  /** GPUs used together; default 1. */
  gpuCount?: number
  /** Fraction of the GPU's dense bf16 peak reached on the FLOPs counted, in (0, 1]. */
  utilisation: number
  /**
   * `replicated` (default): every GPU holds the whole model (data parallel). `fully-sharded`:
   * weights, gradients and optimizer state are split evenly over the GPUs (ZeRO-3 / FSDP,
   * Rajbhandari et al. 2019, https://arxiv.org/abs/1910.02054); activations are not.
   */
  sharding?: 'replicated' | 'fully-sharded'
}

/** The estimate. Memory is per GPU, in bytes; time in hours; cost in USD. */
export interface TrainingEstimate {
  /** Parameters of the architecture (count). */
  totalParameters: number
  /** Parameters that receive gradients: all (full) or the adapters (count). */
  trainableParameters: number
  /** Memory on each GPU, bytes. */
  memory: TrainingMemory
  /** `memory.totalBytes <= gpuMemoryBytes` (no allowance for the CUDA context or fragmentation). */
  fitsGpu: boolean
  /** The GPU's nominal memory, `memoryGiB x 2^30` bytes. */
  gpuMemoryBytes: number
  /** FLOPs of the run, recomputation included. */
  trainingFlops: number
  /** GPU-hours summed over GPUs (what is billed): `FLOPs / (peak x utilisation) / 3600`. */
  gpuHours: number
  /** Elapsed hours: `gpuHours / gpuCount` (perfect scaling assumed). */
  wallClockHours: number
  /** `gpuHours x gpu.usdPerHour`, USD. */
  costUSD: number
  /** Each formula used, with its numbers and its source. */
  notes: string[]
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US')
const sig = (n: number, digits = 3): string => Number(n.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 20 })
const bytes = (n: number): string => `${(n / 1e9).toFixed(2)} GB (${(n / 2 ** 30).toFixed(2)} GiB)`

function validateInput(input: TrainingEstimateInput): void {
  if (input === null || typeof input !== 'object') throw new InvalidArgumentError(`invalid input: ${JSON.stringify(input)} (must be an object)`)
  validateArchitecture(input.architecture)
  validateTrainingMethod(input.architecture, input.method)
  validateActivationShape(input)
  checkNumber('trainingTokens', input.trainingTokens, { min: 0, max: RANGES.trainingTokens.max })
  checkNumber('utilisation', input.utilisation, { exclusiveMin: 0, max: 1 })
  if (input.gpuCount !== undefined) checkNumber('gpuCount', input.gpuCount, { min: 1, max: RANGES.replicas.max, integer: true })
  if (input.sharding !== undefined && input.sharding !== 'replicated' && input.sharding !== 'fully-sharded') {
    throw new InvalidArgumentError(`invalid sharding: ${JSON.stringify(input.sharding)} (must be "replicated" or "fully-sharded")`)
  }
  const gpu = input.gpu
  if (gpu === null || typeof gpu !== 'object') throw new InvalidArgumentError(`invalid gpu: ${JSON.stringify(gpu)} (must be a GPU spec)`)
  checkNumber('gpu.memoryGiB', gpu.memoryGiB, { exclusiveMin: 0 })
  checkNumber('gpu.bf16DenseTflops', gpu.bf16DenseTflops, { exclusiveMin: 0 })
  checkNumber('gpu.usdPerHour', gpu.usdPerHour, { min: 0 })
}

function methodLabel(architecture: Architecture, method: TrainingMethod): string {
  if (method.kind === 'full') return `full 16-bit fine-tuning${method.masterWeights ? ' with fp32 master weights' : ''}`
  return `${method.kind === 'lora' ? 'LoRA' : 'QLoRA'} r=${method.rank} on ${resolveTargetModules(architecture, method.targetModules).join(', ')}`
}

/**
 * Estimates memory, compute, time and cost of one training run. Formulas (each repeated in
 * `notes` with its numbers): parameter counts from the config; memory from
 * {@link trainingMemory} (12 B/parameter full, Dettmers et al. 2023; +4 B master weights,
 * Rajbhandari et al. 2019; LoRA adapters `r (d_in + d_out)`, Hu et al. 2021; QLoRA NF4 and
 * constants, Dettmers et al. 2023; activations, Korthikanti et al. 2022); FLOPs from
 * {@link trainingFlops} (`6NT` full, Kaplan et al. 2020); GPU-hours
 * `FLOPs / (peak bf16 FLOP/s x utilisation) / 3600`.
 *
 * @throws for invalid input, naming the field and the value, e.g. `invalid rank: 0 (must be >= 1)`,
 *   `invalid utilisation: 1.5 (must be <= 1)` (the scenario validator's words); NonFiniteResultError
 *   (internal) when an output is Infinity or NaN, naming it and the inputs
 * @example
 * const estimate = estimateTraining({
 *   architecture: architecturePreset('llama-65b'),
 *   method: { kind: 'qlora', rank: 64, targetModules: ['all-linear'], doubleQuantization: true },
 *   sequenceLength: 512, microBatchSize: 1, gradientCheckpointing: true,
 *   trainingTokens: 10_000_000, gpu: gpuById('nvidia-rtx-a6000'), utilisation: 0.4,
 * })
 * estimate.fitsGpu // => true (45.0 GB on a 48 GiB GPU)
 */
export function estimateTraining(input: TrainingEstimateInput): TrainingEstimate {
  validateInput(input)
  const { architecture, method, trainingTokens, gpu, utilisation } = input
  const gpuCount = input.gpuCount ?? 1
  const sharded = input.sharding === 'fully-sharded'
  const counts = parameterCounts(architecture)
  const trainable = trainableParameters(architecture, method)
  const whole = trainingMemory(architecture, method, input)
  const share = sharded ? 1 / gpuCount : 1
  const memory: TrainingMemory = {
    weightsBytes: whole.weightsBytes * share,
    quantizationConstantsBytes: whole.quantizationConstantsBytes * share,
    adapterBytes: whole.adapterBytes * share,
    gradientsBytes: whole.gradientsBytes * share,
    optimizerStateBytes: whole.optimizerStateBytes * share,
    activationsBytes: whole.activationsBytes,
    totalBytes: 0,
  }
  memory.totalBytes =
    memory.weightsBytes +
    memory.quantizationConstantsBytes +
    memory.adapterBytes +
    memory.gradientsBytes +
    memory.optimizerStateBytes +
    memory.activationsBytes
  const gpuMemoryBytes = gpu.memoryGiB * 2 ** 30
  const flops = trainingFlops(architecture, method, trainingTokens, input.gradientCheckpointing)
  const gpuHours = gpuHoursFor(flops.total, gpu.bf16DenseTflops, utilisation)
  const costUSD = gpuHours * gpu.usdPerHour
  const activations = activationMemory(architecture, input)
  const { sequenceLength: s, microBatchSize: b } = input
  const { hidden: h, heads: a, layers: L, vocab: V } = architecture

  const notes: string[] = []
  notes.push(
    `${architecture.name}: ${count(counts.total)} parameters = embedding ${count(counts.embedding)} + output head ${count(counts.lmHead)}` +
      ` + ${L} blocks x ${count(counts.perLayer.total)} + final norm ${count(counts.finalNorm)} (shapes of the Hugging Face config)`,
  )
  notes.push(`method: ${methodLabel(architecture, method)}; ${count(trainable)} trainable parameters`)
  if (method.kind === 'full') {
    notes.push(
      `full fine-tuning: 2 B weights + 2 B gradients + 8 B Adam m and v (fp32) = 12 B per parameter` +
        (method.masterWeights ? ` + 4 B fp32 master weights = 16 B (ZeRO, Rajbhandari et al. 2019, arXiv:1910.02054)` : '') +
        ` = ${bytes(whole.weightsBytes + whole.gradientsBytes + whole.optimizerStateBytes)} (the accounting behind QLoRA's ">780 GB for 65B", Dettmers et al. 2023, arXiv:2305.14314)`,
    )
  } else {
    notes.push(
      `LoRA adapters: r x (d_in + d_out) per targeted linear per block = ${count(trainable)} parameters (Hu et al. 2021, arXiv:2106.09685);` +
        ` bf16 weights 2 B + bf16 gradients 2 B + Adam fp32 m and v 8 B = 12 B each = ${bytes(whole.adapterBytes + whole.gradientsBytes + whole.optimizerStateBytes)}`,
    )
    if (method.kind === 'lora') {
      notes.push(`frozen base in 16-bit: 2 B x ${count(counts.total)} = ${bytes(whole.weightsBytes)}`)
    } else {
      const doubleQuantization = method.doubleQuantization ?? false
      const blockSize = method.blockSize ?? DEFAULT_QLORA_BLOCK_SIZE
      const bits = quantizationConstantBits({ doubleQuantization, blockSize })
      notes.push(
        `QLoRA base: ${count(counts.blockLinearWeights)} block linear weights in 4-bit NF4 (0.5 B) + ${count(counts.total - counts.blockLinearWeights)}` +
          ` embedding, head and norm parameters in 16-bit (2 B) = ${bytes(whole.weightsBytes)} (Dettmers et al. 2023, arXiv:2305.14314)`,
      )
      notes.push(
        `quantisation constants: ` +
          (doubleQuantization
            ? `double quantisation, 8/${blockSize} + 32/(${blockSize} x 256) = ${sig(bits, 4)} bit`
            : `one fp32 absmax per block of ${blockSize}, 32/${blockSize} = ${sig(bits, 4)} bit`) +
          ` per quantised weight = ${bytes(whole.quantizationConstantsBytes)} (Dettmers et al. 2023 §3, arXiv:2305.14314)`,
      )
    }
  }
  notes.push(
    `activations (16-bit, standard attention): s b h (34 + 5 a s / h) = ${s} x ${b} x ${h} x (34 + 5 x ${a} x ${s} / ${h}) = ${bytes(activations.perLayerBytes)} per block` +
      (input.gradientCheckpointing
        ? `; with gradient checkpointing 2 s b h x ${L} blocks + one block recomputed = ${bytes(activations.layersBytes)}`
        : ` x ${L} blocks = ${bytes(activations.layersBytes)}`) +
      `; fp32 logits 4 s b V = 4 x ${s} x ${b} x ${V} = ${bytes(activations.logitsBytes)} (Korthikanti et al. 2022, arXiv:2205.05198; FlashAttention would drop the 5as/h term)`,
  )
  if (sharded && gpuCount > 1) {
    notes.push(`fully sharded over ${gpuCount} GPUs: weights, constants, adapters, gradients and optimizer state / ${gpuCount} per GPU (ZeRO-3 / FSDP, arXiv:1910.02054); activations are per GPU`)
  } else if (gpuCount > 1) {
    notes.push(`replicated over ${gpuCount} GPUs (data parallel): each GPU holds the whole model state; micro-batch ${b} per GPU`)
  }
  notes.push(
    `memory per GPU ${bytes(memory.totalBytes)} vs ${gpu.name} ${gpu.memoryGiB} GiB: ${memory.totalBytes <= gpuMemoryBytes ? 'fits' : 'does not fit'}` +
      ` (no allowance for the CUDA context and allocator fragmentation, typically 0.5-2 GiB)`,
  )
  const N = counts.matmul
  notes.push(
    method.kind === 'full'
      ? `FLOPs: 6 N T = 6 x ${count(N)} x ${count(trainingTokens)}` +
          (input.gradientCheckpointing ? ` + recomputed forward 2 N T` : '') +
          ` = ${flops.total.toExponential(3)} (Kaplan et al. 2020, arXiv:2001.08361; N = matmul parameters: block linears + output projection)`
      : `FLOPs: forward 2 (N + N_a) T + backward through the frozen base 2 (N + N_a) T + adapter weight gradients 2 N_a T` +
          (input.gradientCheckpointing ? ` + recomputed forward 2 (N + N_a) T` : '') +
          ` with N = ${count(N)}, N_a = ${count(trainable)}, T = ${count(trainingTokens)}: ${flops.total.toExponential(3)}` +
          ` (Kaplan et al. 2020, arXiv:2001.08361; Hu et al. 2021, arXiv:2106.09685)`,
  )
  notes.push(
    `not counted: attention-score FLOPs, 2 L s a d per token (Kaplan et al. 2020 Table 1), would add ${(100 * attentionFlopsShare(architecture, s)).toFixed(1)}% to the forward pass at s = ${s}` +
      (method.kind === 'qlora' ? `; QLoRA dequantisation work is not counted either` : ''),
  )
  notes.push(
    `GPU-hours: ${flops.total.toExponential(3)} FLOPs / (${sig(gpu.bf16DenseTflops, 6)} TFLOP/s dense ${gpu.peakPrecision ?? 'bf16'} peak x ${utilisation} utilisation) / 3600 = ${sig(gpuHours, 4)} GPU-hours` +
      (gpuCount > 1 ? `, ${sig(gpuHours / gpuCount, 4)} h elapsed on ${gpuCount} GPUs` : '') +
      `; utilisation applies to the FLOPs counted, recomputation included (MFU as in Chowdhery et al. 2022, arXiv:2204.02311)`,
  )
  notes.push(`cost: ${sig(gpuHours, 4)} GPU-hours x $${gpu.usdPerHour}/GPU-hour (${gpu.name}) = $${costUSD.toFixed(2)}`)

  const estimate: TrainingEstimate = {
    totalParameters: counts.total,
    trainableParameters: trainable,
    memory,
    fitsGpu: memory.totalBytes <= gpuMemoryBytes,
    gpuMemoryBytes,
    trainingFlops: flops.total,
    gpuHours,
    wallClockHours: gpuHours / gpuCount,
    costUSD,
    notes,
  }
  // Finite by construction: in-range inputs never give Infinity or NaN; an output that is names them.
  return assertFinite(estimate, 'estimate', () =>
    `${architecture.name} (${counts.total} parameters), ${methodLabel(architecture, method)}, trainingTokens = ${trainingTokens}, ` +
    `sequenceLength = ${s}, microBatchSize = ${b}, gpuCount = ${gpuCount} on ${gpu.name}`,
  )
}
