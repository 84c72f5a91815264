/**
 * How an HTTP teacher's answers are priced: through the project's token prices
 * (src/prices/tokens.ts, the `@pydantic/genai-prices` table), or explicit prices per million
 * tokens, or not at all (a local vLLM or Ollama model), and that choice in words.
 */
import { checkNumber } from '../../scenario/check-number.js'
import { requestPriceUSD, resolveTokenModel, type PricedModel, type TokenUsage } from '../../prices/tokens.js'

/** Explicit prices, USD per million tokens; they replace the table for the teacher's model. */
export interface TeacherPrices {
  inputPerMTokUSD: number
  outputPerMTokUSD: number
  /** Cached prompt tokens (OpenAI's `prompt_tokens_details.cached_tokens`); priced as input when absent. */
  cacheReadPerMTokUSD?: number
}

/** A teacher's prices (undefined: unpriced, every answer costs 0) and how they were found, in words. */
export interface TeacherPricing {
  priced: PricedModel | undefined
  description: string
}

/** Hosts of OpenAI-compatible endpoints and their provider id in the price table. */
const PROVIDER_HOSTS: [RegExp, string][] = [
  [/(^|\.)api\.openai\.com$/, 'openai'],
  [/\.openai\.azure\.com$/, 'azure'],
  [/(^|\.)api\.groq\.com$/, 'groq'],
  [/(^|\.)api\.mistral\.ai$/, 'mistral'],
  [/(^|\.)api\.deepseek\.com$/, 'deepseek'],
  [/(^|\.)api\.together\.xyz$/, 'together'],
  [/(^|\.)openrouter\.ai$/, 'openrouter'],
  [/(^|\.)api\.x\.ai$/, 'x-ai'],
  [/(^|\.)api\.fireworks\.ai$/, 'fireworks'],
  [/(^|\.)api\.anthropic\.com$/, 'anthropic'],
  [/(^|\.)generativelanguage\.googleapis\.com$/, 'google'],
]

/**
 * The price table's provider for an endpoint, from its host; undefined for any other host
 * (a local vLLM or Ollama server, a gateway), whose answers are then unpriced unless a provider
 * or prices are given.
 *
 * @example
 * inferProvider('https://api.openai.com/v1') // => 'openai'
 * inferProvider('http://127.0.0.1:11434/v1') // => undefined
 */
export function inferProvider(baseUrl: string): string | undefined {
  let host: string
  try {
    host = new URL(baseUrl).hostname.toLowerCase()
  } catch {
    return undefined
  }
  return PROVIDER_HOSTS.find(([pattern]) => pattern.test(host))?.[1]
}

const usd = (perMTok: number) => `$${perMTok} per million`

/**
 * Resolves a teacher model's prices: explicit `prices` win; else the price table for
 * `provider`; else unpriced (`unpriced: <model> not in the price table ...`), and every answer
 * costs 0.
 *
 * @throws {InvalidArgumentError} for a negative or non-finite price: `invalid prices.inputPerMTokUSD: -1 (must be >= 0)`
 * @example
 * const gpt41 = teacherPricing('openai', 'gpt-4.1')
 * gpt41.description.endsWith('0.1.8: $2 per million input tokens, $8 per million output tokens') // => true
 * gpt41.priced.priceSource // => '@pydantic/genai-prices 0.1.8'
 * teacherPricing(undefined, 'llama3.1:8b').description // => 'unpriced: llama3.1:8b not in the price table (provider unknown); answers cost 0'
 * teacherPricing(undefined, 'qwen', { inputPerMTokUSD: 0.1, outputPerMTokUSD: 0.2 }).description // => 'qwen at the configured prices: $0.1 per million input tokens, $0.2 per million output tokens'
 */
export function teacherPricing(provider: string | undefined, model: string, prices?: TeacherPrices): TeacherPricing {
  if (prices !== undefined) {
    checkNumber('prices.inputPerMTokUSD', prices.inputPerMTokUSD, { min: 0 })
    checkNumber('prices.outputPerMTokUSD', prices.outputPerMTokUSD, { min: 0 })
    if (prices.cacheReadPerMTokUSD !== undefined) checkNumber('prices.cacheReadPerMTokUSD', prices.cacheReadPerMTokUSD, { min: 0 })
    const priced = resolveTokenModel(provider ?? 'configured', model, prices)
    return { priced, description: `${model} at the configured prices: ${usd(prices.inputPerMTokUSD)} input tokens, ${usd(prices.outputPerMTokUSD)} output tokens` }
  }
  const priced = provider === undefined ? undefined : resolveTokenModel(provider, model)
  if (priced === undefined) return { priced, description: `unpriced: ${model} not in the price table (provider ${provider ?? 'unknown'}); answers cost 0` }
  return {
    priced,
    description: `${provider} ${model} at ${priced.priceSource}: ${usd(priced.inputPerMTokUSD)} input tokens, ${usd(priced.outputPerMTokUSD)} output tokens`,
  }
}

/**
 * The USD of one answer's token usage at a teacher's prices; 0 when unpriced.
 *
 * @example
 * answerCostUSD(teacherPricing('openai', 'gpt-4.1'), { inputTokens: 100, outputTokens: 10 }) // => 0.00028 (100 x $2 + 10 x $8 per million)
 * answerCostUSD(teacherPricing(undefined, 'llama3'), { inputTokens: 100, outputTokens: 10 }) // => 0
 */
export function answerCostUSD(pricing: TeacherPricing, usage: TokenUsage): number {
  return pricing.priced === undefined ? 0 : requestPriceUSD(pricing.priced, usage)
}
