import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { findGpu, gpuById, gpuTable, listGpus, parseGpuTable, type GpuTable } from '../../src/prices/gpus.js'
import { packagePath } from '../../kernel/paths.js'

const raw = (): GpuTable => JSON.parse(readFileSync(packagePath('data', 'gpus.json'), 'utf8')) as GpuTable

describe('gpuTable()', () => {
  it('reads data/gpus.json with a note on what the prices are', () => {
    expect(gpuTable().note).toMatch(/on-demand list prices/i)
    expect(gpuTable().note).toMatch(/override/)
  })

  it('has the GPUs the estimator is used with', () => {
    const ids = listGpus().map((gpu) => gpu.id)
    for (const id of [
      'nvidia-t4',
      'nvidia-l4',
      'nvidia-a10g',
      'nvidia-a100-40gb',
      'nvidia-a100-80gb',
      'nvidia-h100-80gb-sxm',
      'nvidia-l40s',
      'nvidia-rtx-a6000',
      'nvidia-h200',
    ]) {
      expect(ids).toContain(id)
    }
  })

  it('gives every price a source page, a provider and the date it was read', () => {
    for (const gpu of listGpus()) {
      expect(gpu.priceSource.url).toMatch(/^https:\/\//)
      expect(gpu.specSource.url).toMatch(/^https:\/\//)
      expect(gpu.priceSource.provider.length).toBeGreaterThan(0)
      expect(Number.isNaN(Date.parse(gpu.priceSource.asOf))).toBe(false)
      expect(gpu.usdPerHour).toBeGreaterThan(0)
    }
  })

  it('records dense peaks: half the datasheets\' sparse figures', () => {
    // H100 SXM and H200 share the Hopper die: 1,979 TFLOPS sparse -> 989.5 dense
    expect(gpuById('nvidia-h100-80gb-sxm').bf16DenseTflops).toBe(989.5)
    expect(gpuById('nvidia-h200').bf16DenseTflops).toBe(989.5)
    // A100 312 dense (624 sparse), the same for 40 and 80 GB
    expect(gpuById('nvidia-a100-40gb').bf16DenseTflops).toBe(312)
    expect(gpuById('nvidia-a100-80gb').bf16DenseTflops).toBe(312)
    // T4 has no bf16: its entry says the peak is fp16
    expect(gpuById('nvidia-t4').peakPrecision).toBe('fp16')
  })
})

describe('memory bandwidth and low-precision peaks', () => {
  it('gives every GPU a datasheet bandwidth in decimal GB/s with a source', () => {
    for (const gpu of listGpus()) {
      expect(gpu.memoryBandwidthGBs, gpu.id).toBeGreaterThan(250)
      expect(gpu.memoryBandwidthGBs, gpu.id).toBeLessThan(10_000)
      expect(gpu.bandwidthSource.url, gpu.id).toMatch(/^https:\/\//)
    }
    expect(gpuById('nvidia-h100-80gb-sxm').memoryBandwidthGBs).toBe(3350)
    expect(gpuById('nvidia-h200').memoryBandwidthGBs).toBe(4800)
    expect(gpuById('nvidia-a100-80gb').memoryBandwidthGBs).toBe(2039)
    expect(gpuById('nvidia-l4').memoryBandwidthGBs).toBe(300)
  })

  it('records dense INT8 and FP8 peaks with a source, and no FP8 on GPUs without it', () => {
    for (const gpu of listGpus()) {
      if (gpu.int8DenseTops !== undefined || gpu.fp8DenseTflops !== undefined) {
        expect(gpu.lowPrecisionSource?.url, gpu.id).toMatch(/^https:\/\//)
      }
      // dense 8-bit peaks are twice the dense 16-bit ones on these tensor cores, never more
      if (gpu.fp8DenseTflops !== undefined) expect(gpu.fp8DenseTflops / gpu.bf16DenseTflops, gpu.id).toBeCloseTo(2, 0)
      if (gpu.int8DenseTops !== undefined) expect(gpu.int8DenseTops / gpu.bf16DenseTflops, gpu.id).toBeLessThanOrEqual(2.05)
    }
    for (const id of ['nvidia-t4', 'nvidia-a10g', 'nvidia-a100-40gb', 'nvidia-a100-80gb', 'nvidia-rtx-a6000']) {
      expect(gpuById(id).fp8DenseTflops, id).toBeUndefined()
    }
    // H100 SXM: 3,958 sparse -> 1,979 dense for both FP8 and INT8
    expect(gpuById('nvidia-h100-80gb-sxm').fp8DenseTflops).toBe(1979)
    expect(gpuById('nvidia-h100-80gb-sxm').int8DenseTops).toBe(1979)
    expect(gpuById('nvidia-a100-80gb').int8DenseTops).toBe(624)
  })
})

describe('gpuById(id)', () => {
  it('finds a GPU and returns a copy', () => {
    const l4 = gpuById('nvidia-l4')
    expect(l4.memoryGiB).toBe(24)
    l4.memoryGiB = 1
    expect(gpuById('nvidia-l4').memoryGiB).toBe(24)
  })

  it('has a non-throwing twin, findGpu(id), for validators', () => {
    expect(findGpu('nvidia-v100')).toBeUndefined()
    expect(findGpu('nvidia-t4')?.memoryGiB).toBe(16)
  })

  it('rejects an unknown id, listing the known ones', () => {
    expect(() => gpuById('nvidia-v100')).toThrow(
      `unknown GPU id: "nvidia-v100" (known: ${listGpus().map((gpu) => gpu.id).join(', ')})`,
    )
  })
})

describe('parseGpuTable(raw, source)', () => {
  it('accepts the shipped file', () => {
    expect(parseGpuTable(raw()).gpus.length).toBe(listGpus().length)
  })

  it('names the JSON path, the bad value and the rule', () => {
    const table = raw()
    table.gpus[2]!.memoryGiB = -1
    expect(() => parseGpuTable(table, 'gpus.json')).toThrow('invalid gpus.json at /gpus/2/memoryGiB: -1 (must be > 0)')
  })

  it('rejects a missing source, an unknown field, a bad date and a duplicate id', () => {
    const missing = raw() as unknown as { gpus: Record<string, unknown>[] }
    delete missing.gpus[0]!.priceSource
    expect(() => parseGpuTable(missing, 'gpus.json')).toThrow(/invalid gpus.json at \/gpus\/0: .* \(must have required property 'priceSource'\)/)

    const extra = raw() as unknown as { gpus: Record<string, unknown>[] }
    extra.gpus[1]!.sparseTflops = 2
    expect(() => parseGpuTable(extra, 'gpus.json')).toThrow('invalid gpus.json at /gpus/1/sparseTflops: 2 (unknown field)')

    const date = raw()
    date.gpus[0]!.priceSource.asOf = 'last week'
    expect(() => parseGpuTable(date, 'gpus.json')).toThrow('invalid gpus.json at /gpus/0/priceSource/asOf: "last week"')

    const duplicate = raw()
    duplicate.gpus[1]!.id = duplicate.gpus[0]!.id
    expect(() => parseGpuTable(duplicate, 'gpus.json')).toThrow('invalid gpus.json at /gpus/1/id: "nvidia-t4" (duplicate id)')
  })
})
