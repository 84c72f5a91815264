/** JSON pointers (RFC 6901): reading the value a pointer names, and naming it in a data file's error. */
import type { ErrorObject } from 'ajv'

/**
 * Reads the value at a JSON pointer (RFC 6901) in `data`; `undefined` when absent.
 *
 * @param pointer `''` for the whole document, else `/key/key...` with `~1` for `/` and `~0` for `~`
 * @example
 * valueAtPointer({ task: { kind: 'classification' } }, '/task/kind') // => 'classification'
 * valueAtPointer({ a: [10, 20] }, '/a/1') // => 20
 * valueAtPointer({ 'a/b': 2 }, '/a~1b') // => 2 (~1 stands for /)
 * valueAtPointer({}, '/missing') // => undefined
 */
export function valueAtPointer(data: unknown, pointer: string): unknown {
  if (pointer === '') return data
  let current: unknown = data
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

/**
 * One ajv error of a data file (not a scenario: those get `ajv-issues.ts`'s fuller messages), in
 * the project's words: `invalid <source> at <JSON path>: <value> (<rule>)`; an unknown field is
 * named by its own path.
 *
 * @example
 * const error = { instancePath: '/gpus/0/memoryGiB', keyword: 'exclusiveMinimum', message: 'must be > 0', params: {}, schemaPath: '' }
 * dataFileError(error, { gpus: [{ memoryGiB: -1 }] }, 'gpus.json') // => 'invalid gpus.json at /gpus/0/memoryGiB: -1 (must be > 0)'
 */
export function dataFileError(error: ErrorObject, data: unknown, source: string): string {
  const extra = error.keyword === 'additionalProperties' ? `/${(error.params as { additionalProperty: string }).additionalProperty}` : ''
  const path = error.instancePath + extra
  const rule = error.keyword === 'additionalProperties' ? 'unknown field' : error.message ?? error.keyword
  return `invalid ${source} at ${path === '' ? '(root)' : path}: ${JSON.stringify(valueAtPointer(data, path))} (${rule})`
}
