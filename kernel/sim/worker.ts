/**
 * A simulation worker thread. It builds the model from its {@link ModelSource} and says
 * `{ type: 'ready' }`, runs the chunks the main thread sends (`{ chunk: k }`), answers each
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

const port = parentPort
if (!port) throw new Error('kernel/sim/worker.js runs as a worker thread (started by simulate)')

const start = workerData as WorkerStart
const fail = (error: unknown) => {
  const e = error instanceof Error ? error : new Error(String(error))
  port.postMessage({ type: 'error', message: e.message, name: e.name, stack: e.stack })
}
const runner = loadModel(start.source).then((model) => new ChunkRunner(model, start.plan))
runner.then(() => port.postMessage({ type: 'ready' }), fail)

port.on('message', (message: { chunk?: number; finish?: boolean }) => {
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
