/**
 * Bulk Philox4x32-10 uniforms in WebAssembly: the same numbers as {@link streamAt}'s
 * `fill` / `fillOpen01` / `nextUint32`, bit for bit, several times faster.
 *
 * The module (kernel/sim/philox-wasm/assembly/philox.ts, AssemblyScript, compiled by
 * `npm run build-wasm` into the committed kernel/sim/philox-wasm/philox-wasm-bytes.ts) encrypts
 * four consecutive blocks at once in the i32x4 lanes of WebAssembly SIMD, the 32x32->64-bit
 * products from `i64x2.extmul_low/high_i32x4_u`, and converts them to doubles in its own 128 KiB
 * memory; this module copies them out, a piece at a time for outputs longer than that. It is
 * compiled once per thread (worker), on first use. Where WebAssembly (or its SIMD) is missing,
 * every function here falls back to the TypeScript {@link Stream}, with the same results.
 *
 * Counter layout and units as in kernel/sim/random.ts: block `n` of stream (seed, streamId) has
 * counter (n mod 2^32, floor(n / 2^32), streamId, 0) and key (seed mod 2^32, floor(seed / 2^32));
 * a draw is two 32-bit words; offsets are in draws.
 */
import { installBulkFill, Stream, streamAt, withBulkFill, type BulkBlockFill } from './random.js'
import { PHILOX_WASM_BASE64 } from './philox-wasm/philox-wasm-bytes.js'
import { compileWasm } from './wasm-module.js'

const TWO_POW_32 = 4294967296

/** The module's exports (see kernel/sim/philox-wasm/assembly/philox.ts). */
export interface PhiloxExports {
  memory: { buffer: ArrayBuffer }
  scratch(): number
  scratchBlocks(): number
  fillF64(k0: number, k1: number, c2: number, c3: number, blockLo: number, blockHi: number, blocks: number, open: number): void
  fillF64Scalar(k0: number, k1: number, c2: number, c3: number, blockLo: number, blockHi: number, blocks: number, open: number): void
  fillWords(k0: number, k1: number, c2: number, c3: number, blockLo: number, blockHi: number, blocks: number): void
  fillWordsScalar(k0: number, k1: number, c2: number, c3: number, blockLo: number, blockHi: number, blocks: number): void
}

interface Loaded {
  exports: PhiloxExports
  /** Views of the scratch area (the memory is fixed at 2 pages, so they never detach). */
  doubles: Float64Array
  words: Uint32Array
  /** Blocks the scratch area holds (16 bytes each). */
  blocks: number
}

/** The instance of this thread: undefined before the first use, null where WebAssembly failed. */
let loaded: Loaded | null | undefined

function load(): Loaded | null {
  if (loaded !== undefined) return loaded
  try {
    const compiled = compileWasm(PHILOX_WASM_BASE64)
    if (compiled === null) throw new Error('no WebAssembly (or no SIMD)')
    const exports = compiled.instantiate() as PhiloxExports
    const blocks = exports.scratchBlocks()
    const base = exports.scratch()
    loaded = {
      exports,
      doubles: new Float64Array(exports.memory.buffer, base, 2 * blocks),
      words: new Uint32Array(exports.memory.buffer, base, 4 * blocks),
      blocks,
    }
  } catch {
    // No WebAssembly, or no SIMD in it: the TypeScript Stream gives the same numbers.
    loaded = null
  }
  return loaded
}

/**
 * The implementation the fill functions use in this thread: `'wasm-simd'`, or `'typescript'`
 * where WebAssembly SIMD is unavailable.
 *
 * @example
 * philoxBackend() // => 'wasm-simd'
 */
export function philoxBackend(): 'wasm-simd' | 'typescript' {
  return load() === null ? 'typescript' : 'wasm-simd'
}

/** @internal Which code fills: the SIMD module (the default), its scalar functions, or the TypeScript Stream (benchmarks and tests). */
export type PhiloxVariant = 'simd' | 'scalar' | 'typescript'

// Same checks and messages as streamAt (kernel/sim/random.ts).
function assertInteger(name: string, value: number, limit: number, limitText: string): void {
  if (!Number.isInteger(value) || value < 0 || value >= limit) {
    throw new RangeError(`invalid ${name}: ${value} (must be an integer in [0, ${limitText}))`)
  }
}

function validate(seed: number, streamId: number, offset: number): void {
  assertInteger('seed', seed, 2 ** 53, '2^53')
  assertInteger('streamId', streamId, TWO_POW_32, '2^32')
  assertInteger('offset', offset, 2 ** 52, '2^52')
}

/** The bulk fillers over this thread's module: SIMD (the default) and scalar (benchmarks and tests). */
let fillers: { simd: BulkBlockFill; scalar: BulkBlockFill } | null | undefined

function bulkFillers(): { simd: BulkBlockFill; scalar: BulkBlockFill } | null {
  if (fillers !== undefined) return fillers
  const wasm = load()
  fillers =
    wasm === null
      ? null
      : {
          simd: (k0, k1, c1Base, c2, c3, block, out, open) => bulkBlocks(wasm, false, k0, k1, c1Base, c2, c3, block, out, open),
          scalar: (k0, k1, c1Base, c2, c3, block, out, open) => bulkBlocks(wasm, true, k0, k1, c1Base, c2, c3, block, out, open),
        }
  return fillers
}

/**
 * The doubles of a stream through {@link Stream.fill}/{@link Stream.fillOpen01} with the variant's
 * bulk filler: the stream's own TypeScript does the words before the first whole block and after
 * the last, the filler the blocks between (outputs of under 64 draws stay in TypeScript).
 */
function fillDoubles(variant: PhiloxVariant, seed: number, streamId: number, offset: number, out: Float64Array, open: boolean): void {
  validate(seed, streamId, offset)
  const stream = streamAt(seed, streamId, offset)
  const both = variant === 'typescript' ? null : bulkFillers()
  withBulkFill(both === null ? null : variant === 'scalar' ? both.scalar : both.simd, () => (open ? stream.fillOpen01(out) : stream.fill(out)))
}

/**
 * Fills `out` with the uniforms in [0, 1) of draws `offset .. offset + out.length - 1` of stream
 * (seed, streamId): exactly `streamAt(seed, streamId, offset).fill(out)`. No allocation
 * beyond a view for long outputs.
 *
 * @param seed integer in [0, 2^53): the Philox key
 * @param streamId integer in [0, 2^32)
 * @param offset integer in [0, 2^52): the first draw
 * @throws {RangeError} on a seed, stream id or offset outside its range (streamAt's messages)
 * @example
 * const u = new Float64Array(3)
 * fillUniform(42, 0, 0, u)
 * u // => [0.6129598801, 0.0732317369, 0.9877186516]
 * const v = new Float64Array(2)
 * fillUniform(42, 0, 1, v)
 * v[0] === u[1] // => true
 * fillUniform(42, 0, -1, v) // throws RangeError: invalid offset: -1 (must be an integer in [0, 2^52))
 */
export function fillUniform(seed: number, streamId: number, offset: number, out: Float64Array): void {
  fillDoubles('simd', seed, streamId, offset, out, false)
}

/**
 * Fills `out` with the uniforms in the open interval (0, 1) of draws `offset ..` of stream
 * (seed, streamId): exactly `streamAt(seed, streamId, offset).fillOpen01(out)`, safe for
 * `Math.log` and inverse CDFs.
 *
 * @param seed integer in [0, 2^53): the Philox key
 * @param streamId integer in [0, 2^32)
 * @param offset integer in [0, 2^52): the first draw
 * @throws {RangeError} on a seed, stream id or offset outside its range (streamAt's messages)
 * @example
 * const u = new Float64Array(1000)
 * fillOpenUniform(42, 0, 0, u)
 * u[0] // => 0.6129598836
 * u.every((x) => x > 0 && x < 1) // => true
 */
export function fillOpenUniform(seed: number, streamId: number, offset: number, out: Float64Array): void {
  fillDoubles('simd', seed, streamId, offset, out, true)
}

/**
 * Fills `out` with the raw 32-bit words of stream (seed, streamId) from draw `offset` on (word
 * `2 * offset`): what `out.length` calls of `streamAt(seed, streamId, offset).nextUint32()` return.
 *
 * @param seed integer in [0, 2^53): the Philox key
 * @param streamId integer in [0, 2^32)
 * @param offset integer in [0, 2^52): the first draw (two words each)
 * @throws {RangeError} on a seed, stream id or offset outside its range (streamAt's messages)
 * @example
 * const w = new Uint32Array(5)
 * fillWords(0, 0, 0, w)
 * Array.from(w, (x) => x.toString(16)) // => ['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8', 'f8e4cca4']
 */
export function fillWords(seed: number, streamId: number, offset: number, out: Uint32Array): void {
  fillWordsUsing('simd', seed, streamId, offset, out)
}

/** @internal {@link fillUniform} (open = false) or {@link fillOpenUniform} (open = true) by the given variant: benchmarks and tests. */
export function fillUniformUsing(variant: PhiloxVariant, seed: number, streamId: number, offset: number, out: Float64Array, open: boolean): void {
  fillDoubles(variant, seed, streamId, offset, out, open)
}

/** @internal {@link fillWords} by the given variant: benchmarks and tests. */
export function fillWordsUsing(variant: PhiloxVariant, seed: number, streamId: number, offset: number, out: Uint32Array): void {
  validate(seed, streamId, offset)
  const n = out.length
  if (n === 0) return
  const wasm = variant === 'typescript' ? null : load()
  if (wasm === null) {
    const stream: Stream = streamAt(seed, streamId, offset)
    for (let i = 0; i < n; i++) out[i] = stream.nextUint32()
    return
  }
  const { exports, words } = wasm
  const fill = variant === 'scalar' ? exports.fillWordsScalar : exports.fillWords
  const k0 = seed >>> 0
  const k1 = Math.floor(seed / TWO_POW_32)
  // Four words per block: block floor(offset / 2), from its word 2 when offset is odd.
  let skip = 2 * (offset % 2)
  let block = (offset - offset % 2) / 2
  const capacity = 4 * wasm.blocks
  let i = 0
  while (i < n) {
    const count = Math.min(n - i + skip, capacity)
    const blocks = (count + 3) >>> 2
    fill(k0, k1, streamId, 0, block >>> 0, Math.floor(block / TWO_POW_32), blocks)
    const take = count - skip
    if (take < 32) {
      for (let j = 0; j < take; j++) out[i + j] = words[skip + j] as number
    } else {
      out.set(words.subarray(skip, skip + take), i)
    }
    i += take
    block += blocks
    skip = 0
  }
}

/** @internal The WebAssembly module's exports in this thread, null without WebAssembly (known-answer tests). */
export function philoxWasmExports(): PhiloxExports | null {
  return load()?.exports ?? null
}

/** @internal Draws the scratch area holds: outputs longer than this are made in pieces (tests). */
export function scratchDraws(): number {
  const wasm = load()
  return wasm === null ? 0 : 2 * wasm.blocks
}

/**
 * Whole blocks of any block family into `out` (two doubles a block): the {@link BulkBlockFill}
 * that {@link Stream.fill} and {@link Stream.fillOpen01} hand runs of whole blocks to.
 */
function bulkBlocks(wasm: Loaded, scalar: boolean, k0: number, k1: number, c1Base: number, c2: number, c3: number, block: number, out: Float64Array, open: boolean): void {
  const fill = scalar ? wasm.exports.fillF64Scalar : wasm.exports.fillF64
  const doubles = wasm.doubles
  const capacity = wasm.blocks
  const total = out.length >>> 1
  let done = 0
  while (done < total) {
    const blocks = Math.min(total - done, capacity)
    const at = block + done
    fill(k0, k1, c2, c3, at >>> 0, (c1Base + Math.floor(at / TWO_POW_32)) >>> 0, blocks, open ? 1 : 0)
    out.set(blocks === capacity ? doubles : doubles.subarray(0, 2 * blocks), 2 * done)
    done += blocks
  }
}

// Streams fill whole blocks here from now on in this thread (the same numbers, faster).
installBulkFill(bulkFillers()?.simd ?? null)
