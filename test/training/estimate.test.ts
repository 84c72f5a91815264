import { NonFiniteResultError } from '../../src/scenario/finite.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  architecturePreset,
  architecturePresetNames,
  estimateTraining,
  type TrainingEstimateInput,
  type TrainingGpu,
  type Architecture,
} from '../../src/training/index.js'
import { gpuById } from '../../src/prices/gpus.js'
import { round } from '../helpers/architectures.js'

const gpu100: TrainingGpu = { id: 'test-gpu', name: 'Test GPU', memoryGiB: 80, bf16DenseTflops: 100, usdPerHour: 3 }

/** Guanaco-65B's QLoRA setting: r = 64 on all linear layers, NF4 + double quantisation, seq 512, batch 1, checkpointing. */
const qlora65b = (gpuId: string): TrainingEstimateInput => ({
  architecture: architecturePreset('llama-65b'),
  method: { kind: 'qlora', rank: 64, alpha: 16, targetModules: ['all-linear'], doubleQuantization: true },
  sequenceLength: 512,
  microBatchSize: 1,
  gradientCheckpointing: true,
  trainingTokens: 10_000_000,
  gpu: gpuById(gpuId),
  utilisation: 0.4,
})

describe('estimateTraining(input): the QLoRA paper figures', () => {
  it('fits QLoRA of LLaMA-65B on one 48 GB GPU (Dettmers et al. 2023: "<48GB")', () => {
    const estimate = estimateTraining(qlora65b('nvidia-rtx-a6000'))
    // block linears 80 x (4 x 8192^2 + 3 x 8192 x 22016) = 64_760_053_760; the other 525_606_912
    // parameters (embedding, head, norms) stay 16-bit:
    // weights 0.5 x 64_760_053_760 + 2 x 525_606_912 = 32_380_026_880 + 1_051_213_824
    expect(estimate.memory.weightsBytes).toBe(33_431_240_704)
    // constants 64_760_053_760 x (8/64 + 32/16384) / 8
    expect(estimate.memory.quantizationConstantsBytes).toBe(1_027_686_400)
    // adapters 80 x [4 x 64 x (8192 + 8192) + 3 x 64 x (8192 + 22016)] = 80 x 9_994_240 = 799_539_200
    expect(estimate.trainableParameters).toBe(799_539_200)
    expect(estimate.memory.adapterBytes).toBe(2 * 799_539_200)
    expect(estimate.memory.gradientsBytes).toBe(2 * 799_539_200)
    expect(estimate.memory.optimizerStateBytes).toBe(8 * 799_539_200)
    // activations 2 x 512 x 8192 x 80 + 512 x 8192 x (34 + 5 x 64 x 512 / 8192) + 4 x 512 x 32000
    //           = 671_088_640 + 226_492_416 + 65_536_000
    expect(estimate.memory.activationsBytes).toBe(963_117_056)
    // 33.43 + 1.03 + 1.60 + 1.60 + 6.40 + 0.96 = 45.02 GB
    expect(estimate.memory.totalBytes).toBe(45_016_514_560)
    expect(estimate.memory.totalBytes).toBeLessThan(48e9)
    expect(estimate.fitsGpu).toBe(true)
    expect(estimateTraining(qlora65b('nvidia-l40s')).fitsGpu).toBe(true)
  })

  it('needs more than 780 GB for full 16-bit fine-tuning of LLaMA-65B (12 B per parameter)', () => {
    const estimate = estimateTraining({ ...qlora65b('nvidia-h200'), method: { kind: 'full' } })
    // 12 x 65_285_660_672 = 783_427_928_064 before activations
    expect(estimate.memory.weightsBytes + estimate.memory.gradientsBytes + estimate.memory.optimizerStateBytes).toBe(783_427_928_064)
    expect(estimate.memory.totalBytes).toBeGreaterThan(780e9)
    expect(estimate.fitsGpu).toBe(false)
  })

  it('does not fit QLoRA of LLaMA-65B on a 24 GB GPU', () => {
    expect(estimateTraining(qlora65b('nvidia-l4')).fitsGpu).toBe(false)
  })
})

describe('estimateTraining(input): time and cost', () => {
  const input: TrainingEstimateInput = {
    architecture: round,
    method: { kind: 'full' },
    sequenceLength: 10,
    microBatchSize: 1,
    gradientCheckpointing: false,
    trainingTokens: 1e9,
    gpu: gpu100,
    utilisation: 0.5,
  }

  it('turns 6 N T FLOPs into GPU-hours and dollars (round: N = 7e6)', () => {
    const estimate = estimateTraining(input)
    // 6 x 7e6 x 1e9 = 4.2e16 FLOPs; / (100e12 x 0.5) = 840 s = 0.2333 GPU-h; x $3 = $0.70
    expect(estimate.trainingFlops).toBe(4.2e16)
    expect(estimate.gpuHours).toBeCloseTo(840 / 3600, 12)
    expect(estimate.wallClockHours).toBeCloseTo(840 / 3600, 12)
    expect(estimate.costUSD).toBeCloseTo(0.7, 12)
  })

  it('bills the same GPU-hours on more GPUs and finishes sooner', () => {
    const estimate = estimateTraining({ ...input, gpuCount: 4 })
    expect(estimate.gpuHours).toBeCloseTo(840 / 3600, 12)
    expect(estimate.wallClockHours).toBeCloseTo(840 / 3600 / 4, 12)
    expect(estimate.costUSD).toBeCloseTo(0.7, 12)
  })

  it('replicates state on each GPU unless fully sharded, which divides all but activations', () => {
    const one = estimateTraining(input).memory
    const replicated = estimateTraining({ ...input, gpuCount: 4 }).memory
    const sharded = estimateTraining({ ...input, gpuCount: 4, sharding: 'fully-sharded' }).memory
    expect(replicated).toEqual(one)
    expect(sharded.optimizerStateBytes).toBe(one.optimizerStateBytes / 4)
    expect(sharded.weightsBytes).toBe(one.weightsBytes / 4)
    expect(sharded.activationsBytes).toBe(one.activationsBytes)
  })

  it('fits full fine-tuning of LLaMA-65B on 16 H100s when fully sharded', () => {
    // 783.4 GB / 16 = 48.96 GB of state + 0.96 GB activations per GPU, under 80 GiB
    const estimate = estimateTraining({ ...qlora65b('nvidia-h100-80gb-sxm'), method: { kind: 'full' }, gpuCount: 16, sharding: 'fully-sharded' })
    expect(estimate.memory.totalBytes).toBeCloseTo(783_427_928_064 / 16 + 963_117_056, 0)
    expect(estimate.fitsGpu).toBe(true)
  })

  it('states each formula with its source', () => {
    const notes = estimateTraining(qlora65b('nvidia-rtx-a6000')).notes.join('\n')
    for (const source of ['arXiv:2106.09685', 'arXiv:2305.14314', 'arXiv:2205.05198', 'arXiv:2001.08361']) {
      expect(notes).toContain(source)
    }
    expect(notes).toContain('8/64 + 32/(64 x 256) = 0.127 bit')
    expect(notes).toContain('45.02 GB')
  })
})

describe('estimateTraining(input): laws', () => {
  it('needs more memory for longer sequences, whatever the model and method', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...architecturePresetNames()),
        fc.constantFrom('full', 'lora', 'qlora'),
        fc.integer({ min: 1, max: 8192 }),
        fc.integer({ min: 1, max: 4096 }),
        fc.boolean(),
        (name, kind, s, extra, gradientCheckpointing) => {
          const method =
            kind === 'full' ? { kind } : { kind, rank: 16, targetModules: ['q_proj', 'v_proj'] }
          const base = { ...qlora65b('nvidia-h100-80gb-sxm'), architecture: architecturePreset(name), method, gradientCheckpointing } as TrainingEstimateInput
          const shorter = estimateTraining({ ...base, sequenceLength: s }).memory.totalBytes
          const longer = estimateTraining({ ...base, sequenceLength: s + extra }).memory.totalBytes
          return longer > shorter
        },
      ),
      { seed: 65, numRuns: 150 },
    )
  })

  it('costs in proportion to the GPU price', () => {
    const cheap = estimateTraining({ ...qlora65b('nvidia-a100-80gb'), gpu: { ...gpu100, usdPerHour: 1 } }).costUSD
    const dear = estimateTraining({ ...qlora65b('nvidia-a100-80gb'), gpu: { ...gpu100, usdPerHour: 2.5 } }).costUSD
    expect(dear / cheap).toBeCloseTo(2.5, 12)
  })
})

describe('estimateTraining(input): bad input', () => {
  const good = qlora65b('nvidia-rtx-a6000')

  it('names the field and the bad value', () => {
    expect(() => estimateTraining({ ...good, method: { kind: 'qlora', rank: 0, targetModules: ['q_proj'] } })).toThrow(
      'invalid rank: 0 (must be >= 1)',
    )
    expect(() => estimateTraining({ ...good, utilisation: 1.5 })).toThrow('invalid utilisation: 1.5 (must be <= 1)')
    expect(() => estimateTraining({ ...good, utilisation: 0 })).toThrow('invalid utilisation: 0 (must be > 0)')
    expect(() => estimateTraining({ ...good, trainingTokens: -1 })).toThrow('invalid trainingTokens: -1 (must be >= 0)')
    expect(() => estimateTraining({ ...good, sequenceLength: 0 })).toThrow('invalid sequenceLength: 0 (must be >= 1)')
    expect(() => estimateTraining({ ...good, microBatchSize: 1.5 })).toThrow('invalid microBatchSize: 1.5 (must be integer)')
    expect(() => estimateTraining({ ...good, gpuCount: 0 })).toThrow('invalid gpuCount: 0 (must be >= 1)')
    expect(() => estimateTraining({ ...good, gpu: { ...gpu100, memoryGiB: -1 } })).toThrow(
      'invalid gpu.memoryGiB: -1 (must be > 0)',
    )
    expect(() => estimateTraining({ ...good, method: { kind: 'lora', rank: 8, targetModules: ['qkv_proj'] } })).toThrow(
      'invalid targetModules: "qkv_proj" (not a linear module of llama-65b',
    )
    expect(() => estimateTraining({ ...good, architecture: { ...good.architecture, layers: -2 } })).toThrow(
      'invalid architecture.layers: -2 (must be >= 1)',
    )
  })

  it('refuses numbers above the plausible ranges (rank <= 1024, trainingTokens <= 1e18, sequenceLength <= 1e7, layers <= 1000)', () => {
    const rank = (r: number) => ({ ...good, method: { kind: 'qlora' as const, rank: r, targetModules: ['q_proj'] } })
    expect(() => estimateTraining(rank(1e9))).toThrow('invalid rank: 1000000000 (must be <= 1024)')
    expect(() => estimateTraining(rank(1e300))).toThrow('invalid rank: 1e+300 (must be <= 1024)')
    expect(() => estimateTraining({ ...good, trainingTokens: 1e19 })).toThrow('invalid trainingTokens: 10000000000000000000 (must be <= 1000000000000000000)')
    expect(() => estimateTraining({ ...good, sequenceLength: 1e8 })).toThrow('invalid sequenceLength: 100000000 (must be <= 10000000)')
    expect(() => estimateTraining({ ...good, architecture: { ...good.architecture, layers: 1e15 } })).toThrow(
      'invalid architecture.layers: 1000000000000000 (must be <= 1000)',
    )
  })
})

describe('estimateTraining(input): finite by construction', () => {
  it('throws an internal NonFiniteResultError naming the output and the inputs when a result overflows', () => {
    // The GPU spec is not range-checked (it comes from data/gpus.json): $1e308 an hour times
    // more than one GPU-hour overflows costUSD to Infinity.
    const input = { ...qlora65b('nvidia-rtx-a6000'), gpu: { ...gpu100, usdPerHour: 1e308 } }
    const run = () => estimateTraining(input)
    expect(run).toThrow(NonFiniteResultError)
    expect(run).toThrow(/^internal: estimate costUSD is Infinity for llama-65b \(\d+ parameters\), QLoRA r=64 on .*trainingTokens = 10000000/)
  })
})
