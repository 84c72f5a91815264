// AssemblyScript source of the simulation's chunk kernel in WebAssembly (not plain TypeScript: tsc
// skips this folder, see tsconfig.json). `node scripts/build-wasm.mjs` compiles it into
// ../kernel-wasm-bytes.ts; kernel/sim/kernel-wasm/kernel-wasm.ts drives it.
//
// The same work as `runMonthLoop` + `Tally.add` + `addToChunkSums` (month-loop.ts, aggregate.ts),
// the same floating-point expressions in
// the same order, so the counts, extremes and chunk sums are the same bits:
// - `runRows(n)` runs the month loop of n draws whose rows are at `rowsAt()` (per draw:
//   GLOBAL_SIZE globals, then strategies x COEFF_SIZE coefficients, as layout.ts), where the
//   global ANNUAL_DISCOUNT_RATE is replaced by the monthly discount step
//   `1 + (Math.pow(1 + r, 1 / 12) - 1)` computed by the caller (V8's Math.pow; the factors
//   `1 / step^m` are computed here by the same multiplications and divisions as runMonthLoop).
//   Always-on hosting only (HOSTING_MODE 0): a model with autoscaling or serverless hosting
//   (SimulationModel.hourlyHosting) runs on the TypeScript path, which ChunkRunner picks.
//   Two draws at a time (`runPair`) in the f64x2 lanes of WebAssembly SIMD: every lane the same
//   IEEE operations as the one-draw path (`runDraw`), branches that differ between the lanes as
//   masks (both sides computed, the one the scalar code takes selected); the retraining months
//   as scalars where both draws share the cadence (the usual case);
// - each draw's cumulative costs go to a pending block, draw-major (a draw's strategies x (H + 1)
//   values in a row: sequential stores in the month loop); the payback month is searched in them
//   after the month loop (`paybackOf`: the same comparisons and expression as runMonthLoop's search
//   inside its loop); value bins, payback bins, "cheapest" and the chunk sums are counted per
//   draw, in draw order;
// - `flush()`, when the block is full and at the end of a chunk, bins the pending values cell by
//   cell, each cell's draws in draw order, its exact min and max as Tally.add compares them.
// Counts (u32), extremes and chunk sums (f64) live in this module's memory with the layout of
// TallyLayout; the caller copies them in and out. No allocation (runtime stub); the memory is
// grown once, by `init`.
//
// What did not help (measured with bench/sim-kernel.ts and a probe of runRows alone): the pair
// path with the retraining months as masks in every case (slower than one draw at a time); the
// requests and price factors of the months precomputed per pair; pending values cell-major (as
// an earlier TypeScript fused kernel did: strided stores in the month loop, ~15 % slower); two neighbouring cells at a time
// in SIMD lanes in flush; pending blocks of 64 to 512 draws.

/** Global values and coefficients per draw (layout.ts). */
const GLOBAL_SIZE: i32 = 5
const COEFF_SIZE: i32 = 17
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
let discountPtr: usize = 0
// The pair path's state: per month (or strategy) two lanes, draw d and draw d + 1.
let pairStep0: f64 = NaN
let pairStep1: f64 = NaN
let pairDiscountPtr: usize = 0
let pairTotalsPtr: usize = 0
let pairPresentsPtr: usize = 0

@inline function align(at: usize): usize {
  return (at + 63) & ~(<usize>63)
}

/**
 * Lays out the memory for one tally layout and grows it: counts, extremes, sums, shifts, rows of
 * `rowCapacity` draws, the pending band block, the discount factors and the pair path's arrays.
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
  pairStep0 = NaN
  pairStep1 = NaN
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
  discountPtr = at
  at = align(at + (<usize>(horizonMonths + 1) << 3))
  pairDiscountPtr = at
  at = align(at + (<usize>(horizonMonths + 1) << 4))
  pairTotalsPtr = at
  at = align(at + (<usize>strategyCount << 4))
  pairPresentsPtr = at
  at = align(at + (<usize>strategyCount << 4))
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

/**
 * Payback month of strategy s >= 1 of the draw at byte offset `draw` in the pending block, from
 * the cumulative costs the month loop stored there (the baseline's in cells 0..H, strategy s's
 * in cells s (H + 1)..): the first month whose savings are >= 0, interpolated within the month;
 * 0 when month 0 already saves; Infinity when none does. The same comparisons, in the same
 * order, and the same expression as runMonthLoop's search inside its month loop.
 */
function paybackOf(s: i32, draw: usize): f64 {
  const H = horizon
  const baseAt = pendingPtr + draw
  const ownAt = baseAt + (<usize>(s * (H + 1)) << 3)
  let savingsBefore = load<f64>(baseAt) - load<f64>(ownAt)
  if (savingsBefore >= 0) return 0
  for (let m = 1; m <= H; m++) {
    const at = <usize>m << 3
    const savings = load<f64>(baseAt + at) - load<f64>(ownAt + at)
    if (savings >= 0) return <f64>(m - 1) + -savingsBefore / (savings - savingsBefore)
    savingsBefore = savings
  }
  return Infinity
}

/** Runs one draw, the row at `row`, scalar (see the header). */
function runDraw(row: usize): void {
  const H = horizon
  const S = strategies
  const metricCells = S * METRIC_COUNT
  const perSign = (valueBins - 3) >> 1
  const paybackAt = 2 * metricCells + 2 * cells
  {
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
    let pendingAt = pendingPtr + (<usize>(pending * cells) << 3)
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
      store<f64>(pendingAt, total)
      pendingAt += 8

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
        pendingAt += 8
        age += 1
        v *= growth
        p *= priceStep
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
      const payback = paybackOf(s, <usize>(pending * cells) << 3)
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
 * Counts one draw of the pair path: per strategy its total and present value at `totals + s x 16`
 * (one lane of the pair arrays), its payback from the pending block (`draw`: the draw's byte
 * offset in it); value bins, chunk sums, payback, cheapest, exactly as runDraw counts them.
 */
function aggregateDraw(totals: usize, presents: usize, draw: usize): void {
  const S = strategies
  const metricCells = S * METRIC_COUNT
  const perSign = (valueBins - 3) >> 1
  const paybackAt = 2 * metricCells + 2 * cells
  const basePresent = load<f64>(presents)
  let cheapest: i32 = 0
  let lowest = load<f64>(totals)
  for (let s = 0; s < S; s++) {
    const total = load<f64>(totals + (<usize>s << 4))
    const present = load<f64>(presents + (<usize>s << 4))
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

    if (s == 0) continue
    if (total < lowest) {
      lowest = total
      cheapest = s
    }
    const payback = paybackOf(s, draw)
    if (payback == 0) {
      increment(paybackOffset + s * paybackBins)
    } else if (payback != Infinity) {
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
}

@inline function pairOf(row0: usize, row1: usize, offset: usize): v128 {
  return f64x2.replace_lane(f64x2.splat(load<f64>(row0 + offset)), 1, load<f64>(row1 + offset))
}

/**
 * Runs two draws (rows `row0`, `row1`; draws d and d + 1 of the pending block, d + 1 < block) in the
 * two f64 lanes of WebAssembly SIMD: every lane the same IEEE operations as runDraw, the branches
 * as masks (both sides computed, the scalar one's value selected), so each lane is the same bits
 * as runDraw; then counts draw d, then draw d + 1.
 */
function runPair(row0: usize, row1: usize): void {
  const H = horizon
  const S = strategies
  const zero = f64x2.splat(0)
  const one = f64x2.splat(1)
  const infinity = f64x2.splat(Infinity)
  const below = f64x2.splat(1 - 1e-12)
  const firstVolume = pairOf(row0, row1, 0)
  const growth = f64x2.add(one, pairOf(row0, row1, 8))
  const priceStep = f64x2.add(one, pairOf(row0, row1, 16))
  const step0 = load<f64>(row0, 24)
  const step1 = load<f64>(row1, 24)
  if (!(step0 == pairStep0) || !(step1 == pairStep1)) {
    const step = f64x2.replace_lane(f64x2.splat(step0), 1, step1)
    let compounded = one
    v128.store(pairDiscountPtr, one)
    for (let m = 1; m <= H; m++) {
      compounded = f64x2.mul(compounded, step)
      v128.store(pairDiscountPtr + (<usize>m << 4), f64x2.div(one, compounded))
    }
    pairStep0 = step0
    pairStep1 = step1
  }
  let pendingAt = pendingPtr + (<usize>(pending * cells) << 3)
  const rowBytes = <usize>cells << 3
  for (let s = 0; s < S; s++) {
    const offset = <usize>(GLOBAL_SIZE + s * COEFF_SIZE) << 3
    const c0 = row0 + offset
    const c1 = row1 + offset
    const oneTime = pairOf(c0, c1, 0)
    const fixed = pairOf(c0, c1, 8)
    const other = pairOf(c0, c1, 16)
    const frontier = pairOf(c0, c1, 24)
    const drift = pairOf(c0, c1, 32)
    const driftCap = pairOf(c0, c1, 40)
    const retrainOther = pairOf(c0, c1, 48)
    const retrainFrontier = pairOf(c0, c1, 56)
    const perGpu = pairOf(c0, c1, 64)
    const gpuMonth = pairOf(c0, c1, 72)
    const minReplicas = pairOf(c0, c1, 80)
    const retrainEvery = pairOf(c0, c1, 88)
    const hosted = f64x2.gt(perGpu, zero)
    const anyHosted = v128.any_true(hosted)
    const isBaseline = s == 0

    let total = oneTime
    let present = oneTime
    store<f64>(pendingAt, f64x2.extract_lane(total, 0))
    store<f64>(pendingAt + rowBytes, f64x2.extract_lane(total, 1))
    pendingAt += 8

    // The same retraining cadence in both lanes (it is rarely uncertain): the retraining months
    // and the age are the same, kept as scalars and branched on as runDraw does.
    const every = f64x2.extract_lane(retrainEvery, 0)
    const allHosted = i64x2.all_true(hosted)
    if (every == f64x2.extract_lane(retrainEvery, 1)) {
      let nextRetrain: f64 = every > 0 ? every + 1 : Infinity
      let age: f64 = 0
      let v = firstVolume
      let p = one
      for (let m = 1; m <= H; m++) {
        let retraining = zero
        if (<f64>m == nextRetrain) {
          retraining = f64x2.add(retrainOther, f64x2.mul(p, retrainFrontier))
          age = 0
          nextRetrain += every
        }
        const escalationDrift = f64x2.mul(drift, f64x2.splat(age))
        const capped = v128.bitselect(escalationDrift, driftCap, f64x2.lt(escalationDrift, driftCap))
        const perRequest = f64x2.add(other, f64x2.mul(p, f64x2.add(frontier, capped)))
        let hosting = zero
        if (anyHosted) {
          const gpus = f64x2.ceil(f64x2.mul(f64x2.div(v, perGpu), below))
          hosting = f64x2.mul(v128.bitselect(gpus, minReplicas, f64x2.gt(gpus, minReplicas)), gpuMonth)
          if (!allHosted) hosting = v128.and(hosting, hosted)
        }
        const month = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(v, perRequest), fixed), hosting), retraining)
        total = f64x2.add(total, month)
        present = f64x2.add(present, f64x2.mul(month, v128.load(pairDiscountPtr + (<usize>m << 4))))
        store<f64>(pendingAt, f64x2.extract_lane(total, 0))
        store<f64>(pendingAt + rowBytes, f64x2.extract_lane(total, 1))
        pendingAt += 8
        age += 1
        v = f64x2.mul(v, growth)
        p = f64x2.mul(p, priceStep)
      }
    } else {
      let nextRetrain = v128.bitselect(f64x2.add(retrainEvery, one), infinity, f64x2.gt(retrainEvery, zero))
      let age = zero
      let v = firstVolume
      let p = one
      for (let m = 1; m <= H; m++) {
        const isRetrain = f64x2.eq(f64x2.splat(<f64>m), nextRetrain)
        const retraining = v128.and(f64x2.add(retrainOther, f64x2.mul(p, retrainFrontier)), isRetrain)
        age = v128.andnot(age, isRetrain)
        nextRetrain = v128.bitselect(f64x2.add(nextRetrain, retrainEvery), nextRetrain, isRetrain)
        const escalationDrift = f64x2.mul(drift, age)
        const capped = v128.bitselect(escalationDrift, driftCap, f64x2.lt(escalationDrift, driftCap))
        const perRequest = f64x2.add(other, f64x2.mul(p, f64x2.add(frontier, capped)))
        let hosting = zero
        if (anyHosted) {
          const gpus = f64x2.ceil(f64x2.mul(f64x2.div(v, perGpu), below))
          hosting = v128.and(f64x2.mul(v128.bitselect(gpus, minReplicas, f64x2.gt(gpus, minReplicas)), gpuMonth), hosted)
        }
        const month = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(v, perRequest), fixed), hosting), retraining)
        total = f64x2.add(total, month)
        present = f64x2.add(present, f64x2.mul(month, v128.load(pairDiscountPtr + (<usize>m << 4))))
        store<f64>(pendingAt, f64x2.extract_lane(total, 0))
        store<f64>(pendingAt + rowBytes, f64x2.extract_lane(total, 1))
        pendingAt += 8
        age = f64x2.add(age, one)
        v = f64x2.mul(v, growth)
        p = f64x2.mul(p, priceStep)
      }
    }
    v128.store(pairTotalsPtr + (<usize>s << 4), total)
    v128.store(pairPresentsPtr + (<usize>s << 4), present)
  }
  aggregateDraw(pairTotalsPtr, pairPresentsPtr, <usize>(pending * cells) << 3)
  aggregateDraw(pairTotalsPtr + 8, pairPresentsPtr + 8, <usize>((pending + 1) * cells) << 3)
  pending += 2
  if (pending == block) flush()
}

/** Whether runRows runs two draws at a time in SIMD lanes (1, the default) or one at a time (0; benchmarks). Same bits either way. */
let pairs: bool = true
export function usePairs(on: i32): void {
  pairs = on != 0
}

/** Runs the draws of `count` rows at rowsAt() in row order (see the header): two at a time where the pending block allows, else one. */
export function runRows(count: i32): void {
  let i = 0
  while (i < count) {
    const row = rowsPtr + (<usize>(i * rowWidth) << 3)
    if (pairs && i + 1 < count && pending + 2 <= block) {
      runPair(row, row + (<usize>rowWidth << 3))
      i += 2
    } else {
      runDraw(row)
      i += 1
    }
  }
}

/**
 * Bins the pending block's cumulative costs into the band counts and extremes, cell by cell, each
 * cell's draws in draw order (unsignedBinIndex of BAND_BINS; min and max as Tally.add compares).
 */
export function flush(): void {
  const n = pending
  if (n == 0) return
  const minAt = extremesPtr + (<usize>(2 * strategies * METRIC_COUNT) << 3)
  const maxAt = minAt + (<usize>cells << 3)
  const step = <usize>cells << 3
  let from = pendingPtr
  let slots = countsPtr + (<usize>bandOffset << 2)
  const slotBytes = <usize>bandBins << 2
  for (let c = 0; c < cells; c++) {
    const minSlot = minAt + (<usize>c << 3)
    const maxSlot = maxAt + (<usize>c << 3)
    flushCell(from, from + <usize>n * step, step, slots, minSlot, maxSlot)
    from += 8
    slots += slotBytes
  }
  pending = 0
}

/** Band bin of a cumulative cost (unsignedBinIndex of BAND_BINS) from its high word, the double read only from 2^50 up. */
@inline function bandIndex(x: f64): i32 {
  const perSign = bandBins - 2
  const key = <i32>(highWord(x) >>> BAND_SHIFT) - BAND_BASE
  let index = 0
  if (key >= 0) {
    if (key < perSign) index = key + 1
    else if (x >= LOW) index = perSign + 1
  }
  return index
}

/**
 * One cell's pending values [from, to) into its bins and its min and max. Two draws an iteration,
 * the even draws' and the odd draws' min (max) apart (two short dependency chains instead of one
 * long one), then joined: the smaller (larger) one, or, where the two compare equal with other
 * bits (-0 and 0), the cell's values compared again one by one in draw order, so the result is
 * what comparing them all in draw order gives (`x < min`: the first of equal values stays).
 */
function flushCell(from: usize, to: usize, step: usize, slots: usize, minSlot: usize, maxSlot: usize): void {
  const start = load<f64>(minSlot)
  const startMax = load<f64>(maxSlot)
  let minA = start
  let maxA = startMax
  let minB: f64 = Infinity
  let maxB: f64 = -Infinity
  let at = from
  for (; at + step < to; at += 2 * step) {
    const x = load<f64>(at)
    const y = load<f64>(at + step)
    const slot = slots + (<usize>bandIndex(x) << 2)
    store<u32>(slot, load<u32>(slot) + 1)
    const slot2 = slots + (<usize>bandIndex(y) << 2)
    store<u32>(slot2, load<u32>(slot2) + 1)
    minA = select<f64>(x, minA, x < minA)
    maxA = select<f64>(x, maxA, x > maxA)
    minB = select<f64>(y, minB, y < minB)
    maxB = select<f64>(y, maxB, y > maxB)
  }
  if (at < to) {
    const x = load<f64>(at)
    const slot = slots + (<usize>bandIndex(x) << 2)
    store<u32>(slot, load<u32>(slot) + 1)
    minA = select<f64>(x, minA, x < minA)
    maxA = select<f64>(x, maxA, x > maxA)
  }
  let min = minB < minA ? minB : minA
  let max = maxB > maxA ? maxB : maxA
  if (minA == minB && reinterpret<u64>(minA) != reinterpret<u64>(minB)) {
    min = start
    for (let p = from; p < to; p += step) {
      const x = load<f64>(p)
      if (x < min) min = x
    }
  }
  if (maxA == maxB && reinterpret<u64>(maxA) != reinterpret<u64>(maxB)) {
    max = startMax
    for (let p = from; p < to; p += step) {
      const x = load<f64>(p)
      if (x > max) max = x
    }
  }
  store<f64>(minSlot, min)
  store<f64>(maxSlot, max)
}
