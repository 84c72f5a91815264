/**
 * Provenance: what a result was computed from, so anyone can reproduce it. The inputs hash is
 * over the validated scenario with keys sorted, so formatting does not change it.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { packagePath, packageRoot, packageVersion } from '../kernel/paths.js'
import { priceTableName } from './prices/tokens.js'
import { gitCommit } from './git-commit.js'

export { gitCommit } from './git-commit.js'

/** Where a result came from. */
export interface Provenance {
  /** sha256 of the canonical JSON of the inputs (hex). */
  inputsHash: string
  /** The token price table, e.g. `@pydantic/genai-prices 0.1.8`. */
  priceTable: string
  /** sha256 (first 16 hex digits) of data/gpus.json. */
  gpuTableHash: string
  packageVersion: string
  /** The git commit of the payback checkout, with `-dirty` when it has uncommitted changes; null outside git. */
  gitCommit: string | null
  node: string
  /** Seed of random streams, when the result used any. */
  seed?: number
  /** ISO time of generation (reports only; left out where output must be byte-identical). */
  generatedAt?: string
}

/**
 * JSON with object keys sorted at every level: the same value always gives the same text.
 *
 * @example
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // => '{"a":[2,{"c":4,"d":3}],"b":1}'
 * canonicalJson({ a: 1, skipped: undefined }) // => '{"a":1}'
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** sha256 hex of a string. */
export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex')
}


/**
 * Provenance of a result computed from `inputs`.
 *
 * @example
 * // the sha256 of '{"a":1,"b":[2,3]}' (`printf '%s' '{"a":1,"b":[2,3]}' | sha256sum`): key order does not matter
 * provenance({ b: [2, 3], a: 1 }).inputsHash // => 'efbd0040190fb0871831e606c581f8a66db79d8e2bb836745a70051306956070'
 * provenance({}, { seed: 7 }) // => { seed: 7, priceTable: '@pydantic/genai-prices 0.1.8' }
 */
export function provenance(inputs: unknown, extra: { seed?: number; generatedAt?: string } = {}): Provenance {
  return {
    inputsHash: sha256(canonicalJson(inputs)),
    priceTable: priceTableName(),
    gpuTableHash: sha256(readFileSync(packagePath('data', 'gpus.json'))).slice(0, 16),
    packageVersion: packageVersion(),
    gitCommit: gitCommit(),
    node: process.version,
    ...extra,
  }
}
