/**
 * Serverless LoRA: a provider serves the adapter on its shared pool of the base model and bills
 * per token at the base model's rate (no GPUs rented, no minimum replicas, no fleet). The offer
 * comes from the portfolio (stated prices) or from data/serving-benchmarks.json (serverlessLora).
 */
import { formatNumber, formatPerMTok, formatUSD } from '../format.js'
import { InputError } from '../scenario/messages.js'
import type { ServerlessLoraOfferInput } from '../scenario/portfolio-schema.js'
import { servingBenchmarks } from '../serving/benchmarks.js'

/** A resolved serverless LoRA offer: prices and where they come from. */
export interface ServerlessLoraOffer {
  provider: string
  inputPerMTokUSD: number
  outputPerMTokUSD: number
  /** URL and date of the prices, or the portfolio's own words. */
  source: string
}

/**
 * The offer a portfolio states: `offer` names an entry of data/serving-benchmarks.json
 * (serverlessLora), and stated fields replace its fields; without `offer`, both prices and a
 * source are required (there is no default price).
 *
 * @param source the portfolio file, for messages
 * @throws {InputError} at `/serverlessLora/...` for an unknown offer id or a missing price or source
 * @example
 * resolveServerlessLoraOffer({ offer: 'fireworks-serverless-lora-up-to-16b' }, 'p.json').inputPerMTokUSD // => 0.2
 * resolveServerlessLoraOffer({ provider: 'acme', inputPerMTokUSD: 0.1, outputPerMTokUSD: 0.3, source: 'acme price list, 2026-11' }, 'p.json').outputPerMTokUSD // => 0.3
 * resolveServerlessLoraOffer({ inputPerMTokUSD: 0.1, source: 'acme' }, 'p.json')
 * // throws invalid p.json at /serverlessLora/outputPerMTokUSD: undefined (required without offer: there is no default price)
 */
export function resolveServerlessLoraOffer(input: ServerlessLoraOfferInput, source: string): ServerlessLoraOffer {
  let base: ServerlessLoraOffer | undefined
  if (input.offer !== undefined) {
    const offers = servingBenchmarks().serverlessLora
    const found = offers.find((o) => o.id === input.offer)
    if (!found) {
      throw new InputError([{ path: '/serverlessLora/offer', rule: `unknown offer; known: ${offers.map((o) => o.id).join(', ')}`, value: input.offer }], source)
    }
    base = {
      provider: found.provider,
      inputPerMTokUSD: found.inputPerMTokUSD,
      outputPerMTokUSD: found.outputPerMTokUSD,
      source: `${found.source.url}, ${found.source.date}${found.source.dateNote ? ' (read on that date; the page states none)' : ''}: ${found.baseModels}`,
    }
  }
  const missing = (['inputPerMTokUSD', 'outputPerMTokUSD', 'source'] as const).filter((key) => input[key] === undefined && base === undefined)
  if (missing.length > 0) {
    throw new InputError(
      missing.map((key) => ({ path: `/serverlessLora/${key}`, rule: key === 'source' ? 'required without offer: say where the prices come from' : 'required without offer: there is no default price', value: undefined })),
      source,
    )
  }
  return {
    provider: input.provider ?? base?.provider ?? 'stated in the portfolio',
    inputPerMTokUSD: input.inputPerMTokUSD ?? (base as ServerlessLoraOffer).inputPerMTokUSD,
    outputPerMTokUSD: input.outputPerMTokUSD ?? (base as ServerlessLoraOffer).outputPerMTokUSD,
    source: input.source ?? (base as ServerlessLoraOffer).source,
  }
}

/**
 * One request to a serverless LoRA adapter (USD): `(input tokens x input price + output tokens x
 * output price) / 1e6`, with its formula.
 *
 * @example
 * const offer = { provider: 'Fireworks', inputPerMTokUSD: 0.2, outputPerMTokUSD: 0.2, source: 'fireworks.ai/pricing' }
 * serverlessLoraRequest(offer, 320, 12).usd // => 0.0000664 ((320 + 12) x $0.20 / 1e6)
 * serverlessLoraRequest(offer, 320, 12).formula
 * // => '320 input tokens x $0.20/MTok + 12 output tokens x $0.20/MTok = $0.00006640 (serverless LoRA, Fireworks, fireworks.ai/pricing)'
 */
export function serverlessLoraRequest(offer: ServerlessLoraOffer, inputTokens: number, outputTokens: number): { usd: number; formula: string } {
  const usd = (inputTokens * offer.inputPerMTokUSD + outputTokens * offer.outputPerMTokUSD) / 1e6
  return {
    usd,
    formula:
      `${formatNumber(inputTokens)} input tokens x ${formatPerMTok(offer.inputPerMTokUSD)} + ${formatNumber(outputTokens)} output tokens x ${formatPerMTok(offer.outputPerMTokUSD)} = ` +
      `${formatUSD(usd)} (serverless LoRA, ${offer.provider}, ${offer.source})`,
  }
}
