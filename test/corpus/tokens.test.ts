// tokenEncodingFor, countTokens and tokenStats against known tiktoken answers.
//
// Known values (token ids from OpenAI's tiktoken, Python: `tiktoken.get_encoding(name).encode(text)`,
// as quoted in tiktoken's README and OpenAI's cookbook "How to count tokens with tiktoken"):
//   cl100k_base 'hello world' -> [15339, 1917]; o200k_base 'hello world' -> [24912, 2375]
//   cl100k_base 'Hello, world!' -> [9906, 11, 1917, 0] (Hello , world !)
//   cl100k_base 'The quick brown fox jumps over the lazy dog.' -> 10 tokens (9 words with their
//   leading spaces, and the period)
import { describe, expect, it } from 'vitest'
import { countTokens } from '../../src/corpus/count-tokens.js'
import { tokenEncoder, tokenEncodingFor } from '../../src/corpus/token-encoding.js'
import { tokenStats } from '../../src/corpus/token-stats.js'

describe('tokenEncodingFor(model)', () => {
  it('maps OpenAI model families to their encodings, anything else to o200k_base', () => {
    for (const model of ['gpt-4o', 'gpt-4o-mini', 'GPT-4.1-nano', 'gpt-5', 'o1-mini', 'o3', 'o4-mini', 'openai/gpt-4o', 'gpt-oss-20b']) {
      expect(tokenEncodingFor(model), model).toBe('o200k_base')
    }
    for (const model of ['gpt-4', 'gpt-4-turbo', 'gpt-4-0613', 'gpt-3.5-turbo', 'text-embedding-3-small', 'text-embedding-ada-002']) {
      expect(tokenEncodingFor(model), model).toBe('cl100k_base')
    }
    expect(tokenEncodingFor('llama-3.1-8b')).toBe('o200k_base')
  })
})

describe('countTokens(text, model)', () => {
  it('gives the token ids tiktoken gives', () => {
    expect(tokenEncoder('cl100k_base').encode('hello world')).toEqual([15339, 1917])
    expect(tokenEncoder('o200k_base').encode('hello world')).toEqual([24912, 2375])
    expect(tokenEncoder('cl100k_base').encode('Hello, world!')).toEqual([9906, 11, 1917, 0])
  })

  it('counts known texts', () => {
    expect(countTokens('hello world', 'gpt-4o')).toBe(2)
    expect(countTokens('hello world', 'gpt-3.5-turbo')).toBe(2)
    expect(countTokens('The quick brown fox jumps over the lazy dog.', 'gpt-4')).toBe(10)
    expect(countTokens('', 'gpt-4o')).toBe(0)
    // Adding a word with its leading space adds one token in both encodings: " world" is one token.
    expect(countTokens('hello world world', 'gpt-4o')).toBe(3)
    expect(countTokens('hello world world', 'gpt-4')).toBe(3)
  })

  it('counts special-token strings as text instead of throwing', () => {
    expect(() => countTokens('<|endoftext|>', 'gpt-4')).not.toThrow()
    expect(countTokens('<|endoftext|>', 'gpt-4')).toBeGreaterThan(1)
  })
})

describe('tokenStats(texts, model)', () => {
  it('has mean, type-7 median and p95, and total, worked out by hand', () => {
    // Counts (o200k_base): 'hello' 1, 'hello world' 2, 'hello world world' 3, '' 0 -> sorted [0, 1, 2, 3].
    // mean 6 / 4 = 1.5; median: h = 3 * 0.5 = 1.5 -> 1 + 0.5 * (2 - 1) = 1.5;
    // p95: h = 3 * 0.95 = 2.85 -> 2 + 0.85 * (3 - 2) = 2.85 (numpy.percentile([0, 1, 2, 3], 95) = 2.85).
    const stats = tokenStats(['hello world', 'hello', '', 'hello world world'], 'gpt-4o-mini')
    expect(stats.encoding).toBe('o200k_base')
    expect(stats.n).toBe(4)
    expect(stats.total).toBe(6)
    expect(stats.mean).toBeCloseTo(1.5, 12)
    expect(stats.median).toBeCloseTo(1.5, 12)
    expect(stats.p95).toBeCloseTo(2.85, 12)
  })

  it('refuses no texts', () => {
    expect(() => tokenStats([], 'gpt-4o')).toThrow('invalid texts: [] (must not be empty)')
  })
})
