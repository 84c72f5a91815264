// The serving roofline (src/serving/roofline.ts): one small case with every number worked out by
// hand below, and the laws the model must keep whatever the inputs (fast-check).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { servingAt, servingPlan, servingSizes, type ServingGpu, type ServingInput } from '../../src/serving/roofline.js'
import { architecturePreset, type Architecture } from '../../src/training/index.js'

// 2 layers, width 64, 4 heads of 16, 2 kv heads, gated MLP of 128, vocabulary 1,000, untied.
const tiny: Architecture = { name: 'tiny', layers: 2, hidden: 64, intermediate: 128, heads: 4, kvHeads: 2, vocab: 1000, tiedEmbeddings: false, mlp: 'gated' }
const gpu: ServingGpu = { name: 'toy GPU', memoryGiB: 1, bf16DenseTflops: 1, memoryBandwidthGBs: 100 }
const input: ServingInput = { architecture: tiny, gpu, weightBits: 16, inputTokens: 100, outputTokens: 50, efficiencies: { compute: 0.5, bandwidth: 0.8, memory: 0.5 } }

describe('servingSizes and servingAt: a small case by hand', () => {
  // Linear weights a layer: q 64x64 = 4,096; k and v 64x32 = 2,048 each; o 4,096; gate, up,
  // down 64x128 = 8,192 each: 36,864. Matmul parameters: 2 x 36,864 + the output head 1,000 x
  // 64 = 137,728. Bytes at 16 bits: 275,456 + the embedding 64,000 x 2 = 403,456.
  const weightBytes = 137_728 * 2 + 64_000 * 2
  // KV a token: 2 (K, V) x 2 layers x 2 kv heads x 16 x 2 bytes = 256.
  const kv = 256
  // Prefill of 100 tokens: 2 x 137,728 x 100 + 2 x 2 layers x 4 heads x 16 x 100^2 = 30,105,600
  // FLOPs at 50 % of 1 TFLOP/s.
  const prefill = 30_105_600 / 0.5e12

  it('weights, KV cache, the largest batch and the prefill', () => {
    const sizes = servingSizes(input)
    expect(sizes.weightBytes).toBe(weightBytes)
    expect(sizes.kvBytesPerToken).toBe(kv)
    // Half of 1 GiB, less the weights, over 150 tokens x 256 bytes a sequence.
    expect(sizes.maxBatch).toBe(Math.floor((2 ** 29 - weightBytes) / (150 * kv)))
    expect(sizes.maxBatch).toBe(13_970)
    expect(sizes.prefillSeconds).toBeCloseTo(prefill, 15)
    expect(sizes.computePeak).toBe('bf16')
  })

  it('a batch of 10: the decode step, the time per token and the throughput', () => {
    const at = servingAt(input, 10)
    // Average context 100 + 50 / 2 = 125 tokens: the step reads 403,456 + 10 x 125 x 256 =
    // 723,456 bytes at 80 % of 100 GB/s; its FLOPs, 10 x (2 x 137,728 + 4 x 2 x 4 x 16 x 125) =
    // 3,394,560 at 0.5 TFLOP/s, take less: memory-bound.
    const step = 723_456 / 80e9
    expect(at.decodeStepSeconds).toBeCloseTo(step, 15)
    expect(at.decodeBound).toBe('memory')
    // Ten sequences finish every 50 steps, so each step also carries 10 / 50 prefills.
    const tpot = step + (10 / 50) * prefill
    expect(at.tpotSeconds).toBeCloseTo(tpot, 15)
    expect(at.requestsPerSecond).toBeCloseTo(10 / (50 * tpot), 6)
    expect(at.outputTokensPerSecond).toBeCloseTo(10 / tpot, 4)
    expect(at.ttftSeconds).toBeCloseTo(prefill, 15)
  })

  it('8-bit weights compute at the fp8 peak where the GPU has one, 4-bit at the 16-bit peak', () => {
    const fp8 = { ...gpu, fp8DenseTflops: 2 }
    expect(servingSizes({ ...input, gpu: fp8, weightBits: 8 }).computePeak).toBe('fp8')
    expect(servingSizes({ ...input, gpu: fp8, weightBits: 8 }).weightBytes).toBe(137_728 + 128_000)
    expect(servingSizes({ ...input, gpu: fp8, weightBits: 4 }).computePeak).toBe('bf16')
    expect(servingSizes({ ...input, gpu: fp8, weightBits: 4 }).weightBytes).toBe(137_728 / 2 + 128_000)
  })
})

describe('servingPlan', () => {
  it('takes the largest batch that meets the time per output token, and one more would not', () => {
    const plan = servingPlan(input, { tpotSeconds: 3e-5 })
    expect(plan.limitedBy).toBe('latency')
    expect(plan.tpotSeconds).toBeLessThanOrEqual(3e-5)
    expect(servingAt(input, plan.batch + 1).tpotSeconds).toBeGreaterThan(3e-5)
  })

  it('says when the weights do not fit, and 4-bit weights fit where 16-bit do not', () => {
    const small: ServingGpu = { name: 'small GPU', memoryGiB: 8, bf16DenseTflops: 100, memoryBandwidthGBs: 300 }
    const llama = { architecture: architecturePreset('llama-2-7b'), gpu: small, inputTokens: 500, outputTokens: 100 }
    expect(() => servingPlan({ ...llama, weightBits: 16 })).toThrow(/the weights do not fit: llama-2-7b at 16 bits needs 12\.6 GiB/)
    expect(servingPlan({ ...llama, weightBits: 4 }).batch).toBeGreaterThan(0)
  })

  it('rejects a time to first token that no batch meets', () => {
    expect(() => servingPlan(input, { ttftSeconds: 1e-6 })).toThrow(/no batch meets the time to first token of 0.000001 s: one prefill of 100 tokens takes 0.0000602 s on toy GPU/)
  })
})

describe('laws (fast-check)', () => {
  const shapes = fc.record({
    inputTokens: fc.integer({ min: 1, max: 4000 }),
    outputTokens: fc.integer({ min: 1, max: 2000 }),
    preset: fc.constantFrom('qwen2.5-0.5b', 'qwen2.5-1.5b', 'llama-3.2-1b', 'llama-3.1-8b', 'mistral-7b'),
    bits: fc.constantFrom(16 as const, 8 as const, 4 as const),
  })
  const h100: ServingGpu = { name: 'H100-like', memoryGiB: 80, bf16DenseTflops: 989, fp8DenseTflops: 1979, memoryBandwidthGBs: 3350 }

  it('more output tokens never raise requests/s (at the largest batch)', () => {
    fc.assert(
      fc.property(shapes, fc.integer({ min: 1, max: 500 }), (s, more) => {
        const base = { architecture: architecturePreset(s.preset), gpu: h100, weightBits: s.bits, inputTokens: s.inputTokens, outputTokens: s.outputTokens }
        const a = servingPlan(base).requestsPerSecond
        const b = servingPlan({ ...base, outputTokens: s.outputTokens + more }).requestsPerSecond
        return b <= a * (1 + 1e-12)
      }),
      { numRuns: 200 },
    )
  })

  it('a bigger batch never lowers throughput until the KV cache is full', () => {
    fc.assert(
      fc.property(shapes, fc.double({ min: 0, max: 1, noNaN: true }), (s, where) => {
        const base = { architecture: architecturePreset(s.preset), gpu: h100, weightBits: s.bits, inputTokens: s.inputTokens, outputTokens: s.outputTokens }
        const max = servingSizes(base).maxBatch
        if (max < 2) return true
        const batch = 1 + Math.floor(where * (max - 1))
        const next = Math.min(max, batch + 1)
        return servingAt(base, next).outputTokensPerSecond >= servingAt(base, batch).outputTokensPerSecond * (1 - 1e-12)
      }),
      { numRuns: 300 },
    )
  })

  it('fewer weight bits never lower throughput (at the largest batch)', () => {
    fc.assert(
      fc.property(shapes, (s) => {
        const base = { architecture: architecturePreset(s.preset), gpu: h100, inputTokens: s.inputTokens, outputTokens: s.outputTokens }
        const r = (bits: 16 | 8 | 4) => servingPlan({ ...base, weightBits: bits }).requestsPerSecond
        return r(8) >= r(16) * (1 - 1e-12) && r(4) >= r(16) * (1 - 1e-12)
      }),
      { numRuns: 200 },
    )
  })
})
