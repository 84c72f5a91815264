// Adapters in PEFT's layout: adapter_config.json + adapter_model.safetensors with PEFT's key
// names, checked from outside Python (an independent safetensors reader), round-tripped through
// a fresh worker, and written by TypeScript for the worker to read.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoraWorker } from '../../kernel/lora/index.js'
import { CLASSIFIER, adapterArgs, startWorker, temporaryFolder, topicSource } from './helpers.js'
import { readSafetensors, writeSafetensors } from './safetensors.js'

const folder = temporaryFolder('adapters')
let worker: LoraWorker
let saved: { path: string; adapter_sha256: string }
let predictions: number[][]

beforeAll(async () => {
  worker = await startWorker()
  await worker.request('build_model', { name: 'm', config: CLASSIFIER, seed: 1 })
  await worker.request('make_dataset', { name: 'd', source: topicSource(256, 1) })
  await worker.request('add_adapter', adapterArgs('m'))
  await worker.request('train', { model: 'm', dataset: 'd', steps: 30, batch_size: 16, lr: 0.01, seed: 1 })
  saved = await worker.request('save_adapter', { model: 'm', path: join(folder.path, 'adapter') })
  predictions = (await worker.request('predict', { model: 'm', dataset: 'd', output: 'probabilities' })).probabilities!
})
afterAll(async () => {
  await worker?.close()
  folder.remove()
})

describe("request('save_adapter') writes PEFT's layout", () => {
  it('writes exactly adapter_config.json and adapter_model.safetensors', () => {
    expect(readdirSync(saved.path).sort()).toEqual(['adapter_config.json', 'adapter_model.safetensors'])
  })

  it('adapter_config.json has the LoRA fields PEFT reads', () => {
    const config = JSON.parse(readFileSync(join(saved.path, 'adapter_config.json'), 'utf8'))
    expect(config).toMatchObject({
      peft_type: 'LORA',
      r: 4,
      lora_alpha: 8,
      lora_dropout: 0.1,
      target_modules: ['q_proj', 'v_proj', 'classifier'],
      bias: 'none',
      fan_in_fan_out: false,
      use_rslora: false,
      use_dora: false,
      modules_to_save: null,
    })
    expect(config.base_model_name_or_path).toMatch(/^payback\/classification-d32-l2@[0-9a-f]{16}$/)
  })

  it("names tensors base_model.model.<module>.lora_A/B.weight with PEFT's shapes (A: r x in, B: out x r)", () => {
    const file = readSafetensors(join(saved.path, 'adapter_model.safetensors'))
    const expected: Record<string, number[]> = {}
    for (const layer of [0, 1]) {
      for (const projection of ['q_proj', 'v_proj']) {
        expected[`base_model.model.model.layers.${layer}.self_attn.${projection}.lora_A.weight`] = [4, 32]
        expected[`base_model.model.model.layers.${layer}.self_attn.${projection}.lora_B.weight`] = [32, 4]
      }
    }
    expected['base_model.model.classifier.lora_A.weight'] = [4, 32]
    expected['base_model.model.classifier.lora_B.weight'] = [4, 4]
    expect(Object.fromEntries(Object.entries(file.header).map(([name, info]) => [name, info.shape]))).toEqual(expected)
    for (const info of Object.values(file.header)) expect(info.dtype).toBe('F32')
    expect(file.metadata['format']).toBe('pt')
    expect((8 + file.headerLength) % 8).toBe(0) // header padded to 8 bytes, as the reference writer does
    // Trained: B is no longer zero.
    expect(file.values['base_model.model.classifier.lora_B.weight']!.some((value) => value !== 0)).toBe(true)
  })
})

describe("request('load_adapter') reads PEFT's layout", () => {
  it('round-trips: a fresh worker loading the adapter predicts the same probabilities', async () => {
    const other = await startWorker()
    try {
      await other.request('build_model', { name: 'm', config: CLASSIFIER, seed: 1 })
      await other.request('make_dataset', { name: 'd', source: topicSource(256, 1) })
      const loaded = await other.request('load_adapter', { model: 'm', path: saved.path })
      expect(loaded.adapter_sha256).toBe(saved.adapter_sha256)
      expect(loaded.targets).toHaveLength(5)
      const again = (await other.request('predict', { model: 'm', dataset: 'd', output: 'probabilities' })).probabilities!
      expect(again).toEqual(predictions)
    } finally {
      await other.close()
    }
  })

  it('reads an adapter written by another implementation (TypeScript here) and applies x A^T B^T alpha / r', async () => {
    // Only the classifier head: A's rows alternate +1/-1, B is zero except row 0. The update adds
    // 2 * (alternating sum of the pooled features) * alpha / r to logit 0 and leaves the other
    // logits unchanged. (A plain sum would be ~0: LayerNorm outputs have zero mean.)
    const path = join(folder.path, 'handmade')
    const { mkdirSync, writeFileSync } = await import('node:fs')
    mkdirSync(path)
    writeFileSync(join(path, 'adapter_config.json'), JSON.stringify({ peft_type: 'LORA', r: 2, lora_alpha: 4, lora_dropout: 0, target_modules: ['classifier'] }))
    writeSafetensors(join(path, 'adapter_model.safetensors'), {
      'base_model.model.classifier.lora_A.weight': { shape: [2, 32], values: Array.from({ length: 64 }, (_, i) => (i % 2 === 0 ? 1 : -1)) },
      'base_model.model.classifier.lora_B.weight': { shape: [4, 2], values: [1, 1, 0, 0, 0, 0, 0, 0] },
    })
    await worker.request('build_model', { name: 'plain', config: CLASSIFIER, seed: 1 })
    const base = (await worker.request('predict', { model: 'plain', dataset: 'd', output: 'probabilities' })).probabilities!
    const loaded = await worker.request('load_adapter', { model: 'plain', path })
    expect(loaded).toMatchObject({ r: 2, alpha: 4, targets: ['classifier'], trainable_parameters: 2 * 32 + 4 * 2 })
    const adapted = (await worker.request('predict', { model: 'plain', dataset: 'd', output: 'probabilities' })).probabilities!
    // Ratios among logits 1..3 are unchanged (softmax of an unchanged sub-vector); logit 0 moved.
    for (const [row, before] of base.slice(0, 10).map((probabilities, i) => [adapted[i]!, probabilities] as const)) {
      expect(row[2]! / row[1]!).toBeCloseTo(before[2]! / before[1]!, 4)
      expect(row[3]! / row[1]!).toBeCloseTo(before[3]! / before[1]!, 4)
      expect(Math.abs(Math.log(row[0]! / row[1]!) - Math.log(before[0]! / before[1]!))).toBeGreaterThan(0.01)
    }
  })

  it('refuses an adapter trained on other base weights (adapter_mismatch), unless strict is false', async () => {
    await worker.request('build_model', { name: 'other-base', config: CLASSIFIER, seed: 2 })
    await expect(worker.request('load_adapter', { model: 'other-base', path: saved.path })).rejects.toMatchObject({ code: 'adapter_mismatch' })
    await expect(worker.request('load_adapter', { model: 'other-base', path: saved.path, strict: false })).resolves.toMatchObject({ r: 4 })
  })

  it('refuses an adapter for modules the model lacks, and a missing folder', async () => {
    await worker.request('build_model', { name: 'deeper', config: { ...CLASSIFIER, n_layers: 3 }, seed: 1 })
    await expect(worker.request('load_adapter', { model: 'deeper', path: saved.path, strict: false })).rejects.toMatchObject({
      code: 'adapter_mismatch',
      details: { missing: ['model.layers.2.self_attn.q_proj', 'model.layers.2.self_attn.v_proj'] },
    })
    await expect(worker.request('load_adapter', { model: 'm', path: join(folder.path, 'nowhere') })).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe("request('save_model') and request('load_model')", () => {
  it('round-trip the base weights (same fingerprint) and the adapter still fits', async () => {
    const path = join(folder.path, 'base')
    const written = await worker.request('save_model', { model: 'm', path })
    const loaded = await worker.request('load_model', { name: 'copy', path })
    expect(loaded.base_sha256).toBe(written.base_sha256)
    await expect(worker.request('load_adapter', { model: 'copy', path: saved.path })).resolves.toMatchObject({ adapter_sha256: saved.adapter_sha256 })
  })
})
