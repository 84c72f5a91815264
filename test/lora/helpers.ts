// Shared set-up of the LoRA worker tests: tiny models (d_model 32, 2 layers) so the whole suite
// runs in seconds on one CPU thread. PAYBACK_LORA_DEVICE=cuda (npm run gpu-check) runs the
// same tests on a GPU.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LoraWorker, type LoraWorkerOptions } from '../../kernel/lora/index.js'
import type { AddAdapterArgs, ModelConfig, SyntheticTopicSource, TrainArgs } from '../../kernel/lora/protocol-types.js'
import { readSafetensors } from './safetensors.js'

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

/**
 * The train args the resume, data-parallel and torchrun tests share: model `m` on dataset `d`
 * ({@link prepareTopicRun}), global batch 16, lr 0.01, seed 11, a logged loss every 10 steps;
 * `extra` adds or overrides (processes, checkpoints: {@link resumableIn}).
 */
export function topicTrainArgs(steps: number, extra: Partial<TrainArgs> = {}): TrainArgs {
  return { model: 'm', dataset: 'd', steps, batch_size: 16, lr: 0.01, seed: 11, log_every: 10, ...extra }
}

/** Checkpoints every 20 steps into `dir`, resuming from the newest one there. */
export function resumableIn(dir: string): Partial<TrainArgs> {
  return { checkpoint_dir: dir, checkpoint_every: 20, resume: true }
}

/**
 * The same model `m` (`config`, seed 1), dataset `d` (200 topic examples: 12 steps of 16 an
 * epoch) and a fresh adapter ({@link adapterArgs} with `adapterDropout`) every time.
 */
export async function prepareTopicRun(worker: LoraWorker, config: ModelConfig = CLASSIFIER, adapterDropout = 0.1): Promise<void> {
  await worker.request('build_model', { name: 'm', config, seed: 1 })
  await worker.request('make_dataset', { name: 'd', source: topicSource(200, 9) })
  await worker.request('add_adapter', { ...adapterArgs('m'), dropout: adapterDropout })
}

/** Model `m`'s adapter as the worker saves it (PEFT layout) under `path`: tensor name -> float32 values. */
export async function savedAdapterAt(worker: LoraWorker, path: string): Promise<Record<string, Float32Array>> {
  const saved = await worker.request('save_adapter', { model: 'm', path })
  return readSafetensors(join(saved.path, 'adapter_model.safetensors')).values
}
