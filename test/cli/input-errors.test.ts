// Issue 9: every user mistake on the command line or the file system exits 2 with the flag or
// path, the rule and the value, and no stack trace; nothing hangs. Each case spawns the built CLI.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DECIDE_COMMAND } from '../../src/cli/decide-command.js'
import { ESTIMATE_COMMAND } from '../../src/cli/estimate-command.js'
import { REPORT_COMMAND } from '../../src/cli/report-command.js'
import { SIMULATE_COMMAND } from '../../src/cli/simulate-command.js'
import { MAX_SCENARIO_BYTES, MAX_SCENARIO_DEPTH } from '../../src/scenario/validate.js'
import { payback } from '../helpers/cli.js'
import { defaultRaw } from '../helpers/scenario.js'

const tmp = mkdtempSync(join(tmpdir(), 'payback-errors-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/)

/** Runs the CLI, expects exit 2 with exactly `message` as the first line of stderr. */
function refused(args: string[], message: string) {
  const result = payback(args)
  expect(result.code, result.stderr).toBe(2)
  expect(result.stderr.split('\n')[0]).toBe(message)
  noStack(result.stderr)
  return result
}

describe('report --out: a file-system mistake exits 2 naming --out, the path and the rule; the table is still printed', () => {
  it('a path under a regular file (not the misleading EEXIST from mkdir)', () => {
    const file = join(tmp, 'a-file')
    writeFileSync(file, 'x')
    const out = join(file, 'reports', 'r.html')
    const { stdout } = refused(['report', '--out', out], `invalid --out: "${out}" (cannot write there: a folder on the path is a file)`)
    expect(stdout).toContain('Recommendation:')
    expect(stdout).not.toContain('Report:')
  })

  it('an existing directory', () => {
    const folder = join(tmp, 'a-folder')
    mkdirSync(folder)
    refused(['report', '--out', folder], `invalid --out: "${folder}" (cannot write there: it is a directory; give a file name)`)
    expect(readdirSync(folder)).toEqual([])
  })

  it('an empty --out', () => {
    refused(['report', '--out', ''], 'invalid --out: "" (must be a file name, not empty)')
  })

  // Tests run as root here, so a chmod'ed folder would be writable: /sys refuses root too
  // (EACCES on this machine; EROFS where /sys is mounted read-only, as in most containers).
  it.skipIf(!existsSync('/sys/kernel'))('a folder even root cannot write (/sys/kernel)', () => {
    const result = payback(['report', '--out', '/sys/kernel/payback-r.html'])
    expect(result.code, result.stderr).toBe(2)
    expect(result.stderr.split('\n')[0]).toMatch(/^invalid --out: "\/sys\/kernel\/payback-r\.html" \(cannot write there: (permission denied|the file system is read-only)\)$/)
    noStack(result.stderr)
  })

  it('--json: no JSON, the error alone', () => {
    const { stdout } = refused(['report', '--json', '--out', ''], 'invalid --out: "" (must be a file name, not empty)')
    expect(stdout).toBe('')
  })
})

describe('--scenario FILE: read with limits', () => {
  it('/dev/zero exits 2 at once instead of reading forever', () => {
    const started = performance.now()
    refused(['decide', '--scenario', '/dev/zero'], 'invalid /dev/zero at (root): "/dev/zero" (not a regular file but a character device; give a JSON file)')
    expect(performance.now() - started).toBeLessThan(10_000)
  })

  it('a FIFO with no writer and a directory exit 2', () => {
    const fifo = join(tmp, 'fifo.json')
    execFileSync('mkfifo', [fifo])
    refused(['decide', '--scenario', fifo], `invalid ${fifo} at (root): "${fifo}" (not a regular file but a FIFO (named pipe); give a JSON file)`)
    refused(['decide', '--scenario', tmp], `invalid ${tmp} at (root): "${tmp}" (not a regular file but a directory; give a JSON file)`)
  })

  it(`a file over ${MAX_SCENARIO_BYTES} bytes (10 MB)`, () => {
    const file = join(tmp, 'huge.json')
    writeFileSync(file, `${JSON.stringify(defaultRaw())}${' '.repeat(MAX_SCENARIO_BYTES)}`)
    refused(['decide', '--scenario', file], `invalid ${file} at (root): "${file}" (larger than the 10 MB limit for a scenario file)`)
  })

  it(`nesting deeper than ${MAX_SCENARIO_DEPTH} levels is refused before anything walks it (3,000 levels overflowed the stack)`, () => {
    const raw = defaultRaw()
    raw.notes = JSON.parse('['.repeat(3000) + ']'.repeat(3000))
    const file = join(tmp, 'deep.json')
    writeFileSync(file, JSON.stringify(raw))
    refused(['decide', '--scenario', file], `invalid ${file} at (root): "${file}" (nested 3001 levels deep; a scenario nests arrays and objects at most 64 levels deep)`)
  })

  it('a UTF-8 byte-order mark at the start is accepted', () => {
    const file = join(tmp, 'bom.json')
    writeFileSync(file, `\uFEFF${JSON.stringify(defaultRaw())}`)
    const result = payback(['decide', '--json', '--scenario', file])
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout).recommendation.id).toBe('distill')
  })

  it('a missing file names the path and the reason in words', () => {
    const file = join(tmp, 'nope.json')
    refused(['decide', '--scenario', file], `invalid ${file} at (root): "${file}" (cannot read the file: no such file or folder)`)
  })
})

describe('payback <command> --help prints the options of that command with their defaults and exits 0', () => {
  for (const command of [DECIDE_COMMAND, REPORT_COMMAND, ESTIMATE_COMMAND, SIMULATE_COMMAND]) {
    it(`${command.name} --help and -h`, () => {
      const long = payback([command.name, '--help'])
      expect(long.code, long.stderr).toBe(0)
      expect(long.stdout.split('\n')[0]).toBe(`payback ${command.name}: ${command.summary}`)
      // Every option of the table that parses them is in the help, with its default.
      for (const [name, spec] of Object.entries(command.options)) {
        const line = long.stdout.split('\n').find((l) => l.startsWith(`  --${name} `) || l === `  --${name}`)
        expect(line, name).toBeDefined()
        const shown = spec.default ?? spec.defaultNote
        if (shown !== undefined) expect(line).toContain(`(default: ${shown})`)
      }
      expect(payback([command.name, '-h']).stdout).toBe(long.stdout)
    })
  }

  it('the defaults shown are the ones used: simulate --help says 100000 draws, seed 0', () => {
    const { stdout } = payback(['simulate', '--help'])
    expect(stdout).toMatch(/--draws N +how many draws.*\(default: 100000\)/)
    expect(stdout).toMatch(/--seed S +.*\(default: 0\)/)
  })
})

describe('number flags and small ones', () => {
  it('--draws 0x10 (hex), 0b1, Infinity and 1e400 are refused; 1e3 is a decimal number', () => {
    refused(['simulate', '--draws', '0x10'], 'invalid --draws: "0x10" (must be written in decimal, e.g. 16 or 1e5)')
    refused(['simulate', '--draws', '0b1'], 'invalid --draws: "0b1" (must be written in decimal, e.g. 16 or 1e5)')
    refused(['simulate', '--draws', 'Infinity'], 'invalid --draws: "Infinity" (must be written in decimal, e.g. 16 or 1e5)')
    refused(['simulate', '--draws', '1e400'], 'invalid --draws: "1e400" (must be a finite number)')
    const ok = payback(['simulate', '--draws', '1e3', '--workers', '1', '--json'])
    expect(ok.code, ok.stderr).toBe(0)
    expect(JSON.parse(ok.stdout).keyNumbers.draws).toBe(1000)
  })

  it('the usage hint names the command', () => {
    const { stderr } = refused(['simulate', '--draws', '0x10'], 'invalid --draws: "0x10" (must be written in decimal, e.g. 16 or 1e5)')
    expect(stderr.split('\n')[1]).toBe('run `payback simulate --help` for usage')
  })

  it('--draws 1: standard errors print as n/a (they need 2 draws), never as 0', () => {
    const { code, stdout } = payback(['simulate', '--draws', '1', '--workers', '1'])
    expect(code).toBe(0)
    expect(stdout).toContain('Standard errors: n/a (needs 2 draws)')
    expect(stdout).toMatch(/100 % ± n\/a/)
    expect(stdout).not.toMatch(/± \$0\b|± 0 %/)
  })

  it('estimate --examples 0 (a $0 run) and --tokens 0 are refused', () => {
    refused(['estimate', '--examples', '0'], 'invalid --examples: "0" (must be >= 1)')
    refused(['estimate', '--tokens', '0'], 'invalid --tokens: "0" (must be >= 1)')
  })

  it('estimate --rank or --targets with --method full is a usage error, not silently ignored', () => {
    refused(['estimate', '--method', 'full', '--rank', '8'], 'invalid --rank: "8" (applies to --method lora or qlora only, not full)')
    refused(['estimate', '--method', 'full', '--targets', 'q_proj'], 'invalid --targets: "q_proj" (applies to --method lora or qlora only, not full)')
    refused(['estimate', '--method', 'lora', '--no-double-quant'], '--no-double-quant applies to --method qlora only, not lora')
  })

  it('estimate writes LoRA and QLoRA as their papers do', () => {
    expect(payback(['estimate', '--method', 'lora']).stdout).toMatch(/^method +LoRA r=16 on all-linear$/m)
    expect(payback(['estimate', '--method', 'qlora', '--rank', '64']).stdout).toMatch(/^method +QLoRA r=64 on all-linear$/m)
  })

  it('large valid volumes print in billions, not $83082.14M', () => {
    const raw = defaultRaw()
    raw.task.requestsPerMonth = 5e10
    const file = join(tmp, 'big.json')
    writeFileSync(file, JSON.stringify(raw))
    const { code, stdout } = payback(['decide', '--scenario', file])
    expect(code).toBe(0)
    // prompt: 5e10 requests x $0.002731 x 24 months x growth > $1e9
    expect(stdout).toMatch(/^prompt .* \$\d+\.\d\dB /m)
    expect(stdout).not.toMatch(/\$\d{4,}\.\d\dM/)
  })
})
