/**
 * Progress of a worker request for people: a redrawn bar on a terminal, periodic plain lines
 * elsewhere (CI logs, notebook output), and a callback for notebooks that render their own view.
 *
 * @example
 * const lines: string[] = []
 * const reporter = createProgressReporter({ label: 'train', silent: true, onUpdate: (_event, line) => lines.push(line) })
 * // `worker.request('train', args, { onProgress: reporter.update })` feeds it events such as this one:
 * reporter.update({ id: 'r1', event: 'progress', phase: 'train', step: 50, total_steps: 200, loss: 0.5321, examples_per_s: 1234, tokens_per_s: 20100, memory_bytes: 188743680, elapsed_s: 2.31 })
 * reporter.done(true)
 * lines // => ['train 50/200 (25%) loss 0.5321 | 1234 ex/s | 20.1k tok/s | 180 MiB | 2.3 s']
 * // Without `silent` it prints them (a redrawn bar on a terminal). Or simply: worker.request('train', args, { progress: true })
 */
import type { CheckpointEvent, ProgressEvent } from './protocol-types.js'

/** Bytes in binary units: `formatBytes(1536) === '1.5 KiB'`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 ? value.toFixed(0) : value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`
}

/** A rate with k/M suffixes: `formatRate(20100) === '20.1k'`, `formatRate(950) === '950'`. */
export function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)}M`
  if (perSecond >= 1e4) return `${(perSecond / 1e3).toFixed(1)}k`
  return perSecond.toFixed(0)
}

/** A bar of `width` cells for `fraction` in [0, 1]: `progressBar(0.5, 4) === '██░░'`. */
export function progressBar(fraction: number, width: number): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0))
  const full = Math.round(clamped * width)
  return '█'.repeat(full) + '░'.repeat(width - full)
}

/**
 * One line describing a progress event.
 *
 * @example
 * progressLine({ id: 'r1', event: 'progress', phase: 'train', step: 50, total_steps: 200, loss: 0.5321, examples_per_s: 1234, tokens_per_s: 20100, memory_bytes: 188743680, elapsed_s: 2.31 })
 * // => 'train 50/200 (25%) loss 0.5321 | 1234 ex/s | 20.1k tok/s | 180 MiB | 2.3 s'
 * // 188,743,680 bytes / 2^20 = 180 MiB; 50 / 200 = 25 %
 */
export function progressLine(event: ProgressEvent, label: string = event.phase): string {
  const percent = event.total_steps > 0 ? Math.floor((100 * event.step) / event.total_steps) : 0
  const parts = [`${label} ${event.step}/${event.total_steps} (${percent}%)${event.loss === null ? '' : ` loss ${event.loss.toFixed(4)}`}`]
  parts.push(`${formatRate(event.examples_per_s)} ex/s`, `${formatRate(event.tokens_per_s)} tok/s`, formatBytes(event.memory_bytes), `${event.elapsed_s.toFixed(1)} s`)
  return parts.join(' | ')
}

/** Where and how to report. */
export interface ProgressReporterOptions {
  /** Output stream (default process.stderr); a TTY gets a redrawn bar, anything else lines. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  /** Name shown before the counts (default: the command). */
  label?: string
  /** Least milliseconds between two plain lines (default 5000); the first and last always print. */
  intervalMs?: number
  /** Called on every event with the event and its line: the hook for notebooks. */
  onUpdate?: (event: ProgressEvent, line: string) => void
  /** Print nothing (only call onUpdate). */
  silent?: boolean
}

/** A reporter: feed it events, then call done. */
export interface ProgressReporter {
  /** Shows a progress event. */
  update: (event: ProgressEvent) => void
  /** Notes a checkpoint (printed as its own line). */
  checkpoint: (event: CheckpointEvent) => void
  /** Ends the bar (a newline on a TTY); `ok` false marks it failed. */
  done: (ok: boolean) => void
}

/** A reporter writing to a terminal or a log per {@link ProgressReporterOptions}. */
export function createProgressReporter(options: ProgressReporterOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr
  const tty = Boolean(stream.isTTY) && !options.silent
  const intervalMs = options.intervalMs ?? 5000
  let lastPrinted = -Infinity
  let drawn = false
  let last: ProgressEvent | undefined
  const write = (text: string): void => {
    if (!options.silent) stream.write(text)
  }
  const update = (event: ProgressEvent): void => {
    last = event
    const line = progressLine(event, options.label ?? event.phase)
    options.onUpdate?.(event, line)
    if (tty) {
      const columns = stream.columns ?? 100
      const width = Math.max(10, Math.min(30, columns - line.length - 4))
      write(`\r${progressBar(event.step / Math.max(1, event.total_steps), width)} ${line}`.slice(0, columns + 1) + '\x1b[K')
      drawn = true
      return
    }
    const now = Date.now()
    if (now - lastPrinted >= intervalMs || event.step === event.total_steps) {
      write(line + '\n')
      lastPrinted = now
    }
  }
  return {
    update,
    checkpoint(event) {
      if (tty && drawn) write('\r\x1b[K')
      write(`${options.label ?? 'train'}: checkpoint at step ${event.step}: ${event.path}\n`)
      if (tty && last) update(last)
    },
    done(ok) {
      if (tty && drawn) write(ok ? '\n' : ' (failed)\n')
      drawn = false
    },
  }
}
