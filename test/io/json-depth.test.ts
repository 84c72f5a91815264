import { describe, expect, it } from 'vitest'
import { jsonNestingDepth } from '../../src/io/json-depth.js'

describe('jsonNestingDepth(text)', () => {
  it('counts arrays and objects, not brackets in strings or escaped quotes', () => {
    expect(jsonNestingDepth('{"a": {"b": [1, 2]}, "c": []}')).toBe(3)
    expect(jsonNestingDepth('{"a": "\\"[[[{{{"}')).toBe(1)
    expect(jsonNestingDepth('"x"')).toBe(0)
  })

  it('measures 100,000 levels without recursion', () => {
    expect(jsonNestingDepth('['.repeat(100_000) + ']'.repeat(100_000))).toBe(100_000)
  })
})
