import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { payback } from '../helpers/cli.js'
import { defaultRaw } from '../helpers/scenario.js'

const tmp = mkdtempSync(join(tmpdir(), 'payback-cli-'))
function scenarioFile(change: (raw: any) => void): string {
  const raw = defaultRaw()
  change(raw)
  const file = join(tmp, `s-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(file, JSON.stringify(raw))
  return file
}
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/)

describe('payback decide', () => {
  it('prints the JSON contract with --json', () => {
    const { code, stdout } = payback(['decide', '--json'])
    expect(code).toBe(0)
    const result = JSON.parse(stdout)
    expect(result.scenario.name).toBe('support-ticket triage')
    expect(result.strategies.map((s: any) => s.id)).toEqual(['prompt', 'rag', 'finetune', 'distill', 'distill+rag'])
    for (const s of result.strategies) {
      for (const key of ['perRequestUSD', 'oneTimeUSD', 'monthlyFixedUSD', 'horizonTotalUSD', 'breakevenRequestsPerMonth', 'paybackMonths', 'breakdown']) {
        expect(s).toHaveProperty(key)
      }
    }
    expect(result.recommendation.id).toBe('distill')
    expect(result.recommendation.reasons.length).toBeGreaterThan(2)
    // prompt: 0.000855 + 0.00038 + 0.0006 + 0.000096 frontier + 0.0008 review
    expect(result.strategies[0].perRequestUSD).toBeCloseTo(0.002731, 12)
  })

  it('prints an aligned table without --json', () => {
    const { code, stdout } = payback(['decide'])
    expect(code).toBe(0)
    const lines = stdout.split('\n')
    const header = lines.find((l) => l.startsWith('strategy'))!
    const prompt = lines.find((l) => l.startsWith('prompt '))!
    expect(header).toContain('breakeven vs prompt')
    expect(prompt.length).toBeLessThanOrEqual(header.length)
    expect(header.indexOf('quality') + 'quality'.length).toBe(prompt.length)
    expect(stdout).toMatch(/Recommendation: .*\(distill\)/)
  })

  it('reads --scenario FILE', () => {
    const file = scenarioFile((raw) => (raw.task.requestsPerMonth = 100_000))
    const { code, stdout } = payback(['decide', '--json', '--scenario', file])
    expect(code).toBe(0)
    expect(JSON.parse(stdout).recommendation.id).toBe('prompt')
  })
})

describe('bad input exits 2 with the path, the rule and the value, and no stack trace', () => {
  const cases: [string, (raw: any) => void, string][] = [
    ['negative tokens', (raw) => (raw.task.inputTokens = -3), 'at /task/inputTokens: -3 (must be > 0)'],
    ['a pass rate above 1', (raw) => (raw.adaptation.teacherPassRate = 1.2), 'at /adaptation/teacherPassRate: 1.2 (must be <= 1)'],
    ['an unknown model id', (raw) => (raw.frontier.model = 'gpt-9'), 'at /frontier/model: "gpt-9" (unknown model for provider openai'],
    ['a GPU that cannot hold the model', (raw) => (raw.smallModel.hosting.architecture = 'llama-2-70b'), 'at /smallModel/hosting/gpu: "nvidia-l4" (the GPU cannot hold the model'],
  ]
  for (const [what, change, message] of cases) {
    it(what, () => {
      const file = scenarioFile(change)
      const { code, stderr, stdout } = payback(['decide', '--scenario', file])
      expect(code).toBe(2)
      expect(stdout).toBe('')
      expect(stderr).toContain(`invalid ${file} ${message}`)
      noStack(stderr)
    })
  }

  it('a file that is not JSON', () => {
    const file = join(tmp, 'broken.json')
    writeFileSync(file, '{"name": ')
    const { code, stderr } = payback(['decide', '--scenario', file])
    expect(code).toBe(2)
    expect(stderr).toMatch(/not valid JSON/)
    noStack(stderr)
  })

  it('a missing file, an unknown command and an unknown option', () => {
    expect(payback(['decide', '--scenario', join(tmp, 'nope.json')]).code).toBe(2)
    const unknown = payback(['frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('unknown command: "frobnicate"')
    expect(payback(['decide', '--colour']).code).toBe(2)
  })
})

describe('payback report', () => {
  it('writes a self-contained HTML report atomically and prints the decision', () => {
    const out = join(tmp, 'reports', 'r.html')
    const { code, stdout } = payback(['report', '--out', out])
    expect(code).toBe(0)
    expect(stdout).toContain('Recommendation:')
    expect(stdout).toContain(`Report: ${out}`)
    const html = readFileSync(out, 'utf8')
    expect(html.match(/data-payback-plotly-library/g)).toHaveLength(1)
    expect(html).not.toMatch(/<script[^>]+src=/)
    expect(html).toContain('inputs sha256')
    expect(readdirSync(join(tmp, 'reports'))).toEqual(['r.html'])
  })

  it('leaves no report, and no temp file, when the input is bad', () => {
    const dir = join(tmp, 'bad-reports')
    const file = scenarioFile((raw) => (raw.task.horizonMonths = 0))
    const { code } = payback(['report', '--scenario', file, '--out', join(dir, 'r.html')])
    expect(code).toBe(2)
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([])
  })
})

describe('payback estimate', () => {
  it('reproduces QLoRA: LLaMA-65B fits one 48 GB GPU, full 16-bit needs more than 780 GB', () => {
    const qlora = payback(['estimate', '--model', 'llama-65b', '--method', 'qlora', '--rank', '64', '--seq', '512', '--gpu', 'nvidia-rtx-a6000', '--json'])
    expect(qlora.code).toBe(0)
    const q = JSON.parse(qlora.stdout)
    expect(q.fitsGpu).toBe(true)
    expect(q.memory.totalBytes).toBeLessThan(48e9)
    const full = JSON.parse(payback(['estimate', '--model', 'llama-65b', '--method', 'full', '--json']).stdout)
    expect(full.memory.totalBytes).toBeGreaterThan(780e9)
    expect(full.fitsGpu).toBe(false)
  })

  it('prints a readable estimate with its formulas', () => {
    const { code, stdout } = payback(['estimate', '--model', 'qwen2.5-1.5b'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/trainable parameters/)
    expect(stdout).toMatch(/Formulas:/)
  })

  it('lists presets and GPUs', () => {
    const { stdout } = payback(['estimate', '--list'])
    expect(stdout).toContain('llama-65b')
    expect(stdout).toContain('nvidia-l4')
  })

  it('exits 2 on a bad rank, an unknown model or GPU', () => {
    for (const args of [['--rank', '0'], ['--model', 'llama-9b'], ['--gpu', 'tpu-v5'], ['--utilisation', '1.5']]) {
      const { code, stderr } = payback(['estimate', ...args])
      expect(code, args.join(' ')).toBe(2)
      expect(stderr).toMatch(/invalid/)
      noStack(stderr)
    }
  })
})
