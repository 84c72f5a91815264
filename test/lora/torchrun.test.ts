// Data-parallel training launched by PyTorch's own launcher (torchrun), through the real worker on
// the CPU: the default launcher and the spawn launcher run the same ranks, so they give the same
// losses and adapter bit for bit; a run over two "machines" (two torchrun agents on this host,
// static rendezvous, one process each, the second started as a user would start it on another
// node) gives the same again; and a worker killed mid-run takes torchrun and its ranks with it.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoraWorker } from '../../kernel/lora/index.js'
import type { TrainArgs, TrainResult } from '../../kernel/lora/protocol-types.js'
import { DEVICE, prepareTopicRun, savedAdapterAt, startWorker, temporaryFolder, topicTrainArgs, within } from './helpers.js'

const folder = temporaryFolder('torchrun')
afterAll(() => folder.remove())

const PACKAGE_ROOT = resolve('kernel/lora')
const PYTHON = '/usr/bin/python3'
const STEPS = 40

const run = (extra: Partial<TrainArgs>): TrainArgs => topicTrainArgs(STEPS, { processes: 2, ...extra })

/** Dropout 0.1: the ranks' dropout draws must match between the launchers too. */
const prepare = (worker: LoraWorker) => prepareTopicRun(worker)

const savedAdapter = (worker: LoraWorker, name: string) => savedAdapterAt(worker, join(folder.path, name))

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => done(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`)
    await new Promise((done) => setTimeout(done, 100))
  }
}

/** The command lines (arguments joined by spaces) of the processes that have `text` in theirs (from /proc). */
function processesWith(text: string): string[] {
  const found: string[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ')
      if (command.includes(text)) found.push(command)
    } catch {
      // ended meanwhile
    }
  }
  return found
}

describe.skipIf(DEVICE === 'cuda')('train with processes 2, launched by torchrun (gloo on the CPU)', () => {
  let worker: LoraWorker
  let viaTorchrun: TrainResult
  let viaSpawn: TrainResult
  let torchrunAdapter: Record<string, Float32Array>
  let spawnAdapter: Record<string, Float32Array>
  const jobDir = join(folder.path, 'job-one-node')

  beforeAll(async () => {
    worker = await startWorker()
    await prepare(worker)
    viaTorchrun = await worker.request('train', run({ job_dir: jobDir })) // default launcher: torchrun
    torchrunAdapter = await savedAdapter(worker, 'torchrun')
    await prepare(worker)
    viaSpawn = await worker.request('train', run({ launcher: 'spawn' }))
    spawnAdapter = await savedAdapter(worker, 'spawn')
  })
  afterAll(async () => {
    await worker?.close()
  })

  it('rank 0 left its events and result in the job folder, and no rank an error', () => {
    const events = readFileSync(join(jobDir, 'events.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { step: number })
    expect(events.filter((event) => event.step % 10 === 0).map((event) => event.step)).toEqual([10, 20, 30, 40])
    expect(existsSync(join(jobDir, 'result.pt'))).toBe(true)
    expect(readdirSync(join(jobDir, 'errors'))).toEqual([])
  })

  it('gives the same losses and adapter as the spawn launcher, bit for bit (the same ranks, only the launcher differs)', () => {
    expect(viaTorchrun.losses).toEqual(viaSpawn.losses)
    expect(torchrunAdapter).toEqual(spawnAdapter)
    expect(viaTorchrun.losses[viaTorchrun.losses.length - 1]!.loss).toBeLessThan(viaTorchrun.losses[0]!.loss)
  })

  /** Node 1 of a 2-node run of `train`, started as on another machine: the same job folder, its own node rank. */
  async function secondNode(job: string, port: number, env: Record<string, string> = {}): Promise<{ exit: Promise<number | null>; output: () => string; kill: () => void }> {
    await waitFor(() => existsSync(join(job, 'job.pt')), 30_000, 'the worker writing job.pt')
    const node1: ChildProcess = spawn(PYTHON, ['-m', 'lora_worker.torchrun', '--nproc_per_node', '1', '--max_restarts', '0',
      '--monitor_interval', '0.1', '--nnodes', '2', '--node_rank', '1', '--master_addr', '127.0.0.1', '--master_port', String(port),
      '-m', 'lora_worker.rank', job], { cwd: PACKAGE_ROOT, env: { ...process.env, OMP_NUM_THREADS: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    node1.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    node1.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    return { exit: new Promise((done) => node1.on('exit', (code) => done(code))), output: () => output, kill: () => node1.kill('SIGKILL') }
  }

  it('runs across two nodes (two torchrun agents, static rendezvous on this host): the same losses and adapter again', async () => {
    const port = await freePort()
    const job = join(folder.path, 'job-two-nodes')
    await prepare(worker)
    const pending = worker.request('train', run({ processes: 1, nodes: 2, master_addr: '127.0.0.1', master_port: port, job_dir: job }))
    const node1 = await secondNode(job, port)
    const result = await pending.catch((error: unknown) => {
      node1.kill()
      throw new Error(`${String(error)}\nnode 1 said:\n${node1.output()}`)
    })
    expect(await node1.exit).toBe(0)
    expect(result.losses).toEqual(viaTorchrun.losses)
    expect(await savedAdapter(worker, 'two-nodes')).toEqual(torchrunAdapter)
  })

  it('fails the job on node 0 with rank_failed when the rank on node 1 is killed', async () => {
    const port = await freePort()
    const job = join(folder.path, 'job-two-nodes-killed')
    await prepare(worker)
    const pending = worker.request('train', run({ processes: 1, nodes: 2, master_addr: '127.0.0.1', master_port: port, job_dir: job, steps: 200 }))
      .then(() => null, (error: unknown) => error)
    const node1 = await secondNode(job, port, { PAYBACK_DDP_FAIL_AT: '1:15' })
    const failure = await within(pending, 60_000, 'node 0 noticing the lost rank')
    expect(await node1.exit).not.toBe(0)
    expect(failure).toMatchObject({ code: 'rank_failed', details: { processes: 2 } })
    console.log(`node 0 after node 1's rank was killed at step 15: ${(failure as Error).message}`)
  })

  it('reads a relative checkpoint_dir from the worker\'s folder, as one process does (the ranks run where the worker runs)', async () => {
    const relative = join('test-artifacts', `torchrun-relative-${process.pid}`)
    const absolute = resolve(relative) // the worker runs in the package root, as this test does
    try {
      await prepare(worker)
      const result = await worker.request('train', run({ steps: 10, checkpoint_dir: relative, checkpoint_every: 10 }))
      expect(result.checkpoints).toEqual([join(relative, 'checkpoint-10')])
      expect(existsSync(join(absolute, 'checkpoint-10', 'trainer_state.json'))).toBe(true)
    } finally {
      rmSync(absolute, { recursive: true, force: true })
    }
  })

  it('refuses two nodes without a job folder and a master (invalid_args, naming what is missing)', async () => {
    await expect(worker.request('train', run({ processes: 1, nodes: 2, steps: 2 }))).rejects.toMatchObject({
      code: 'invalid_args',
      message: expect.stringContaining('invalid nodes: 2 needs job_dir, master_addr, master_port'),
    })
    await expect(worker.request('train', run({ launcher: 'spawn', nodes: 2, steps: 2 }))).rejects.toMatchObject({
      code: 'invalid_args',
      message: expect.stringContaining('invalid launcher: spawn runs on one machine'),
    })
  })

  it('a worker killed mid-run takes torchrun and its ranks with it (no process trains on for nobody)', async () => {
    const job = join(folder.path, 'job-orphan')
    const doomed = await startWorker()
    await prepare(doomed)
    const pending = doomed.request('train', run({ steps: 100_000, job_dir: job })).catch(() => null)
    await waitFor(() => existsSync(join(job, 'events.jsonl')), 60_000, 'rank 0 reporting progress')
    // PyTorch's launcher (its elastic agent) and the two ranks it started.
    const running = processesWith(job)
    expect(running.filter((command) => command.includes('-m lora_worker.torchrun')).length).toBe(1)
    expect(running.filter((command) => /-m lora_worker\.rank /.test(command) && !command.includes('lora_worker.torchrun')).length).toBe(2)
    doomed.kill('SIGKILL')
    await pending
    await waitFor(() => processesWith(job).length === 0, 20_000, 'torchrun and its ranks ending')
  })
})
