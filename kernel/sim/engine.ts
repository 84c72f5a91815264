/**
 * The simulation engine: runs many draws of a model in fixed chunks, on the main thread or on
 * worker threads, and aggregates them as they stream in. Memory does not grow with the number
 * of draws, and the result is identical bit for bit for any number of workers:
 * - draw i of input j is draw i of Philox stream (seed, j), wherever it runs;
 * - chunk k always covers draws [k C, (k + 1) C);
 * - integer counts and extremes merge in any order; floating-point sums are added in chunk order.
 */
import { Worker } from 'node:worker_threads'
import { ChunkSumFolder, Tally, TallyLayout, summarizeStrategies } from './aggregate.js'
import { builtModuleUrl } from './built-module.js'
import { ChunkRunner, chunkCount, pointEvaluation, type ChunkPlan } from './chunk.js'
// Loading it installs the WebAssembly Philox filler the samplers' streams use on this thread.
import './philox-fast.js'
import type { ModelSource, SimulationModel } from './model.js'
import type { SimulationResult } from './result.js'
import type { WorkerData, WorkerStart } from './worker.js'

/** Default draws per chunk: 2^14 (about 0.1 s of work: fine-grained progress and load balance, small buffers). */
export const DEFAULT_CHUNK_SIZE = 16384
/** Most draws one simulation takes (histogram counts are uint32). */
export const MAX_DRAWS = 2 ** 32 - 1
/** Most worker threads. */
export const MAX_WORKERS = 64

/** How to run a simulation. */
export interface SimulateOptions {
  /** Number of draws (1..2^32 - 1). */
  draws: number
  /** Seed of the Philox streams (integer in [0, 2^53)). */
  seed: number
  /** Worker threads (1 = run on this thread). More than 1 needs `source`. Does not change the result. */
  workers?: number
  /** Draws per chunk (default 16,384). Part of the result's identity: the same seed and chunk size give the same numbers. */
  chunkSize?: number
  /** Where worker threads get the model; required when workers > 1. */
  source?: ModelSource
  /** Called after each chunk with the draws done so far and the total. */
  onProgress?: (done: number, total: number) => void
  /**
   * Workers started earlier ({@link startWorkerPool}) to use instead of starting new ones; those
   * the simulation does not need are stopped. Does not change the result.
   */
  pool?: WorkerPool
}

/** Worker threads started before the model is ready: they load modules meanwhile. */
export interface WorkerPool {
  /** Workers not yet handed to a simulation. */
  readonly size: number
  /** @internal Hands out up to `count` workers (each only once). */
  take(count: number): Worker[]
  /** Stops the workers no simulation took. Idempotent. */
  close(): void
}

/** The worker module's URL (its build, so plain Node can load it). */
const workerUrl = () => new URL(builtModuleUrl(new URL('./worker.js', import.meta.url)))

/**
 * Starts `count` simulation workers now, each loading the modules `preload` (URLs, e.g. the
 * module a {@link ModelSource} names) while this thread goes on validating and compiling;
 * `simulate(model, { pool })` then gives them their model. Close the pool if no simulation
 * takes it (an error before), or the process waits for its workers.
 *
 * @example
 * const pool = startWorkerPool(2, [])
 * pool.size // => 2
 * pool.close()
 * pool.size // => 0
 */
export function startWorkerPool(count: number, preload: readonly string[]): WorkerPool {
  const data: WorkerData = { preload: [...preload] }
  let idle: Worker[] = Array.from({ length: count }, () => new Worker(workerUrl(), { workerData: data }))
  // An idle worker must not keep the process alive, nor an error in it go unheard.
  for (const worker of idle) {
    worker.unref()
    worker.on('error', () => undefined)
  }
  return {
    get size() {
      return idle.length
    },
    take(n: number) {
      const taken = idle.slice(0, n)
      idle = idle.slice(n)
      for (const worker of taken) {
        worker.ref()
        worker.removeAllListeners('error')
      }
      return taken
    },
    close() {
      for (const worker of idle) void worker.terminate()
      idle = []
    },
  }
}

function checkInteger(name: string, value: unknown, min: number, max: number, maxText: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`invalid ${name}: ${String(value)} (must be an integer in [${min}, ${maxText}])`)
  }
  return value
}

/**
 * Runs `options.draws` draws of `model` and summarises them: per strategy the distribution of
 * horizon total, present value and NPV savings against the baseline (mean with its standard
 * error, sd, quantiles), P(cheapest), the payback-month distribution with P(payback <= N) for
 * every month N, and monthly quantile bands of cumulative cost; every probability with its
 * Monte Carlo standard error.
 *
 * Cost: O(draws x strategies x horizon) time, spread over `workers` threads; memory
 * O(inputs x chunkSize + strategies x horizon x bins) per thread, independent of draws.
 *
 * @throws {RangeError} on bad options; {@link Error} when workers > 1 without a source, or a worker fails
 * @example
 * // Prompting pays $0.01 a request in frontier tokens; distilling pays $20,000 once, then
 * // $1,000 a month and $0.001 a request. Coefficients in the order of COEFF (layout.ts).
 * const prompt = [0, 0, 0, 0.01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
 * const distill = [20_000, 1_000, 0.001, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
 * const model = tableModel({
 *   strategies: ['prompt', 'distill'], horizonMonths: 12, globals: [1_000_000, 0, 0, 0, 1], coeffs: [prompt, distill],
 *   inputs: [
 *     { path: '/task/requestsPerMonth', distribution: { kind: 'uniform', min: 500_000, max: 1_500_000 }, targets: [{ strategy: null, index: GLOBAL.FIRST_MONTH_REQUESTS }] },
 *     { path: '/distill/oneTimeUSD', distribution: { kind: 'uniform', min: 10_000, max: 30_000 }, targets: [{ strategy: 1, index: COEFF.ONE_TIME_USD }] },
 *   ],
 * })
 * const result = await simulate(model, { draws: 20_000, seed: 42 }) // workers > 1 also need the model's source
 * result.strategies[0].horizonTotalUSD.mean // => 1.20e5 (12 x $0.01 x the mean volume, 1,000,000)
 * result.strategies[1].payback?.withinHorizon.probability // => 1 (at 500,000 a month distill repays $30,000 in 8 months)
 */
export async function simulate(model: SimulationModel, options: SimulateOptions): Promise<SimulationResult> {
  const draws = checkInteger('draws', options.draws, 1, MAX_DRAWS, '2^32 - 1')
  const seed = checkInteger('seed', options.seed, 0, Number.MAX_SAFE_INTEGER, '2^53 - 1')
  const workers = checkInteger('workers', options.workers ?? 1, 1, MAX_WORKERS, String(MAX_WORKERS))
  const chunkSize = checkInteger('chunkSize', options.chunkSize ?? DEFAULT_CHUNK_SIZE, 1, 2 ** 24, '2^24')
  const { point, shifts } = pointEvaluation(model)
  const plan: ChunkPlan = { seed, draws, chunkSize, shifts }
  const chunks = chunkCount(plan)
  const threads = Math.min(workers, chunks)
  const layout = new TallyLayout(model.strategies.length, model.horizonMonths)
  const folder = new ChunkSumFolder(layout.sumsLength)
  let tally: Tally
  if (threads <= 1) {
    options.pool?.close()
    tally = await runHere(model, plan, folder, options.onProgress)
  } else {
    if (!options.source) {
      options.pool?.close()
      throw new Error(`simulate with ${threads} workers needs options.source (where workers get the model)`)
    }
    const early = options.pool?.take(threads) ?? []
    options.pool?.close()
    tally = await runOnWorkers(model, options.source, plan, threads, layout, folder, options.onProgress, early)
  }
  return {
    draws,
    seed,
    chunkSize,
    horizonMonths: model.horizonMonths,
    baseline: model.strategies[0] as string,
    inputs: model.inputs.map((input, j) => ({
      path: input.path,
      kind: input.distribution.kind,
      streamId: j,
      mean: input.distribution.mean,
      sd: Math.sqrt(input.distribution.variance),
      pointValue: input.pointValue,
    })),
    strategies: summarizeStrategies(model.strategies, tally, folder.total, shifts, draws, point),
  }
}

/** Every chunk on this thread, yielding to the event loop between chunks. */
async function runHere(model: SimulationModel, plan: ChunkPlan, folder: ChunkSumFolder, onProgress?: (done: number, total: number) => void): Promise<Tally> {
  const runner = new ChunkRunner(model, plan)
  const chunks = chunkCount(plan)
  for (let k = 0; k < chunks; k++) {
    folder.add(k, runner.run(k))
    onProgress?.(Math.min(plan.draws, (k + 1) * plan.chunkSize), plan.draws)
    if (k + 1 < chunks) await new Promise<void>((resolve) => setImmediate(resolve))
  }
  return runner.tally
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'chunk'; chunk: number; sums: Float64Array }
  | { type: 'tally'; counts: Uint32Array; extremes: Float64Array }
  | { type: 'error'; message: string; name: string; stack?: string }

/**
 * Chunks handed out to `threads` workers as they become ready, two in flight each; until every
 * worker is ready (they import and build the model, which takes a while), this thread runs
 * chunks too. Sums are folded in chunk order, tallies merged at the end.
 */
function runOnWorkers(
  model: SimulationModel,
  source: ModelSource,
  plan: ChunkPlan,
  threads: number,
  layout: TallyLayout,
  folder: ChunkSumFolder,
  onProgress?: (done: number, total: number) => void,
  early: Worker[] = [],
): Promise<Tally> {
  const chunks = chunkCount(plan)
  const start: WorkerStart = { source, plan }
  const tally = new Tally(layout)
  return new Promise<Tally>((resolve, reject) => {
    const pool: { worker: Worker; ready: boolean; assigned: number; closing: boolean }[] = []
    let nextChunk = 0
    let done = 0
    let ready = 0
    let finishing = false
    let tallies = 0
    let expectedTallies = 0
    let failed = false
    let here: ChunkRunner | undefined
    const fail = (error: Error) => {
      if (failed) return
      failed = true
      for (const each of pool) {
        each.closing = true
        void each.worker.terminate()
      }
      reject(error)
    }
    const chunkDone = (chunk: number, sums: Float64Array) => {
      folder.add(chunk, sums)
      done += Math.min(plan.chunkSize, plan.draws - chunk * plan.chunkSize)
      onProgress?.(done, plan.draws)
      if (folder.folded === chunks && !finishing) {
        finishing = true
        for (const each of pool) {
          if (each.assigned > 0) {
            expectedTallies += 1
            each.worker.postMessage({ finish: true })
          } else {
            each.closing = true
            void each.worker.terminate()
          }
        }
      }
      settle()
    }
    const settle = () => {
      if (!finishing || failed || tallies < expectedTallies) return
      if (here) tally.merge(here.tally)
      resolve(tally)
    }
    const feed = (slot: (typeof pool)[number]) => {
      if (nextChunk >= chunks || failed) return
      slot.assigned += 1
      slot.worker.postMessage({ chunk: nextChunk++ })
    }
    for (let w = 0; w < threads; w++) {
      // A worker from the pool has its modules loaded already and gets its start now.
      const pooled = early[w]
      const worker = pooled ?? new Worker(workerUrl(), { workerData: { start } satisfies WorkerData })
      if (pooled) pooled.postMessage({ start })
      const slot = { worker, ready: false, assigned: 0, closing: false }
      pool.push(slot)
      worker.on('error', (error) => fail(error))
      worker.on('exit', (code) => {
        if (code !== 0 && !slot.closing && !failed && !(finishing && tallies >= expectedTallies)) fail(new Error(`simulation worker ${w} exited with code ${code}`))
      })
      worker.on('message', (message: WorkerMessage) => {
        if (failed) return
        if (message.type === 'error') {
          const error = new Error(`simulation worker ${w}: ${message.message}`)
          error.stack = message.stack ?? error.stack
          fail(error)
        } else if (message.type === 'ready') {
          slot.ready = true
          ready += 1
          // Two chunks in flight: one to run, one waiting.
          feed(slot)
          feed(slot)
        } else if (message.type === 'chunk') {
          chunkDone(message.chunk, message.sums)
          feed(slot)
        } else {
          slot.closing = true
          tally.merge(new Tally(layout, message.counts, message.extremes))
          tallies += 1
          settle()
        }
      })
    }
    // This thread helps while workers start: one chunk at a time, handling messages in between.
    const help = () => {
      if (failed || ready === threads || nextChunk >= chunks) return
      const chunk = nextChunk++
      here ??= new ChunkRunner(model, plan)
      let sums: Float64Array
      try {
        sums = here.run(chunk)
      } catch (error) {
        fail(error as Error)
        return
      }
      chunkDone(chunk, sums)
      setImmediate(help)
    }
    setImmediate(help)
  })
}
