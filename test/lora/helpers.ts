// Shared set-up of the LoRA worker tests: tiny models (d_model 32, 2 layers) so the whole suite
// runs in seconds on one CPU thread. PAYBACK_LORA_DEVICE=cuda (npm run gpu-check) runs the
// same tests on a GPU.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LoraWorker, type LoraWorkerOptions } from '../../kernel/lora/index.js'
import type { AddAdapterArgs, ModelConfig, SyntheticTopicSource } from '../../kernel/lora/protocol-types.js'

/** The device the tests expect the worker to use. */
export const DEVICE = (process.env['PAYBACK_LORA_DEVICE'] as 'cpu' | 'cuda' | undefined) ?? 'cpu'

/** A 4-label classifier over 64 token ids: d_model 32, 4 heads, 2 layers (28,676 base weights). */
export const CLASSIFIER: ModelConfig = {
  task: 'classification',
  vocab_size: 64,
  max_len: 32,
  d_model: 32,
  n_heads: 4,
  n_layers: 2,
  num_labels: 4,
}

/** The topic task matching {@link CLASSIFIER}; `seed` tells training and held-out sets apart. */
export function topicSource(n: number, seed: number): SyntheticTopicSource {
  return { kind: 'synthetic_topic', n, seed, num_labels: 4, seq_len: 16, vocab_size: 64 }
}

/** Rank-4 LoRA on the attention queries and values and on the classifier head, with dropout. */
export function adapterArgs(model: string, seed = 2): AddAdapterArgs {
  return { model, r: 4, alpha: 8, dropout: 0.1, target_modules: ['q_proj', 'v_proj', 'classifier'], seed }
}

/** Starts a worker pinned to one thread on the test device. */
export function startWorker(options: LoraWorkerOptions = {}): Promise<LoraWorker> {
  return LoraWorker.start({ threads: 1, device: DEVICE, ...options })
}

/** A fresh temporary folder and its remover. */
export function temporaryFolder(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `payback-lora-${prefix}-`))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

/** Rejects with a message when `promise` does not settle within `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, limit])
  } finally {
    clearTimeout(timer)
  }
}
