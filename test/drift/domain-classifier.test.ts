import { describe, expect, it } from 'vitest'
import { domainClassifier, fitLogistic, predictLogistic } from '../../src/drift/domain-classifier.js'

/** A seeded uniform source (mulberry32), so the samples are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
/** Normal draws by Box-Muller. */
function normals(rng: () => number, n: number, d: number, shift = 0): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: d }, () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng()) + shift))
}

describe('fitLogistic(features, labels, lambda)', () => {
  it('stops where the penalised log-loss has zero gradient (checked independently of the solver)', () => {
    const rng = random(7)
    const x = normals(rng, 200, 3)
    const y = x.map((row) => (row[0]! - 0.5 * row[1]! + 0.3 * (rng() - 0.5) > 0 ? 1 : 0))
    const lambda = 0.05
    const model = fitLogistic(x, y, lambda)
    expect(model.converged).toBe(true)
    // Gradient of mean log-loss + lambda/2 |w|^2 on the standardised features: X^T (p - y) / n + lambda w.
    const p = predictLogistic(model, x)
    const z = x.map((row) => row.map((v, j) => (v - model.means[j]!) / model.scales[j]!))
    const interceptGradient = p.reduce((s, pi, i) => s + (pi - y[i]!), 0) / x.length
    expect(Math.abs(interceptGradient)).toBeLessThan(1e-9)
    for (let j = 0; j < 3; j++) {
      const g = p.reduce((s, pi, i) => s + (pi - y[i]!) * z[i]![j]!, 0) / x.length + lambda * model.weights[j]!
      expect(Math.abs(g)).toBeLessThan(1e-9)
    }
    // The signs follow the rule that made the labels: + x0, - x1.
    expect(model.weights[0]).toBeGreaterThan(0)
    expect(model.weights[1]).toBeLessThan(0)
  })
  it('refuses labels of one kind', () => {
    expect(() => fitLogistic([[1], [2]], [1, 1])).toThrow('must be an array of booleans or 0/1, with at least one of each')
  })
})

describe('domainClassifier(earlier, later, folds)', () => {
  it('tells shifted periods apart (AUC near 1, drift) and finds no drift between alike ones', () => {
    const rng = random(11)
    const shifted = domainClassifier(normals(rng, 150, 4), normals(rng, 150, 4, 1.5))
    expect(shifted.roc.auc).toBeGreaterThan(0.9)
    expect(shifted.certainty).toBe('drift')
    const alike = domainClassifier(normals(rng, 150, 4), normals(rng, 150, 4))
    // With no signal, out-of-fold AUC sits at or a little below 0.5 (a known downward bias of
    // cross-validated AUC when the held-out fold's class balance moves against the training folds').
    expect(alike.roc.auc).toBeLessThan(0.55)
    expect(alike.certainty).toBe('no drift')
  })
  it('needs at least as many rows per period as folds', () => {
    expect(() => domainClassifier([[1], [2]], [[3], [4], [5]], 3)).toThrow('invalid earlier rows: 2 (must be >= 3)')
  })
})
