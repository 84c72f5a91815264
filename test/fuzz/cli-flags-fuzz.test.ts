// A fuzz campaign over the CLI's flags: each numeric flag of estimate and simulate with bad and
// extreme values (a seeded sample of flag x value, plus random strings). Each run exits 0 or 2
// (never 1), prints no stack trace, prints no Infinity or NaN on success, and finishes in time.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { payback } from '../helpers/cli.js'

const ESTIMATE_FLAGS = ['--layers', '--hidden', '--intermediate', '--heads', '--kv-heads', '--vocab', '--rank', '--seq', '--batch', '--tokens', '--examples', '--tokens-per-example', '--epochs', '--gpus', '--utilisation', '--gpu-hour-usd']
const SIMULATE_FLAGS = ['--draws', '--seed', '--workers']
const VALUES = ['0', '-1', '1.5', '1e9', '1e300', '1e15', 'NaN', 'Infinity', '0x10', '', 'abc', '1_000', ' 7', '-0']

function check(args: string[]): void {
  const r = payback(args)
  const what = `payback ${args.join(' ')}: exit ${r.code}\n${r.stderr}`
  expect([0, 2], what).toContain(r.code)
  expect(r.stderr, what).not.toMatch(/\n\s+at /)
  if (r.code === 0) expect(r.stdout, what).not.toMatch(/Infinity|NaN/)
}

describe('CLI flag fuzz (a seeded sample through the built command)', () => {
  it('estimate: a bad or extreme value in one numeric flag exits 0 or 2, never 1', () => {
    const sample = fc.sample(fc.tuple(fc.constantFrom(...ESTIMATE_FLAGS), fc.constantFrom(...VALUES)), { seed: 11, numRuns: 16 })
    for (const [flag, value] of sample) check(['estimate', '--model', 'qwen2.5-1.5b', '--method', 'lora', flag, value])
  }, 120_000)

  it('simulate: bad draws, seed and workers exit 0 or 2, never 1', () => {
    const sample = fc.sample(fc.tuple(fc.constantFrom(...SIMULATE_FLAGS), fc.constantFrom(...VALUES)), { seed: 12, numRuns: 8 })
    for (const [flag, value] of sample) check(['simulate', '--draws', '2000', flag, value, '--json'])
  }, 120_000)

  it('random strings as flag values and as unknown flags exit 2', () => {
    const sample = fc.sample(fc.tuple(fc.constantFrom('decide', 'report', 'estimate', 'simulate'), fc.string({ maxLength: 12 })), { seed: 13, numRuns: 8 })
    for (const [command, text] of sample) check([command, `--no-such-flag-${text.replace(/[^a-z]/gi, '')}`, text])
  }, 120_000)
})
