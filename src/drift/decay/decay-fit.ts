/**
 * What every decay model's fit holds, and the machinery they share: weighted least squares of a
 * two-parameter curve by Gauss-Newton, standard errors from the Jacobian, and AICc.
 */
import type { AgreementMonth } from './agreement-months.js'

/** The decay models: linear a - b t, exponential a e^{-k t}, step (a before a change month, b after). */
export const DECAY_MODELS = ['linear', 'exponential', 'step'] as const

/** A decay model's name. */
export type DecayModel = (typeof DECAY_MODELS)[number]

/** A fitted decay model: parameters with standard errors, the fit's residuals and its AICc. */
export interface DecayFit {
  /** Which model. */
  model: DecayModel
  /** The formula in words, with the fitted numbers: `agreement = 0.95 - 0.01 t`. */
  formula: string
  /** The two continuous parameters by name (linear: a, b; exponential: a, k; step: before, after). */
  parameters: Record<string, number>
  /** Their standard errors, from σ̂² (JᵀWJ)⁻¹ at the fit, in the parameters' units. */
  standardErrors: Record<string, number>
  /** The names of the two continuous parameters, in the covariance's order. */
  parameterNames: [string, string]
  /** σ̂² (JᵀWJ)⁻¹, 2 x 2. */
  covariance: [[number, number], [number, number]]
  /** The step model's change month (the first month at the level after); undefined otherwise. */
  changeMonth?: number
  /** Σ nᵢ (agreementᵢ - fitᵢ)², the weighted residual sum of squares (examples · agreement²). */
  weightedRss: number
  /** σ̂² = weightedRss / (months - 2), the residual variance per example. */
  residualVariance: number
  /** How many months were fitted. */
  months: number
  /** The first and last month fitted. */
  span: [number, number]
  /**
   * K, the parameters AICc counts: the curve's continuous parameters, the residual variance, and
   * for the step model its change month (linear, exponential: 3; step: 4).
   */
  aiccParameters: number
  /**
   * m ln(max(weightedRss / m, 1e-24)) + 2K + 2K(K + 1) / (m - K - 1) (the Gaussian AIC up to a
   * constant shared by all models, with Hurvich and Tsai's small-sample correction); Infinity
   * when m <= K + 1. The floor 1e-24 (a residual of 1e-12 per example) makes exact fits tie.
   */
  aicc: number
}

/** A two-parameter curve: its value and its gradient in the parameters at month t. */
export interface Curve {
  value(t: number, theta: readonly [number, number]): number
  gradient(t: number, theta: readonly [number, number]): [number, number]
}

/**
 * The AICc of a weighted least-squares fit with `parameters` (K) counted; see {@link DecayFit.aicc}.
 *
 * @example
 * aicc(0, 6, 3) // => -313.5723
 * // 6 ln(1e-24) + 2·3 + 2·3·4 / (6 - 3 - 1) = -331.5723 + 6 + 12
 * aicc(1, 4, 3) // => Infinity
 */
export function aicc(weightedRss: number, months: number, parameters: number): number {
  if (months <= parameters + 1) return Number.POSITIVE_INFINITY
  return months * Math.log(Math.max(weightedRss / months, 1e-24)) + 2 * parameters + (2 * parameters * (parameters + 1)) / (months - parameters - 1)
}

function weightedRss(rows: readonly AgreementMonth[], curve: Curve, theta: readonly [number, number]): number {
  return rows.reduce((sum, row) => sum + row.n * (row.agreement - curve.value(row.month, theta)) ** 2, 0)
}

/** (JᵀWJ) at theta, 2 x 2. */
function information(rows: readonly AgreementMonth[], curve: Curve, theta: readonly [number, number]): [number, number, number] {
  let s00 = 0
  let s01 = 0
  let s11 = 0
  for (const row of rows) {
    const [g0, g1] = curve.gradient(row.month, theta)
    s00 += row.n * g0 * g0
    s01 += row.n * g0 * g1
    s11 += row.n * g1 * g1
  }
  return [s00, s01, s11]
}

/**
 * Weighted least squares of a two-parameter curve, weights n: Gauss-Newton from `start`, halving
 * a step until the weighted RSS does not grow, stopping when it changes by less than 1e-14
 * relative (at most 200 steps). A curve linear in its parameters converges in one step. Returns
 * the parameters, the weighted RSS, σ̂² = RSS / (m - 2) and the covariance σ̂² (JᵀWJ)⁻¹.
 * O(200 m).
 *
 * @example
 * const line = { value: (t, [a, b]) => a - b * t, gradient: (t) => [1, -t] }
 * fitCurve([{ month: 0, agreement: 0.9, n: 1 }, { month: 1, agreement: 0.8, n: 1 }, { month: 2, agreement: 0.7, n: 1 }], line, [0, 0]).theta
 * // => [0.9, 0.1]
 */
export function fitCurve(
  rows: readonly AgreementMonth[],
  curve: Curve,
  start: readonly [number, number],
): { theta: [number, number]; weightedRss: number; residualVariance: number; covariance: [[number, number], [number, number]] } {
  let theta: [number, number] = [start[0], start[1]]
  let rss = weightedRss(rows, curve, theta)
  for (let iteration = 0; iteration < 200; iteration++) {
    const [s00, s01, s11] = information(rows, curve, theta)
    let r0 = 0
    let r1 = 0
    for (const row of rows) {
      const residual = row.agreement - curve.value(row.month, theta)
      const [g0, g1] = curve.gradient(row.month, theta)
      r0 += row.n * g0 * residual
      r1 += row.n * g1 * residual
    }
    const determinant = s00 * s11 - s01 * s01
    if (!(Math.abs(determinant) > 0)) break
    const step: [number, number] = [(s11 * r0 - s01 * r1) / determinant, (s00 * r1 - s01 * r0) / determinant]
    let scale = 1
    let next: [number, number] = [theta[0] + step[0], theta[1] + step[1]]
    let nextRss = weightedRss(rows, curve, next)
    while (!(nextRss <= rss) && scale > 1e-10) {
      scale /= 2
      next = [theta[0] + scale * step[0], theta[1] + scale * step[1]]
      nextRss = weightedRss(rows, curve, next)
    }
    if (!(nextRss <= rss)) break
    const change = rss - nextRss
    theta = next
    rss = nextRss
    if (change <= 1e-14 * Math.max(rss, 1e-300) || rss === 0) break
  }
  const residualVariance = rss / (rows.length - 2)
  const [s00, s01, s11] = information(rows, curve, theta)
  const determinant = s00 * s11 - s01 * s01
  const covariance: [[number, number], [number, number]] = [
    [(residualVariance * s11) / determinant, (-residualVariance * s01) / determinant],
    [(-residualVariance * s01) / determinant, (residualVariance * s00) / determinant],
  ]
  return { theta, weightedRss: rss, residualVariance, covariance }
}

/**
 * The {@link DecayFit} of a curve fitted by {@link fitCurve} to `rows`: parameters and standard
 * errors by name, the span, and AICc with K = the curve's two parameters + the residual variance,
 * + 1 for a change month (the step model).
 *
 * @example
 * const rows = [0, 1, 2].map((month) => ({ month, agreement: 0.9 - 0.1 * month, n: 1 }))
 * const line = { value: (t, [a, b]) => a - b * t, gradient: (t) => [1, -t] }
 * decayFit('linear', ['a', 'b'], fitCurve(rows, line, [0, 0]), rows, (p) => `agreement = ${p.a} - ${p.b} t`)
 * // => { model: 'linear', parameters: { a: 0.9, b: 0.1 }, months: 3, span: [0, 2], aiccParameters: 3 }
 */
export function decayFit(
  model: DecayModel,
  names: [string, string],
  fitted: ReturnType<typeof fitCurve>,
  rows: readonly AgreementMonth[],
  formula: (parameters: Record<string, number>) => string,
  changeMonth?: number,
): DecayFit {
  const { theta, weightedRss, residualVariance, covariance } = fitted
  const parameters = { [names[0]]: theta[0], [names[1]]: theta[1] }
  const aiccParameters = changeMonth === undefined ? 3 : 4
  return {
    model,
    formula: formula(parameters),
    parameters,
    standardErrors: { [names[0]]: Math.sqrt(covariance[0][0]), [names[1]]: Math.sqrt(covariance[1][1]) },
    parameterNames: names,
    covariance,
    ...(changeMonth === undefined ? {} : { changeMonth }),
    weightedRss,
    residualVariance,
    months: rows.length,
    span: [rows[0]!.month, rows[rows.length - 1]!.month],
    aiccParameters,
    aicc: aicc(weightedRss, rows.length, aiccParameters),
  }
}

/**
 * Rounds a parameter for a formula string: 4 significant figures.
 *
 * @example
 * showParameter(0.0123456) // => '0.01235'
 */
export function showParameter(value: number): string {
  return String(Number(value.toPrecision(4)))
}
