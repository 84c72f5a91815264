import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { attentionFlopsShare, architecturePreset, gpuHoursFor, trainingFlops, type Architecture } from '../../src/training/index.js'
import { tiny, round } from '../helpers/architectures.js'

describe('trainingFlops(architecture, method, tokens, checkpointing)', () => {
  it('is 6 N T for full fine-tuning (round: N = 7e6, T = 1e9)', () => {
    // forward 2 x 7e6 x 1e9 = 1.4e16, backward 2.8e16, total 4.2e16
    expect(trainingFlops(round, { kind: 'full' }, 1e9, false)).toEqual({ forward: 1.4e16, backward: 2.8e16, recompute: 0, total: 4.2e16 })
  })

  it('adds one forward, 2 N T, under gradient checkpointing', () => {
    expect(trainingFlops(round, { kind: 'full' }, 1e9, true).total).toBe(5.6e16) // 8 x 7e6 x 1e9
  })

  it('LoRA: 2(N+Na)T forward, 2(N+Na)T + 2 Na T backward (tiny, N = 1232, Na = 112, T = 1000)', () => {
    // forward 2 x 1344 x 1000 = 2_688_000; backward 2_688_000 + 2 x 112 x 1000 = 2_912_000
    const flops = trainingFlops(tiny, { kind: 'lora', rank: 2, targetModules: ['q_proj', 'v_proj'] }, 1000, false)
    expect(flops).toEqual({ forward: 2_688_000, backward: 2_912_000, recompute: 0, total: 5_600_000 })
    // checkpointing recomputes the forward: 5_600_000 + 2_688_000
    expect(trainingFlops(tiny, { kind: 'lora', rank: 2, targetModules: ['q_proj', 'v_proj'] }, 1000, true).total).toBe(8_288_000)
  })

  it('QLoRA counts the same FLOPs as LoRA (dequantisation is not a matmul)', () => {
    const lora = trainingFlops(tiny, { kind: 'lora', rank: 2, targetModules: ['q_proj'] }, 1000, true)
    const qlora = trainingFlops(tiny, { kind: 'qlora', rank: 2, targetModules: ['q_proj'] }, 1000, true)
    expect(qlora).toEqual(lora)
  })

  it('LoRA costs about 2/3 of full fine-tuning when adapters are small', () => {
    const llama = architecturePreset('llama-2-7b')
    const full = trainingFlops(llama, { kind: 'full' }, 1e6, false).total
    const lora = trainingFlops(llama, { kind: 'lora', rank: 8, targetModules: ['q_proj', 'v_proj'] }, 1e6, false).total
    expect(lora / full).toBeCloseTo(4 / 6, 2)
  })

  it('is linear in training tokens', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 2, max: 50 }), (tokens, factor) => {
        const one = trainingFlops(round, { kind: 'lora', rank: 4, targetModules: ['all-linear'] }, tokens, true).total
        const many = trainingFlops(round, { kind: 'lora', rank: 4, targetModules: ['all-linear'] }, tokens * factor, true).total
        return Math.abs(many / one - factor) < 1e-9
      }),
      { seed: 7, numRuns: 100 },
    )
  })
})

describe('gpuHoursFor(flops, peakTflops, utilisation)', () => {
  it('divides by peak x utilisation and 3600', () => {
    // 4.2e16 / (100e12 x 0.5) = 840 s = 0.2333 h
    expect(gpuHoursFor(4.2e16, 100, 0.5)).toBeCloseTo(840 / 3600, 12)
  })
})

describe('attentionFlopsShare(architecture, sequenceLength)', () => {
  it('is 2 L s a d / 2 N (llama-65b at s = 512: 0.5%)', () => {
    // 2 x 80 x 512 x 8192 = 671_088_640; 2 x 65_022_197_760 = 130_044_395_520
    expect(attentionFlopsShare(architecturePreset('llama-65b'), 512)).toBeCloseTo(671_088_640 / 130_044_395_520, 12)
  })
})

// Item 5 of issue 8: the FLOP helpers check their numbers at their entry (the scenario validator's words).
describe('argument checks of the FLOP helpers', () => {
  it('gpuHoursFor(flops, peakTflops, utilisation) rejects a utilisation above 1 and keeps 4.2e16 / (100e12 x 0.5) / 3600 = 0.23333 h', () => {
    expect(() => gpuHoursFor(4.2e16, 100, 1.5)).toThrow('invalid utilisation: 1.5 (must be <= 1)')
    expect(() => gpuHoursFor(4.2e16, 0, 0.5)).toThrow('invalid peakTflops: 0 (must be > 0)')
    expect(gpuHoursFor(4.2e16, 100, 0.5)).toBeCloseTo(840 / 3600, 12)
  })
  it('attentionFlopsShare(architecture, s) rejects a sequence length of 0', () => {
    expect(() => attentionFlopsShare(architecturePreset('llama-65b'), 0)).toThrow('invalid sequenceLength: 0 (must be >= 1)')
  })
  it('trainingFlops(architecture, method, tokens, ckpt) rejects negative tokens', () => {
    expect(() => trainingFlops(architecturePreset('llama-65b'), { kind: 'full' }, -1, false)).toThrow('invalid trainingTokens: -1 (must be >= 0)')
  })
})
