/**
 * A tabulated inverse CDF of the beta distribution on [0, 1], with a proven error bound: what
 * `Beta` and `Pert` sample through, because inverting the regularized incomplete beta function
 * for every draw (microseconds) or drawing two Marsaglia-Tsang gamma variates from a private
 * substream (about 0.3 us a sample) costs more than everything else a draw does.
 *
 * The table holds Q(k / N) for k = 0..N (N = {@link BETA_TABLE_SIZE}), computed to about 1e-14 in
 * probability: Newton steps from the previous node on the density's integral (Gauss-Legendre),
 * re-anchored on the regularized incomplete beta function every 256 nodes (on it for every node
 * when a shape is below 1), the upper half from the right through the complement; every 32nd
 * node is checked on the CDF and the largest error found enters the bound. A uniform u in (0, 1) falls in bin k = floor(u N):
 * - in the first and the last {@link BETA_TABLE_TAIL_BINS} bins (probability 16 / 4,096) the
 *   sample is the exact quantile: Newton steps on the CDF from the interpolated value, inside the
 *   bin's nodes (about a microsecond; the tails, where Q is steep, are never interpolated);
 * - elsewhere it is the linear interpolation of Q between the bin's two nodes.
 *
 * The bound (computed per bin when the table is built, {@link BetaInverseTable.maxValueError}):
 * on a bin [a, b] of width h = 1/N where Q' takes values in [m, M], the chord differs from Q by
 * at most h (M - m) / 4 (D(u) = Q(u) - chord(u) vanishes at a and b, its slope lies in [m - s,
 * M - s] for the chord's slope s in [m, M], so |D| <= min((u - a)(M - s), (b - u)(s - m)) <=
 * h (M - s)(s - m) / (M - m) <= h (M - m) / 4). Q'(u) = 1 / f(Q(u)), and f on [Q(a), Q(b)] is
 * monotone except at its one critical point x* = (alpha - 1) / (alpha + beta - 2) (mode, or
 * antimode when a shape is below 1), so m and M are the values at the bin's ends and at x* when
 * it lies inside. The error in probability, |F(sample) - u|, is at most that bound times the
 * largest density on the bin ({@link BetaInverseTable.maxProbabilityError}), plus the nodes' own
 * error. For the shapes of the default scenarios the probability bound is below 8e-6 (it falls
 * as 1 / (N x tail bins)): the sampled CDF is within that of the exact one everywhere, about 20
 * times below the Monte Carlo standard error of a probability near one half estimated from 10
 * million draws (1.6e-4), and about 60 times below it at 1 million.
 */
import { inverseRegularizedBeta, inverseRegularizedBetaComplement, regularizedBeta, regularizedBetaComplement } from './incomplete-beta.js'
import { logBeta } from './log-gamma.js'

/** Bins of a table: 4,096 (nodes 0..4096: 32 KB, half of a core's L1 data cache here). */
export const BETA_TABLE_SIZE = 4096
/** Bins at each end sampled exactly instead of interpolated. */
export const BETA_TABLE_TAIL_BINS = 8

/** A tabulated inverse CDF of Beta(alpha, beta) on [0, 1]. */
export interface BetaInverseTable {
  readonly alpha: number
  readonly beta: number
  /** Bins N; nodes[k] = Q(k / N), k = 0..N. */
  readonly size: number
  readonly nodes: Float64Array
  /** Proven bound on |sample - Q(u)| over the interpolated bins (on [0, 1]; scale by the width). */
  readonly maxValueError: number
  /** Proven bound on |F(sample) - u| over the interpolated bins, node error included. */
  readonly maxProbabilityError: number
  /** Largest |F(nodes[k]) - k / N| found when the table was built (a check of the nodes). */
  readonly maxNodeError: number
  /** log B(alpha, beta). */
  readonly logB: number
}

/** log f(x) for Beta(a, b) on [0, 1]. */
function logDensity(x: number, a: number, b: number, logB: number): number {
  return (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logB
}

/**
 * x with F(x) = p (lower half) or 1 - F(x) = q (upper half) by safeguarded Newton steps from
 * `start`, kept inside [lo, hi] (which bracket the root).
 */
function solveNode(p: number, upper: boolean, start: number, lo: number, hi: number, a: number, b: number, logB: number): number {
  let x = start > lo && start < hi ? start : (lo + hi) / 2
  for (let i = 0; i < 60; i++) {
    // g(x) = F(x) - p (increasing) from the tail that keeps it accurate.
    const g = upper ? p - regularizedBetaComplement(x, a, b) : regularizedBeta(x, a, b) - p
    if (g === 0) return x
    if (g > 0) hi = x
    else lo = x
    const density = Math.exp(logDensity(x, a, b, logB))
    let next = x - g / density
    if (!(next > lo && next < hi)) next = (lo + hi) / 2
    if (Math.abs(next - x) <= 1e-15 * Math.max(x, 1e-300) || hi - lo <= 2e-16 * hi) return next
    x = next
  }
  return x
}

const cache = new Map<string, BetaInverseTable>()

/**
 * The table of Beta(alpha, beta), built once per shape pair and kept (one per thread): about
 * 2 CDF evaluations per node, a few milliseconds.
 *
 * @example
 * const table = betaInverseTable(2, 2)
 * table.nodes[2048] // => 0.5 (the median of a symmetric beta)
 * table.maxProbabilityError < 1e-5 // => true (the sampled CDF is that close to the exact one everywhere)
 */
export function betaInverseTable(alpha: number, beta: number): BetaInverseTable {
  const key = `${alpha},${beta}`
  const known = cache.get(key)
  if (known) return known
  const table = buildTable(alpha, beta, BETA_TABLE_SIZE)
  cache.set(key, table)
  return table
}

/** Gauss-Legendre nodes and weights on [-1, 1], 5 points (exact for polynomials of degree 9). */
const GL_X = [0, -0.5384693101056831, 0.5384693101056831, -0.906179845938664, 0.906179845938664]
const GL_W = [0.5688888888888889, 0.47862867049936647, 0.47862867049936647, 0.23692688505618908, 0.23692688505618908]

/** Integral of the density over [lo, hi] by 5-point Gauss-Legendre. */
function densityIntegral(lo: number, hi: number, a: number, b: number, logB: number): number {
  const half = (hi - lo) / 2
  const mid = (hi + lo) / 2
  let sum = 0
  for (let i = 0; i < 5; i++) sum += (GL_W[i] as number) * Math.exp(logDensity(mid + half * (GL_X[i] as number), a, b, logB))
  return sum * half
}

/**
 * The node next to `from` (moving up when `direction` is 1, down when -1) where the probability
 * between them is `mass`: a second-order Taylor step of Q (Q' = 1/f, Q'' = -f'/f^3), then two
 * Newton steps on `integral(from, x) - mass`, the integral by Gauss-Legendre. The start is off
 * by O(mass^3), so one or two steps reach rounding (a node costs a dozen density evaluations
 * instead of a few continued fractions); the nodes are checked on the CDF afterwards.
 */
function marchNode(from: number, mass: number, direction: 1 | -1, a: number, b: number, logB: number): number {
  const density = Math.exp(logDensity(from, a, b, logB))
  const logSlope = (a - 1) / from - (b - 1) / (1 - from)
  const dq = 1 / density
  let x = from + direction * mass * dq - 0.5 * mass * mass * logSlope * dq * dq
  if (!(direction > 0 ? x > from && x < 1 : x < from && x > 0)) x = from + (direction * mass) / density
  for (let i = 0; i < 8; i++) {
    const integral = direction > 0 ? densityIntegral(from, x, a, b, logB) : densityIntegral(x, from, a, b, logB)
    const next = x - (direction * (integral - mass)) / Math.exp(logDensity(x, a, b, logB))
    if (!(direction > 0 ? next > from && next < 1 : next < from && next > 0)) break
    // Newton's error squares each step: a step this small leaves rounding behind it.
    const done = Math.abs(next - x) <= 1e-10 * Math.abs(next - from)
    x = next
    if (done) break
  }
  return x
}

function buildTable(a: number, b: number, n: number): BetaInverseTable {
  const logB = logBeta(a, b)
  const nodes = new Float64Array(n + 1)
  nodes[0] = 0
  nodes[n] = 1
  const h = 1 / n
  const half = n >> 1
  // Both shapes >= 1: the density is smooth inside (0, 1), so nodes march by quadrature from
  // the previous one, re-anchored on the exact CDF every 256 nodes; otherwise (a density that
  // is infinite at an end) every node is solved on the CDF.
  const smooth = a >= 1 && b >= 1
  // Lower half from the left, upper half from the right.
  nodes[1] = inverseRegularizedBeta(h, a, b)
  for (let k = 2; k <= half; k++) {
    const previous = nodes[k - 1] as number
    if (smooth && k % 256 !== 0) {
      nodes[k] = marchNode(previous, h, 1, a, b, logB)
    } else {
      const step = h / Math.exp(logDensity(previous, a, b, logB))
      nodes[k] = solveNode(k * h, false, previous + step, previous, 1, a, b, logB)
    }
  }
  nodes[n - 1] = inverseRegularizedBetaComplement(h, a, b)
  for (let k = n - 2; k > half; k--) {
    const next = nodes[k + 1] as number
    if (smooth && k % 256 !== 0) {
      nodes[k] = marchNode(next, h, -1, a, b, logB)
    } else {
      const step = h / Math.exp(logDensity(next, a, b, logB))
      nodes[k] = solveNode((n - k) * h, true, next - step, nodes[half] as number, next, a, b, logB)
    }
  }

  // The nodes' own error, checked on the CDF at every 32nd node (mid-way between anchors, where
  // the march has drifted most) and next to both ends.
  let maxNodeError = 0
  for (let k = 1; k < n; k += k === 1 || k >= n - 2 ? 1 : 32) {
    const x = nodes[k] as number
    const error = k <= half ? Math.abs(regularizedBeta(x, a, b) - k * h) : Math.abs(regularizedBetaComplement(x, a, b) - (n - k) * h)
    if (error > maxNodeError) maxNodeError = error
  }

  // The chord bound per interpolated bin.
  const critical = a + b !== 2 ? (a - 1) / (a + b - 2) : Number.NaN
  const densityAt = (x: number) => Math.exp(logDensity(x, a, b, logB))
  let maxValueError = 0
  let maxProbabilityError = 0
  for (let k = BETA_TABLE_TAIL_BINS; k < n - BETA_TABLE_TAIL_BINS; k++) {
    const x0 = nodes[k] as number
    const x1 = nodes[k + 1] as number
    const f0 = densityAt(x0)
    const f1 = densityAt(x1)
    let fMin = Math.min(f0, f1)
    let fMax = Math.max(f0, f1)
    if (critical > x0 && critical < x1) {
      const fc = densityAt(critical)
      fMin = Math.min(fMin, fc)
      fMax = Math.max(fMax, fc)
    }
    // Q' = 1 / f: M - m = 1/fMin - 1/fMax.
    const valueError = (h * (1 / fMin - 1 / fMax)) / 4
    if (valueError > maxValueError) maxValueError = valueError
    const probabilityError = valueError * fMax
    if (probabilityError > maxProbabilityError) maxProbabilityError = probabilityError
  }
  return { alpha: a, beta: b, logB, size: n, nodes, maxValueError, maxProbabilityError: maxProbabilityError + maxNodeError, maxNodeError }
}

/**
 * Q(u) from the table for u in (0, 1): exact in the {@link BETA_TABLE_TAIL_BINS} bins at each
 * end, linear between nodes elsewhere (see the module's bound). O(1) in the interpolated bins.
 *
 * @example
 * const table = betaInverseTable(17, 3)
 * Math.abs(betaTableQuantile(table, 0.3) - inverseRegularizedBeta(0.3, 17, 3)) < table.maxValueError // => true
 */
export function betaTableQuantile(table: BetaInverseTable, u: number): number {
  const n = table.size
  const t = u * n
  const k = Math.floor(t)
  const nodes = table.nodes
  const x0 = nodes[k] as number
  const x1 = nodes[k + 1] as number
  const x = x0 + (t - k) * (x1 - x0)
  if (k >= BETA_TABLE_TAIL_BINS && k < n - BETA_TABLE_TAIL_BINS) return x
  return exactInBin(table, u, x, x0, x1)
}

/** The exact quantile of u, which lies in the bin [x0, x1], from the interpolated `start`. */
function exactInBin(table: BetaInverseTable, u: number, start: number, x0: number, x1: number): number {
  return u <= 0.5
    ? solveNode(u, false, start, x0, x1, table.alpha, table.beta, table.logB)
    : solveNode(1 - u, true, start, x0, x1, table.alpha, table.beta, table.logB)
}
