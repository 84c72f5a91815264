import { describe, expect, it } from 'vitest'
import { Stream, createStream, philox4x32, streamAt } from '../../kernel/sim/random.js'

// Known-answer vectors: Random123 tests/kat_vectors (https://github.com/DEShawResearch/random123),
// the three "philox4x32 10" lines: counter (4 words), key (2 words), expected output (4 words).
const KAT: Array<{ counter: number[]; key: number[]; expected: number[] }> = [
  { counter: [0, 0, 0, 0], key: [0, 0], expected: [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8] },
  {
    counter: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    key: [0xffffffff, 0xffffffff],
    expected: [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
  },
  {
    counter: [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    key: [0xa4093822, 0x299f31d0],
    expected: [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
  },
]

// Reference values below that are not KAT lines come from an independent Philox4x32-10 written
// with Python integers (products taken exactly, `p >> 32` and `p & 0xFFFFFFFF`), which itself
// reproduces the three KAT lines, using this module's documented layout:
//   block n of stream (seed, id): philox([n % 2**32, n >> 32, id, 0], [seed % 2**32, seed >> 32])
//   nextFloat64 from words a, b: ((a >> 5) * 67108864 + (b >> 6)) / 2**53
//   nextOpen01 from words a, b: ((a >> 6) * 67108864 + (b >> 6) + 0.5) / 2**52

describe('philox4x32(counter, key, out)', () => {
  it.each(KAT)('matches Random123 kat_vectors for counter $counter', ({ counter, key, expected }) => {
    const out = new Uint32Array(4)
    philox4x32(counter[0]!, counter[1]!, counter[2]!, counter[3]!, key[0]!, key[1]!, out)
    expect([...out]).toEqual(expected)
  })
})

describe('createStream(seed, streamId)', () => {
  it('createStream(0, 0) reads Philox block 0 (the zero KAT vector), then block 1', () => {
    const stream = createStream(0, 0)
    const words = Array.from({ length: 5 }, () => stream.nextUint32())
    // Words 1-4 = KAT line 1 (counter 0, key 0); word 5 = first word of
    // philox([1, 0, 0, 0], [0, 0]) = 0xf8e4cca4 (Python reference).
    expect(words).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8, 0xf8e4cca4])
    expect(words).toEqual([1713891541, 3781805453, 3159862348, 2600524760, 4175744164])
  })

  it('same seed -> the same first 5 floats (hard-coded from the known-answer words)', () => {
    const first = (seed: number, id: number) => {
      const stream = createStream(seed, id)
      return Array.from({ length: 5 }, () => stream.nextFloat64())
    }
    // First float by hand: a = 0x6627e8d5, b = 0xe169c58d (KAT line 1);
    // ((a >>> 5) * 2^26 + (b >>> 6)) / 2^53 = (53559110 * 67108864 + 59090772) / 2^53.
    const byHand = (((0x6627e8d5 >>> 5) * 67108864 + (0xe169c58d >>> 6)) / 2 ** 53)
    expect(first(0, 0)[0]).toBe(byHand)
    expect(first(0, 0)).toEqual([0.39904647231489565, 0.7357127860596914, 0.9722412032044762, 0.693930916764543, 0.01944942265336036])
    expect(first(42, 7)).toEqual([0.40598197203736, 0.42380965749766764, 0.8979173479619227, 0.561736637160589, 0.14424112392597033])
    expect(first(42, 7)).toEqual(first(42, 7))
  })

  it('nextOpen01 is (k + 0.5) / 2^52 from the top 26 bits of two words', () => {
    const stream = createStream(0, 0)
    const values = Array.from({ length: 5 }, () => stream.nextOpen01())
    expect(values).toEqual([0.39904647887528244, 0.7357127905708828, 0.9722411984516847, 0.6939309095903349, 0.019449417582836248])
    // First value by hand from KAT line 1 (a = 0x6627e8d5, b = 0xe169c58d):
    // ((a >>> 6) * 2^26 + (b >>> 6) + 0.5) / 2^52 = (26779555 * 67108864 + 59090772 + 0.5) / 2^52.
    expect(values[0]).toBe(((0x6627e8d5 >>> 6) * 67108864 + (0xe169c58d >>> 6) + 0.5) / 2 ** 52)
    // Every draw is (k + 0.5) / 2^52 for an integer k in [0, 2^52 - 1], so it lies in
    // [2^-53, 1 - 2^-53], inside (0, 1); both ends are exact doubles.
    const many = createStream(7, 3)
    for (let i = 0; i < 100_000; i++) {
      const u = many.nextOpen01()
      const k = u * 2 ** 52 - 0.5
      if (!(Number.isInteger(k) && k >= 0 && k <= 2 ** 52 - 1)) expect.fail(`draw ${i}: ${u} is not (k + 0.5) / 2^52`)
    }
  })

  it('uses the high 21 bits of a seed as the second key word', () => {
    // philox([0, 0, 3, 0], [5, 256]) for seed 2^40 + 5 (Python reference).
    const stream = createStream(2 ** 40 + 5, 3)
    expect(Array.from({ length: 4 }, () => stream.nextUint32())).toEqual([0xffb8d802, 0x659e3e25, 0xa3b04935, 0x3ae2175a])
  })

  it('different stream ids and seeds give different sequences', () => {
    const draw = (seed: number, id: number) => {
      const out = new Float64Array(64)
      createStream(seed, id).fill(out)
      return [...out]
    }
    const base = draw(42, 0)
    for (const [seed, id] of [
      [42, 1],
      [42, 2 ** 32 - 1],
      [43, 0],
      [42 + 2 ** 32, 0],
    ] as const) {
      const other = draw(seed, id)
      const equal = other.filter((x, i) => x === base[i]).length
      expect(equal).toBe(0)
    }
  })

  it('rejects seeds and stream ids outside their ranges, naming the value', () => {
    expect(() => createStream(-1, 0)).toThrow('invalid seed: -1 (must be an integer in [0, 2^53))')
    expect(() => createStream(1.5, 0)).toThrow('invalid seed: 1.5')
    expect(() => createStream(2 ** 53, 0)).toThrow(RangeError)
    expect(() => createStream(0, 2 ** 32)).toThrow('invalid streamId: 4294967296 (must be an integer in [0, 2^32))')
    expect(() => createStream(0, Number.NaN)).toThrow('invalid streamId: NaN')
  })
})

describe('streamAt(seed, streamId, offset) and skip(draws)', () => {
  const seed = 20240601
  const id = 11
  const whole = new Float64Array(1000)
  createStream(seed, id).fill(whole)

  it.each([0, 1, 2, 3, 7, 8, 255, 256, 999])('draw %i of the unsplit stream equals the first draw of streamAt(..., %i)', (k) => {
    expect(streamAt(seed, id, k).nextFloat64()).toBe(whole[k])
  })

  it('any split of the draws across workers gives the same numbers', () => {
    for (const cuts of [
      [0, 333, 667, 1000],
      [0, 1, 2, 500, 999, 1000],
      [0, 17, 1000],
    ]) {
      const joined: number[] = []
      for (let w = 0; w + 1 < cuts.length; w++) {
        const part = new Float64Array(cuts[w + 1]! - cuts[w]!)
        streamAt(seed, id, cuts[w]!).fill(part)
        joined.push(...part)
      }
      expect(joined).toEqual([...whole])
    }
  })

  it('skip(n) equals streamAt at the new position, and position counts draws', () => {
    const stream = createStream(seed, id)
    stream.nextFloat64()
    stream.skip(41)
    expect(stream.position).toBe(42)
    expect(stream.nextFloat64()).toBe(whole[42])
    expect(stream.position).toBe(43)
    stream.nextUint32()
    expect(stream.position).toBe(43.5)
  })

  it('reaches a block beyond 2^32 in O(1): draw 2^33 + 1 uses block 2^32, counter (0, 1, id, 0)', () => {
    // Draw 2^33 + 1 = words 2^34 + 2 and + 3 = words 2 and 3 of block 2^32 (Python reference:
    // philox([0, 1, 9, 0], [123, 0]) -> words 2, 3 -> 0.16068726868324923).
    expect(streamAt(123, 9, 2 ** 33 + 1).nextFloat64()).toBe(0.16068726868324923)
  })

  it('rejects bad offsets and skips', () => {
    expect(() => streamAt(1, 1, -3)).toThrow('invalid offset: -3 (must be an integer in [0, 2^52))')
    expect(() => createStream(1, 1).skip(0.5)).toThrow('invalid skip: 0.5')
    expect(() => streamAt(1, 1, 2 ** 52 - 1).skip(2)).toThrow('invalid skip: 2 (the stream ends at 2^52 draws)')
  })
})

describe('Stream.fill(out) and fillOpen01(out)', () => {
  it('fill equals successive nextFloat64, from any alignment and for any length', () => {
    for (const [lead, length] of [
      [0, 9],
      [1, 8],
      [3, 1],
      [0, 0],
    ] as const) {
      const a = createStream(5, 5)
      const b = createStream(5, 5)
      for (let i = 0; i < lead; i++) {
        a.nextFloat64()
        b.nextFloat64()
      }
      const out = new Float64Array(length)
      a.fill(out)
      expect([...out]).toEqual(Array.from({ length }, () => b.nextFloat64()))
      expect(a.nextFloat64()).toBe(b.nextFloat64())
    }
  })

  it('fill after an odd number of nextUint32 still equals successive nextFloat64', () => {
    const a = createStream(5, 6)
    const b = createStream(5, 6)
    a.nextUint32()
    b.nextUint32()
    const out = new Float64Array(7)
    a.fill(out)
    expect([...out]).toEqual(Array.from({ length: 7 }, () => b.nextFloat64()))
  })

  it('fillOpen01 equals successive nextOpen01 and stays inside (0, 1)', () => {
    const a = createStream(8, 1)
    const b = createStream(8, 1)
    const out = new Float64Array(10_001)
    a.fillOpen01(out)
    expect(out.every((u) => u > 0 && u < 1)).toBe(true)
    const expected = Array.from({ length: 10_001 }, () => b.nextOpen01())
    expect([...out]).toEqual(expected)
  })

  it('is uniform: chi-square over 64 equal bins of 640,000 floats below the 0.001 critical value', () => {
    const n = 640_000
    const out = new Float64Array(n)
    createStream(99, 0).fill(out)
    const counts = new Array<number>(64).fill(0)
    for (const u of out) counts[Math.floor(u * 64)]! += 1
    const expected = n / 64
    const chiSquare = counts.reduce((sum, c) => sum + ((c - expected) * (c - expected)) / expected, 0)
    // scipy.stats.chi2(63).ppf(0.999) = 103.44237731987324
    expect(chiSquare).toBeLessThan(103.44237731987324)
  })
})

describe('Stream.splitDraw(into)', () => {
  it('consumes exactly one draw and points `into` at the draw`s private substream', () => {
    const stream = createStream(42, 7)
    stream.skip(5)
    const sub = new Stream()
    stream.splitDraw(sub)
    expect(stream.position).toBe(6)
    // Substream of the draw at word 10 of stream (42, 7): counter (r, 10, 7, 2^31), key (42, 0)
    // (Python reference, r = 0 then 1).
    expect([sub.nextFloat64(), sub.nextFloat64(), sub.nextFloat64()]).toEqual([0.3688159429451857, 0.9739019244881972, 0.7349421477291722])
    // The parent stream continues as if the draw had been read.
    const plain = createStream(42, 7)
    plain.skip(6)
    expect(stream.nextFloat64()).toBe(plain.nextFloat64())
  })

  it('substreams of different draws, and of the same draw in different streams, differ', () => {
    const firstOf = (seed: number, id: number, draw: number) => {
      const sub = new Stream()
      streamAt(seed, id, draw).splitDraw(sub)
      return [sub.nextUint32(), sub.nextUint32(), sub.nextUint32(), sub.nextUint32()]
    }
    const a = firstOf(1, 1, 0)
    expect(firstOf(1, 1, 1)).not.toEqual(a)
    expect(firstOf(1, 2, 0)).not.toEqual(a)
    expect(firstOf(2, 1, 0)).not.toEqual(a)
    expect(firstOf(1, 1, 0)).toEqual(a)
  })

  it('does not nest', () => {
    const sub = new Stream()
    createStream(1, 1).splitDraw(sub)
    expect(() => sub.splitDraw(new Stream())).toThrow('substreams do not nest')
  })
})
