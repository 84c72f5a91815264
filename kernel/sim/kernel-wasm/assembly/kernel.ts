// AssemblyScript source of the simulation's chunk kernel in WebAssembly (not plain TypeScript: tsc
// skips this folder, see tsconfig.json). `node scripts/build-wasm.mjs` compiles it into
// ../kernel-wasm-bytes.ts; kernel/sim/kernel-wasm/kernel-wasm.ts drives it.
//
// The same work as `ChunkKernel` (kernel/sim/aggregate.ts), the same expressions in the same
// order, so the counts, extremes and chunk sums are the same bits:
// - `runRows(n)` runs the month loop of n draws whose rows are at `rowsAt()` (per draw:
//   GLOBAL_SIZE globals, then strategies x COEFF_SIZE coefficients, as layout.ts), where the
//   global ANNUAL_DISCOUNT_RATE is replaced by the monthly discount step
//   `1 + (Math.pow(1 + r, 1 / 12) - 1)` computed by the caller (V8's Math.pow; the factors
//   `1 / step^m` are computed here by the same multiplications and divisions as ChunkKernel);
//   value bins, payback bins, "cheapest" and the chunk sums are counted per draw, in draw order;
//   the cumulative costs go to a pending block, binned cell by cell by `flush` (each cell's draws
//   in draw order, the exact min and max compared value by value as Tally.add compares them);
// - `flush()` at the end of a chunk.
// Counts (u32), extremes and chunk sums (f64) live in this module's memory with the layout of
// TallyLayout; the caller copies them in and out. No allocation (runtime stub).

/** Global values and coefficients per draw (layout.ts). */
const GLOBAL_SIZE: i32 = 4
const COEFF_SIZE: i32 = 12
const METRIC_COUNT: i32 = 3

// Bin layouts: VALUE_BINS (8 sub-bits) and BAND_BINS (7 sub-bits) over [2^-10, 2^50).
const VALUE_SHIFT: u32 = 20 - 8
const VALUE_BASE: i32 = (1023 - 10) << 8
const BAND_SHIFT: u32 = 20 - 7
const BAND_BASE: i32 = (1023 - 10) << 7
const LOW: f64 = 0.0009765625 // 2^-10
const PAYBACK_BINS_PER_MONTH: f64 = 4

let strategies: i32 = 0
let horizon: i32 = 0
let cells: i32 = 0
let rowWidth: i32 = 0
let valueBins: i32 = 0
let bandBins: i32 = 0
let paybackBins: i32 = 0
let bandOffset: i32 = 0
let paybackOffset: i32 = 0
let cheapestOffset: i32 = 0
/** Draws per pending block of band values, and how many it holds now. */
let block: i32 = 0
let pending: i32 = 0
let lastStep: f64 = NaN

let countsPtr: usize = 0
let extremesPtr: usize = 0
let sumsPtr: usize = 0
let shiftsPtr: usize = 0
let rowsPtr: usize = 0
let pendingPtr: usize = 0
let basePtr: usize = 0
let discountPtr: usize = 0

@inline function align(at: usize): usize {
  return (at + 63) & ~(<usize>63)
}

/**
 * Lays out the memory for one tally layout and grows it: counts, extremes, sums, shifts, rows of
 * `rowCapacity` draws, the pending band block, the baseline row and the discount factors.
 * Returns the bytes used, or 0 when the memory could not grow.
 */
export function init(
  strategyCount: i32,
  horizonMonths: i32,
  valueBinCount: i32,
  bandBinCount: i32,
  paybackBinCount: i32,
  bandAt: i32,
  paybackAt: i32,
  cheapestAt: i32,
  countsLength: i32,
  extremesLength: i32,
  sumsLength: i32,
  rowCapacity: i32,
  blockDraws: i32,
): usize {
  strategies = strategyCount
  horizon = horizonMonths
  cells = strategyCount * (horizonMonths + 1)
  rowWidth = GLOBAL_SIZE + strategyCount * COEFF_SIZE
  valueBins = valueBinCount
  bandBins = bandBinCount
  paybackBins = paybackBinCount
  bandOffset = bandAt
  paybackOffset = paybackAt
  cheapestOffset = cheapestAt
  block = blockDraws
  pending = 0
  lastStep = NaN
  let at = align(__heap_base)
  countsPtr = at
  at = align(at + (<usize>countsLength << 2))
  extremesPtr = at
  at = align(at + (<usize>extremesLength << 3))
  sumsPtr = at
  at = align(at + (<usize>sumsLength << 3))
  shiftsPtr = at
  at = align(at + (<usize>sumsLength << 3))
  rowsPtr = at
  at = align(at + (<usize>(rowCapacity * rowWidth) << 3))
  pendingPtr = at
  at = align(at + (<usize>(cells * blockDraws) << 3))
  basePtr = at
  at = align(at + (<usize>(horizonMonths + 1) << 3))
  discountPtr = at
  at = align(at + (<usize>(horizonMonths + 1) << 3))
  const pages = <i32>((at + 0xffff) >> 16)
  const have = memory.size()
  if (pages > have && memory.grow(pages - have) < 0) return 0
  return at
}

export function countsAt(): usize {
  return countsPtr
}
export function extremesAt(): usize {
  return extremesPtr
}
export function sumsAt(): usize {
  return sumsPtr
}
export function shiftsAt(): usize {
  return shiftsPtr
}
export function rowsAt(): usize {
  return rowsPtr
}

@inline function increment(slot: i32): void {
  const at = countsPtr + (<usize>slot << 2)
  store<u32>(at, load<u32>(at) + 1)
}

@inline function highWord(x: f64): u32 {
  return <u32>(reinterpret<u64>(x) >>> 32)
}

/** Signed value bin of x (signedBinIndex of VALUE_BINS). */
@inline function valueIndex(x: f64, perSign: i32): i32 {
  let index = perSign + 1
  if (x >= LOW) {
    const key = <i32>(highWord(x) >>> VALUE_SHIFT) - VALUE_BASE
    index = key < perSign ? perSign + 2 + key : 2 * perSign + 2
  } else if (x <= -LOW) {
    const key = <i32>(highWord(-x) >>> VALUE_SHIFT) - VALUE_BASE
    index = key < perSign ? perSign - key : 0
  }
  return index
}

/** Counts x into value cell `cell` (bin, min, max). */
@inline function countValue(x: f64, cell: i32, perSign: i32, metricCells: i32): void {
  increment(cell * valueBins + valueIndex(x, perSign))
  const minAt = extremesPtr + (<usize>cell << 3)
  const maxAt = extremesPtr + (<usize>(metricCells + cell) << 3)
  if (x < load<f64>(minAt)) store<f64>(minAt, x)
  if (x > load<f64>(maxAt)) store<f64>(maxAt, x)
}

/** Runs the draws of `count` rows at rowsAt() (see the header). */
export function runRows(count: i32): void {
  const H = horizon
  const S = strategies
  const strideBytes = <usize>block << 3
  const metricCells = S * METRIC_COUNT
  const perSign = (valueBins - 3) >> 1
  const paybackAt = 2 * metricCells + 2 * cells
  for (let i = 0; i < count; i++) {
    const row = rowsPtr + (<usize>(i * rowWidth) << 3)
    const firstVolume = load<f64>(row, 0)
    const growth = 1.0 + load<f64>(row, 8)
    const priceStep = 1.0 + load<f64>(row, 16)
    const step = load<f64>(row, 24)
    if (!(step == lastStep)) {
      let compounded: f64 = 1
      store<f64>(discountPtr, 1.0)
      for (let m = 1; m <= H; m++) {
        compounded *= step
        store<f64>(discountPtr + (<usize>m << 3), 1.0 / compounded)
      }
      lastStep = step
    }
    let pendingAt = pendingPtr + (<usize>pending << 3)
    let basePresent: f64 = 0
    let cheapest: i32 = 0
    let lowest: f64 = 0
    for (let s = 0; s < S; s++) {
      const c = row + (<usize>(GLOBAL_SIZE + s * COEFF_SIZE) << 3)
      const oneTime = load<f64>(c, 0)
      const fixed = load<f64>(c, 8)
      const other = load<f64>(c, 16)
      const frontier = load<f64>(c, 24)
      const drift = load<f64>(c, 32)
      const driftCap = load<f64>(c, 40)
      const retrainOther = load<f64>(c, 48)
      const retrainFrontier = load<f64>(c, 56)
      const perGpu = load<f64>(c, 64)
      const gpuMonth = load<f64>(c, 72)
      const minReplicas = load<f64>(c, 80)
      const retrainEvery = load<f64>(c, 88)
      const hosted = perGpu > 0
      const isBaseline = s == 0

      let total = oneTime
      let present = oneTime
      if (isBaseline) store<f64>(basePtr, oneTime)
      store<f64>(pendingAt, total)
      pendingAt += strideBytes
      let payback: f64 = Infinity
      let savingsBefore = load<f64>(basePtr) - oneTime
      if (savingsBefore >= 0) payback = 0
      let searching = !isBaseline && payback != 0

      let nextRetrain: f64 = retrainEvery > 0 ? retrainEvery + 1 : Infinity
      let age: f64 = 0
      let v = firstVolume
      let p: f64 = 1
      for (let m = 1; m <= H; m++) {
        let retraining: f64 = 0
        if (<f64>m == nextRetrain) {
          retraining = retrainOther + p * retrainFrontier
          age = 0
          nextRetrain += retrainEvery
        }
        const escalationDrift = drift * age
        const perRequest = other + p * (frontier + (escalationDrift < driftCap ? escalationDrift : driftCap))
        let hosting: f64 = 0
        if (hosted) {
          const gpus = Math.ceil((v / perGpu) * (1 - 1e-12))
          hosting = (gpus > minReplicas ? gpus : minReplicas) * gpuMonth
        }
        const month = v * perRequest + fixed + hosting + retraining
        total += month
        present += month * load<f64>(discountPtr + (<usize>m << 3))
        store<f64>(pendingAt, total)
        pendingAt += strideBytes
        if (isBaseline) store<f64>(basePtr + (<usize>m << 3), total)
        age += 1
        v *= growth
        p *= priceStep
        if (searching) {
          const savings = load<f64>(basePtr + (<usize>m << 3)) - total
          if (savings >= 0) {
            payback = <f64>(m - 1) + -savingsBefore / (savings - savingsBefore)
            searching = false
          } else {
            savingsBefore = savings
          }
        }
      }

      // Value bins of total, present value and NPV savings; chunk sums; payback; cheapest.
      if (isBaseline) {
        basePresent = present
        lowest = total
      }
      const savings = basePresent - present
      const cell = s * METRIC_COUNT
      countValue(total, cell, perSign, metricCells)
      countValue(present, cell + 1, perSign, metricCells)
      countValue(savings, cell + 2, perSign, metricCells)

      const shift = shiftsPtr + (<usize>cell << 3)
      const d0 = total - load<f64>(shift, 0)
      const d1 = present - load<f64>(shift, 8)
      const d2 = basePresent - present - load<f64>(shift, 16)
      const sum = sumsPtr + (<usize>cell << 3)
      const square = sumsPtr + (<usize>(metricCells + cell) << 3)
      store<f64>(sum, load<f64>(sum, 0) + d0, 0)
      store<f64>(sum, load<f64>(sum, 8) + d1, 8)
      store<f64>(sum, load<f64>(sum, 16) + d2, 16)
      store<f64>(square, load<f64>(square, 0) + d0 * d0, 0)
      store<f64>(square, load<f64>(square, 8) + d1 * d1, 8)
      store<f64>(square, load<f64>(square, 16) + d2 * d2, 16)

      if (isBaseline) continue
      if (total < lowest) {
        lowest = total
        cheapest = s
      }
      if (payback == 0) {
        increment(paybackOffset + s * paybackBins)
      } else if (payback != Infinity) {
        // Math.ceil of NaN (infinite savings) indexes nothing in the TypeScript kernel: not counted.
        const q = Math.ceil(payback * PAYBACK_BINS_PER_MONTH)
        if (q == q) increment(paybackOffset + s * paybackBins + <i32>q)
      } else {
        increment(paybackOffset + s * paybackBins + paybackBins - 1)
      }
      if (payback != Infinity) {
        const minAt = extremesPtr + (<usize>(paybackAt + s) << 3)
        const maxAt = extremesPtr + (<usize>(paybackAt + S + s) << 3)
        if (payback < load<f64>(minAt)) store<f64>(minAt, payback)
        if (payback > load<f64>(maxAt)) store<f64>(maxAt, payback)
      }
    }
    increment(cheapestOffset + cheapest)
    pending += 1
    if (pending == block) flush()
  }
}

/**
 * Bins the pending block's cumulative costs into the band counts and extremes, cell by cell, each
 * cell's draws in draw order (unsignedBinIndex of BAND_BINS; min and max as Tally.add compares).
 */
export function flush(): void {
  const n = pending
  if (n == 0) return
  const perSign = bandBins - 2
  const minAt = extremesPtr + (<usize>(2 * strategies * METRIC_COUNT) << 3)
  const maxAt = minAt + (<usize>cells << 3)
  const strideBytes = <usize>block << 3
  let from = pendingPtr
  let slots = countsPtr + (<usize>bandOffset << 2)
  const slotBytes = <usize>bandBins << 2
  for (let c = 0; c < cells; c++) {
    let min = load<f64>(minAt + (<usize>c << 3))
    let max = load<f64>(maxAt + (<usize>c << 3))
    const to = from + (<usize>n << 3)
    for (let at = from; at < to; at += 8) {
      const x = load<f64>(at)
      const key = <i32>(highWord(x) >>> BAND_SHIFT) - BAND_BASE
      let index = 0
      if (key >= 0) {
        if (key < perSign) index = key + 1
        else if (x >= LOW) index = perSign + 1
      }
      const slot = slots + (<usize>index << 2)
      store<u32>(slot, load<u32>(slot) + 1)
      min = select<f64>(x, min, x < min)
      max = select<f64>(x, max, x > max)
    }
    store<f64>(minAt + (<usize>c << 3), min)
    store<f64>(maxAt + (<usize>c << 3), max)
    from += strideBytes
    slots += slotBytes
  }
  pending = 0
}
