/**
 * Published configs of common open models, copied from each model's `config.json` on Hugging
 * Face (the URL is given per preset). Field map: num_hidden_layers -> layers, hidden_size ->
 * hidden, intermediate_size -> intermediate, num_attention_heads -> heads, num_key_value_heads
 * -> kvHeads (absent means equal to heads), vocab_size -> vocab, tie_word_embeddings ->
 * tiedEmbeddings, head_dim -> headDim.
 */
import { InvalidArgumentError } from '../scenario/messages.js'
import type { Architecture } from './architecture.js'

const presets = {
  // LLaMA-1 65B: https://huggingface.co/huggyllama/llama-65b/blob/main/config.json
  // (conversion of Meta's release; Touvron et al. 2023, https://arxiv.org/abs/2302.13971, Table 2: 65.2B)
  'llama-65b': {
    name: 'llama-65b', layers: 80, hidden: 8192, intermediate: 22016, heads: 64, kvHeads: 64,
    vocab: 32000, tiedEmbeddings: false, mlp: 'gated',
  },
  // https://huggingface.co/meta-llama/Llama-2-7b-hf/blob/main/config.json
  'llama-2-7b': {
    name: 'llama-2-7b', layers: 32, hidden: 4096, intermediate: 11008, heads: 32, kvHeads: 32,
    vocab: 32000, tiedEmbeddings: false, mlp: 'gated',
  },
  // https://huggingface.co/meta-llama/Llama-2-13b-hf/blob/main/config.json
  'llama-2-13b': {
    name: 'llama-2-13b', layers: 40, hidden: 5120, intermediate: 13824, heads: 40, kvHeads: 40,
    vocab: 32000, tiedEmbeddings: false, mlp: 'gated',
  },
  // https://huggingface.co/meta-llama/Llama-2-70b-hf/blob/main/config.json (grouped-query attention, 8 kv heads)
  'llama-2-70b': {
    name: 'llama-2-70b', layers: 80, hidden: 8192, intermediate: 28672, heads: 64, kvHeads: 8,
    vocab: 32000, tiedEmbeddings: false, mlp: 'gated',
  },
  // https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/config.json
  'llama-3.1-8b': {
    name: 'llama-3.1-8b', layers: 32, hidden: 4096, intermediate: 14336, heads: 32, kvHeads: 8,
    vocab: 128256, tiedEmbeddings: false, mlp: 'gated',
  },
  // https://huggingface.co/meta-llama/Llama-3.2-1B/blob/main/config.json (head_dim 64, tied)
  'llama-3.2-1b': {
    name: 'llama-3.2-1b', layers: 16, hidden: 2048, intermediate: 8192, heads: 32, kvHeads: 8,
    vocab: 128256, tiedEmbeddings: true, mlp: 'gated', headDim: 64,
  },
  // https://huggingface.co/meta-llama/Llama-3.2-3B/blob/main/config.json (head_dim 128, tied)
  'llama-3.2-3b': {
    name: 'llama-3.2-3b', layers: 28, hidden: 3072, intermediate: 8192, heads: 24, kvHeads: 8,
    vocab: 128256, tiedEmbeddings: true, mlp: 'gated', headDim: 128,
  },
  // https://huggingface.co/mistralai/Mistral-7B-v0.1/blob/main/config.json
  'mistral-7b': {
    name: 'mistral-7b', layers: 32, hidden: 4096, intermediate: 14336, heads: 32, kvHeads: 8,
    vocab: 32000, tiedEmbeddings: false, mlp: 'gated',
  },
  // https://huggingface.co/Qwen/Qwen2.5-0.5B/blob/main/config.json (q/k/v biases: Qwen2 attention)
  'qwen2.5-0.5b': {
    name: 'qwen2.5-0.5b', layers: 24, hidden: 896, intermediate: 4864, heads: 14, kvHeads: 2,
    vocab: 151936, tiedEmbeddings: true, mlp: 'gated', attentionBias: true,
  },
  // https://huggingface.co/Qwen/Qwen2.5-1.5B/blob/main/config.json
  'qwen2.5-1.5b': {
    name: 'qwen2.5-1.5b', layers: 28, hidden: 1536, intermediate: 8960, heads: 12, kvHeads: 2,
    vocab: 151936, tiedEmbeddings: true, mlp: 'gated', attentionBias: true,
  },
  // https://huggingface.co/Qwen/Qwen2.5-7B/blob/main/config.json
  'qwen2.5-7b': {
    name: 'qwen2.5-7b', layers: 28, hidden: 3584, intermediate: 18944, heads: 28, kvHeads: 4,
    vocab: 152064, tiedEmbeddings: false, mlp: 'gated', attentionBias: true,
  },
  // https://huggingface.co/microsoft/Phi-3-mini-4k-instruct/blob/main/config.json
  // Phi-3 fuses q/k/v into qkv_proj and gate/up into gate_up_proj; the counts are the same, a
  // LoRA on the fused module has r x (h + 3h) instead of 3 x r x (h + h) parameters.
  'phi-3-mini': {
    name: 'phi-3-mini', layers: 32, hidden: 3072, intermediate: 8192, heads: 32, kvHeads: 32,
    vocab: 32064, tiedEmbeddings: false, mlp: 'gated',
  },
  // https://huggingface.co/google/gemma-2-2b/blob/main/config.json (head_dim 256 != 2304 / 8;
  // four norms per block: input, post-attention, pre- and post-feedforward; GeGLU MLP; tied)
  'gemma-2-2b': {
    name: 'gemma-2-2b', layers: 26, hidden: 2304, intermediate: 9216, heads: 8, kvHeads: 4,
    vocab: 256000, tiedEmbeddings: true, mlp: 'gated', headDim: 256, normsPerLayer: 4,
  },
} satisfies Record<string, Architecture>

/** A preset name, e.g. `llama-2-7b`. */
export type ArchitecturePresetName = keyof typeof presets

/**
 * The names of all presets, in table order.
 *
 * @example
 * architecturePresetNames().includes('llama-65b') // => true
 */
export function architecturePresetNames(): ArchitecturePresetName[] {
  return Object.keys(presets) as ArchitecturePresetName[]
}

/**
 * A published architecture by name (a fresh copy: callers may change it).
 *
 * @throws for an unknown name, listing the known ones:
 *   `unknown architecture preset: "llama-9b" (known: llama-65b, llama-2-7b, ...)`
 * @example
 * architecturePreset('llama-2-70b').kvHeads // => 8
 */
export function architecturePreset(name: string): Architecture {
  const preset = Object.hasOwn(presets, name) ? presets[name as ArchitecturePresetName] : undefined
  if (!preset) {
    throw new InvalidArgumentError(`unknown architecture preset: ${JSON.stringify(name)} (known: ${architecturePresetNames().join(', ')})`)
  }
  return { ...preset }
}

/**
 * Every preset, as fresh copies, in table order.
 *
 * @example
 * listArchitecturePresets().length // => 13
 */
export function listArchitecturePresets(): Architecture[] {
  return architecturePresetNames().map((name) => architecturePreset(name))
}
