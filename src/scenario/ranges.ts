/**
 * Plausible ranges: the largest value payback accepts for each kind of number, with its unit
 * and why. The scenario schema puts them in its `maximum`s (and each field's description), the
 * estimator checks architectures and LoRA ranks against them. They are generous on purpose: a
 * value above one is not a large workload but a typo, a unit mistake or a test of the tool, and
 * every total computed from in-range inputs stays finite (the largest, 1e13 requests a month x
 * 2e6 tokens x $1,000 per million tokens x 2^120 growth, is about 3e55 USD).
 */

/** One plausible maximum: the bound, its unit and the reason for it. */
export interface PlausibleMax {
  /** The largest accepted value. */
  max: number
  /** The unit of the value. */
  unit: string
  /** Why this bound, in words. */
  why: string
}

/**
 * The plausible maxima, by kind of number.
 *
 * @example
 * RANGES.requestsPerMonth.max // => 1e13
 * RANGES.tokenPriceUSD.max // => 1000
 */
export const RANGES = {
  tokensPerRequest: {
    max: 2e6,
    unit: 'tokens per request',
    why: 'the largest context windows hold about 2 million tokens (the bundled price table: 1,310,720)',
  },
  requestsPerMonth: {
    max: 1e13,
    unit: 'requests per month',
    why: 'the largest providers serve about 1e15 tokens a month, some 1e13 requests of 100 tokens',
  },
  monthlyGrowth: { max: 1, unit: 'fraction per month', why: '1 = the volume doubles every month; above 0.2 a warning' },
  tokenPriceUSD: {
    max: 1000,
    unit: 'USD per million tokens',
    why: 'the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens',
  },
  gpuHourUSD: { max: 100, unit: 'USD per GPU-hour', why: 'list prices of the largest data-centre GPUs are below $15 an hour' },
  personMonthUSD: { max: 1e6, unit: 'USD per person-month', why: 'a fully loaded engineer costs well under $100,000 a month' },
  personMonths: { max: 1e4, unit: 'person-months', why: 'a hundred people for a hundred months' },
  personMonthsPerMonth: { max: 1e3, unit: 'person-months per month', why: 'a thousand people full time' },
  count: { max: 1e9, unit: 'examples', why: 'a billion labelled or generated examples is beyond any fine-tuning set' },
  corpusTokens: { max: 1e15, unit: 'tokens', why: 'ten times the largest web crawls used for pre-training (about 1e14 tokens)' },
  vectorStoreGB: { max: 1e7, unit: 'GB', why: '10 PB of vector index' },
  storageUSDPerGBMonth: { max: 1000, unit: 'USD per GB-month', why: 'managed vector stores charge under $1 per GB-month' },
  queryUSDPerMillion: { max: 1e4, unit: 'USD per million queries', why: 'serverless vector stores charge tens of dollars per million reads' },
  perItemUSD: { max: 1e4, unit: 'USD per item', why: 'expert review or labelling costs at most hundreds of dollars an item' },
  trainingJobUSD: { max: 1e7, unit: 'USD per training job', why: 'a minimum charge above $10 M is not a fine-tuning price' },
  requestsPerSecondPerGpu: { max: 1e5, unit: 'requests per second per GPU', why: 'a small model on short prompts serves thousands a second at most' },
  concurrency: { max: 1e6, unit: 'sequences', why: 'a million sequences in one batch is beyond any GPU\'s KV cache' },
  latencyMs: { max: 6e5, unit: 'milliseconds', why: 'ten minutes is not an interactive latency' },
  peakToAverage: { max: 100, unit: 'ratio', why: 'peaks a hundred times the average traffic' },
  replicas: { max: 1e4, unit: 'GPUs', why: 'ten thousand GPUs kept running for one small model' },
  gpuHours: { max: 1e4, unit: 'GPU-hours per training run', why: 'a year of one GPU spent beyond the FLOPs' },
  months: { max: 120, unit: 'months', why: 'the longest horizon payback compares' },
  architectureLayers: { max: 1000, unit: 'blocks', why: 'the deepest published decoders have about 130' },
  architectureWidth: { max: 1e6, unit: 'units', why: 'hidden and MLP sizes of published decoders stay below 60,000' },
  architectureHeads: { max: 1e4, unit: 'heads', why: 'published decoders have at most a few hundred' },
  architectureVocab: { max: 1e7, unit: 'tokens', why: 'published vocabularies have at most about 260,000 entries' },
  trainingTokens: {
    max: 1e18,
    unit: 'tokens per training run',
    why: 'a billion examples of 2e6 tokens for 100 epochs is 2e17; frontier pre-training runs use about 1e14',
  },
  sequenceLength: { max: 1e7, unit: 'tokens per sequence', why: 'five times the largest context windows' },
  microBatchSize: { max: 1e5, unit: 'sequences per micro-batch', why: 'published runs use at most thousands' },
  loraRank: { max: 1024, unit: 'rank', why: 'published LoRA fine-tunes use ranks of 8 to 256; above 1024 an adapter is no longer low-rank' },
  normsPerLayer: { max: 16, unit: 'norm vectors per block', why: 'published blocks have 2 to 4' },
} as const satisfies Record<string, PlausibleMax>

/** A kind of number in {@link RANGES}. */
export type RangeKind = keyof typeof RANGES

/**
 * The words that state a range in a field's description: the bound, its unit and why.
 *
 * @example
 * rangeNote('monthlyGrowth') // => 'at most 1 fraction per month: 1 = the volume doubles every month; above 0.2 a warning'
 * rangeNote('requestsPerMonth').slice(0, 34) // => 'at most 1e13 requests per month: t'
 */
export function rangeNote(kind: RangeKind): string {
  const { max, unit, why } = RANGES[kind]
  const shown = max >= 1e6 ? max.toExponential().replace('e+', 'e') : String(max)
  return `at most ${shown} ${unit}: ${why}`
}
