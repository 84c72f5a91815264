/**
 * Token counts of model inputs and outputs with the model's own tokenizer, so a scenario's
 * tokens per request are measured rather than guessed.
 */
import { tokenEncoder, tokenEncodingFor } from './token-encoding.js'

/**
 * The number of tokens `text` is for `model` (tiktoken encoding from tokenEncodingFor, counted
 * with js-tiktoken). Special-token strings such as `<|endoftext|>` in the text count as
 * ordinary text, as user content is encoded by the API. The chat format's few tokens per message
 * (role, separators) are not included. The first call for an encoding loads it (tokenEncoder:
 * about 0.5 s); then O(length).
 *
 * @example
 * countTokens('hello world', 'gpt-4o') // => 2
 * countTokens('hello world', 'gpt-4') // => 2
 * countTokens('Hello, world!', 'gpt-4') // => 4 (Hello , world !)
 * countTokens('日本語', 'gpt-4o') // => 2
 * countTokens('日本語', 'gpt-4') // => 4 (cl100k_base splits CJK text finer)
 * countTokens('', 'gpt-4o') // => 0
 * countTokens('<|endoftext|>', 'gpt-4o') // => 7 (as text, not the special token)
 */
export function countTokens(text: string, model: string): number {
  return tokenEncoder(tokenEncodingFor(model)).encode(text, [], []).length
}
