import { describe, expect, it } from 'vitest'
import {
  allLinearModuleNames,
  architecturePreset,
  architectureShapeProblems,
  headDimension,
  linearModules,
  loraParameters,
  parameterCounts,
  resolveTargetModules,
  totalParameters,
  validateArchitecture,
  type Architecture,
} from '../../src/training/index.js'
import { InvalidArgumentError } from '../../src/scenario/messages.js'
import { tiny, round } from '../helpers/architectures.js'

describe('parameterCounts(architecture)', () => {
  it('counts the tiny architecture by hand', () => {
    const counts = parameterCounts(tiny)
    // per block: q 64 + k 32 + v 32 + o 64 + gate 128 + up 128 + down 128 = 576
    expect(counts.perLayer.linearWeights).toBe(576)
    expect(counts.perLayer.linearBiases).toBe(0)
    expect(counts.perLayer.norms).toBe(16) // 2 x 8
    expect(counts.perLayer.total).toBe(592)
    expect(counts.embedding).toBe(80) // 10 x 8
    expect(counts.lmHead).toBe(80)
    expect(counts.blockLinearWeights).toBe(1152) // 2 x 576
    // 80 + 80 + 2 x 592 + 8 = 1352
    expect(counts.total).toBe(1352)
    // block linears 1152 + output projection 80
    expect(counts.matmul).toBe(1232)
  })

  it('drops the output head when embeddings are tied, but still counts its multiply', () => {
    const counts = parameterCounts({ ...tiny, tiedEmbeddings: true })
    expect(counts.lmHead).toBe(0)
    expect(counts.total).toBe(1352 - 80)
    expect(counts.matmul).toBe(1232)
  })

  it('counts a standard MLP as up and down only', () => {
    // round: attention 4 x 1000 x 1000 + up 1000 x 1000 + down 1000 x 1000 = 6e6
    expect(parameterCounts(round).perLayer.linearWeights).toBe(6e6)
    expect(parameterCounts(round).matmul).toBe(7e6)
  })

  it('adds q, k, v biases when attentionBias is set (Qwen2)', () => {
    // q bias 8 + k bias 4 + v bias 4 = 16 per block, 2 blocks
    expect(totalParameters({ ...tiny, attentionBias: true })).toBe(1352 + 2 * 16)
  })

  it('uses headDim when it differs from hidden / heads (Gemma 2)', () => {
    // headDim 6: q 8x12 = 96, k 8x6 = 48, v 48, o 12x8 = 96 -> 288 instead of 192, +96 per block
    expect(totalParameters({ ...tiny, headDim: 6 })).toBe(1352 + 2 * 96)
    expect(headDimension({ ...tiny, headDim: 6 })).toBe(6)
    expect(headDimension(tiny)).toBe(4)
  })

  it('counts normsPerLayer norm vectors per block', () => {
    // 4 norms instead of 2: + 2 x 8 per block
    expect(totalParameters({ ...tiny, normsPerLayer: 4 })).toBe(1352 + 2 * 16)
  })
})

describe('linearModules(architecture)', () => {
  it('gives the PEFT names and shapes of a grouped-query block', () => {
    expect(linearModules(tiny)).toEqual([
      { name: 'q_proj', inFeatures: 8, outFeatures: 8, bias: false },
      { name: 'k_proj', inFeatures: 8, outFeatures: 4, bias: false },
      { name: 'v_proj', inFeatures: 8, outFeatures: 4, bias: false },
      { name: 'o_proj', inFeatures: 8, outFeatures: 8, bias: false },
      { name: 'gate_proj', inFeatures: 8, outFeatures: 16, bias: false },
      { name: 'up_proj', inFeatures: 8, outFeatures: 16, bias: false },
      { name: 'down_proj', inFeatures: 16, outFeatures: 8, bias: false },
    ])
  })

  it('has no gate_proj in a standard MLP', () => {
    expect(allLinearModuleNames(round)).toEqual(['q_proj', 'k_proj', 'v_proj', 'o_proj', 'up_proj', 'down_proj'])
  })
})

describe('loraParameters(architecture, rank, targetModules)', () => {
  it('is r x (d_in + d_out) per targeted module per block (tiny, r = 2, q and v)', () => {
    // q: 2 x (8 + 8) = 32, v: 2 x (8 + 4) = 24 -> 56 per block x 2 blocks = 112
    expect(loraParameters(tiny, 2, ['q_proj', 'v_proj'])).toBe(112)
  })

  it('expands all-linear to every block linear (tiny, r = 1)', () => {
    // q 16 + k 12 + v 12 + o 16 + gate 24 + up 24 + down 24 = 128 per block x 2 = 256
    expect(loraParameters(tiny, 1, ['all-linear'])).toBe(256)
    expect(loraParameters(tiny, 1, ['all-linear', 'q_proj'])).toBe(256) // duplicates dropped
  })

  it('matches the LoRA paper setting on llama-2-7b (r = 8 on q and v)', () => {
    // 32 blocks x 2 modules x 8 x (4096 + 4096) = 4_194_304
    expect(loraParameters(architecturePreset('llama-2-7b'), 8, ['q_proj', 'v_proj'])).toBe(4_194_304)
  })

  it('rejects rank 0 and fractional ranks', () => {
    expect(() => loraParameters(tiny, 0, ['q_proj'])).toThrow('invalid rank: 0 (must be >= 1)')
    expect(() => loraParameters(tiny, 2.5, ['q_proj'])).toThrow('invalid rank: 2.5 (must be integer)')
  })

  it('rejects a module the architecture does not have, listing the known ones', () => {
    expect(() => loraParameters(round, 8, ['gate_proj'])).toThrow(
      'invalid targetModules: "gate_proj" (not a linear module of round; known: q_proj, k_proj, v_proj, o_proj, up_proj, down_proj, all-linear)',
    )
    expect(() => resolveTargetModules(tiny, [])).toThrow('invalid targetModules: [] (must list at least one module)')
  })
})

describe('validateArchitecture(architecture)', () => {
  it('accepts every preset-shaped input and returns it', () => {
    expect(validateArchitecture(tiny)).toBe(tiny)
  })

  it('names the field and the bad value', () => {
    expect(() => validateArchitecture({ ...tiny, layers: 0 })).toThrow('invalid architecture.layers: 0 (must be >= 1)')
    expect(() => validateArchitecture({ ...tiny, hidden: 7.5 })).toThrow('invalid architecture.hidden: 7.5 (must be integer)')
    expect(() => validateArchitecture({ ...tiny, kvHeads: 3 })).toThrow('invalid architecture.kvHeads: 3 (must be <= heads = 2)')
    expect(() => validateArchitecture({ ...tiny, heads: 4, kvHeads: 3 })).toThrow('invalid architecture.kvHeads: 3 (must divide heads = 4)')
    expect(() => validateArchitecture({ ...tiny, heads: 3, kvHeads: 1 })).toThrow(
      'invalid architecture.heads: 3 (must divide hidden = 8 unless headDim is given)',
    )
    expect(() => validateArchitecture({ ...tiny, mlp: 'moe' as 'gated' })).toThrow('invalid architecture.mlp: "moe" (must be "gated" or "standard")')
  })

  it('throws InvalidArgumentError (exit 2 in the CLI) for heads that do not divide', () => {
    expect(() => validateArchitecture({ ...tiny, heads: 3, kvHeads: 1 })).toThrow(InvalidArgumentError)
    expect(() => validateArchitecture({ ...tiny, kvHeads: 4 })).toThrow(InvalidArgumentError)
  })

  it('refuses sizes above the plausible ranges (layers <= 1000, hidden and intermediate <= 1e6, heads <= 1e4, vocab <= 1e7)', () => {
    expect(() => validateArchitecture({ ...tiny, layers: 1e15 })).toThrow('invalid architecture.layers: 1000000000000000 (must be <= 1000)')
    expect(() => validateArchitecture({ ...tiny, layers: 1000 })).not.toThrow()
    expect(() => validateArchitecture({ ...tiny, hidden: 1e308 })).toThrow('invalid architecture.hidden: 1e+308 (must be <= 1000000)')
    expect(() => validateArchitecture({ ...tiny, vocab: 10_000_001 })).toThrow('invalid architecture.vocab: 10000001 (must be <= 10000000)')
    expect(() => validateArchitecture({ ...tiny, heads: 20_000, kvHeads: 1 })).toThrow('invalid architecture.heads: 20000 (must be <= 10000)')
  })
})

describe('architectureShapeProblems(architecture)', () => {
  it('lists kvHeads above heads, kvHeads not dividing heads, heads not dividing hidden', () => {
    // tiny: hidden 8, heads 2, kvHeads 1
    expect(architectureShapeProblems(tiny)).toEqual([])
    expect(architectureShapeProblems({ ...tiny, heads: 3, kvHeads: 4 })).toEqual([
      { field: 'kvHeads', rule: 'must be <= heads = 3' },
      { field: 'heads', rule: 'must divide hidden = 8 unless headDim is given' },
    ])
    expect(architectureShapeProblems({ ...tiny, heads: 3, kvHeads: 1, headDim: 4 })).toEqual([])
  })
})
