/**
 * `payback simulate` against NumPy at its best (bench/sim_numpy_best.py: sampling included,
 * float32, cache-sized chunks, bincount on precomputed bin indices, SFC64; see its header), side
 * by side in one command, interleaved round by round, medians of the rounds.
 *
 * Run: `node bench/run.mjs sim-vs-numpy [--rounds 5] [--draws 100000,1000000,10000000]
 *       [--horizons 12,24,48,96] [--horizon-draws 1000000] [--seed 1] [--scenario FILE]
 *       [--memory 1e5,1e6,1e7]`
 * (run.mjs compiles this file with tsc into dist/bench/ and runs it; it needs the build, `npm run
 * build`, for the CLI, and Debian's python3-numpy at /usr/bin/python3.)
 *
 * Measured, for 1 and 2 workers against NumPy as 1 and 2 processes:
 * - whole process: wall time of a fresh `node dist/src/cli/main.js simulate --json` (start-up,
 *   scenario validation, compile, workers, tornado, output) against a fresh `python3
 *   bench/sim_numpy_best.py` (interpreter, `import numpy`, work, exit), both timed from here;
 * - in process: `simulate()` called in this process on the compiled model (its worker threads
 *   start inside the call) against the script's own timer around its work (its forked processes
 *   and their merge inside it);
 * - start-up alone: both at 1,000 draws;
 * - time per draw against the horizon (12 to 96 months), 2 workers against 2 processes;
 * - the two agree: every strategy's mean horizon total and P(cheapest) within 4 standard errors
 *   (different random streams, the same distributions).
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { median } from 'simple-statistics'
import { simulate, type ModelSource, type SimulationModel } from '../kernel/sim/index.js'
import { philoxBackend } from '../kernel/sim/philox-fast.js'
import { packagePath } from '../kernel/paths.js'
import type { ScenarioInput } from '../src/scenario/schema.js'
import { loadScenarioInputFile, type ValidatedScenario } from '../src/scenario/validate.js'
import { compileScenario } from '../src/sim/compile.js'
import { scenarioModelSource } from '../src/sim/scenario-model.js'
import { numpyPeerMeta, runNumpyPeer, type NumpyPeerMeta, type NumpyPeerResult } from './numpy-peer.js'

interface Args {
  rounds: number
  draws: number[]
  horizons: number[]
  horizonDraws: number
  scenario: string
  seed: number
  memory: number[]
  memoryChild: number | undefined
}

function parse(argv: string[]): Args {
  const value = (name: string) => {
    const i = argv.indexOf(name)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const list = (text: string | undefined, fallback: number[]) => (text === undefined ? fallback : text.split(',').filter(Boolean).map(Number))
  return {
    rounds: Number(value('--rounds') ?? 5),
    draws: list(value('--draws'), [100_000, 1_000_000, 10_000_000]),
    horizons: list(value('--horizons'), [12, 24, 48, 96]),
    horizonDraws: Number(value('--horizon-draws') ?? 1_000_000),
    scenario: value('--scenario') ?? packagePath('data', 'scenarios', 'support-tickets-uncertain.json'),
    seed: Number(value('--seed') ?? 1),
    memory: list(value('--memory'), []),
    memoryChild: value('--memory-child') === undefined ? undefined : Number(value('--memory-child')),
  }
}

/** One horizon of the scenario: its model and worker source, a scenario file for the CLI, and NumPy's meta. */
interface Setup {
  horizonMonths: number
  model: SimulationModel
  source: ModelSource
  file: string
  meta: NumpyPeerMeta
}

function setupAt(validated: ValidatedScenario, raw: unknown, dir: string, horizonMonths?: number): Setup {
  const input: ScenarioInput = horizonMonths === undefined ? validated.input : { ...validated.input, task: { ...validated.input.task, horizonMonths } }
  const at: ValidatedScenario = { ...validated, input }
  const model = compileScenario(input, validated.uncertain)
  const source = scenarioModelSource({ input, uncertain: validated.uncertain })
  const file = join(dir, `scenario-${model.horizonMonths}.json`)
  const copy = structuredClone(raw) as { task: { horizonMonths: number }; $schema?: string }
  copy.task.horizonMonths = model.horizonMonths
  delete copy.$schema
  writeFileSync(file, JSON.stringify(copy))
  return { horizonMonths: model.horizonMonths, model, source, file, meta: numpyPeerMeta(at, model) }
}

interface TsStrategy {
  id: string
  horizonTotalUSD: { mean: number; standardError: number }
  cheapest: { probability: number; standardError: number }
}

/** A fresh `payback simulate` process, timed from here; its JSON's strategies for the agreement check. */
function tsWholeProcess(setup: Setup, draws: number, workers: number, seed: number): { seconds: number; strategies: TsStrategy[] } {
  const start = performance.now()
  const run = spawnSync(
    process.execPath,
    [packagePath('dist', 'src', 'cli', 'main.js'), 'simulate', '--scenario', setup.file, '--draws', String(draws), '--workers', String(workers), '--seed', String(seed), '--json'],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  )
  const seconds = (performance.now() - start) / 1000
  if (run.status !== 0) throw new Error(`payback simulate failed (${run.status}): ${run.stderr}`)
  return { seconds, strategies: (JSON.parse(run.stdout) as { result: { strategies: TsStrategy[] } }).result.strategies }
}

async function tsInProcess(setup: Setup, draws: number, workers: number, seed: number): Promise<number> {
  const start = performance.now()
  await simulate(setup.model, { draws, seed, workers, source: setup.source })
  return (performance.now() - start) / 1000
}

/** Medians of each variant's seconds over interleaved rounds. */
interface Row {
  draws: number
  horizonMonths: number
  tsWhole: Record<number, number[]>
  tsIn: Record<number, number[]>
  npWhole: Record<number, number[]>
  npIn: Record<number, number[]>
  ts2: TsStrategy[] | undefined
  np2: NumpyPeerResult | undefined
}

async function measure(setup: Setup, draws: number, rounds: number, seed: number, variants: number[], whole: boolean, log: (line: string) => void): Promise<Row> {
  const row: Row = { draws, horizonMonths: setup.horizonMonths, tsWhole: {}, tsIn: {}, npWhole: {}, npIn: {}, ts2: undefined, np2: undefined }
  for (const n of variants) {
    row.tsWhole[n] = []
    row.tsIn[n] = []
    row.npWhole[n] = []
    row.npIn[n] = []
  }
  for (let round = 0; round < rounds; round++) {
    for (const n of variants) {
      if (whole) {
        const ts = tsWholeProcess(setup, draws, n, seed + round)
        ;(row.tsWhole[n] as number[]).push(ts.seconds)
        if (n === 2) row.ts2 = ts.strategies
      }
      ;(row.tsIn[n] as number[]).push(await tsInProcess(setup, draws, n, seed + round))
      const np = runNumpyPeer({ meta: setup.meta, draws, processes: n, seed: seed + round })
      ;(row.npWhole[n] as number[]).push(np.wallSeconds)
      ;(row.npIn[n] as number[]).push(median(np.seconds))
      if (n === 2) row.np2 = np
    }
    log(`  round ${round + 1}/${rounds} done`)
  }
  return row
}

const rate = (draws: number, seconds: number[]) => draws / median(seconds)
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

/** Every strategy's mean horizon total and P(cheapest): the difference in standard errors of the difference. */
function agreement(ts: TsStrategy[], np: NumpyPeerResult): { worst: number; lines: string[] } {
  let worst = 0
  const lines: string[] = []
  for (const t of ts) {
    const p = np.strategies.find((s) => s.id === t.id)
    if (!p) continue
    const mean = (t.horizonTotalUSD.mean - p.horizonTotalUSD.mean) / Math.hypot(t.horizonTotalUSD.standardError, p.horizonTotalUSD.standardError)
    const pc = np.draws
    const seP = Math.sqrt((p.cheapest * (1 - p.cheapest)) / pc)
    const seCheapest = Math.hypot(t.cheapest.standardError, seP)
    const cheapest = seCheapest > 0 ? (t.cheapest.probability - p.cheapest) / seCheapest : 0
    worst = Math.max(worst, Math.abs(mean), Math.abs(cheapest))
    lines.push(`${t.id}: mean horizon total ${mean.toFixed(2)} SE, P(cheapest) ${cheapest.toFixed(2)} SE`)
  }
  return { worst, lines }
}

/** Peak RSS of a fresh process running `draws` draws with 2 workers. */
function memoryRun(draws: number, scenario: string): Promise<{ draws: number; peakRssMB: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--memory-child', String(draws), '--scenario', scenario], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`memory child exited ${code}`))))
  })
}

async function memoryChild(draws: number, scenario: string): Promise<void> {
  const validated = loadScenarioInputFile(scenario)
  const model = compileScenario(validated.input, validated.uncertain)
  let peak = 0
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss))
  const timer = setInterval(sample, 20)
  const start = performance.now()
  await simulate(model, { draws, seed: 1, workers: 2, source: scenarioModelSource(validated), onProgress: sample })
  const seconds = (performance.now() - start) / 1000
  clearInterval(timer)
  sample()
  process.stdout.write(JSON.stringify({ draws, peakRssMB: peak / 2 ** 20, seconds }))
}

function git(args: string[]): string {
  const run = spawnSync('git', args, { cwd: packagePath(), encoding: 'utf8' })
  return run.status === 0 ? run.stdout.trim() : 'unknown'
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2))
  if (args.memoryChild !== undefined) return memoryChild(args.memoryChild, args.scenario)
  const log = (line: string) => process.stderr.write(`${line}\n`)
  const validated = loadScenarioInputFile(args.scenario)
  const raw: unknown = JSON.parse((await import('node:fs')).readFileSync(args.scenario, 'utf8'))
  const dir = mkdtempSync(join(tmpdir(), 'payback-sim-vs-numpy-'))
  const report: Record<string, unknown> = {}
  try {
    const base = setupAt(validated, raw, dir)
    const probe = runNumpyPeer({ meta: base.meta, draws: 1000 })
    const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.versions.node} (V8 ${process.versions.v8}), Philox ${philoxBackend()}; Python ${probe.python}, NumPy ${probe.numpy}; payback ${git(['rev-parse', '--short', 'HEAD'])}`
    console.log(`machine: ${machine}`)
    console.log(`scenario: ${args.scenario}: ${base.model.inputs.length} uncertain inputs, ${base.model.strategies.length} strategies, ${base.model.horizonMonths} months`)
    console.log(`NumPy's formulas checked against the kernel's fill at ${base.meta.check.points} points: ${base.meta.check.maxRelativeError.toExponential(1)} relative at worst`)
    report.machine = machine

    // Start-up: both at 1,000 draws, whole process, one worker / process.
    const startTs: number[] = []
    const startNp: number[] = []
    for (let round = 0; round < args.rounds; round++) {
      startTs.push(tsWholeProcess(base, 1000, 1, args.seed).seconds)
      startNp.push(runNumpyPeer({ meta: base.meta, draws: 1000, seed: args.seed }).wallSeconds)
    }
    console.log(`\nstart-up, whole process at 1,000 draws (median of ${args.rounds}): payback simulate ${(median(startTs) * 1000).toFixed(0)} ms; NumPy ${(median(startNp) * 1000).toFixed(0)} ms`)
    report.startupSeconds = { typescript: median(startTs), numpy: median(startNp) }

    // Throughput by draws.
    console.log('\n| draws | | TS 1 worker | TS 2 workers | NumPy 1 process | NumPy 2 processes | TS/NumPy, 2 vs 2 |')
    console.log('|---|---|---|---|---|---|---|')
    const rows: unknown[] = []
    for (const draws of args.draws) {
      log(`${fmt(draws)} draws...`)
      const rounds = draws >= 5_000_000 ? Math.min(3, args.rounds) : args.rounds
      const row = await measure(base, draws, rounds, args.seed, [1, 2], true, log)
      for (const [label, ts, np] of [
        ['whole process', row.tsWhole, row.npWhole],
        ['in process', row.tsIn, row.npIn],
      ] as const) {
        const cells = [rate(draws, ts[1] as number[]), rate(draws, ts[2] as number[]), rate(draws, np[1] as number[]), rate(draws, np[2] as number[])]
        console.log(`| ${fmt(draws)} | ${label} | ${cells.map(fmt).join(' | ')} | ${((cells[1] as number) / (cells[3] as number)).toFixed(2)} |`)
      }
      const agree = row.ts2 && row.np2 ? agreement(row.ts2, row.np2) : undefined
      if (agree) log(`  TypeScript and NumPy agree within ${agree.worst.toFixed(2)} standard errors (${agree.lines.join('; ')})`)
      rows.push({ draws, rounds, seconds: { tsWhole: row.tsWhole, tsIn: row.tsIn, npWhole: row.npWhole, npIn: row.npIn }, agreementWorstSE: agree?.worst })
    }
    report.throughput = rows

    // Horizon: 2 workers against 2 processes, in process and whole process.
    console.log(`\n| months | TS 2 workers, µs/draw (whole / in process) | NumPy 2 processes, µs/draw (whole / in process) |`)
    console.log('|---|---|---|')
    const horizons: unknown[] = []
    for (const months of args.horizons) {
      log(`horizon ${months} months...`)
      const setup = months === base.horizonMonths ? base : setupAt(validated, raw, dir, months)
      const row = await measure(setup, args.horizonDraws, Math.min(3, args.rounds), args.seed, [2], true, log)
      const us = (seconds: number[]) => (median(seconds) / args.horizonDraws) * 1e6
      const cells = [us(row.tsWhole[2] as number[]), us(row.tsIn[2] as number[]), us(row.npWhole[2] as number[]), us(row.npIn[2] as number[])]
      console.log(`| ${months} | ${cells[0]?.toFixed(2)} / ${cells[1]?.toFixed(2)} | ${cells[2]?.toFixed(2)} / ${cells[3]?.toFixed(2)} |`)
      horizons.push({ months, microsPerDraw: { tsWhole: cells[0], tsIn: cells[1], npWhole: cells[2], npIn: cells[3] } })
    }
    report.horizons = horizons

    const memory = []
    for (const draws of args.memory) {
      const m = await memoryRun(draws, args.scenario)
      memory.push(m)
      console.log(`memory, ${fmt(draws)} draws (2 workers, fresh process): peak RSS ${m.peakRssMB.toFixed(0)} MB, ${m.seconds.toFixed(1)} s`)
    }
    if (memory.length > 0) report.memory = memory
    console.log(JSON.stringify(report))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
