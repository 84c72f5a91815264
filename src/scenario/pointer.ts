/** JSON pointers (RFC 6901): reading the value a pointer names. */

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
