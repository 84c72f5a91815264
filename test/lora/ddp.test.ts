// Data-parallel training (train with `processes: 2`, launched by torchrun unless a test says spawn)
// through the real worker, on the CPU with gloo and one thread a rank: it ends close to the 1-process run with the same global batch and seed,
// rank 0 alone reports and writes checkpoints, and a rank killed mid-run fails the job with
// rank_failed, leaves only complete checkpoints, and resumes to the uninterrupted 2-process result.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WorkerError, type LoraWorker } from '../../kernel/lora/index.js'
import type { CheckpointEvent, ProgressEvent, TrainArgs, TrainResult } from '../../kernel/lora/protocol-types.js'
import { CLASSIFIER, DEVICE, prepareTopicRun, resumableIn, savedAdapterAt, startWorker, temporaryFolder, topicTrainArgs } from './helpers.js'

const folder = temporaryFolder('ddp')
afterAll(() => folder.remove())

const STEPS = 120
/**
 * How far 2 processes may end from 1. The runs are the same sum in exact arithmetic (each rank
 * takes half of the same global batch of 16, DDP averages the two half-batch gradients of the
 * mean loss), but not in float32: DDP's all-reduce adds two partial gradients, each summed over 8
 * examples, where one process sums all 16 in one backward pass, so the last bits differ and Adam
 * carries the difference on. Measured here after 120 steps: under 5e-8 on the logged losses and
 * 4.2e-7 on the largest adapter weight difference; the bounds leave 20x and more of room.
 */
const LOSS_TOLERANCE = 1e-5
const WEIGHT_TOLERANCE = 1e-5

const run = (processes: number, checkpointDir?: string): TrainArgs =>
  topicTrainArgs(STEPS, { processes, ...(checkpointDir ? resumableIn(checkpointDir) : {}) })

/** The same model, data and fresh adapter every time; no dropout, so 1 and 2 processes draw nothing differently. */
const prepare = (worker: LoraWorker) => prepareTopicRun(worker, CLASSIFIER, 0)

/** The adapter's tensors as saved by the worker (PEFT layout), name -> float32 values. */
const savedAdapter = (worker: LoraWorker, name: string) => savedAdapterAt(worker, join(folder.path, name))

function largestDifference(a: Record<string, Float32Array>, b: Record<string, Float32Array>): number {
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort())
  let largest = 0
  for (const [name, values] of Object.entries(a)) {
    values.forEach((value, i) => {
      largest = Math.max(largest, Math.abs(value - b[name]![i]!))
    })
  }
  return largest
}

const checkpointFolders = (path: string): string[] => readdirSync(path).sort()

describe.skipIf(DEVICE === 'cuda')("request('train', { processes: 2 }) on the CPU (gloo)", () => {
  let worker: LoraWorker
  let one: TrainResult
  let two: TrainResult
  let oneAdapter: Record<string, Float32Array>
  let twoAdapter: Record<string, Float32Array>
  const progress: ProgressEvent[] = []
  const written: CheckpointEvent[] = []
  const straightCheckpoints = join(folder.path, 'straight')

  beforeAll(async () => {
    worker = await startWorker()
    await prepare(worker)
    one = await worker.request('train', run(1))
    oneAdapter = await savedAdapter(worker, 'one')
    await prepare(worker)
    two = await worker.request('train', run(2, straightCheckpoints), {
      onProgress: (event) => progress.push(event),
      onCheckpoint: (event) => written.push(event),
    })
    twoAdapter = await savedAdapter(worker, 'two')
  })
  afterAll(async () => {
    await worker?.close()
  })

  it('ends within LOSS_TOLERANCE and WEIGHT_TOLERANCE of 1 process with the same global batch and seed', () => {
    const rows = one.losses.map((point, i) => ({ step: point.step, loss1: point.loss, loss2: two.losses[i]!.loss }))
    console.log('loss curves, 1 vs 2 processes (global batch 16, seed 11):\n' +
      rows.map((row) => `  step ${String(row.step).padStart(3)}  1 process ${row.loss1.toFixed(6)}  2 processes ${row.loss2.toFixed(6)}  diff ${(row.loss2 - row.loss1).toExponential(1)}`).join('\n'))
    expect(two.losses.map((point) => point.step)).toEqual(one.losses.map((point) => point.step))
    for (const row of rows) expect(Math.abs(row.loss2 - row.loss1)).toBeLessThan(LOSS_TOLERANCE)
    expect(two.losses[two.losses.length - 1]!.loss).toBeLessThan(0.5 * two.losses[0]!.loss) // it learnt
    const weights = largestDifference(oneAdapter, twoAdapter)
    console.log(`largest adapter weight difference, 1 vs 2 processes: ${weights.toExponential(2)}`)
    expect(weights).toBeLessThan(WEIGHT_TOLERANCE)
  })

  it('reports the same result shape as 1 process: global examples, the same trained parameters', () => {
    expect(two.steps).toBe(STEPS)
    expect(two.start_step).toBe(0)
    expect(two.trainable_parameters).toBe(one.trainable_parameters)
    expect(two.params_with_grad).toEqual(one.params_with_grad)
    expect(two.examples_per_s).toBeGreaterThan(0)
  })

  it('sends progress from rank 0 only (one event per log step, steps increasing to the end)', () => {
    const logged = progress.filter((event) => event.step % 10 === 0).map((event) => event.step)
    expect(new Set(logged).size).toBe(logged.length)
    expect(logged).toEqual(Array.from({ length: STEPS / 10 }, (_, i) => (i + 1) * 10))
  })

  it('writes each checkpoint once, from rank 0, and leaves no temporary folder', () => {
    expect(written.map((event) => event.step)).toEqual([20, 40, 60, 80, 100, 120])
    expect(two.checkpoints).toEqual(written.map((event) => event.path))
    expect(checkpointFolders(straightCheckpoints)).toEqual(['checkpoint-100', 'checkpoint-120']) // keep 2
  })

  it("matches 1 process on generation too: each rank's loss is weighed by its share of target tokens", async () => {
    // Shards with more target tokens must count more, as in the 1-process mean over all target
    // tokens; without the weighing the two runs drift apart by about 3e-3 within 20 steps.
    const losses: number[][] = []
    for (const processes of [1, 2]) {
      await worker.request('build_model', {
        name: 'gen',
        config: { task: 'generation', vocab_size: 64, max_len: 24, d_model: 32, n_heads: 4, n_layers: 2 },
        seed: 1,
      })
      await worker.request('make_dataset', { name: 'reverse', source: { kind: 'synthetic_reverse', n: 64, seed: 3, length: 6, alphabet: 12 } })
      await worker.request('add_adapter', { model: 'gen', r: 4, alpha: 8, target_modules: ['q_proj', 'v_proj'], seed: 2 })
      const result = await worker.request('train', { model: 'gen', dataset: 'reverse', steps: 20, batch_size: 8, lr: 0.01, seed: 11, log_every: 5, processes })
      losses.push(result.losses.map((point) => point.loss))
    }
    expect(losses[1]!.length).toBe(4)
    losses[1]!.forEach((loss, i) => expect(Math.abs(loss - losses[0]![i]!)).toBeLessThan(LOSS_TOLERANCE))
  })

  it('refuses a process count that does not divide the global batch (invalid_args)', async () => {
    await expect(worker.request('train', { ...run(3), steps: 2 })).rejects.toMatchObject({
      code: 'invalid_args',
      message: expect.stringContaining('invalid processes: 3 (must divide the global batch of 16 examples)'),
    })
  })

  it.each(['torchrun', 'spawn'] as const)('cancels through an AbortSignal: the ranks stop, no temporary checkpoint stays, the worker goes on (launcher %s)', async (launcher) => {
    const checkpoints = join(folder.path, `cancelled-${launcher}`)
    const abort = new AbortController()
    const started = Date.now()
    const cancelled = await worker
      .request('train', { ...run(2, checkpoints), steps: 100_000, checkpoint_every: 5, launcher }, {
        signal: abort.signal,
        onCheckpoint: () => abort.abort(),
      })
      .then(() => null, (error: unknown) => error)
    expect(cancelled).toBeInstanceOf(WorkerError)
    expect((cancelled as WorkerError).code).toBe('cancelled')
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(checkpointFolders(checkpoints).every((name) => /^checkpoint-\d+$/.test(name))).toBe(true)
    expect((await worker.request('fingerprint', { model: 'm' })).adapter_parameters).toBeGreaterThan(0)
  })

  it.each(['torchrun', 'spawn'] as const)('fails with rank_failed when a rank is killed, and resumes from the last complete checkpoint (launcher %s)', async (launcher) => {
    const checkpoints = join(folder.path, `killed-${launcher}`)
    // Rank 1 SIGKILLs itself before step 50 (a test hook of distributed.py): after checkpoint 40.
    const doomed = await startWorker({ env: { PAYBACK_DDP_FAIL_AT: '1:50' } })
    let failure: unknown
    try {
      await prepare(doomed)
      failure = await doomed.request('train', { ...run(2, checkpoints), launcher }).then(() => null, (error: unknown) => error)
      // The worker itself lives on and answers.
      expect((await doomed.request('fingerprint', { model: 'm' })).adapter_parameters).toBeGreaterThan(0)
    } finally {
      await doomed.close()
    }
    expect(failure).toBeInstanceOf(WorkerError)
    const error = failure as WorkerError
    expect(error.code).toBe('rank_failed')
    expect(error.message).toMatch(/training rank 1 of 2 ended with signal SIGKILL after step \d+; the other ranks were stopped; resume: true continues from .*checkpoint-40$/)
    expect(error.details).toMatchObject({ rank: 1, exit_code: -9, processes: 2 })
    expect(checkpointFolders(checkpoints)).toEqual(['checkpoint-20', 'checkpoint-40']) // complete ones only

    const second = await startWorker()
    try {
      await prepare(second)
      const resumed = await second.request('train', { ...run(2, checkpoints), launcher })
      expect(resumed.start_step).toBe(40)
      // Same ranks, same all-reduce order, dropout seeded from (seed, step, rank): the resumed
      // 2-process run ends exactly where the uninterrupted one does.
      expect(resumed.losses).toEqual(two.losses)
      expect(largestDifference(await savedAdapter(second, 'resumed'), twoAdapter)).toBe(0)
    } finally {
      await second.close()
    }
  })
})
