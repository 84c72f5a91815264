/**
 * Finite by construction: the engines check every number they emit before handing it on. With
 * the plausible ranges of a validated scenario none is ever Infinity or NaN; one that is marks a
 * bug (or an unvalidated input given to the library), so it is an internal error (exit 1) that
 * names the output and the input behind it, never a printed `$InfinityM`.
 */

/** A result number that is Infinity or NaN: a bug, not bad input. */
export class NonFiniteResultError extends Error {
  /** Where in the result, e.g. `distill.horizonTotalUSD`. */
  readonly output: string
  constructor(message: string, output: string) {
    super(message)
    this.name = 'NonFiniteResultError'
    this.output = output
  }
}

/** The path (`a.b[2].c`) and value of the first number in `value` that is not finite, depth first. */
function firstNonFinite(value: unknown, path: string, seen: Set<object>): [string, number] | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : [path, value]
  if (value === null || typeof value !== 'object' || seen.has(value)) return undefined
  seen.add(value)
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const numbers = value as unknown as ArrayLike<number>
    for (let i = 0; i < numbers.length; i++) {
      const x = numbers[i] as number
      if (!Number.isFinite(x)) return [`${path}[${i}]`, x]
    }
    return undefined
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, i) => [`${path}[${i}]`, item])
    : Object.entries(value).map(([key, item]) => [path === '' ? key : `${path}.${key}`, item])
  for (const [childPath, item] of entries) {
    const found = firstNonFinite(item, childPath, seen)
    if (found) return found
  }
  return undefined
}

/**
 * Returns `result` when every number in it (nested objects, arrays and typed arrays included)
 * is finite; throws otherwise, naming the first bad output and the input that produced it.
 *
 * @param result what an engine is about to return
 * @param label the result's name, e.g. `decision`
 * @param cause the input in words, e.g. `the scenario's /task/requestsPerMonth = 1e+300`, or a
 *   function that gives them (called only on failure, where naming the input costs work)
 * @throws {NonFiniteResultError} `internal: <label> <path> is <value> for <cause>`
 * @example
 * assertFinite({ costUSD: 12 }, 'estimate', 'llama-2-7b').costUSD // => 12
 * assertFinite({ rows: [{ totalUSD: Infinity }] }, 'decision', "the scenario's /task/requestsPerMonth = 1e+300")
 * // throws internal: decision rows[0].totalUSD is Infinity for the scenario's /task/requestsPerMonth = 1e+300
 */
export function assertFinite<T>(result: T, label: string, cause: string | (() => string)): T {
  const found = firstNonFinite(result, '', new Set())
  if (found) {
    const [path, value] = found
    const output = path === '' ? label : path.startsWith('[') ? `${label}${path}` : `${label} ${path}`
    throw new NonFiniteResultError(`internal: ${output} is ${value} for ${typeof cause === 'function' ? cause() : cause}`, output)
  }
  return result
}
