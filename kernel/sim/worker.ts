/**
 * A simulation worker thread. Started with its {@link WorkerStart}, or early (a
 * {@link WorkerPool}) with only modules to load and the start sent later as `{ start }`, it
 * builds the model from its {@link ModelSource} and says `{ type: 'ready' }`, runs the chunks the main thread sends (`{ chunk: k }`), answers each
 * with the chunk's sums, and on `{ finish: true }` sends its tally and exits. Started by
 * `engine.ts`; not for direct use.
 *
 * Messages to the main thread:
 * - `{ type: 'ready' }` once the model is built
 * - `{ type: 'chunk', chunk, sums }` (sums transferred)
 * - `{ type: 'tally', counts, extremes }` (transferred)
 * - `{ type: 'error', message, name, stack }`
 */
import { parentPort, workerData } from 'node:worker_threads'
import { ChunkRunner, type ChunkPlan } from './chunk.js'
import { loadModel, type ModelSource } from './model.js'
// Loading it installs the WebAssembly Philox filler the samplers' streams use on this thread.
import './philox-fast.js'

/** What a worker is started with. */
export interface WorkerStart {
  source: ModelSource
  plan: ChunkPlan
}

/** A worker's `workerData`: its start now, or modules to load now and the start later (a pool started early). */
export interface WorkerData {
  start?: WorkerStart
  preload?: string[]
}

const port = parentPort
if (!port) throw new Error('kernel/sim/worker.js runs as a worker thread (started by simulate)')

const data = workerData as WorkerData
const fail = (error: unknown) => {
  const e = error instanceof Error ? error : new Error(String(error))
  port.postMessage({ type: 'error', message: e.message, name: e.name, stack: e.stack })
}
// Modules the model will need, loaded while the main thread is still validating and compiling.
const preloaded = Promise.all((data.preload ?? []).map((url) => import(url)))
let runner: Promise<ChunkRunner> | undefined
const begin = (start: WorkerStart) => {
  runner = preloaded.then(() => loadModel(start.source)).then((model) => new ChunkRunner(model, start.plan))
  runner.then(() => port.postMessage({ type: 'ready' }), fail)
}
if (data.start) begin(data.start)

port.on('message', (message: { start?: WorkerStart; chunk?: number; finish?: boolean }) => {
  if (message.start) {
    begin(message.start)
    return
  }
  if (!runner) {
    fail(new Error('simulation worker: a chunk came before the start'))
    return
  }
  runner
    .then((run) => {
      if (message.finish) {
        const { counts, extremes } = run.tally
        port.postMessage({ type: 'tally', counts, extremes }, [counts.buffer as ArrayBuffer, extremes.buffer as ArrayBuffer])
        port.close()
        return
      }
      const chunk = message.chunk as number
      const sums = run.run(chunk)
      port.postMessage({ type: 'chunk', chunk, sums }, [sums.buffer as ArrayBuffer])
    })
    .catch(fail)
})
