/**
 * A domain classifier between two periods: can a model tell the earlier inputs from the later ones
 * by their representations (the student's pooled states, the worker's `embed`)? An L2-regularised
 * logistic regression, fitted by Newton's method (iteratively reweighted least squares) on
 * standardised features, scored out of fold by k-fold cross-validation; the out-of-fold scores'
 * ROC AUC (with its interval) is the drift measure: 0.5 when the periods look alike, above 0.55
 * read as drift (see `domainDrift`).
 */
import { checkNumber } from '../scenario/check-number.js'
import { domainDrift, type DomainDrift } from './domain-drift.js'
import { driftArgumentError, driftRules } from './messages.js'
import { rocAuc, type RocAucResult } from './roc-auc.js'

/** A fitted logistic regression on standardised features. */
export interface LogisticModel {
  /** Weights per feature (standardised scale) and the intercept. */
  weights: number[]
  intercept: number
  /** Feature means and standard deviations used to standardise. */
  means: number[]
  scales: number[]
  /** Newton iterations taken, and whether the step fell below the tolerance. */
  iterations: number
  converged: boolean
}

/** Solves A x = b for a symmetric positive-definite A by Cholesky decomposition. O(d³). */
function solveSpd(a: number[][], b: number[]): number[] {
  const d = b.length
  const l = Array.from({ length: d }, () => new Array<number>(d).fill(0))
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i]![j]!
      for (let k = 0; k < j; k++) sum -= l[i]![k]! * l[j]![k]!
      l[i]![j] = i === j ? Math.sqrt(Math.max(sum, 1e-300)) : sum / l[j]![j]!
    }
  }
  const y = new Array<number>(d).fill(0)
  for (let i = 0; i < d; i++) {
    let sum = b[i]!
    for (let k = 0; k < i; k++) sum -= l[i]![k]! * y[k]!
    y[i] = sum / l[i]![i]!
  }
  const x = new Array<number>(d).fill(0)
  for (let i = d - 1; i >= 0; i--) {
    let sum = y[i]!
    for (let k = i + 1; k < d; k++) sum -= l[k]![i]! * x[k]!
    x[i] = sum / l[i]![i]!
  }
  return x
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)))

/**
 * Fits `P(y = 1 | x) = sigmoid(b + w · z(x))`, z the standardised features, minimising the mean
 * log-loss plus `lambda/2 |w|²` (the intercept unpenalised) by Newton's method. At the optimum the
 * gradient `Xᵀ(p - y)/n + lambda w` is zero (a test checks it). O(iterations x (n d² + d³)).
 *
 * @param lambda ridge strength on the standardised scale (default 1e-2)
 * @throws {InvalidArgumentError} on empty or ragged features, labels that are not 0/1 of both kinds, or lambda < 0
 * @example
 * const model = fitLogistic([[0], [1], [2], [3]], [0, 0, 1, 1])
 * model.converged // => true
 * predictLogistic(model, [[3]])[0] > 0.5 // => true
 */
export function fitLogistic(features: readonly (readonly number[])[], labels: readonly number[], lambda = 1e-2, maxIterations = 50): LogisticModel {
  checkNumber('lambda', lambda, { min: 0 })
  const n = features.length
  if (n === 0 || labels.length !== n) throw driftArgumentError('labels', labels, driftRules.sameLength('features', n))
  const d = features[0]!.length
  if (d === 0 || features.some((row) => row.length !== d)) throw driftArgumentError('features', `${n} rows`, 'must all have the same, non-zero length')
  if (!labels.every((y) => y === 0 || y === 1) || !labels.includes(0) || !labels.includes(1)) throw driftArgumentError('labels', labels, driftRules.labels)
  const means = Array.from({ length: d }, (_, j) => features.reduce((s, row) => s + row[j]!, 0) / n)
  const scales = Array.from({ length: d }, (_, j) => Math.sqrt(features.reduce((s, row) => s + (row[j]! - means[j]!) ** 2, 0) / n) || 1)
  const z = features.map((row) => row.map((v, j) => (v - means[j]!) / scales[j]!))
  // Parameters: [intercept, w_1..w_d].
  let theta = new Array<number>(d + 1).fill(0)
  let iterations = 0
  let converged = false
  for (; iterations < maxIterations && !converged; iterations++) {
    const gradient = new Array<number>(d + 1).fill(0)
    const hessian = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0))
    for (let i = 0; i < n; i++) {
      const row = z[i]!
      let eta = theta[0]!
      for (let j = 0; j < d; j++) eta += theta[j + 1]! * row[j]!
      const p = sigmoid(eta)
      const w = p * (1 - p)
      const r = p - labels[i]!
      const x = [1, ...row]
      for (let a = 0; a <= d; a++) {
        gradient[a]! += (r * x[a]!) / n
        const wa = (w * x[a]!) / n
        for (let b = 0; b <= a; b++) hessian[a]![b]! += wa * x[b]!
      }
    }
    for (let a = 0; a <= d; a++) for (let b = 0; b < a; b++) hessian[b]![a] = hessian[a]![b]!
    for (let a = 1; a <= d; a++) {
      gradient[a]! += lambda * theta[a]!
      hessian[a]![a]! += lambda
    }
    hessian[0]![0]! += 1e-12
    const step = solveSpd(hessian, gradient)
    theta = theta.map((t, a) => t - step[a]!)
    converged = Math.max(...step.map(Math.abs)) < 1e-8
  }
  return { intercept: theta[0]!, weights: theta.slice(1), means, scales, iterations, converged }
}

/**
 * P(y = 1) for each row under a fitted model.
 *
 * @example
 * predictLogistic({ intercept: 0, weights: [1], means: [0], scales: [1], iterations: 1, converged: true }, [[0], [2]]) // => [0.5, 0.8808]
 */
export function predictLogistic(model: LogisticModel, features: readonly (readonly number[])[]): number[] {
  return features.map((row) => sigmoid(model.intercept + row.reduce((s, v, j) => s + model.weights[j]! * ((v - model.means[j]!) / model.scales[j]!), 0)))
}

/** The domain classifier's verdict between two periods. */
export interface DomainClassifierResult extends DomainDrift {
  /** The out-of-fold ROC AUC with its interval. */
  roc: RocAucResult
  folds: number
  earlier: number
  later: number
}

/**
 * Trains a logistic regression to tell `earlier` rows (label 0) from `later` rows (label 1) and
 * scores each row by a model that did not see it (fold f holds the rows whose index within its
 * period is f mod k: deterministic, balanced); the out-of-fold AUC and its interval say whether
 * the periods differ (`domainDrift`). With no difference at all the out-of-fold AUC sits at or a
 * little below 0.5 (cross-validated AUC is biased low when there is no signal: Parker, Gunter &
 * Bedo 2007, https://doi.org/10.1186/1471-2105-8-326), so read it against the 0.55 line, not 0.5.
 * O(k x fit).
 *
 * @throws {InvalidArgumentError} when a period has fewer rows than folds, or folds < 2
 * @example
 * // Two periods drawn alike (the same rows): no drift.
 * const rows = [[0.1, 1], [0.4, 0], [0.3, 1], [0.9, 0], [0.5, 1], [0.2, 0]]
 * domainClassifier(rows, rows, 3).auc < 0.55 // => true
 */
export function domainClassifier(earlier: readonly (readonly number[])[], later: readonly (readonly number[])[], folds = 5, lambda = 1e-2): DomainClassifierResult {
  checkNumber('folds', folds, { min: 2, integer: true })
  checkNumber('earlier rows', earlier.length, { min: folds, integer: true })
  checkNumber('later rows', later.length, { min: folds, integer: true })
  const rows = [...earlier.map((x, i) => ({ x, y: 0, fold: i % folds })), ...later.map((x, i) => ({ x, y: 1, fold: i % folds }))]
  const scores = new Array<number>(rows.length).fill(0)
  for (let f = 0; f < folds; f++) {
    const train = rows.filter((r) => r.fold !== f)
    const model = fitLogistic(train.map((r) => r.x), train.map((r) => r.y), lambda)
    rows.forEach((r, i) => {
      if (r.fold === f) scores[i] = predictLogistic(model, [r.x])[0]!
    })
  }
  const roc = rocAuc(scores, rows.map((r) => r.y))
  return { ...domainDrift(roc), roc, folds, earlier: earlier.length, later: later.length }
}
