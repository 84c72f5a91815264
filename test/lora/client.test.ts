// The client's contract with a worker that succeeds, fails, is cancelled, dies or hangs: every
// case ends in a settled promise with a clear error, never a hang.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  LoraWorker,
  ProtocolError,
  WorkerCrashedError,
  WorkerError,
  WorkerTimeoutError,
  type LoraWorker as Worker,
} from '../../kernel/lora/index.js'
import type { ProgressEvent } from '../../kernel/lora/protocol-types.js'
import { CLASSIFIER, DEVICE, adapterArgs, startWorker, topicSource, within } from './helpers.js'

const PYTHON = process.env['PAYBACK_PYTHON'] ?? '/usr/bin/python3'

/** A stand-in worker: answers the first request (info) with a valid result, then reads and ignores. */
const SILENT_WORKER = [
  'import json, sys',
  'line = sys.stdin.readline()',
  'info = {"protocol_version": 1, "python": "3", "torch": "0.0", "cuda_available": False, "cuda_version": None, "device": "cpu",',
  '        "device_name": "fake", "threads": 1, "pid": 1, "autocast_dtype": None, "deterministic": True}',
  'print(json.dumps({"id": json.loads(line)["id"], "ok": True, "result": info}), flush=True)',
  'for line in sys.stdin: pass',
].join('\n')

let worker: Worker
beforeAll(async () => {
  worker = await startWorker()
  await worker.request('build_model', { name: 'm', config: CLASSIFIER, seed: 1 })
  await worker.request('make_dataset', { name: 'd', source: topicSource(512, 1) })
  await worker.request('add_adapter', adapterArgs('m'))
})
afterAll(async () => {
  await worker?.close()
})

describe('LoraWorker.start(options)', () => {
  it('reports versions, device and the pinned thread count', () => {
    expect(worker.info.protocol_version).toBe(1)
    expect(worker.info.torch).toMatch(/^\d+\.\d+/)
    expect(worker.info.device).toBe(DEVICE)
    expect(worker.info.threads).toBe(1)
    expect(worker.info.pid).toBe(worker.pid)
    expect(worker.info.deterministic).toBe(true)
  })

  it('rejects with WorkerCrashedError naming the program when Python cannot start', async () => {
    const error = await LoraWorker.start({ python: '/nonexistent/python3' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkerCrashedError)
    expect((error as Error).message).toContain('cannot start the LoRA worker with /nonexistent/python3')
  })

  it('rejects with the exit code and the last stderr lines when the worker dies at start', async () => {
    const error = await LoraWorker.start({
      spawnWith: { command: PYTHON, args: ['-c', 'import sys; sys.stderr.write("torch is broken\\n"); sys.exit(3)'] },
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkerCrashedError)
    expect((error as WorkerCrashedError).exitCode).toBe(3)
    expect((error as WorkerCrashedError).stderr).toEqual(['torch is broken'])
    expect((error as Error).message).toBe('LoRA worker exited with code 3 while running info (request r1); last stderr lines:\ntorch is broken')
  })

  it('rejects with WorkerTimeoutError when the worker never answers', async () => {
    const error = await LoraWorker.start({ startTimeoutMs: 500, spawnWith: { command: PYTHON, args: ['-c', 'import time; time.sleep(30)'] } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkerTimeoutError)
    expect((error as WorkerTimeoutError).kind).toBe('start')
  })

  it('refuses invalid options with a message naming the value', async () => {
    await expect(LoraWorker.start({ threads: 0 })).rejects.toThrow('invalid threads: 0 (must be an integer >= 1)')
  })
})

describe('worker.request(command, args, options)', () => {
  it('streams progress events for the request, then resolves with the result', async () => {
    const events: ProgressEvent[] = []
    const result = await worker.request('train', { model: 'm', dataset: 'd', steps: 20, batch_size: 16, lr: 0.01, seed: 1, log_every: 5 }, {
      onProgress: (event) => events.push(event),
    })
    expect(events.map((event) => event.step)).toEqual([5, 10, 15, 20])
    for (const event of events) {
      expect(event).toMatchObject({ phase: 'train', total_steps: 20 })
      expect(event.examples_per_s).toBeGreaterThan(0)
      expect(event.memory_bytes).toBeGreaterThan(0)
    }
    expect(result.losses.map((point) => point.loss)).toEqual(events.map((event) => event.loss))
  })

  it('turns a worker-side failure into WorkerError with code, message and details', async () => {
    const error = await worker
      .request('build_model', { name: 'bad', seed: 1, config: { ...CLASSIFIER, d_model: 30 } })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkerError)
    expect(error).toMatchObject({ code: 'invalid_args', command: 'build_model', details: { n_heads: 4, d_model: 30 } })
    expect((error as Error).message).toBe('build_model failed (invalid_args): invalid n_heads: 4 (must divide d_model 30)')
    await expect(worker.request('predict', { model: 'nope', dataset: 'd' })).rejects.toMatchObject({
      code: 'unknown_model',
      message: "predict failed (unknown_model): unknown model: 'nope' (loaded: m)",
    })
  })

  it('rejects a malformed request before sending it, naming the JSON path', async () => {
    const bad = { model: 'm', dataset: 'd', steps: 10, batch_size: 16, lr: -1, seed: 1 }
    const error = await worker.request('train', bad).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as ProtocolError).path).toBe('/args/lr')
    expect((error as Error).message).toBe('invalid train request: /args/lr must be > 0 (got -1)')
    // @ts-expect-error: not a command
    await expect(worker.request('fly', {})).rejects.toThrow('unknown LoRA worker command: "fly"')
  })

  it('cancels a running request through an AbortSignal; the worker stays usable', async () => {
    const controller = new AbortController()
    const training = worker.request('train', { model: 'm', dataset: 'd', steps: 100000, batch_size: 16, lr: 0.001, seed: 1, log_every: 5 }, {
      signal: controller.signal,
      onProgress: (event) => {
        if (event.step >= 10) controller.abort()
      },
    })
    const error = await within(training.catch((e: unknown) => e), 20_000, 'the cancelled run')
    expect(error).toBeInstanceOf(WorkerError)
    expect((error as WorkerError).code).toBe('cancelled')
    expect((error as Error).message).toMatch(/^train failed \(cancelled\): training cancelled at step \d+ of 100000$/)
    await expect(worker.request('fingerprint', { model: 'm' })).resolves.toMatchObject({ adapter_parameters: 1168 })
  })

  it('rejects at once when the signal is already aborted', async () => {
    await expect(worker.request('info', {}, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'cancelled' })
  })
})

describe('a worker that dies or hangs', () => {
  it('killed mid-training: the pending request rejects with WorkerCrashedError (SIGKILL) within seconds', async () => {
    const doomed = await startWorker()
    await doomed.request('build_model', { name: 'm', config: CLASSIFIER, seed: 1 })
    await doomed.request('make_dataset', { name: 'd', source: topicSource(256, 1) })
    await doomed.request('add_adapter', adapterArgs('m'))
    const training = doomed.request('train', { model: 'm', dataset: 'd', steps: 100000, batch_size: 16, lr: 0.001, seed: 1, log_every: 5 }, {
      onProgress: () => doomed.kill('SIGKILL'),
    })
    const queued = doomed.request('info', {})
    const error = await within(training.catch((e: unknown) => e), 5_000, 'the killed run')
    expect(error).toBeInstanceOf(WorkerCrashedError)
    expect((error as WorkerCrashedError).signal).toBe('SIGKILL')
    expect((error as Error).message).toMatch(/^LoRA worker was killed by SIGKILL while running train \(request r\d+\), info \(request r\d+\)/)
    await expect(queued).rejects.toBeInstanceOf(WorkerCrashedError)
    expect(doomed.running).toBe(false)
    await expect(doomed.request('info', {})).rejects.toThrow(WorkerCrashedError)
  })

  it('hung (stopped with SIGSTOP): the request rejects with WorkerTimeoutError after idleTimeoutMs and the worker is killed', async () => {
    const hung = await startWorker({ idleTimeoutMs: 800 })
    process.kill(hung.pid!, 'SIGSTOP')
    const started = Date.now()
    const error = await within(hung.request('info', {}).catch((e: unknown) => e), 5_000, 'the hung request')
    expect(error).toBeInstanceOf(WorkerTimeoutError)
    expect((error as WorkerTimeoutError).kind).toBe('idle')
    expect((error as Error).message).toMatch(/^LoRA worker was silent for 800 ms while running info \(request r\d+\): it seems to hang; the worker was killed$/)
    expect(Date.now() - started).toBeGreaterThanOrEqual(700)
    const exit = await within(hung.exited, 5_000, 'the kill of the hung worker')
    expect(exit.signal).toBe('SIGKILL')
  })

  it('a per-request timeoutMs limits a whole request', async () => {
    // A stand-in worker (no torch, starts at once) that answers info and then never answers.
    const silent = await LoraWorker.start({ spawnWith: { command: PYTHON, args: ['-c', SILENT_WORKER] } })
    const error = await silent.request('fingerprint', { model: 'm' }, { timeoutMs: 300 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkerTimeoutError)
    expect((error as WorkerTimeoutError).kind).toBe('request')
    expect((error as Error).message).toMatch(/^LoRA worker did not finish fingerprint \(request r2\) within 300 ms; the worker was killed$/)
    expect((await silent.exited).signal).toBe('SIGKILL')
  })
})

describe('worker.close()', () => {
  it('shuts the worker down cleanly (exit code 0)', async () => {
    expect(await worker.close()).toEqual({ code: 0, signal: null })
    expect(worker.running).toBe(false)
    await expect(worker.request('info', {})).rejects.toThrow('cannot send info: the LoRA worker is not running')
  })
})
