/**
 * Serving throughput and latency from first principles (a roofline model of LLM inference):
 * how many requests a second one GPU serves a model at, from the task's input and output tokens,
 * the model's architecture and the GPU's spec.
 *
 * - Weights: matmul parameters x bits / 8 bytes (16-, 8- or 4-bit), plus the embedding table at
 *   16 bits (quantisers leave it alone).
 * - KV cache per token: 2 (K and V) x layers x kv heads x head width x KV bits / 8 bytes.
 * - Prefill of T input tokens is bound by compute: `2 N T + 2 L a d T^2` FLOPs (N matmul
 *   parameters; causal attention over a heads of width d in L layers) at the GPU's peak for the
 *   arithmetic the weights use, times a compute efficiency.
 * - A decode step of a batch of B sequences at average context c reads the weights once and
 *   each sequence's KV cache: `W + B c kv` bytes at the memory bandwidth times a bandwidth
 *   efficiency, or, when that is shorter, its `B (2 N + 4 L a d c)` FLOPs at the compute peak.
 * - The batch is limited by the KV cache that fits beside the weights in the usable memory.
 * - Continuous batching: while B sequences decode, requests finish and start at B / T_out per
 *   step, each needing its prefill, so a step of the steady state takes `decode(B) + B / T_out x
 *   prefill`: that is the time per output token; requests/s = B / (T_out x that).
 *
 * Weight-only quantisation (4-bit; 8-bit on GPUs without 8-bit tensor cores) shrinks the bytes
 * read but computes at the 16-bit peak; 8-bit on a GPU with fp8 (or int8) tensor cores computes
 * at that peak (W8A8).
 */
import { parameterCounts, headDimension, type Architecture } from '../training/architecture.js'

/** Bits a weight is stored in. */
export type WeightBits = 16 | 8 | 4

/** What the model needs of a GPU (data/gpus.json). */
export interface ServingGpu {
  name: string
  memoryGiB: number
  /** Dense 16-bit tensor peak, TFLOP/s. */
  bf16DenseTflops: number
  /** Dense fp8 tensor peak, TFLOP/s, where the GPU has fp8. */
  fp8DenseTflops?: number
  /** Dense int8 tensor peak, TOP/s, where the GPU has int8 tensor cores. */
  int8DenseTops?: number
  /** Memory bandwidth, GB/s (10^9 bytes). */
  memoryBandwidthGBs: number
}

/** The efficiencies the model applies to the GPU's peaks; calibrated against published figures. */
export interface ServingEfficiencies {
  /** Share of the compute peak prefill reaches. */
  compute: number
  /** Share of the memory bandwidth a decode step reaches. */
  bandwidth: number
  /** Share of the GPU's memory usable for weights and KV cache (the rest: activations, the runtime). */
  memory: number
}

/**
 * Default efficiencies: compute 0.51 and bandwidth 0.72 are the best fit to the fully stated
 * published figures of data/serving-benchmarks.json (`calibrationFit` in calibration.ts; 10
 * figures, TensorRT-LLM on H100, L40S and A100; root-mean-square log ratio 0.16; a test holds
 * them equal to the fit); memory 0.9 leaves a tenth of the GPU to activations and the runtime.
 */
export const DEFAULT_EFFICIENCIES: ServingEfficiencies = Object.freeze({ compute: 0.51, bandwidth: 0.72, memory: 0.9 })

/** One serving question. */
export interface ServingInput {
  architecture: Architecture
  gpu: ServingGpu
  weightBits: WeightBits
  /** Bits a KV-cache value is stored in (default 16). */
  kvBits?: 16 | 8
  /** Input tokens a request (its whole prompt). */
  inputTokens: number
  /** Output tokens a request. */
  outputTokens: number
  /** Concurrent sequences (the batch); default: the most the KV cache holds. */
  concurrency?: number
  efficiencies?: ServingEfficiencies
}

/** What one GPU does at a concurrency. */
export interface ServingPoint {
  /** Sequences decoding together. */
  batch: number
  /** Time to first token: one prefill, s. */
  ttftSeconds: number
  /** Time per output token in the steady state, s. */
  tpotSeconds: number
  /** Decode step alone at this batch, s, and what bounds it. */
  decodeStepSeconds: number
  decodeBound: 'memory' | 'compute'
  requestsPerSecond: number
  outputTokensPerSecond: number
}

/** The sizes behind a plan. */
export interface ServingSizes {
  weightBytes: number
  kvBytesPerToken: number
  /** Most sequences the KV cache holds beside the weights (0: the weights do not fit). */
  maxBatch: number
  /** Prefill of one request, s. */
  prefillSeconds: number
  /** The compute peak used, FLOP/s, and which one. */
  computePeakFlops: number
  computePeak: 'bf16' | 'fp8' | 'int8'
  /** Matmul parameters N (a token's forward pass is 2N FLOPs before attention). */
  matmulParameters: number
  /** Layers x heads x head width: attention over c tokens of context costs 4 x this x c FLOPs a token. */
  attentionWidth: number
}

function positive(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`invalid ${name}: ${value} (must be a finite number > 0)`)
}

/**
 * The sizes of a serving question: weight and KV bytes, the largest batch, the prefill time.
 *
 * @example
 * const gpu = { name: 'toy', memoryGiB: 24, bf16DenseTflops: 100, memoryBandwidthGBs: 1000 }
 * const sizes = servingSizes({ architecture: architecturePreset('llama-2-7b'), gpu, weightBits: 16, inputTokens: 1000, outputTokens: 100 })
 * sizes.kvBytesPerToken // => 524_288 (2 x 32 layers x 32 kv heads x 128 x 2 bytes)
 */
export function servingSizes(input: ServingInput): ServingSizes {
  const { architecture: arch, gpu, weightBits } = input
  positive('inputTokens', input.inputTokens)
  positive('outputTokens', input.outputTokens)
  positive('memoryBandwidthGBs', gpu.memoryBandwidthGBs)
  positive('bf16DenseTflops', gpu.bf16DenseTflops)
  const efficiencies = input.efficiencies ?? DEFAULT_EFFICIENCIES
  const counts = parameterCounts(arch)
  // The matmul weights in their bits; the embedding table (looked up, not multiplied) at 16.
  const weightBytes = (counts.matmul * weightBits) / 8 + (arch.tiedEmbeddings ? 0 : counts.embedding * 2)
  const d = headDimension(arch)
  const kvBytesPerToken = (2 * arch.layers * arch.kvHeads * d * (input.kvBits ?? 16)) / 8
  const usable = efficiencies.memory * gpu.memoryGiB * 2 ** 30
  const perSequence = kvBytesPerToken * (input.inputTokens + input.outputTokens)
  const maxBatch = usable > weightBytes ? Math.floor((usable - weightBytes) / perSequence) : 0
  let computePeak: ServingSizes['computePeak'] = 'bf16'
  let peakTflops = gpu.bf16DenseTflops
  if (weightBits === 8 && gpu.fp8DenseTflops) {
    computePeak = 'fp8'
    peakTflops = gpu.fp8DenseTflops
  } else if (weightBits === 8 && gpu.int8DenseTops) {
    computePeak = 'int8'
    peakTflops = gpu.int8DenseTops
  }
  const computePeakFlops = peakTflops * 1e12
  const t = input.inputTokens
  const prefillFlops = 2 * counts.matmul * t + 2 * arch.layers * arch.heads * d * t * t
  const prefillSeconds = prefillFlops / (computePeakFlops * efficiencies.compute)
  return { weightBytes, kvBytesPerToken, maxBatch, prefillSeconds, computePeakFlops, computePeak, matmulParameters: counts.matmul, attentionWidth: arch.layers * arch.heads * d }
}

/**
 * One GPU at a batch of `batch` sequences: time to first token, time per output token and
 * throughput (see the module's formulas). `sizes`: the question's {@link servingSizes}, when the
 * caller has them already.
 *
 * @throws {RangeError} when the batch is not a whole number >= 1 or exceeds what the KV cache holds
 * @example
 * const gpu = { name: 'toy', memoryGiB: 80, bf16DenseTflops: 1000, memoryBandwidthGBs: 2000 }
 * const input = { architecture: architecturePreset('llama-2-7b'), gpu, weightBits: 16, inputTokens: 100, outputTokens: 100, efficiencies: { compute: 1, bandwidth: 1, memory: 1 } }
 * const one = servingAt(input, 1)
 * // batch 1: a step reads the weights, 6,607,077,376 matmul parameters x 2 bytes + the 16-bit
 * // embedding 131,072,000 x 2, and 150 tokens (the average context) x 524,288 bytes of KV cache:
 * // 13,554,941,952 bytes at 2,000 GB/s
 * one.decodeStepSeconds // => 0.0067775
 * one.decodeBound // => 'memory'
 */
export function servingAt(input: ServingInput, batch: number, sizes: ServingSizes = servingSizes(input)): ServingPoint {
  if (!Number.isInteger(batch) || batch < 1 || batch > sizes.maxBatch) {
    throw new RangeError(`invalid batch: ${batch} (must be a whole number from 1 to ${sizes.maxBatch}, the sequences the KV cache holds)`)
  }
  const efficiencies = input.efficiencies ?? DEFAULT_EFFICIENCIES
  const context = input.inputTokens + input.outputTokens / 2
  const bytes = sizes.weightBytes + batch * context * sizes.kvBytesPerToken
  const memorySeconds = bytes / (input.gpu.memoryBandwidthGBs * 1e9 * efficiencies.bandwidth)
  const flops = batch * (2 * sizes.matmulParameters + 4 * sizes.attentionWidth * context)
  const computeSeconds = flops / (sizes.computePeakFlops * efficiencies.compute)
  const decodeStepSeconds = Math.max(memorySeconds, computeSeconds)
  const tpotSeconds = decodeStepSeconds + (batch / input.outputTokens) * sizes.prefillSeconds
  const requestsPerSecond = batch / (input.outputTokens * tpotSeconds)
  return {
    batch,
    ttftSeconds: sizes.prefillSeconds,
    tpotSeconds,
    decodeStepSeconds,
    decodeBound: memorySeconds >= computeSeconds ? 'memory' : 'compute',
    requestsPerSecond,
    outputTokensPerSecond: requestsPerSecond * input.outputTokens,
  }
}

/** A latency target: the plan keeps both (either optional). */
export interface LatencyTarget {
  /** Most time to first token, s. */
  ttftSeconds?: number
  /** Most time per output token, s. */
  tpotSeconds?: number
}

/** The serving plan of one GPU: the batch it runs at and what it gives, with the sizes behind it. */
export interface ServingPlan extends ServingPoint {
  sizes: ServingSizes
  /** Why this batch: the concurrency asked for, the KV cache's limit, or the latency target. */
  limitedBy: 'concurrency' | 'kv-cache' | 'latency'
  /** The formula, in words and numbers, for reports. */
  formula: string
}

/**
 * The plan of one GPU: the largest batch that the KV cache holds, that does not exceed the
 * concurrency asked for, and that meets the latency target (time per output token grows with
 * the batch; time to first token does not), and what it serves there.
 *
 * @throws {RangeError} when the weights do not fit, or no batch meets the latency target
 * @example
 * const gpu = { name: 'toy', memoryGiB: 80, bf16DenseTflops: 1000, memoryBandwidthGBs: 2000 }
 * const input = { architecture: architecturePreset('llama-2-7b'), gpu, weightBits: 16, inputTokens: 100, outputTokens: 100, efficiencies: { compute: 1, bandwidth: 1, memory: 1 } }
 * const plan = servingPlan(input, { tpotSeconds: 0.01 })
 * plan.limitedBy // => 'latency'
 * plan.tpotSeconds <= 0.01 // => true
 */
export function servingPlan(input: ServingInput, latency: LatencyTarget = {}): ServingPlan {
  const sizes = servingSizes(input)
  if (sizes.maxBatch < 1) {
    throw new RangeError(
      `the weights do not fit: ${input.architecture.name} at ${input.weightBits} bits needs ${(sizes.weightBytes / 2 ** 30).toFixed(1)} GiB and one sequence of ${input.inputTokens + input.outputTokens} tokens; ${input.gpu.name} has ${input.gpu.memoryGiB} GiB`,
    )
  }
  if (latency.ttftSeconds !== undefined && sizes.prefillSeconds > latency.ttftSeconds) {
    throw new RangeError(`no batch meets the time to first token of ${latency.ttftSeconds} s: one prefill of ${input.inputTokens} tokens takes ${sizes.prefillSeconds.toPrecision(3)} s on ${input.gpu.name}`)
  }
  let limitedBy: ServingPlan['limitedBy'] = 'kv-cache'
  let batch = sizes.maxBatch
  if (input.concurrency !== undefined && input.concurrency < batch) {
    batch = Math.max(1, Math.floor(input.concurrency))
    limitedBy = 'concurrency'
  }
  const target = latency.tpotSeconds
  if (target !== undefined && servingAt(input, batch, sizes).tpotSeconds > target) {
    // Time per output token grows with the batch: the largest batch that meets it, by bisection.
    if (servingAt(input, 1, sizes).tpotSeconds > target) {
      throw new RangeError(`no batch meets the time per output token of ${target} s: a batch of 1 takes ${servingAt(input, 1, sizes).tpotSeconds.toPrecision(3)} s on ${input.gpu.name}`)
    }
    let low = 1
    let high = batch
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2)
      if (servingAt(input, mid, sizes).tpotSeconds <= target) low = mid
      else high = mid
    }
    batch = low
    limitedBy = 'latency'
  }
  const point = servingAt(input, batch, sizes)
  const e = input.efficiencies ?? DEFAULT_EFFICIENCIES
  const formula =
    `${input.architecture.name} at ${input.weightBits}-bit weights (${(sizes.weightBytes / 1e9).toFixed(2)} GB) on ${input.gpu.name}: ` +
    `prefill of ${input.inputTokens} tokens at ${Math.round(e.compute * 100)} % of ${(sizes.computePeakFlops / 1e12).toFixed(0)} ${sizes.computePeak} TFLOP/s = ${(sizes.prefillSeconds * 1000).toFixed(2)} ms; ` +
    `a decode step of ${batch} sequences reads the weights and ${(sizes.kvBytesPerToken / 1024).toFixed(0)} KiB of KV cache a token at ${Math.round(e.bandwidth * 100)} % of ${input.gpu.memoryBandwidthGBs} GB/s = ${(point.decodeStepSeconds * 1000).toFixed(2)} ms (${point.decodeBound}-bound); ` +
    `${(point.tpotSeconds * 1000).toFixed(2)} ms a token with the prefills between; ${batch} / (${input.outputTokens} tokens x that) = ${point.requestsPerSecond.toFixed(2)} requests/s ` +
    `(batch limited by ${limitedBy === 'kv-cache' ? `the KV cache: ${sizes.maxBatch} sequences of ${input.inputTokens + input.outputTokens} tokens fit` : limitedBy === 'latency' ? 'the latency target' : 'the concurrency asked for'})`
  return { ...point, sizes, limitedBy, formula }
}
