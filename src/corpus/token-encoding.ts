/**
 * Which tiktoken encoding an OpenAI model uses, and the encoder for it (js-tiktoken), loaded
 * once per encoding on first use.
 */
import { createRequire } from 'node:module'
import { Tiktoken, type TiktokenBPE } from 'js-tiktoken/lite'

const require = createRequire(import.meta.url)

/** The encodings payback counts with: o200k_base (GPT-4o and later) and cl100k_base (GPT-4, GPT-3.5). */
export type TokenEncodingName = 'o200k_base' | 'cl100k_base'

/** Model-name prefixes (after an optional `openai/`), first match wins; anything else is o200k_base. */
const ENCODING_BY_PREFIX: [RegExp, TokenEncodingName][] = [
  [/^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o1|o3|o4)/, 'o200k_base'],
  [/^(gpt-4|gpt-3\.5|text-embedding-3|text-embedding-ada-002)/, 'cl100k_base'],
]

/**
 * The tiktoken encoding of an OpenAI model, by name (case-insensitive; a leading `openai/` is
 * ignored): gpt-4o, gpt-4.1, gpt-4.5, gpt-5, gpt-oss and the o1 / o3 / o4 reasoning models use
 * `o200k_base`; gpt-4 (and gpt-4-turbo), gpt-3.5-turbo, text-embedding-3-* and
 * text-embedding-ada-002 use `cl100k_base`. Any other name (another vendor's model, a new
 * OpenAI one) gets `o200k_base`, OpenAI's current encoding: an estimate for a non-OpenAI model,
 * whose own tokenizer may count 10-30% differently.
 *
 * @example
 * tokenEncodingFor('gpt-4o-mini') // => 'o200k_base'
 * tokenEncodingFor('openai/gpt-4.1') // => 'o200k_base'
 * tokenEncodingFor('gpt-4-turbo') // => 'cl100k_base'
 * tokenEncodingFor('gpt-3.5-turbo') // => 'cl100k_base'
 * tokenEncodingFor('claude-3-5-haiku') // => 'o200k_base' (unknown: OpenAI's current encoding)
 */
export function tokenEncodingFor(model: string): TokenEncodingName {
  const name = model.trim().toLowerCase().replace(/^openai\//, '')
  for (const [prefix, encoding] of ENCODING_BY_PREFIX) if (prefix.test(name)) return encoding
  return 'o200k_base'
}

const encoders = new Map<TokenEncodingName, Tiktoken>()

/**
 * The js-tiktoken encoder of an encoding, built on first use and kept: the first call reads
 * and indexes the encoding's ranks (about 0.5 s for o200k_base and 0.2 s for cl100k_base on a
 * 2-core machine, Node 20), later calls return the same encoder at once. The ranks are loaded
 * only here, so importing payback costs nothing for them.
 *
 * @example
 * tokenEncoder('cl100k_base').encode('hello world') // => [15339, 1917]
 * tokenEncoder('o200k_base') === tokenEncoder('o200k_base') // => true
 */
export function tokenEncoder(encoding: TokenEncodingName): Tiktoken {
  let encoder = encoders.get(encoding)
  if (encoder === undefined) {
    const ranks = require(`js-tiktoken/ranks/${encoding}`) as TiktokenBPE | { default: TiktokenBPE }
    encoder = new Tiktoken('default' in ranks ? ranks.default : ranks)
    encoders.set(encoding, encoder)
  }
  return encoder
}
