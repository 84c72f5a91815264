// AssemblyScript source of the Philox4x32-10 WebAssembly module (not plain TypeScript: tsc skips
// this folder, see tsconfig.json). `node scripts/build-wasm.mjs` compiles it into
// ../philox-wasm-bytes.ts. Same cipher and counter layout as kernel/sim/random.ts (Random123
// `philox.h`, `philox4x32_R` with R = 10):
//   key = (k0, k1); block n of stream `c2`: counter = (n mod 2^32, floor(n / 2^32), c2, 0).
// The fill functions take counter words 2 and 3 and the 64-bit block index (blockHi, blockLo):
// block n has counter (n mod 2^32, floor(n / 2^32) mod 2^32, c2, c3), any key; the caller can add
// a base to blockHi (a substream's counter word 1) and check the Random123 known answers.
//
// Every fill function writes whole blocks, starting with block (blockHi * 2^32 + blockLo), to the
// scratch area at `scratch()` (room for `scratchBlocks()` blocks); the caller copies out the part
// it wants. Doubles: two per block, from the word pairs (w0, w1) and (w2, w3):
//   open = 0: ((a >>> 5) * 2^26 + (b >>> 6)) * 2^-53          in [0, 1)
//   open = 1: ((a >>> 6) * 2^26 + (b >>> 6) + 0.5) * 2^-52    in (0, 1)
// Words: four u32 per block, in order.

const M0: u64 = 0xd2511f53
const M1: u64 = 0xcd9e8d57
const W0: u32 = 0x9e3779b9
const W1: u32 = 0xbb67ae85

/** 16 bytes per block: two f64 or four u32. */
const BLOCK_BYTES: usize = 16

@inline function scratchStart(): usize {
  return ((__heap_base + 15) & ~(<usize>15)) + 64
}

/** Byte address of the scratch area. */
export function scratch(): usize {
  return scratchStart()
}

/** Blocks the scratch area holds. */
export function scratchBlocks(): i32 {
  return <i32>(((<usize>memory.size() << 16) - scratchStart()) / BLOCK_BYTES)
}

// ---- scalar: one block at a time, 32x32->64 products as i64 multiplies ----

/** Where the block functions leave their result: 4 words (scalar) or 4 v128 (SIMD), below the scratch area. */
@inline function state(): usize {
  return (__heap_base + 15) & ~(<usize>15)
}

/**
 * Encrypts counter (c0, c1, c2, c3) under key (k0, k1) and stores the four words at state():
 * ten rounds of (x0, x1, x2, x3) <- (hi(M1 x2) ^ x1 ^ key0, lo(M1 x2), hi(M0 x0) ^ x3 ^ key1, lo(M0 x0)),
 * the key bumped by (W0, W1) after each round.
 */
@inline function block(c0: u32, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32): void {
  let x0 = c0
  let x1 = c1
  let x2 = c2
  let x3 = c3
  let key0 = k0
  let key1 = k1
  for (let r = 0; r < 10; r++) {
    const p0 = <u64>x0 * M0
    const p1 = <u64>x2 * M1
    const y0 = <u32>(p1 >>> 32) ^ x1 ^ key0
    const y2 = <u32>(p0 >>> 32) ^ x3 ^ key1
    x1 = <u32>p1
    x3 = <u32>p0
    x0 = y0
    x2 = y2
    key0 += W0
    key1 += W1
  }
  const at = state()
  store<u32>(at, x0)
  store<u32>(at, x1, 4)
  store<u32>(at, x2, 8)
  store<u32>(at, x3, 12)
}

/** The two doubles of the block at state(), to ptr. */
@inline function storePair(ptr: usize, shift: u32, offset: f64, unit: f64): void {
  const at = state()
  store<f64>(ptr, (<f64>(load<u32>(at) >>> shift) * 67108864.0 + <f64>(load<u32>(at, 4) >>> 6) + offset) * unit)
  store<f64>(ptr, (<f64>(load<u32>(at, 8) >>> shift) * 67108864.0 + <f64>(load<u32>(at, 12) >>> 6) + offset) * unit, 8)
}

/** Scalar: `nBlocks` blocks from block (blockHi, blockLo) of stream c2 under key (k0, k1), as doubles. */
export function fillF64Scalar(k0: u32, k1: u32, c2: u32, c3: u32, blockLo: u32, blockHi: u32, nBlocks: i32, open: i32): void {
  const shift: u32 = open ? 6 : 5
  const offset: f64 = open ? 0.5 : 0.0
  const unit: f64 = open ? 2.220446049250313e-16 : 1.1102230246251565e-16
  let n = (<u64>blockHi << 32) | <u64>blockLo
  let ptr = scratchStart()
  for (let i = 0; i < nBlocks; i++) {
    block(<u32>n, <u32>(n >>> 32), c2, c3, k0, k1)
    storePair(ptr, shift, offset, unit)
    ptr += BLOCK_BYTES
    n++
  }
}

/** Scalar: `nBlocks` blocks as raw words. */
export function fillWordsScalar(k0: u32, k1: u32, c2: u32, c3: u32, blockLo: u32, blockHi: u32, nBlocks: i32): void {
  let n = (<u64>blockHi << 32) | <u64>blockLo
  let ptr = scratchStart()
  for (let i = 0; i < nBlocks; i++) {
    block(<u32>n, <u32>(n >>> 32), c2, c3, k0, k1)
    v128.store(ptr, v128.load(state()))
    ptr += BLOCK_BYTES
    n++
  }
}

// ---- SIMD: four consecutive blocks at once, block j in lane j of each i32x4 ----

/** Encrypts blocks n .. n+3 (block j in lane j) and stores the four i32x4 states at state(). */
@inline function blockV(n: u64, c2: u32, c3: u32, k0: u32, k1: u32): void {
  const m0 = i32x4.splat(<i32>M0)
  const m1 = i32x4.splat(<i32>M1)
  const lo = i32x4.splat(<i32>n)
  const c0 = i32x4.add(lo, i32x4(0, 1, 2, 3))
  let v0 = c0
  // Carry into counter word 1 where the low word wrapped (lane < lo, unsigned): the mask is -1 there.
  let v1 = i32x4.sub(i32x4.splat(<i32>(n >>> 32)), i32x4.lt_u(c0, lo))
  let v2 = i32x4.splat(<i32>c2)
  let v3 = i32x4.splat(<i32>c3)
  let key0 = k0
  let key1 = k1
  for (let r = 0; r < 10; r++) {
    // High halves of the four 64-bit products: the odd i32 lanes of the two i64x2 products.
    const hi0 = i32x4.shuffle(i64x2.extmul_low_i32x4_u(v0, m0), i64x2.extmul_high_i32x4_u(v0, m0), 1, 3, 5, 7)
    const hi1 = i32x4.shuffle(i64x2.extmul_low_i32x4_u(v2, m1), i64x2.extmul_high_i32x4_u(v2, m1), 1, 3, 5, 7)
    const lo0 = i32x4.mul(v0, m0)
    const lo1 = i32x4.mul(v2, m1)
    v0 = v128.xor(v128.xor(hi1, v1), i32x4.splat(key0))
    v2 = v128.xor(v128.xor(hi0, v3), i32x4.splat(key1))
    v1 = lo1
    v3 = lo0
    key0 += W0
    key1 += W1
  }
  const at = state()
  v128.store(at, v0)
  v128.store(at, v1, 16)
  v128.store(at, v2, 32)
  v128.store(at, v3, 48)
}

@inline function pairV(a: v128, b: v128, scale: v128, offset: v128, unit: v128): v128 {
  return f64x2.mul(f64x2.add(f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_u(a), scale), f64x2.convert_low_i32x4_u(b)), offset), unit)
}

/** SIMD: like {@link fillF64Scalar}. */
export function fillF64(k0: u32, k1: u32, c2: u32, c3: u32, blockLo: u32, blockHi: u32, nBlocks: i32, open: i32): void {
  const shift: i32 = open ? 6 : 5
  const scale = f64x2.splat(67108864.0)
  const offset = f64x2.splat(open ? 0.5 : 0.0)
  const unit = f64x2.splat(open ? 2.220446049250313e-16 : 1.1102230246251565e-16)
  let n = (<u64>blockHi << 32) | <u64>blockLo
  let ptr = scratchStart()
  let i = 0
  for (; i + 4 <= nBlocks; i += 4) {
    blockV(n, c2, c3, k0, k1)
    const at = state()
    const a = i32x4.shr_u(v128.load(at), shift)
    const b = i32x4.shr_u(v128.load(at, 16), 6)
    const c = i32x4.shr_u(v128.load(at, 32), shift)
    const d = i32x4.shr_u(v128.load(at, 48), 6)
    // Block j writes (a[j], b[j]) then (c[j], d[j]).
    v128.store(ptr, pairV(i32x4.shuffle(a, c, 0, 4, 0, 4), i32x4.shuffle(b, d, 0, 4, 0, 4), scale, offset, unit))
    v128.store(ptr, pairV(i32x4.shuffle(a, c, 1, 5, 1, 5), i32x4.shuffle(b, d, 1, 5, 1, 5), scale, offset, unit), 16)
    v128.store(ptr, pairV(i32x4.shuffle(a, c, 2, 6, 2, 6), i32x4.shuffle(b, d, 2, 6, 2, 6), scale, offset, unit), 32)
    v128.store(ptr, pairV(i32x4.shuffle(a, c, 3, 7, 3, 7), i32x4.shuffle(b, d, 3, 7, 3, 7), scale, offset, unit), 48)
    ptr += 4 * BLOCK_BYTES
    n += 4
  }
  const unitS: f64 = open ? 2.220446049250313e-16 : 1.1102230246251565e-16
  const offsetS: f64 = open ? 0.5 : 0.0
  for (; i < nBlocks; i++) {
    block(<u32>n, <u32>(n >>> 32), c2, c3, k0, k1)
    storePair(ptr, <u32>shift, offsetS, unitS)
    ptr += BLOCK_BYTES
    n++
  }
}

/** SIMD: like {@link fillWordsScalar}. */
export function fillWords(k0: u32, k1: u32, c2: u32, c3: u32, blockLo: u32, blockHi: u32, nBlocks: i32): void {
  let n = (<u64>blockHi << 32) | <u64>blockLo
  let ptr = scratchStart()
  let i = 0
  for (; i + 4 <= nBlocks; i += 4) {
    blockV(n, c2, c3, k0, k1)
    const at = state()
    const v0 = v128.load(at)
    const v1 = v128.load(at, 16)
    const v2 = v128.load(at, 32)
    const v3 = v128.load(at, 48)
    // 4x4 transpose: lane j of v0..v3 is block j.
    const t0 = i32x4.shuffle(v0, v1, 0, 4, 1, 5)
    const t1 = i32x4.shuffle(v2, v3, 0, 4, 1, 5)
    const t2 = i32x4.shuffle(v0, v1, 2, 6, 3, 7)
    const t3 = i32x4.shuffle(v2, v3, 2, 6, 3, 7)
    v128.store(ptr, i64x2.shuffle(t0, t1, 0, 2))
    v128.store(ptr, i64x2.shuffle(t0, t1, 1, 3), 16)
    v128.store(ptr, i64x2.shuffle(t2, t3, 0, 2), 32)
    v128.store(ptr, i64x2.shuffle(t2, t3, 1, 3), 48)
    ptr += 4 * BLOCK_BYTES
    n += 4
  }
  for (; i < nBlocks; i++) {
    block(<u32>n, <u32>(n >>> 32), c2, c3, k0, k1)
    v128.store(ptr, v128.load(state()))
    ptr += BLOCK_BYTES
    n++
  }
}
