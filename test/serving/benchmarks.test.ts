import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { packagePath } from '../../kernel/paths.js'
import { findGpu } from '../../src/prices/gpus.js'
import { parseServingBenchmarks, servingBenchmarks, type ServingBenchmarks } from '../../src/serving/benchmarks.js'
import { architecturePresetNames } from '../../src/training/presets.js'

const raw = (): ServingBenchmarks =>
  JSON.parse(readFileSync(packagePath('data', 'serving-benchmarks.json'), 'utf8')) as ServingBenchmarks

const everyEntry = (data: ServingBenchmarks) => [...data.throughput, ...data.multiLora, ...data.coldStarts]

describe('servingBenchmarks()', () => {
  it('reads and validates data/serving-benchmarks.json', () => {
    const data = servingBenchmarks()
    expect(data.note).toMatch(/source URL/)
    expect(data.throughput.length).toBeGreaterThanOrEqual(8)
    expect(data.multiLora.length).toBeGreaterThan(0)
    expect(data.coldStarts.length).toBeGreaterThan(0)
  })

  it('gives every figure a source URL, a date and a note on where the number is', () => {
    for (const entry of everyEntry(servingBenchmarks())) {
      expect(entry.source.url, entry.id).toMatch(/^https:\/\/\S+$/)
      expect(entry.source.date, entry.id).toMatch(/^\d{4}-\d{2}(-\d{2})?$/)
      expect(Number.isNaN(Date.parse(entry.source.date)), entry.id).toBe(false)
      expect(Date.parse(entry.source.date), entry.id).toBeLessThanOrEqual(Date.now())
      expect(entry.source.note.length, entry.id).toBeGreaterThan(20)
    }
  })

  it('names only GPUs of data/gpus.json and presets of the preset table', () => {
    const presets = new Set<string>(architecturePresetNames())
    for (const entry of everyEntry(servingBenchmarks())) {
      if ('gpuId' in entry && entry.gpuId !== undefined) expect(findGpu(entry.gpuId), `${entry.id}: ${entry.gpuId}`).toBeDefined()
      if ('preset' in entry && entry.preset !== undefined) expect(presets.has(entry.preset), `${entry.id}: ${entry.preset}`).toBe(true)
    }
    for (const entry of servingBenchmarks().throughput) expect(findGpu(entry.gpuId), entry.id).toBeDefined()
  })

  it('covers at least 3 GPUs, 2 weight precisions and small models', () => {
    const { throughput } = servingBenchmarks()
    expect(new Set(throughput.map((entry) => entry.gpuId)).size).toBeGreaterThanOrEqual(3)
    expect(new Set(throughput.map((entry) => entry.weightPrecision)).size).toBeGreaterThanOrEqual(2)
    expect(throughput.some((entry) => entry.preset === 'qwen2.5-1.5b')).toBe(true)
  })

  it('returns copies', () => {
    servingBenchmarks().throughput[0]!.value = -1
    expect(servingBenchmarks().throughput[0]!.value).toBeGreaterThan(0)
  })
})

describe('parseServingBenchmarks(raw, source)', () => {
  it('accepts the shipped file', () => {
    expect(parseServingBenchmarks(raw()).throughput.length).toBe(servingBenchmarks().throughput.length)
  })

  it('names the JSON path, the bad value and the rule', () => {
    const data = raw()
    data.throughput[1]!.value = 0
    expect(() => parseServingBenchmarks(data, 'b.json')).toThrow('invalid b.json at /throughput/1/value: 0 (must be > 0)')

    const date = raw()
    date.multiLora[0]!.source.date = 'Nov 2023'
    expect(() => parseServingBenchmarks(date, 'b.json')).toThrow('invalid b.json at /multiLora/0/source/date: "Nov 2023"')

    const url = raw() as unknown as { coldStarts: { source: Record<string, unknown> }[] }
    delete url.coldStarts[0]!.source.url
    expect(() => parseServingBenchmarks(url, 'b.json')).toThrow(/at \/coldStarts\/0\/source: .* \(must have required property 'url'\)/)

    const extra = raw() as unknown as { throughput: Record<string, unknown>[] }
    extra.throughput[0]!.sparse = true
    expect(() => parseServingBenchmarks(extra, 'b.json')).toThrow('invalid b.json at /throughput/0/sparse: true (unknown field)')

    const precision = raw() as unknown as { throughput: Record<string, unknown>[] }
    precision.throughput[0]!.weightPrecision = 'int3'
    expect(() => parseServingBenchmarks(precision, 'b.json')).toThrow('invalid b.json at /throughput/0/weightPrecision: "int3"')
  })

  it('rejects unknown GPU ids and presets, duplicate ids and an inverted range', () => {
    const gpu = raw()
    gpu.throughput[0]!.gpuId = 'nvidia-v100'
    expect(() => parseServingBenchmarks(gpu, 'b.json')).toThrow('invalid b.json at /throughput/0/gpuId: "nvidia-v100" (unknown GPU id)')

    const preset = raw()
    preset.multiLora[0]!.preset = 'llama-9b'
    expect(() => parseServingBenchmarks(preset, 'b.json')).toThrow('invalid b.json at /multiLora/0/preset: "llama-9b" (unknown architecture preset)')

    const duplicate = raw()
    duplicate.throughput[1]!.id = duplicate.throughput[0]!.id
    expect(() => parseServingBenchmarks(duplicate, 'b.json')).toThrow(`invalid b.json at /throughput/1/id: ${JSON.stringify(duplicate.throughput[0]!.id)} (duplicate id)`)

    const range = raw()
    const ranged = range.coldStarts.findIndex((entry) => entry.secondsHigh !== undefined)
    range.coldStarts[ranged]!.secondsHigh = range.coldStarts[ranged]!.seconds / 2
    expect(() => parseServingBenchmarks(range, 'b.json')).toThrow(`invalid b.json at /coldStarts/${ranged}/secondsHigh`)
  })
})
