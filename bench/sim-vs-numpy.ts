/**
 * The simulation kernel against a vectorised NumPy implementation of the same model, on the
 * same draws.
 *
 * Run: `node bench/run.mjs sim-vs-numpy [--draws N] [--numpy-draws N] [--repeats R] [--horizons 12,24,48,96]
 *       [--scenario FILE] [--seed S] [--memory 1e5,1e6,1e7] [--skip-numpy]`
 * (run.mjs compiles this file with tsc into dist/bench/ and runs it; NumPy: Debian python3-numpy
 * at /usr/bin/python3).
 *
 * 1. TypeScript end to end (`simulate`: sampling the inputs with the Philox streams, `fill`, the
 *    month loop, aggregation) with 1 and 2 worker threads: draws/s, median of the repeats.
 * 2. NumPy: TypeScript samples `--numpy-draws` draws and writes each draw's globals and
 *    coefficient blocks (the kernel's layout.ts) to a binary file; bench/sim_numpy.py reads
 *    them and runs the month loop and the same aggregation vectorised over each chunk of draws.
 *    Its time excludes sampling and `fill` (they happened in TypeScript), so the ratio is
 *    conservative for TypeScript. The same rows also go through the TypeScript month loop and
 *    aggregation alone (one thread): like for like. Both sides' histogram counts are hashed: the
 *    hashes must be equal (the two computed the same thing).
 * 3. Time per draw against horizon length (12, 24, 48, 96 months), TypeScript with 2 workers and
 *    NumPy.
 * 4. `--memory`: peak resident memory of a fresh process running 1e5, 1e6, 1e7 draws with 2 workers.
 */
import { spawnSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { linearRegression, linearRegressionLine, median, rSquared } from 'simple-statistics'
import {
  BAND_BINS,
  COEFF_SIZE,
  ChunkRunner,
  GLOBAL_SIZE,
  PAYBACK_BINS_PER_MONTH,
  Tally,
  TallyLayout,
  VALUE_BINS,
  addToChunkSums,
  createDrawBuffers,
  pointEvaluation,
  runMonthLoop,
  simulate,
  streamAt,
  type ModelSource,
  type SimulationModel,
} from '../kernel/sim/index.js'
import { packagePath } from '../kernel/paths.js'
import type { ScenarioInput } from '../src/scenario/schema.js'
import { loadScenarioInputFile, type ValidatedScenario } from '../src/scenario/validate.js'
import { compileScenario } from '../src/sim/compile.js'
import { scenarioModelSource } from '../src/sim/scenario-model.js'

const PYTHON = '/usr/bin/python3'
const CHUNK = 65536

interface Args {
  draws: number
  numpyDraws: number
  repeats: number
  horizons: number[]
  scenario: string
  seed: number
  memory: number[]
  skipNumpy: boolean
  memoryChild: number | undefined
}

function parse(argv: string[]): Args {
  const value = (name: string) => {
    const i = argv.indexOf(name)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const list = (text: string | undefined, fallback: number[]) => (text === undefined ? fallback : text.split(',').map(Number))
  return {
    draws: Number(value('--draws') ?? 2_000_000),
    numpyDraws: Number(value('--numpy-draws') ?? 200_000),
    repeats: Number(value('--repeats') ?? 5),
    horizons: list(value('--horizons'), [12, 24, 48, 96]),
    scenario: value('--scenario') ?? packagePath('data', 'scenarios', 'support-tickets-uncertain.json'),
    seed: Number(value('--seed') ?? 1),
    memory: list(value('--memory'), []),
    skipNumpy: argv.includes('--skip-numpy'),
    memoryChild: value('--memory-child') === undefined ? undefined : Number(value('--memory-child')),
  }
}

/** The scenario with another horizon, compiled, and its worker source. */
function modelAt(validated: ValidatedScenario, horizonMonths?: number): { model: SimulationModel; source: ModelSource } {
  const input: ScenarioInput = horizonMonths === undefined ? validated.input : { ...validated.input, task: { ...validated.input.task, horizonMonths } }
  return { model: compileScenario(input, validated.uncertain), source: scenarioModelSource({ input, uncertain: validated.uncertain }) }
}

async function timeSimulate(model: SimulationModel, source: ModelSource, draws: number, seed: number, workers: number, repeats: number): Promise<number[]> {
  const seconds: number[] = []
  for (let r = 0; r < repeats; r++) {
    const start = performance.now()
    await simulate(model, { draws, seed, workers, source })
    seconds.push((performance.now() - start) / 1000)
  }
  return seconds
}

/** Each draw's globals and coefficient blocks, sampled and filled exactly as the engine does. */
function drawRows(model: SimulationModel, draws: number, seed: number): Float64Array {
  const width = GLOBAL_SIZE + model.strategies.length * COEFF_SIZE
  const rows = new Float64Array(draws * width)
  const values = model.inputs.map(() => new Float64Array(CHUNK))
  const drawValues = new Float64Array(model.inputs.length)
  for (let start = 0; start < draws; start += CHUNK) {
    const length = Math.min(CHUNK, draws - start)
    model.inputs.forEach((input, j) => input.distribution.sampleInto(streamAt(seed, j, start), (values[j] as Float64Array).subarray(0, length)))
    for (let i = 0; i < length; i++) {
      for (let j = 0; j < drawValues.length; j++) drawValues[j] = (values[j] as Float64Array)[i] as number
      const at = (start + i) * width
      model.fill(drawValues, rows.subarray(at, at + GLOBAL_SIZE), rows.subarray(at + GLOBAL_SIZE, at + width))
    }
  }
  return rows
}

/** The month loop and aggregation alone over pre-filled rows, one thread (like NumPy's part). */
function kernelOnly(model: SimulationModel, rows: Float64Array, shifts: Float64Array): { seconds: number; tally: Tally } {
  const strategies = model.strategies.length
  const width = GLOBAL_SIZE + strategies * COEFF_SIZE
  const draws = rows.length / width
  const tally = new Tally(new TallyLayout(strategies, model.horizonMonths))
  const buffers = createDrawBuffers(strategies, model.horizonMonths)
  const start = performance.now()
  for (let chunk = 0; chunk < draws; chunk += CHUNK) {
    const sums = new Float64Array(tally.layout.sumsLength)
    for (let i = chunk; i < Math.min(draws, chunk + CHUNK); i++) {
      const at = i * width
      runMonthLoop(rows.subarray(at, at + GLOBAL_SIZE), rows.subarray(at + GLOBAL_SIZE, at + width), buffers)
      tally.add(buffers)
      addToChunkSums(sums, buffers, shifts)
    }
  }
  return { seconds: (performance.now() - start) / 1000, tally }
}

const sha256 = (array: ArrayBufferView) => createHash('sha256').update(Buffer.from(array.buffer, array.byteOffset, array.byteLength)).digest('hex')

interface NumpyRun {
  numpy: string
  seconds: number[]
  drawsPerSecond: number
  countsSha256: string
  extremesSha256: string
  means: number[]
}

/** NumPy on the same draws; checks that its counts equal the TypeScript kernel's. */
function numpyRun(model: SimulationModel, draws: number, seed: number, repeats: number) {
  const dir = mkdtempSync(join(tmpdir(), 'payback-bench-'))
  try {
    const rows = drawRows(model, draws, seed)
    const { shifts } = pointEvaluation(model)
    writeFileSync(join(dir, 'draws.f64'), new Uint8Array(rows.buffer))
    const meta = {
      draws,
      strategies: model.strategies.length,
      horizonMonths: model.horizonMonths,
      chunkSize: CHUNK,
      valueBins: VALUE_BINS,
      bandBins: BAND_BINS,
      paybackBinsPerMonth: PAYBACK_BINS_PER_MONTH,
      shifts: Array.from(shifts),
    }
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta))
    const script = packagePath('bench', 'sim_numpy.py')
    const run = spawnSync(PYTHON, [script, join(dir, 'meta.json'), join(dir, 'draws.f64'), String(repeats)], { encoding: 'utf8', maxBuffer: 1 << 26 })
    if (run.status !== 0) throw new Error(`sim_numpy.py failed: ${run.stderr}`)
    const numpy = JSON.parse(run.stdout) as NumpyRun
    // The TypeScript kernel on the same rows (one thread), repeated like NumPy.
    const kernelSeconds: number[] = []
    let tally: Tally | undefined
    for (let r = 0; r < repeats; r++) {
      const k = kernelOnly(model, rows, shifts)
      kernelSeconds.push(k.seconds)
      tally = k.tally
    }
    // The engine's own tally of the same draws (sampling included), for the hash check.
    const runner = new ChunkRunner(model, { seed, draws, chunkSize: CHUNK, shifts })
    for (let k = 0; k * CHUNK < draws; k++) runner.run(k)
    const cells = model.strategies.length * (model.horizonMonths + 1)
    const extremesUsed = 2 * model.strategies.length * 3 + 2 * cells
    return {
      numpy,
      kernelSeconds,
      sameCounts: numpy.countsSha256 === sha256(runner.tally.counts) && numpy.countsSha256 === sha256((tally as Tally).counts),
      sameExtremes: numpy.extremesSha256 === sha256(runner.tally.extremes.subarray(0, extremesUsed)),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Peak RSS of a fresh process running `draws` draws with 2 workers. */
function memoryRun(draws: number, scenario: string): Promise<{ draws: number; peakRssMB: number; peakHeapMB: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--memory-child', String(draws), '--scenario', scenario], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`memory child exited ${code}`))))
  })
}

async function memoryChild(draws: number, scenario: string): Promise<void> {
  const { model, source } = modelAt(loadScenarioInputFile(scenario))
  let peakRss = 0
  let peakHeap = 0
  const sample = () => {
    const m = process.memoryUsage()
    peakRss = Math.max(peakRss, m.rss)
    peakHeap = Math.max(peakHeap, m.heapUsed)
  }
  const timer = setInterval(sample, 20)
  const start = performance.now()
  await simulate(model, { draws, seed: 1, workers: 2, source, onProgress: sample })
  const seconds = (performance.now() - start) / 1000
  clearInterval(timer)
  sample()
  process.stdout.write(JSON.stringify({ draws, peakRssMB: peakRss / 2 ** 20, peakHeapMB: peakHeap / 2 ** 20, seconds }))
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2))
  if (args.memoryChild !== undefined) return memoryChild(args.memoryChild, args.scenario)
  const validated = loadScenarioInputFile(args.scenario)
  const { model, source } = modelAt(validated)
  const report: Record<string, unknown> = { scenario: args.scenario, inputs: model.inputs.length, strategies: model.strategies.length, horizonMonths: model.horizonMonths }
  console.log(`scenario ${args.scenario}: ${model.inputs.length} uncertain inputs, ${model.strategies.length} strategies, ${model.horizonMonths} months`)

  // 1. TypeScript end to end.
  const ts: Record<number, number> = {}
  for (const workers of [1, 2]) {
    const seconds = await timeSimulate(model, source, args.draws, args.seed, workers, args.repeats)
    ts[workers] = args.draws / median(seconds)
    console.log(`TypeScript, ${workers} worker${workers > 1 ? 's' : ''}: ${fmt(ts[workers] as number)} draws/s (median of ${args.repeats} x ${fmt(args.draws)} draws; seconds ${seconds.map((s) => s.toFixed(2)).join(' ')})`)
  }
  report.typescriptDrawsPerSecond = ts

  // 2. NumPy on the same draws.
  if (!args.skipNumpy) {
    const n = numpyRun(model, args.numpyDraws, args.seed, args.repeats)
    const kernel = args.numpyDraws / median(n.kernelSeconds)
    console.log(`NumPy ${n.numpy.numpy} (month loop + aggregation only, 1 process): ${fmt(n.numpy.drawsPerSecond)} draws/s (median of ${args.repeats} x ${fmt(args.numpyDraws)} draws)`)
    console.log(`TypeScript month loop + aggregation only, same rows, 1 thread: ${fmt(kernel)} draws/s`)
    console.log(`same histogram counts as NumPy: ${n.sameCounts}; same extremes: ${n.sameExtremes}`)
    console.log(
      `ratio TypeScript (2 workers, end to end) / NumPy: ${((ts[2] as number) / n.numpy.drawsPerSecond).toFixed(2)}; ` +
        `1 worker end to end: ${((ts[1] as number) / n.numpy.drawsPerSecond).toFixed(2)}; kernel only, 1 thread: ${(kernel / n.numpy.drawsPerSecond).toFixed(2)}`,
    )
    report.numpy = { version: n.numpy.numpy, drawsPerSecond: n.numpy.drawsPerSecond, seconds: n.numpy.seconds }
    report.typescriptKernelOnlyDrawsPerSecond = kernel
    report.sameCounts = n.sameCounts
    report.sameExtremes = n.sameExtremes
  }

  // 3. Horizon length: end to end (2 workers; sampling is a fixed cost per draw, so expect
  //    a + b x H), and the month loop + aggregation alone (1 thread, pre-filled rows), and NumPy.
  const horizonRows: { horizonMonths: number; typescriptMicrosPerDraw: number; kernelMicrosPerDraw: number | null; numpyMicrosPerDraw: number | null }[] = []
  for (const horizon of args.horizons) {
    const at = modelAt(validated, horizon)
    const draws = Math.max(65536, Math.round((args.draws * 24) / horizon))
    const seconds = await timeSimulate(at.model, at.source, draws, args.seed, 2, Math.max(3, args.repeats - 2))
    const tsMicros = (median(seconds) / draws) * 1e6
    let numpyMicros: number | null = null
    let kernelMicros: number | null = null
    if (!args.skipNumpy) {
      const rows = Math.max(20000, Math.round((args.numpyDraws * 24) / horizon / 2))
      const n = numpyRun(at.model, rows, args.seed, 3)
      numpyMicros = 1e6 / n.numpy.drawsPerSecond
      kernelMicros = (median(n.kernelSeconds) / rows) * 1e6
      if (!n.sameCounts) console.log(`  (horizon ${horizon}: NumPy's counts differ from TypeScript's)`)
    }
    horizonRows.push({ horizonMonths: horizon, typescriptMicrosPerDraw: tsMicros, kernelMicrosPerDraw: kernelMicros, numpyMicrosPerDraw: numpyMicros })
    console.log(
      `horizon ${horizon} months: TypeScript end to end (2 workers) ${tsMicros.toFixed(2)} us/draw` +
        (kernelMicros === null ? '' : `; month loop + aggregation (1 thread) ${kernelMicros.toFixed(2)} us/draw = ${(kernelMicros / horizon).toFixed(3)} us/draw-month`) +
        (numpyMicros === null ? '' : `; NumPy ${numpyMicros.toFixed(2)} us/draw`),
    )
  }
  const fit = (ys: (number | null)[]) => {
    const points = args.horizons.map((h, i) => [h, ys[i]] as const).filter((p): p is readonly [number, number] => p[1] !== null)
    if (points.length < 2) return null
    // Least squares of microseconds per draw on months, and its R².
    const data = points.map((p) => [p[0], p[1]])
    const { m: slope, b: intercept } = linearRegression(data)
    return { interceptMicros: intercept, microsPerMonth: slope, r2: rSquared(data, linearRegressionLine({ m: slope, b: intercept })) }
  }
  const fits = {
    typescript: fit(horizonRows.map((r) => r.typescriptMicrosPerDraw)),
    kernel: fit(horizonRows.map((r) => r.kernelMicrosPerDraw)),
    numpy: fit(horizonRows.map((r) => r.numpyMicrosPerDraw)),
  }
  for (const [name, f] of Object.entries(fits)) {
    if (f) console.log(`  linear fit, ${name}: ${f.interceptMicros.toFixed(2)} + ${f.microsPerMonth.toFixed(3)} x months us/draw (R^2 ${f.r2.toFixed(3)})`)
  }
  report.horizons = horizonRows
  report.horizonFits = fits

  // 4. Memory.
  const memory = []
  for (const draws of args.memory) {
    const m = await memoryRun(draws, args.scenario)
    memory.push(m)
    console.log(`memory, ${fmt(draws)} draws (2 workers, fresh process): peak RSS ${m.peakRssMB.toFixed(0)} MB, peak heap ${m.peakHeapMB.toFixed(0)} MB, ${m.seconds.toFixed(1)} s`)
  }
  if (memory.length > 0) report.memory = memory
  console.log(JSON.stringify(report))
}

await main()
