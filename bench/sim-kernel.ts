/**
 * The simulation kernel's month loop + aggregation alone: the TypeScript per-draw path
 * (`runMonthLoop` + `Tally.add` + `addToChunkSums`, what ChunkRunner runs without WebAssembly)
 * against the WebAssembly kernel (`WasmChunkKernel`, the default), in pairs and one draw at a
 * time, on the same pre-filled globals and coefficient blocks, in one process, alternating them;
 * prints draws/s, medians of the repeats, the ratio, and checks the tallies and sums are
 * identical bit for bit.
 *
 * Run: `node bench/run.mjs sim-kernel [--draws N] [--repeats R] [--scenario FILE] [--only new]`
 * (default: 200,000 draws of data/scenarios/support-tickets-uncertain.json, 9 repeats; `--only new`
 * skips the TypeScript path, e.g. to profile the WebAssembly one).
 */
import { median } from 'simple-statistics'
import { COEFF_SIZE, GLOBAL_SIZE, Tally, TallyLayout, addToChunkSums, createDrawBuffers, pointEvaluation, runMonthLoop, streamAt, type SimulationModel } from '../kernel/sim/index.js'
import { packagePath } from '../kernel/paths.js'
import { createWasmChunkKernel } from '../kernel/sim/kernel-wasm/kernel-wasm.js'
import { loadScenarioInputFile } from '../src/scenario/validate.js'
import { compileScenario } from '../src/sim/compile.js'

const CHUNK = 16384

function argValue(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`)
  return at >= 0 && process.argv[at + 1] !== undefined ? (process.argv[at + 1] as string) : fallback
}

/** Every draw's globals and coefficient blocks, filled once (sampling and fill are not timed). */
function drawRows(model: SimulationModel, draws: number, seed: number): Float64Array {
  const strategies = model.strategies.length
  const width = GLOBAL_SIZE + strategies * COEFF_SIZE
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

interface Run {
  seconds: number
  tally: Tally
  sums: Float64Array[]
}

function runOld(model: SimulationModel, rows: Float64Array, shifts: Float64Array): Run {
  const strategies = model.strategies.length
  const width = GLOBAL_SIZE + strategies * COEFF_SIZE
  const draws = rows.length / width
  const layout = new TallyLayout(strategies, model.horizonMonths)
  const tally = new Tally(layout)
  const buffers = createDrawBuffers(strategies, model.horizonMonths)
  const globals = new Float64Array(GLOBAL_SIZE)
  const coeffs = new Float64Array(strategies * COEFF_SIZE)
  const all: Float64Array[] = []
  const start = performance.now()
  for (let chunk = 0; chunk < draws; chunk += CHUNK) {
    const sums = new Float64Array(layout.sumsLength)
    for (let i = chunk; i < Math.min(draws, chunk + CHUNK); i++) {
      const at = i * width
      // Copy like ChunkRunner's fill does (the kernel reads its own buffers).
      for (let k = 0; k < GLOBAL_SIZE; k++) globals[k] = rows[at + k] as number
      for (let k = 0; k < coeffs.length; k++) coeffs[k] = rows[at + GLOBAL_SIZE + k] as number
      runMonthLoop(globals, coeffs, buffers)
      tally.add(buffers)
      addToChunkSums(sums, buffers, shifts)
    }
    all.push(sums)
  }
  return { seconds: (performance.now() - start) / 1000, tally, sums: all }
}

/** The WebAssembly kernel: each row copied into globals and coefficients (as the others), then into the module's rows (as ChunkRunner does). */
function runWasm(model: SimulationModel, rows: Float64Array, shifts: Float64Array, pairs = true): Run {
  const strategies = model.strategies.length
  const width = GLOBAL_SIZE + strategies * COEFF_SIZE
  const draws = rows.length / width
  const layout = new TallyLayout(strategies, model.horizonMonths)
  const tally = new Tally(layout)
  const capacity = 256
  const kernel = createWasmChunkKernel(tally, capacity)
  if (kernel === null) throw new Error('no WebAssembly')
  kernel.usePairs(pairs)
  const globals = new Float64Array(GLOBAL_SIZE)
  const coeffs = new Float64Array(strategies * COEFF_SIZE)
  const all: Float64Array[] = []
  const start = performance.now()
  for (let chunk = 0; chunk < draws; chunk += CHUNK) {
    kernel.beginChunk(shifts)
    const end = Math.min(draws, chunk + CHUNK)
    for (let from = chunk; from < end; from += capacity) {
      const to = Math.min(end, from + capacity)
      for (let i = from; i < to; i++) {
        const at = i * width
        for (let k = 0; k < GLOBAL_SIZE; k++) globals[k] = rows[at + k] as number
        for (let k = 0; k < coeffs.length; k++) coeffs[k] = rows[at + GLOBAL_SIZE + k] as number
        kernel.setRow(i - from, globals, coeffs)
      }
      kernel.runRows(to - from)
    }
    all.push(kernel.endChunk())
  }
  return { seconds: (performance.now() - start) / 1000, tally, sums: all }
}

/** The copy of each draw's row into the kernel's buffers alone (what both paths spend outside the kernel). */
function runCopy(model: SimulationModel, rows: Float64Array): number {
  const strategies = model.strategies.length
  const width = GLOBAL_SIZE + strategies * COEFF_SIZE
  const draws = rows.length / width
  const globals = new Float64Array(GLOBAL_SIZE)
  const coeffs = new Float64Array(strategies * COEFF_SIZE)
  let check = 0
  const start = performance.now()
  for (let i = 0; i < draws; i++) {
    const at = i * width
    for (let k = 0; k < GLOBAL_SIZE; k++) globals[k] = rows[at + k] as number
    for (let k = 0; k < coeffs.length; k++) coeffs[k] = rows[at + GLOBAL_SIZE + k] as number
    check += (globals[0] as number) + (coeffs[0] as number)
  }
  const seconds = (performance.now() - start) / 1000
  if (Number.isNaN(check)) console.log('')
  return seconds
}

const bytes = (array: Uint32Array | Float64Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength)

function main(): void {
  const draws = Number(argValue('draws', '200000'))
  const repeats = Number(argValue('repeats', '9'))
  const only = argValue('only', '')
  const file = argValue('scenario', packagePath('data', 'scenarios', 'support-tickets-uncertain.json'))
  const validated = loadScenarioInputFile(file)
  const model = compileScenario(validated.input, validated.uncertain)
  const rows = drawRows(model, draws, 1)
  const { shifts } = pointEvaluation(model)
  const old: number[] = []
  const wasm: number[] = []
  const scalar: number[] = []
  const copy: number[] = []
  let identical = true
  const same = (a: Run, b: Run) =>
    Buffer.compare(bytes(a.tally.counts), bytes(b.tally.counts)) === 0 &&
    Buffer.compare(bytes(a.tally.extremes), bytes(b.tally.extremes)) === 0 &&
    a.sums.length === b.sums.length &&
    a.sums.every((sums, k) => Buffer.compare(bytes(sums), bytes(b.sums[k] as Float64Array)) === 0)
  for (let r = 0; r < repeats; r++) {
    const w = runWasm(model, rows, shifts)
    const w1 = runWasm(model, rows, shifts, false)
    scalar.push(draws / w1.seconds)
    wasm.push(draws / w.seconds)
    if (only !== 'new') {
      const a = runOld(model, rows, shifts)
      old.push(draws / a.seconds)
      identical &&= same(a, w) && same(a, w1)
    }
    copy.push(runCopy(model, rows) / draws)
  }
  const fmt = (x: number) => `${(x / 1e6).toFixed(3)} M draws/s`
  const list = (xs: number[]) => xs.map((x) => (x / 1e6).toFixed(2)).join(' ')
  console.log(`${model.strategies.length} strategies x ${model.horizonMonths} months, ${draws} draws, ${repeats} repeats (TypeScript, WebAssembly and its scalar variant alternating)`)
  console.log(`WebAssembly WasmChunkKernel:                     median ${fmt(median(wasm))}  [${list(wasm)}]`)
  console.log(`WebAssembly, one draw at a time (no SIMD pairs):  median ${fmt(median(scalar))}  [${list(scalar)}]`)
  if (old.length > 0) {
    console.log(`TypeScript (runMonthLoop + Tally.add + addToChunkSums): median ${fmt(median(old))}  [${list(old)}]`)
    // Without the row copy all paths include (a stand-in for fill): the kernel alone, per draw.
    const perDraw = (rate: number) => 1e6 / rate - median(copy) * 1e6
    console.log(
      `WebAssembly / TypeScript ${(median(wasm) / median(old)).toFixed(2)}x; identical bits: ${identical}; kernel alone (less the row copy, ${(median(copy) * 1e9).toFixed(0)} ns a draw): ` +
        `TypeScript ${(perDraw(median(old)) * 1000).toFixed(0)} ns, WebAssembly ${(perDraw(median(wasm)) * 1000).toFixed(0)} ns a draw`,
    )
  }
  if (!identical) process.exitCode = 1
}

main()
