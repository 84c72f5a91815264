// Progress formatting (pure functions, values worked by hand) and the reporter on a terminal and
// in a log.
import { describe, expect, it } from 'vitest'
import { createProgressReporter, formatBytes, formatRate, progressBar, progressLine } from '../../kernel/lora/index.js'
import type { ProgressEvent } from '../../kernel/lora/protocol-types.js'

const event = (step: number, overrides: Partial<ProgressEvent> = {}): ProgressEvent => ({
  id: 'r1',
  event: 'progress',
  phase: 'train',
  step,
  total_steps: 200,
  loss: 0.53214,
  examples_per_s: 1234.4,
  tokens_per_s: 20100,
  memory_bytes: 180 * 1024 * 1024,
  elapsed_s: 2.31,
  ...overrides,
})

/** A stream that records what is written. */
function recorder(isTTY: boolean): { stream: NodeJS.WritableStream & { isTTY: boolean; columns: number }; text: () => string } {
  const chunks: string[] = []
  const stream = { isTTY, columns: 120, write: (chunk: string) => chunks.push(chunk) > 0 } as unknown as NodeJS.WritableStream & { isTTY: boolean; columns: number }
  return { stream, text: () => chunks.join('') }
}

describe('formatBytes(bytes), formatRate(perSecond), progressBar(fraction, width)', () => {
  it('formats with binary units and k/M suffixes', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.5 KiB') // 1536 / 1024
    expect(formatBytes(180 * 1024 * 1024)).toBe('180 MiB')
    expect(formatRate(950)).toBe('950')
    expect(formatRate(20100)).toBe('20.1k')
    expect(formatRate(2_500_000)).toBe('2.5M')
  })

  it('fills round(fraction * width) cells and clamps to [0, 1]', () => {
    expect(progressBar(0.5, 4)).toBe('██░░')
    expect(progressBar(0.26, 10)).toBe('███░░░░░░░') // round(2.6) = 3
    expect(progressBar(2, 3)).toBe('███')
    expect(progressBar(Number.NaN, 3)).toBe('░░░')
  })
})

describe('progressLine(event, label)', () => {
  it('shows step, percent, loss, rates, memory and time', () => {
    expect(progressLine(event(50))).toBe('train 50/200 (25%) loss 0.5321 | 1234 ex/s | 20.1k tok/s | 180 MiB | 2.3 s')
  })

  it('leaves out the loss outside training', () => {
    expect(progressLine(event(3, { phase: 'predict', total_steps: 8, loss: null }), 'predict')).toBe(
      'predict 3/8 (37%) | 1234 ex/s | 20.1k tok/s | 180 MiB | 2.3 s',
    )
  })
})

describe('createProgressReporter(options)', () => {
  it('redraws one bar on a terminal and ends it with a newline', () => {
    const { stream, text } = recorder(true)
    const reporter = createProgressReporter({ stream, label: 'train' })
    reporter.update(event(100))
    reporter.update(event(200))
    reporter.done(true)
    const output = text()
    expect(output.split('\r')).toHaveLength(3)
    expect(output).toContain('train 200/200 (100%)')
    expect(output.endsWith('\n')).toBe(true)
    expect(output.split('\n')).toHaveLength(2)
  })

  it('prints plain lines at most every intervalMs elsewhere, always the last one', () => {
    const { stream, text } = recorder(false)
    const reporter = createProgressReporter({ stream, intervalMs: 60_000 })
    for (const step of [20, 40, 60, 200]) reporter.update(event(step))
    reporter.done(true)
    expect(text().trim().split('\n').map((line) => line.split(' ')[1])).toEqual(['20/200', '200/200'])
  })

  it('calls onUpdate on every event (the notebook hook), even when silent', () => {
    const { stream, text } = recorder(false)
    const seen: string[] = []
    const reporter = createProgressReporter({ stream, silent: true, onUpdate: (e, line) => seen.push(`${e.step}:${line.slice(0, 12)}`) })
    reporter.update(event(20))
    reporter.update(event(40))
    expect(seen).toEqual(['20:train 20/200', '40:train 40/200'])
    expect(text()).toBe('')
  })
})
