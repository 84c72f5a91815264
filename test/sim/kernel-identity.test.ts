/**
 * The simulation kernel's chunk path (ChunkRunner.run: fill, month loop, tally, chunk sums) must
 * give bit-identical counts, extremes and chunk sums to the reference below: the kernel's
 * per-draw `runMonthLoop` + `Tally.add` + `addToChunkSums` (the code the fused kernels replaced in
 * the chunk path, each tested on its own), driven draw by draw. Any faster kernel must keep these tests passing unchanged. Both
 * kernels ChunkRunner can run are held to it: the WebAssembly one (kernel/sim/kernel-wasm, the
 * default) and the per-draw TypeScript path it falls back to.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Tally, TallyLayout, addToChunkSums, metricShifts } from '../../kernel/sim/aggregate.js'
import { createDrawBuffers, runMonthLoop } from '../../kernel/sim/month-loop.js'
import { ChunkRunner, chunkCount, evaluateDraw, type ChunkPlan } from '../../kernel/sim/chunk.js'
import type { ChunkKernelVariant } from '../../kernel/sim/kernel-wasm/kernel-wasm.js'
import { COEFF, COEFF_SIZE, GLOBAL, GLOBAL_SIZE } from '../../kernel/sim/layout.js'
import type { SimulationModel } from '../../kernel/sim/model.js'
import { createStream, streamAt } from '../../kernel/sim/random.js'
import { tableModel, type TableInput, type TableModelSpec } from '../../kernel/sim/table-model.js'
import { compileScenario } from '../../src/sim/compile.js'
import { loadScenarioInputFile } from '../../src/scenario/validate.js'
import { ROOT } from '../helpers/scenario.js'

// The reference: the kernel's per-draw path, `runMonthLoop` (month-loop.ts, held to the decision
// engine to 1e-9 by month-loop.test.ts) + `Tally.add` + `addToChunkSums` (aggregate.ts, tested
// on their own by aggregate.test.ts), driven draw by draw: the code the fused kernels replaced
// in the chunk path, kept as the definition of the expected output.

/** The reference shifts: the point-value draw through the per-draw month loop. */
function refShifts(model: SimulationModel): Float64Array {
  return metricShifts(evaluateDraw(model, model.point))
}

/** Every chunk of a plan the reference way: the tally's counts and extremes and each chunk's sums. */
function referenceRun(model: SimulationModel, plan: ChunkPlan, chunkOrder: readonly number[]): { counts: Uint32Array; extremes: Float64Array; sums: Float64Array[] } {
  const strategies = model.strategies.length
  const layout = new TallyLayout(strategies, model.horizonMonths)
  const fresh = new Tally(layout)
  const counts = fresh.counts
  const extremes = fresh.extremes
  const draw = createDrawBuffers(strategies, model.horizonMonths)
  const globals = new Float64Array(GLOBAL_SIZE)
  const coeffs = new Float64Array(strategies * COEFF_SIZE)
  const drawValues = new Float64Array(model.inputs.length)
  const sums: Float64Array[] = []
  for (const index of chunkOrder) {
    const start = index * plan.chunkSize
    const length = Math.min(plan.chunkSize, plan.draws - start)
    const values = model.inputs.map((input, j) => {
      const out = new Float64Array(length)
      input.distribution.sampleInto(streamAt(plan.seed, j, start), out)
      return out
    })
    const chunkSums = new Float64Array(layout.sumsLength)
    for (let i = 0; i < length; i++) {
      for (let j = 0; j < values.length; j++) drawValues[j] = (values[j] as Float64Array)[i] as number
      model.fill(drawValues, globals, coeffs)
      runMonthLoop(globals, coeffs, draw)
      fresh.add(draw)
      addToChunkSums(chunkSums, draw, plan.shifts)
    }
    sums[index] = chunkSums
  }
  return { counts, extremes, sums }
}

const bytes = (array: Uint32Array | Float64Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength)

/**
 * Runs the plan through ChunkRunner (chunks in `chunkOrder`) with each kernel, the WebAssembly one
 * (the default) and the TypeScript path (the per-draw code itself), and through the reference; expects identical bytes.
 */
function expectIdentical(model: SimulationModel, plan: ChunkPlan, chunkOrder: readonly number[]): void {
  const expected = referenceRun(model, plan, chunkOrder)
  for (const variant of ['wasm', 'typescript'] as const) {
    try {
      expectKernelIdentical(new ChunkRunner(model, plan, variant), variant, chunkOrder, expected)
    } catch (error) {
      throw new Error(`${variant} kernel: ${(error as Error).message}`)
    }
  }
}

function expectKernelIdentical(
  runner: ChunkRunner,
  variant: ChunkKernelVariant,
  chunkOrder: readonly number[],
  expected: { counts: Uint32Array; extremes: Float64Array; sums: Float64Array[] },
): void {
  expect(runner.kernelVariant).toBe(variant)
  const sums: Float64Array[] = []
  for (const index of chunkOrder) sums[index] = runner.run(index)
  for (const index of chunkOrder) {
    const got = sums[index] as Float64Array
    const want = expected.sums[index] as Float64Array
    if (Buffer.compare(bytes(got), bytes(want)) !== 0) expect(Array.from(got)).toEqual(Array.from(want))
    expect(Buffer.compare(bytes(got), bytes(want))).toBe(0)
  }
  if (Buffer.compare(bytes(runner.tally.extremes), bytes(expected.extremes)) !== 0) {
    expect(Array.from(runner.tally.extremes)).toEqual(Array.from(expected.extremes))
  }
  expect(Buffer.compare(bytes(runner.tally.extremes), bytes(expected.extremes))).toBe(0)
  if (Buffer.compare(bytes(runner.tally.counts), bytes(expected.counts)) !== 0) {
    const differing: number[] = []
    for (let i = 0; i < expected.counts.length && differing.length < 10; i++) if (runner.tally.counts[i] !== expected.counts[i]) differing.push(i)
    expect({ differing, layout: runner.tally.layout }).toEqual({ differing: [], layout: runner.tally.layout })
  }
  expect(Buffer.compare(bytes(runner.tally.counts), bytes(expected.counts))).toBe(0)
}

// ---------------------------------------------------------------------------------------------
// Random table models from a seeded generator.
// ---------------------------------------------------------------------------------------------

type Rng = { next(): number; int(min: number, max: number): number; pick<T>(items: readonly T[]): T; chance(p: number): boolean }

function rng(seed: number): Rng {
  const stream = createStream(seed, 99)
  const next = () => stream.nextFloat64()
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    chance: (p) => next() < p,
  }
}

/** A magnitude anywhere from far below 2^-10 to far above 2^50, sometimes 0. */
function magnitude(r: Rng, zero = 0.2): number {
  if (r.chance(zero)) return 0
  return Math.pow(10, -8 + r.next() * 26) // 1e-8 .. 1e18
}

function randomSpec(r: Rng): TableModelSpec {
  const strategies = r.int(1, 7)
  const horizonMonths = r.pick([1, 2, 3, 5, 12, 24, 37, 60, 96, r.int(1, 96)])
  const globals = [
    r.chance(0.1) ? 0 : Math.pow(10, r.next() * 9), // requests 1 .. 1e9
    r.pick([0, 0.02, -0.05, -0.3, 0.1, r.next() * 0.4 - 0.2]),
    r.pick([0, -0.02, 0.01, r.next() * 0.2 - 0.1]),
    r.pick([0, 0.1, 0.08, r.next() * 0.3]),
    r.pick([1, 2, 5]), // peak-to-average: only hourly hosting reads it
  ]
  const coeffs: number[][] = []
  for (let s = 0; s < strategies; s++) {
    const block = new Array<number>(COEFF_SIZE).fill(0)
    block[COEFF.ONE_TIME_USD] = r.chance(0.1) ? -magnitude(r) : magnitude(r, 0.3)
    block[COEFF.FIXED_MONTHLY_USD] = r.chance(0.05) ? -magnitude(r) : magnitude(r)
    block[COEFF.PER_REQUEST_OTHER_USD] = magnitude(r) * 1e-6
    block[COEFF.PER_REQUEST_FRONTIER_USD] = magnitude(r) * 1e-6
    block[COEFF.ESCALATION_DRIFT_USD] = r.chance(0.5) ? 0 : magnitude(r) * 1e-9
    block[COEFF.ESCALATION_DRIFT_CAP_USD] = r.chance(0.3) ? 0 : magnitude(r) * 1e-7
    block[COEFF.RETRAIN_OTHER_USD] = magnitude(r)
    block[COEFF.RETRAIN_FRONTIER_USD] = magnitude(r)
    if (r.chance(0.5)) {
      block[COEFF.REQUESTS_PER_GPU_MONTH] = r.chance(0.2) ? 0.5 : Math.pow(10, r.next() * 9)
      block[COEFF.GPU_MONTH_USD] = magnitude(r, 0.1)
      block[COEFF.MIN_REPLICAS] = r.int(0, 4)
    }
    block[COEFF.RETRAIN_EVERY] = r.int(0, 7)
    coeffs.push(block)
  }
  // Payback at month 0 (no one-time cost at all) and never (very expensive) for some strategies.
  if (strategies > 1 && r.chance(0.3)) (coeffs[1] as number[])[COEFF.ONE_TIME_USD] = 0
  if (strategies > 2 && r.chance(0.3)) (coeffs[2] as number[])[COEFF.FIXED_MONTHLY_USD] = 1e16
  const inputs: TableInput[] = []
  const inputCount = r.int(0, 6)
  for (let j = 0; j < inputCount; j++) {
    const global = r.chance(0.3)
    const strategy = global ? null : r.int(0, strategies - 1)
    const index = global ? r.int(0, GLOBAL_SIZE - 1) : r.pick([0, 1, 2, 3, 4, 5, 6, 7, 9])
    const scale = r.chance(0.5)
    const distribution: TableInput['distribution'] = scale
      ? r.pick([{ kind: 'uniform', min: 0.5, max: 1.5 } as const, { kind: 'lognormal', mean: 1, sd: 0.5 } as const, { kind: 'normal', mean: 1, sd: 0.3 } as const])
      : global && index === GLOBAL.FIRST_MONTH_REQUESTS
        ? { kind: 'lognormal', mean: 1e6, sd: 5e5 }
        : global
          ? { kind: 'uniform', min: -0.1, max: 0.1 }
          : r.pick([{ kind: 'uniform', min: 0, max: magnitude(r, 0) } as const, { kind: 'normal', mean: 0, sd: magnitude(r, 0) } as const])
    inputs.push({ path: `/input/${j}`, distribution, targets: [{ strategy, index, mode: scale ? 'scale' : 'set' }] })
  }
  return { strategies: Array.from({ length: strategies }, (_, s) => `s${s}`), horizonMonths, globals, coeffs, inputs }
}

function planFor(model: SimulationModel, draws: number, chunkSize: number, seed: number): ChunkPlan {
  return { seed, draws, chunkSize, shifts: refShifts(model) }
}

describe('the fused chunk kernels (WebAssembly and TypeScript) are bit-identical to the per-draw reference', () => {
  it('on support-tickets-uncertain.json compiled by compileScenario, a few chunks in any order', () => {
    const validated = loadScenarioInputFile(join(ROOT, 'data', 'scenarios', 'support-tickets-uncertain.json'))
    const model = compileScenario(validated.input, validated.uncertain)
    const plan = planFor(model, 3000, 700, 42)
    // The kernel's own shifts are the reference shifts (the point draw is unchanged).
    expect(Buffer.compare(bytes(plan.shifts), bytes(metricShifts(evaluateDraw(model, model.point))))).toBe(0)
    expectIdentical(model, plan, [0, 1, 2, 3, 4])
    expectIdentical(model, planFor(model, 1000, 256, 7), [3, 1, 0, 2])
  })

  it('on random table models: 1..7 strategies, horizons 1..96, hosting, retraining 0..7, drift caps, extreme values', () => {
    const r = rng(20240611)
    for (let trial = 0; trial < 120; trial++) {
      const spec = randomSpec(r)
      const model = tableModel(spec)
      // Every tenth trial runs chunks longer than the kernel's blocks of draws (16..256).
      const long = trial % 10 === 0
      const draws = long ? r.int(300, 900) : r.int(1, 90)
      const chunkSize = long ? r.int(100, 600) : r.int(1, 40)
      const plan = planFor(model, draws, chunkSize, trial)
      const order = Array.from({ length: chunkCount(plan) }, (_, k) => k)
      if (r.chance(0.5)) order.reverse()
      try {
        expectIdentical(model, plan, order)
      } catch (error) {
        throw new Error(`trial ${trial}: ${JSON.stringify(spec)}\n${(error as Error).message}`)
      }
    }
  })

  it('covers payback at month 0 and never, values below 2^-10 and from 2^50 up, negative cumulative costs', () => {
    // One deterministic model that hits every edge bin at once.
    const block = (values: Partial<Record<keyof typeof COEFF, number>>) => {
      const out = new Array<number>(COEFF_SIZE).fill(0)
      for (const [name, value] of Object.entries(values)) out[COEFF[name as keyof typeof COEFF]] = value as number
      return out
    }
    const spec: TableModelSpec = {
      strategies: ['prompt', 'free', 'huge', 'tiny', 'negative', 'hosted'],
      horizonMonths: 13,
      globals: [1000, -0.2, 0.05, 0.1, 1],
      coeffs: [
        block({ ONE_TIME_USD: 10, FIXED_MONTHLY_USD: 100, PER_REQUEST_FRONTIER_USD: 0.01 }),
        block({ FIXED_MONTHLY_USD: 1 }),
        block({ ONE_TIME_USD: 2 ** 52, FIXED_MONTHLY_USD: 2 ** 51 }),
        block({ FIXED_MONTHLY_USD: 2 ** -12, ONE_TIME_USD: 2 ** -11 }),
        block({ ONE_TIME_USD: -5000, FIXED_MONTHLY_USD: -1 }),
        block({ ONE_TIME_USD: 300, REQUESTS_PER_GPU_MONTH: 150, GPU_MONTH_USD: 20, MIN_REPLICAS: 2, RETRAIN_EVERY: 3, RETRAIN_OTHER_USD: 50, RETRAIN_FRONTIER_USD: 7, ESCALATION_DRIFT_USD: 0.001, ESCALATION_DRIFT_CAP_USD: 0.0025 }),
      ],
      inputs: [
        { path: '/a', distribution: { kind: 'uniform', min: 0.2, max: 3 }, targets: [{ strategy: null, index: GLOBAL.FIRST_MONTH_REQUESTS, mode: 'scale' }] },
        { path: '/b', distribution: { kind: 'normal', mean: 0, sd: 0.1 }, targets: [{ strategy: null, index: GLOBAL.ANNUAL_DISCOUNT_RATE }] },
      ],
    }
    const model = tableModel(spec)
    expectIdentical(model, planFor(model, 500, 64, 5), [0, 1, 2, 3, 4, 5, 6, 7])
  })
})
