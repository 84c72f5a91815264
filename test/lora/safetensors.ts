// An independent safetensors reader and writer for the tests, written from the format's
// description (https://github.com/huggingface/safetensors#format): u64 little-endian header
// length, JSON header {name: {dtype, shape, data_offsets}}, raw little-endian data. Used to check
// the worker's files from outside Python, and to hand the worker a file Python did not write.
import { readFileSync, writeFileSync } from 'node:fs'

export interface TensorInfo {
  dtype: string
  shape: number[]
  data_offsets: [number, number]
}

export interface SafetensorsFile {
  header: Record<string, TensorInfo>
  metadata: Record<string, string>
  /** Float32 values of each F32 tensor. */
  values: Record<string, Float32Array>
  headerLength: number
}

/** Reads a safetensors file (F32 tensors decoded). */
export function readSafetensors(path: string): SafetensorsFile {
  const bytes = readFileSync(path)
  const headerLength = Number(bytes.readBigUInt64LE(0))
  const parsed = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, unknown>
  const metadata = (parsed['__metadata__'] ?? {}) as Record<string, string>
  delete parsed['__metadata__']
  const header = parsed as Record<string, TensorInfo>
  const values: Record<string, Float32Array> = {}
  const start = 8 + headerLength
  for (const [name, info] of Object.entries(header)) {
    if (info.dtype !== 'F32') continue
    const [begin, end] = info.data_offsets
    const slice = bytes.subarray(start + begin, start + end)
    const floats = new Float32Array(slice.length / 4)
    for (let i = 0; i < floats.length; i++) floats[i] = slice.readFloatLE(i * 4)
    values[name] = floats
  }
  return { header, metadata, values, headerLength }
}

/** Writes F32 tensors (name -> shape and values) as a safetensors file. */
export function writeSafetensors(path: string, tensors: Record<string, { shape: number[]; values: number[] }>, metadata?: Record<string, string>): void {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {}
  const chunks: Buffer[] = []
  let offset = 0
  for (const name of Object.keys(tensors).sort()) {
    const { shape, values } = tensors[name]!
    const chunk = Buffer.alloc(values.length * 4)
    values.forEach((value, i) => chunk.writeFloatLE(value, i * 4))
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + chunk.length] }
    chunks.push(chunk)
    offset += chunk.length
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8')
  const length = Buffer.alloc(8)
  length.writeBigUInt64LE(BigInt(json.length))
  writeFileSync(path, Buffer.concat([length, json, ...chunks]))
}
