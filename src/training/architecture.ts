/**
 * A decoder-only transformer described by its config, and the parameters it holds: per linear
 * module (the names PEFT targets: q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj),
 * embeddings, output head and norms. Counts are exact for LLaMA-style models (RMSNorm without
 * bias, no linear biases except optional q/k/v biases as in Qwen2).
 */
import { checkNumber } from '../scenario/check-number.js'
import { InvalidArgumentError } from '../scenario/messages.js'
import { RANGES } from '../scenario/ranges.js'

/** A decoder-only transformer, by the fields of its Hugging Face `config.json`. */
export interface Architecture {
  /** Display name, e.g. `llama-2-7b`. */
  name: string
  /** Transformer blocks (`num_hidden_layers`). */
  layers: number
  /** Model width h (`hidden_size`). */
  hidden: number
  /** MLP width (`intermediate_size`). */
  intermediate: number
  /** Attention (query) heads a (`num_attention_heads`). */
  heads: number
  /** Key/value heads (`num_key_value_heads`); fewer than `heads` is grouped-query attention. */
  kvHeads: number
  /** Vocabulary size V (`vocab_size`). */
  vocab: number
  /** The output head shares the input embedding matrix (`tie_word_embeddings`). */
  tiedEmbeddings: boolean
  /** `gated`: gate_proj, up_proj, down_proj (SwiGLU/GeGLU); `standard`: up_proj, down_proj. */
  mlp: 'gated' | 'standard'
  /** Width of one attention head (`head_dim`); default `hidden / heads`. Gemma 2 sets it apart. */
  headDim?: number
  /** q_proj, k_proj and v_proj carry biases (`attention_bias`, Qwen2); default false. */
  attentionBias?: boolean
  /** Norm weight vectors of width h per block; default 2 (before attention and MLP); Gemma 2 has 4. */
  normsPerLayer?: number
}

/** The PEFT names of the linear modules inside a block. */
export const LINEAR_MODULE_NAMES = ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'] as const

/** One of {@link LINEAR_MODULE_NAMES}. */
export type LinearModuleName = (typeof LINEAR_MODULE_NAMES)[number]

/** One linear layer inside a block: `out = W x (+ b)` with W of `outFeatures x inFeatures`. */
export interface LinearModule {
  name: LinearModuleName
  /** Input width (features). */
  inFeatures: number
  /** Output width (features). */
  outFeatures: number
  /** Has a bias vector of `outFeatures` parameters. */
  bias: boolean
}

/** Parameter counts of an architecture (parameters, not bytes). */
export interface ParameterCounts {
  /** Input embedding, `V x h`. */
  embedding: number
  /** Output head, `V x h`; 0 when tied to the embedding. */
  lmHead: number
  /** One block: its linear weights, linear biases and norm weights. */
  perLayer: { linearWeights: number; linearBiases: number; norms: number; total: number }
  /** Linear weights of all blocks: the matrices 4-bit quantisation (QLoRA) replaces. */
  blockLinearWeights: number
  /** Final norm, h. */
  finalNorm: number
  /** Everything: embedding + output head + layers x block + final norm. */
  total: number
  /**
   * Parameters that take part in a matrix multiply per token: block linear weights plus the
   * output projection `V x h` (counted even when tied: the multiply happens either way). The N
   * in the 2N FLOPs-per-token forward cost; the embedding lookup costs no multiply.
   */
  matmul: number
}

function invalidField(field: string, value: unknown, rule: string): Error {
  return new InvalidArgumentError(`invalid architecture.${field}: ${JSON.stringify(value)} (${rule})`)
}

/** The largest accepted value of each size, from the plausible ranges. */
const SIZE_MAX = {
  layers: RANGES.architectureLayers.max,
  hidden: RANGES.architectureWidth.max,
  intermediate: RANGES.architectureWidth.max,
  heads: RANGES.architectureHeads.max,
  kvHeads: RANGES.architectureHeads.max,
  vocab: RANGES.architectureVocab.max,
} as const

/** A head-count rule an architecture breaks: the field and the rule in words. */
export interface ArchitectureShapeProblem {
  field: 'heads' | 'kvHeads'
  rule: string
}

/**
 * The head-count rules an architecture with valid sizes breaks: `kvHeads` at most `heads` and
 * dividing it (each key/value head serves a whole group of query heads), and, without `headDim`,
 * `heads` dividing `hidden` (each head gets a whole width). Empty when it keeps them.
 *
 * @example
 * architectureShapeProblems({ ...architecturePreset('llama-2-7b'), heads: 7, kvHeads: 7 })
 * // => [{ field: 'heads', rule: 'must divide hidden = 4096 unless headDim is given' }]
 * architectureShapeProblems({ ...architecturePreset('llama-2-7b'), kvHeads: 64 })
 * // => [{ field: 'kvHeads', rule: 'must be <= heads = 32' }]
 * architectureShapeProblems(architecturePreset('llama-2-7b')) // => []
 */
export function architectureShapeProblems(architecture: Architecture): ArchitectureShapeProblem[] {
  const { heads, kvHeads, hidden, headDim } = architecture
  const problems: ArchitectureShapeProblem[] = []
  if (kvHeads > heads) problems.push({ field: 'kvHeads', rule: `must be <= heads = ${heads}` })
  else if (heads % kvHeads !== 0) problems.push({ field: 'kvHeads', rule: `must divide heads = ${heads}` })
  if (headDim === undefined && hidden % heads !== 0) problems.push({ field: 'heads', rule: `must divide hidden = ${hidden} unless headDim is given` })
  return problems
}

/**
 * Checks an architecture and returns it; the estimator calls it once at its entry.
 *
 * @throws {InvalidArgumentError} when a size is not an integer in its plausible range (in the
 *   scenario validator's words; see {@link RANGES}), `mlp` is not `gated`/`standard`, or the heads
 *   do not divide evenly ({@link architectureShapeProblems}), e.g.
 *   `invalid architecture.layers: 0 (must be >= 1)`
 * @example
 * validateArchitecture(architecturePreset('llama-2-7b')).layers // => 32
 * validateArchitecture({ ...architecturePreset('llama-2-7b'), heads: 0 }) // throws invalid architecture.heads: 0 (must be >= 1)
 * validateArchitecture({ ...architecturePreset('llama-2-7b'), layers: 1e15 }) // throws invalid architecture.layers: 1000000000000000 (must be <= 1000)
 * validateArchitecture({ ...architecturePreset('llama-2-7b'), heads: 7, kvHeads: 7 })
 * // throws invalid architecture.heads: 7 (must divide hidden = 4096 unless headDim is given)
 */
export function validateArchitecture(architecture: Architecture): Architecture {
  if (architecture === null || typeof architecture !== 'object') {
    throw new InvalidArgumentError(`invalid architecture: ${JSON.stringify(architecture)} (must be an object)`)
  }
  for (const field of ['layers', 'hidden', 'intermediate', 'heads', 'kvHeads', 'vocab'] as const) {
    checkNumber(`architecture.${field}`, architecture[field], { min: 1, max: SIZE_MAX[field], integer: true })
  }
  if (architecture.mlp !== 'gated' && architecture.mlp !== 'standard') {
    throw invalidField('mlp', architecture.mlp, 'must be "gated" or "standard"')
  }
  if (typeof architecture.tiedEmbeddings !== 'boolean') {
    throw invalidField('tiedEmbeddings', architecture.tiedEmbeddings, 'must be true or false')
  }
  if (architecture.headDim !== undefined) {
    checkNumber('architecture.headDim', architecture.headDim, { min: 1, max: RANGES.architectureWidth.max, integer: true })
  }
  const [problem] = architectureShapeProblems(architecture)
  if (problem) throw invalidField(problem.field, architecture[problem.field], problem.rule)
  if (architecture.normsPerLayer !== undefined) {
    checkNumber('architecture.normsPerLayer', architecture.normsPerLayer, { min: 0, max: RANGES.normsPerLayer.max, integer: true })
  }
  if (architecture.attentionBias !== undefined && typeof architecture.attentionBias !== 'boolean') {
    throw invalidField('attentionBias', architecture.attentionBias, 'must be true or false')
  }
  return architecture
}

/**
 * Width of one attention head: `headDim` when given, else `hidden / heads`.
 *
 * @example
 * headDimension(architecturePreset('llama-2-7b')) // => 128 (4096 / 32)
 */
export function headDimension(architecture: Architecture): number {
  return architecture.headDim ?? architecture.hidden / architecture.heads
}

/**
 * The linear modules of one block, with their shapes. With `d = headDimension`: q_proj h -> a*d,
 * k_proj and v_proj h -> kvHeads*d, o_proj a*d -> h; gated MLP gate_proj and up_proj h -> i,
 * down_proj i -> h; standard MLP up_proj h -> i, down_proj i -> h. Shapes as in Hugging Face
 * `modeling_llama.py` (https://github.com/huggingface/transformers/blob/main/src/transformers/models/llama/modeling_llama.py).
 *
 * @example
 * linearModules(architecturePreset('mistral-7b')).find((m) => m.name === 'k_proj')
 * // => { name: 'k_proj', inFeatures: 4096, outFeatures: 1024, bias: false } (8 kv heads x 128)
 */
export function linearModules(architecture: Architecture): LinearModule[] {
  const { hidden: h, intermediate: i, heads, kvHeads } = architecture
  const d = headDimension(architecture)
  const bias = architecture.attentionBias === true
  const attention: LinearModule[] = [
    { name: 'q_proj', inFeatures: h, outFeatures: heads * d, bias },
    { name: 'k_proj', inFeatures: h, outFeatures: kvHeads * d, bias },
    { name: 'v_proj', inFeatures: h, outFeatures: kvHeads * d, bias },
    { name: 'o_proj', inFeatures: heads * d, outFeatures: h, bias: false },
  ]
  const mlp: LinearModule[] =
    architecture.mlp === 'gated'
      ? [
          { name: 'gate_proj', inFeatures: h, outFeatures: i, bias: false },
          { name: 'up_proj', inFeatures: h, outFeatures: i, bias: false },
          { name: 'down_proj', inFeatures: i, outFeatures: h, bias: false },
        ]
      : [
          { name: 'up_proj', inFeatures: h, outFeatures: i, bias: false },
          { name: 'down_proj', inFeatures: i, outFeatures: h, bias: false },
        ]
  return [...attention, ...mlp]
}

/**
 * Counts the parameters of an architecture. Cost O(1).
 *
 * total = V*h (embedding) + [untied] V*h (output head)
 *       + layers x (linear weights + linear biases + normsPerLayer*h) + h (final norm)
 *
 * @example
 * parameterCounts(architecturePreset('llama-2-7b')).total // => 6_738_415_616
 */
export function parameterCounts(architecture: Architecture): ParameterCounts {
  const { hidden: h, vocab: V, layers } = architecture
  const modules = linearModules(architecture)
  const linearWeights = modules.reduce((sum, m) => sum + m.inFeatures * m.outFeatures, 0)
  const linearBiases = modules.reduce((sum, m) => sum + (m.bias ? m.outFeatures : 0), 0)
  const norms = (architecture.normsPerLayer ?? 2) * h
  const perLayerTotal = linearWeights + linearBiases + norms
  const embedding = V * h
  const lmHead = architecture.tiedEmbeddings ? 0 : V * h
  const blockLinearWeights = layers * linearWeights
  return {
    embedding,
    lmHead,
    perLayer: { linearWeights, linearBiases, norms, total: perLayerTotal },
    blockLinearWeights,
    finalNorm: h,
    total: embedding + lmHead + layers * perLayerTotal + h,
    matmul: blockLinearWeights + V * h,
  }
}

/**
 * Total parameters (count).
 *
 * @example
 * totalParameters(architecturePreset('mistral-7b')) // => 7_241_732_096
 */
export function totalParameters(architecture: Architecture): number {
  return parameterCounts(architecture).total
}

/**
 * The module names `all-linear` stands for (as in PEFT's `target_modules="all-linear"`: every
 * linear layer in the blocks, not the output head).
 *
 * @example
 * allLinearModuleNames(architecturePreset('llama-2-7b')) // => ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj']
 */
export function allLinearModuleNames(architecture: Architecture): LinearModuleName[] {
  return linearModules(architecture).map((m) => m.name)
}

/**
 * Resolves LoRA target module names against the architecture: `all-linear` expands to every
 * block linear; duplicates are dropped.
 *
 * @throws for an empty list or a name the architecture does not have, e.g.
 *   `invalid targetModules: "gate_proj" (not a linear module of gpt-small; known: q_proj, k_proj, v_proj, o_proj, up_proj, down_proj, all-linear)`
 * @example
 * resolveTargetModules(architecturePreset('llama-2-7b'), ['q_proj', 'v_proj']) // => ['q_proj', 'v_proj']
 * resolveTargetModules(architecturePreset('llama-2-7b'), []) // throws invalid targetModules: [] (must list at least one module)
 */
export function resolveTargetModules(architecture: Architecture, targetModules: readonly string[]): LinearModuleName[] {
  if (!Array.isArray(targetModules) || targetModules.length === 0) {
    throw new InvalidArgumentError(`invalid targetModules: ${JSON.stringify(targetModules)} (must list at least one module)`)
  }
  const known = allLinearModuleNames(architecture)
  const resolved = new Set<LinearModuleName>()
  for (const name of targetModules) {
    if (name === 'all-linear') {
      known.forEach((k) => resolved.add(k))
    } else if ((known as string[]).includes(name)) {
      resolved.add(name as LinearModuleName)
    } else {
      throw new InvalidArgumentError(
        `invalid targetModules: ${JSON.stringify(name)} (not a linear module of ${architecture.name}; known: ${[...known, 'all-linear'].join(', ')})`,
      )
    }
  }
  return known.filter((k) => resolved.has(k))
}

/**
 * Trainable LoRA parameters: each targeted linear W (d_out x d_in) gets B (d_out x r) and
 * A (r x d_in), so `r x (d_in + d_out)` per module per layer. Hu et al. 2021, LoRA, §4.1
 * (https://arxiv.org/abs/2106.09685).
 *
 * @throws {InvalidArgumentError} for a rank that is not an integer >= 1 (`invalid rank: 0 (must be >= 1)`) or an unknown module (see {@link resolveTargetModules})
 * @example
 * // llama-2-7b, r = 8 on q_proj and v_proj: 32 layers x 2 x 8 x (4096 + 4096) = 4_194_304
 * loraParameters(architecturePreset('llama-2-7b'), 8, ['q_proj', 'v_proj']) // => 4_194_304
 * loraParameters(architecturePreset('llama-2-7b'), 0, ['q_proj']) // throws invalid rank: 0 (must be >= 1)
 */
export function loraParameters(architecture: Architecture, rank: number, targetModules: readonly string[]): number {
  checkNumber('rank', rank, { min: 1, integer: true })
  const targets = new Set(resolveTargetModules(architecture, targetModules))
  const perLayer = linearModules(architecture)
    .filter((m) => targets.has(m.name))
    .reduce((sum, m) => sum + rank * (m.inFeatures + m.outFeatures), 0)
  return architecture.layers * perLayer
}
