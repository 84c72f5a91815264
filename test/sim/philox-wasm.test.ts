import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  fillOpenUniform,
  fillUniform,
  fillUniformUsing,
  fillWords,
  fillWordsUsing,
  philoxBackend,
  philoxWasmExports,
  scratchDraws,
  type PhiloxVariant,
} from '../../kernel/sim/philox-fast.js'
import { Stream, streamAt, withoutBulkFill } from '../../kernel/sim/random.js'

const root = join(import.meta.dirname, '..', '..')

// Known-answer vectors: Random123 tests/kat_vectors (https://github.com/DEShawResearch/random123),
// all its "philox4x32 10" lines: counter (4 words), key (2 words), expected output (4 words).
const KAT: Array<{ counter: [number, number, number, number]; key: [number, number]; expected: number[] }> = [
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

const WASM_VARIANTS: PhiloxVariant[] = ['simd', 'scalar']
const ALL_VARIANTS: PhiloxVariant[] = ['simd', 'scalar', 'typescript']

/** What the TypeScript Stream gives (no bulk filler): `n` doubles or words from draw `offset` of (seed, id). */
function reference(kind: 'fill' | 'open' | 'words', seed: number, id: number, offset: number, n: number): Float64Array | Uint32Array {
  return withoutBulkFill(() => {
    const stream = streamAt(seed, id, offset)
    if (kind === 'words') return Uint32Array.from({ length: n }, () => stream.nextUint32())
    const out = new Float64Array(n)
    if (kind === 'open') stream.fillOpen01(out)
    else stream.fill(out)
    return out
  })
}

function viaFast(variant: PhiloxVariant, kind: 'fill' | 'open' | 'words', seed: number, id: number, offset: number, n: number): Float64Array | Uint32Array {
  if (kind === 'words') {
    const out = new Uint32Array(n)
    fillWordsUsing(variant, seed, id, offset, out)
    return out
  }
  const out = new Float64Array(n)
  fillUniformUsing(variant, seed, id, offset, out, kind === 'open')
  return out
}

/** Bit identity (Object.is per element would also do; comparing the bytes is exact and fast). */
function expectSameBits(actual: Float64Array | Uint32Array, expected: Float64Array | Uint32Array): void {
  expect(actual.length).toBe(expected.length)
  const a = new Uint8Array(actual.buffer, actual.byteOffset, actual.byteLength)
  const b = new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength)
  if (Buffer.compare(a, b) !== 0) {
    const i = actual.findIndex((x, k) => !Object.is(x, expected[k]))
    expect.fail(`first difference at ${i}: ${actual[i]} vs ${expected[i]}`)
  }
}

describe('the WebAssembly module', () => {
  it('is what asc produces from the AssemblyScript source now (scripts/build-wasm.mjs --check)', () => {
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'build-wasm.mjs'), '--check'], { cwd: root, encoding: 'utf8' })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })

  it('loads in Node 20 and is used (WebAssembly SIMD)', () => {
    expect(philoxBackend()).toBe('wasm-simd')
    expect(scratchDraws()).toBeGreaterThan(1000)
  })

  describe.each(['fillWords', 'fillWordsScalar'] as const)('%s', (name) => {
    it.each(KAT)('matches Random123 kat_vectors for counter $counter, key $key', ({ counter, key, expected }) => {
      const wasm = philoxWasmExports()!
      // One block, counter (blockLo, blockHi, c2, c3) = the KAT counter.
      wasm[name](key[0], key[1], counter[2], counter[3], counter[0], counter[1], 1)
      const words = new Uint32Array(wasm.memory.buffer, wasm.scratch(), 4)
      expect([...words]).toEqual(expected)
    })

    it('carries the block index into counter word 1 inside a SIMD group', () => {
      const wasm = philoxWasmExports()!
      // Blocks 2^32 - 2 .. 2^32 + 5 of stream 7 under seed 2^40 + 3: counter word 1 goes 5 -> 6.
      const seed = 2 ** 40 + 3
      wasm[name](seed >>> 0, Math.floor(seed / 2 ** 32), 7, 0, 0xfffffffe, 5, 8)
      const words = new Uint32Array(wasm.memory.buffer, wasm.scratch(), 32).slice()
      expectSameBits(words, reference('words', seed, 7, 2 * (5 * 2 ** 32 + 0xfffffffe), 32))
    })
  })

  it('fills the Random123 zero vector through the public API (seed 0, stream 0, block 0)', () => {
    const words = new Uint32Array(4)
    fillWords(0, 0, 0, words)
    expect([...words]).toEqual(KAT[0]!.expected)
  })
})

describe.each(ALL_VARIANTS)('variant %s: bit-identical to streamAt(seed, id, offset)', (variant) => {
  const kinds = ['fill', 'open', 'words'] as const
  const scratch = scratchDraws()

  it.each(kinds)('%s: the cited doc examples', (kind) => {
    if (kind === 'words') return
    const u = viaFast(variant, kind, 42, 0, 0, 3)
    if (kind === 'fill') {
      expect(u[0]).toBeCloseTo(0.6129598801, 10)
      expect(u[1]).toBeCloseTo(0.0732317369, 10)
      expect(u[2]).toBeCloseTo(0.9877186516, 10)
    } else {
      expect(u[0]).toBeCloseTo(0.6129598836, 10)
    }
    expectSameBits(viaFast(variant, kind, 7, 3, 0, 1), reference(kind, 7, 3, 0, 1))
  })

  it.each(kinds)('%s: lengths 0, 1, odd, even, across scratch pieces, at even and odd offsets', (kind) => {
    const lengths = [0, 1, 2, 3, 7, 8, 33, 1001, scratch - 1, scratch, scratch + 1, 2 * scratch + 3]
    for (const n of lengths) {
      for (const offset of [0, 1, 2, 3, 12345, 2 ** 33 - 1, 2 ** 33 - 3]) {
        const m = kind === 'words' ? n * 2 + (n % 2) : n // words: also odd word counts and longer runs
        expectSameBits(viaFast(variant, kind, 123456789, 17, offset, m), reference(kind, 123456789, 17, offset, m))
      }
    }
  })

  it.each(kinds)('%s: block indices past 2^32 (counter word 1), near the ends of the ranges', (kind) => {
    const seeds = [0, 1, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1]
    const ids = [0, 1, 2 ** 31, 2 ** 32 - 1]
    // Block index = floor(offset / 2): around 2^32 (a carry into word 1), 2^33, and the last blocks.
    const offsets = [2 ** 33 - 5, 2 ** 33 - 4, 2 ** 33 + 1, 2 ** 34 - 7, 2 ** 52 - 40, 2 ** 52 - 1]
    for (const seed of seeds) {
      for (const id of ids) {
        for (const offset of offsets) {
          expectSameBits(viaFast(variant, kind, seed, id, offset, 21), reference(kind, seed, id, offset, 21))
        }
      }
    }
  })

  it.each(kinds)('%s: random seeds, stream ids, offsets and lengths (fast-check)', (kind) => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 2 ** 32 - 40, max: 2 ** 34 }), fc.integer({ min: 0, max: 2 ** 52 - 5000 })),
        fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3000 })),
        (seed, id, offset, n) => {
          expectSameBits(viaFast(variant, kind, seed, id, offset, n), reference(kind, seed, id, offset, n))
        },
      ),
      { numRuns: 150 },
    )
  })
})

describe('the public functions', () => {
  it('fillUniform and fillOpenUniform equal streamAt(...).fill and .fillOpen01 on a long output', () => {
    const n = 3 * scratchDraws() + 11
    const u = new Float64Array(n)
    fillUniform(2 ** 53 - 1, 2 ** 32 - 1, 2 ** 33 - 3, u)
    expectSameBits(u, reference('fill', 2 ** 53 - 1, 2 ** 32 - 1, 2 ** 33 - 3, n))
    fillOpenUniform(99, 4, 5, u)
    expectSameBits(u, reference('open', 99, 4, 5, n))
    expect(u.every((x) => x > 0 && x < 1)).toBe(true)
  })

  it('write into a subarray view without touching its neighbours', () => {
    const all = new Float64Array(100).fill(-1)
    fillUniform(5, 6, 7, all.subarray(10, 90))
    expect(all[9]).toBe(-1)
    expect(all[90]).toBe(-1)
    expectSameBits(all.slice(10, 90), reference('fill', 5, 6, 7, 80))
    const words = new Uint32Array(50).fill(1)
    fillWords(5, 6, 7, words.subarray(3, 40))
    expect(words[2]).toBe(1)
    expect(words[40]).toBe(1)
    expectSameBits(words.slice(3, 40), reference('words', 5, 6, 7, 37))
  })

  it.each([
    ['seed', -1, 0, 0],
    ['seed', 0.5, 0, 0],
    ['seed', 2 ** 53, 0, 0],
    ['seed', Number.NaN, 0, 0],
    ['streamId', 0, -1, 0],
    ['streamId', 0, 2 ** 32, 0],
    ['offset', 0, 0, -1],
    ['offset', 0, 0, 2 ** 52],
    ['offset', 0, 0, 1.5],
  ])('reject an invalid %s (%s, %s, %s) with streamAt\'s RangeError, even for an empty output', (_name, seed, id, offset) => {
    let expected: unknown
    try {
      streamAt(seed, id, offset)
    } catch (error) {
      expected = error
    }
    expect(expected).toBeInstanceOf(RangeError)
    for (const variant of ALL_VARIANTS) {
      for (const out of [new Float64Array(0), new Float64Array(3)]) {
        expect(() => fillUniformUsing(variant, seed, id, offset, out, false)).toThrow(expected as RangeError)
        expect(() => fillUniformUsing(variant, seed, id, offset, out, true)).toThrow(expected as RangeError)
      }
      expect(() => fillWordsUsing(variant, seed, id, offset, new Uint32Array(2))).toThrow(expected as RangeError)
    }
  })
})

describe('the WASM variants agree with each other', () => {
  it.each(WASM_VARIANTS)('%s on a long open-uniform run', (variant) => {
    const n = 50_000
    expectSameBits(viaFast(variant, 'open', 31337, 2, 1, n), reference('open', 31337, 2, 1, n))
  })
})

describe('Stream.fill and fillOpen01 with the WebAssembly bulk filler installed (loading philox-fast installs it)', () => {
  it('give the TypeScript numbers, for streams and draw substreams, at any position and length', () => {
    expect(philoxBackend()).toBe('wasm-simd')
    const substream = () => {
      const into = new Stream()
      streamAt(77, 3, 2 ** 32 + 5).splitDraw(into)
      return into
    }
    const makers: [string, () => Stream][] = [
      ['stream', () => streamAt(2 ** 53 - 1, 2 ** 32 - 1, 2 ** 33 - 1)],
      ['substream', substream],
    ]
    for (const [name, make] of makers) {
      for (const lead of [0, 1, 3]) {
        for (const n of [63, 64, 65, 1000, 3 * scratchDraws() + 7]) {
          for (const open of [false, true]) {
            const fast = make()
            const slow = withoutBulkFill(make)
            const a = new Float64Array(n)
            const b = new Float64Array(n)
            for (let k = 0; k < lead; k++) fast.nextUint32()
            withoutBulkFill(() => {
              for (let k = 0; k < lead; k++) slow.nextUint32()
            })
            if (open) fast.fillOpen01(a)
            else fast.fill(a)
            withoutBulkFill(() => (open ? slow.fillOpen01(b) : slow.fill(b)))
            expectSameBits(a, b)
            // ... and they stay in step afterwards.
            expect(fast.nextUint32(), `${name} lead ${lead} n ${n}`).toBe(withoutBulkFill(() => slow.nextUint32()))
          }
        }
      }
    }
  })
})
