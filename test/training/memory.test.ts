import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  activationBytesPerLayer,
  activationMemory,
  architecturePreset,
  architecturePresetNames,
  inferenceMemoryBytes,
  kvCacheBytes,
  quantizationConstantBits,
  trainingMemory,
  validateTrainingMethod,
  type ActivationShape,
  type TrainingMethod,
  type Architecture,
} from '../../src/training/index.js'
import { tiny } from '../helpers/architectures.js'

// tiny: 1352 parameters, 1152 of them block linear weights (see architecture.test.ts)
const shape: ActivationShape = { sequenceLength: 4, microBatchSize: 1, gradientCheckpointing: false }

describe('activationMemory(architecture, shape)', () => {
  it('is s b h (34 + 5 a s / h) per block plus 4 s b V logits (tiny, by hand)', () => {
    // per block: 4 x 1 x 8 x (34 + 5 x 2 x 4 / 8) = 32 x 39 = 1248
    // 2 blocks = 2496; logits 4 x 4 x 1 x 10 = 160; total 2656
    expect(activationMemory(tiny, shape)).toEqual({ perLayerBytes: 1248, layersBytes: 2496, logitsBytes: 160, totalBytes: 2656 })
  })

  it('keeps 2 s b h per block plus one recomputed block under checkpointing (tiny, by hand)', () => {
    // 2 x 4 x 1 x 8 x 2 blocks = 128; + 1248 recomputed block = 1376; + 160 logits = 1536
    expect(activationMemory(tiny, { ...shape, gradientCheckpointing: true }).totalBytes).toBe(1536)
  })

  it('grows with sequence length and micro-batch, with or without checkpointing', () => {
    const names = architecturePresetNames()
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.integer({ min: 1, max: 16_384 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 16 }),
        fc.boolean(),
        (name, s, extra, b, gradientCheckpointing) => {
          const architecture = architecturePreset(name)
          const base = activationMemory(architecture, { sequenceLength: s, microBatchSize: b, gradientCheckpointing }).totalBytes
          const longer = activationMemory(architecture, { sequenceLength: s + extra, microBatchSize: b, gradientCheckpointing }).totalBytes
          const wider = activationMemory(architecture, { sequenceLength: s, microBatchSize: b + 1, gradientCheckpointing }).totalBytes
          return longer > base && wider > base
        },
      ),
      { seed: 20260, numRuns: 200 },
    )
  })
})

describe('quantizationConstantBits(options)', () => {
  it('is 32 / 64 = 0.5 bit with one fp32 constant per 64 weights', () => {
    expect(quantizationConstantBits({ doubleQuantization: false, blockSize: 64 })).toBe(0.5)
  })

  it('is 8 / 64 + 32 / (64 x 256) = 0.126953125 bit with double quantisation (QLoRA §3)', () => {
    expect(quantizationConstantBits({ doubleQuantization: true, blockSize: 64 })).toBe(0.125 + 32 / 16384)
    expect(quantizationConstantBits({ doubleQuantization: true, blockSize: 64 })).toBeCloseTo(0.127, 3)
  })
})

describe('trainingMemory(architecture, method, shape)', () => {
  it('full: 2 B weights + 2 B gradients + 8 B Adam per parameter (tiny, by hand)', () => {
    // 2 x 1352 = 2704, 2704, 8 x 1352 = 10816, activations 2656 -> 18880
    expect(trainingMemory(tiny, { kind: 'full' }, shape)).toEqual({
      weightsBytes: 2704,
      quantizationConstantsBytes: 0,
      adapterBytes: 0,
      gradientsBytes: 2704,
      optimizerStateBytes: 10816,
      activationsBytes: 2656,
      totalBytes: 18880,
    })
  })

  it('full with master weights: 16 B per parameter (ZeRO)', () => {
    // optimizer (8 + 4) x 1352 = 16224; 2704 + 2704 + 16224 + 2656 = 24288
    const memory = trainingMemory(tiny, { kind: 'full', masterWeights: true }, shape)
    expect(memory.optimizerStateBytes).toBe(16224)
    expect(memory.totalBytes).toBe(24288)
  })

  it('lora: frozen 16-bit base, 12 B per adapter parameter (tiny, r = 2 on q and v)', () => {
    // adapters 112 (architecture.test.ts): 2 x 112 = 224 weights, 224 gradients, 8 x 112 = 896 Adam
    // 2704 + 224 + 224 + 896 + 2656 = 6704
    expect(trainingMemory(tiny, { kind: 'lora', rank: 2, targetModules: ['q_proj', 'v_proj'] }, shape)).toEqual({
      weightsBytes: 2704,
      quantizationConstantsBytes: 0,
      adapterBytes: 224,
      gradientsBytes: 224,
      optimizerStateBytes: 896,
      activationsBytes: 2656,
      totalBytes: 6704,
    })
  })

  it('qlora: 4-bit block linears, 16-bit rest, fp32 constants per 64 weights (tiny, by hand)', () => {
    // weights 0.5 x 1152 + 2 x (1352 - 1152) = 576 + 400 = 976
    // constants 1152 x (32 / 64) / 8 = 72
    // 976 + 72 + 224 + 224 + 896 + 2656 = 5048
    const method: TrainingMethod = { kind: 'qlora', rank: 2, targetModules: ['q_proj', 'v_proj'] }
    const memory = trainingMemory(tiny, method, shape)
    expect(memory.weightsBytes).toBe(976)
    expect(memory.quantizationConstantsBytes).toBe(72)
    expect(memory.totalBytes).toBe(5048)
  })

  it('qlora with double quantisation stores 1152 x 0.126953125 / 8 bytes of constants', () => {
    const method: TrainingMethod = { kind: 'qlora', rank: 2, targetModules: ['q_proj'], doubleQuantization: true }
    expect(trainingMemory(tiny, method, shape).quantizationConstantsBytes).toBe(18.28125)
  })
})

describe('kvCacheBytes and inferenceMemoryBytes', () => {
  it('reproduces vLLM\'s 800 KB per token for a 13B model with 40 layers of width 5120', () => {
    // Kwon et al. 2023 §2.3: 2 (K, V) x 5120 x 40 layers x 2 B = 819_200 B
    expect(kvCacheBytes(architecturePreset('llama-2-13b'), { contextTokens: 1, concurrentSequences: 1 })).toBe(819_200)
  })

  it('is weights at bitsPerWeight plus the KV cache (llama-2-7b, bf16, 4096 tokens x 8 sequences)', () => {
    // 6_738_415_616 x 2 B = 13_476_831_232; KV 2 x 32 x 32 x 128 x 2 B = 524_288 B per token
    // x 4096 x 8 = 17_179_869_184; sum 30_656_700_416
    expect(
      inferenceMemoryBytes(architecturePreset('llama-2-7b'), { bitsPerWeight: 16, contextTokens: 4096, concurrentSequences: 8 }),
    ).toBe(30_656_700_416)
  })

  it('shrinks the KV cache with grouped-query attention (llama-2-70b, 8 of 64 heads)', () => {
    // 2 x 80 x 8 x 128 x 2 B = 327_680 B per token
    expect(kvCacheBytes(architecturePreset('llama-2-70b'), { contextTokens: 1, concurrentSequences: 1 })).toBe(327_680)
  })

  it('rejects bad options, naming them', () => {
    const llama = architecturePreset('llama-2-7b')
    expect(() => inferenceMemoryBytes(llama, { bitsPerWeight: 0, contextTokens: 1, concurrentSequences: 1 })).toThrow(
      'invalid bitsPerWeight: 0 (must be > 0)',
    )
    expect(() => inferenceMemoryBytes(llama, { bitsPerWeight: 4, contextTokens: -1, concurrentSequences: 1 })).toThrow(
      'invalid contextTokens: -1 (must be >= 0)',
    )
    expect(() => inferenceMemoryBytes(llama, { bitsPerWeight: 4, contextTokens: 1, concurrentSequences: 0.5 })).toThrow(
      'invalid concurrentSequences: 0.5 (must be integer)',
    )
  })
})

describe('validateTrainingMethod(architecture, method)', () => {
  it('names the field and the value', () => {
    expect(() => validateTrainingMethod(tiny, { kind: 'lora', rank: 0, targetModules: ['q_proj'] })).toThrow(
      'invalid rank: 0 (must be >= 1)',
    )
    expect(() => validateTrainingMethod(tiny, { kind: 'qlora', rank: 4, targetModules: ['q_proj'], blockSize: 0 })).toThrow(
      'invalid blockSize: 0 (must be >= 1)',
    )
    expect(() => validateTrainingMethod(tiny, { kind: 'lora', rank: 4, alpha: -1, targetModules: ['q_proj'] })).toThrow(
      'invalid alpha: -1 (must be > 0)',
    )
    expect(() => validateTrainingMethod(tiny, { kind: 'dora' } as unknown as TrainingMethod)).toThrow(
      'invalid method.kind: "dora" (must be "full", "lora" or "qlora")',
    )
  })
})

// Item 5 of issue 8: the memory helpers check their numbers at their entry (the scenario validator's words).
describe('argument checks of the memory helpers', () => {
  it('quantizationConstantBits({ blockSize }) rejects a block of 0 and keeps 32 / 64 = 0.5 bits', () => {
    expect(() => quantizationConstantBits({ doubleQuantization: false, blockSize: 0 })).toThrow('invalid blockSize: 0 (must be >= 1)')
    expect(quantizationConstantBits({ doubleQuantization: false, blockSize: 64 })).toBe(0.5)
  })
  it('activationBytesPerLayer(architecture, s, b) rejects a micro-batch of 0', () => {
    expect(() => activationBytesPerLayer(architecturePreset('llama-65b'), 512, 0)).toThrow('invalid microBatchSize: 0 (must be >= 1)')
  })
  it('kvCacheBytes(architecture, options) rejects a fractional token count and 0 bits; keeps 2 x 40 x 5120 x 2 B = 819,200 B a token for llama-2-13b', () => {
    expect(() => kvCacheBytes(architecturePreset('llama-2-13b'), { contextTokens: 1.5, concurrentSequences: 1 })).toThrow('invalid contextTokens: 1.5 (must be integer)')
    expect(() => kvCacheBytes(architecturePreset('llama-2-13b'), { contextTokens: 1, concurrentSequences: 1, kvCacheBits: 0 })).toThrow('invalid kvCacheBits: 0 (must be > 0)')
    expect(kvCacheBytes(architecturePreset('llama-2-13b'), { contextTokens: 1, concurrentSequences: 1 })).toBe(819_200)
  })
})
