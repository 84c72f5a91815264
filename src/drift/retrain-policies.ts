/**
 * Retraining policies for a drifting student, simulated forward by Monte Carlo and compared on
 * cost per month: retrain on a calendar, retrain when a monitoring sample falls below a
 * threshold, or retrain when the estimated staleness cost since the last retrain reaches the
 * cost of retraining (the cost-aware trigger).
 *
 * The model, month by month (months 1..H of the horizon):
 * - The student's agreement with its teacher at age t (months since its last training) is a
 *   draw's decay curve pinned at a0, the agreement right after training (see
 *   `retrain-decay-draws.ts`): a(t) = clip(a0 + f(θ, t) - f(θ, 0), 0, 1), θ drawn once per
 *   Monte Carlo draw from the decay's fitted uncertainty. Month 1 serves a model of age 0.
 * - Staleness is priced as escalations: each point of agreement lost sends that share of
 *   requests to the frontier model (or to a person), so a loss (a0 - a(t))⁺ costs
 *   loss · V · (1 + g)^(month - 1) that month, V the USD a month that a loss of 1 (agreement as a
 *   fraction: all requests) would cost at month 1's volume, and g the monthly growth of volume.
 *   A loss of 0.01 (one percentage point) costs 0.01 · V.
 * - A retrain costs C and happens at the start of a month; the retrained model serves that
 *   month at age 0. A policy decides at the end of a month to retrain at the start of the next;
 *   a retrain decided in month H (at the start of month H + 1) is paid within the horizon, so
 *   the horizon ends with the model as fresh as the policy keeps it and a calendar cadence k
 *   that divides H costs exactly its long-run cycle cost, C / k + V d (k - 1) / 2 for linear
 *   decay d without growth. (The continuous model's minimum, sqrt(2 C d V) at T* = sqrt(2 C / (d V)),
 *   is half a month of decay dearer: a month here is served at its starting age, not averaged
 *   over it, which saves V d / 2.) A last cycle cut short by the horizon pays no retrain, which
 *   favours cadences that do not divide H by up to C / H a month: read the grid over a horizon
 *   long against the cadences, or one they divide.
 * - Monitoring: m labelled requests a month cost m · labelUSD; the observed agreement is
 *   Binomial(m, a(t)) / m (`observed-agreement.ts`: exact, or its normal approximation when
 *   m · a · (1 - a) >= 10).
 *
 * Assumptions, in words: the decay's shape is the same after every retrain (fresh labels from
 * the teacher restore a0, and drift since training, not calendar time, drives the loss); the
 * staleness cost is linear in the agreement lost; the monitoring sample is independent each
 * month; the quality target is not a constraint on the choice, only reported (P(target holds)).
 *
 * Random numbers: Philox streams of the kernel under one seed, stream 0 for the decay parameters
 * (2 per draw) and stream 1 for the monitoring samples (one uniform per draw and month, draw
 * `draw · H + month - 1`), so a draw's numbers depend only on (seed, draw), and every policy and
 * parameter reads the same ones (common random numbers: their differences are not noise).
 */
import { streamAt } from '../../kernel/sim/random.js'
import { wilsonInterval } from '../agreement/wilson-interval.js'
import type { ProportionInterval } from '../agreement/interval-types.js'
import { checkNumber } from '../scenario/check-number.js'
import { costAwareRetrainInterval, type RetrainInterval } from './cost-aware-retrain-interval.js'
import { agreementLossPerMonth } from './decay/agreement-loss-per-month.js'
import { driftArgumentError, driftRules } from './messages.js'
import { normalQuantile } from '../../kernel/sim/distributions/standard-normal.js'
import { observedAgreementWithNormal } from './observed-agreement.js'
import { agreementByAge, checkRetrainDecay, meanLossByAge, type RetrainDecay } from './retrain-decay-draws.js'

/** The Philox stream (of the simulation's seed) that the monitoring samples are drawn from. */
export const MONITORING_STREAM = 1

/** The monitored policy's label sample sizes tried, labelled requests a month. */
export const MONITORED_LABELS = [50, 100, 200, 400, 800] as const

/** The cost-aware trigger's label sample sizes tried (0: no labels, the fitted mean curve). */
export const COST_AWARE_LABELS = [0, 50, 100, 200, 400] as const

/** What the simulation takes: the decay, the agreement, the costs and the horizon. */
export interface RetrainPolicyInputs {
  /** The decay: a {@link DecayFit} (say `fitDecay(months).chosen`) or `{ model: 'linear', perMonth, standardError }`. */
  decay: RetrainDecay
  /** a0, the agreement right after training, a fraction in [0, 1]; default the fitted curve at age 0 (required with the plain linear form). */
  initialAgreement?: number
  /** C, USD per retraining (teacher labels, training, evaluation), > 0. */
  retrainUSD: number
  /**
   * V, USD a month per unit of agreement lost at month 1's volume, >= 0, agreement as a fraction:
   * a loss of 0.01 costs 0.01 · V a month (say requests a month x the extra cost of escalating
   * one request to the frontier model).
   */
  stalenessUSDPerPointPerMonth: number
  /** g, monthly growth of volume (V grows as (1 + g)^(month - 1)), > -1; default 0. */
  monthlyGrowth?: number
  /** USD per labelled request of monitoring (a teacher call or a person's label), >= 0. */
  labelUSD: number
  /** H, months simulated, an integer in [1, 600]. */
  horizonMonths: number
  /** The quality target the student must keep, agreement as a fraction in [0, 1]. */
  targetAgreement: number
}

/** How the simulation runs. */
export interface RetrainPolicyOptions {
  /** Monte Carlo draws, an integer in [1, 1e6]; default 2000. */
  draws?: number
  /** Philox seed, an integer in [0, 2^53); default 0. */
  seed?: number
  /** The longest calendar cadence tried, months, an integer >= 1; default 12 (and never). */
  maxCadence?: number
  /** The monitored threshold grid's step, a fraction > 0; default 0.005. */
  thresholdStep?: number
  /** The Wilson interval's two-sided level for P(target holds); default 0.95. */
  confidence?: number
}

/** A policy's name. */
export type RetrainPolicyName = 'calendar' | 'monitored' | 'cost-aware'

/** The calendar policy's parameter: retrain every `cadenceMonths` months, or never (null). */
export interface CalendarParameters {
  cadenceMonths: number | null
}

/** The monitored policy's parameters: labels a month and the threshold on observed agreement. */
export interface MonitoredParameters {
  labelsPerMonth: number
  threshold: number
}

/** The cost-aware trigger's parameter: labels a month (0: the fitted mean curve). */
export interface CostAwareParameters {
  labelsPerMonth: number
}

/** A cost over draws, USD per month: mean and 5th / 95th percentiles (linear interpolation, numpy's default). */
export interface CostSpread {
  meanUSD: number
  p5USD: number
  p95USD: number
}

/** Cost per month, USD, in total and by part. */
export interface PolicyCostPerMonth {
  total: CostSpread
  retraining: CostSpread
  staleness: CostSpread
  labels: CostSpread
}

/** One policy at one parameter value, summarised over the draws. */
export interface PolicyOutcome<P> {
  policy: RetrainPolicyName
  parameters: P
  /** USD per month over the horizon, by part. */
  costPerMonthUSD: PolicyCostPerMonth
  /** Retrains per year, the mean over draws (retrains · 12 / H). */
  retrainsPerYear: number
  /** Share of draws in which agreement stays >= the target in every month, with its Wilson interval over draws. */
  targetHeld: ProportionInterval
  /** Share of the horizon's months below the target, the mean over draws. */
  shareOfMonthsBelowTarget: number
}

/** One point of a policy's grid: enough to plot cost against the parameter. */
export interface PolicyGridPoint<P> {
  parameters: P
  meanCostPerMonthUSD: number
  targetHeldRate: number
  retrainsPerYear: number
}

/** A policy's chosen parameters (the lowest mean cost per month) and its whole grid. */
export interface PolicyComparison<P> {
  chosen: PolicyOutcome<P>
  grid: PolicyGridPoint<P>[]
}

/** The three policies compared, the cheapest, and the closed form beside them. */
export interface RetrainPolicies {
  calendar: PolicyComparison<CalendarParameters>
  monitored: PolicyComparison<MonitoredParameters>
  costAware: PolicyComparison<CostAwareParameters>
  /** The policy with the lowest mean cost per month (the earlier of calendar, monitored, cost-aware on a tie). */
  best: RetrainPolicyName
  /** The linear closed form at the decay's mean loss per month d̄ and V at month 1: T* = sqrt(2 C / (d̄ V)), cost sqrt(2 C d̄ V). */
  closedForm: RetrainInterval & { decayPerMonth: number }
  /** The inputs as used: a0, H, draws, seed. */
  initialAgreement: number
  horizonMonths: number
  draws: number
  seed: number
}

/** Per-draw totals of one policy at one parameter value. */
interface DrawTotals {
  retrainUSD: Float64Array
  stalenessUSD: Float64Array
  retrains: Float64Array
  monthsBelow: Float64Array
}

/** The checked inputs and the shared draws every policy reads. */
interface Simulation {
  draws: number
  horizon: number
  a0: number
  target: number
  retrainUSD: number
  labelUSD: number
  /** V (1 + g)^(month - 1) for months 1..H, index month - 1. */
  stalenessRate: Float64Array
  /** draws x H agreement by age. */
  agreement: Float64Array
  /** draws x H monitoring uniforms, index draw · H + month - 1. */
  uniforms: Float64Array
  /** Φ⁻¹ of each uniform. */
  normals: Float64Array
  /** The mean curve's loss by age. */
  meanLoss: Float64Array
}

const CALENDAR = 0
const MONITORED = 1
const COST_AWARE = 2

/**
 * Runs one policy at one parameter over every draw: the month loop of the module comment.
 * O(draws · H).
 */
function runPolicy(sim: Simulation, kind: number, cadence: number, labels: number, threshold: number): DrawTotals {
  const { draws, horizon, a0, target, retrainUSD, stalenessRate, agreement, uniforms, normals, meanLoss } = sim
  const totals: DrawTotals = {
    retrainUSD: new Float64Array(draws),
    stalenessUSD: new Float64Array(draws),
    retrains: new Float64Array(draws),
    monthsBelow: new Float64Array(draws),
  }
  for (let draw = 0; draw < draws; draw++) {
    const row = draw * horizon
    let age = 0
    let pending = false
    let accumulated = 0
    let retrains = 0
    let staleness = 0
    let below = 0
    for (let month = 0; month < horizon; month++) {
      if (pending) {
        retrains += 1
        age = 0
        accumulated = 0
        pending = false
      }
      const a = agreement[row + age]!
      const rate = stalenessRate[month]!
      const loss = a0 - a
      if (loss > 0) staleness += loss * rate
      if (a < target) below += 1
      if (kind === CALENDAR) {
        pending = age + 1 === cadence
      } else if (kind === MONITORED) {
        pending = observedAgreementWithNormal(labels, a, uniforms[row + month]!, normals[row + month]!) < threshold
      } else {
        const estimated = labels === 0 ? meanLoss[age]! : Math.max(0, a0 - observedAgreementWithNormal(labels, a, uniforms[row + month]!, normals[row + month]!))
        accumulated += estimated * rate
        pending = accumulated >= retrainUSD
      }
      age += 1
    }
    if (pending) retrains += 1
    totals.retrainUSD[draw] = retrains * retrainUSD
    totals.stalenessUSD[draw] = staleness
    totals.retrains[draw] = retrains
    totals.monthsBelow[draw] = below
  }
  return totals
}

/** The p-quantile of sorted values, linear interpolation between order statistics (numpy's default). */
function quantileSorted(sorted: Float64Array, p: number): number {
  const position = (sorted.length - 1) * p
  const low = Math.floor(position)
  const high = Math.min(low + 1, sorted.length - 1)
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low)
}

function spread(values: Float64Array, scale: number): CostSpread {
  const sorted = Float64Array.from(values).sort()
  let sum = 0
  for (const value of values) sum += value
  return { meanUSD: (sum / values.length) * scale, p5USD: quantileSorted(sorted, 0.05) * scale, p95USD: quantileSorted(sorted, 0.95) * scale }
}

function summarise<P>(sim: Simulation, policy: RetrainPolicyName, parameters: P, labels: number, totals: DrawTotals, confidence: number): PolicyOutcome<P> {
  const { draws, horizon } = sim
  const perMonth = 1 / horizon
  const labelsUSD = labels * sim.labelUSD
  const total = new Float64Array(draws)
  let retrains = 0
  let held = 0
  let below = 0
  for (let draw = 0; draw < draws; draw++) {
    total[draw] = totals.retrainUSD[draw]! + totals.stalenessUSD[draw]! + labelsUSD * horizon
    retrains += totals.retrains[draw]!
    below += totals.monthsBelow[draw]!
    if (totals.monthsBelow[draw] === 0) held += 1
  }
  const labelSpread = { meanUSD: labelsUSD, p5USD: labelsUSD, p95USD: labelsUSD }
  return {
    policy,
    parameters,
    costPerMonthUSD: {
      total: spread(total, perMonth),
      retraining: spread(totals.retrainUSD, perMonth),
      staleness: spread(totals.stalenessUSD, perMonth),
      labels: labelSpread,
    },
    retrainsPerYear: ((retrains / draws) * 12) / horizon,
    targetHeld: wilsonInterval(held, draws, confidence),
    shareOfMonthsBelowTarget: below / draws / horizon,
  }
}

function compare<P>(outcomes: PolicyOutcome<P>[]): PolicyComparison<P> {
  let chosen = outcomes[0]!
  for (const outcome of outcomes) if (outcome.costPerMonthUSD.total.meanUSD < chosen.costPerMonthUSD.total.meanUSD) chosen = outcome
  return {
    chosen,
    grid: outcomes.map((outcome) => ({
      parameters: outcome.parameters,
      meanCostPerMonthUSD: outcome.costPerMonthUSD.total.meanUSD,
      targetHeldRate: outcome.targetHeld.rate,
      retrainsPerYear: outcome.retrainsPerYear,
    })),
  }
}

/**
 * The monitored policy's thresholds: from target - 0.05 up to a0 in steps of `step` (at least
 * one, a0, when the target is far above a0), each rounded to 1e-9 so the grid prints cleanly.
 *
 * @example
 * monitoredThresholds(0.9, 0.92, 0.005) // => [0.85, 0.855, 0.86, 0.865, 0.87, 0.875, 0.88, 0.885, 0.89, 0.895, 0.9, 0.905, 0.91, 0.915, 0.92]
 * monitoredThresholds(0.99, 0.9, 0.005) // => [0.9]
 */
export function monitoredThresholds(targetAgreement: number, initialAgreement: number, step: number): number[] {
  const start = targetAgreement - 0.05
  const thresholds: number[] = []
  for (let i = 0; start + i * step <= initialAgreement + 1e-9; i++) thresholds.push(Math.round((start + i * step) * 1e9) / 1e9)
  return thresholds.length > 0 ? thresholds : [initialAgreement]
}

/**
 * Simulates the calendar, monitored and cost-aware retraining policies over a horizon by Monte
 * Carlo (the model and its assumptions in the module comment) and compares them on mean cost
 * per month:
 * - calendar: retrain every k months, k = 1..min(H, maxCadence), or never;
 * - monitored: label m requests a month (m in 50, 100, 200, 400, 800) and retrain next month
 *   when the observed agreement is below τ (τ from target - 0.05 to a0 in 0.005 steps);
 * - cost-aware: add the month's estimated staleness cost, (a0 - observed)⁺ · V_t (with m = 0
 *   the fitted mean curve's loss, no labels), and retrain next month once the sum since the last
 *   retrain reaches C (m in 0, 50, 100, 200, 400).
 * Each policy's cheapest parameters are chosen; its cost per month (mean, 5th and 95th
 * percentiles over draws) by part, retrains per year, P(target holds in every month) with a
 * Wilson interval over draws, the mean share of months below target, and its whole grid are
 * reported, with the cheapest policy and the linear closed form T* = sqrt(2 C / (d̄ V)) beside
 * them. Every policy and parameter reads the same draws (common random numbers).
 * O(draws · H · (maxCadence + 5 · thresholds + 5)): 2000 draws x 24 months x 130 grid points
 * run in about 0.6 s on one core.
 *
 * @throws {InvalidArgumentError} naming the bad input: `invalid retrainUSD: 0 (must be > 0)`
 * @example
 * const policies = simulateRetrainPolicies(
 *   { decay: { model: 'linear', perMonth: 0.01 }, initialAgreement: 0.95, retrainUSD: 8000, stalenessUSDPerPointPerMonth: 100000, labelUSD: 0.5, horizonMonths: 120, targetAgreement: 0.9 },
 *   { draws: 200, seed: 1 },
 * )
 * policies.calendar.chosen.parameters // => { cadenceMonths: 4 }
 * // 8000 / 4 + 100000 · 0.01 · (4 - 1) / 2 = 2000 + 1500 USD a month
 * policies.calendar.chosen.costPerMonthUSD.total.meanUSD // => 3500
 * policies.closedForm // => { months: 4, costPerMonthUSD: 4000 }
 * simulateRetrainPolicies({ decay: { model: 'linear', perMonth: 0.01 }, initialAgreement: 0.95, retrainUSD: 0, stalenessUSDPerPointPerMonth: 1, labelUSD: 0, horizonMonths: 24, targetAgreement: 0.9 })
 * // throws invalid retrainUSD: 0 (must be > 0)
 */
export function simulateRetrainPolicies(inputs: RetrainPolicyInputs, options: RetrainPolicyOptions = {}): RetrainPolicies {
  if (typeof inputs !== 'object' || inputs === null) throw driftArgumentError('inputs', inputs, driftRules.retrainInputs)
  const decay = checkRetrainDecay(inputs.decay)
  const a0 = checkNumber('initialAgreement', inputs.initialAgreement ?? decay.agreementAtZero, { min: 0, max: 1 })
  const retrainUSD = checkNumber('retrainUSD', inputs.retrainUSD, { exclusiveMin: 0 })
  const stalenessUSD = checkNumber('stalenessUSDPerPointPerMonth', inputs.stalenessUSDPerPointPerMonth, { min: 0 })
  const growth = checkNumber('monthlyGrowth', inputs.monthlyGrowth ?? 0, { exclusiveMin: -1 })
  const labelUSD = checkNumber('labelUSD', inputs.labelUSD, { min: 0 })
  const horizon = checkNumber('horizonMonths', inputs.horizonMonths, { min: 1, max: 600, integer: true })
  const target = checkNumber('targetAgreement', inputs.targetAgreement, { min: 0, max: 1 })
  const draws = checkNumber('draws', options.draws ?? 2000, { min: 1, max: 1_000_000, integer: true })
  const seed = checkNumber('seed', options.seed ?? 0, { min: 0, exclusiveMax: 2 ** 53, integer: true })
  const maxCadence = checkNumber('maxCadence', options.maxCadence ?? 12, { min: 1, integer: true })
  const thresholdStep = checkNumber('thresholdStep', options.thresholdStep ?? 0.005, { exclusiveMin: 0 })
  const confidence = checkNumber('confidence', options.confidence ?? 0.95, { exclusiveMin: 0, exclusiveMax: 1 })

  const stalenessRate = new Float64Array(horizon)
  for (let month = 0; month < horizon; month++) stalenessRate[month] = stalenessUSD * (1 + growth) ** month
  const uniforms = new Float64Array(draws * horizon)
  streamAt(seed, MONITORING_STREAM, 0).fillOpen01(uniforms)
  const normals = uniforms.map(normalQuantile)
  const sim: Simulation = {
    draws,
    horizon,
    a0,
    target,
    retrainUSD,
    labelUSD,
    stalenessRate,
    agreement: agreementByAge(decay, a0, draws, horizon, seed),
    uniforms,
    normals,
    meanLoss: meanLossByAge(decay, a0, horizon),
  }

  const calendar: PolicyOutcome<CalendarParameters>[] = []
  for (let cadence = 1; cadence <= Math.min(horizon, maxCadence); cadence++) {
    calendar.push(summarise(sim, 'calendar', { cadenceMonths: cadence }, 0, runPolicy(sim, CALENDAR, cadence, 0, 0), confidence))
  }
  calendar.push(summarise(sim, 'calendar', { cadenceMonths: null }, 0, runPolicy(sim, CALENDAR, 0, 0, 0), confidence))

  const monitored: PolicyOutcome<MonitoredParameters>[] = []
  for (const labels of MONITORED_LABELS) {
    for (const threshold of monitoredThresholds(target, a0, thresholdStep)) {
      monitored.push(summarise(sim, 'monitored', { labelsPerMonth: labels, threshold }, labels, runPolicy(sim, MONITORED, 0, labels, threshold), confidence))
    }
  }

  const costAware: PolicyOutcome<CostAwareParameters>[] = []
  for (const labels of COST_AWARE_LABELS) {
    costAware.push(summarise(sim, 'cost-aware', { labelsPerMonth: labels }, labels, runPolicy(sim, COST_AWARE, 0, labels, 0), confidence))
  }

  const compared = { calendar: compare(calendar), monitored: compare(monitored), costAware: compare(costAware) }
  let best: RetrainPolicyName = 'calendar'
  let bestCost = compared.calendar.chosen.costPerMonthUSD.total.meanUSD
  for (const [name, comparison] of [['monitored', compared.monitored], ['cost-aware', compared.costAware]] as const) {
    if (comparison.chosen.costPerMonthUSD.total.meanUSD < bestCost) {
      best = name
      bestCost = comparison.chosen.costPerMonthUSD.total.meanUSD
    }
  }

  const decayPerMonth = Math.max(0, meanLinearLoss(inputs.decay))
  const closedForm = { ...costAwareRetrainInterval(decayPerMonth, retrainUSD, stalenessUSD), decayPerMonth }
  return { ...compared, best, closedForm, initialAgreement: a0, horizonMonths: horizon, draws, seed }
}

/** The decay's mean loss per month: perMonth for the plain form, else agreementLossPerMonth over the fit's span. */
function meanLinearLoss(decay: RetrainDecay): number {
  return 'perMonth' in decay ? decay.perMonth : agreementLossPerMonth(decay).perMonth
}
