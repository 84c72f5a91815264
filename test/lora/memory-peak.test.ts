// train's measured peak memory (measure_peak_memory: the peak of tensor memory above what the
// model held before the first step) against the estimator's gradients + optimiser state +
// activations (src/training/memory.ts) for the same architecture, at two batch sizes and with a
// 16/32-bit against a 4-bit NF4 base. The worker's CPU measurement counts the CPU allocator's
// events under torch's profiler: exact, so every run gives the same bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoraWorker } from '../../kernel/lora/index.js'
import type { ModelConfig, TrainResult } from '../../kernel/lora/protocol-types.js'
import { trainingMemory, type TrainingMemory } from '../../src/training/memory.js'
import type { Architecture } from '../../src/training/architecture.js'
import { DEVICE, startWorker } from './helpers.js'

/** Width 128 and 64 tokens, so one batch of 16 holds tens of MB of activations but a step takes ~0.1 s. */
const CONFIG: ModelConfig = { task: 'classification', vocab_size: 64, max_len: 64, d_model: 128, n_heads: 4, n_layers: 2, num_labels: 4 }
/** Inputs of 64-128 tokens cut to max_len (BOS + 63), so every batch is exactly 64 tokens long. */
const SOURCE = { kind: 'synthetic_topic' as const, n: 256, seed: 2, num_labels: 4, seq_len: 128, vocab_size: 64 }
/** The same model as the estimator sees it: MLP 4 x 128 (fc1, fc2: the 'standard' MLP), tied head of width V = 64. */
const ARCHITECTURE: Architecture = {
  name: 'memory-peak classifier', layers: 2, hidden: 128, intermediate: 512, heads: 4, kvHeads: 4, vocab: 64, tiedEmbeddings: true, mlp: 'standard',
}
const SEQUENCE = 64
const BLOCK_LINEARS = ['q_proj', 'k_proj', 'v_proj', 'out_proj', 'fc1', 'fc2']

type Method = 'lora' | 'qlora'
const runs = new Map<string, TrainResult>()
const key = (method: Method, batch: number) => `${method}-${batch}`
let worker: LoraWorker

const estimate = (batch: number): TrainingMemory =>
  trainingMemory(ARCHITECTURE, { kind: 'qlora', rank: 4, targetModules: ['all-linear'], doubleQuantization: true }, { sequenceLength: SEQUENCE, microBatchSize: batch, gradientCheckpointing: false })

/** The estimator's training-time parts at the worker's precision: it counts activations and gradients in 16 bits, the worker keeps them in float32 (x 2); Adam's moments are float32 in both. */
const atWorkerPrecision = (e: TrainingMemory) => 2 * e.activationsBytes + 2 * e.gradientsBytes + e.optimizerStateBytes

beforeAll(async () => {
  worker = await startWorker()
  await worker.request('make_dataset', { name: 'train', source: SOURCE })
  for (const method of ['lora', 'qlora'] as const) {
    for (const batch of [16, 32]) {
      const name = key(method, batch)
      await worker.request('build_model', { name, config: CONFIG, seed: 1 })
      await worker.request('add_adapter', { model: name, r: 4, alpha: 8, dropout: 0, target_modules: BLOCK_LINEARS, seed: 2, method })
      // 3 steps: Adam's moments appear at the first step's end, so the peak is reached from step 2 on.
      runs.set(name, await worker.request('train', { model: name, dataset: 'train', steps: 3, batch_size: batch, lr: 1e-3, seed: 3, log_every: 1, measure_peak_memory: true }))
    }
  }
}, 60_000)
afterAll(async () => worker?.close())

describe.runIf(DEVICE === 'cpu')('train measure_peak_memory on the CPU against the estimator (2 blocks, h 128, s 64, r 4 on every block linear)', () => {
  it('the estimator\'s parts, by hand', () => {
    // Activations (Korthikanti et al. 2022): per block s b h (34 + 5 a s / h) = 64 x 16 x 128 x (34 + 5 x 4 x 64 / 128) = 131,072 x 44
    // = 5,767,168; 2 blocks 11,534,336; fp32 logits 4 s b V = 4 x 64 x 16 x 64 = 262,144; in all 11,796,480 at b = 16, twice that at b = 32.
    expect(estimate(16).activationsBytes).toBe(11_796_480)
    expect(estimate(32).activationsBytes).toBe(23_592_960)
    // Adapters: r (in + out) = 4 x 256 for q, k, v, out and 4 x 640 for fc1, fc2: 9,216 a block, 18,432 in all;
    // 16-bit gradients 2 x 18,432 = 36,864 B; Adam 8 x 18,432 = 147,456 B.
    expect(estimate(16).gradientsBytes).toBe(36_864)
    expect(estimate(16).optimizerStateBytes).toBe(147_456)
    // At the worker's float32: 2 x 11,796,480 + 2 x 36,864 + 147,456 = 23,814,144 (b = 16); 2 x 23,592,960 + 73,728 + 147,456 = 47,407,104 (b = 32).
    expect(atWorkerPrecision(estimate(16))).toBe(23_814_144)
    expect(atWorkerPrecision(estimate(32))).toBe(47_407_104)
  })

  it('prints measured against estimated per component, and the same run gives the same bytes', async () => {
    const rows: string[] = ['| component | batch | measured | estimator (16-bit) | estimator at float32 | ratio |', '|---|---|---|---|---|---|']
    const format = (n: number) => n.toLocaleString('en-US')
    for (const batch of [16, 32]) {
      const q = runs.get(key('qlora', batch))!
      const l = runs.get(key('lora', batch))!
      const e = estimate(batch)
      const peak = q.peak_memory_increase_bytes!
      const rest = peak - q.gradient_bytes - q.optimizer_state_bytes
      rows.push(`| gradients | ${batch} | ${format(q.gradient_bytes)} | ${format(e.gradientsBytes)} | ${format(2 * e.gradientsBytes)} | ${(q.gradient_bytes / (2 * e.gradientsBytes)).toFixed(3)} |`)
      rows.push(`| optimiser state | ${batch} | ${format(q.optimizer_state_bytes)} | ${format(e.optimizerStateBytes)} | ${format(e.optimizerStateBytes)} | ${(q.optimizer_state_bytes / e.optimizerStateBytes).toFixed(3)} |`)
      rows.push(`| activations and transients (peak - gradients - optimiser) | ${batch} | ${format(rest)} | ${format(e.activationsBytes)} | ${format(2 * e.activationsBytes)} | ${(rest / (2 * e.activationsBytes)).toFixed(3)} |`)
      rows.push(`| dequantised weights held (QLoRA peak - LoRA peak) | ${batch} | ${format(peak - l.peak_memory_increase_bytes!)} | 0 | 0 | - |`)
      rows.push(`| peak increase, QLoRA | ${batch} | ${format(peak)} | ${format(e.gradientsBytes + e.optimizerStateBytes + e.activationsBytes)} | ${format(atWorkerPrecision(e))} | ${(peak / atWorkerPrecision(e)).toFixed(3)} |`)
    }
    console.log(rows.join('\n'))
    // A repeat of one run on a fresh model: the allocator's events are the same, so the bytes are.
    await worker.request('build_model', { name: 'again', config: CONFIG, seed: 1 })
    await worker.request('add_adapter', { model: 'again', r: 4, alpha: 8, dropout: 0, target_modules: BLOCK_LINEARS, seed: 2, method: 'qlora' })
    const again = await worker.request('train', { model: 'again', dataset: 'train', steps: 3, batch_size: 16, lr: 1e-3, seed: 3, log_every: 1, measure_peak_memory: true })
    expect(again.peak_memory_increase_bytes).toBe(runs.get(key('qlora', 16))!.peak_memory_increase_bytes)
  })

  it('gradients and optimiser state: the estimator\'s counts at float32', () => {
    for (const batch of [16, 32]) {
      const q = runs.get(key('qlora', batch))!
      // 18,432 adapter weights x 4 B (float32) = 73,728: the estimator's 16-bit 36,864 x 2.
      expect(q.gradient_bytes).toBe(73_728)
      // Adam's two float32 moments (147,456) plus torch's 4-byte step counter on each of the 24 adapter tensors (96).
      expect(q.optimizer_state_bytes).toBe(147_456 + 24 * 4)
    }
  })

  it('the peak increase is within 20 % of the estimator\'s gradients + optimiser state + activations at float32', () => {
    // Tolerance 20 %: the estimator counts what a GPT block saves for backward in Korthikanti's
    // accounting (dropout masks and outputs, 16-bit softmax), while this block (dropout 0) keeps
    // no masks and a float32 softmax, also keeps GELU's input and output at 4h, a copy for the
    // heads' concatenation and the embeddings' sum, and its peak adds backward's transient
    // gradients; its classifier head has no s x V logits. The parts differ by up to a fifth either
    // way and happen to cancel to a few % at this size; 20 % is the bar they are held to.
    for (const batch of [16, 32]) {
      const ratio = runs.get(key('qlora', batch))!.peak_memory_increase_bytes! / atWorkerPrecision(estimate(batch))
      expect(ratio).toBeGreaterThan(0.8)
      expect(ratio).toBeLessThan(1.2)
    }
  })

  it('doubling the batch adds what the estimator predicts for activations, x 2 for float32, within 5 %', () => {
    // The estimator is linear in b: activations(32) - activations(16) = 23,592,960 - 11,796,480 = 11,796,480 (16-bit),
    // 23,592,960 at float32; gradients, optimiser state and dequantised weights do not depend on b and cancel.
    // Tolerance 5 %: both are linear in b, so only the per-example composition (see above) separates them.
    const added = runs.get(key('qlora', 32))!.peak_memory_increase_bytes! - runs.get(key('qlora', 16))!.peak_memory_increase_bytes!
    console.log(`peak added by doubling the batch 16 -> 32: ${added.toLocaleString('en-US')} B; estimator at float32 23,592,960 B; ratio ${(added / 23_592_960).toFixed(3)}`)
    expect(added / 23_592_960).toBeGreaterThan(0.95)
    expect(added / 23_592_960).toBeLessThan(1.05)
  })

  it('a 4-bit NF4 base adds its dequantised weights, the same at every batch size and at most the block linears in float32', () => {
    // QLoRA dequantises each block linear in the forward pass; autograd keeps the float32 copy for
    // the gradient of the layer's input until backward reaches it (bitsandbytes dequantises again
    // in backward instead, so the estimator has no such term). At most every block linear:
    // 2 blocks x (4 x 128 x 128 + 2 x 128 x 512) = 393,216 weights x 4 B = 1,572,864 B.
    const extra16 = runs.get(key('qlora', 16))!.peak_memory_increase_bytes! - runs.get(key('lora', 16))!.peak_memory_increase_bytes!
    const extra32 = runs.get(key('qlora', 32))!.peak_memory_increase_bytes! - runs.get(key('lora', 32))!.peak_memory_increase_bytes!
    expect(extra16).toBeGreaterThan(0)
    expect(extra16).toBeLessThanOrEqual(1_572_864)
    expect(extra32).toBe(extra16)
  })

  it('is null unless asked for', async () => {
    await worker.request('build_model', { name: 'unmeasured', config: CONFIG, seed: 1 })
    await worker.request('add_adapter', { model: 'unmeasured', r: 4, alpha: 8, target_modules: BLOCK_LINEARS, seed: 2, method: 'qlora' })
    const result = await worker.request('train', { model: 'unmeasured', dataset: 'train', steps: 1, batch_size: 16, lr: 1e-3, seed: 3 })
    expect(result.peak_memory_increase_bytes).toBeNull()
  })
})
