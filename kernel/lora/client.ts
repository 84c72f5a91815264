/**
 * The TypeScript client of the LoRA worker: spawns `python3 kernel/lora/worker.py`, speaks JSON
 * lines over its stdio (schema: `protocol.schema.json`, checked both ways with ajv), correlates
 * responses with requests by id, streams progress, cancels, and turns every way the worker can
 * fail into a rejected promise:
 *
 * - the worker answers `ok: false` -> {@link WorkerError} with the protocol's `code` and `details`;
 * - the process exits or is killed -> {@link WorkerCrashedError} with exit code or signal and the
 *   last stderr lines, for every pending request, at once;
 * - no answer in time, or silence for `idleTimeoutMs` (a hang) -> {@link WorkerTimeoutError},
 *   and the worker is killed (its state is unknown);
 * - a bad request (caught before sending) or a bad line from the worker -> {@link ProtocolError}.
 *
 * @example illustrative: starts the Python worker (python3 with torch); test/lora runs the same calls
 * const worker = await LoraWorker.start({ threads: 1 })
 * await worker.request('build_model', { name: 'm', seed: 1, config: { task: 'classification', vocab_size: 64, max_len: 32, d_model: 32, n_heads: 4, n_layers: 2, num_labels: 4 } })
 * await worker.request('make_dataset', { name: 'd', source: { kind: 'synthetic_topic', n: 512, seed: 1, num_labels: 4, seq_len: 16, vocab_size: 64 } })
 * await worker.request('add_adapter', { model: 'm', r: 4, alpha: 8, target_modules: ['q_proj', 'v_proj', 'classifier'], seed: 1 })
 * const trained = await worker.request('train', { model: 'm', dataset: 'd', steps: 100, batch_size: 32, lr: 0.01, seed: 1 }, { progress: true })
 * // trained: { mode: 'lora', device: 'cpu', steps: 100, final_loss, examples_per_s, ... }
 * await worker.close()
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { createInterface } from 'node:readline'
import { packagePath } from '../paths.js'
import { ProtocolError, WorkerCrashedError, WorkerError, WorkerTimeoutError, messages } from './errors.js'
import { createProgressReporter, type ProgressReporter, type ProgressReporterOptions } from './progress.js'
import { ProtocolValidator } from './protocol.js'
import type { CheckpointEvent, Command, CommandMap, InfoResult, ProgressEvent, WorkerMessage } from './protocol-types.js'

/** How to start a worker. Every field is optional. */
export interface LoraWorkerOptions {
  /** Python with torch: default `PAYBACK_PYTHON`, else `/usr/bin/python3` (Debian's, which has python3-torch). */
  python?: string
  /** torch intra-op threads (also OMP/OpenBLAS threads): default `PAYBACK_LORA_THREADS`, else 1. */
  threads?: number
  /** Device `auto` resolves to in the worker: default `PAYBACK_LORA_DEVICE`, else auto (CUDA when present). */
  device?: 'auto' | 'cpu' | 'cuda'
  /** Milliseconds to wait for the worker to start and answer `info` (default 60 000: CUDA start-up is slow). */
  startTimeoutMs?: number
  /** Default limit on a whole request, ms; 0 = none (default 0). */
  requestTimeoutMs?: number
  /** Default limit on silence from the worker while a request is pending, ms (default 120 000). Training
   * emits progress at least every 2 s, so silence this long means a hang. */
  idleTimeoutMs?: number
  /** How many trailing stderr lines to keep for error messages (default 30). */
  stderrLines?: number
  /** Receives every stderr line of the worker (default: kept, not printed). */
  onStderr?: (line: string) => void
  /** Extra environment variables for the worker. */
  env?: Record<string, string>
  /** Run this program instead of `python worker.py` (tests use it to fake broken workers). */
  spawnWith?: { command: string; args: string[] }
}

/** Per-request options. */
export interface CallOptions {
  /** Aborting sends `cancel`; the request then rejects with a {@link WorkerError} of code `cancelled`. */
  signal?: AbortSignal
  /** Called with every progress event of this request. */
  onProgress?: (event: ProgressEvent) => void
  /** Called when a checkpoint has been written completely. */
  onCheckpoint?: (event: CheckpointEvent) => void
  /** Show a progress bar (stderr TTY) or periodic lines; an object configures it (see progress.ts). */
  progress?: boolean | ProgressReporterOptions
  /** Limit on this whole request, ms (0 = none); default from the worker's options. */
  timeoutMs?: number
  /** Limit on silence from the worker during this request, ms; default from the worker's options. */
  idleTimeoutMs?: number
}

/** How the worker process ended. */
export interface WorkerExit {
  code: number | null
  signal: NodeJS.Signals | null
}

interface Pending {
  id: string
  command: Command
  resolve: (result: unknown) => void
  reject: (error: Error) => void
  options: CallOptions
  reporter: ProgressReporter | undefined
  timers: NodeJS.Timeout[]
  idleTimer: NodeJS.Timeout | undefined
  cleanup: () => void
}

const live = new Set<LoraWorker>()
let exitHookInstalled = false
function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  // Never leave a worker behind when Node exits (a notebook kernel restarting, a CLI ending).
  process.once('exit', () => {
    for (const worker of live) worker.kill('SIGKILL')
  })
}

function positiveInteger(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new RangeError(messages.invalidOption(name, value, allowZero ? 'must be an integer >= 0' : 'must be an integer >= 1'))
  }
  return value
}

/** A running LoRA worker process. Create with {@link LoraWorker.start}. */
export class LoraWorker {
  /** What the worker reported at start: versions, device, threads, pid. */
  info!: InfoResult
  /** Resolves when the process has ended (never rejects). */
  readonly exited: Promise<WorkerExit>

  private readonly child: ChildProcessWithoutNullStreams
  private readonly validator: ProtocolValidator
  private readonly pending = new Map<string, Pending>()
  private readonly stderrTail: string[] = []
  private readonly stderrLines: number
  private readonly requestTimeoutMs: number
  private readonly idleTimeoutMs: number
  private nextId = 1
  private exit: WorkerExit | undefined
  private fatal: Error | undefined
  private spawnError: Error | undefined

  private constructor(options: LoraWorkerOptions, validator: ProtocolValidator) {
    this.validator = validator
    const threads = positiveInteger('threads', options.threads ?? (Number(process.env['PAYBACK_LORA_THREADS']) || undefined), 1)
    this.stderrLines = positiveInteger('stderrLines', options.stderrLines, 30)
    this.requestTimeoutMs = positiveInteger('requestTimeoutMs', options.requestTimeoutMs, 0, true)
    this.idleTimeoutMs = positiveInteger('idleTimeoutMs', options.idleTimeoutMs, 120_000)
    const python = options.python ?? process.env['PAYBACK_PYTHON'] ?? '/usr/bin/python3'
    const device = options.device ?? process.env['PAYBACK_LORA_DEVICE']
    const command = options.spawnWith?.command ?? python
    const args = options.spawnWith?.args ?? [packagePath('kernel', 'lora', 'worker.py'), '--threads', String(threads)]
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      OMP_NUM_THREADS: String(threads),
      OPENBLAS_NUM_THREADS: String(threads),
      MKL_NUM_THREADS: String(threads),
      PYTHONUNBUFFERED: '1',
      PYTHONDONTWRITEBYTECODE: '1',
      ...(device ? { PAYBACK_LORA_DEVICE: device } : {}),
      ...options.env,
    }
    this.child = spawn(command, args, { cwd: packagePath(), env, stdio: ['pipe', 'pipe', 'pipe'] })
    this.exited = new Promise((resolve) => {
      this.child.once('close', (code, signal) => {
        this.exit = { code, signal }
        live.delete(this)
        this.onClose()
        resolve(this.exit)
      })
    })
    this.child.once('error', (error) => {
      // Spawning failed (e.g. no such Python); 'close' follows and rejects what is pending.
      this.spawnError = new WorkerCrashedError(messages.spawnFailed(command, error.message), null, null, [])
    })
    this.child.stdin.on('error', () => {
      // EPIPE when the worker is gone: 'close' reports it.
    })
    createInterface({ input: this.child.stdout, crlfDelay: Infinity }).on('line', (line) => this.onLine(line))
    createInterface({ input: this.child.stderr, crlfDelay: Infinity }).on('line', (line) => {
      this.stderrTail.push(line)
      if (this.stderrTail.length > this.stderrLines) this.stderrTail.shift()
      options.onStderr?.(line)
    })
    live.add(this)
    installExitHook()
    this.updateRef()
  }

  /**
   * Starts a worker and waits for its `info` answer.
   *
   * @throws WorkerCrashedError when Python cannot start or the worker exits at once
   * @throws WorkerTimeoutError when it does not answer within `startTimeoutMs`
   */
  static async start(options: LoraWorkerOptions = {}): Promise<LoraWorker> {
    const startTimeoutMs = positiveInteger('startTimeoutMs', options.startTimeoutMs, 60_000)
    const worker = new LoraWorker(options, new ProtocolValidator())
    try {
      worker.info = await worker.request('info', {}, { timeoutMs: startTimeoutMs, idleTimeoutMs: startTimeoutMs })
    } catch (error) {
      worker.kill('SIGKILL')
      if (error instanceof WorkerTimeoutError) throw new WorkerTimeoutError(messages.startTimeout(startTimeoutMs), startTimeoutMs, 'start')
      throw error
    }
    return worker
  }

  /** The worker's process id. */
  get pid(): number | undefined {
    return this.child.pid
  }

  /** Whether the process is still running. */
  get running(): boolean {
    return this.exit === undefined && this.fatal === undefined && this.spawnError === undefined
  }

  /**
   * Sends one request and resolves with its result (typed by command).
   *
   * @throws ProtocolError before sending, when `args` break the schema (the message names the JSON path)
   * @throws WorkerError when the worker answers with an error (e.g. code `cancelled` after an abort)
   * @throws WorkerCrashedError, WorkerTimeoutError as described in the module comment
   */
  request<C extends Command>(command: C, args: CommandMap[C]['args'], options: CallOptions = {}): Promise<CommandMap[C]['result']> {
    return new Promise((resolve, reject) => {
      try {
        this.validator.checkRequest(command, args)
      } catch (error) {
        reject(error as Error)
        return
      }
      if (!this.running) {
        reject(this.fatal ?? this.spawnError ?? new WorkerCrashedError(messages.notRunning(command), this.exit?.code ?? null, this.exit?.signal ?? null, [...this.stderrTail]))
        return
      }
      if (options.signal?.aborted) {
        reject(new WorkerError(command, { code: 'cancelled', message: `${command} cancelled before it was sent`, details: {} }))
        return
      }
      const id = `r${this.nextId++}`
      const reporterOptions = options.progress === true ? {} : options.progress || undefined
      const pending: Pending = {
        id,
        command,
        resolve: resolve as (result: unknown) => void,
        reject,
        options,
        reporter: reporterOptions ? createProgressReporter({ label: command, ...reporterOptions }) : undefined,
        timers: [],
        idleTimer: undefined,
        cleanup: () => undefined,
      }
      const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs
      if (timeoutMs > 0) {
        pending.timers.push(setTimeout(() => this.timeOut(pending, new WorkerTimeoutError(messages.requestTimeout(command, id, timeoutMs), timeoutMs, 'request')), timeoutMs))
      }
      const idleMs = options.idleTimeoutMs ?? this.idleTimeoutMs
      pending.idleTimer = setTimeout(() => this.timeOut(pending, new WorkerTimeoutError(messages.idleTimeout(command, id, idleMs), idleMs, 'idle')), idleMs)
      if (options.signal) {
        const signal = options.signal
        const onAbort = (): void => {
          void this.cancel(id).catch(() => undefined)
        }
        signal.addEventListener('abort', onAbort, { once: true })
        pending.cleanup = () => signal.removeEventListener('abort', onAbort)
      }
      this.pending.set(id, pending)
      this.updateRef()
      this.child.stdin.write(JSON.stringify({ id, cmd: command, args }) + '\n')
    })
  }

  /**
   * Asks the worker to stop request `id` (queued or running); resolves with whether it was
   * there. The cancelled request itself rejects with a {@link WorkerError} of code `cancelled`.
   */
  async cancel(id: string): Promise<boolean> {
    const result = await this.request('cancel', { target: id })
    return result.cancelled
  }

  /**
   * Asks the worker to finish the queued requests and exit; kills it if it has not ended
   * `graceMs` after answering (default 5000). Resolves with how it ended; never rejects.
   */
  async close(graceMs = 5000): Promise<WorkerExit> {
    if (this.running) {
      try {
        await this.request('shutdown', {}, { idleTimeoutMs: Math.max(graceMs, 1000) })
      } catch {
        // Already dying: fall through to the kill below.
      }
      this.child.stdin.end()
      const timer = setTimeout(() => this.kill('SIGKILL'), graceMs)
      const exit = await this.exited
      clearTimeout(timer)
      return exit
    }
    this.kill('SIGKILL')
    // Held open until the process has ended: with nothing pending the child is unref'd, and Node
    // would otherwise exit before 'close' (silently, with the caller's error never reported).
    this.closing = true
    this.updateRef()
    return this.exited
  }

  /** Sends a signal to the worker process (default SIGKILL); pending requests then reject. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.exit === undefined && this.child.exitCode === null && this.child.signalCode === null) {
      try {
        this.child.kill(signal)
      } catch {
        // Already gone.
      }
    }
  }

  /** The last stderr lines of the worker (for diagnostics). */
  get stderr(): string[] {
    return [...this.stderrTail]
  }

  // ---- internals

  /** Set by close() while it waits for a dead worker's process to end. */
  private closing = false

  private updateRef(): void {
    // Keep Node alive only while requests are pending, so a forgotten close() never hangs a script.
    const busy = this.pending.size > 0 || this.closing
    const streams = [this.child.stdout, this.child.stderr, this.child.stdin] as unknown as Array<{ ref?: () => void; unref?: () => void }>
    for (const stream of streams) (busy ? stream.ref : stream.unref)?.call(stream)
    if (busy) this.child.ref()
    else this.child.unref()
  }

  private settle(pending: Pending): void {
    this.pending.delete(pending.id)
    for (const timer of pending.timers) clearTimeout(timer)
    if (pending.idleTimer) clearTimeout(pending.idleTimer)
    pending.cleanup()
    this.updateRef()
  }

  private onLine(line: string): void {
    if (!line.trim()) return
    for (const pending of this.pending.values()) pending.idleTimer?.refresh()
    let message: WorkerMessage
    try {
      message = this.validator.parseLine(line)
    } catch (error) {
      this.failAll(error as ProtocolError)
      return
    }
    if ('event' in message) {
      const pending = this.pending.get(message.id)
      if (!pending) return // a late event of a request already settled
      try {
        if (message.event === 'progress') {
          pending.reporter?.update(message)
          pending.options.onProgress?.(message)
        } else {
          pending.reporter?.checkpoint(message)
          pending.options.onCheckpoint?.(message)
        }
      } catch (error) {
        process.stderr.write(`[lora] a progress callback of ${pending.command} threw: ${(error as Error).message}\n`)
      }
      return
    }
    if (message.id === null) {
      // Only a line the worker could not read has no id; the client sends only validated lines.
      this.failAll(new ProtocolError(messages.uncorrelated(message.ok ? { code: 'internal', message: '', details: {} } : message.error)))
      return
    }
    const pending = this.pending.get(message.id)
    if (!pending) return // answer to a request already settled (e.g. timed out)
    this.settle(pending)
    if (message.ok) {
      try {
        this.validator.checkResult(pending.command, message.result)
      } catch (error) {
        pending.reporter?.done(false)
        pending.reject(error as ProtocolError)
        return
      }
      pending.reporter?.done(true)
      pending.resolve(message.result)
    } else {
      pending.reporter?.done(false)
      pending.reject(new WorkerError(pending.command, message.error))
    }
  }

  private timeOut(culprit: Pending, error: WorkerTimeoutError): void {
    if (!this.pending.has(culprit.id)) return
    this.settle(culprit)
    culprit.reporter?.done(false)
    culprit.reject(error)
    this.failAll(new WorkerCrashedError(messages.killedAfter(error.message), null, 'SIGKILL', [...this.stderrTail]))
  }

  private failAll(error: Error): void {
    this.fatal ??= error
    this.kill('SIGKILL')
    for (const pending of [...this.pending.values()]) {
      this.settle(pending)
      pending.reporter?.done(false)
      pending.reject(error)
    }
  }

  private onClose(): void {
    const exit = this.exit!
    const what = [...this.pending.values()].map((p) => `${p.command} (request ${p.id})`).join(', ')
    const error = this.spawnError ?? new WorkerCrashedError(messages.exited(what, exit.code, exit.signal, [...this.stderrTail]), exit.code, exit.signal, [...this.stderrTail])
    for (const pending of [...this.pending.values()]) {
      this.settle(pending)
      pending.reporter?.done(false)
      pending.reject(error)
    }
  }
}
