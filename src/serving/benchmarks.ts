/**
 * Published LLM serving measurements from `data/serving-benchmarks.json`, to calibrate the
 * first-principles serving model (prefill bound by compute, decode by memory bandwidth) against:
 * throughput and latency per engine, GPU, model and weight precision; multi-LoRA serving against
 * one adapter or none; serverless cold starts. Every figure names its source, a date and where in
 * the source the number is. One TypeBox schema gives both the type and the check (ajv); GPU ids
 * and architecture presets are checked against `data/gpus.json` and the preset table.
 */
import { dataFileError } from '../scenario/pointer.js'
import { dataValidatorCode, loadDataValidator } from '../scenario/data-validator.js'
import { Type, type Static } from '@sinclair/typebox'
import type { ValidateFunction } from 'ajv'
import { readFileSync } from 'node:fs'
import { packagePath } from '../../kernel/paths.js'
import { findGpu } from '../prices/gpus.js'
import { architecturePresetNames } from '../training/presets.js'


const Text = Type.String({ minLength: 1 })
const Id = Type.String({ pattern: '^[a-z0-9]+([.-][a-z0-9]+)*$', description: 'kebab-case id, unique within its array' })
const Positive = Type.Number({ exclusiveMinimum: 0 })
const Count = Type.Integer({ minimum: 1 })

/** Where a figure came from: the page, its date and where on the page the number is. */
export const BenchmarkSourceSchema = Type.Object(
  {
    url: Type.String({ pattern: '^https://', description: 'the page the figure was read on' }),
    date: Type.String({
      pattern: '^\\d{4}-\\d{2}(-\\d{2})?$',
      description: 'publication date, or the date the page states (YYYY-MM-DD, or YYYY-MM when only the month is known)',
    }),
    dateNote: Type.Optional(Text),
    note: Type.String({ minLength: 20, description: 'where in the source the number is, and its caveats' }),
  },
  { additionalProperties: false },
)

const WeightPrecision = Type.Union(['bf16', 'fp16', 'int8', 'fp8', 'int4'].map((p) => Type.Literal(p)))
const KvPrecision = Type.Union(['bf16', 'fp16', 'int8', 'fp8'].map((p) => Type.Literal(p)))

/** One published serving figure: a throughput or a latency under a stated load. */
export const ServingBenchmarkSchema = Type.Object(
  {
    id: Id,
    engine: Text,
    engineVersion: Text,
    gpuId: Type.String({ description: 'a GPU id of data/gpus.json' }),
    gpuCount: Count,
    tensorParallel: Type.Optional(Count),
    model: Text,
    preset: Type.Optional(Type.String({ description: 'architecture preset of src/training/presets.ts, where it matches' })),
    weightPrecision: WeightPrecision,
    kvCachePrecision: Type.Optional(KvPrecision),
    inputTokens: Type.Optional(Count),
    outputTokens: Type.Optional(Count),
    workload: Type.Optional(Type.String({ minLength: 1, description: 'the request mix where lengths are not fixed (e.g. ShareGPT)' })),
    batchSize: Type.Optional(Count),
    concurrency: Type.Optional(Count),
    requestRate: Type.Optional(Positive),
    metric: Type.Union(
      ['outputTokensPerSecond', 'requestsPerSecond', 'timeToFirstTokenMs', 'timePerOutputTokenMs'].map((m) => Type.Literal(m)),
      { description: 'outputTokensPerSecond is the total over all requests (per GPU where the source says so)' },
    ),
    value: Positive,
    source: BenchmarkSourceSchema,
  },
  { additionalProperties: false },
)

/** One published multi-LoRA figure: throughput with n adapters, or a ratio against a baseline. */
export const MultiLoraFigureSchema = Type.Object(
  {
    id: Id,
    system: Text,
    gpuId: Type.Optional(Type.String({ description: 'a GPU id of data/gpus.json, when the source names the GPU' })),
    gpuCount: Count,
    model: Text,
    preset: Type.Optional(Type.String()),
    adapters: Type.Optional(Type.Integer({ minimum: 0, description: 'adapters served concurrently; 0 for the base model alone' })),
    adapterRanks: Type.Optional(Type.Array(Count)),
    metric: Type.Union(
      ['requestsPerSecond', 'outputTokensPerSecond', 'throughputRatioVsBaseline', 'addedLatencyPerTokenMs'].map((m) => Type.Literal(m)),
    ),
    value: Positive,
    source: BenchmarkSourceSchema,
  },
  { additionalProperties: false },
)

/** One published serverless cold start: seconds from a scaled-to-zero endpoint to serving. */
export const ColdStartFigureSchema = Type.Object(
  {
    id: Id,
    platform: Text,
    gpuId: Type.Optional(Type.String()),
    model: Text,
    parametersB: Type.Optional(Positive),
    weightPrecision: Type.Optional(WeightPrecision),
    engine: Type.Optional(Text),
    technique: Text,
    seconds: Positive,
    secondsHigh: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'upper end when the source gives a range' })),
    source: BenchmarkSourceSchema,
  },
  { additionalProperties: false },
)

/**
 * One published serverless LoRA offer: adapters served on a provider's shared pool and billed
 * per token at the base model's rate (no GPUs rented, no minimum replicas).
 */
export const ServerlessLoraOfferFigureSchema = Type.Object(
  {
    id: Id,
    provider: Text,
    baseModels: Type.String({ minLength: 1, description: 'the base models the price applies to, as the source states them' }),
    inputPerMTokUSD: Type.Number({ minimum: 0, description: 'USD per million input tokens' }),
    outputPerMTokUSD: Type.Number({ minimum: 0, description: 'USD per million output tokens' }),
    source: BenchmarkSourceSchema,
  },
  { additionalProperties: false },
)

/** Schema of `data/serving-benchmarks.json`. */
export const ServingBenchmarksSchema = Type.Object(
  {
    note: Text,
    throughput: Type.Array(ServingBenchmarkSchema, { minItems: 1 }),
    multiLora: Type.Array(MultiLoraFigureSchema),
    coldStarts: Type.Array(ColdStartFigureSchema),
    serverlessLora: Type.Array(ServerlessLoraOfferFigureSchema),
  },
  { additionalProperties: false },
)

export type BenchmarkSource = Static<typeof BenchmarkSourceSchema>
export type ServingBenchmark = Static<typeof ServingBenchmarkSchema>
export type MultiLoraFigure = Static<typeof MultiLoraFigureSchema>
export type ColdStartFigure = Static<typeof ColdStartFigureSchema>
export type ServerlessLoraOfferFigure = Static<typeof ServerlessLoraOfferFigureSchema>
/** The whole file: a note, serving figures, multi-LoRA figures, cold starts and serverless LoRA offers. */
export type ServingBenchmarks = Static<typeof ServingBenchmarksSchema>

let validate: ValidateFunction | undefined
let cached: ServingBenchmarks | undefined

/** The benchmarks file's validator as ajv standalone code, written by the build next to this module. */
export const SERVING_BENCHMARKS_VALIDATOR_FILE = packagePath('dist', 'src', 'serving', 'serving-benchmarks-validator.cjs')

/** ajv standalone code of the benchmarks file's validator, for the build (see data-validator.ts). */
export function servingBenchmarksValidatorCode(): string {
  return dataValidatorCode(ServingBenchmarksSchema)
}

function validator(): ValidateFunction {
  return (validate ??= loadDataValidator(ServingBenchmarksSchema, SERVING_BENCHMARKS_VALIDATOR_FILE))
}

/**
 * Checks parsed serving benchmarks and returns them: shape (ajv, every error), unique ids per
 * array, GPU ids known to `data/gpus.json`, presets known to the preset table, and
 * `secondsHigh` not below `seconds`.
 *
 * @param raw the parsed JSON
 * @param source a name for messages, e.g. `data/serving-benchmarks.json`
 * @throws naming each bad value's JSON path, e.g.
 *   `invalid data/serving-benchmarks.json at /throughput/0/gpuId: "nvidia-v100" (unknown GPU id)`
 */
export function parseServingBenchmarks(raw: unknown, source = 'data/serving-benchmarks.json'): ServingBenchmarks {
  const check = validator()
  if (!check(raw)) throw new Error((check.errors ?? []).map((error) => dataFileError(error, raw, source)).join('\n'))
  const data = raw as ServingBenchmarks
  const presets = new Set<string>(architecturePresetNames())
  const problems: string[] = []
  const arrays: [string, { id: string; gpuId?: string; preset?: string }[]][] = [
    ['throughput', data.throughput],
    ['multiLora', data.multiLora],
    ['coldStarts', data.coldStarts],
    ['serverlessLora', data.serverlessLora],
  ]
  for (const [name, entries] of arrays) {
    const seen = new Set<string>()
    entries.forEach((entry, index) => {
      const at = `invalid ${source} at /${name}/${index}`
      if (seen.has(entry.id)) problems.push(`${at}/id: ${JSON.stringify(entry.id)} (duplicate id)`)
      seen.add(entry.id)
      if (entry.gpuId !== undefined && !findGpu(entry.gpuId)) problems.push(`${at}/gpuId: ${JSON.stringify(entry.gpuId)} (unknown GPU id)`)
      if (entry.preset !== undefined && !presets.has(entry.preset)) {
        problems.push(`${at}/preset: ${JSON.stringify(entry.preset)} (unknown architecture preset)`)
      }
    })
  }
  data.coldStarts.forEach((entry, index) => {
    if (entry.secondsHigh !== undefined && entry.secondsHigh < entry.seconds) {
      problems.push(`invalid ${source} at /coldStarts/${index}/secondsHigh: ${entry.secondsHigh} (below seconds, ${entry.seconds})`)
    }
  })
  if (problems.length > 0) throw new Error(problems.join('\n'))
  return data
}

/**
 * The serving benchmarks from `data/serving-benchmarks.json`, read and checked once (later calls
 * return copies of the same data).
 *
 * @throws when the file is missing, not JSON or invalid (see {@link parseServingBenchmarks})
 * @example
 * servingBenchmarks().throughput.every((entry) => entry.source.url.startsWith('https://')) // => true
 */
export function servingBenchmarks(): ServingBenchmarks {
  if (!cached) {
    const path = packagePath('data', 'serving-benchmarks.json')
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (error) {
      throw new Error(`cannot read the serving benchmarks ${path}: ${(error as Error).message}`)
    }
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch (error) {
      throw new Error(`invalid data/serving-benchmarks.json: not valid JSON (${(error as Error).message})`)
    }
    cached = parseServingBenchmarks(raw)
  }
  return structuredClone(cached)
}
