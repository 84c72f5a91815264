/**
 * The errors the LoRA client raises, and every message it builds (one module, as STYLE.md asks).
 *
 * - {@link WorkerError}: the worker answered `ok: false`; `code` is the protocol's error code
 *   (`invalid_args`, `cancelled`, `diverged`, ...), `details` its JSON details.
 * - {@link WorkerCrashedError}: the worker process is gone (exit code or signal, last stderr lines).
 * - {@link WorkerTimeoutError}: no answer in time; the client killed the worker.
 * - {@link ProtocolError}: a message that breaks the protocol schema, on either side.
 */
import type { ErrorInfo } from './protocol-types.js'

/** A failure the worker reported for one request. */
export class WorkerError extends Error {
  override readonly name = 'WorkerError'
  /** Protocol error code, e.g. `invalid_args`, `cancelled`, `cuda_unavailable`. */
  readonly code: ErrorInfo['code']
  /** JSON details from the worker (e.g. the traceback of an `internal` error). */
  readonly details: Record<string, unknown>
  /** The command that failed. */
  readonly command: string

  constructor(command: string, error: ErrorInfo) {
    super(`${command} failed (${error.code}): ${error.message}`)
    this.code = error.code
    this.details = error.details
    this.command = command
  }
}

/** The worker process exited or could not start. */
export class WorkerCrashedError extends Error {
  override readonly name = 'WorkerCrashedError'
  /** Exit status, or null when a signal ended it. */
  readonly exitCode: number | null
  /** Signal that ended it (e.g. `SIGKILL`), or null. */
  readonly signal: NodeJS.Signals | null
  /** The last lines the worker wrote on stderr. */
  readonly stderr: string[]

  constructor(message: string, exitCode: number | null, signal: NodeJS.Signals | null, stderr: string[]) {
    super(message)
    this.exitCode = exitCode
    this.signal = signal
    this.stderr = stderr
  }
}

/** A request got no answer in time; the worker was killed because its state is unknown. */
export class WorkerTimeoutError extends Error {
  override readonly name = 'WorkerTimeoutError'
  /** The limit that ran out, in milliseconds. */
  readonly timeoutMs: number
  /** Which limit: the whole request, silence from the worker, or start-up. */
  readonly kind: 'request' | 'idle' | 'start'

  constructor(message: string, timeoutMs: number, kind: 'request' | 'idle' | 'start') {
    super(message)
    this.timeoutMs = timeoutMs
    this.kind = kind
  }
}

/** A message (outgoing or incoming) that does not match the protocol schema. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError'
  /** JSON pointer of the bad value, when known. */
  readonly path: string | undefined

  constructor(message: string, path?: string) {
    super(message)
    this.path = path
  }
}

/** Messages, kept together. */
export const messages = {
  exited: (what: string, code: number | null, signal: NodeJS.Signals | null, stderr: string[]) =>
    `LoRA worker ${signal ? `was killed by ${signal}` : `exited with code ${code}`}${what ? ` while running ${what}` : ''}` +
    (stderr.length ? `; last stderr lines:\n${stderr.join('\n')}` : ' (no stderr output)'),
  notRunning: (command: string) => `cannot send ${command}: the LoRA worker is not running`,
  spawnFailed: (python: string, reason: string) =>
    `cannot start the LoRA worker with ${python}: ${reason} (run npm run setup, or set PAYBACK_PYTHON to a Python with torch)`,
  requestTimeout: (command: string, id: string, ms: number) =>
    `LoRA worker did not finish ${command} (request ${id}) within ${ms} ms; the worker was killed`,
  idleTimeout: (command: string, id: string, ms: number) =>
    `LoRA worker was silent for ${ms} ms while running ${command} (request ${id}): it seems to hang; the worker was killed`,
  startTimeout: (ms: number) => `LoRA worker did not answer info within ${ms} ms of starting; the worker was killed`,
  killedAfter: (reason: string) => `LoRA worker was killed: ${reason}`,
  notJson: (line: string) => `LoRA worker wrote a line that is not JSON: ${line.length > 200 ? line.slice(0, 200) + '...' : line}`,
  badMessage: (detail: string) => `LoRA worker sent a message that breaks the protocol: ${detail}`,
  badResult: (command: string, detail: string) => `LoRA worker sent an invalid ${command} result: ${detail}`,
  badArgs: (command: string, detail: string) => `invalid ${command} request: ${detail}`,
  unknownCommand: (command: string, known: readonly string[]) =>
    `unknown LoRA worker command: ${JSON.stringify(command)} (known: ${known.join(', ')})`,
  unknownId: (id: unknown) => `LoRA worker answered request ${JSON.stringify(id)}, which is not pending`,
  uncorrelated: (error: ErrorInfo) => `LoRA worker rejected a line it could not attribute (${error.code}): ${error.message}`,
  invalidOption: (name: string, value: unknown, rule: string) => `invalid ${name}: ${JSON.stringify(value)} (${rule})`,
}
