/**
 * Uncertain inputs in a scenario: the JSON form of a distribution (one TypeBox source for the
 * TypeScript type and the JSON Schema), {@link Uncertain} to let any numeric field take either a
 * plain number or a distribution, the semantic checks JSON Schema cannot express, and
 * {@link toDistribution} to turn the JSON into a sampler of the simulation kernel.
 *
 * ```json
 * "requestsPerMonth": { "dist": "lognormal", "mean": 2000000, "sd": 500000 },
 * "monthlyGrowth": { "dist": "triangular", "min": 0, "mode": 0.02, "max": 0.08 },
 * "teacherPassRate": { "dist": "beta", "alpha": 90, "beta": 10 },
 * "hostingUSDPerMonth": { "dist": "normal", "mean": 1200, "sd": 300, "truncate": { "min": 0 } }
 * ```
 */
import { Type, type TSchema } from '@sinclair/typebox'
import type { DistributionSpec } from './types.generated.js'
import {
  Beta,
  Fixed,
  Lognormal,
  Normal,
  Pert,
  Triangular,
  Uniform,
  checkBeta,
  checkFixed,
  DistributionError,
  checkLognormal,
  checkNormal,
  checkPert,
  checkTriangular,
  checkTruncation,
  checkUniform,
  problemMessage,
  truncate,
  type Distribution,
  type LognormalParameters,
  type ParameterProblem,
} from '../../kernel/sim/distributions/index.js'
import { InputError, type InputIssue } from './messages.js'

const Value = (description: string) => Type.Number({ description })

/** `{ min?, max? }`: keep only values in [min, max] (the distribution is renormalised). */
export const TruncationSchema = Type.Object(
  {
    min: Type.Optional(Value('lowest value kept, in the units of the field')),
    max: Type.Optional(Value('highest value kept, in the units of the field')),
  },
  { additionalProperties: false, description: 'Cut the distribution to [min, max] and renormalise; either end may be left out' },
)

const truncation = { truncate: Type.Optional(TruncationSchema) }

/** `{ "dist": "fixed", "value": 3 }`: a number that is not uncertain. */
export const FixedDistributionSchema = Type.Object(
  { dist: Type.Literal('fixed'), value: Value('the value'), ...truncation },
  { additionalProperties: false, description: 'A number that is not uncertain (same as writing the number)' },
)

/** `{ "dist": "uniform", "min": 0.02, "max": 0.08 }`. */
export const UniformDistributionSchema = Type.Object(
  { dist: Type.Literal('uniform'), min: Value('lowest value'), max: Value('highest value (> min)'), ...truncation },
  { additionalProperties: false, description: 'Every value in [min, max] equally likely' },
)

/** `{ "dist": "triangular", "min": 0, "mode": 0.02, "max": 0.1 }`. */
export const TriangularDistributionSchema = Type.Object(
  {
    dist: Type.Literal('triangular'),
    min: Value('lowest value'),
    mode: Value('most likely value (min <= mode <= max)'),
    max: Value('highest value (> min)'),
    ...truncation,
  },
  { additionalProperties: false, description: 'Three-point estimate (low, most likely, high), linear density' },
)

/** `{ "dist": "pert", "min": 1, "mode": 2, "max": 6 }` (`lambda` 4 unless given). */
export const PertDistributionSchema = Type.Object(
  {
    dist: Type.Literal('pert'),
    min: Value('lowest value'),
    mode: Value('most likely value (min <= mode <= max)'),
    max: Value('highest value (> min)'),
    lambda: Type.Optional(Type.Number({ description: 'weight of the mode (> 0); 4 when left out (classic PERT)' })),
    ...truncation,
  },
  { additionalProperties: false, description: 'Three-point estimate with a smooth beta shape (PERT)' },
)

/** `{ "dist": "normal", "mean": 1200, "sd": 300, "truncate": { "min": 0 } }`. */
export const NormalDistributionSchema = Type.Object(
  { dist: Type.Literal('normal'), mean: Value('mean'), sd: Value('standard deviation (> 0)'), ...truncation },
  { additionalProperties: false, description: 'Normal (Gaussian); unbounded, so truncate fields that cannot be negative' },
)

/** `{ "dist": "lognormal", "mean": 2000000, "sd": 500000 }` or `{ "dist": "lognormal", "mu": 14.5, "sigma": 0.25 }`. */
export const LognormalDistributionSchema = Type.Object(
  {
    dist: Type.Literal('lognormal'),
    mu: Type.Optional(Value('mean of log(value); give with sigma')),
    sigma: Type.Optional(Value('standard deviation of log(value) (> 0); give with mu')),
    mean: Type.Optional(Value('mean of the value (> 0); give with sd, instead of mu and sigma')),
    sd: Type.Optional(Value('standard deviation of the value (> 0); give with mean')),
    ...truncation,
  },
  {
    additionalProperties: false,
    description: 'Lognormal: positive and right-skewed; either { mu, sigma } of log(value) or { mean, sd } of the value',
  },
)

/** `{ "dist": "beta", "alpha": 90, "beta": 10 }` (on [0, 1] unless `min`/`max` are given). */
export const BetaDistributionSchema = Type.Object(
  {
    dist: Type.Literal('beta'),
    alpha: Value('first shape (> 0): successes + 1 for a rate measured as successes of trials, with a flat prior'),
    beta: Value('second shape (> 0): failures + 1'),
    min: Type.Optional(Value('lower end of the range (default 0)')),
    max: Type.Optional(Value('upper end of the range (default 1)')),
    ...truncation,
  },
  { additionalProperties: false, description: 'Beta on [min, max] (default [0, 1]): for rates and fractions' },
)

/** A distribution in a scenario, told apart by `dist`. */
export const DistributionSchema = Type.Union(
  [
    FixedDistributionSchema,
    UniformDistributionSchema,
    TriangularDistributionSchema,
    PertDistributionSchema,
    NormalDistributionSchema,
    LognormalDistributionSchema,
    BetaDistributionSchema,
  ],
  { description: 'An uncertain value: a distribution chosen by "dist", optionally truncated' },
)

/**
 * A distribution as written in a scenario: `Static<typeof DistributionSchema>`, written out in
 * `types.generated.ts` (a type test holds them equal).
 */
export type { DistributionSpec } from './types.generated.js'

/** The values of `dist`. */
export const DISTRIBUTION_NAMES = ['fixed', 'uniform', 'triangular', 'pert', 'normal', 'lognormal', 'beta'] as const

/** Where the one {@link DistributionSchema} lives in the scenario schema (a JSON pointer under `$defs`). */
export const DISTRIBUTION_REF = '#/$defs/distribution'

/**
 * A reference to the shared {@link DistributionSchema}: `{ "$ref": "#/$defs/distribution" }`,
 * typed as a {@link DistributionSpec}. The schema that uses it must carry the definition under
 * `$defs.distribution` (the scenario schema does), so the union is written once instead of once
 * per numeric field (69 copies made the schema 965 KB and its ajv compile take seconds).
 *
 * @example
 * DistributionRef // => { $ref: '#/$defs/distribution' }
 */
export const DistributionRef = Type.Unsafe<DistributionSpec>({ $ref: DISTRIBUTION_REF })

/**
 * A numeric field that may also be uncertain: `numberSchema` or a distribution (a
 * {@link DistributionRef} to the shared {@link DistributionSchema}). The field's `description`
 * and `default` move to the union, where JSON Schema tools and ajv's `useDefaults` read them; its
 * bounds stay on the number (check a distribution against them with {@link checkDistribution}).
 *
 * @example
 * const { Type } = process.getBuiltinModule('node:module').createRequire(import.meta.url)('@sinclair/typebox')
 * Uncertain(Type.Number({ minimum: 0, default: 1, description: 'hours' }))
 * // => { anyOf: [{ type: 'number', minimum: 0, default: 1, description: 'hours' }, { $ref: '#/$defs/distribution' }],
 * //   description: 'hours', default: 1 }
 */
export function Uncertain<T extends TSchema>(numberSchema: T) {
  const options: Record<string, unknown> = {}
  if (numberSchema.description !== undefined) options.description = numberSchema.description
  if (numberSchema.default !== undefined) options.default = numberSchema.default
  return Type.Union([numberSchema, DistributionRef], options)
}

/** A field value written with {@link Uncertain}: a plain number or a distribution. */
export type UncertainValue = number | DistributionSpec

/** The numeric bounds of a field (as in its JSON Schema), to check a distribution's support against. */
export interface FieldBounds {
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
}

/** An input issue with its message ready: `invalid triangular at /task/monthlyGrowth: min 0.1 > mode 0.05 (must be min <= mode <= max)`. */
export interface DistributionIssue extends InputIssue {
  message: string
}

/**
 * True when `value` is an object with a known `dist` (its fields are not checked).
 *
 * @example
 * isDistributionSpec({ dist: 'normal', mean: 1, sd: 1 }) // => true
 * isDistributionSpec({ dist: 'normal' }) // => true (the parameters are checkDistribution's job)
 * isDistributionSpec({ dist: 'poisson', lambda: 3 }) // => false
 * isDistributionSpec(3) // => false
 */
export function isDistributionSpec(value: unknown): value is DistributionSpec {
  return (
    typeof value === 'object' &&
    value !== null &&
    (DISTRIBUTION_NAMES as readonly unknown[]).includes((value as Record<string, unknown>).dist)
  )
}

type Fields = Record<string, unknown>

/** The kernel's problems with the parameters of `spec` (before truncation). */
function parameterProblems(spec: Fields): ParameterProblem[] {
  const n = (key: string) => spec[key] as number
  switch (spec.dist as DistributionSpec['dist']) {
    case 'fixed':
      return checkFixed(n('value'))
    case 'uniform':
      return checkUniform(n('min'), n('max'))
    case 'triangular':
      return checkTriangular(n('min'), n('mode'), n('max'))
    case 'pert':
      return checkPert(n('min'), n('mode'), n('max'), spec.lambda === undefined ? 4 : n('lambda'))
    case 'normal':
      return checkNormal(n('mean'), n('sd'))
    case 'lognormal': {
      const logForm = 'mu' in spec || 'sigma' in spec
      const momentForm = 'mean' in spec || 'sd' in spec
      if (logForm && momentForm) {
        const value = { mu: spec.mu, sigma: spec.sigma, mean: spec.mean, sd: spec.sd }
        return [
          {
            field: undefined,
            rule: 'lognormal takes either mu and sigma or mean and sd',
            value,
            detail: 'both mu/sigma and mean/sd given (must be either mu and sigma, or mean and sd)',
          },
        ]
      }
      return checkLognormal(lognormalParameters(spec))
    }
    case 'beta':
      return checkBeta(n('alpha'), n('beta'), spec.min === undefined ? 0 : n('min'), spec.max === undefined ? 1 : n('max'))
  }
}

function lognormalParameters(spec: Fields): LognormalParameters {
  return 'mean' in spec || 'sd' in spec
    ? { mean: spec.mean as number, sd: spec.sd as number }
    : { mu: spec.mu as number, sigma: spec.sigma as number }
}

/** The kernel distribution of a spec whose parameters are valid, before truncation. */
function buildBase(spec: Fields): Distribution {
  const n = (key: string) => spec[key] as number
  switch (spec.dist as DistributionSpec['dist']) {
    case 'fixed':
      return new Fixed(n('value'))
    case 'uniform':
      return new Uniform(n('min'), n('max'))
    case 'triangular':
      return new Triangular(n('min'), n('mode'), n('max'))
    case 'pert':
      return new Pert(n('min'), n('mode'), n('max'), spec.lambda === undefined ? 4 : n('lambda'))
    case 'normal':
      return new Normal(n('mean'), n('sd'))
    case 'lognormal':
      return new Lognormal(lognormalParameters(spec))
    case 'beta':
      return new Beta(n('alpha'), n('beta'), spec.min === undefined ? 0 : n('min'), spec.max === undefined ? 1 : n('max'))
  }
}

function issueOf(kind: string, problem: ParameterProblem, path: string): DistributionIssue {
  return {
    path: problem.field === undefined ? path : `${path}/${problem.field}`,
    rule: problem.rule,
    value: problem.value,
    message: problemMessage(kind, problem, path),
  }
}

const showRange = (lower: number, upper: number) => `[${lower}, ${upper}]`

/**
 * The probability above a field's maximum that an unbounded upper tail may keep: a lognormal or
 * normal whose tail passes the maximum only this rarely (a draw in a trillion) is accepted
 * without a truncation, so `{ "dist": "lognormal", "mean": 5e6, "sd": 1.5e6 }` needs none under
 * the 1e13 requests a month bound, while one with `sd: 1e300` is refused.
 */
export const NEGLIGIBLE_TAIL = 1e-12

/** True when `d` is unbounded above and P(X > maximum) is at most {@link NEGLIGIBLE_TAIL}. */
function negligibleTail(d: Distribution, maximum: number): boolean {
  return d.upper === Infinity && d.sf(maximum) <= NEGLIGIBLE_TAIL
}

/** Problems of a valid distribution's support against the field's bounds. */
function boundsProblems(d: Distribution, bounds: FieldBounds): ParameterProblem[] {
  const problems: ParameterProblem[] = []
  const support = d.kind === 'fixed' ? `value ${d.lower}` : `support ${showRange(d.lower, d.upper)}`
  const rule = 'must stay within the field range'
  const below = (limit: number, strict: boolean) => (strict ? 'must be > ' : 'must be >= ') + limit
  const above = (limit: number, strict: boolean) => (strict ? 'must be < ' : 'must be <= ') + limit
  const hint = (end: 'min' | 'max', limit: number) => (d.kind === 'fixed' ? '' : `; truncate it: "truncate": { "${end}": ${limit} }`)
  const { minimum, exclusiveMinimum, maximum, exclusiveMaximum } = bounds
  if (minimum !== undefined && d.lower < minimum) {
    problems.push({ field: undefined, rule: `${rule}: ${below(minimum, false)}`, value: d.lower, detail: `${support} goes below ${minimum} (the field ${below(minimum, false)}${hint('min', minimum)})` })
  }
  // A continuous distribution that starts at an exclusive minimum takes that value with probability 0.
  if (exclusiveMinimum !== undefined && (d.lower < exclusiveMinimum || (d.kind === 'fixed' && d.lower <= exclusiveMinimum))) {
    problems.push({
      field: undefined,
      rule: `${rule}: ${below(exclusiveMinimum, true)}`,
      value: d.lower,
      detail: `${support} goes below ${exclusiveMinimum} (the field ${below(exclusiveMinimum, true)}${hint('min', exclusiveMinimum)})`,
    })
  }
  if (maximum !== undefined && d.upper > maximum && !negligibleTail(d, maximum)) {
    problems.push({ field: undefined, rule: `${rule}: ${above(maximum, false)}`, value: d.upper, detail: `${support} goes above ${maximum} (the field ${above(maximum, false)}${hint('max', maximum)})` })
  }
  if (exclusiveMaximum !== undefined && (d.upper > exclusiveMaximum || (d.kind === 'fixed' && d.upper >= exclusiveMaximum))) {
    problems.push({
      field: undefined,
      rule: `${rule}: ${above(exclusiveMaximum, true)}`,
      value: d.upper,
      detail: `${support} goes above ${exclusiveMaximum} (the field ${above(exclusiveMaximum, true)}${hint('max', exclusiveMaximum)})`,
    })
  }
  return problems
}

/**
 * The semantic problems of a distribution at JSON pointer `path` that JSON Schema cannot
 * express: ordering (`min <= mode <= max`), positivity (`sd`, `sigma`, `alpha`, `beta`,
 * `lambda`), the lognormal's two forms, a truncation with `min < max` that keeps some
 * probability, and, given the field's bounds, a support inside them. A plain number has no
 * issues here (its bounds are the schema's job). Empty when the distribution is valid.
 *
 * An issue's `path` points at the offending parameter when there is one
 * (`/task/x/sigma`, `/task/x/truncate`), else at the distribution; its `message` names the
 * distribution's path, the bad values and the rule.
 *
 * @param value a parsed JSON value, normally already valid against {@link DistributionSchema}
 * @param path JSON pointer of the value, e.g. `/task/monthlyGrowth`
 * @param bounds the field's numeric bounds (e.g. its number schema), to check the support against
 * @example
 * checkDistribution({ dist: 'triangular', min: 0.1, mode: 0.05, max: 0.2 }, '/task/monthlyGrowth')[0].message
 * // => 'invalid triangular at /task/monthlyGrowth: min 0.1 > mode 0.05 (must be min <= mode <= max)'
 * checkDistribution({ dist: 'triangular', min: 0, mode: 0.02, max: 0.08 }, '/task/monthlyGrowth') // => []
 * // A normal is unbounded, so it leaves a field that must be >= 0 unless it is truncated:
 * const hosting = { dist: 'normal', mean: 1200, sd: 300 }
 * checkDistribution(hosting, '/x', { minimum: 0 }).map((issue) => issue.rule) // => ['must stay within the field range: must be >= 0']
 * checkDistribution({ ...hosting, truncate: { min: 0 } }, '/x', { minimum: 0 }) // => []
 */
export function checkDistribution(value: unknown, path: string, bounds?: FieldBounds): DistributionIssue[] {
  if (typeof value === 'number') return []
  if (!isDistributionSpec(value)) {
    const dist = typeof value === 'object' && value !== null ? (value as Fields).dist : value
    const known = DISTRIBUTION_NAMES.map((name) => JSON.stringify(name)).join(', ')
    const rule = `dist must be one of ${known}`
    const shown = JSON.stringify(dist) ?? String(dist)
    return [{ path, rule, value: dist, message: `invalid distribution at ${path}: dist ${shown} (must be one of ${known})` }]
  }
  const spec = value as unknown as Fields
  const kind = spec.dist as string
  const problems = parameterProblems(spec)
  if (problems.length > 0) return problems.map((problem) => issueOf(kind, problem, path))
  let distribution: Distribution
  const cut = spec.truncate as { min?: number; max?: number } | undefined
  try {
    distribution = buildBase(spec)
    if (cut !== undefined) {
      const truncationProblems = checkTruncation(distribution, cut)
      if (truncationProblems.length > 0) return truncationProblems.map((problem) => issueOf(kind, problem, path))
      distribution = truncate(distribution, cut)
    }
  } catch (error) {
    // Each parameter is finite, yet together they overflow what the sampler derives from them
    // (e.g. a PERT over [-1e308, 1e308]): the user's input, so an issue at the field, not a crash.
    if (!(error instanceof DistributionError)) throw error
    return error.problems.map((problem) =>
      issueOf(kind, { field: undefined, rule: `parameters too extreme for a ${kind}: ${problem.rule}`, value: spec, detail: `parameters too extreme for a ${kind}: its sampler would get ${problem.detail}` }, path),
    )
  }
  if (bounds === undefined) return []
  return boundsProblems(distribution, bounds).map((problem) => issueOf(kind, problem, path))
}

/**
 * The kernel distribution of an uncertain field: a plain number becomes {@link Fixed}, a
 * distribution its sampler (truncated when it says so).
 *
 * @param path JSON pointer of the value, for messages
 * @throws {InputError} with the {@link checkDistribution} issues when the distribution is invalid
 * @example
 * toDistribution(1200).kind // => 'fixed'
 * toDistribution(1200).mean // => 1200
 * toDistribution({ dist: 'uniform', min: 0.02, max: 0.08 }).mean // => 0.05
 * toDistribution({ dist: 'normal', mean: 1200, sd: 300, truncate: { min: 0 } }).lower // => 0
 * toDistribution({ dist: 'uniform', min: 2, max: 1 }, '/task/monthlyGrowth')
 * // throws invalid input at /task/monthlyGrowth: {"min":2,"max":1} (uniform requires min < max)
 */
export function toDistribution(value: UncertainValue, path = ''): Distribution {
  if (typeof value === 'number') {
    const issues = checkFixed(value).map((problem) => issueOf('fixed', problem, path))
    if (issues.length > 0) throw new InputError(issues)
    return new Fixed(value)
  }
  const issues = checkDistribution(value, path)
  if (issues.length > 0) throw new InputError(issues)
  const spec = value as unknown as Fields
  const base = buildBase(spec)
  const cut = spec.truncate as { min?: number; max?: number } | undefined
  return cut === undefined ? base : truncate(base, cut)
}
