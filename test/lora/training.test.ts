// LoRA training through the real worker: frozen base, gradients only on adapters, learning a
// task to well above the majority-class rate, full fine-tuning for contrast, short generation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoraWorker } from '../../kernel/lora/index.js'
import type { TrainResult } from '../../kernel/lora/protocol-types.js'
import { CLASSIFIER, DEVICE, adapterArgs, startWorker, topicSource } from './helpers.js'

let worker: LoraWorker
beforeAll(async () => {
  worker = await startWorker()
})
afterAll(async () => {
  await worker?.close()
})

describe("request('train', { mode: 'lora' }) on the topic task", () => {
  let before: { base_sha256: string; adapter_sha256: string | null; base_parameters: number; adapter_parameters: number }
  let after: typeof before
  let trained: TrainResult
  let majority: number
  let heldOutBefore: number
  let heldOutAfter: number

  beforeAll(async () => {
    await worker.request('build_model', { name: 'clf', config: CLASSIFIER, seed: 1 })
    await worker.request('make_dataset', { name: 'train', source: topicSource(1024, 1) })
    const heldOut = await worker.request('make_dataset', { name: 'held-out', source: topicSource(512, 2) })
    majority = heldOut.majority_rate!
    await worker.request('add_adapter', adapterArgs('clf'))
    before = await worker.request('fingerprint', { model: 'clf' })
    heldOutBefore = (await worker.request('evaluate', { model: 'clf', dataset: 'held-out' })).accuracy
    trained = await worker.request('train', { model: 'clf', dataset: 'train', steps: 150, batch_size: 32, lr: 0.01, seed: 3, log_every: 25 })
    after = await worker.request('fingerprint', { model: 'clf' })
    heldOutAfter = (await worker.request('evaluate', { model: 'clf', dataset: 'held-out' })).accuracy
  })

  it('leaves every base weight bit-identical (same SHA-256 of names, dtypes, shapes and bytes)', () => {
    expect(after.base_sha256).toBe(before.base_sha256)
    expect(after.adapter_sha256).not.toBe(before.adapter_sha256)
  })

  it('puts gradients only on adapter parameters, and optimises exactly those', () => {
    // Targets: q_proj and v_proj in 2 layers (A 4x32 + B 32x4 = 256 each) and the head (A 4x32 + B 4x4 = 144).
    expect(before.adapter_parameters).toBe(4 * 256 + 144)
    expect(trained.trainable_parameters).toBe(before.adapter_parameters)
    expect(trained.params_with_grad.length).toBe(10) // 5 wrapped layers x (lora_A, lora_B)
    for (const name of trained.params_with_grad) expect(name).toMatch(/\.lora_[AB]\.weight$/)
    // Adam keeps two moments per trained weight (float32) and a step count per tensor.
    expect(trained.optimizer_state_bytes).toBeGreaterThanOrEqual(2 * 4 * trained.trainable_parameters)
    expect(trained.optimizer_state_bytes).toBeLessThanOrEqual(2 * 4 * trained.trainable_parameters + 10 * 8)
  })

  it('makes the training loss fall', () => {
    const losses = trained.losses.map((point) => point.loss)
    expect(trained.losses.map((point) => point.step)).toEqual([25, 50, 75, 100, 125, 150])
    expect(losses[losses.length - 1]!).toBeLessThan(0.5 * losses[0]!)
    expect(trained.final_loss).toBe(losses[losses.length - 1])
  })

  it('raises held-out accuracy well above the majority-class rate', () => {
    expect(majority).toBeGreaterThan(0.4) // labels are imbalanced: 1/(label+1)
    expect(heldOutBefore).toBeLessThan(majority + 0.05)
    expect(heldOutAfter).toBeGreaterThan(majority + 0.3)
    expect(heldOutAfter).toBeGreaterThan(0.8)
  })

  it('reports throughput and memory for the device it ran on', () => {
    expect(trained.device).toBe(DEVICE)
    expect(trained.examples_per_s).toBeGreaterThan(0)
    expect(trained.tokens_per_s).toBeGreaterThan(trained.examples_per_s)
    expect(trained.peak_memory_bytes).toBeGreaterThan(0)
    expect(trained.step_ms_median).toBeGreaterThan(0)
  })

  it("request('predict') returns labels, or labels and probabilities that sum to 1", async () => {
    const labels = await worker.request('predict', { model: 'clf', dataset: 'held-out' })
    const withProbabilities = await worker.request('predict', { model: 'clf', dataset: 'held-out', output: 'probabilities', batch_size: 100 })
    expect(labels.n).toBe(512)
    expect(labels.labels).toEqual(withProbabilities.labels)
    for (const row of withProbabilities.probabilities!.slice(0, 20)) {
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5)
    }
  })
})

describe('request(train) is seeded', () => {
  it('gives the same adapter twice for the same seeds, another for another seed', async () => {
    const run = async (name: string, trainSeed: number): Promise<string | null> => {
      await worker.request('build_model', { name, config: CLASSIFIER, seed: 1 })
      await worker.request('make_dataset', { name: 'seeded', source: topicSource(256, 5) })
      await worker.request('add_adapter', adapterArgs(name))
      await worker.request('train', { model: name, dataset: 'seeded', steps: 20, batch_size: 16, lr: 0.01, seed: trainSeed })
      return (await worker.request('fingerprint', { model: name })).adapter_sha256
    }
    const first = await run('seeded-a', 7)
    const second = await run('seeded-b', 7)
    const other = await run('seeded-c', 8)
    expect(second).toBe(first)
    expect(other).not.toBe(first)
    await worker.request('release', { models: ['seeded-a', 'seeded-b', 'seeded-c'], datasets: ['seeded'] })
  })
})

describe("request('train', { mode: 'full' })", () => {
  it('trains every base weight and keeps Adam state for all of them', async () => {
    const built = await worker.request('build_model', { name: 'full', config: CLASSIFIER, seed: 1 })
    await worker.request('make_dataset', { name: 'small', source: topicSource(128, 4) })
    const result = await worker.request('train', { model: 'full', dataset: 'small', steps: 5, batch_size: 16, lr: 0.001, seed: 1, mode: 'full' })
    const after = await worker.request('fingerprint', { model: 'full' })
    expect(result.trainable_parameters).toBe(built.parameters)
    expect(result.optimizer_state_bytes).toBeGreaterThanOrEqual(2 * 4 * built.parameters)
    expect(after.base_sha256).not.toBe(built.base_sha256)
    expect(result.params_with_grad.some((name) => name.includes('lora_'))).toBe(false)
  })

  it('refuses a model that has an adapter (invalid_args)', async () => {
    await worker.request('add_adapter', adapterArgs('full'))
    await expect(
      worker.request('train', { model: 'full', dataset: 'small', steps: 1, batch_size: 16, lr: 0.001, seed: 1, mode: 'full' }),
    ).rejects.toMatchObject({ name: 'WorkerError', code: 'invalid_args' })
  })
})

describe('generation', () => {
  it('learns to reverse short sequences: loss falls and predict returns token ids', async () => {
    await worker.request('build_model', {
      name: 'gen',
      config: { task: 'generation', vocab_size: 16, max_len: 16, d_model: 32, n_heads: 2, n_layers: 2 },
      seed: 1,
    })
    const data = await worker.request('make_dataset', { name: 'reverse', source: { kind: 'synthetic_reverse', n: 256, seed: 1, length: 4, alphabet: 6 } })
    expect(data.task).toBe('generation')
    await worker.request('add_adapter', { model: 'gen', r: 8, alpha: 16, target_modules: ['q_proj', 'k_proj', 'v_proj', 'fc1', 'lm_head'], seed: 2 })
    const result = await worker.request('train', { model: 'gen', dataset: 'reverse', steps: 60, batch_size: 16, lr: 0.01, seed: 3, log_every: 20 })
    expect(result.losses[2]!.loss).toBeLessThan(0.8 * result.losses[0]!.loss)
    const predicted = await worker.request('predict', { model: 'gen', dataset: 'reverse', max_new_tokens: 5 })
    expect(predicted.token_ids).toHaveLength(256)
    for (const row of predicted.token_ids!) expect(row.length).toBeLessThanOrEqual(5)
    const evaluated = await worker.request('evaluate', { model: 'gen', dataset: 'reverse' })
    expect(evaluated.token_accuracy).toBeGreaterThan(0.2)
  })

  it('decodes byte-tokenized text targets to strings', async () => {
    await worker.request('build_model', {
      name: 'text',
      config: { task: 'generation', vocab_size: 260, max_len: 24, d_model: 32, n_heads: 2, n_layers: 1 },
      seed: 1,
    })
    await worker.request('make_dataset', { name: 'texts', source: { kind: 'texts', texts: ['free money', 'hello bob'], targets: ['spam', 'ham'] } })
    const predicted = await worker.request('predict', { model: 'text', dataset: 'texts', max_new_tokens: 4 })
    expect(predicted.texts).toHaveLength(2)
    for (const text of predicted.texts!) expect(typeof text).toBe('string')
  })
})
