/**
 * Shared bins for comparing two samples: edges from one sample's quantiles, and counts of a
 * sample in those bins. The bins are right-closed, and the outer two are open-ended:
 * (-∞, e₁], (e₁, e₂], ..., (e_{k-1}, e_k], (e_k, ∞), so k edges make k + 1 bins and a later
 * value beyond the reference's range still lands in an outer bin.
 */
import { quantileSorted } from 'simple-statistics'
import { checkNumber } from '../scenario/check-number.js'
import { checkEdges, checkSample } from './validate.js'

/**
 * The interior edges that cut `sample` into `bins` bins of (about) equal counts: its quantiles at
 * 1/bins, 2/bins, ..., (bins - 1)/bins, by linear interpolation (type 7, as `numpy.quantile`'s
 * default; simple-statistics `quantileSorted`), with repeated edges dropped, so a sample with
 * ties gives fewer bins. bins = 1 gives no edges (one bin). O(n log n).
 *
 * @param sample the reference sample (for drift: the expected, earlier period)
 * @param bins how many bins, an integer >= 1 (10: deciles)
 * @throws {InvalidArgumentError} `invalid bins: 0 (must be >= 1)`, or an empty or non-numeric sample
 * @example
 * quantileEdges([1, 2, 3, 4, 5], 4) // => [2, 3, 4]
 * quantileEdges([1, 1, 1, 2], 2) // => [1]
 * quantileEdges([1, 2], 0) // throws invalid bins: 0 (must be >= 1)
 */
export function quantileEdges(sample: readonly number[], bins: number): number[] {
  checkSample('sample', sample)
  checkNumber('bins', bins, { min: 1, integer: true })
  const sorted = [...sample].sort((a, b) => a - b)
  const edges: number[] = []
  for (let i = 1; i < bins; i++) {
    const edge = quantileSorted(sorted, i / bins)
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge)
  }
  return edges
}

/**
 * How many values of `sample` fall in each of the edges.length + 1 bins (-∞, e₁], (e₁, e₂], ...,
 * (e_k, ∞). An empty `edges` gives one bin holding everything. O(n log k).
 *
 * @throws {InvalidArgumentError} on a non-numeric sample or edges not strictly increasing
 * @example
 * binCounts([0, 1, 1.5, 2, 9], [1, 2]) // => [2, 2, 1]
 * binCounts([3], []) // => [1]
 */
export function binCounts(sample: readonly number[], edges: readonly number[]): number[] {
  checkSample('sample', sample, 0)
  if (edges.length > 0) checkEdges(edges)
  const counts = new Array<number>(edges.length + 1).fill(0)
  for (const value of sample) {
    // the number of edges strictly below value is its bin
    let low = 0
    let high = edges.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (edges[middle]! < value) low = middle + 1
      else high = middle
    }
    counts[low]! += 1
  }
  return counts
}
