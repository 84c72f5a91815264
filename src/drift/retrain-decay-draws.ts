/**
 * The decay a retraining simulation draws from: a fitted {@link DecayFit} or a plain linear loss
 * per month with its standard error, turned into one agreement curve per Monte Carlo draw.
 *
 * Each draw's two curve parameters come from their fitted uncertainty: a DecayFit's from the
 * bivariate normal N(θ̂, Σ) (θ = θ̂ + L z, L the Cholesky factor of the 2 x 2 covariance Σ, z two
 * standard normals), the plain form's loss per month from Normal(perMonth, standardError). The
 * curve's level is pinned at the agreement right after training, a0: a draw's agreement at age t
 * (months since training) is a(t) = clip(a0 + f(θ, t) - f(θ, 0), 0, 1), so a retrain always
 * restores a0 and only the decay since training is uncertain (linear: a0 - b t; exponential:
 * a0 - a (1 - e^{-k t}); step: a0 until the change month, a0 - (before - after) from it on).
 * A fit's month axis is read as age since training (month 0: just trained).
 */
import { streamAt } from '../../kernel/sim/random.js'
import { normalQuantile } from '../../kernel/sim/distributions/standard-normal.js'
import { checkNumber } from '../scenario/check-number.js'
import type { DecayFit } from './decay/decay-fit.js'
import { driftArgumentError, driftRules } from './messages.js'

/** A linear loss of agreement per month with its standard error (say from `agreementLossPerMonth`). */
export interface LinearDecayInput {
  model: 'linear'
  /** Agreement lost per month, a fraction per month (0.01: one percentage point a month). */
  perMonth: number
  /** Its standard error, a fraction per month, >= 0; default 0 (no uncertainty). */
  standardError?: number
}

/** The decay a retraining simulation takes: a fitted decay model or a plain linear loss. */
export type RetrainDecay = DecayFit | LinearDecayInput

/** The Philox stream (of the simulation's seed) that the decay parameters are drawn from: 2 draws per Monte Carlo draw. */
export const DECAY_PARAMETER_STREAM = 0

/** A checked decay: the curve f(θ, t), the fitted θ̂ and the Cholesky factor of its covariance. */
export interface CheckedDecay {
  model: DecayFit['model']
  /** f(θ, t), the model's curve (before pinning at a0). */
  curve: (theta0: number, theta1: number, t: number) => number
  /** θ̂, the fitted (mean) parameters, in the covariance's order. */
  mean: [number, number]
  /** Lower-triangular L with L Lᵀ = Σ: [L00, L10, L11]. */
  cholesky: [number, number, number]
  /** The fitted curve's agreement at age 0, f(θ̂, 0): the default a0. */
  agreementAtZero: number | undefined
}

function isLinearInput(decay: RetrainDecay): decay is LinearDecayInput {
  return typeof decay === 'object' && decay !== null && 'perMonth' in decay
}

/**
 * Checks a decay input and returns its curve, mean and Cholesky factor. A covariance that is not
 * positive semi-definite (to rounding) is refused.
 *
 * @throws {InvalidArgumentError} naming the bad field: `invalid decay.perMonth: NaN (must be a finite number)`
 * @example
 * checkRetrainDecay({ model: 'linear', perMonth: 0.01, standardError: 0.002 }) // => { model: 'linear', mean: [0, 0.01], cholesky: [0, 0, 0.002] }
 * checkRetrainDecay({ model: 'linear', perMonth: 0.01, standardError: -1 }) // throws invalid decay.standardError: -1 (must be >= 0)
 */
export function checkRetrainDecay(decay: RetrainDecay): CheckedDecay {
  if (typeof decay !== 'object' || decay === null) throw driftArgumentError('decay', decay, driftRules.retrainDecay)
  if (isLinearInput(decay)) {
    if ((decay as { model: unknown }).model !== 'linear') throw driftArgumentError('decay.model', (decay as { model: unknown }).model, driftRules.model(['linear']))
    const perMonth = checkNumber('decay.perMonth', decay.perMonth)
    const standardError = checkNumber('decay.standardError', decay.standardError ?? 0, { min: 0 })
    return { model: 'linear', curve: (a, b, t) => a - b * t, mean: [0, perMonth], cholesky: [0, 0, standardError], agreementAtZero: undefined }
  }
  const fit = decay
  if (fit.model !== 'linear' && fit.model !== 'exponential' && fit.model !== 'step') {
    throw driftArgumentError('decay.model', fit.model, driftRules.model(['linear', 'exponential', 'step']))
  }
  if (!Array.isArray(fit.parameterNames) || fit.parameterNames.length !== 2 || typeof fit.parameters !== 'object' || fit.parameters === null) {
    throw driftArgumentError('decay', decay, driftRules.retrainDecay)
  }
  const [name0, name1] = fit.parameterNames
  const mean: [number, number] = [checkNumber(`decay.parameters.${name0}`, fit.parameters[name0]), checkNumber(`decay.parameters.${name1}`, fit.parameters[name1])]
  const c00 = checkNumber('decay.covariance[0][0]', fit.covariance?.[0]?.[0], { min: 0 })
  const c01 = checkNumber('decay.covariance[0][1]', fit.covariance?.[0]?.[1])
  const c11 = checkNumber('decay.covariance[1][1]', fit.covariance?.[1]?.[1], { min: 0 })
  const l00 = Math.sqrt(c00)
  const l10 = l00 > 0 ? c01 / l00 : 0
  const rest = c11 - l10 * l10
  if (rest < -1e-12 * Math.max(c11, 1e-300) || (l00 === 0 && c01 !== 0)) throw driftArgumentError('decay.covariance', fit.covariance, driftRules.covariance)
  const l11 = Math.sqrt(Math.max(0, rest))
  let curve: CheckedDecay['curve']
  if (fit.model === 'linear') curve = (a, b, t) => a - b * t
  else if (fit.model === 'exponential') curve = (a, k, t) => a * Math.exp(-k * t)
  else {
    const changeMonth = checkNumber('decay.changeMonth', fit.changeMonth)
    curve = (before, after, t) => (t < changeMonth ? before : after)
  }
  return { model: fit.model, curve, mean, cholesky: [l00, l10, l11], agreementAtZero: curve(mean[0], mean[1], 0) }
}

/**
 * The agreement of each draw's model at each age: a Float64Array of draws x ages, entry
 * `draw * ages + t` = clip(a0 + f(θ_draw, t) - f(θ_draw, 0), 0, 1) (see the module comment).
 * θ_draw = θ̂ + L (z₀, z₁), z = Φ⁻¹(u) for draws 2·draw and 2·draw + 1 of Philox stream
 * {@link DECAY_PARAMETER_STREAM} under `seed`, so draw i's curve depends only on (seed, i).
 * O(draws · ages).
 *
 * @example
 * const decay = checkRetrainDecay({ model: 'linear', perMonth: 0.01 })
 * agreementByAge(decay, 0.9, 2, 3, 7) // => [0.9, 0.89, 0.88, 0.9, 0.89, 0.88]
 */
export function agreementByAge(decay: CheckedDecay, initialAgreement: number, draws: number, ages: number, seed: number): Float64Array {
  const table = new Float64Array(draws * ages)
  const stream = streamAt(seed, DECAY_PARAMETER_STREAM, 0)
  const [l00, l10, l11] = decay.cholesky
  const { curve } = decay
  for (let draw = 0; draw < draws; draw++) {
    const z0 = normalQuantile(stream.nextOpen01())
    const z1 = normalQuantile(stream.nextOpen01())
    const theta0 = decay.mean[0] + l00 * z0
    const theta1 = decay.mean[1] + l10 * z0 + l11 * z1
    const atZero = curve(theta0, theta1, 0)
    for (let t = 0; t < ages; t++) {
      const a = initialAgreement + curve(theta0, theta1, t) - atZero
      table[draw * ages + t] = a < 0 ? 0 : a > 1 ? 1 : a
    }
  }
  return table
}

/**
 * The fitted (mean) curve's loss of agreement at each age, (a0 - a(t))⁺ with θ = θ̂: what the
 * cost-aware trigger without labels believes. O(ages).
 *
 * @example
 * meanLossByAge(checkRetrainDecay({ model: 'linear', perMonth: 0.01 }), 0.9, 3) // => [0, 0.01, 0.02]
 */
export function meanLossByAge(decay: CheckedDecay, initialAgreement: number, ages: number): Float64Array {
  const loss = new Float64Array(ages)
  const [theta0, theta1] = decay.mean
  const atZero = decay.curve(theta0, theta1, 0)
  for (let t = 0; t < ages; t++) {
    const raw = initialAgreement + decay.curve(theta0, theta1, t) - atZero
    const a = raw < 0 ? 0 : raw > 1 ? 1 : raw
    loss[t] = Math.max(0, initialAgreement - a)
  }
  return loss
}
