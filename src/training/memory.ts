/**
 * GPU memory for training (full 16-bit fine-tuning, LoRA, QLoRA) and for serving, in bytes:
 * weights, quantisation constants, adapters, gradients, optimizer state and activations.
 * Every formula names its source; the notes the estimator returns repeat them.
 */
import { checkNumber } from '../scenario/check-number.js'
import { InvalidArgumentError } from '../scenario/messages.js'
import { RANGES } from '../scenario/ranges.js'
import { headDimension, loraParameters, parameterCounts, validateArchitecture, type Architecture } from './architecture.js'

/** How the model is trained. */
export type TrainingMethod =
  /** All weights train: 16-bit weights and gradients, Adam m and v in fp32; `masterWeights` adds an fp32 copy. */
  | { kind: 'full'; masterWeights?: boolean }
  /** Frozen 16-bit base; low-rank adapters of rank r on the target modules. `alpha` scales, it costs nothing. */
  | { kind: 'lora'; rank: number; alpha?: number; targetModules: string[] }
  /** Frozen 4-bit NF4 base (blocks of `blockSize`, default 64; `doubleQuantization` default false, as in bitsandbytes). */
  | { kind: 'qlora'; rank: number; alpha?: number; targetModules: string[]; doubleQuantization?: boolean; blockSize?: number }

/** The batch a training step holds in memory. */
export interface ActivationShape {
  /** Tokens per sequence s. */
  sequenceLength: number
  /** Sequences per micro-batch b (per GPU). */
  microBatchSize: number
  /** Full activation recomputation: keep only each block's input, recompute the rest in backward. */
  gradientCheckpointing: boolean
}

/** Training memory on one GPU that holds the whole model, in bytes. */
export interface TrainingMemory {
  /** Base weights: 16-bit, or 4-bit NF4 block linears plus 16-bit embeddings, head and norms (QLoRA). */
  weightsBytes: number
  /** QLoRA block-wise quantisation constants (absmax); 0 otherwise. */
  quantizationConstantsBytes: number
  /** LoRA/QLoRA adapter weights in bf16; 0 for full fine-tuning (the weights are the trainables). */
  adapterBytes: number
  /** Gradients of the trainable parameters, 16-bit. */
  gradientsBytes: number
  /** Adam m and v in fp32 (8 B per trainable), plus the fp32 master copy (4 B) when asked for. */
  optimizerStateBytes: number
  /** Activations kept for the backward pass, including the fp32 logits. */
  activationsBytes: number
  /** Sum of the above. */
  totalBytes: number
}

/** Activation memory parts, in bytes. */
export interface ActivationMemory {
  /** One block without recomputation: `s b h (34 + 5 a s / h)`. */
  perLayerBytes: number
  /** What the blocks keep: `L x perLayer`, or with checkpointing `2 s b h L + perLayer`. */
  layersBytes: number
  /** fp32 logits for the cross-entropy: `4 s b V`. */
  logitsBytes: number
  /** `layersBytes + logitsBytes`. */
  totalBytes: number
}

/** Bytes of one 16-bit (bf16/fp16) value. */
export const BYTES_16BIT = 2
/** Adam state per trainable parameter: fp32 first and second moments, 4 + 4 bytes. */
export const ADAM_STATE_BYTES = 8
/** fp32 master copy of a weight (mixed-precision training), bytes. */
export const MASTER_WEIGHT_BYTES = 4
/** Bits of one NF4 weight. */
export const NF4_BITS = 4
/** QLoRA default quantisation block: 64 weights share one absmax constant. */
export const DEFAULT_QLORA_BLOCK_SIZE = 64
/** Double quantisation: 256 first-level constants share one fp32 second-level constant. */
export const DOUBLE_QUANT_SECOND_BLOCK = 256

/**
 * Checks a training method against an architecture and returns it.
 *
 * @throws e.g. `invalid rank: 0 (must be >= 1)`, `invalid blockSize: 3.5 (must be
 *   integer)`, `invalid method.kind: "dora" (must be "full", "lora" or "qlora")`, or
 *   an unknown target module
 * @example
 * validateTrainingMethod(architecturePreset('llama-2-7b'), { kind: 'lora', rank: 8, targetModules: ['q_proj'] }).kind // => 'lora'
 * validateTrainingMethod(architecturePreset('llama-2-7b'), { kind: 'lora', rank: 0, targetModules: ['q_proj'] }) // throws invalid rank: 0 (must be >= 1)
 */
export function validateTrainingMethod(architecture: Architecture, method: TrainingMethod): TrainingMethod {
  if (method === null || typeof method !== 'object') {
    throw new InvalidArgumentError(`invalid method: ${JSON.stringify(method)} (must be an object with kind "full", "lora" or "qlora")`)
  }
  if (method.kind === 'full') {
    if (method.masterWeights !== undefined && typeof method.masterWeights !== 'boolean') {
      throw new InvalidArgumentError(`invalid masterWeights: ${JSON.stringify(method.masterWeights)} (must be true or false)`)
    }
    return method
  }
  if (method.kind !== 'lora' && method.kind !== 'qlora') {
    throw new InvalidArgumentError(`invalid method.kind: ${JSON.stringify((method as { kind: unknown }).kind)} (must be "full", "lora" or "qlora")`)
  }
  checkNumber('rank', method.rank, { min: 1, max: RANGES.loraRank.max, integer: true })
  if (method.alpha !== undefined) checkNumber('alpha', method.alpha, { exclusiveMin: 0 })
  loraParameters(architecture, method.rank, method.targetModules) // throws for unknown modules
  if (method.kind === 'qlora') {
    if (method.blockSize !== undefined) checkNumber('blockSize', method.blockSize, { min: 1, integer: true })
    if (method.doubleQuantization !== undefined && typeof method.doubleQuantization !== 'boolean') {
      throw new InvalidArgumentError(`invalid doubleQuantization: ${JSON.stringify(method.doubleQuantization)} (must be true or false)`)
    }
  }
  return method
}

/**
 * Checks the batch shape and returns it.
 *
 * @throws e.g. `invalid sequenceLength: 0 (must be >= 1)`
 * @example
 * validateActivationShape({ sequenceLength: 512, microBatchSize: 1, gradientCheckpointing: true }).sequenceLength // => 512
 * validateActivationShape({ sequenceLength: 0, microBatchSize: 1, gradientCheckpointing: true }) // throws invalid sequenceLength: 0 (must be >= 1)
 */
export function validateActivationShape(shape: ActivationShape): ActivationShape {
  checkNumber('sequenceLength', shape.sequenceLength, { min: 1, max: RANGES.sequenceLength.max, integer: true })
  checkNumber('microBatchSize', shape.microBatchSize, { min: 1, max: RANGES.microBatchSize.max, integer: true })
  if (typeof shape.gradientCheckpointing !== 'boolean') {
    throw new InvalidArgumentError(`invalid gradientCheckpointing: ${JSON.stringify(shape.gradientCheckpointing)} (must be true or false)`)
  }
  return shape
}

/**
 * Bits of quantisation constants per quantised weight. One fp32 absmax per block of B weights:
 * `32 / B` (0.5 bit at B = 64). With double quantisation the constants are themselves stored
 * in 8 bits with one fp32 constant per 256 of them: `8 / B + 32 / (256 B)` (0.127 bit at
 * B = 64). Dettmers et al. 2023, QLoRA, §3 "Double Quantization" (https://arxiv.org/abs/2305.14314).
 *
 * @throws {InvalidArgumentError} when `blockSize` is not an integer >= 1
 * @example
 * quantizationConstantBits({ doubleQuantization: true, blockSize: 64 }) // => 0.126953125 (8/64 + 32/16384)
 * quantizationConstantBits({ doubleQuantization: false, blockSize: 64 }) // => 0.5 (32/64)
 * quantizationConstantBits({ doubleQuantization: false, blockSize: 0 }) // throws invalid blockSize: 0 (must be >= 1)
 */
export function quantizationConstantBits(options: { doubleQuantization: boolean; blockSize: number }): number {
  const { doubleQuantization, blockSize } = options
  checkNumber('blockSize', blockSize, { min: 1, integer: true })
  return doubleQuantization ? 8 / blockSize + 32 / (blockSize * DOUBLE_QUANT_SECOND_BLOCK) : 32 / blockSize
}

/**
 * Activation memory of one transformer block with 16-bit activations and no recomputation:
 * `s b h (34 + 5 a s / h)` bytes (attention 11sbh + 5as²b, MLP 19sbh, norms 4sbh).
 * Korthikanti et al. 2022, "Reducing Activation Recomputation in Large Transformer Models",
 * §4.1 (https://arxiv.org/abs/2205.05198). It assumes standard attention that stores
 * the s x s scores (FlashAttention removes the `5 a s / h` term) and a 4h MLP.
 *
 * @throws {InvalidArgumentError} when `sequenceLength` or `microBatchSize` is not an integer >= 1
 * @example
 * // s = 512, b = 1, h = 8192, a = 64: 512 x 8192 x (34 + 5 x 64 x 512 / 8192) = 4_194_304 x 54
 * activationBytesPerLayer(architecturePreset('llama-65b'), 512, 1) // => 226_492_416
 * activationBytesPerLayer(architecturePreset('llama-65b'), 512, 0) // throws invalid microBatchSize: 0 (must be >= 1)
 */
export function activationBytesPerLayer(architecture: Architecture, sequenceLength: number, microBatchSize: number): number {
  checkNumber('sequenceLength', sequenceLength, { min: 1, integer: true })
  checkNumber('microBatchSize', microBatchSize, { min: 1, integer: true })
  const { hidden: h, heads: a } = architecture
  const s = sequenceLength
  const b = microBatchSize
  return s * b * h * (34 + (5 * a * s) / h)
}

/**
 * Activation memory of a training step. Without checkpointing every block keeps its
 * activations: `L x s b h (34 + 5 a s / h)`. With full gradient checkpointing only each block's
 * 16-bit input stays, `2 s b h` per block, plus one block's full activations while it is
 * recomputed (Korthikanti et al. 2022 §5 "full activation recomputation",
 * https://arxiv.org/abs/2205.05198). Both add the fp32 logits the cross-entropy keeps,
 * `4 s b V` (ibid. §4, output layer).
 *
 * @example
 * // tiny: L = 2, h = 8, a = 2, V = 10, s = 4, b = 1: per layer 4 x 8 x (34 + 5 x 2 x 4 / 8) = 1248
 * // no checkpointing: 2 x 1248 + 4 x 4 x 10 = 2656; checkpointing: 2 x 4 x 8 x 2 + 1248 + 160 = 1536
 * const tiny = { name: 'tiny', layers: 2, hidden: 8, intermediate: 16, heads: 2, kvHeads: 2, vocab: 10, tiedEmbeddings: false, mlp: 'gated' }
 * activationMemory(tiny, { sequenceLength: 4, microBatchSize: 1, gradientCheckpointing: true }).totalBytes // => 1536
 * activationMemory(tiny, { sequenceLength: 4, microBatchSize: 1, gradientCheckpointing: false }).totalBytes // => 2656
 */
export function activationMemory(architecture: Architecture, shape: ActivationShape): ActivationMemory {
  const { sequenceLength: s, microBatchSize: b, gradientCheckpointing } = shape
  const perLayerBytes = activationBytesPerLayer(architecture, s, b)
  const layersBytes = gradientCheckpointing
    ? BYTES_16BIT * s * b * architecture.hidden * architecture.layers + perLayerBytes
    : architecture.layers * perLayerBytes
  const logitsBytes = 4 * s * b * architecture.vocab
  return { perLayerBytes, layersBytes, logitsBytes, totalBytes: layersBytes + logitsBytes }
}

/**
 * Trainable parameters of a method: all of them for full fine-tuning, the adapters otherwise.
 *
 * @example
 * trainableParameters(architecturePreset('llama-2-7b'), { kind: 'lora', rank: 8, targetModules: ['q_proj', 'v_proj'] }) // => 4_194_304
 * trainableParameters(architecturePreset('llama-2-7b'), { kind: 'full' }) // => 6_738_415_616
 */
export function trainableParameters(architecture: Architecture, method: TrainingMethod): number {
  return method.kind === 'full'
    ? parameterCounts(architecture).total
    : loraParameters(architecture, method.rank, method.targetModules)
}

/**
 * Training memory when one GPU holds the whole model (data-parallel replicas each hold this).
 *
 * - full: 2 B weights + 2 B gradients + 8 B Adam (fp32 m, v) = 12 B/parameter, the accounting
 *   behind QLoRA's ">780 GB" for LLaMA-65B (Dettmers et al. 2023, §1,
 *   https://arxiv.org/abs/2305.14314); `masterWeights` adds a 4 B fp32 copy, 16 B/parameter as
 *   in ZeRO's mixed-precision Adam (Rajbhandari et al. 2019, §3.1, https://arxiv.org/abs/1910.02054).
 * - lora: frozen base at 2 B/parameter; adapters (Hu et al. 2021, https://arxiv.org/abs/2106.09685)
 *   at 2 B + 2 B gradients + 8 B Adam per adapter parameter.
 * - qlora: block linear weights in 4-bit NF4 (0.5 B) plus constants at
 *   {@link quantizationConstantBits}; embeddings, output head, norms and biases stay 16-bit
 *   (bitsandbytes replaces only `nn.Linear` in the blocks); adapters as for lora.
 *
 * Activations from {@link activationMemory}.
 *
 * @example
 * // llama-65b full: 65_285_660_672 parameters x 12 B = 783.4 GB before activations
 * trainingMemory(architecturePreset('llama-65b'), { kind: 'full' }, { sequenceLength: 512, microBatchSize: 1, gradientCheckpointing: true }).totalBytes > 780e9 // => true
 */
export function trainingMemory(architecture: Architecture, method: TrainingMethod, shape: ActivationShape): TrainingMemory {
  const counts = parameterCounts(architecture)
  const activationsBytes = activationMemory(architecture, shape).totalBytes
  let weightsBytes: number
  let quantizationConstantsBytes = 0
  let adapterBytes = 0
  let gradientsBytes: number
  let optimizerStateBytes: number
  if (method.kind === 'full') {
    weightsBytes = BYTES_16BIT * counts.total
    gradientsBytes = BYTES_16BIT * counts.total
    optimizerStateBytes = (ADAM_STATE_BYTES + (method.masterWeights ? MASTER_WEIGHT_BYTES : 0)) * counts.total
  } else {
    const adapters = loraParameters(architecture, method.rank, method.targetModules)
    if (method.kind === 'lora') {
      weightsBytes = BYTES_16BIT * counts.total
    } else {
      const quantized = counts.blockLinearWeights
      weightsBytes = (NF4_BITS / 8) * quantized + BYTES_16BIT * (counts.total - quantized)
      quantizationConstantsBytes =
        (quantized *
          quantizationConstantBits({
            doubleQuantization: method.doubleQuantization ?? false,
            blockSize: method.blockSize ?? DEFAULT_QLORA_BLOCK_SIZE,
          })) /
        8
    }
    adapterBytes = BYTES_16BIT * adapters
    gradientsBytes = BYTES_16BIT * adapters
    optimizerStateBytes = ADAM_STATE_BYTES * adapters
  }
  return {
    weightsBytes,
    quantizationConstantsBytes,
    adapterBytes,
    gradientsBytes,
    optimizerStateBytes,
    activationsBytes,
    totalBytes: weightsBytes + quantizationConstantsBytes + adapterBytes + gradientsBytes + optimizerStateBytes + activationsBytes,
  }
}

/** What a serving GPU must hold. */
export interface InferenceMemoryOptions {
  /** Bits per stored weight: 16 for bf16, 8 for int8, about 4.5 for 4-bit formats with constants. */
  bitsPerWeight: number
  /** Tokens of context per sequence (prompt + output). */
  contextTokens: number
  /** Sequences served at once (the KV cache holds each). */
  concurrentSequences: number
  /** Bits per cached key/value element; default 16. */
  kvCacheBits?: number
}

/**
 * KV cache for serving: `2 (K and V) x layers x kvHeads x headDim x bytes per value` per token,
 * times context and concurrent sequences. Kwon et al. 2023, vLLM, §2.3 (OPT-13B: 2 x 5120 x 40
 * x 2 B = 800 KB per token; https://arxiv.org/abs/2309.06180).
 *
 * @throws {InvalidArgumentError} when a count is not an integer >= 0 or `kvCacheBits` not above 0
 * @example
 * // llama-2-13b (40 layers, 40 kv heads x 128 = 5120): 2 x 40 x 5120 x 2 B = 819_200 B per token
 * kvCacheBytes(architecturePreset('llama-2-13b'), { contextTokens: 1, concurrentSequences: 1 }) // => 819_200
 * kvCacheBytes(architecturePreset('llama-2-13b'), { contextTokens: 1.5, concurrentSequences: 1 }) // throws invalid contextTokens: 1.5 (must be integer)
 */
export function kvCacheBytes(
  architecture: Architecture,
  options: { contextTokens: number; concurrentSequences: number; kvCacheBits?: number },
): number {
  checkNumber('contextTokens', options.contextTokens, { min: 0, integer: true })
  checkNumber('concurrentSequences', options.concurrentSequences, { min: 0, integer: true })
  if (options.kvCacheBits !== undefined) checkNumber('kvCacheBits', options.kvCacheBits, { exclusiveMin: 0 })
  const bytesPerValue = (options.kvCacheBits ?? 16) / 8
  const perToken = 2 * architecture.layers * architecture.kvHeads * headDimension(architecture) * bytesPerValue
  return perToken * options.contextTokens * options.concurrentSequences
}

/**
 * Memory a serving GPU needs: every weight at `bitsPerWeight` plus the KV cache
 * ({@link kvCacheBytes}). No allowance for the runtime's workspace or fragmentation.
 *
 * @throws for a non-positive `bitsPerWeight`/`kvCacheBits` or a negative or fractional count,
 *   e.g. `invalid bitsPerWeight: 0 (must be > 0)`
 * @example
 * // llama-2-7b in bf16, 4096 tokens x 8 sequences: 6_738_415_616 x 2 B + 524_288 B x 4096 x 8
 * inferenceMemoryBytes(architecturePreset('llama-2-7b'), { bitsPerWeight: 16, contextTokens: 4096, concurrentSequences: 8 }) // => 30_656_700_416
 */
export function inferenceMemoryBytes(architecture: Architecture, options: InferenceMemoryOptions): number {
  validateArchitecture(architecture)
  const { bitsPerWeight, contextTokens, concurrentSequences, kvCacheBits } = options
  checkNumber('bitsPerWeight', bitsPerWeight, { exclusiveMin: 0 })
  if (kvCacheBits !== undefined) checkNumber('kvCacheBits', kvCacheBits, { exclusiveMin: 0 })
  checkNumber('contextTokens', contextTokens, { min: 0, integer: true })
  checkNumber('concurrentSequences', concurrentSequences, { min: 0, integer: true })
  const weights = (parameterCounts(architecture).total * bitsPerWeight) / 8
  return weights + kvCacheBytes(architecture, { contextTokens, concurrentSequences, kvCacheBits })
}
