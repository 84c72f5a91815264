/**
 * Token prices: looked up in the bundled price table of `@pydantic/genai-prices` (offline), or
 * taken from the scenario where it gives them explicitly. Every price says where it came from.
 */
import { calcPrice, findProvider, type Provider } from '@pydantic/genai-prices'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { checkNumber, type NumberRule } from '../scenario/check-number.js'
import { InvalidArgumentError } from '../scenario/messages.js'
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
  /** The higher tiers of each price, by prompt length; undefined for flat prices. */
  tiers: PriceTiers | undefined
  /** A fee per request on top of tokens (the table's `requests_kcount` / 1,000), USD; 0 for most models. */
  perRequestFeeUSD: number
  /** Pricing pages the table cites for this provider. */
  pricingUrls: string[]
  /** The scenario's explicit prices, when they replace the table. */
  overrides: TokenPrices | undefined
}

/** A higher tier of a price: from `start` prompt tokens on (exclusive), `price` USD per million tokens. */
export interface PriceTier {
  start: number
  price: number
}

/** The higher tiers of each token price (empty where that price is flat). */
export interface PriceTiers {
  input: PriceTier[]
  output: PriceTier[]
  cacheRead: PriceTier[]
  cacheWrite: PriceTier[]
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

/**
 * Uses `version` as the price table's version instead of reading the installed package's
 * package.json: for the live report's page, which carries the version its prices came with.
 *
 * @example
 * usePriceTableVersion(priceTableVersion())
 * priceTableName() // => '@pydantic/genai-prices 0.1.8'
 */
export function usePriceTableVersion(version: string): void {
  tableVersion = version
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
  const tiersOf = (key: string): PriceTier[] => {
    const value = table[key]
    return value && typeof value === 'object' && Array.isArray((value as { tiers?: unknown }).tiers)
      ? (value as { tiers: PriceTier[] }).tiers.map((t) => ({ start: t.start, price: t.price }))
      : []
  }
  const tiers: PriceTiers = { input: tiersOf('input_mtok'), output: tiersOf('output_mtok'), cacheRead: tiersOf('cache_read_mtok'), cacheWrite: tiersOf('cache_write_mtok') }
  const tierStarts = [...tiers.input, ...tiers.output, ...tiers.cacheRead, ...tiers.cacheWrite].map((t) => t.start)
  return {
    provider,
    model,
    priceSource: prices ? 'scenario' : priceTableName(),
    inputPerMTokUSD: num('input_mtok') ?? 0,
    outputPerMTokUSD: num('output_mtok') ?? 0,
    firstTierTokens: tierStarts.length > 0 ? Math.min(...tierStarts) : undefined,
    cacheReadPerMTokUSD: num('cache_read_mtok'),
    cacheWritePerMTokUSD: num('cache_write_mtok'),
    tiers: tierStarts.length > 0 ? tiers : undefined,
    perRequestFeeUSD: (num('requests_kcount') ?? 0) / 1000,
    pricingUrls: prices ? [] : (probe.provider.pricing_urls ?? []),
    overrides: prices,
  }
}

/**
 * The price in USD of one request's expected token usage, the way `calcPrice` of
 * `@pydantic/genai-prices` computes it (a test holds the two equal over the table's models):
 * uncached input, cache reads and cache writes (each at its own price where the model has one,
 * else as input) and output, each at the tier its prompt length reaches, plus any per-request
 * fee. Allocation-free arithmetic: the simulation prices millions of draws through it.
 *
 * @throws {InvalidArgumentError} for a token count that is negative or not finite, or cached
 *   tokens beyond the input: `invalid outputTokens: -1 (must be >= 0)`
 * @example
 * const gpt4 = resolveTokenModel('openai', 'gpt-4')!
 * tokenPriceUSD(gpt4, 276, 0, 0, 42) // => 0.010800 (276 x $30 + 42 x $60 per million tokens)
 */
export function tokenPriceUSD(model: PricedModel, inputTokens: number, cacheReadTokens: number, cacheWriteTokens: number, outputTokens: number): number {
  checkNumber('inputTokens', inputTokens, TOKENS)
  checkNumber('cacheReadTokens', cacheReadTokens, TOKENS)
  checkNumber('cacheWriteTokens', cacheWriteTokens, TOKENS)
  checkNumber('outputTokens', outputTokens, TOKENS)
  if (cacheReadTokens + cacheWriteTokens > inputTokens) {
    throw new InvalidArgumentError(`invalid cacheReadTokens + cacheWriteTokens: ${cacheReadTokens + cacheWriteTokens} (must be <= inputTokens, ${inputTokens}: cached tokens are part of the input)`)
  }
  const tiers = model.tiers
  const read = model.cacheReadPerMTokUSD === undefined ? 0 : cacheReadTokens
  const write = model.cacheWritePerMTokUSD === undefined ? 0 : cacheWriteTokens
  let usd = positive(inputTokens - read - write) * tierPrice(model.inputPerMTokUSD, tiers?.input, inputTokens)
  usd += positive(outputTokens) * tierPrice(model.outputPerMTokUSD, tiers?.output, inputTokens)
  if (read > 0) usd += read * tierPrice(model.cacheReadPerMTokUSD as number, tiers?.cacheRead, inputTokens)
  if (write > 0) usd += write * tierPrice(model.cacheWritePerMTokUSD as number, tiers?.cacheWrite, inputTokens)
  return usd / 1e6 + model.perRequestFeeUSD
}

const positive = (tokens: number) => (tokens > 0 ? tokens : 0)

/** Token counts: averages, so fractions are fine, never negative. */
const TOKENS: NumberRule = { min: 0 }

/** The price per million tokens at a prompt length: the last tier whose start it exceeds, else the base. */
function tierPrice(base: number, tiers: PriceTier[] | undefined, promptTokens: number): number {
  let price = base
  if (tiers) for (const tier of tiers) if (promptTokens > tier.start) price = tier.price
  return price
}

/**
 * {@link tokenPriceUSD} of a usage record.
 *
 * @example
 * requestPriceUSD(resolveTokenModel('openai', 'gpt-4')!, { inputTokens: 276, outputTokens: 42 }) // => 0.010800
 * requestPriceUSD(resolveTokenModel('openai', 'gpt-4')!, { inputTokens: 276, outputTokens: -1 }) // throws invalid outputTokens: -1 (must be >= 0)
 */
export function requestPriceUSD(model: PricedModel, usage: TokenUsage): number {
  return tokenPriceUSD(model, usage.inputTokens, usage.cacheReadTokens ?? 0, usage.cacheWriteTokens ?? 0, usage.outputTokens)
}
