// The student-base path through the real worker and the TypeScript client (both sides validate
// the new protocol shapes): masked-language-model pretraining on windowed text, save, a smaller
// classifier initialised from the base's first layers (init_from), its probabilities, and the
// throughput measurement with the hardware named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoraWorker } from '../../kernel/lora/index.js'
import type { BuildModelResult, ModelConfig } from '../../kernel/lora/protocol-types.js'
import { startWorker, temporaryFolder } from './helpers.js'

const BASE: ModelConfig = { task: 'masked_lm', vocab_size: 261, max_len: 48, d_model: 32, n_heads: 4, n_layers: 3 }
const STUDENT: ModelConfig = { ...BASE, task: 'classification', max_len: 32, n_layers: 2, num_labels: 2 }
const EMAIL = 'Subject: lunch on friday\n\nHi all, the quarterly review moves to room 4. Bring the slides. '
const SPAM = 'Subject: WIN $$$ NOW\n\nClaim your free prize today!!! Click the link, act now. '

const folder = temporaryFolder('pretrain')
let worker: LoraWorker

beforeAll(async () => {
  worker = await startWorker()
})
afterAll(async () => {
  await worker?.close()
  folder.remove()
})

describe('masked_lm pretraining, init_from and throughput over the protocol', () => {
  let student: BuildModelResult

  it('pretrains a masked_lm base on windowed texts and lowers its masked loss', async () => {
    const texts = Array.from({ length: 24 }, (_, i) => (i % 2 ? SPAM : EMAIL).repeat(4).slice(i))
    const windows = await worker.request('make_dataset', { name: 'raw', source: { kind: 'texts', texts, window: { length: 47, stride: 40 } } })
    expect(windows).toMatchObject({ task: 'unlabelled', source_texts: 24 })
    expect(windows.n).toBeGreaterThan(24)
    await worker.request('build_model', { name: 'base', config: BASE, seed: 1 })
    const before = await worker.request('evaluate', { model: 'base', dataset: 'raw', seed: 3 })
    await worker.request('train', { model: 'base', dataset: 'raw', steps: 40, batch_size: 16, lr: 0.003, seed: 2, mode: 'full' })
    const after = await worker.request('evaluate', { model: 'base', dataset: 'raw', seed: 3 })
    expect(after.task).toBe('masked_lm')
    expect(after.masked_tokens).toBe(before.masked_tokens)
    expect(after.loss).toBeLessThan(before.loss - 1)
  })

  it('builds a 2-layer classifier from the saved base and reports what it copied', async () => {
    const saved = await worker.request('save_model', { model: 'base', path: folder.path })
    student = await worker.request('build_model', { name: 'student', config: STUDENT, seed: 5, init_from: { path: folder.path } })
    expect(student.init_from).toMatchObject({ base_sha256: saved.base_sha256, base_task: 'masked_lm', layers: [0, 1], fresh: ['classifier.weight', 'classifier.bias'] })
    expect(student.init_from!.copied).toContainEqual({ name: 'model.embed_positions.weight', from: 'model.embed_positions.weight' })
    await expect(worker.request('build_model', { name: 'x', config: { ...STUDENT, n_layers: 4 }, seed: 5, init_from: { path: folder.path } }))
      .rejects.toMatchObject({ code: 'invalid_args', message: expect.stringContaining("n_layers 4 is more than the base's 3") })
  })

  it('predicts probabilities with the student and measures its throughput', async () => {
    await worker.request('make_dataset', { name: 'mail', source: { kind: 'texts', texts: [EMAIL, SPAM, EMAIL, SPAM], labels: [0, 1, 0, 1] } })
    const predicted = await worker.request('predict', { model: 'student', dataset: 'mail', output: 'probabilities' })
    expect(predicted.probabilities).toHaveLength(4)
    for (const row of predicted.probabilities!) expect(row[0]! + row[1]!).toBeCloseTo(1, 5)
    const measured = await worker.request('throughput', { model: 'student', dataset: 'mail', batch_sizes: [1, 4], warmup: 1, repeats: 3 })
    expect(measured).toMatchObject({ task: 'classification', max_len: 32, threads: 1, device: expect.any(String), torch: expect.any(String) })
    expect(measured.results.map((row) => row.batch_size)).toEqual([1, 4])
    for (const row of measured.results) {
      expect(row.requests_per_s).toBeGreaterThan(0)
      expect(row.tokens_per_s).toBeGreaterThan(row.requests_per_s)
      expect(row.latency_ms_p95).toBeGreaterThanOrEqual(row.latency_ms_p50)
    }
  })
})
