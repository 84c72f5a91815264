// CPU/GPU agreement (runs on a GPU, via npm run gpu-check; PAYBACK_LORA_AGREEMENT=1 runs it on the
// CPU against itself): an adapter trained on the GPU, loaded with its base into a CPU worker,
// predicts the same held-out labels. bf16 autocast on the GPU vs float32 on the CPU may flip a
// few borderline examples, so the bar is 98%. The figures go to PAYBACK_GPU_CHECK_REPORT when set.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEVICE, startWorker, temporaryFolder } from './helpers.js'
import type { SyntheticTopicSource } from '../../kernel/lora/protocol-types.js'

const enabled = DEVICE === 'cuda' || process.env['PAYBACK_LORA_AGREEMENT'] === '1'
const topic = (n: number, seed: number): SyntheticTopicSource => ({ kind: 'synthetic_topic', n, seed, num_labels: 4, seq_len: 16, vocab_size: 64 })

describe.runIf(enabled)(`predictions on ${DEVICE} and on the CPU`, () => {
  it('agree on at least 98% of held-out labels for the same base and adapter', async () => {
    const folder = temporaryFolder('agreement')
    const device = await startWorker()
    const cpu = await startWorker({ device: 'cpu' })
    try {
      await device.request('build_model', { name: 'm', config: { task: 'classification', vocab_size: 64, max_len: 32, d_model: 64, n_heads: 4, n_layers: 2, num_labels: 4 }, seed: 1 })
      await device.request('make_dataset', { name: 'train', source: topic(2048, 1) })
      await device.request('make_dataset', { name: 'held-out', source: topic(1000, 2) })
      await device.request('add_adapter', { model: 'm', r: 8, alpha: 16, dropout: 0.05, target_modules: ['q_proj', 'v_proj', 'classifier'], seed: 2 })
      await device.request('train', { model: 'm', dataset: 'train', steps: 300, batch_size: 32, lr: 0.005, seed: 3 })
      const base = await device.request('save_model', { model: 'm', path: join(folder.path, 'base') })
      const adapter = await device.request('save_adapter', { model: 'm', path: join(folder.path, 'adapter') })
      const loaded = await cpu.request('load_model', { name: 'm', path: base.path })
      expect(loaded.base_sha256).toBe(base.base_sha256)
      await cpu.request('load_adapter', { model: 'm', path: adapter.path })
      await cpu.request('make_dataset', { name: 'held-out', source: topic(1000, 2) })
      const onDevice = await device.request('predict', { model: 'm', dataset: 'held-out', output: 'probabilities' })
      const onCpu = await cpu.request('predict', { model: 'm', dataset: 'held-out', output: 'probabilities' })
      const accuracy = (await device.request('evaluate', { model: 'm', dataset: 'held-out' })).accuracy
      let same = 0
      let maxDifference = 0
      onDevice.labels!.forEach((label, i) => {
        if (label === onCpu.labels![i]) same++
        onDevice.probabilities![i]!.forEach((p, j) => {
          maxDifference = Math.max(maxDifference, Math.abs(p - onCpu.probabilities![i]![j]!))
        })
      })
      const report = { device: DEVICE, autocast: device.info.autocast_dtype, n: onDevice.n, same, agreement: same / onDevice.n, maxDifference, accuracy }
      if (process.env['PAYBACK_GPU_CHECK_REPORT']) writeFileSync(process.env['PAYBACK_GPU_CHECK_REPORT'], JSON.stringify(report))
      expect(report.agreement).toBeGreaterThanOrEqual(0.98)
      expect(accuracy).toBeGreaterThan(0.8)
    } finally {
      await Promise.all([device.close(), cpu.close()])
      folder.remove()
    }
  })
})
