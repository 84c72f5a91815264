import { describe, expect, it } from 'vitest'
import { priceTableVersion, requestPriceUSD, resolveTokenModel } from '../../src/prices/tokens.js'

describe('resolveTokenModel(provider, model, prices?)', () => {
  it('reads gpt-4.1 from the bundled table: $2 in, $0.50 cached, $8 out per MTok', () => {
    const model = resolveTokenModel('openai', 'gpt-4.1')
    expect(model).toMatchObject({ inputPerMTokUSD: 2, outputPerMTokUSD: 8, cacheReadPerMTokUSD: 0.5, cacheWritePerMTokUSD: undefined })
    expect(model?.priceSource).toBe(`@pydantic/genai-prices ${priceTableVersion()}`)
    expect(model?.pricingUrls.length).toBeGreaterThan(0)
  })

  it('is undefined for a model the table lacks', () => {
    expect(resolveTokenModel('openai', 'gpt-9-ultra')).toBeUndefined()
  })

  it('takes explicit prices over the table', () => {
    expect(resolveTokenModel('openai', 'gpt-4.1', { inputPerMTokUSD: 1, outputPerMTokUSD: 3 })).toMatchObject({
      inputPerMTokUSD: 1,
      outputPerMTokUSD: 3,
      priceSource: 'scenario',
    })
  })
})

describe('requestPriceUSD(model, usage)', () => {
  it('prices 276 input + 42 output tokens on gpt-4 at $0.0108 (276 x $30/M + 42 x $60/M)', () => {
    const model = resolveTokenModel('openai', 'gpt-4')!
    expect(requestPriceUSD(model, { inputTokens: 276, outputTokens: 42 })).toBeCloseTo(0.00828 + 0.00252, 12)
  })

  it('prices cached input at the cache rate: 1,000 input of which 600 cached on gpt-4.1', () => {
    // 400 x $2/M + 600 x $0.5/M + 10 x $8/M = 0.0008 + 0.0003 + 0.00008
    const model = resolveTokenModel('openai', 'gpt-4.1')!
    expect(requestPriceUSD(model, { inputTokens: 1000, cacheReadTokens: 600, outputTokens: 10 })).toBeCloseTo(0.00118, 12)
  })

  it('charges cache writes where the table has a write price (claude-haiku-4-5: $1.25/M write)', () => {
    // 500 written x $1.25/M + 500 read x $0.10/M + 100 uncached x $1/M + 20 out x $5/M
    const model = resolveTokenModel('anthropic', 'claude-haiku-4-5')!
    const usd = requestPriceUSD(model, { inputTokens: 1100, cacheWriteTokens: 500, cacheReadTokens: 500, outputTokens: 20 })
    expect(usd).toBeCloseTo(0.000625 + 0.00005 + 0.0001 + 0.0001, 12)
  })

  it('uses explicit prices through the same calculation', () => {
    const model = resolveTokenModel('acme', 'private', { inputPerMTokUSD: 1, outputPerMTokUSD: 4, cacheReadPerMTokUSD: 0.1 })!
    // 100 x $1/M + 900 x $0.1/M + 50 x $4/M
    expect(requestPriceUSD(model, { inputTokens: 1000, cacheReadTokens: 900, outputTokens: 50 })).toBeCloseTo(0.0001 + 0.00009 + 0.0002, 12)
  })
})
