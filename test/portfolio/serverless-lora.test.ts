// Serverless LoRA per token, by hand, and its offers.
import { describe, expect, it } from 'vitest'
import { analysePortfolio } from '../../src/portfolio/analyse.js'
import { resolveServerlessLoraOffer, serverlessLoraRequest } from '../../src/portfolio/serverless-lora.js'
import { validatePortfolio } from '../../src/portfolio/validate.js'
import { servingBenchmarks } from '../../src/serving/benchmarks.js'
import { expectClose } from '../helpers/expect-close.js'
import { defaultRaw } from '../helpers/scenario.js'
import { InputError } from '../../src/scenario/messages.js'
import { thrownBy } from '../helpers/thrown.js'

describe('the serverless LoRA option, by hand', () => {
  // The default scenario distils; its adapted prompt is 20 instruction + 300 input = 320 tokens, 12 output.
  const decision = analysePortfolio(
    validatePortfolio({ name: 'p', base: defaultRaw(), tasks: [{ name: 'triage' }], serverlessLora: { provider: 'acme', inputPerMTokUSD: 0.2, outputPerMTokUSD: 0.6, source: 'test' } }, 'p.json'),
  )
  const own = decision.options.find((o) => o.id === 'own-deployments')!
  const serverless = decision.options.find((o) => o.id === 'serverless-lora')!

  it('one request: (320 x $0.20 + 12 x $0.60) / 1e6 = $0.0000712', () => {
    expectClose(serverlessLoraRequest(decision.serverlessLora!, 320, 12).usd, 7.12e-5)
  })

  it('month 1: the own fleet ($1,166.83 = 2 GPUs x 730 h x $0.7992) replaced by 5,000,000 x $0.0000712 = $356', () => {
    expectClose(own.months[1]!.hostingUSD, 2 * 730 * 0.7992, 1e-12)
    expect(serverless.months[1]!.hostingUSD).toBe(0)
    expect(serverless.months[1]!.gpuHours).toBe(0)
    expectClose(serverless.months[1]!.totalUSD, own.months[1]!.totalUSD - 1166.832 + 356, 1e-12)
    // month 2: 5,100,000 requests (2 % growth)
    expectClose(serverless.months[2]!.totalUSD, own.months[2]!.totalUSD - 1166.832 + 5_100_000 * 7.12e-5, 1e-12)
    expect(serverless.months[0]!.totalUSD).toBe(own.months[0]!.totalUSD) // training, data, people: unchanged
  })
})

describe('resolveServerlessLoraOffer', () => {
  it('reads the data file\'s offer, with its source', () => {
    const offer = resolveServerlessLoraOffer({ offer: 'fireworks-serverless-lora-up-to-16b' }, 'p.json')
    const recorded = servingBenchmarks().serverlessLora[0]!
    expect(offer).toMatchObject({ inputPerMTokUSD: recorded.inputPerMTokUSD, outputPerMTokUSD: recorded.outputPerMTokUSD })
    expect(offer.source).toContain('https://fireworks.ai/pricing')
  })
  it('lets stated prices replace the offer\'s', () => {
    expect(resolveServerlessLoraOffer({ offer: 'fireworks-serverless-lora-up-to-16b', outputPerMTokUSD: 0.4 }, 'p.json').outputPerMTokUSD).toBe(0.4)
  })
  it('has no default price: without an offer both prices and a source are required', () => {
    expect(thrownBy(() => resolveServerlessLoraOffer({}, 'p.json'), InputError).message.split('\n')).toEqual([
      'invalid p.json at /serverlessLora/inputPerMTokUSD: undefined (required without offer: there is no default price)',
      'invalid p.json at /serverlessLora/outputPerMTokUSD: undefined (required without offer: there is no default price)',
      'invalid p.json at /serverlessLora/source: undefined (required without offer: say where the prices come from)',
    ])
    expect(() => resolveServerlessLoraOffer({ offer: 'nope' }, 'p.json')).toThrow('invalid p.json at /serverlessLora/offer: "nope" (unknown offer; known: fireworks-serverless-lora-up-to-16b)')
  })
  it('without an offer the option is not compared, and says why', () => {
    const decision = analysePortfolio(validatePortfolio({ name: 'p', base: defaultRaw(), tasks: [{ name: 't' }] }, 'p.json'))
    const option = decision.options.find((o) => o.id === 'serverless-lora')!
    expect(option.available).toBe(false)
    expect(option.why).toContain('no default price')
  })
})
