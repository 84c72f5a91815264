/**
 * Token prices: looked up in the bundled price table of `@pydantic/genai-prices` (offline), or
 * taken from the scenario where it gives them explicitly. Every price says where it came from.
 */
import { calcPrice, findProvider, type Provider } from '@pydantic/genai-prices'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { TokenPrices } from '../scenario/schema.js'

/** Expected tokens of one request, split by how they are billed (fractions allowed: they are averages). */
export interface TokenUsage {
  /** All input tokens, cached ones included (the genai-prices convention). */
  inputTokens: number
  /** Of the input, tokens read from the prompt cache. */
  cacheReadTokens?: number
  /** Of the input, tokens written to the prompt cache. */
  cacheWriteTokens?: number
  outputTokens: number
}

/** A priced model: its prices per million tokens and where they came from. */
export interface PricedModel {
  provider: string
  model: string
  /** `@pydantic/genai-prices <version>` or `scenario`. */
  priceSource: string
  inputPerMTokUSD: number
  outputPerMTokUSD: number
  /**
   * Where prices are tiered by prompt length, the prompt tokens at which the next tier starts;
   * the prices above are the base tier's. Undefined for flat prices.
   */
  firstTierTokens: number | undefined
  /** Undefined where the table has no cached-read price (caching then cannot be applied). */
  cacheReadPerMTokUSD: number | undefined
  cacheWritePerMTokUSD: number | undefined
  /** Pricing pages the table cites for this provider. */
  pricingUrls: string[]
  /** The scenario's explicit prices, when they replace the table. */
  overrides: TokenPrices | undefined
}

let tableVersion: string | undefined

/**
 * The version of the bundled price table: the installed `@pydantic/genai-prices` version.
 *
 * @example
 * priceTableVersion() // => '0.1.8'
 */
export function priceTableVersion(): string {
  if (tableVersion) return tableVersion
  const require = createRequire(import.meta.url)
  let dir = dirname(require.resolve('@pydantic/genai-prices'))
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
      if (pkg.name === '@pydantic/genai-prices') return (tableVersion = pkg.version as string)
    } catch {
      // keep walking up
    }
    dir = dirname(dir)
  }
  return (tableVersion = 'unknown')
}

/** `@pydantic/genai-prices 0.1.8`: the name used in reports and messages. */
export function priceTableName(): string {
  return `@pydantic/genai-prices ${priceTableVersion()}`
}

function customProvider(provider: string, model: string, prices: TokenPrices): Provider {
  const modelPrices: Record<string, number> = {
    input_mtok: prices.inputPerMTokUSD,
    output_mtok: prices.outputPerMTokUSD ?? 0,
  }
  if (prices.cacheReadPerMTokUSD !== undefined) modelPrices.cache_read_mtok = prices.cacheReadPerMTokUSD
  if (prices.cacheWritePerMTokUSD !== undefined) modelPrices.cache_write_mtok = prices.cacheWritePerMTokUSD
  return {
    id: provider,
    name: provider,
    api_pattern: '.*',
    models: [{ id: model, match: { equals: model }, prices: modelPrices }],
  }
}

/** Whether the price table knows this provider. */
export function knownProvider(provider: string): boolean {
  return findProvider({ providerId: provider }) !== undefined
}

/**
 * Resolves a model's prices: explicit `prices` win; otherwise the bundled table. Returns
 * `undefined` when the table does not know the provider/model pair.
 *
 * @example
 * resolveTokenModel('openai', 'gpt-4.1')?.inputPerMTokUSD // => 2
 */
export function resolveTokenModel(provider: string, model: string, prices?: TokenPrices): PricedModel | undefined {
  const options = prices ? { provider: customProvider(provider, model, prices) } : { providerId: provider }
  const probe = calcPrice({ input_tokens: 1, output_tokens: 1 }, model, options)
  if (!probe) return undefined
  const table = probe.model_price as Record<string, unknown>
  // A price is a number, or tiers by prompt length ({ base, tiers }): the base tier is the price
  // of any request below the first tier's start (200k tokens for long-context models).
  const num = (key: string): number | undefined => {
    const value = table[key]
    if (typeof value === 'number') return value
    if (value && typeof value === 'object' && typeof (value as { base?: unknown }).base === 'number') return (value as { base: number }).base
    return undefined
  }
  const tierStarts = Object.values(table).flatMap((value) =>
    value && typeof value === 'object' && Array.isArray((value as { tiers?: unknown }).tiers) ? (value as { tiers: { start: number }[] }).tiers.map((t) => t.start) : [],
  )
  return {
    provider,
    model,
    priceSource: prices ? 'scenario' : priceTableName(),
    inputPerMTokUSD: num('input_mtok') ?? 0,
    outputPerMTokUSD: num('output_mtok') ?? 0,
    firstTierTokens: tierStarts.length > 0 ? Math.min(...tierStarts) : undefined,
    cacheReadPerMTokUSD: num('cache_read_mtok'),
    cacheWritePerMTokUSD: num('cache_write_mtok'),
    pricingUrls: prices ? [] : (probe.provider.pricing_urls ?? []),
    overrides: prices,
  }
}

/**
 * The price in USD of one request's expected token usage, computed by `calcPrice` of
 * `@pydantic/genai-prices` (tiers and cache rates included) or by the explicit prices.
 *
 * @throws Error when the model cannot be priced (validation rules this out for scenarios)
 * @example
 * requestPriceUSD(resolveTokenModel('openai', 'gpt-4')!, { inputTokens: 276, outputTokens: 42 }) // => 0.010800 (276 x $30 + 42 x $60 per million tokens)
 */
export function requestPriceUSD(model: PricedModel, usage: TokenUsage): number {
  const options = model.overrides
    ? { provider: customProvider(model.provider, model.model, model.overrides) }
    : { providerId: model.provider }
  const result = calcPrice(
    {
      input_tokens: usage.inputTokens,
      cache_read_tokens: usage.cacheReadTokens ?? 0,
      cache_write_tokens: usage.cacheWriteTokens ?? 0,
      output_tokens: usage.outputTokens,
    },
    model.model,
    options,
  )
  if (!result) throw new Error(`no price for ${model.provider}/${model.model}`)
  return result.total_price
}
