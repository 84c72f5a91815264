// `payback simulate`: in-process through runSimulate, and through the built `payback` command
// once src/cli/main.ts registers it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exitCodeFor, UsageError } from '../../src/cli/errors.js'
import { runSimulate } from '../../src/cli/simulate-command.js'
import { InputError } from '../../src/scenario/messages.js'
import { payback } from '../helpers/cli.js'
import { ROOT, defaultRaw } from '../helpers/scenario.js'

const tmp = mkdtempSync(join(tmpdir(), 'payback-simulate-'))
function scenarioFile(change: (raw: any) => void, raw: any = defaultRaw()): string {
  change(raw)
  const file = join(tmp, `s-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(file, JSON.stringify(raw))
  return file
}
const UNCERTAIN = join(ROOT, 'data', 'scenarios', 'support-tickets-uncertain.json')

async function simulateOut(args: string[]): Promise<string> {
  const lines: string[] = []
  await runSimulate(args, { out: (text) => lines.push(text), progress: { isTTY: false, write: () => true } as never })
  return lines.join('\n')
}

const BAD: [string, (raw: any) => void, string, RegExp][] = [
  ['a triangular with min > mode', (raw) => (raw.task.monthlyGrowth = { dist: 'triangular', min: 0.05, mode: 0.02, max: 0.08 }), '/task/monthlyGrowth', /min 0.05 > mode 0.02/],
  ['a lognormal with a negative sigma', (raw) => (raw.task.requestsPerMonth = { dist: 'lognormal', mu: 15, sigma: -0.5 }), '/task/requestsPerMonth', /sigma -0.5/],
]

describe('runSimulate(args) (payback simulate, in process)', () => {
  it('--json prints keyNumbers, the result and the tornado; the same for 1 and 2 workers', async () => {
    const args = ['--scenario', UNCERTAIN, '--draws', '3000', '--seed', '5', '--json']
    const one = await simulateOut([...args, '--workers', '1'])
    const two = await simulateOut([...args, '--workers', '2'])
    expect(two).toBe(one)
    const parsed = JSON.parse(one)
    expect(parsed.keyNumbers).toMatchObject({ draws: 3000, seed: 5, recommendation: 'distill', focus: 'distill' })
    expect(parsed.result.strategies.map((s: any) => s.id)).toEqual(['prompt', 'rag', 'finetune', 'distill', 'distill+rag'])
    expect(parsed.result.strategies[3].payback.byMonth).toHaveLength(parsed.result.horizonMonths + 1)
    expect(parsed.tornado.bars.length).toBe(parsed.result.inputs.length)
    const p = parsed.keyNumbers.paybackProbability
    expect(parsed.keyNumbers.paybackStandardError).toBeCloseTo(Math.sqrt((p * (1 - p)) / 3000), 15)
  })

  it('prints an aligned table, what it means, and the tornado without --json', async () => {
    const text = await simulateOut(['--scenario', UNCERTAIN, '--draws', '2000', '--workers', '1'])
    const lines = text.split('\n')
    const header = lines.find((l) => l.startsWith('strategy'))!
    expect(header).toMatch(/P\(cheapest\)/)
    const rule = lines[lines.indexOf(header) + 1]!
    expect(rule).toMatch(/^-+( +-+)+$/)
    expect(lines.find((l) => l.startsWith('distill *'))).toBeDefined()
    expect(text).toMatch(/distill pays back against prompting within 24 months in [\d.]+ % ± [\d.]+ % of draws/)
    expect(text).toMatch(/\/task\/requestsPerMonth +3,290,000 +6,980,000/)
  })

  it('uses the uncertain default scenario without --scenario', async () => {
    const parsed = JSON.parse(await simulateOut(['--draws', '500', '--workers', '1', '--json']))
    expect(parsed.keyNumbers.scenario).toBe(JSON.parse(readFileSync(UNCERTAIN, 'utf8')).name)
  })

  it('says every draw is the same for a scenario without distributions', async () => {
    const text = await simulateOut(['--scenario', join(ROOT, 'data', 'scenarios', 'support-tickets.json'), '--draws', '100', '--workers', '1'])
    expect(text).toMatch(/every draw is the same/i)
  })

  it.each([
    [['--draws', '0'], 'invalid --draws: "0" (must be >= 1)'],
    [['--draws', '1e12'], 'invalid --draws: "1e12" (must be <= 4294967295)'],
    [['--workers', '2.5'], 'invalid --workers: "2.5" (must be a whole number)'],
    [['--seed', 'x'], 'invalid --seed: "x" (must be a number)'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const error = await runSimulate(args as string[]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UsageError)
    expect((error as Error).message).toContain(message)
    expect(exitCodeFor(error)).toBe(2)
  })

  it.each(BAD)('%s is bad input (exit 2) naming the JSON path', async (_name, change, path, detail) => {
    const error = await runSimulate(['--scenario', scenarioFile(change), '--draws', '10']).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputError)
    expect(exitCodeFor(error)).toBe(2)
    expect((error as Error).message).toContain(path)
    expect((error as Error).message).toMatch(detail)
  })
})

describe('payback simulate (the built command)', () => {
  it('exits 0 with the same JSON for --workers 1 and 2', () => {
    const args = ['simulate', '--scenario', UNCERTAIN, '--draws', '2000', '--seed', '3', '--json']
    const one = payback([...args, '--workers', '1'])
    const two = payback([...args, '--workers', '2'])
    expect(one.code).toBe(0)
    expect(two.code).toBe(0)
    expect(two.stdout).toBe(one.stdout)
    // Not a terminal: no progress bar.
    expect(one.stderr).toBe('')
    expect(JSON.parse(one.stdout).keyNumbers.draws).toBe(2000)
  })

  it.each(BAD)('%s exits 2 with the JSON path in the message and no stack trace', (_name, change, path, detail) => {
    const { code, stderr } = payback(['simulate', '--scenario', scenarioFile(change), '--draws', '10'])
    expect(code).toBe(2)
    expect(stderr).toContain(path)
    expect(stderr).toMatch(detail)
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/)
  })

  it('a bad option exits 2', () => {
    const { code, stderr } = payback(['simulate', '--draws', '0'])
    expect(code).toBe(2)
    expect(stderr).toContain('invalid --draws: "0" (must be >= 1)')
  })
})
