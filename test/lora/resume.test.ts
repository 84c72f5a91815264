// Kill-and-resume: a training run killed (SIGKILL) after a checkpoint and resumed in a new worker
// ends with exactly the adapter, and the loss log, of an uninterrupted run with the same seed.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { WorkerCrashedError, type LoraWorker } from '../../kernel/lora/index.js'
import type { TrainArgs } from '../../kernel/lora/protocol-types.js'
import { CLASSIFIER, prepareTopicRun, resumableIn, startWorker, temporaryFolder, topicTrainArgs, within } from './helpers.js'

const folder = temporaryFolder('resume')
afterAll(() => folder.remove())

const STEPS = 120
const run = (checkpointDir?: string): TrainArgs => topicTrainArgs(STEPS, checkpointDir ? resumableIn(checkpointDir) : {})

/** Builds the same model, data and fresh adapter (dropout 0.1, so the dropout RNG matters). */
const prepare = (worker: LoraWorker) => prepareTopicRun(worker, { ...CLASSIFIER, dropout: 0.1 })

describe("request('train', { checkpoint_dir, checkpoint_every, resume })", () => {
  it('resumes a run killed after a checkpoint and ends bit-identical to an uninterrupted run', async () => {
    const checkpoints = join(folder.path, 'checkpoints')

    // 1. Start a run and kill the worker right after its second checkpoint.
    const first = await startWorker()
    await prepare(first)
    let killedAfter = 0
    const interrupted = first.request('train', run(checkpoints), {
      onCheckpoint: (event) => {
        if (event.step >= 40 && killedAfter === 0) {
          killedAfter = event.step
          first.kill('SIGKILL')
        }
      },
    })
    const crash = await within(interrupted.then(() => null, (error: unknown) => error), 30_000, 'the interrupted run')
    expect(crash).toBeInstanceOf(WorkerCrashedError)
    expect((crash as WorkerCrashedError).signal).toBe('SIGKILL')
    const left = readdirSync(checkpoints).filter((name) => name.startsWith('checkpoint-'))
    const latest = Math.max(...left.map((name) => Number(name.slice('checkpoint-'.length))))
    expect(latest).toBeGreaterThanOrEqual(40)
    expect(latest).toBeLessThan(STEPS)

    // 2. A new worker resumes from the newest checkpoint and finishes.
    const second = await startWorker()
    try {
      await prepare(second)
      const resumed = await second.request('train', run(checkpoints))
      expect(resumed.start_step).toBe(latest)
      const resumedAdapter = await second.request('save_adapter', { model: 'm', path: join(folder.path, 'resumed') })

      // 3. The same run without interruption (and without checkpoints), in the same worker.
      await second.request('release', { models: ['m'] })
      await prepare(second)
      const straight = await second.request('train', run())
      expect(straight.start_step).toBe(0)
      const straightAdapter = await second.request('save_adapter', { model: 'm', path: join(folder.path, 'straight') })

      expect(resumedAdapter.adapter_sha256).toBe(straightAdapter.adapter_sha256)
      const bytes = (path: string): Buffer => readFileSync(join(path, 'adapter_model.safetensors'))
      expect(bytes(resumedAdapter.path).equals(bytes(straightAdapter.path))).toBe(true)
      expect(resumed.losses).toEqual(straight.losses)
      expect(resumed.losses).toHaveLength(STEPS / 10)
    } finally {
      await second.close()
    }
  })

  it('refuses to resume from a checkpoint of another run (checkpoint_mismatch)', async () => {
    const worker = await startWorker()
    try {
      await prepare(worker)
      const checkpoints = join(folder.path, 'mismatch')
      await worker.request('train', { ...run(checkpoints), steps: 20 })
      await worker.request('release', { models: ['m'] })
      await prepare(worker)
      await expect(worker.request('train', { ...run(checkpoints), lr: 0.02 })).rejects.toMatchObject({
        code: 'checkpoint_mismatch',
        message: expect.stringContaining('differs in: lr'),
      })
    } finally {
      await worker.close()
    }
  })
})
