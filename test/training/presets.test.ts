import { describe, expect, it } from 'vitest'
import {
  architecturePreset,
  architecturePresetNames,
  listArchitecturePresets,
  totalParameters,
  validateArchitecture,
} from '../../src/training/index.js'
import { expectClose } from '../helpers/expect-close.js'

/**
 * Published totals: the safetensors parameter count on each model's Hugging Face page (rounded
 * as shown there), the model card where it states a number, or the paper.
 */
const published: Record<string, { total: number; source: string }> = {
  'llama-65b': { total: 65.2e9, source: 'Touvron et al. 2023, arXiv:2302.13971, Table 2' },
  'llama-2-7b': { total: 6.74e9, source: 'huggingface.co/meta-llama/Llama-2-7b-hf (6.74B)' },
  'llama-2-13b': { total: 13.0e9, source: 'huggingface.co/meta-llama/Llama-2-13b-hf (13B)' },
  'llama-2-70b': { total: 69.0e9, source: 'huggingface.co/meta-llama/Llama-2-70b-hf (69B)' },
  'llama-3.1-8b': { total: 8.03e9, source: 'huggingface.co/meta-llama/Llama-3.1-8B (8.03B)' },
  'llama-3.2-1b': { total: 1.24e9, source: 'huggingface.co/meta-llama/Llama-3.2-1B (1.24B)' },
  'llama-3.2-3b': { total: 3.21e9, source: 'huggingface.co/meta-llama/Llama-3.2-3B (3.21B)' },
  'mistral-7b': { total: 7.24e9, source: 'huggingface.co/mistralai/Mistral-7B-v0.1 (7.24B)' },
  'qwen2.5-0.5b': { total: 0.49e9, source: 'Qwen2.5-0.5B model card: 0.49B' },
  'qwen2.5-1.5b': { total: 1.54e9, source: 'Qwen2.5-1.5B model card: 1.54B' },
  'qwen2.5-7b': { total: 7.61e9, source: 'Qwen2.5-7B model card: 7.61B' },
  'phi-3-mini': { total: 3.8e9, source: 'Phi-3-mini-4k-instruct model card: 3.8B' },
  'gemma-2-2b': { total: 2.61e9, source: 'huggingface.co/google/gemma-2-2b (2.61B)' },
}

describe('architecturePreset(name)', () => {
  it('has the presets the estimator promises', () => {
    expect(architecturePresetNames()).toEqual(Object.keys(published))
  })

  it.each(Object.entries(published))('%s totals within 1% of the published count (%o)', (name, { total }) => {
    const counted = totalParameters(architecturePreset(name))
    expectClose(counted, total, 0.01)
  })

  it('reproduces exact totals where the safetensors header gives them', () => {
    // LLaMA-65B: 2 x 32000 x 8192 + 80 x (4 x 8192^2 + 3 x 8192 x 22016 + 2 x 8192) + 8192
    //          = 524_288_000 + 80 x 809_517_056 + 8192 = 65_285_660_672
    expect(totalParameters(architecturePreset('llama-65b'))).toBe(65_285_660_672)
    expect(totalParameters(architecturePreset('llama-2-7b'))).toBe(6_738_415_616)
    expect(totalParameters(architecturePreset('mistral-7b'))).toBe(7_241_732_096)
    expect(totalParameters(architecturePreset('llama-3.1-8b'))).toBe(8_030_261_248)
    // Qwen2.5-0.5B with its q/k/v biases, tied: 151936 x 896 + 24 x 14_912_384 + 896
    expect(totalParameters(architecturePreset('qwen2.5-0.5b'))).toBe(494_032_768)
    // Gemma-2-2B: head_dim 256 and four norms per block
    expect(totalParameters(architecturePreset('gemma-2-2b'))).toBe(2_614_341_888)
  })

  it('gives valid architectures, as independent copies', () => {
    for (const architecture of listArchitecturePresets()) expect(validateArchitecture(architecture)).toBe(architecture)
    const copy = architecturePreset('llama-2-7b')
    copy.layers = 1
    expect(architecturePreset('llama-2-7b').layers).toBe(32)
  })

  it('rejects an unknown name, listing the known ones', () => {
    expect(() => architecturePreset('llama-9b')).toThrow(
      `unknown architecture preset: "llama-9b" (known: ${Object.keys(published).join(', ')})`,
    )
    expect(() => architecturePreset('toString')).toThrow('unknown architecture preset: "toString"')
  })
})
