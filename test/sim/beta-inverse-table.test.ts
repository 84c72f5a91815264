// The tabulated inverse CDF that Beta and PERT sample through (kernel/sim/distributions/
// beta-inverse-table.ts): its proven bound holds against quantiles in closed form (Beta(a, 1):
// u^(1/a); Beta(1, b): 1 - (1 - u)^(1/b)) and against the iterative inverse elsewhere; the tails
// are exact; the samples pass KS against the exact CDF and a two-sample test against the exact
// gamma-ratio sampler.
import { describe, expect, it } from 'vitest'
import { Beta } from '../../kernel/sim/distributions/beta.js'
import { BETA_TABLE_SIZE, BETA_TABLE_TAIL_BINS, betaInverseTable, betaTableQuantile } from '../../kernel/sim/distributions/beta-inverse-table.js'
import { inverseRegularizedBeta, regularizedBeta } from '../../kernel/sim/distributions/incomplete-beta.js'
import { pert } from '../../kernel/sim/distributions/pert.js'
import { createStream, Stream, streamAt } from '../../kernel/sim/random.js'

/** u on a grid that visits every bin several times, plus both extremes of (0, 1). */
function grid(points: number): number[] {
  const us = [2 ** -53, 1e-12, 1e-6, 1 - 1e-6, 1 - 2 ** -52]
  for (let i = 0; i < points; i++) us.push((i + 0.37) / points)
  return us
}

describe('betaInverseTable: the bound against quantiles in closed form', () => {
  for (const [a, b, exact] of [
    [3, 1, (u: number) => u ** (1 / 3)],
    [1, 4, (u: number) => 1 - (1 - u) ** (1 / 4)],
    [0.5, 1, (u: number) => u ** 2],
    [1, 1, (u: number) => u],
  ] as const) {
    it(`Beta(${a}, ${b})`, () => {
      const table = betaInverseTable(a, b)
      let worst = 0
      for (const u of grid(100_000)) worst = Math.max(worst, Math.abs(betaTableQuantile(table, u) - exact(u)))
      expect(worst).toBeLessThanOrEqual(table.maxValueError + 1e-12)
      // Not a vacuous bound: at most 2e-4 of the support (where Q is steepest, next to the exact
      // tail bins), and at most 1e-5 in probability.
      expect(table.maxValueError).toBeLessThan(2e-4)
      expect(table.maxProbabilityError).toBeLessThan(1e-5)
    })
  }
})

describe('betaInverseTable: shapes of the default scenarios and extremes', () => {
  // Beta(17, 3) pass rate, Beta(5, 95) escalation, PERT(1.5, 2, 4) and PERT(-0.06, -0.02, 0) shapes, U- and J-shapes.
  const shapes: [number, number][] = [[17, 3], [5, 95], [1.8, 4.2], [1 + 4 / 1.5, 1 + 8 / 3], [0.5, 0.5], [0.7, 3], [2, 2], [60, 40]]
  for (const [a, b] of shapes) {
    it(`Beta(${a.toFixed(3)}, ${b.toFixed(3)}): |F(sample) - u| within the bound, tails exact`, () => {
      const table = betaInverseTable(a, b)
      expect(table.maxNodeError).toBeLessThan(1e-11)
      expect(table.maxProbabilityError).toBeLessThan(1e-5)
      let worstP = 0
      let worstX = 0
      for (const u of grid(60_000)) {
        const x = betaTableQuantile(table, u)
        worstP = Math.max(worstP, Math.abs(regularizedBeta(x, a, b) - u))
        worstX = Math.max(worstX, Math.abs(x - inverseRegularizedBeta(u, a, b)))
      }
      expect(worstP).toBeLessThanOrEqual(table.maxProbabilityError + 1e-13)
      expect(worstX).toBeLessThanOrEqual(table.maxValueError + 1e-12)
      // The tail bins are solved, not interpolated: F(Q(u)) = u to rounding (next to 1 a double's
      // spacing, 1.1e-16, times a density in the thousands for the U shape, is 1e-12 or so).
      const h = 1 / BETA_TABLE_SIZE
      for (const u of [h / 3, h * (BETA_TABLE_TAIL_BINS - 0.5), 1 - h / 3, 1 - h * (BETA_TABLE_TAIL_BINS - 0.5)]) {
        expect(Math.abs(regularizedBeta(betaTableQuantile(table, u), a, b) - u)).toBeLessThan(1e-11)
      }
    })
  }

  it('is built once per shape pair', () => {
    expect(betaInverseTable(17, 3)).toBe(betaInverseTable(17, 3))
  })
})

/** Kolmogorov-Smirnov statistic of sorted samples against a CDF. */
function ks(sorted: Float64Array, cdf: (x: number) => number): number {
  let d = 0
  const n = sorted.length
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i] as number)
    d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f))
  }
  return d
}

describe('Beta and PERT samples from the table', () => {
  it('Beta(17, 3), 200,000 samples: mean and variance within 4 standard errors, KS below the 0.001 critical value', () => {
    const dist = new Beta(17, 3)
    const n = 200_000
    const out = new Float64Array(n)
    dist.sampleInto(createStream(11, 4), out)
    const mean = out.reduce((s, x) => s + x, 0) / n
    const variance = out.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)
    // Exact: 17/20 = 0.85; 17 x 3 / (20^2 x 21) = 0.006071...
    expect(Math.abs(mean - 0.85)).toBeLessThan(4 * Math.sqrt(0.0060714285714 / n))
    expect(Math.abs(variance - 0.0060714285714)).toBeLessThan(4 * 0.0060714285714 * Math.sqrt(2 / n) * 1.5)
    out.sort()
    // Critical value of the one-sample KS at alpha = 0.001: 1.95 / sqrt(n).
    expect(ks(out, (x) => dist.cdf(x))).toBeLessThan(1.95 / Math.sqrt(n))
  })

  it('PERT(1.5, 2, 4) from the table and Beta by gamma ratios agree (two-sample KS, 100,000 each)', () => {
    const dist = pert(1.5, 2, 4)
    const n = 100_000
    const table = new Float64Array(n)
    dist.sampleInto(createStream(5, 1), table)
    const gammas = new Float64Array(n)
    const parent = createStream(6, 1)
    const scratch = new Stream()
    for (let i = 0; i < n; i++) {
      parent.splitDraw(scratch)
      gammas[i] = dist.beta.drawByGammas(scratch)
    }
    table.sort()
    gammas.sort()
    let d = 0
    let i = 0
    let j = 0
    while (i < n && j < n) {
      if ((table[i] as number) <= (gammas[j] as number)) i++
      else j++
      d = Math.max(d, Math.abs(i / n - j / n))
    }
    // Two-sample critical value at alpha = 0.001: 1.95 x sqrt(2 / n).
    expect(d).toBeLessThan(1.95 * Math.sqrt(2 / n))
  })

  it('sample i is the table quantile of draw i of the stream, for sample and sampleInto alike', () => {
    const dist = new Beta(5, 95, 0, 1)
    const out = new Float64Array(1000)
    dist.sampleInto(streamAt(3, 2, 500), out)
    const table = betaInverseTable(5, 95)
    const uniforms = new Float64Array(1000)
    streamAt(3, 2, 500).fillOpen01(uniforms)
    for (const i of [0, 1, 499, 999]) {
      expect(out[i]).toBe(betaTableQuantile(table, uniforms[i] as number))
      expect(dist.sample(streamAt(3, 2, 500 + i))).toBe(out[i])
    }
  })

  it('states its sampling error: within 1e-5 of the exact CDF for the default scenario shapes', () => {
    expect(new Beta(17, 3).samplingError).toBeLessThan(1e-5)
    expect(pert(-0.06, -0.02, 0).beta.samplingError).toBeLessThan(1e-5)
  })
})
