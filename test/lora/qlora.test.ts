// QLoRA in the worker (add_adapter method: 'qlora'): the frozen block linears stored in NF4 with
// double-quantised constants, adapters trained on top. Against LoRA on the same task, against the
// estimator's memory for the same architecture, and through a PEFT-layout save and reload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoraWorker } from '../../kernel/lora/index.js'
import type { AddAdapterResult, TrainResult } from '../../kernel/lora/protocol-types.js'
import { trainingMemory } from '../../src/training/memory.js'
import { loraParameters, parameterCounts, type Architecture } from '../../src/training/architecture.js'
import { CLASSIFIER, startWorker, temporaryFolder, topicSource } from './helpers.js'

/** Every Linear in the blocks: what QLoRA quantises and what the estimator calls the block linears. */
const BLOCK_LINEARS = ['q_proj', 'k_proj', 'v_proj', 'out_proj', 'fc1', 'fc2']
const adapter = (model: string, method: 'lora' | 'qlora') => ({ model, r: 4, alpha: 8, dropout: 0, target_modules: BLOCK_LINEARS, seed: 2, method })

/** The worker's classifier as the estimator sees it: 2 blocks, width 32, MLP 128 (4 x 32), 4 heads, 64 tokens. */
const ARCHITECTURE: Architecture = {
  name: 'worker classifier', layers: 2, hidden: 32, intermediate: 128, heads: 4, kvHeads: 4, vocab: 64, tiedEmbeddings: true, mlp: 'standard',
}

let worker: LoraWorker
const trained: Record<'lora' | 'qlora', { summary: AddAdapterResult; result: TrainResult; accuracy: number; baseBefore: string; baseAfter: string }> = {} as never

beforeAll(async () => {
  worker = await startWorker()
  await worker.request('make_dataset', { name: 'train', source: topicSource(1024, 1) })
  await worker.request('make_dataset', { name: 'held-out', source: topicSource(512, 2) })
  for (const method of ['lora', 'qlora'] as const) {
    await worker.request('build_model', { name: method, config: CLASSIFIER, seed: 1 })
    const summary = await worker.request('add_adapter', adapter(method, method))
    const baseBefore = (await worker.request('fingerprint', { model: method })).base_sha256
    const result = await worker.request('train', { model: method, dataset: 'train', steps: 150, batch_size: 32, lr: 0.01, seed: 3, log_every: 50 })
    const baseAfter = (await worker.request('fingerprint', { model: method })).base_sha256
    const accuracy = (await worker.request('evaluate', { model: method, dataset: 'held-out' })).accuracy
    trained[method] = { summary, result, accuracy, baseBefore, baseAfter }
  }
}, 120_000)
afterAll(async () => worker?.close())

describe("add_adapter method 'qlora' then train", () => {
  it('keeps the NF4 base bit-identical and trains only the adapters', () => {
    const q = trained.qlora
    expect(q.summary.method).toBe('qlora')
    expect(q.summary.double_quant).toBe(true)
    expect(q.baseAfter).toBe(q.baseBefore)
    for (const name of q.result.params_with_grad) expect(name).toMatch(/\.lora_[AB]\.weight$/)
    expect(q.result.trainable_parameters).toBe(trained.lora.result.trainable_parameters)
  })

  it('reaches held-out accuracy within 3 points of 16/32-bit LoRA on the same task, data and seed', () => {
    console.log(`held-out accuracy: LoRA ${trained.lora.accuracy}, QLoRA ${trained.qlora.accuracy}; final loss ${trained.lora.result.final_loss} / ${trained.qlora.result.final_loss}`)
    expect(trained.lora.accuracy).toBeGreaterThan(0.8)
    expect(Math.abs(trained.qlora.accuracy - trained.lora.accuracy)).toBeLessThanOrEqual(0.03)
  })
})

describe('what the worker holds against what the estimator predicts for the same architecture', () => {
  it('NF4 codes: exactly the estimator\'s 4 bits per block-linear weight', () => {
    // Block linears: per block 4 x 32 x 32 (attention) + 2 x 32 x 128 (MLP) = 12,288; 2 blocks: 24,576 weights, 12,288 bytes.
    const memory = trained.qlora.summary.memory!
    expect(memory.nf4_code_bytes).toBe(24_576 / 2)
    // The estimator's weights are the NF4 block linears plus the 16-bit rest: its NF4 part is the worker's codes.
    const estimate = trainingMemory(ARCHITECTURE, { kind: 'qlora', rank: 4, targetModules: ['all-linear'], doubleQuantization: true }, { sequenceLength: 16, microBatchSize: 32, gradientCheckpointing: false })
    const counts = parameterCounts(ARCHITECTURE)
    expect(counts.blockLinearWeights).toBe(24_576)
    expect(estimate.weightsBytes - 2 * (counts.total - counts.blockLinearWeights)).toBe(memory.nf4_code_bytes)
  })

  it('quantisation constants: by hand per matrix, and within 25 % of the estimator\'s 0.127 bits a weight', () => {
    // Each matrix apart: one 8-bit code per 64 weights, a float32 scale per 256 codes, a float32 offset.
    // q, k, v, o (1,024 weights): 16 + 4 + 4 = 24 bytes; fc1, fc2 (4,096): 64 + 4 + 4 = 72; per block 4 x 24 + 2 x 72 = 240; 2 blocks: 480.
    const memory = trained.qlora.summary.memory!
    expect(memory.quant_constant_bytes).toBe(480)
    const estimate = trainingMemory(ARCHITECTURE, { kind: 'qlora', rank: 4, targetModules: ['all-linear'], doubleQuantization: true }, { sequenceLength: 16, microBatchSize: 32, gradientCheckpointing: false })
    // The estimator: 24,576 x (8/64 + 32/(64 x 256)) / 8 = 390 bytes; the worker's per-matrix scale and offset
    // cost 8 bytes a matrix more (12 matrices: 96 bytes), which vanishes on a real model's large matrices.
    expect(estimate.quantizationConstantsBytes).toBe(390)
    const ratio = memory.quant_constant_bytes / estimate.quantizationConstantsBytes
    console.log(`quantisation constants: worker ${memory.quant_constant_bytes} B, estimator ${estimate.quantizationConstantsBytes} B, ratio ${ratio.toFixed(3)}`)
    expect(ratio).toBeGreaterThan(1)
    expect(ratio).toBeLessThan(1.25)
  })

  it('adapters, gradients and optimiser state: the estimator\'s counts, at the worker\'s float32 on CPU', () => {
    const memory = trained.qlora.summary.memory!
    const estimate = trainingMemory(ARCHITECTURE, { kind: 'qlora', rank: 4, targetModules: ['all-linear'], doubleQuantization: true }, { sequenceLength: 16, microBatchSize: 32, gradientCheckpointing: false })
    // r (in + out) per matrix: 4 x (4 x 64 + 2 x 160) = 2,304 a block, 4,608 in all; the estimator's bf16 is 2 bytes, the worker's float32 4.
    expect(loraParameters(ARCHITECTURE, 4, ['all-linear'])).toBe(4_608)
    expect(trained.qlora.result.trainable_parameters).toBe(4_608)
    expect(memory.adapter_bytes).toBe(4 * 4_608)
    expect(memory.adapter_bytes / estimate.adapterBytes).toBe(2)
    // Adam: two float32 moments per trained weight (the estimator's 8 B) plus torch's step counter per tensor.
    const optimizer = trained.qlora.result.optimizer_state_bytes
    console.log(`optimiser state: worker ${optimizer} B, estimator ${estimate.optimizerStateBytes} B, ratio ${(optimizer / estimate.optimizerStateBytes).toFixed(3)}`)
    expect(optimizer / estimate.optimizerStateBytes).toBeGreaterThanOrEqual(1)
    expect(optimizer / estimate.optimizerStateBytes).toBeLessThan(1.05)
  })
})

describe('a QLoRA adapter in the PEFT layout', () => {
  it('reloads onto a fresh NF4 base of the same model to identical predictions', async () => {
    const folder = temporaryFolder('qlora')
    try {
      await worker.request('save_adapter', { model: 'qlora', path: folder.path })
      const before = await worker.request('predict', { model: 'qlora', dataset: 'held-out', output: 'probabilities' })
      await worker.request('build_model', { name: 'reloaded', config: CLASSIFIER, seed: 1 })
      await worker.request('add_adapter', adapter('reloaded', 'qlora'))
      await worker.request('load_adapter', { model: 'reloaded', path: folder.path })
      const after = await worker.request('predict', { model: 'reloaded', dataset: 'held-out', output: 'probabilities' })
      expect(after).toEqual(before)
      expect((await worker.request('fingerprint', { model: 'reloaded' })).base_sha256).toBe(trained.qlora.baseAfter)
    } finally {
      folder.remove()
    }
  })
})
