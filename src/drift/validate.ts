/**
 * Argument checks shared by the drift statistics: samples of numbers and vectors of counts. Each
 * throws {@link InvalidArgumentError} naming the argument and the bad value.
 */
import { driftArgumentError, driftRules } from './messages.js'

/**
 * Returns `values` when it is an array of at least `minLength` finite numbers; throws otherwise.
 *
 * @throws {InvalidArgumentError} `invalid <name>: <value> (must be an array of at least 1 finite number)`
 * @example
 * checkSample('expected', [1, 2]) // => [1, 2]
 * checkSample('expected', []) // throws invalid expected: [] (must be an array of at least 1 finite number)
 */
export function checkSample(name: string, values: unknown, minLength = 1): readonly number[] {
  if (!Array.isArray(values) || values.length < minLength || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw driftArgumentError(name, values, driftRules.sample(minLength))
  }
  return values as readonly number[]
}

/**
 * Returns `counts` when it is a non-empty array of finite numbers >= 0 with a positive sum
 * (counts or shares; they need not be whole); throws otherwise.
 *
 * @throws {InvalidArgumentError} `invalid <name>: <value> (must be a non-empty array of finite numbers >= 0 with a positive sum)`
 * @example
 * checkCounts('p', [0, 3]) // => [0, 3]
 * checkCounts('p', [0, 0]) // throws invalid p: [0,0] (must be a non-empty array of finite numbers >= 0 with a positive sum)
 */
export function checkCounts(name: string, counts: unknown): readonly number[] {
  if (
    !Array.isArray(counts) ||
    counts.length === 0 ||
    !counts.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0) ||
    (counts as number[]).reduce((sum, v) => sum + v, 0) <= 0
  ) {
    throw driftArgumentError(name, counts, driftRules.counts)
  }
  return counts as readonly number[]
}

/**
 * Returns `edges` when it is a non-empty array of finite numbers in strictly increasing order.
 *
 * @throws {InvalidArgumentError} `invalid edges: <value> (must be a non-empty array of finite numbers in strictly increasing order)`
 * @example
 * checkEdges([0.5, 1.5]) // => [0.5, 1.5]
 * checkEdges([1, 1]) // throws invalid edges: [1,1] (must be a non-empty array of finite numbers in strictly increasing order)
 */
export function checkEdges(edges: unknown): readonly number[] {
  if (
    !Array.isArray(edges) ||
    edges.length === 0 ||
    !edges.every((v, i) => typeof v === 'number' && Number.isFinite(v) && (i === 0 || v > (edges[i - 1] as number)))
  ) {
    throw driftArgumentError('edges', edges, driftRules.edges)
  }
  return edges as readonly number[]
}
