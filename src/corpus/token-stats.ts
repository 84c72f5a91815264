/**
 * The distribution of token counts over a set of texts: what the scenario's tokens per request
 * and its spread are, measured on the corpus.
 */
import { quantileSorted } from '../agreement/percentile.js'
import { InvalidArgumentError } from '../scenario/messages.js'
import { countTokens } from './count-tokens.js'
import { tokenEncodingFor, type TokenEncodingName } from './token-encoding.js'

/** Token counts of a set of texts for one model (tokens per text). */
export interface TokenStats {
  /** The tiktoken encoding counted with. */
  encoding: TokenEncodingName
  /** How many texts. */
  n: number
  /** Mean tokens per text. */
  mean: number
  /** Median tokens per text (type 7 quantile, as numpy.median). */
  median: number
  /** 95th percentile of tokens per text (type 7, as numpy.percentile(x, 95)). */
  p95: number
  /** Tokens of all texts together. */
  total: number
}

/**
 * Token counts of `texts` for `model` (countTokens each): mean, median, 95th percentile (Hyndman
 * and Fan type 7, numpy's default; see quantileSorted) and total. O(total length).
 *
 * @throws {InvalidArgumentError} when texts is empty
 * @example
 * tokenStats(['hello world', 'hello', 'Hello, world!'], 'gpt-4o')
 * // => { encoding: 'o200k_base', n: 3, mean: 2.333333, median: 2, p95: 3.8, total: 7 }
 * tokenStats([], 'gpt-4o') // throws invalid texts: [] (must not be empty)
 */
export function tokenStats(texts: readonly string[], model: string): TokenStats {
  if (texts.length === 0) throw new InvalidArgumentError('invalid texts: [] (must not be empty)')
  return tokenCountStats(texts.map((text) => countTokens(text, model)), tokenEncodingFor(model))
}

/**
 * The same statistics of token counts already known (an API's billed usage, say), under the
 * encoding they were counted with.
 *
 * @throws {InvalidArgumentError} on an empty list
 * @example
 * tokenCountStats([3, 1, 2, 10], 'o200k_base') // => { n: 4, mean: 4, median: 2.5, p95: 8.95, total: 16 }
 */
export function tokenCountStats(tokenCounts: readonly number[], encoding: TokenEncodingName): TokenStats {
  if (tokenCounts.length === 0) throw new InvalidArgumentError('invalid token counts: [] (must not be empty)')
  const counts = [...tokenCounts].sort((a, b) => a - b)
  const total = counts.reduce((sum, count) => sum + count, 0)
  return {
    encoding,
    n: counts.length,
    mean: total / counts.length,
    median: quantileSorted(counts, 0.5),
    p95: quantileSorted(counts, 0.95),
    total,
  }
}
