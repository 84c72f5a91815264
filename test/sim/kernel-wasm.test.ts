/**
 * The WebAssembly chunk kernel (kernel/sim/kernel-wasm): the committed bytes are what asc builds
 * from the source, it loads, ChunkRunner runs it by default, and it gives the same bits as the
 * per-draw TypeScript path (runMonthLoop + Tally.add + addToChunkSums) on raw rows, both its paths (two draws at a time in SIMD lanes, one at a
 * time), including rows no compiled model produces (infinities, NaN, -0, any discount rate).
 * (NaN sums compared as NaN, see `canonical`.) The identity with the verbatim per-draw reference
 * is test/sim/kernel-identity.test.ts.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Tally, TallyLayout, addToChunkSums } from '../../kernel/sim/aggregate.js'
import { createDrawBuffers, runMonthLoop } from '../../kernel/sim/month-loop.js'
import { ChunkRunner } from '../../kernel/sim/chunk.js'
import { chunkKernelBackend, createWasmChunkKernel, defaultChunkKernelVariant } from '../../kernel/sim/kernel-wasm/kernel-wasm.js'
import { COEFF, COEFF_SIZE, GLOBAL_SIZE } from '../../kernel/sim/layout.js'
import { createStream } from '../../kernel/sim/random.js'
import { tableModel } from '../../kernel/sim/table-model.js'
import { ROOT } from '../helpers/scenario.js'

const bytes = (array: Uint32Array | Float64Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength)
/**
 * Sums with every NaN as the one NaN JavaScript writes: a NaN's sign and payload come from the
 * processor's rules for the operands' order, which neither JavaScript nor WebAssembly specifies
 * (V8 gives the TypeScript kernel both signs). Only infinite figures make a NaN sum; everything
 * else is compared bit for bit.
 */
const canonical = (sums: Float64Array) => sums.map((x) => (Number.isNaN(x) ? NaN : x))

describe('the WebAssembly chunk kernel', () => {
  it('is what asc produces from the AssemblyScript source now (scripts/build-wasm.mjs --check, both modules)', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-wasm.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8' })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })

  it('loads in Node 20 and ChunkRunner runs it by default; the TypeScript kernel on request', () => {
    expect(chunkKernelBackend()).toBe('wasm')
    const model = tableModel({ strategies: ['a', 'b'], horizonMonths: 3, globals: [100, 0, 0, 0, 1], coeffs: [1, 2].map((v) => Array.from({ length: COEFF_SIZE }, (_, k) => (k === COEFF.HOSTING_MODE ? 0 : v))), inputs: [] })
    const plan = { seed: 1, draws: 10, chunkSize: 4, shifts: new Float64Array(6) }
    expect(new ChunkRunner(model, plan).kernelVariant).toBe('wasm')
    expect(new ChunkRunner(model, plan, 'typescript').kernelVariant).toBe('typescript')
    const before = process.env['PAYBACK_SIM_KERNEL']
    try {
      process.env['PAYBACK_SIM_KERNEL'] = 'typescript'
      expect(defaultChunkKernelVariant()).toBe('typescript')
      expect(new ChunkRunner(model, plan).kernelVariant).toBe('typescript')
    } finally {
      if (before === undefined) delete process.env['PAYBACK_SIM_KERNEL']
      else process.env['PAYBACK_SIM_KERNEL'] = before
    }
    expect(defaultChunkKernelVariant()).toBe(before === 'typescript' ? 'typescript' : 'wasm')
  })

  it('gives the per-draw bits (runMonthLoop + Tally.add + addToChunkSums) on random rows, with infinities, NaN and -0, in pairs and one at a time', () => {
    const stream = createStream(7, 3)
    const next = () => stream.nextFloat64()
    const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
    const special = [Infinity, -Infinity, NaN, -0, 0, 2 ** -1074, 2 ** 60, -(2 ** 60)]
    const value = (scale: number) => (next() < 0.04 ? (special[int(0, special.length - 1)] as number) : (next() < 0.1 ? -1 : 1) * Math.pow(10, next() * 12 - 4) * scale)
    for (let trial = 0; trial < 40; trial++) {
      const strategies = int(1, 7)
      const horizon = [1, 2, 13, 24, 37, 96][int(0, 5)] as number
      const width = GLOBAL_SIZE + strategies * COEFF_SIZE
      const draws = int(1, 700)
      const rows = new Float64Array(draws * width)
      const rates = [0, 0.1, -0, NaN, 0.05]
      for (let d = 0; d < draws; d++) {
        const at = d * width
        rows[at] = value(1e4)
        rows[at + 1] = next() * 0.4 - 0.2
        rows[at + 2] = next() * 0.2 - 0.1
        rows[at + 3] = next() < 0.7 ? (rates[trial % rates.length] as number) : next() * 0.3
        for (let s = 0; s < strategies; s++) {
          const c = at + GLOBAL_SIZE + s * COEFF_SIZE
          for (let k = 0; k < COEFF_SIZE; k++) rows[c + k] = next() < 0.3 ? 0 : value(k === COEFF.PER_REQUEST_OTHER_USD || k === COEFF.PER_REQUEST_FRONTIER_USD ? 1e-5 : 1)
          rows[c + COEFF.MIN_REPLICAS] = int(0, 3)
          rows[c + COEFF.HOSTING_MODE] = 0 // the kernel has always-on hosting only (hourly models run on the TypeScript path)
          rows[c + COEFF.RETRAIN_EVERY] = next() < 0.05 ? (special[int(0, 4)] as number) : int(0, 7)
          if (next() < 0.5) rows[c + COEFF.REQUESTS_PER_GPU_MONTH] = 0
        }
        // Equal strategies (ties for "cheapest"; payback at month 0) and infinite savings (NaN paybacks).
        if (strategies > 1 && next() < 0.1) rows.copyWithin(at + GLOBAL_SIZE + COEFF_SIZE, at + GLOBAL_SIZE, at + GLOBAL_SIZE + COEFF_SIZE)
        if (next() < 0.05) rows[at + GLOBAL_SIZE + COEFF.FIXED_MONTHLY_USD] = Infinity
      }
      const shifts = Float64Array.from({ length: 3 * strategies }, () => value(1e3))
      const chunkSize = int(1, 300)

      const layout = new TallyLayout(strategies, horizon)
      const expected = new Tally(layout)
      const draw = createDrawBuffers(strategies, horizon)
      const expectedSums: Float64Array[] = []
      for (let from = 0; from < draws; from += chunkSize) {
        const sums = new Float64Array(layout.sumsLength)
        for (let d = from; d < Math.min(draws, from + chunkSize); d++) {
          runMonthLoop(rows.subarray(d * width, d * width + GLOBAL_SIZE), rows.subarray(d * width + GLOBAL_SIZE, (d + 1) * width), draw)
          expected.add(draw)
          addToChunkSums(sums, draw, shifts)
        }
        expectedSums.push(sums)
      }

      for (const pairs of [true, false]) {
        const tally = new Tally(layout)
        const capacity = int(1, 64)
        const wasm = createWasmChunkKernel(tally, capacity)
        if (wasm === null) throw new Error('no WebAssembly')
        wasm.usePairs(pairs)
        const gotSums: Float64Array[] = []
        for (let from = 0; from < draws; from += chunkSize) {
          wasm.beginChunk(shifts)
          const end = Math.min(draws, from + chunkSize)
          // Runs of random lengths up to the capacity: pairs start at odd pending counts too.
          for (let d = from; d < end; ) {
            const count = Math.min(end - d, int(1, capacity))
            for (let i = 0; i < count; i++) {
              const at = (d + i) * width
              wasm.setRow(i, rows.subarray(at, at + GLOBAL_SIZE), rows.subarray(at + GLOBAL_SIZE, at + width))
            }
            wasm.runRows(count)
            d += count
          }
          gotSums.push(wasm.endChunk())
        }
        const where = `trial ${trial} (${strategies} strategies x ${horizon} months, ${draws} draws, chunks of ${chunkSize}, pairs ${pairs})`
        expect({ where, sums: gotSums.every((sums, k) => Buffer.compare(bytes(canonical(sums)), bytes(canonical(expectedSums[k] as Float64Array))) === 0) }).toEqual({ where, sums: true })
        expect({ where, extremes: Buffer.compare(bytes(tally.extremes), bytes(expected.extremes)) }).toEqual({ where, extremes: 0 })
        expect({ where, counts: Buffer.compare(bytes(tally.counts), bytes(expected.counts)) }).toEqual({ where, counts: 0 })
      }
    }
  })
})
