// The serving roofline against the published figures of data/serving-benchmarks.json: every
// fully stated figure within the stated tolerance, the default efficiencies equal to the fit,
// and one row worked out by hand.
import { describe, expect, it } from 'vitest'
import { servingBenchmarks } from '../../src/serving/benchmarks.js'
import { CALIBRATION_TOLERANCE, calibrationFit, calibrationRows } from '../../src/serving/calibration.js'
import { DEFAULT_EFFICIENCIES } from '../../src/serving/roofline.js'
import { gpuById } from '../../src/prices/gpus.js'

const entries = servingBenchmarks().throughput
const rows = calibrationRows(entries)

describe('calibrationRows', () => {
  it(`holds every calibrating figure within a factor ${CALIBRATION_TOLERANCE} either way`, () => {
    const held = rows.filter((row) => row.calibrating)
    expect(held.length).toBeGreaterThanOrEqual(10)
    for (const row of held) {
      expect(row.ratio, `${row.id}: model ${row.model_.toFixed(1)} against published ${row.published}`).toBeGreaterThan(1 / CALIBRATION_TOLERANCE)
      expect(row.ratio, `${row.id}: model ${row.model_.toFixed(1)} against published ${row.published}`).toBeLessThan(CALIBRATION_TOLERANCE)
    }
    // Three GPUs and two weight precisions among them.
    expect(new Set(held.map((row) => row.gpu)).size).toBeGreaterThanOrEqual(3)
    expect(new Set(held.map((row) => row.weightPrecision)).size).toBeGreaterThanOrEqual(2)
  })

  it('time to first token on an A100, 2,048 tokens of Llama-2-7b in fp16, by hand', () => {
    // The datasheet's dense 16-bit peak, as data/gpus.json has it.
    expect(gpuById('nvidia-a100-80gb').bf16DenseTflops).toBe(312)
    const row = rows.find((r) => r.id === 'trtllm-0.5-a100-fp16-llama7b-ttft-2048')!
    // Matmul parameters: 32 layers x (4 x 4096^2 + 3 x 4096 x 11008) + 32000 x 4096 = 6,607,077,376.
    // FLOPs: 2 x 6,607,077,376 x 2048 + 2 x 32 layers x 32 heads x 128 x 2048^2 = 28,162,100,559,872,
    // at 51 % of 312 TFLOP/s.
    const seconds = 28_162_100_559_872 / (312e12 * DEFAULT_EFFICIENCIES.compute)
    expect(row.model_).toBeCloseTo(seconds * 1000, 6)
    expect(row.published).toBe(133)
    expect(row.ratio).toBeCloseTo((seconds * 1000) / 133, 9)
  })

  it('shows the figures without a stated batch as upper bounds, not fitted', () => {
    const loose = rows.filter((row) => !row.calibrating)
    expect(loose.length).toBeGreaterThan(0)
    // At its largest batch and with no per-step overhead, the model is above each of them.
    expect(loose.every((row) => row.ratio > 1)).toBe(true)
  })
})

describe('calibrationFit', () => {
  it('gives the default efficiencies (update DEFAULT_EFFICIENCIES when the data changes)', () => {
    const fit = calibrationFit(entries)
    expect(fit.efficiencies.compute).toBe(DEFAULT_EFFICIENCIES.compute)
    expect(fit.efficiencies.bandwidth).toBe(DEFAULT_EFFICIENCIES.bandwidth)
    expect(fit.rmsLogRatio).toBeLessThan(0.2)
  })
})
