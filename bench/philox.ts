/**
 * Philox4x32-10 throughput: 32-bit words per second of
 * - `Stream.fill` (kernel/sim/random.ts, the TypeScript stream),
 * - two plain-JS bulk fills written as the best peer: ten rounds unrolled, the key schedule
 *   precomputed in locals, two doubles per block straight into the output; the 32x32->64 high
 *   product either from 16-bit pieces (as random.ts) or from two exact double products,
 * - the WebAssembly module (kernel/sim/philox-fast.ts) through `fillUniform`, scalar (one block at
 *   a time, i64 multiplies) and SIMD (four blocks in i32x4 lanes), and raw `fillWords` (SIMD).
 * All fill the same [0, 1) uniforms (checked bit for bit before timing). The variants take turns
 * within each round, so a noisy machine slows them alike; medians over the rounds.
 *
 * Run: node bench/run.mjs philox [rounds=9] [draws per call=65536] [ms per measurement=150]
 */
import { fillUniform, fillUniformUsing, fillWords } from '../kernel/sim/philox-fast.js'
import { streamAt, withoutBulkFill } from '../kernel/sim/random.js'

const PHILOX_M0 = 0xd2511f53 | 0
const PHILOX_M1 = 0xcd9e8d57 | 0
const PHILOX_W0 = 0x9e3779b9 | 0
const PHILOX_W1 = 0xbb67ae85 | 0
const M0_HI = 0xd2511f53 >>> 16
const M0_LO = 0xd2511f53 & 0xffff
const M1_HI = 0xcd9e8d57 >>> 16
const M1_LO = 0xcd9e8d57 & 0xffff
const TWO_POW_32 = 4294967296
const TWO_POW_MINUS_16 = 2 ** -16
const TWO_POW_MINUS_53 = 2 ** -53

/** Key words for rounds 0..9 (key bumped by the Weyl constants each round), as int32. */
function keySchedule(seed: number): Int32Array {
  const keys = new Int32Array(20)
  let k0 = seed | 0
  let k1 = Math.floor(seed / TWO_POW_32) | 0
  for (let r = 0; r < 10; r++) {
    keys[2 * r] = k0
    keys[2 * r + 1] = k1
    k0 = (k0 + PHILOX_W0) | 0
    k1 = (k1 + PHILOX_W1) | 0
  }
  return keys
}

/**
 * Plain-JS bulk fill, high products from 16-bit pieces: `streamAt(seed, id, offset).fill(out)`
 * for an even offset and an even `out.length` (whole blocks; enough for the benchmark).
 */
export function jsBulkFillPieces(seed: number, streamId: number, offset: number, out: Float64Array): void {
  const k = keySchedule(seed)
  const ka0 = k[0]!, kb0 = k[1]!, ka1 = k[2]!, kb1 = k[3]!, ka2 = k[4]!, kb2 = k[5]!, ka3 = k[6]!, kb3 = k[7]!, ka4 = k[8]!, kb4 = k[9]!
  const ka5 = k[10]!, kb5 = k[11]!, ka6 = k[12]!, kb6 = k[13]!, ka7 = k[14]!, kb7 = k[15]!, ka8 = k[16]!, kb8 = k[17]!, ka9 = k[18]!, kb9 = k[19]!
  const c2 = streamId | 0
  let block = offset / 2
  const n = out.length
  for (let i = 0; i + 1 < n; i += 2) {
    let x0 = block | 0
    let x1 = Math.floor(block / TWO_POW_32) | 0
    let x2 = c2
    let x3 = 0
    let lo = 0, hi = 0, ll = 0, lh = 0, hl = 0, h0 = 0, h1 = 0, l0 = 0, l1 = 0
      // round 0
      lo = x0 & 0xffff; hi = x0 >>> 16; ll = M0_LO * lo; lh = M0_LO * hi; hl = M0_HI * lo
      h0 = M0_HI * hi + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)
      lo = x2 & 0xffff; hi = x2 >>> 16; ll = M1_LO * lo; lh = M1_LO * hi; hl = M1_HI * lo
      h1 = M1_HI * hi + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)
      l0 = Math.imul(PHILOX_M0, x0); l1 = Math.imul(PHILOX_M1, x2)
      x0 = h1 ^ x1 ^ ka0; x1 = l1; x2 = h0 ^ x3 ^ kb0; x3 = l0
      // round 1
      lo = x0 & 0xffff; hi = x0 >>> 16; ll = M0_LO * lo; lh = M0_LO * hi; hl = M0_HI * lo
      h0 = M0_HI * hi + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)
      lo = x2 & 0xffff; hi = x2 >>> 16; ll = M1_LO * lo; lh = M1_LO * hi; hl = M1_HI * lo
      h1 = M1_HI * hi + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)
      l0 = Math.imul(PHILOX_M0, x0); l1 = Math.imul(PHILOX_M1, x2)
      x0 = h1 ^ x1 ^ ka1; x1 = l1; x2 = h0 ^ x3 ^ kb1; x3 = l0
      // round 2
      lo = x0 & 0xffff; hi = x0 >>> 16; ll = M0_LO * lo; lh = M0_LO * hi; hl = M0_HI * lo
      h0 = M0_HI * hi + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)
      lo = x2 & 0xffff; hi = x2 >>> 16; ll = M1_LO * lo; lh = M1_LO * hi; hl = M1_HI * lo
      h1 = M1_HI * hi + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)
      l0 = Math.imul(PHILOX_M0, x0); l1 = Math.imul(PHILOX_M1, x2)
      x0 = h1 ^ x1 ^ ka2; x1 = l1; x2 = h0 ^ x3 ^ kb2; x3 = l0
      // round 3
      lo = x0 & 0xffff; hi = x0 >>> 16; ll = M0_LO * lo; lh = M0_LO * hi; hl = M0_HI * lo
      h0 = M0_HI * hi + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)
      lo = x2 & 0xffff; hi = x2 >>> 16; ll = M1_LO * lo; lh = M1_LO * hi; hl = M1_HI * lo
      h1 = M1_HI * hi + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)
      l0 = Math.imul(PHILOX_M0, x0); l1 = Math.imul(PHILOX_M1, x2)
      x0 = h1 ^ x1 ^ ka3; x1 = l1; x2 = h0 ^ x3 ^ kb3; x3 = l0
      // round 4
      lo = x0 & 0xffff; hi = x0 >>> 16; ll = M0_LO * lo; lh = M0_LO * hi; hl = M0_HI * lo
      h0 = M0_HI * hi + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)
      lo = x2 & 0xffff; hi = x2 >>> 16; ll = M1_LO * lo; lh = M1_LO * hi; hl = M1_HI * lo
      h1 = M1_HI * hi + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)
      l0 = Math.imul(PHILOX_M0, x0); l1 = Math.imul(PHILOX_M1, x2)
      x0 = h1 ^ x1 ^ ka4; x1 = l1; x2 = h0 ^ x3 ^ kb4; x3 = l0
      // round 5
      lo = x0 & 0xffff; hi = x0 >>> 16; ll = M0_LO * lo; lh = M0_LO * hi; hl = M0_HI * lo
      h0 = M0_HI * hi + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)
      lo = x2 & 0xffff; hi = x2 >>> 16; ll = M1_LO * lo; lh = M1_LO * hi; hl = M1_HI * lo
      h1 = M1_HI * hi + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)
      l0 = Math.imul(PHILOX_M0, x0); l1 = Math.imul(PHILOX_M1, x2)
      x0 = h1 ^ x1 ^ ka5; x1 = l1; x2 = h0 ^ x3 ^ kb5; x3 = l0
      // round 6
      lo = x0 & 0xffff; hi = x0 >>> 16; ll = M0_LO * lo; lh = M0_LO * hi; hl = M0_HI * lo
      h0 = M0_HI * hi + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)
      lo = x2 & 0xffff; hi = x2 >>> 16; ll = M1_LO * lo; lh = M1_LO * hi; hl = M1_HI * lo
      h1 = M1_HI * hi + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)
      l0 = Math.imul(PHILOX_M0, x0); l1 = Math.imul(PHILOX_M1, x2)
      x0 = h1 ^ x1 ^ ka6; x1 = l1; x2 = h0 ^ x3 ^ kb6; x3 = l0
      // round 7
      lo = x0 & 0xffff; hi = x0 >>> 16; ll = M0_LO * lo; lh = M0_LO * hi; hl = M0_HI * lo
      h0 = M0_HI * hi + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)
      lo = x2 & 0xffff; hi = x2 >>> 16; ll = M1_LO * lo; lh = M1_LO * hi; hl = M1_HI * lo
      h1 = M1_HI * hi + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)
      l0 = Math.imul(PHILOX_M0, x0); l1 = Math.imul(PHILOX_M1, x2)
      x0 = h1 ^ x1 ^ ka7; x1 = l1; x2 = h0 ^ x3 ^ kb7; x3 = l0
      // round 8
      lo = x0 & 0xffff; hi = x0 >>> 16; ll = M0_LO * lo; lh = M0_LO * hi; hl = M0_HI * lo
      h0 = M0_HI * hi + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)
      lo = x2 & 0xffff; hi = x2 >>> 16; ll = M1_LO * lo; lh = M1_LO * hi; hl = M1_HI * lo
      h1 = M1_HI * hi + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)
      l0 = Math.imul(PHILOX_M0, x0); l1 = Math.imul(PHILOX_M1, x2)
      x0 = h1 ^ x1 ^ ka8; x1 = l1; x2 = h0 ^ x3 ^ kb8; x3 = l0
      // round 9
      lo = x0 & 0xffff; hi = x0 >>> 16; ll = M0_LO * lo; lh = M0_LO * hi; hl = M0_HI * lo
      h0 = M0_HI * hi + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)
      lo = x2 & 0xffff; hi = x2 >>> 16; ll = M1_LO * lo; lh = M1_LO * hi; hl = M1_HI * lo
      h1 = M1_HI * hi + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)
      l0 = Math.imul(PHILOX_M0, x0); l1 = Math.imul(PHILOX_M1, x2)
      x0 = h1 ^ x1 ^ ka9; x1 = l1; x2 = h0 ^ x3 ^ kb9; x3 = l0
    out[i] = ((x0 >>> 5) * 67108864 + (x1 >>> 6)) * TWO_POW_MINUS_53
    out[i + 1] = ((x2 >>> 5) * 67108864 + (x3 >>> 6)) * TWO_POW_MINUS_53
    block++
  }
}

/**
 * Plain-JS bulk fill, high products from doubles: with x < 2^32 and M split into 16-bit halves
 * (Mh, Ml), x * Mh and x * Ml are exact (< 2^48), and hi(x * M) = floor((x * Mh + floor(x * Ml / 2^16)) / 2^16).
 * Same contract as {@link jsBulkFillPieces}.
 */
export function jsBulkFillFloat(seed: number, streamId: number, offset: number, out: Float64Array): void {
  const k = keySchedule(seed)
  const ka0 = k[0]!, kb0 = k[1]!, ka1 = k[2]!, kb1 = k[3]!, ka2 = k[4]!, kb2 = k[5]!, ka3 = k[6]!, kb3 = k[7]!, ka4 = k[8]!, kb4 = k[9]!
  const ka5 = k[10]!, kb5 = k[11]!, ka6 = k[12]!, kb6 = k[13]!, ka7 = k[14]!, kb7 = k[15]!, ka8 = k[16]!, kb8 = k[17]!, ka9 = k[18]!, kb9 = k[19]!
  const c2 = streamId | 0
  let block = offset / 2
  const n = out.length
  for (let i = 0; i + 1 < n; i += 2) {
    let x0 = block | 0
    let x1 = Math.floor(block / TWO_POW_32) | 0
    let x2 = c2
    let x3 = 0
    let u0 = 0, u2 = 0, h0 = 0, h1 = 0, l0 = 0, l1 = 0
      // round 0
      u0 = x0 >>> 0; u2 = x2 >>> 0
      h0 = Math.floor((u0 * M0_HI + Math.floor(u0 * M0_LO * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16)
      h1 = Math.floor((u2 * M1_HI + Math.floor(u2 * M1_LO * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16)
      l0 = Math.imul(PHILOX_M0, x0); l1 = Math.imul(PHILOX_M1, x2)
      x0 = h1 ^ x1 ^ ka0; x1 = l1; x2 = h0 ^ x3 ^ kb0; x3 = l0
      // round 1
      u0 = x0 >>> 0; u2 = x2 >>> 0
      h0 = Math.floor((u0 * M0_HI + Math.floor(u0 * M0_LO * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16)
      h1 = Math.floor((u2 * M1_HI + Math.floor(u2 * M1_LO * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16)
      l0 = Math.imul(PHILOX_M0, x0); l1 = Math.imul(PHILOX_M1, x2)
      x0 = h1 ^ x1 ^ ka1; x1 = l1; x2 = h0 ^ x3 ^ kb1; x3 = l0
      // round 2
      u0 = x0 >>> 0; u2 = x2 >>> 0
      h0 = Math.floor((u0 * M0_HI + Math.floor(u0 * M0_LO * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16)
      h1 = Math.floor((u2 * M1_HI + Math.floor(u2 * M1_LO * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16)
      l0 = Math.imul(PHILOX_M0, x0); l1 = Math.imul(PHILOX_M1, x2)
      x0 = h1 ^ x1 ^ ka2; x1 = l1; x2 = h0 ^ x3 ^ kb2; x3 = l0
      // round 3
      u0 = x0 >>> 0; u2 = x2 >>> 0
      h0 = Math.floor((u0 * M0_HI + Math.floor(u0 * M0_LO * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16)
      h1 = Math.floor((u2 * M1_HI + Math.floor(u2 * M1_LO * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16)
      l0 = Math.imul(PHILOX_M0, x0); l1 = Math.imul(PHILOX_M1, x2)
      x0 = h1 ^ x1 ^ ka3; x1 = l1; x2 = h0 ^ x3 ^ kb3; x3 = l0
      // round 4
      u0 = x0 >>> 0; u2 = x2 >>> 0
      h0 = Math.floor((u0 * M0_HI + Math.floor(u0 * M0_LO * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16)
      h1 = Math.floor((u2 * M1_HI + Math.floor(u2 * M1_LO * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16)
      l0 = Math.imul(PHILOX_M0, x0); l1 = Math.imul(PHILOX_M1, x2)
      x0 = h1 ^ x1 ^ ka4; x1 = l1; x2 = h0 ^ x3 ^ kb4; x3 = l0
      // round 5
      u0 = x0 >>> 0; u2 = x2 >>> 0
      h0 = Math.floor((u0 * M0_HI + Math.floor(u0 * M0_LO * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16)
      h1 = Math.floor((u2 * M1_HI + Math.floor(u2 * M1_LO * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16)
      l0 = Math.imul(PHILOX_M0, x0); l1 = Math.imul(PHILOX_M1, x2)
      x0 = h1 ^ x1 ^ ka5; x1 = l1; x2 = h0 ^ x3 ^ kb5; x3 = l0
      // round 6
      u0 = x0 >>> 0; u2 = x2 >>> 0
      h0 = Math.floor((u0 * M0_HI + Math.floor(u0 * M0_LO * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16)
      h1 = Math.floor((u2 * M1_HI + Math.floor(u2 * M1_LO * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16)
      l0 = Math.imul(PHILOX_M0, x0); l1 = Math.imul(PHILOX_M1, x2)
      x0 = h1 ^ x1 ^ ka6; x1 = l1; x2 = h0 ^ x3 ^ kb6; x3 = l0
      // round 7
      u0 = x0 >>> 0; u2 = x2 >>> 0
      h0 = Math.floor((u0 * M0_HI + Math.floor(u0 * M0_LO * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16)
      h1 = Math.floor((u2 * M1_HI + Math.floor(u2 * M1_LO * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16)
      l0 = Math.imul(PHILOX_M0, x0); l1 = Math.imul(PHILOX_M1, x2)
      x0 = h1 ^ x1 ^ ka7; x1 = l1; x2 = h0 ^ x3 ^ kb7; x3 = l0
      // round 8
      u0 = x0 >>> 0; u2 = x2 >>> 0
      h0 = Math.floor((u0 * M0_HI + Math.floor(u0 * M0_LO * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16)
      h1 = Math.floor((u2 * M1_HI + Math.floor(u2 * M1_LO * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16)
      l0 = Math.imul(PHILOX_M0, x0); l1 = Math.imul(PHILOX_M1, x2)
      x0 = h1 ^ x1 ^ ka8; x1 = l1; x2 = h0 ^ x3 ^ kb8; x3 = l0
      // round 9
      u0 = x0 >>> 0; u2 = x2 >>> 0
      h0 = Math.floor((u0 * M0_HI + Math.floor(u0 * M0_LO * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16)
      h1 = Math.floor((u2 * M1_HI + Math.floor(u2 * M1_LO * TWO_POW_MINUS_16)) * TWO_POW_MINUS_16)
      l0 = Math.imul(PHILOX_M0, x0); l1 = Math.imul(PHILOX_M1, x2)
      x0 = h1 ^ x1 ^ ka9; x1 = l1; x2 = h0 ^ x3 ^ kb9; x3 = l0
    out[i] = ((x0 >>> 5) * 67108864 + (x1 >>> 6)) * TWO_POW_MINUS_53
    out[i + 1] = ((x2 >>> 5) * 67108864 + (x3 >>> 6)) * TWO_POW_MINUS_53
    block++
  }
}

interface Variant {
  name: string
  /** Fills `out` (draws) starting at draw `offset`; returns the words made. */
  run: (offset: number) => number
}

const rounds = Number(process.argv[2] ?? 9)
const draws = Number(process.argv[3] ?? 65536)
const millis = Number(process.argv[4] ?? 150)
const SEED = 0x1234_5678_9abc
const STREAM = 3
const out = new Float64Array(draws)
const words = new Uint32Array(2 * draws)

const variants: Variant[] = [
  // The stream's own TypeScript: loading philox-fast installs the WebAssembly bulk filler that
  // Stream.fill would otherwise hand whole blocks to.
  { name: 'TypeScript Stream.fill', run: (offset) => (withoutBulkFill(() => streamAt(SEED, STREAM, offset).fill(out)), 2 * draws) },
  { name: 'plain JS bulk, 16-bit pieces', run: (offset) => (jsBulkFillPieces(SEED, STREAM, offset, out), 2 * draws) },
  { name: 'plain JS bulk, double products', run: (offset) => (jsBulkFillFloat(SEED, STREAM, offset, out), 2 * draws) },
  { name: 'WASM scalar (fillUniform)', run: (offset) => (fillUniformUsing('scalar', SEED, STREAM, offset, out, false), 2 * draws) },
  { name: 'WASM SIMD (fillUniform)', run: (offset) => (fillUniform(SEED, STREAM, offset, out), 2 * draws) },
  { name: 'WASM SIMD raw (fillWords)', run: (offset) => (fillWords(SEED, STREAM, offset, words), 2 * draws) },
]

// Every double-producing variant must give streamAt's numbers.
const expected = new Float64Array(draws)
withoutBulkFill(() => streamAt(SEED, STREAM, 2 * 2 ** 32 - 10).fill(expected))
for (const variant of variants.slice(0, 5)) {
  out.fill(-1)
  variant.run(2 * 2 ** 32 - 10)
  for (let i = 0; i < draws; i++) {
    if (!Object.is(out[i], expected[i])) throw new Error(`${variant.name}: draw ${i} differs (${out[i]} vs ${expected[i]})`)
  }
}

/** Words per second of `variant` over about `millis` ms. */
function measure(variant: Variant): number {
  let made = 0
  let offset = 0
  const start = process.hrtime.bigint()
  const until = start + BigInt(millis) * 1_000_000n
  let now = start
  do {
    made += variant.run(offset)
    offset += draws
    now = process.hrtime.bigint()
  } while (now < until)
  return made / (Number(now - start) / 1e9)
}

for (const variant of variants) measure(variant) // warm-up: compile every path
const samples = variants.map(() => [] as number[])
for (let r = 0; r < rounds; r++) variants.forEach((variant, v) => samples[v]!.push(measure(variant)))

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const base = median(samples[0]!)
const bestJs = Math.max(median(samples[1]!), median(samples[2]!))
console.log(`Philox4x32-10, ${draws} draws per call, ${rounds} rounds of ${millis} ms each, Node ${process.version}`)
console.log('variant'.padEnd(34) + 'M words/s (median)'.padStart(20) + '   min..max'.padEnd(18) + 'x Stream.fill'.padStart(14) + 'x best JS'.padStart(11))
variants.forEach((variant, v) => {
  const m = median(samples[v]!)
  const lo = Math.min(...samples[v]!) / 1e6
  const hi = Math.max(...samples[v]!) / 1e6
  console.log(
    variant.name.padEnd(34) +
      (m / 1e6).toFixed(1).padStart(20) +
      `   ${lo.toFixed(0)}..${hi.toFixed(0)}`.padEnd(18) +
      (m / base).toFixed(2).padStart(14) +
      (m / bestJs).toFixed(2).padStart(11),
  )
})
