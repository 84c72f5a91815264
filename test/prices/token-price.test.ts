// tokenPriceUSD restates calcPrice of @pydantic/genai-prices as allocation-free arithmetic (the
// simulation prices millions of draws with it). calcPrice is the reference: they must agree on
// every model of the main providers, flat and tiered, with and without cache tokens.
import { calcPrice, findProvider } from '@pydantic/genai-prices'
import { describe, expect, it } from 'vitest'
import { createStream } from '../../kernel/sim/random.js'
import { resolveTokenModel, tokenPriceUSD } from '../../src/prices/tokens.js'

const PROVIDERS = ['openai', 'anthropic', 'google', 'mistral', 'deepseek', 'x-ai', 'groq', 'together', 'fireworks', 'cohere', 'aws', 'azure']

describe('tokenPriceUSD(model, input, cacheRead, cacheWrite, output)', () => {
  it('equals calcPrice on every text model of the main providers at random usages, tiers included', () => {
    const stream = createStream(11, 0)
    const usages = Array.from({ length: 12 }, (_, i) => {
      // Prompt lengths from 10 to 400k tokens, so 200k-token tiers are crossed.
      const input = Math.round(10 * Math.pow(40_000, stream.nextFloat64()))
      const read = i % 3 === 0 ? 0 : Math.floor(input * 0.6 * stream.nextFloat64())
      const write = i % 4 === 0 ? Math.floor((input - read) * 0.5 * stream.nextFloat64()) : 0
      return { input, read, write, output: Math.round(2000 * stream.nextFloat64()) }
    })
    let compared = 0
    let tiered = 0
    for (const providerId of PROVIDERS) {
      const provider = findProvider({ providerId })
      if (!provider) continue
      for (const entry of provider.models) {
        const model = resolveTokenModel(providerId, entry.id)
        if (!model) continue
        const prices = calcPrice({ input_tokens: 1, output_tokens: 1 }, entry.id, { providerId })?.model_price as Record<string, unknown>
        // Models priced only by other units (audio, images, searches) are not text models.
        if (prices.input_mtok === undefined && prices.output_mtok === undefined) continue
        if (model.tiers) tiered++
        for (const u of usages) {
          const reference = calcPrice({ input_tokens: u.input, cache_read_tokens: u.read, cache_write_tokens: u.write, output_tokens: u.output }, entry.id, { providerId })
          const ours = tokenPriceUSD(model, u.input, u.read, u.write, u.output)
          expect(Math.abs(ours - reference!.total_price), `${providerId}/${entry.id} at ${JSON.stringify(u)}: ${ours} vs ${reference!.total_price}`).toBeLessThanOrEqual(
            1e-12 * Math.max(1e-6, reference!.total_price),
          )
          compared++
        }
      }
    }
    expect(compared).toBeGreaterThan(1000)
    expect(tiered).toBeGreaterThan(3)
  })

  it('prices a 250k-token gemini-2.5-pro prompt at the upper tier: 249,000 x $2.50 + 1,000 cached x $0.25 + 10 x $15 per MTok', () => {
    const model = resolveTokenModel('google', 'gemini-2.5-pro')!
    expect(tokenPriceUSD(model, 250_000, 1000, 0, 10)).toBeCloseTo((249_000 * 2.5 + 1000 * 0.25 + 10 * 15) / 1e6, 14)
    // Below the tier: 1,000 x $1.25 + 10 x $10 per MTok.
    expect(tokenPriceUSD(model, 1000, 0, 0, 10)).toBeCloseTo((1000 * 1.25 + 10 * 10) / 1e6, 14)
  })

  it('bills cache reads as input where the model has no cached-read price (gpt-4: 1,000 x $30/M)', () => {
    expect(tokenPriceUSD(resolveTokenModel('openai', 'gpt-4')!, 1000, 600, 0, 0)).toBeCloseTo(0.03, 14)
  })
})

describe('tokenPriceUSD refuses impossible token counts, in the validator wording', () => {
  const gpt41 = resolveTokenModel('openai', 'gpt-4.1')!
  it.each([
    [[-1, 0, 0, 10], 'invalid inputTokens: -1 (must be >= 0)'],
    [[100, 0, 0, Number.NaN], 'invalid outputTokens: NaN (must be a finite number)'],
    [[100, Infinity, 0, 10], 'invalid cacheReadTokens: Infinity (must be a finite number)'],
    [[100, 80, 30, 10], 'invalid cacheReadTokens + cacheWriteTokens: 110 (must be <= inputTokens, 100: cached tokens are part of the input)'],
  ])('%j -> %s', (args, message) => {
    const [input, read, write, output] = args as [number, number, number, number]
    expect(() => tokenPriceUSD(gpt41, input, read, write, output)).toThrow(message)
  })
})
