import { describe, expect, it } from 'vitest'
import { callsWorthPaying, fitLearningCurve } from '../../src/distill/learning-curve.js'

describe('fitLearningCurve(points)', () => {
  it('recovers a, b and c of points on a - b n^(-c)', () => {
    const points = [100, 250, 500, 1000, 2000].map((n) => ({ pairs: n, agreement: 0.96 - 2 * n ** -0.7 }))
    const fit = fitLearningCurve(points)
    expect(fit.a).toBeCloseTo(0.96, 4)
    expect(fit.b).toBeCloseTo(2, 2)
    expect(fit.c).toBeCloseTo(0.7, 3)
    expect(fit.rmse).toBeLessThan(1e-6)
  })
  it('fits noisy points within their noise and never above 1', () => {
    const noise = [0.004, -0.003, 0.002, -0.004, 0.003]
    const points = [100, 250, 500, 1000, 2000].map((n, i) => ({ pairs: n, agreement: 0.97 - 0.8 * n ** -0.5 + noise[i]! }))
    const fit = fitLearningCurve(points)
    expect(fit.rmse).toBeLessThan(0.005)
    expect(fit.a).toBeLessThanOrEqual(1 + 1e-9)
    expect(fit.predict(1e9)).toBeLessThanOrEqual(1 + 1e-9)
  })
  it('refuses fewer than 3 sizes', () => {
    expect(() => fitLearningCurve([{ pairs: 10, agreement: 0.5 }, { pairs: 20, agreement: 0.6 }])).toThrow('invalid distinct sizes: 2 (must be >= 3)')
  })
})

describe('callsWorthPaying(fit, valuePerPoint, costPerCall, passRate, range)', () => {
  it('is the n that maximises value minus cost, found by scanning every n', () => {
    const fit = fitLearningCurve([100, 300, 900, 2700].map((n) => ({ pairs: n, agreement: 0.95 - 1.5 * n ** -0.6 })))
    const [value, cost, pass] = [3, 0.002, 0.85]
    const got = callsWorthPaying(fit, value, cost, pass, [100, 2700])
    let bestN = 1
    let best = -Infinity
    for (let n = 1; n <= 20000; n++) {
      const net = 100 * value * fit.predict(n) - (n / pass) * cost
      if (net > best) [best, bestN] = [net, n]
    }
    expect(Math.abs(got.pairs - bestN)).toBeLessThanOrEqual(1)
    expect(got.calls).toBe(Math.ceil(got.pairs / pass))
  })
})
