/**
 * One chunk of draws, run the same way on the main thread and in a worker: chunk k covers draws
 * [k C, min((k + 1) C, draws)); input j's values for it are draws k C.. of Philox stream
 * (seed, j), sampled in one pass per input; then per draw: fill, then the WebAssembly kernel
 * (kernel-wasm/: month loop, tally and sums fused, a block of draws at a time), or where
 * WebAssembly is missing `runMonthLoop` + `Tally.add` + `addToChunkSums` draw by draw: the same
 * bits.
 */
import { Tally, TallyLayout, addToChunkSums, metricShifts } from './aggregate.js'
import { createWasmChunkKernel, defaultChunkKernelVariant, type ChunkKernelVariant, type WasmChunkKernel } from './kernel-wasm/kernel-wasm.js'
import { COEFF_SIZE, GLOBAL_SIZE } from './layout.js'
import type { SimulationModel } from './model.js'
import { createDrawBuffers, runMonthLoop, type DrawBuffers } from './month-loop.js'
import { streamAt } from './random.js'
import type { PointResult } from './result.js'

/** Draws whose input values {@link ChunkRunner.run} transposes at a time (256 x 15 inputs: 30 KB). */
const ROW_BLOCK = 256

/** What every runner of one simulation shares: the same numbers on every thread. */
export interface ChunkPlan {
  seed: number
  draws: number
  chunkSize: number
  /** Point-value figures per (strategy, metric), the shifts of the chunk sums ({@link metricShifts}). */
  shifts: Float64Array
}

/** Number of chunks of a plan: `ceil(draws / chunkSize)`. */
export function chunkCount(plan: { draws: number; chunkSize: number }): number {
  return Math.ceil(plan.draws / plan.chunkSize)
}

/**
 * Runs chunks of one model into one {@link Tally}, returning each chunk's sums. Buffers are
 * allocated once: O(inputs x chunkSize + strategies x horizon) memory.
 */
export class ChunkRunner {
  readonly model: SimulationModel
  readonly plan: ChunkPlan
  readonly tally: Tally
  private readonly values: Float64Array[]
  private readonly drawValues: Float64Array
  private readonly globals = new Float64Array(GLOBAL_SIZE)
  private readonly coeffs: Float64Array
  /** The per-draw buffers of the TypeScript path. */
  private readonly buffers: DrawBuffers
  /** The WebAssembly kernel (the default), or null: the per-draw TypeScript path runs. */
  private readonly wasm: WasmChunkKernel | null
  /** One block of draws' input values, draw-major (ROW_BLOCK x inputs). */
  private readonly rows: Float64Array

  /**
   * @param kernel `'wasm'` (the default): the WebAssembly kernel where available, else the
   *   per-draw TypeScript path (`runMonthLoop`, `Tally.add`, `addToChunkSums`); `'typescript'`:
   *   always the latter (tests, benchmarks; the default where PAYBACK_SIM_KERNEL=typescript). The
   *   same bits either way.
   */
  constructor(model: SimulationModel, plan: ChunkPlan, kernel: ChunkKernelVariant = defaultChunkKernelVariant()) {
    this.model = model
    this.plan = plan
    const strategies = model.strategies.length
    this.tally = new Tally(new TallyLayout(strategies, model.horizonMonths))
    this.values = model.inputs.map(() => new Float64Array(plan.chunkSize))
    this.drawValues = new Float64Array(model.inputs.length)
    this.coeffs = new Float64Array(strategies * COEFF_SIZE)
    this.buffers = createDrawBuffers(strategies, model.horizonMonths, model.trafficWeights)
    this.rows = new Float64Array(ROW_BLOCK * model.inputs.length)
    // The WebAssembly kernel has always-on hosting only (see SimulationModel.hourlyHosting).
    this.wasm = kernel === 'wasm' && model.hourlyHosting !== true ? createWasmChunkKernel(this.tally, ROW_BLOCK) : null
  }

  /** The kernel this runner runs: `'wasm'` or `'typescript'`. */
  get kernelVariant(): ChunkKernelVariant {
    return this.wasm === null ? 'typescript' : 'wasm'
  }

  /**
   * Runs chunk `index`: adds its draws to the tally and returns their sums (a new array of
   * `tally.layout.sumsLength`), summed in draw order.
   */
  run(index: number): Float64Array {
    const { seed, draws, chunkSize, shifts } = this.plan
    const start = index * chunkSize
    const length = Math.min(chunkSize, draws - start)
    if (!Number.isInteger(index) || index < 0 || length <= 0) throw new RangeError(`invalid chunk: ${index} (the plan has ${chunkCount(this.plan)})`)
    const inputs = this.model.inputs
    for (let j = 0; j < inputs.length; j++) {
      const out = this.values[j] as Float64Array
      ;(inputs[j] as SimulationModel['inputs'][number]).distribution.sampleInto(streamAt(seed, j, start), length === chunkSize ? out : out.subarray(0, length))
    }
    const values = this.values
    const drawValues = this.drawValues
    const inputCount = inputs.length
    const model = this.model
    const globals = this.globals
    const coeffs = this.coeffs
    const rows = this.rows
    const wasm = this.wasm
    if (wasm !== null) {
      // The WebAssembly kernel: each draw's globals and coefficients filled straight into the
      // module's rows (fill writes them all: it is pure), a block of draws at a time.
      const rowGlobals = wasm.rowGlobals
      const rowCoeffs = wasm.rowCoeffs
      wasm.beginChunk(shifts)
      for (let from = 0; from < length; from += ROW_BLOCK) {
        const to = Math.min(length, from + ROW_BLOCK)
        for (let j = 0; j < inputCount; j++) {
          const column = values[j] as Float64Array
          for (let i = from, at = j; i < to; i++, at += inputCount) rows[at] = column[i] as number
        }
        for (let i = from, at = 0; i < to; i++) {
          for (let j = 0; j < inputCount; j++, at++) drawValues[j] = rows[at] as number
          model.fill(drawValues, rowGlobals[i - from] as Float64Array, rowCoeffs[i - from] as Float64Array)
          wasm.prepareRow(i - from)
        }
        wasm.runRows(to - from)
      }
      return wasm.endChunk()
    }
    // Where WebAssembly is missing: the per-draw definition, draw by draw.
    const sums = new Float64Array(this.tally.layout.sumsLength)
    const buffers = this.buffers
    const tally = this.tally
    for (let i = 0; i < length; i++) {
      for (let j = 0; j < inputCount; j++) drawValues[j] = (values[j] as Float64Array)[i] as number
      model.fill(drawValues, globals, coeffs)
      runMonthLoop(globals, coeffs, buffers)
      tally.add(buffers)
      addToChunkSums(sums, buffers, shifts)
    }
    return sums
  }
}

/**
 * The model at given input values (one draw), e.g. every input at its point value. Returns the
 * draw's buffers (fresh).
 *
 * @example
 * // Prompting pays $0.01 a request in frontier tokens; distilling pays $20,000 once, then
 * // $1,000 a month and $0.001 a request. Coefficients in the order of COEFF (layout.ts).
 * const prompt = [0, 0, 0, 0.01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
 * const distill = [20_000, 1_000, 0.001, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
 * const model = tableModel({
 *   strategies: ['prompt', 'distill'], horizonMonths: 12, globals: [1_000_000, 0, 0, 0, 1], coeffs: [prompt, distill],
 *   inputs: [
 *     { path: '/task/requestsPerMonth', distribution: { kind: 'uniform', min: 500_000, max: 1_500_000 }, targets: [{ strategy: null, index: GLOBAL.FIRST_MONTH_REQUESTS }] },
 *     { path: '/distill/oneTimeUSD', distribution: { kind: 'uniform', min: 10_000, max: 30_000 }, targets: [{ strategy: 1, index: COEFF.ONE_TIME_USD }] },
 *   ],
 * })
 * const draw = evaluateDraw(model, model.point) // every input at its point value (its mean)
 * draw.horizonTotalUSD // => [120_000, 44_000] (12 x 1,000,000 x $0.01; 20,000 + 12 x (1,000 + $1,000))
 * draw.paybackMonths[1] // => 2.5 (-20,000 + 8,000 a month crosses 0 half-way through month 3)
 */
export function evaluateDraw(model: SimulationModel, values: Float64Array): DrawBuffers {
  const buffers = createDrawBuffers(model.strategies.length, model.horizonMonths, model.trafficWeights)
  const globals = new Float64Array(GLOBAL_SIZE)
  const coeffs = new Float64Array(model.strategies.length * COEFF_SIZE)
  model.fill(values, globals, coeffs)
  runMonthLoop(globals, coeffs, buffers)
  return buffers
}

/** The point-value draw: its per-strategy results and the sum shifts. */
export function pointEvaluation(model: SimulationModel): { point: PointResult[]; shifts: Float64Array } {
  const draw = evaluateDraw(model, model.point)
  const point = model.strategies.map((_, s) => {
    const payback = draw.paybackMonths[s] as number
    return {
      horizonTotalUSD: draw.horizonTotalUSD[s] as number,
      presentValueUSD: draw.presentValueUSD[s] as number,
      paybackMonths: Number.isFinite(payback) ? payback : null,
    }
  })
  return { point, shifts: metricShifts(draw) }
}
