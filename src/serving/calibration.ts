/**
 * The serving roofline against published serving benchmarks (data/serving-benchmarks.json):
 * the model's figure beside each published one with the ratio, and the efficiencies that fit
 * them best.
 *
 * A published figure can be compared when the model can pose the same question: one GPU, an
 * architecture preset, fixed input and output tokens, and a throughput or time to first token.
 * Figures over a mix of request lengths (ShareGPT), over several GPUs (tensor parallel) or with
 * an unstated configuration stay in the data file for reference but are not compared. A
 * throughput is *calibrating* when the source states the batch (the model runs at it, at most
 * what its KV cache holds); without it the model runs at its largest batch and the row is an
 * upper bound, shown but not fitted (the benchmark client's concurrency was lower, and the model
 * has no per-step engine overhead, which weighs most on small models).
 *
 * The fit: the compute and bandwidth efficiencies that minimise the sum of squared log ratios
 * (model / published) over the calibrating rows, on a grid of 0.01 over [0.1, 1] each (memory
 * fixed at 0.9).
 */
import { gpuById } from '../prices/gpus.js'
import { architecturePreset } from '../training/presets.js'
import type { ServingBenchmark } from './benchmarks.js'
import { DEFAULT_EFFICIENCIES, servingAt, servingSizes, type ServingEfficiencies, type ServingGpu, type ServingInput, type WeightBits } from './roofline.js'

/**
 * How far the model may be from a calibrating figure, as a factor either way: 1.5. Engines and
 * versions differ by more than that on the same GPU and shape (SGLang ran 2.9x vLLM's throughput
 * on one A100 for the same Qwen2.5-1.5B shape), so this is what one roofline with one pair of
 * efficiencies can promise against one engine's fully stated figures.
 */
export const CALIBRATION_TOLERANCE = 1.5

/** One published figure beside the model's. */
export interface CalibrationRow {
  id: string
  engine: string
  gpu: string
  model: string
  weightPrecision: string
  shape: string
  metric: 'outputTokensPerSecond' | 'timeToFirstTokenMs'
  published: number
  model_: number
  /** model / published. */
  ratio: number
  source: string
  /** The batch the model ran at, and whether the published one did not fit its KV cache. */
  batch: number
  batchClamped: boolean
  /** The source states the batch (or it is a time to first token): the row is fitted and held to the tolerance. */
  calibrating: boolean
}

const BITS: Record<string, WeightBits> = { fp16: 16, bf16: 16, fp8: 8, int8: 8, int4: 4 }

/** The GPU as the roofline needs it. */
export function servingGpu(gpuId: string): ServingGpu {
  const spec = gpuById(gpuId)
  return {
    name: spec.name,
    memoryGiB: spec.memoryGiB,
    bf16DenseTflops: spec.bf16DenseTflops,
    fp8DenseTflops: spec.fp8DenseTflops,
    int8DenseTops: spec.int8DenseTops,
    memoryBandwidthGBs: spec.memoryBandwidthGBs,
  }
}

/** Whether the model can pose a figure's question (see the module's rules). */
export function comparable(entry: ServingBenchmark): boolean {
  return (
    entry.gpuCount === 1 &&
    entry.preset !== undefined &&
    entry.inputTokens !== undefined &&
    entry.outputTokens !== undefined &&
    entry.workload === undefined &&
    (entry.metric === 'outputTokensPerSecond' || entry.metric === 'timeToFirstTokenMs') &&
    BITS[entry.weightPrecision] !== undefined
  )
}

/**
 * The model beside every comparable published figure, at the given efficiencies.
 *
 * @example
 * const rows = calibrationRows(servingBenchmarks().throughput)
 * rows.length > 10 // => true
 * const held = rows.filter((row) => row.calibrating)
 * held.every((row) => row.ratio > 1 / CALIBRATION_TOLERANCE && row.ratio < CALIBRATION_TOLERANCE) // => true
 */
export function calibrationRows(entries: readonly ServingBenchmark[], efficiencies: ServingEfficiencies = DEFAULT_EFFICIENCIES): CalibrationRow[] {
  return entries.filter(comparable).map((entry) => {
    const input: ServingInput = {
      architecture: architecturePreset(entry.preset as string),
      gpu: servingGpu(entry.gpuId),
      weightBits: BITS[entry.weightPrecision] as WeightBits,
      kvBits: entry.kvCachePrecision === 'fp8' || entry.kvCachePrecision === 'int8' ? 8 : 16,
      inputTokens: entry.inputTokens as number,
      outputTokens: entry.outputTokens as number,
      efficiencies,
    }
    const sizes = servingSizes(input)
    const max = sizes.maxBatch
    const wanted = entry.batchSize ?? entry.concurrency ?? max
    const batch = Math.max(1, Math.min(wanted, max))
    const point = servingAt(input, batch, sizes)
    const modelled = entry.metric === 'timeToFirstTokenMs' ? point.ttftSeconds * 1000 : point.outputTokensPerSecond
    return {
      id: entry.id,
      engine: `${entry.engine} ${entry.engineVersion}`,
      gpu: input.gpu.name,
      model: entry.preset as string,
      weightPrecision: entry.weightPrecision,
      shape: `${entry.inputTokens}/${entry.outputTokens}${entry.batchSize ? `, batch ${entry.batchSize}` : ''}`,
      metric: entry.metric as CalibrationRow['metric'],
      published: entry.value,
      model_: modelled,
      ratio: modelled / entry.value,
      source: `${entry.source.url} (${entry.source.date})`,
      batch,
      batchClamped: wanted > max,
      calibrating: entry.metric === 'timeToFirstTokenMs' || entry.batchSize !== undefined || entry.concurrency !== undefined,
    }
  })
}

/**
 * The compute and bandwidth efficiencies that fit the comparable figures best (least squares of
 * log ratios on a 0.01 grid), with the fit's root-mean-square log ratio.
 *
 * @example
 * const fit = calibrationFit(servingBenchmarks().throughput)
 * fit.efficiencies.compute > 0.1 && fit.efficiencies.compute <= 1 // => true
 */
export function calibrationFit(entries: readonly ServingBenchmark[]): { efficiencies: ServingEfficiencies; rmsLogRatio: number; figures: number } {
  let best = { efficiencies: DEFAULT_EFFICIENCIES, rmsLogRatio: Infinity, figures: 0 }
  for (let c = 10; c <= 100; c++) {
    for (let b = 10; b <= 100; b++) {
      const efficiencies = { compute: c / 100, bandwidth: b / 100, memory: DEFAULT_EFFICIENCIES.memory }
      const rows = calibrationRows(entries, efficiencies).filter((row) => row.calibrating)
      const rms = Math.sqrt(rows.reduce((sum, row) => sum + Math.log(row.ratio) ** 2, 0) / rows.length)
      if (rms < best.rmsLogRatio) best = { efficiencies, rmsLogRatio: rms, figures: rows.length }
    }
  }
  return best
}
