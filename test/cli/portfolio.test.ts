// `payback decide --scenario PORTFOLIO`: the built CLI prints the per-task and the portfolio
// tables, --json carries the formulas, and a bad portfolio exits 2 naming the JSON path.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { payback } from '../helpers/cli.js'
import { defaultRaw } from '../helpers/scenario.js'

const tmp = mkdtempSync(join(tmpdir(), 'payback-portfolio-cli-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
const EXAMPLE = 'data/scenarios/portfolio-support.json'

describe('payback decide --scenario data/scenarios/portfolio-support.json', () => {
  it('prints each task\'s decision and the portfolio options', () => {
    const { code, stdout, stderr } = payback(['decide', '--scenario', EXAMPLE])
    expect(code, stderr).toBe(0)
    expect(stdout).toContain('payback portfolio: support inbox portfolio')
    expect(stdout).toContain('Does adapting each task pay?')
    expect(stdout).toMatch(/language detection .* prompt/)
    expect(stdout).toContain('Does the portfolio pay?')
    expect(stdout).toContain('adapters on one shared fleet (multi-LoRA) *')
    expect(stdout).toContain('month 1 GPU-hours by cause:')
    expect(stdout).toContain('Portfolio recommendation: adapters on one shared fleet (multi-LoRA) (shared-multi-lora)')
  })

  it('--json: every option with its months and formula, every task with its full decision, the fit with its sources', () => {
    const { code, stdout } = payback(['decide', '--scenario', EXAMPLE, '--json'])
    expect(code).toBe(0)
    const result = JSON.parse(stdout)
    expect(result.kind).toBe('portfolio')
    expect(result.options.map((o: any) => o.id)).toEqual(['prompt-all', 'own-deployments', 'shared-multi-lora', 'serverless-lora'])
    for (const option of result.options) {
      expect(option.formula.length).toBeGreaterThan(20)
      expect(option.months).toHaveLength(25)
    }
    expect(result.tasks[0].decision.strategies[3].breakdown.oneTime[0].formula).toBeTypeOf('string')
    expect(result.sharedFleet.shares.map((s: any) => s.name)).toEqual(['triage', 'PII tagging', 'reply drafting'])
    expect(result.multiLoraFit.rows.every((r: any) => r.url.startsWith('https://'))).toBe(true)
  })

  it('keeps the single-scenario path', () => {
    const { code, stdout } = payback(['decide', '--scenario', 'data/scenarios/support-tickets.json'])
    expect(code).toBe(0)
    expect(stdout.split('\n')[0]).toBe('payback: support-ticket triage')
  })
})

describe('a bad portfolio file exits 2 with the JSON path, the rule and the value', () => {
  const run = (raw: unknown, extra: string[] = []) => {
    const file = join(tmp, `p${Math.random().toString(36).slice(2)}.json`)
    writeFileSync(file, JSON.stringify(raw))
    return { file, ...payback(['decide', '--scenario', file, ...extra]) }
  }
  it('a task override out of range', () => {
    const { file, code, stderr } = run({ name: 'p', base: defaultRaw(), tasks: [{ name: 'a', task: { requestsPerMonth: -5 } }] })
    expect(code).toBe(2)
    expect(stderr.split('\n')[0]).toBe(`invalid ${file} at /tasks/0/task/requestsPerMonth: -5 (must be > 0)`)
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/)
  })
  it('an unknown field of the portfolio', () => {
    const { file, code, stderr } = run({ name: 'p', base: defaultRaw(), tasks: [{ name: 'a' }], fleet: 2 })
    expect(code).toBe(2)
    expect(stderr.split('\n')[0]).toBe(`invalid ${file} at /fleet: 2 (not a field of this object)`)
  })
  it('--measured with a portfolio', () => {
    const { code, stderr } = run({ name: 'p', base: defaultRaw(), tasks: [{ name: 'a' }] }, ['--measured', 'run.json'])
    expect(code).toBe(2)
    expect(stderr).toContain('invalid --measured: "run.json" (not supported with a portfolio file')
  })
})

describe('report and simulate refuse a portfolio file (decide takes it)', () => {
  it.each(['report', 'simulate'])('payback %s --scenario portfolio.json exits 2 and says where to go', (command) => {
    const { code, stderr } = payback([command, '--scenario', 'data/scenarios/portfolio-support.json'])
    expect(code).toBe(2)
    expect(stderr.split('\n')[0]).toBe('invalid --scenario: "data/scenarios/portfolio-support.json" (a portfolio file (a tasks array): payback decide takes it; this command takes a single scenario)')
  })
})
