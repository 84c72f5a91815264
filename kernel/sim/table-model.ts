/**
 * A model written directly in the numbers of `layout.ts`: fixed global values and coefficient
 * blocks, and uncertain inputs that set or scale some of them. Tests and benchmarks use it to
 * drive the kernel without a scenario; it is plain data, so worker threads can rebuild it
 * ({@link ModelSource} with `exportName: 'tableModel'`).
 */
import { beta, fixed, lognormal, normal, pert, triangular, truncate, uniform, type Distribution } from './distributions/index.js'
import { COEFF, COEFF_SIZE, GLOBAL_SIZE } from './layout.js'
import type { SimulationModel } from './model.js'

/** A distribution as plain data: the family and its factory's arguments. */
export type TableDistribution =
  | { kind: 'fixed'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'triangular'; min: number; mode: number; max: number }
  | { kind: 'pert'; min: number; mode: number; max: number; lambda?: number }
  | { kind: 'normal'; mean: number; sd: number }
  | { kind: 'lognormal'; mean: number; sd: number }
  | { kind: 'beta'; alpha: number; beta: number; min?: number; max?: number }

/** Where an input's value goes: a global value (`strategy: null`) or strategy `s`'s coefficient `index`, set to the value or multiplied by it. */
export interface TableTarget {
  strategy: number | null
  index: number
  /** `set` (default): the slot takes the value; `scale`: the slot's base value times the value. */
  mode?: 'set' | 'scale'
}

/** One uncertain input of a table model. */
export interface TableInput {
  path: string
  distribution: TableDistribution & { truncate?: { min?: number; max?: number } }
  targets: TableTarget[]
}

/** A whole table model. */
export interface TableModelSpec {
  strategies: string[]
  horizonMonths: number
  /** GLOBAL_SIZE values. */
  globals: number[]
  /** One COEFF_SIZE block per strategy. */
  coeffs: number[][]
  inputs: TableInput[]
  /** The day's own 24 hourly traffic weights (mean 1), for autoscaling and serverless hosting. */
  trafficWeights?: number[]
}

function distributionOf(spec: TableInput['distribution']): Distribution {
  let base: Distribution
  switch (spec.kind) {
    case 'fixed':
      base = fixed(spec.value)
      break
    case 'uniform':
      base = uniform(spec.min, spec.max)
      break
    case 'triangular':
      base = triangular(spec.min, spec.mode, spec.max)
      break
    case 'pert':
      base = pert(spec.min, spec.mode, spec.max, spec.lambda)
      break
    case 'normal':
      base = normal(spec.mean, spec.sd)
      break
    case 'lognormal':
      base = lognormal({ mean: spec.mean, sd: spec.sd })
      break
    case 'beta':
      base = beta(spec.alpha, spec.beta, spec.min, spec.max)
      break
  }
  return spec.truncate ? truncate(base, spec.truncate) : base
}

/**
 * Builds a {@link SimulationModel} from a {@link TableModelSpec}. Inputs are applied in order, so
 * a later input's target overrides an earlier one's. `fill` is O(slots), allocation-free.
 *
 * @throws {RangeError} when a block has the wrong length or a target points outside them
 * @example
 * // Prompting pays $0.01 a request in frontier tokens; distilling pays $20,000 once, then
 * // $1,000 a month and $0.001 a request. Coefficients in the order of COEFF (layout.ts).
 * const prompt = [0, 0, 0, 0.01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
 * const distill = [20_000, 1_000, 0.001, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
 * const model = tableModel({
 *   strategies: ['prompt', 'distill'], horizonMonths: 12, globals: [1_000_000, 0, 0, 0, 1], coeffs: [prompt, distill],
 *   inputs: [
 *     { path: '/task/requestsPerMonth', distribution: { kind: 'uniform', min: 500_000, max: 1_500_000 }, targets: [{ strategy: null, index: GLOBAL.FIRST_MONTH_REQUESTS }] },
 *     { path: '/distill/oneTimeUSD', distribution: { kind: 'uniform', min: 10_000, max: 30_000 }, targets: [{ strategy: 1, index: COEFF.ONE_TIME_USD }] },
 *   ],
 * })
 * model.point // => [1_000_000, 20_000] (each input at its mean)
 * evaluateDraw(model, model.point).horizonTotalUSD // => [120_000, 44_000]
 * // prompt: 12 x 1,000,000 x $0.01; distill: 20,000 + 12 x (1,000 + 1,000,000 x $0.001)
 */
export function tableModel(spec: TableModelSpec): SimulationModel {
  const strategies = spec.strategies.length
  if (spec.globals.length !== GLOBAL_SIZE) throw new RangeError(`invalid globals: ${spec.globals.length} values (must be ${GLOBAL_SIZE})`)
  if (spec.coeffs.length !== strategies) throw new RangeError(`invalid coeffs: ${spec.coeffs.length} blocks (must be one per strategy, ${strategies})`)
  const baseGlobals = Float64Array.from(spec.globals)
  const baseCoeffs = new Float64Array(strategies * COEFF_SIZE)
  spec.coeffs.forEach((block, s) => {
    if (block.length !== COEFF_SIZE) throw new RangeError(`invalid coeffs[${s}]: ${block.length} values (must be ${COEFF_SIZE})`)
    baseCoeffs.set(block, s * COEFF_SIZE)
  })
  // Flattened targets: input j, slot, whether it is global, whether it scales.
  const targetInput: number[] = []
  const targetSlot: number[] = []
  const targetGlobal: boolean[] = []
  const targetScale: boolean[] = []
  spec.inputs.forEach((input, j) => {
    for (const target of input.targets) {
      const global = target.strategy === null
      const slot = global ? target.index : (target.strategy as number) * COEFF_SIZE + target.index
      const limit = global ? GLOBAL_SIZE : strategies * COEFF_SIZE
      if (!Number.isInteger(slot) || slot < 0 || slot >= limit || (!global && (target.index < 0 || target.index >= COEFF_SIZE))) {
        throw new RangeError(`invalid target of ${input.path}: ${JSON.stringify(target)}`)
      }
      targetInput.push(j)
      targetSlot.push(slot)
      targetGlobal.push(global)
      targetScale.push(target.mode === 'scale')
    }
  })
  const inputs = spec.inputs.map((input) => {
    const distribution = distributionOf(input.distribution)
    return { path: input.path, distribution, pointValue: distribution.mean }
  })
  // Hourly hosting where any block (or a target that could set one) uses a mode other than always-on.
  const hourlyHosting =
    spec.coeffs.some((block) => block[COEFF.HOSTING_MODE] !== 0) ||
    spec.inputs.some((input) => input.targets.some((target) => target.strategy !== null && target.index === COEFF.HOSTING_MODE))
  return {
    strategies: spec.strategies,
    horizonMonths: spec.horizonMonths,
    inputs,
    point: Float64Array.from(inputs, (input) => input.pointValue),
    hourlyHosting,
    ...(spec.trafficWeights === undefined ? {} : { trafficWeights: spec.trafficWeights }),
    fill(values: Float64Array, globals: Float64Array, coeffs: Float64Array): void {
      globals.set(baseGlobals)
      coeffs.set(baseCoeffs)
      for (let t = 0; t < targetInput.length; t++) {
        const value = values[targetInput[t] as number] as number
        const slot = targetSlot[t] as number
        const into = targetGlobal[t] ? globals : coeffs
        const base = targetGlobal[t] ? baseGlobals : baseCoeffs
        into[slot] = targetScale[t] ? (base[slot] as number) * value : value
      }
    },
  }
}
