/**
 * The simulation's chunk kernel in WebAssembly: the month loop, {@link Tally.add} and the chunk
 * sums of `runMonthLoop` + `Tally.add` + `addToChunkSums` (month-loop.ts, aggregate.ts) for a
 * block of draws at a time, the same bits.
 *
 * The module (kernel/sim/kernel-wasm/assembly/kernel.ts, AssemblyScript, compiled by
 * `npm run build-wasm` into the committed kernel-wasm-bytes.ts) is compiled once per thread, on
 * first use; each {@link WasmChunkKernel} has its own instance, whose memory is grown once to the
 * tally's layout (counts, extremes, chunk sums, shifts, a block of draw rows, the pending band
 * values) and never again, so the views here never detach. The caller writes each draw's row
 * (GLOBAL_SIZE globals, then the coefficient blocks) into {@link WasmChunkKernel.rows} with
 * {@link WasmChunkKernel.setRow}, which replaces the annual discount rate by the monthly step
 * `1 + (Math.pow(1 + r, 1 / 12) - 1)` computed here with V8's Math.pow (WebAssembly has no pow,
 * and another one may differ in the last bit); the module computes the discount factors from it
 * by the same products and divisions as `runMonthLoop`.
 *
 * The module runs two draws at a time in WebAssembly SIMD lanes, binning the monthly cumulative
 * costs a block of draws at a time (see its header for the design and what was measured).
 *
 * The counts and extremes accumulate in the module's memory; {@link WasmChunkKernel.endChunk}
 * copies them into the Tally (whose arrays stay plain, transferable and mergeable) and returns
 * the chunk's sums. Where WebAssembly is missing {@link createWasmChunkKernel} returns null and
 * the caller runs the per-draw TypeScript path.
 */
import type { Tally } from '../aggregate.js'
import { BAND_BINS, PAYBACK_BINS_PER_MONTH, VALUE_BINS } from '../aggregate.js'
import { COEFF_SIZE, GLOBAL, GLOBAL_SIZE } from '../layout.js'
import { KERNEL_WASM_BASE64 } from './kernel-wasm-bytes.js'
import { compileWasm, type CompiledWasm } from '../wasm-module.js'

/** The module's exports (see kernel/sim/kernel-wasm/assembly/kernel.ts). */
interface KernelExports {
  memory: { buffer: ArrayBuffer }
  init(
    strategies: number,
    horizon: number,
    valueBins: number,
    bandBins: number,
    paybackBins: number,
    bandOffset: number,
    paybackOffset: number,
    cheapestOffset: number,
    countsLength: number,
    extremesLength: number,
    sumsLength: number,
    rowCapacity: number,
    blockDraws: number,
  ): number
  countsAt(): number
  extremesAt(): number
  sumsAt(): number
  shiftsAt(): number
  rowsAt(): number
  runRows(count: number): void
  flush(): void
  usePairs(on: number): void
}

/** The compiled module of this thread: undefined before the first use, null where WebAssembly failed. */
let compiled: CompiledWasm | null | undefined

function compileOnce(): CompiledWasm | null {
  if (compiled === undefined) compiled = compileWasm(KERNEL_WASM_BASE64)
  return compiled
}

/**
 * The implementation ChunkRunner uses by default in this thread: `'wasm'`, or `'typescript'`
 * where WebAssembly is unavailable.
 *
 * @example
 * chunkKernelBackend() // => 'wasm'
 */
export function chunkKernelBackend(): 'wasm' | 'typescript' {
  return compileOnce() === null ? 'typescript' : 'wasm'
}

/** Which kernel a ChunkRunner runs: the WebAssembly one (the default, where available) or the per-draw TypeScript path (tests, benchmarks). */
export type ChunkKernelVariant = 'wasm' | 'typescript'

/**
 * The kernel a ChunkRunner runs when not told: `'typescript'` where the environment variable
 * PAYBACK_SIM_KERNEL is `typescript` (to time or check the CLI on the TypeScript kernel; worker
 * threads inherit it), else `'wasm'`.
 */
export function defaultChunkKernelVariant(): ChunkKernelVariant {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
  return env?.['PAYBACK_SIM_KERNEL'] === 'typescript' ? 'typescript' : 'wasm'
}

/**
 * Draws whose band values the module collects before binning them cell by cell: a power of two
 * near 16,384 / band cells, from 16 to 256 (it does not change any result).
 */
function bandBlock(cells: number): number {
  let block = 16
  while (block < 256 && block * 2 * cells <= 16384) block *= 2
  return block
}

/** One instance of the module, for one tally: see the module's header. */
export class WasmChunkKernel {
  readonly tally: Tally
  /** Rows of up to {@link WasmChunkKernel.capacity} draws, {@link WasmChunkKernel.width} doubles each, in the module's memory. */
  readonly rows: Float64Array
  readonly width: number
  readonly capacity: number
  /** Row i's globals and coefficient blocks as views of the module's memory: a model's `fill` writes straight into them (then {@link WasmChunkKernel.prepareRow}). */
  readonly rowGlobals: Float64Array[]
  readonly rowCoeffs: Float64Array[]
  private readonly exports: KernelExports
  private readonly counts: Uint32Array
  private readonly extremes: Float64Array
  private readonly sums: Float64Array
  private readonly shifts: Float64Array
  private lastRate = NaN
  private lastStep = NaN

  /** @internal use {@link createWasmChunkKernel} */
  constructor(tally: Tally, exports: KernelExports, capacity: number) {
    this.tally = tally
    this.exports = exports
    this.capacity = capacity
    const layout = tally.layout
    const strategies = layout.strategyCount
    this.width = GLOBAL_SIZE + strategies * COEFF_SIZE
    const cells = strategies * (layout.horizonMonths + 1)
    const used = exports.init(
      strategies,
      layout.horizonMonths,
      layout.valueBins,
      layout.bandBins,
      layout.paybackBins,
      layout.bandOffset,
      layout.paybackOffset,
      layout.cheapestOffset,
      layout.countsLength,
      layout.extremesLength,
      layout.sumsLength,
      capacity,
      bandBlock(cells),
    )
    if (used === 0) throw new RangeError('the kernel module could not grow its memory')
    const buffer = exports.memory.buffer
    this.counts = new Uint32Array(buffer, exports.countsAt(), layout.countsLength)
    this.extremes = new Float64Array(buffer, exports.extremesAt(), layout.extremesLength)
    this.sums = new Float64Array(buffer, exports.sumsAt(), layout.sumsLength)
    this.shifts = new Float64Array(buffer, exports.shiftsAt(), layout.sumsLength)
    this.rows = new Float64Array(buffer, exports.rowsAt(), capacity * this.width)
    this.rowGlobals = []
    this.rowCoeffs = []
    for (let i = 0; i < capacity; i++) {
      const at = exports.rowsAt() + i * this.width * 8
      this.rowGlobals.push(new Float64Array(buffer, at, GLOBAL_SIZE))
      this.rowCoeffs.push(new Float64Array(buffer, at + GLOBAL_SIZE * 8, strategies * COEFF_SIZE))
    }
    this.counts.set(tally.counts)
    this.extremes.set(tally.extremes)
  }

  /** Starts a chunk: its sums at zero, shifted by `shifts` (metricShifts in aggregate.ts). */
  beginChunk(shifts: Float64Array): void {
    this.sums.fill(0)
    this.shifts.set(shifts)
  }

  /** Writes draw `i`'s row (0 <= i < capacity): its globals and coefficients, the discount rate as the monthly step. */
  setRow(i: number, globals: Float64Array, coeffs: Float64Array): void {
    const at = i * this.width
    this.rows.set(globals, at)
    this.rows.set(coeffs, at + GLOBAL_SIZE)
    this.prepareRow(i)
  }

  /** Replaces row i's annual discount rate (written into {@link WasmChunkKernel.rowGlobals}) by the monthly step. */
  prepareRow(i: number): void {
    const rows = this.rows
    const at = i * this.width
    const rate = rows[at + GLOBAL.ANNUAL_DISCOUNT_RATE] as number
    if (!(rate === this.lastRate)) {
      this.lastStep = 1 + (Math.pow(1 + rate, 1 / 12) - 1)
      this.lastRate = rate
    }
    rows[at + GLOBAL.ANNUAL_DISCOUNT_RATE] = this.lastStep
  }

  /** @internal Two draws at a time in SIMD lanes (true, the default) or one at a time (benchmarks and tests); the same bits. */
  usePairs(on: boolean): void {
    this.exports.usePairs(on ? 1 : 0)
  }

  /** Runs the first `count` rows into the counts, extremes and sums, in row order. */
  runRows(count: number): void {
    this.exports.runRows(count)
  }

  /** Ends a chunk: bins the pending band values, copies counts and extremes into the tally, returns the chunk's sums (a new array). */
  endChunk(): Float64Array {
    this.exports.flush()
    this.tally.counts.set(this.counts)
    this.tally.extremes.set(this.extremes)
    return this.sums.slice()
  }
}

/**
 * A WebAssembly kernel counting into `tally` (whose current counts and extremes it starts from),
 * with room for rows of `capacity` draws; null where WebAssembly is unavailable.
 */
export function createWasmChunkKernel(tally: Tally, capacity: number): WasmChunkKernel | null {
  // The module has the bin layouts built in; any other layout stays on the TypeScript kernel.
  if (VALUE_BINS.subBits !== 8 || VALUE_BINS.minExponent !== -10 || VALUE_BINS.maxExponent !== 50) return null
  if (BAND_BINS.subBits !== 7 || BAND_BINS.minExponent !== -10 || BAND_BINS.maxExponent !== 50 || PAYBACK_BINS_PER_MONTH !== 4) return null
  const loaded = compileOnce()
  if (loaded === null) return null
  try {
    return new WasmChunkKernel(tally, loaded.instantiate() as KernelExports, capacity)
  } catch {
    return null
  }
}
