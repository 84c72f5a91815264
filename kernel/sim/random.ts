/**
 * Seeded, splittable, counter-based random numbers for the simulation kernel: Philox4x32-10.
 *
 * Philox is a keyed bijection on 128-bit counters (Salmon, Moraes, Dror and Shaw, "Parallel
 * random numbers: as easy as 1, 2, 3", SC '11, https://doi.org/10.1145/2063384.2063405; the
 * reference code and known-answer vectors are in Random123,
 * https://github.com/DEShawResearch/random123, `include/Random123/philox.h` and
 * `tests/kat_vectors`). Output block `n` of a stream is a pure function of (seed, stream id, n),
 * so any draw can be reached in O(1) and the numbers do not depend on how the work is split
 * across worker threads.
 *
 * Layout of the 128-bit counter and 64-bit key used here:
 * - key = the seed (low 32 bits, high 21 bits);
 * - a stream's block `n`: counter = (n mod 2^32, floor(n / 2^32), streamId, 0);
 * - the private substream of the draw at word position `w` (see {@link Stream.splitDraw}):
 *   counter = (r, w mod 2^32, streamId, 2^31 | floor(w / 2^32)), r = 0, 1, 2, ...
 * The last word keeps the two families apart, so no two of them ever share a counter.
 *
 * Units: a *word* is one 32-bit output; a *draw* is two words (64 bits), what
 * {@link Stream.nextFloat64} and {@link Stream.nextOpen01} consume. Offsets and positions are in
 * draws.
 */

/** Philox4x32 multipliers and Weyl key increments (Random123 `philox.h`), as int32. */
const PHILOX_M0 = 0xd2511f53 | 0
const PHILOX_M1 = 0xcd9e8d57 | 0
const PHILOX_W0 = 0x9e3779b9 | 0
const PHILOX_W1 = 0xbb67ae85 | 0
const M0_HI = 0xd2511f53 >>> 16
const M0_LO = 0xd2511f53 & 0xffff
const M1_HI = 0xcd9e8d57 >>> 16
const M1_LO = 0xcd9e8d57 & 0xffff

const TWO_POW_32 = 4294967296
const TWO_POW_MINUS_52 = 2 ** -52
const TWO_POW_MINUS_53 = 2 ** -53
/** Words in a stream or substream before the counter would wrap into another one's: 2^53. */
const MAX_WORDS = 2 ** 53
const SUBSTREAM_FLAG = 0x80000000

/**
 * One Philox4x32-10 block: encrypts the counter `(c0, c1, c2, c3)` under the key `(k0, k1)` and
 * writes the four 32-bit outputs to `out[0..3]`. All arguments are uint32. Ten rounds of two
 * 32x32->64 multiplications, about 120 integer operations.
 *
 * Source: Random123 `philox.h` (`_philox4x32round`, `_philox4x32bumpkey`, `philox4x32_R`):
 * round `i` uses the key bumped `i` times by (0x9E3779B9, 0xBB67AE85).
 *
 * @example
 * const out = new Uint32Array(4)
 * philox4x32(0, 0, 0, 0, 0, 0, out)
 * out // => [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8] (Random123 tests/kat_vectors)
 */
export function philox4x32(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array,
): void {
  let x0 = c0 | 0
  let x1 = c1 | 0
  let x2 = c2 | 0
  let x3 = c3 | 0
  let key0 = k0 | 0
  let key1 = k1 | 0
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      key0 = (key0 + PHILOX_W0) | 0
      key1 = (key1 + PHILOX_W1) | 0
    }
    // High halves of the 32x32->64-bit products M0 * x0 and M1 * x2 from 16-bit pieces: every
    // partial product is below 2^32, so the sums are exact (the fastest form measured in V8).
    let low = x0 & 0xffff
    let high = x0 >>> 16
    let ll = M0_LO * low
    let lh = M0_LO * high
    let hl = M0_HI * low
    const hi0 = (M0_HI * high + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)) | 0
    low = x2 & 0xffff
    high = x2 >>> 16
    ll = M1_LO * low
    lh = M1_LO * high
    hl = M1_HI * low
    const hi1 = (M1_HI * high + (lh >>> 16) + (hl >>> 16) + (((ll >>> 16) + (lh & 0xffff) + (hl & 0xffff)) >>> 16)) | 0
    const lo0 = Math.imul(PHILOX_M0, x0)
    const lo1 = Math.imul(PHILOX_M1, x2)
    x0 = hi1 ^ x1 ^ key0
    x1 = lo1
    x2 = hi0 ^ x3 ^ key1
    x3 = lo0
  }
  out[0] = x0
  out[1] = x1
  out[2] = x2
  out[3] = x3
}

/**
 * A bulk filler of whole Philox blocks, two doubles per block: `out[2i], out[2i + 1]` from block
 * `block + i` of the family (key k0, k1; counter word 1 = c1Base + the block's high half; words 2
 * and 3 = c2, c3), in the [0, 1) form of {@link Stream.fill} or, when `open`, the (0, 1) form of
 * {@link Stream.fillOpen01}. `out.length` is even. It must give exactly what
 * {@link philox4x32} gives.
 */
export type BulkBlockFill = (k0: number, k1: number, c1Base: number, c2: number, c3: number, block: number, out: Float64Array, open: boolean) => void

/** The bulk filler `fill` and `fillOpen01` hand whole blocks to; null: this module's TypeScript. */
let bulkFill: BulkBlockFill | null = null
/** Outputs shorter than this stay in TypeScript (a call into WebAssembly has a fixed cost). */
const BULK_MIN_DRAWS = 64

/**
 * Installs (or, with null, removes) the bulk filler that {@link Stream.fill} and
 * {@link Stream.fillOpen01} use for runs of whole blocks: `philox-fast.ts` installs its
 * WebAssembly one when it is loaded. The numbers do not change, only their speed.
 */
export function installBulkFill(fill: BulkBlockFill | null): void {
  bulkFill = fill
}

/**
 * Runs `run` with `fill` as the bulk filler (null: none, the streams' own TypeScript, the
 * reference the WebAssembly filler is tested against), then puts back what was there.
 */
export function withBulkFill<T>(fill: BulkBlockFill | null, run: () => T): T {
  const installed = bulkFill
  bulkFill = fill
  try {
    return run()
  } finally {
    bulkFill = installed
  }
}

/** {@link withBulkFill} with none: `run` on the streams' own TypeScript. */
export function withoutBulkFill<T>(run: () => T): T {
  return withBulkFill(null, run)
}

function assertInteger(name: string, value: number, limit: number, limitText: string): void {
  if (!Number.isInteger(value) || value < 0 || value >= limit) {
    throw new RangeError(`invalid ${name}: ${value} (must be an integer in [0, ${limitText}))`)
  }
}

/**
 * A stream of random numbers: Philox4x32-10 blocks read in counter order, four 32-bit words per
 * block. One class, so every call site stays monomorphic; no method allocates.
 *
 * Make one with {@link createStream} or {@link streamAt}.
 *
 * @example
 * const stream = createStream(42, 0)
 * const u = stream.nextFloat64() // => 0.6129598801 (in [0, 1))
 */
export class Stream {
  private key0 = 0
  private key1 = 0
  /** Counter word 1 added to the high half of the block index (a substream's position, low half). */
  private counter1Base = 0
  private counter2 = 0
  private counter3 = 0
  /** Index of the block held in `words`; -1 before the first. */
  private block = -1
  /** The next word of `words` to hand out; 4 or more when the next block is due (see `seekWord`). */
  private index = 4
  private readonly words = new Uint32Array(4)

  /** Use {@link createStream} or {@link streamAt}; `new Stream()` is an unseeded placeholder for {@link Stream.splitDraw}. */
  constructor() {}

  /** (Re)points this stream at the block family given by key and counter words 1-3, at word `wordPosition`. */
  private reset(key0: number, key1: number, counter1Base: number, counter2: number, counter3: number, wordPosition: number): void {
    this.key0 = key0
    this.key1 = key1
    this.counter1Base = counter1Base
    this.counter2 = counter2
    this.counter3 = counter3
    this.seekWord(wordPosition)
  }

  /** @internal Points a fresh stream at (seed, streamId), word `wordPosition`. */
  static at(seed: number, streamId: number, wordPosition: number): Stream {
    const stream = new Stream()
    stream.reset(seed >>> 0, Math.floor(seed / TWO_POW_32), 0, streamId >>> 0, 0, wordPosition)
    return stream
  }

  /**
   * Lazy: nothing is generated until the next word is read. `index` may exceed 3; then the block
   * after `block` is due and `index - 4` is the word wanted in it.
   */
  private seekWord(wordPosition: number): void {
    const within = wordPosition % 4
    this.block = (wordPosition - within) / 4 - 1
    this.index = 4 + within
  }

  private generate(): void {
    const block = this.block
    philox4x32(
      block >>> 0,
      (this.counter1Base + Math.floor(block / TWO_POW_32)) >>> 0,
      this.counter2,
      this.counter3,
      this.key0,
      this.key1,
      this.words,
    )
  }

  /** Words consumed so far. */
  private get wordPosition(): number {
    return this.block * 4 + this.index
  }

  /**
   * Draws consumed so far (a draw is 64 bits; a lone {@link Stream.nextUint32} counts half).
   *
   * @example
   * const stream = createStream(1, 0)
   * stream.nextFloat64()
   * stream.position // => 1
   * stream.nextUint32()
   * stream.position // => 1.5
   */
  get position(): number {
    return this.wordPosition / 2
  }

  /**
   * The next 32 random bits, as an integer in [0, 2^32). Half a draw.
   *
   * @example
   * createStream(0, 0).nextUint32() // => 0x6627e8d5 (= 1713891541, the first word of Philox4x32-10 at counter 0, key 0)
   */
  nextUint32(): number {
    if (this.index >= 4) {
      this.block += 1
      this.generate()
      this.index -= 4
    }
    return this.words[this.index++] as number
  }

  /**
   * A uniform number in [0, 1) with 53 random bits: `(a >>> 5) * 2^26 + (b >>> 6)` over 2^53 for
   * the next two words `a`, `b` (the `genrand_res53` construction of Matsumoto and Nishimura's
   * MT19937 reference code, http://www.math.sci.hiroshima-u.ac.jp/m-mat/MT/MT2002/CODES/mt19937ar.c).
   * One draw. Can return exactly 0: use {@link Stream.nextOpen01} before a log or an inverse CDF.
   *
   * @example
   * const u = createStream(7, 3).nextFloat64() // => 0.5925802449 (0 <= u < 1)
   */
  nextFloat64(): number {
    const i = this.index
    if (i <= 2) {
      // Both words in the current block: the common case, kept small so it inlines.
      this.index = i + 2
      return (((this.words[i] as number) >>> 5) * 67108864 + ((this.words[i + 1] as number) >>> 6)) * TWO_POW_MINUS_53
    }
    const a = this.nextUint32() >>> 5
    const b = this.nextUint32() >>> 6
    return (a * 67108864 + b) * TWO_POW_MINUS_53
  }

  /**
   * A uniform number in the open interval (0, 1): `(k + 0.5) / 2^52` with `k` the top 26 bits of
   * each of the next two words, so the smallest value is 2^-53 and the largest 1 - 2^-53, both
   * exact. One draw. Safe for `Math.log(u)` and for inverse CDFs with infinite tails.
   *
   * @example
   * Math.log(createStream(7, 3).nextOpen01()) // => -0.5232689792 (finite; the same two words as nextFloat64's 0.5925802449, whose log this is to 9 digits)
   */
  nextOpen01(): number {
    const i = this.index
    if (i <= 2) {
      this.index = i + 2
      return (((this.words[i] as number) >>> 6) * 67108864 + ((this.words[i + 1] as number) >>> 6) + 0.5) * TWO_POW_MINUS_52
    }
    const a = this.nextUint32() >>> 6
    const b = this.nextUint32() >>> 6
    return (a * 67108864 + b + 0.5) * TWO_POW_MINUS_52
  }

  /**
   * Fills `out` with {@link Stream.nextFloat64} values, in order: `out.length` draws. O(n), no
   * allocation.
   *
   * @example
   * const u = new Float64Array(1000)
   * createStream(42, 0).fill(u)
   * u.subarray(0, 3) // => [0.6129598801, 0.0732317369, 0.9877186516]
   * u[0] === createStream(42, 0).nextFloat64() // => true
   */
  fill(out: Float64Array): void {
    this.fillWith(out, 5, 67108864, 0, TWO_POW_MINUS_53)
  }

  /**
   * Fills `out` with {@link Stream.nextOpen01} values, in order: `out.length` draws. O(n), no
   * allocation. Samplers use it to make the uniforms first and transform them in place.
   *
   * @example
   * const u = new Float64Array(1000)
   * createStream(42, 0).fillOpen01(u)
   * u.every((x) => x > 0 && x < 1) // => true
   * u[0] // => 0.6129598836
   */
  fillOpen01(out: Float64Array): void {
    this.fillWith(out, 6, 67108864, 0.5, TWO_POW_MINUS_52)
  }

  /** `out[i] = ((a >>> shift) * scaleHigh + (b >>> 6) + offset) * unit` for consecutive word pairs a, b. */
  private fillWith(out: Float64Array, shift: number, scaleHigh: number, offset: number, unit: number): void {
    const n = out.length
    let i = 0
    // Up to the next block boundary word by word, then whole blocks (two numbers each).
    while (i < n && this.index % 4 !== 0) {
      const a = this.nextUint32() >>> shift
      const b = this.nextUint32() >>> 6
      out[i++] = (a * scaleHigh + b + offset) * unit
    }
    const bulk = bulkFill
    if (bulk !== null && n - i >= BULK_MIN_DRAWS) {
      const draws = (n - i) & ~1
      bulk(this.key0, this.key1, this.counter1Base, this.counter2, this.counter3, this.block + 1, out.subarray(i, i + draws), shift === 6)
      this.block += draws / 2
      i += draws
    }
    const words = this.words
    while (i + 1 < n) {
      this.block += 1
      this.generate()
      out[i] = (((words[0] as number) >>> shift) * scaleHigh + ((words[1] as number) >>> 6) + offset) * unit
      out[i + 1] = (((words[2] as number) >>> shift) * scaleHigh + ((words[3] as number) >>> 6) + offset) * unit
      i += 2
    }
    if (i < n) {
      const a = this.nextUint32() >>> shift
      const b = this.nextUint32() >>> 6
      out[i] = (a * scaleHigh + b + offset) * unit
    }
  }

  /**
   * Moves ahead by `draws` draws in O(1) (the counter is set, nothing is generated for the
   * skipped part).
   *
   * @throws {RangeError} when `draws` is not a non-negative integer or the stream would pass 2^52 draws
   * @example
   * const a = createStream(42, 0); a.skip(1000)
   * a.nextFloat64() === streamAt(42, 0, 1000).nextFloat64() // => true
   */
  skip(draws: number): void {
    if (!Number.isInteger(draws) || draws < 0) throw new RangeError(`invalid skip: ${draws} (must be a non-negative integer number of draws)`)
    const target = this.wordPosition + 2 * draws
    if (target >= MAX_WORDS) throw new RangeError(`invalid skip: ${draws} (the stream ends at 2^52 draws)`)
    this.seekWord(target)
  }

  /**
   * Consumes exactly one draw of this stream and points `into` at that draw's private substream:
   * an unbounded sequence keyed by (seed, streamId, position of the draw), disjoint from every
   * stream and from every other draw's substream. Samplers that need a random amount of
   * randomness (rejection, Marsaglia-Tsang gamma) take it from the substream, so each sample
   * still consumes exactly one draw of its stream and sample `i` always sits at draw `i`,
   * however the samples are split across workers. O(1); `into` is overwritten, not allocated.
   *
   * @throws {Error} when called on a substream (substreams do not nest)
   * @example
   * const scratch = new Stream()
   * const stream = createStream(42, 0)
   * stream.splitDraw(scratch)
   * stream.position // => 1
   * scratch.nextOpen01() // => 0.8617498120 (as many as needed, from the draw's own substream)
   */
  splitDraw(into: Stream): void {
    if (this.counter3 !== 0) throw new Error('splitDraw: substreams do not nest; split the parent stream')
    const word = this.wordPosition
    into.reset(this.key0, this.key1, word >>> 0, this.counter2, (SUBSTREAM_FLAG | Math.floor(word / TWO_POW_32)) >>> 0, 0)
    this.seekWord(word + 2)
  }
}

/**
 * A new stream for `(seed, streamId)`, positioned at its first draw. Streams with different
 * seeds or stream ids use disjoint Philox counters or keys. Convention in the simulation kernel:
 * one stream id per uncertain input, sample `i` of that input = draw `i` of its stream.
 *
 * @param seed integer in [0, 2^53): the Philox key
 * @param streamId integer in [0, 2^32): counter word 2
 * @throws {RangeError} on a seed or stream id outside those ranges
 * @example
 * const stream = createStream(0, 0)
 * stream.nextUint32().toString(16) // => '6627e8d5' (Random123 kat_vectors, philox4x32 10, zero counter and key)
 */
export function createStream(seed: number, streamId: number): Stream {
  return streamAt(seed, streamId, 0)
}

/**
 * A stream for `(seed, streamId)` that starts at draw `offset`, in O(1): its numbers equal those
 * of `createStream(seed, streamId)` after `offset` draws. A worker that owns samples `k..m-1` of
 * an input starts with `streamAt(seed, input, k)`.
 *
 * @param offset integer in [0, 2^52): draws (64 bits each) to start after
 * @throws {RangeError} on a seed, stream id or offset outside its range
 * @example
 * const whole = createStream(42, 5); whole.skip(1000)
 * streamAt(42, 5, 1000).nextFloat64() === whole.nextFloat64() // => true
 */
export function streamAt(seed: number, streamId: number, offset: number): Stream {
  assertInteger('seed', seed, MAX_WORDS, '2^53')
  assertInteger('streamId', streamId, TWO_POW_32, '2^32')
  assertInteger('offset', offset, MAX_WORDS / 2, '2^52')
  return Stream.at(seed, streamId, 2 * offset)
}
