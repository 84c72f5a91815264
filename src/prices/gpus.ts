/**
 * GPU specs and on-demand prices from `data/gpus.json`: memory, memory bandwidth, dense bf16 (and,
 * where the GPU has them, INT8 and FP8) peaks, a list price per GPU-hour and where each figure came from. The file's shape is checked when it is first
 * read; one TypeBox schema gives both the type and the check.
 */
import { dataFileError } from '../scenario/pointer.js'
import { dataValidatorCode, loadDataValidator } from '../scenario/data-validator.js'
import { Type, type Static } from '@sinclair/typebox'
import type { ValidateFunction } from 'ajv'
import { readFileSync } from 'node:fs'
import { packagePath } from '../../kernel/paths.js'


const Text = Type.String({ minLength: 1 })

/** Schema of one GPU entry in `data/gpus.json`. */
export const GpuSpecSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'kebab-case id, e.g. nvidia-l4' }),
    name: Text,
    memoryGiB: Type.Number({ exclusiveMinimum: 0, description: 'nominal GPU memory, GiB (2^30 bytes)' }),
    bf16DenseTflops: Type.Number({
      exclusiveMinimum: 0,
      description: 'dense (not 2:4 sparse) 16-bit tensor-core peak, TFLOP/s; fp16 where the GPU has no bf16 (see peakPrecision)',
    }),
    peakPrecision: Type.Union([Type.Literal('bf16'), Type.Literal('fp16')], {
      description: 'the 16-bit format bf16DenseTflops is for: bf16, or fp16 on GPUs without bf16 (T4)',
    }),
    specSource: Type.Object({ url: Text, note: Text }, { additionalProperties: false }),
    memoryBandwidthGBs: Type.Number({
      exclusiveMinimum: 0,
      description: 'datasheet memory bandwidth, decimal GB/s (10^9 bytes per second): what bounds decode',
    }),
    int8DenseTops: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        description: 'dense (not 2:4 sparse) INT8 tensor-core peak, TOP/s; absent where no figure was found',
      }),
    ),
    fp8DenseTflops: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        description: 'dense (not 2:4 sparse) FP8 tensor-core peak, TFLOP/s; absent on GPUs without FP8 (before Ada/Hopper)',
      }),
    ),
    bandwidthSource: Type.Object({ url: Text, note: Text }, { additionalProperties: false }),
    lowPrecisionSource: Type.Optional(Type.Object({ url: Text, note: Text }, { additionalProperties: false })),
    usdPerHour: Type.Number({ exclusiveMinimum: 0, description: 'on-demand list price of one GPU for one hour, USD' }),
    priceSource: Type.Object(
      {
        url: Text,
        provider: Text,
        note: Text,
        asOf: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'date the price was read, YYYY-MM-DD' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)

/** One GPU: memory, bandwidth, peaks, list price and sources. */
export type GpuSpec = Static<typeof GpuSpecSchema>

/** Schema of `data/gpus.json`. */
export const GpuTableSchema = Type.Object(
  { note: Text, gpus: Type.Array(GpuSpecSchema, { minItems: 1 }) },
  { additionalProperties: false },
)

/** The whole table: a note on what the prices are, and the GPUs. */
export type GpuTable = Static<typeof GpuTableSchema>

let validateTable: ValidateFunction | undefined
let cached: GpuTable | undefined

/** The GPU table's validator as ajv standalone code, written by the build next to this module. */
export const GPU_TABLE_VALIDATOR_FILE = packagePath('dist', 'src', 'prices', 'gpu-table-validator.cjs')

/**
 * ajv standalone code of the GPU table's validator, for the build (see data-validator.ts).
 *
 * @example
 * gpuTableValidatorCode().startsWith('"use strict";exports.validate') // => true
 */
export function gpuTableValidatorCode(): string {
  return dataValidatorCode(GpuTableSchema)
}

/** The GPU table's validator: the build's standalone code when current, else compiled now. */
function tableValidator(): ValidateFunction {
  return (validateTable ??= loadDataValidator(GpuTableSchema, GPU_TABLE_VALIDATOR_FILE))
}

/**
 * Checks a parsed GPU table and returns it: shape (fields, types, positive numbers, dates)
 * and unique ids.
 *
 * @param raw the parsed JSON
 * @param source a name for messages, e.g. `data/gpus.json`
 * @throws naming each bad value's JSON path, e.g.
 *   `invalid data/gpus.json at /gpus/2/memoryGiB: -1 (must be > 0)`
 * @example
 * const table = { note: 'list prices', gpus: [gpuById('nvidia-l4')] }
 * parseGpuTable(table).gpus.length // => 1
 * table.gpus[0].memoryGiB = -1
 * parseGpuTable(table, 'my-gpus.json') // throws invalid my-gpus.json at /gpus/0/memoryGiB: -1 (must be > 0)
 */
export function parseGpuTable(raw: unknown, source = 'data/gpus.json'): GpuTable {
  const validate = tableValidator()
  if (!validate(raw)) {
    throw new Error((validate.errors ?? []).map((error) => dataFileError(error, raw, source)).join('\n'))
  }
  const table = raw as GpuTable
  const seen = new Set<string>()
  table.gpus.forEach((gpu, index) => {
    if (seen.has(gpu.id)) throw new Error(`invalid ${source} at /gpus/${index}/id: ${JSON.stringify(gpu.id)} (duplicate id)`)
    seen.add(gpu.id)
  })
  return table
}

/**
 * The GPU table from `data/gpus.json`, read and checked once (later calls reuse it).
 *
 * @throws when the file is missing or malformed (see {@link parseGpuTable})
 * @example
 * gpuTable().note.startsWith('On-demand list prices in USD per GPU-hour') // => true
 * gpuTable().gpus.length // => 9
 */
export function gpuTable(): GpuTable {
  if (!cached) {
    const path = packagePath('data', 'gpus.json')
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (error) {
      throw new Error(`cannot read the GPU table ${path}: ${(error as Error).message}`)
    }
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch (error) {
      throw new Error(`invalid data/gpus.json: not valid JSON (${(error as Error).message})`)
    }
    cached = parseGpuTable(raw)
  }
  return cached
}

/**
 * Uses `table` as the GPU table instead of reading data/gpus.json: for the live report's page,
 * which carries the table the report was made with (checked then) and has no file system.
 *
 * @example
 * const table = gpuTable()
 * useGpuTable(table)
 * gpuTable() === table // => true
 */
export function useGpuTable(table: GpuTable): void {
  cached = table
}

/**
 * Every GPU in the table, in file order (copies: callers may change them).
 *
 * @example
 * listGpus().map((gpu) => gpu.id)
 * // => ['nvidia-t4', 'nvidia-l4', 'nvidia-a10g', 'nvidia-a100-40gb', 'nvidia-a100-80gb', 'nvidia-h100-80gb-sxm', 'nvidia-l40s', 'nvidia-rtx-a6000', 'nvidia-h200']
 */
export function listGpus(): GpuSpec[] {
  return gpuTable().gpus.map((gpu) => structuredClone(gpu))
}

/**
 * One GPU by id (a copy), or `undefined` when the table has no such id: for validation that
 * reports unknown ids itself.
 *
 * @example
 * findGpu('nvidia-v100') // => undefined
 * findGpu('nvidia-l4')?.name // => 'NVIDIA L4'
 */
export function findGpu(id: string): GpuSpec | undefined {
  const gpu = gpuTable().gpus.find((candidate) => candidate.id === id)
  return gpu && structuredClone(gpu)
}

/**
 * One GPU by id (a copy).
 *
 * @throws for an unknown id, listing the known ones: `unknown GPU id: "nvidia-v100" (known: nvidia-t4, ...)`
 * @example
 * gpuById('nvidia-l4').memoryGiB // => 24
 * gpuById('nvidia-v100') // throws unknown GPU id: "nvidia-v100" (known: nvidia-t4, nvidia-l4, nvidia-a10g, nvidia-a100-40gb, nvidia-a100-80gb, nvidia-h100-80gb-sxm, nvidia-l40s, nvidia-rtx-a6000, nvidia-h200)
 */
export function gpuById(id: string): GpuSpec {
  const gpu = findGpu(id)
  if (!gpu) {
    throw new Error(`unknown GPU id: ${JSON.stringify(id)} (known: ${gpuTable().gpus.map((g) => g.id).join(', ')})`)
  }
  return gpu
}
