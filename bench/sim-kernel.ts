/**
 * The simulation kernel's month loop + aggregation alone, old (per-draw `runMonthLoop` +
 * `Tally.add` + `addToChunkSums`, copied below as they were before the fused kernel) against the
 * TypeScript `ChunkKernel` and the WebAssembly one (`WasmChunkKernel`, what ChunkRunner runs by
 * default), on the same pre-filled globals and coefficient blocks, in one process, alternating
 * them; prints draws/s, medians of the repeats, the ratios, and checks the tallies and sums are
 * identical bit for bit.
 *
 * Run: `node bench/run.mjs sim-kernel [--draws N] [--repeats R] [--scenario FILE] [--only new]`
 * (default: 200,000 draws of data/scenarios/support-tickets-uncertain.json, 9 repeats; `--only new`
 * skips the old path, e.g. to profile the new one).
 */
import { median } from 'simple-statistics'
import { ChunkKernel } from '../kernel/sim/aggregate.js'
import { BAND_BINS, COEFF, COEFF_SIZE, GLOBAL, GLOBAL_SIZE, PAYBACK_BINS_PER_MONTH, Tally, TallyLayout, VALUE_BINS, pointEvaluation, streamAt, type SimulationModel } from '../kernel/sim/index.js'
import { packagePath } from '../kernel/paths.js'
import { createWasmChunkKernel } from '../kernel/sim/kernel-wasm/kernel-wasm.js'
import { loadScenarioInputFile } from '../src/scenario/validate.js'
import { compileScenario } from '../src/sim/compile.js'

const CHUNK = 16384

interface RefBuffers {
  strategyCount: number
  horizonMonths: number
  requests: Float64Array
  priceFactor: Float64Array
  discountFactor: Float64Array
  discountRateOf: Float64Array
  cumulativeUSD: Float64Array
  horizonTotalUSD: Float64Array
  presentValueUSD: Float64Array
  paybackMonths: Float64Array
}

function refBuffers(strategyCount: number, horizonMonths: number): RefBuffers {
  const months = horizonMonths + 1
  return {
    strategyCount,
    horizonMonths,
    requests: new Float64Array(months),
    priceFactor: new Float64Array(months),
    discountFactor: new Float64Array(months),
    discountRateOf: new Float64Array([NaN]),
    cumulativeUSD: new Float64Array(strategyCount * months),
    horizonTotalUSD: new Float64Array(strategyCount),
    presentValueUSD: new Float64Array(strategyCount),
    paybackMonths: new Float64Array(strategyCount),
  }
}

function refMonthLoop(globals: Float64Array, coeffs: Float64Array, out: RefBuffers): void {
  const horizon = out.horizonMonths
  const strategies = out.strategyCount
  const requests = out.requests
  const priceFactor = out.priceFactor
  const discountFactor = out.discountFactor
  const cumulative = out.cumulativeUSD
  const growth = 1 + (globals[GLOBAL.MONTHLY_GROWTH] as number)
  const priceStep = 1 + (globals[GLOBAL.PRICE_CHANGE] as number)
  const annualRate = globals[GLOBAL.ANNUAL_DISCOUNT_RATE] as number
  if (!(annualRate === out.discountRateOf[0])) {
    const discountStep = 1 + (Math.pow(1 + annualRate, 1 / 12) - 1)
    let compounded = 1
    discountFactor[0] = 1
    for (let m = 1; m <= horizon; m++) {
      compounded *= discountStep
      discountFactor[m] = 1 / compounded
    }
    out.discountRateOf[0] = annualRate
  }
  let volume = globals[GLOBAL.FIRST_MONTH_REQUESTS] as number
  let price = 1
  for (let m = 1; m <= horizon; m++) {
    requests[m] = volume
    priceFactor[m] = price
    volume *= growth
    price *= priceStep
  }
  const row = horizon + 1
  for (let s = 0; s < strategies; s++) {
    const c = s * COEFF_SIZE
    const oneTime = coeffs[c + COEFF.ONE_TIME_USD] as number
    const fixed = coeffs[c + COEFF.FIXED_MONTHLY_USD] as number
    const other = coeffs[c + COEFF.PER_REQUEST_OTHER_USD] as number
    const frontier = coeffs[c + COEFF.PER_REQUEST_FRONTIER_USD] as number
    const drift = coeffs[c + COEFF.ESCALATION_DRIFT_USD] as number
    const driftCap = coeffs[c + COEFF.ESCALATION_DRIFT_CAP_USD] as number
    const retrainOther = coeffs[c + COEFF.RETRAIN_OTHER_USD] as number
    const retrainFrontier = coeffs[c + COEFF.RETRAIN_FRONTIER_USD] as number
    const perGpu = coeffs[c + COEFF.REQUESTS_PER_GPU_MONTH] as number
    const gpuMonth = coeffs[c + COEFF.GPU_MONTH_USD] as number
    const minReplicas = coeffs[c + COEFF.MIN_REPLICAS] as number
    const retrainEvery = coeffs[c + COEFF.RETRAIN_EVERY] as number
    const hosted = perGpu > 0
    const isBaseline = s === 0
    const at = s * row
    let total = oneTime
    let present = oneTime
    cumulative[at] = oneTime
    let payback = Infinity
    let savingsBefore = (cumulative[0] as number) - oneTime
    if (savingsBefore >= 0) payback = 0
    let searching = !isBaseline && payback !== 0
    let nextRetrain = retrainEvery > 0 ? retrainEvery + 1 : Infinity
    let age = 0
    for (let m = 1; m <= horizon; m++) {
      const p = priceFactor[m] as number
      const v = requests[m] as number
      let retraining = 0
      if (m === nextRetrain) {
        retraining = retrainOther + p * retrainFrontier
        age = 0
        nextRetrain += retrainEvery
      }
      const escalationDrift = drift * age
      const perRequest = other + p * (frontier + (escalationDrift < driftCap ? escalationDrift : driftCap))
      let hosting = 0
      if (hosted) {
        const gpus = Math.ceil((v / perGpu) * (1 - 1e-12))
        hosting = (gpus > minReplicas ? gpus : minReplicas) * gpuMonth
      }
      const month = v * perRequest + fixed + hosting + retraining
      total += month
      present += month * (discountFactor[m] as number)
      cumulative[at + m] = total
      age += 1
      if (searching) {
        const savings = (cumulative[m] as number) - total
        if (savings >= 0) {
          payback = m - 1 + -savingsBefore / (savings - savingsBefore)
          searching = false
        } else {
          savingsBefore = savings
        }
      }
    }
    out.horizonTotalUSD[s] = total
    out.presentValueUSD[s] = present
    out.paybackMonths[s] = isBaseline ? NaN : payback
  }
}

const METRIC_COUNT = 3
const refBitsF64 = new Float64Array(1)
const refBitsU32 = new Uint32Array(refBitsF64.buffer)
const REF_HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0

function refTallyAdd(layout: TallyLayout, counts: Uint32Array, extremes: Float64Array, draw: RefBuffers): void {
  const VALUE_LOW = 2 ** VALUE_BINS.minExponent
  const VALUE_SHIFT = 20 - VALUE_BINS.subBits
  const VALUE_BASE = (1023 + VALUE_BINS.minExponent) << VALUE_BINS.subBits
  const BAND_LOW = 2 ** BAND_BINS.minExponent
  const BAND_SHIFT = 20 - BAND_BINS.subBits
  const BAND_BASE = (1023 + BAND_BINS.minExponent) << BAND_BINS.subBits
  const bitsF64 = refBitsF64
  const bitsU32 = refBitsU32
  const HIGH_WORD = REF_HIGH_WORD
  const strategies = layout.strategyCount
  const totals = draw.horizonTotalUSD
  const presents = draw.presentValueUSD
  const metricCells = strategies * METRIC_COUNT
  const valueBins = layout.valueBins
  const perSign = (valueBins - 3) >> 1
  const basePresent = presents[0] as number
  for (let s = 0; s < strategies; s++) {
    const present = presents[s] as number
    for (let k = 0; k < METRIC_COUNT; k++) {
      const x = k === 0 ? (totals[s] as number) : k === 1 ? present : basePresent - present
      const cell = s * METRIC_COUNT + k
      let index = perSign + 1
      if (x >= VALUE_LOW) {
        bitsF64[0] = x
        const key = ((bitsU32[HIGH_WORD] as number) >>> VALUE_SHIFT) - VALUE_BASE
        index = key < perSign ? perSign + 2 + key : 2 * perSign + 2
      } else if (x <= -VALUE_LOW) {
        bitsF64[0] = -x
        const key = ((bitsU32[HIGH_WORD] as number) >>> VALUE_SHIFT) - VALUE_BASE
        index = key < perSign ? perSign - key : 0
      }
      const slot = cell * valueBins + index
      counts[slot] = (counts[slot] as number) + 1
      if (x < (extremes[cell] as number)) extremes[cell] = x
      if (x > (extremes[metricCells + cell] as number)) extremes[metricCells + cell] = x
    }
  }
  let cheapest = 0
  let lowest = totals[0] as number
  for (let s = 1; s < strategies; s++) {
    const total = totals[s] as number
    if (total < lowest) {
      lowest = total
      cheapest = s
    }
  }
  const cheapestSlot = layout.cheapestOffset + cheapest
  counts[cheapestSlot] = (counts[cheapestSlot] as number) + 1
  const cells = strategies * (layout.horizonMonths + 1)
  const paybackAt = 2 * metricCells + 2 * cells
  const paybackBins = layout.paybackBins
  for (let s = 1; s < strategies; s++) {
    const payback = draw.paybackMonths[s] as number
    let index = paybackBins - 1
    if (payback === 0) index = 0
    else if (payback !== Infinity) index = Math.ceil(payback * PAYBACK_BINS_PER_MONTH)
    const slot = layout.paybackOffset + s * paybackBins + index
    counts[slot] = (counts[slot] as number) + 1
    if (payback !== Infinity) {
      if (payback < (extremes[paybackAt + s] as number)) extremes[paybackAt + s] = payback
      if (payback > (extremes[paybackAt + strategies + s] as number)) extremes[paybackAt + strategies + s] = payback
    }
  }
  const cumulative = draw.cumulativeUSD
  const bandBins = layout.bandBins
  const bandPerSign = bandBins - 2
  const bandOffset = layout.bandOffset
  const minAt = 2 * metricCells
  const maxAt = minAt + cells
  for (let i = 0; i < cells; i++) {
    const x = cumulative[i] as number
    let index = 0
    if (x >= BAND_LOW) {
      bitsF64[0] = x
      const key = ((bitsU32[HIGH_WORD] as number) >>> BAND_SHIFT) - BAND_BASE
      index = key < bandPerSign ? key + 1 : bandPerSign + 1
    }
    const slot = bandOffset + i * bandBins + index
    counts[slot] = (counts[slot] as number) + 1
    if (x < (extremes[minAt + i] as number)) extremes[minAt + i] = x
    if (x > (extremes[maxAt + i] as number)) extremes[maxAt + i] = x
  }
}

function refAddToChunkSums(sums: Float64Array, draw: RefBuffers, shifts: Float64Array): void {
  const strategies = draw.strategyCount
  const cells = strategies * METRIC_COUNT
  const basePresent = draw.presentValueUSD[0] as number
  for (let s = 0; s < strategies; s++) {
    const present = draw.presentValueUSD[s] as number
    const at = s * METRIC_COUNT
    const d0 = (draw.horizonTotalUSD[s] as number) - (shifts[at] as number)
    const d1 = present - (shifts[at + 1] as number)
    const d2 = basePresent - present - (shifts[at + 2] as number)
    sums[at] = (sums[at] as number) + d0
    sums[at + 1] = (sums[at + 1] as number) + d1
    sums[at + 2] = (sums[at + 2] as number) + d2
    sums[cells + at] = (sums[cells + at] as number) + d0 * d0
    sums[cells + at + 1] = (sums[cells + at + 1] as number) + d1 * d1
    sums[cells + at + 2] = (sums[cells + at + 2] as number) + d2 * d2
  }
}


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
  const buffers = refBuffers(strategies, model.horizonMonths)
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
      refMonthLoop(globals, coeffs, buffers)
      refTallyAdd(layout, tally.counts, tally.extremes, buffers)
      refAddToChunkSums(sums, buffers, shifts)
    }
    all.push(sums)
  }
  return { seconds: (performance.now() - start) / 1000, tally, sums: all }
}

function runNew(model: SimulationModel, rows: Float64Array, shifts: Float64Array): Run {
  const strategies = model.strategies.length
  const width = GLOBAL_SIZE + strategies * COEFF_SIZE
  const draws = rows.length / width
  const layout = new TallyLayout(strategies, model.horizonMonths)
  const tally = new Tally(layout)
  const kernel = new ChunkKernel(tally)
  const globals = new Float64Array(GLOBAL_SIZE)
  const coeffs = new Float64Array(strategies * COEFF_SIZE)
  const all: Float64Array[] = []
  const start = performance.now()
  for (let chunk = 0; chunk < draws; chunk += CHUNK) {
    const sums = new Float64Array(layout.sumsLength)
    for (let i = chunk; i < Math.min(draws, chunk + CHUNK); i++) {
      const at = i * width
      for (let k = 0; k < GLOBAL_SIZE; k++) globals[k] = rows[at + k] as number
      for (let k = 0; k < coeffs.length; k++) coeffs[k] = rows[at + GLOBAL_SIZE + k] as number
      kernel.add(globals, coeffs, sums, shifts)
    }
    kernel.flush()
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
  const fresh: number[] = []
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
    const b = runNew(model, rows, shifts)
    const w = runWasm(model, rows, shifts)
    const w1 = runWasm(model, rows, shifts, false)
    scalar.push(draws / w1.seconds)
    const a = only === 'new' ? b : runOld(model, rows, shifts)
    old.push(draws / a.seconds)
    fresh.push(draws / b.seconds)
    wasm.push(draws / w.seconds)
    copy.push(runCopy(model, rows) / draws)
    identical &&= same(a, b) && same(a, w) && same(a, w1)
  }
  const fmt = (x: number) => `${(x / 1e6).toFixed(3)} M draws/s`
  const list = (xs: number[]) => xs.map((x) => (x / 1e6).toFixed(2)).join(' ')
  console.log(`${model.strategies.length} strategies x ${model.horizonMonths} months, ${draws} draws, ${repeats} repeats (old, TypeScript, WebAssembly and its scalar variant alternating)`)
  console.log(`old (runMonthLoop + Tally.add + addToChunkSums): median ${fmt(median(old))}  [${list(old)}]`)
  console.log(`TypeScript ChunkKernel:                          median ${fmt(median(fresh))}  [${list(fresh)}]`)
  console.log(`WebAssembly WasmChunkKernel:                     median ${fmt(median(wasm))}  [${list(wasm)}]`)
  console.log(`WebAssembly, one draw at a time (no SIMD pairs):  median ${fmt(median(scalar))}  [${list(scalar)}]`)
  console.log(`TypeScript / old ${(median(fresh) / median(old)).toFixed(2)}x; WebAssembly / TypeScript ${(median(wasm) / median(fresh)).toFixed(2)}x; identical bits: ${identical}`)
  // Without the row copy all paths include (a stand-in for fill): the kernel alone, per draw.
  const perDraw = (rate: number) => 1e6 / rate - median(copy) * 1e6
  const oldKernel = perDraw(median(old))
  const newKernel = perDraw(median(fresh))
  const wasmKernel = perDraw(median(wasm))
  console.log(
    `kernel alone (less the row copy, ${(median(copy) * 1e9).toFixed(0)} ns a draw): old ${(oldKernel * 1000).toFixed(0)} ns, TypeScript ${(newKernel * 1000).toFixed(0)} ns, WebAssembly ${(wasmKernel * 1000).toFixed(0)} ns a draw: WebAssembly / TypeScript ${(newKernel / wasmKernel).toFixed(2)}x`,
  )
  if (!identical) process.exitCode = 1
}

main()
