import { Type } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { Beta, Fixed, Lognormal, Pert, Truncated } from '../../kernel/sim/distributions/index.js'
import { ajvIssues } from '../../src/scenario/ajv-issues.js'
import {
  DistributionSchema,
  Uncertain,
  checkDistribution,
  isDistributionSpec,
  toDistribution,
  type DistributionSpec,
} from '../../src/scenario/distribution.js'
import { InputError } from '../../src/scenario/messages.js'

const ajv = new Ajv({ allErrors: true, strict: false })
/** An Uncertain field references the shared definition: a schema that uses one carries it. */
const $defs = { distribution: DistributionSchema }
const validateDistribution = ajv.compile(DistributionSchema)

const VALID: DistributionSpec[] = [
  { dist: 'fixed', value: 3 },
  { dist: 'uniform', min: 0.02, max: 0.08 },
  { dist: 'triangular', min: 0, mode: 0.02, max: 0.1 },
  { dist: 'pert', min: 1, mode: 2, max: 6 },
  { dist: 'pert', min: 1, mode: 2, max: 6, lambda: 2 },
  { dist: 'normal', mean: 1200, sd: 300, truncate: { min: 0 } },
  { dist: 'lognormal', mu: 0, sigma: 0.5 },
  { dist: 'lognormal', mean: 2_000_000, sd: 500_000, truncate: { max: 1e8 } },
  { dist: 'beta', alpha: 90, beta: 10 },
  { dist: 'beta', alpha: 2, beta: 5, min: 10, max: 20, truncate: { min: 11, max: 19 } },
]

describe('DistributionSchema', () => {
  it.each(VALID)('accepts %j (ajv and TypeBox Value.Check)', (spec) => {
    expect(validateDistribution(spec)).toBe(true)
    expect(Value.Check(DistributionSchema, spec)).toBe(true)
    expect(checkDistribution(spec, '/x')).toEqual([])
  })

  it.each<[unknown, string]>([
    [{ dist: 'gamma', shape: 2 }, 'unknown dist'],
    [{ dist: 'normal', mean: 1 }, 'missing sd'],
    [{ dist: 'normal', mean: 1, sd: 1, skew: 2 }, 'unknown field'],
    [{ dist: 'uniform', min: '0', max: 1 }, 'string bound'],
    [{ dist: 'normal', mean: 1, sd: 1, truncate: { lower: 0 } }, 'unknown truncate field'],
    [{ mean: 1, sd: 1 }, 'no dist'],
  ])('rejects %j (%s)', (spec, _why) => {
    expect(validateDistribution(spec)).toBe(false)
  })

  it('resolves to the branch named by dist, so an issue points at the bad field', () => {
    const schema = Type.Object({ x: Uncertain(Type.Number()) }, { $defs })
    const validate = ajv.compile(schema)
    const data = { x: { dist: 'normal', mean: 1 } }
    expect(validate(data)).toBe(false)
    const issues = ajvIssues(validate.errors ?? [], JSON.parse(JSON.stringify(schema)), data)
    expect(issues).toEqual([{ path: '/x/sd', rule: 'required field is missing', value: undefined }])
  })
})

describe('Uncertain(numberSchema)', () => {
  const field = Uncertain(Type.Number({ minimum: 0, default: 0, description: 'compound growth per month (fraction)' }))

  it('references the shared distribution definition instead of copying it', () => {
    expect(JSON.parse(JSON.stringify(field))).toEqual({
      anyOf: [{ type: 'number', minimum: 0, default: 0, description: 'compound growth per month (fraction)' }, { $ref: '#/$defs/distribution' }],
      description: 'compound growth per month (fraction)',
      default: 0,
    })
  })

  it('accepts a plain number or a distribution, and nothing else', () => {
    const validate = ajv.compile({ ...field, $defs })
    expect(validate(0.03)).toBe(true)
    expect(validate({ dist: 'triangular', min: 0, mode: 0.02, max: 0.08 })).toBe(true)
    expect(validate(-1)).toBe(false)
    expect(validate('0.03')).toBe(false)
  })

  it('moves the description and default to the union, where ajv useDefaults and JSON Schema tools read them', () => {
    expect(field.description).toBe('compound growth per month (fraction)')
    expect(field.default).toBe(0)
    const withDefaults = new Ajv({ useDefaults: true, strict: false }).compile(Type.Object({ growth: field }, { $defs }))
    const data: Record<string, unknown> = {}
    expect(withDefaults(data)).toBe(true)
    expect(data).toEqual({ growth: 0 })
  })
})

describe('checkDistribution(value, path, bounds?)', () => {
  it.each([
    [
      { dist: 'triangular', min: 0.1, mode: 0.05, max: 0.2 },
      '/task/monthlyGrowth',
      'triangular requires min <= mode <= max',
      { min: 0.1, mode: 0.05, max: 0.2 },
      'invalid triangular at /task/monthlyGrowth: min 0.1 > mode 0.05 (must be min <= mode <= max)',
    ],
    [
      { dist: 'pert', min: 0, mode: 5, max: 4 },
      '/task/monthlyGrowth',
      'pert requires min <= mode <= max',
      { min: 0, mode: 5, max: 4 },
      'invalid pert at /task/monthlyGrowth: mode 5 > max 4 (must be min <= mode <= max)',
    ],
    [
      { dist: 'uniform', min: 5, max: 5 },
      '/costs/x',
      'uniform requires min < max',
      { min: 5, max: 5 },
      'invalid uniform at /costs/x: min 5 = max 5 (must be min < max)',
    ],
  ])('%j at %s breaks "%s"', (spec, path, rule, value, message) => {
    expect(checkDistribution(spec, path)).toEqual([{ path, rule, value, message }])
  })

  it('points the issue path at the offending parameter when there is one', () => {
    expect(checkDistribution({ dist: 'lognormal', mu: 0, sigma: 0 }, '/task/requestsPerMonth')).toEqual([
      {
        path: '/task/requestsPerMonth/sigma',
        rule: 'sigma must be > 0',
        value: 0,
        message: 'invalid lognormal at /task/requestsPerMonth: sigma 0 (must be > 0)',
      },
    ])
    expect(checkDistribution({ dist: 'normal', mean: 1, sd: -2 }, '/a')).toEqual([
      { path: '/a/sd', rule: 'sd must be > 0', value: -2, message: 'invalid normal at /a: sd -2 (must be > 0)' },
    ])
    expect(checkDistribution({ dist: 'beta', alpha: 0, beta: -1 }, '/adaptation/passRate')).toEqual([
      {
        path: '/adaptation/passRate/alpha',
        rule: 'beta alpha and beta must be > 0',
        value: 0,
        message: 'invalid beta at /adaptation/passRate: alpha 0 (must be > 0)',
      },
      {
        path: '/adaptation/passRate/beta',
        rule: 'beta alpha and beta must be > 0',
        value: -1,
        message: 'invalid beta at /adaptation/passRate: beta -1 (must be > 0)',
      },
    ])
    expect(checkDistribution({ dist: 'pert', min: 0, mode: 1, max: 2, lambda: -4 }, '/p')[0]).toMatchObject({
      path: '/p/lambda',
      rule: 'lambda must be > 0',
      message: 'invalid pert at /p: lambda -4 (must be > 0)',
    })
  })

  it('checks the lognormal forms', () => {
    expect(checkDistribution({ dist: 'lognormal', mean: 0, sd: 1 }, '/v')[0]).toMatchObject({
      path: '/v/mean',
      rule: 'lognormal mean must be > 0',
      message: 'invalid lognormal at /v: mean 0 (must be > 0)',
    })
    expect(checkDistribution({ dist: 'lognormal', mu: 0, sigma: 1, mean: 2 }, '/v')[0]).toMatchObject({
      path: '/v',
      rule: 'lognormal takes either mu and sigma or mean and sd',
      message: 'invalid lognormal at /v: both mu/sigma and mean/sd given (must be either mu and sigma, or mean and sd)',
    })
    expect(checkDistribution({ dist: 'lognormal', mean: 2 }, '/v')[0]).toMatchObject({
      path: '/v/sd',
      rule: 'sd must be a finite number',
      message: 'invalid lognormal at /v: sd undefined (must be a finite number)',
    })
  })

  it('checks truncations: min < max, and some probability kept', () => {
    expect(checkDistribution({ dist: 'normal', mean: 0, sd: 1, truncate: { min: 2, max: 1 } }, '/t')).toEqual([
      {
        path: '/t/truncate',
        rule: 'truncation min must be < max',
        value: { min: 2, max: 1 },
        message: 'invalid normal at /t: truncation min 2 > max 1 (must be min < max)',
      },
    ])
    expect(checkDistribution({ dist: 'uniform', min: 0, max: 1, truncate: { min: 2 } }, '/t')).toEqual([
      {
        path: '/t/truncate',
        rule: 'truncation must keep some probability',
        value: { min: 2, max: undefined },
        message: 'invalid uniform at /t: truncation [2, Infinity] keeps no probability (support [0, 1])',
      },
    ])
    expect(checkDistribution({ dist: 'fixed', value: 5, truncate: { max: 4 } }, '/t')[0]).toMatchObject({
      rule: 'truncation must contain the fixed value',
      message: 'invalid fixed at /t: truncation [-Infinity, 4] excludes the fixed value 5',
    })
  })

  it('names an unknown dist and lists the known ones', () => {
    expect(checkDistribution({ dist: 'gamma' }, '/g')).toEqual([
      {
        path: '/g',
        rule: 'dist must be one of "fixed", "uniform", "triangular", "pert", "normal", "lognormal", "beta"',
        value: 'gamma',
        message: 'invalid distribution at /g: dist "gamma" (must be one of "fixed", "uniform", "triangular", "pert", "normal", "lognormal", "beta")',
      },
    ])
  })

  it('with the field bounds, flags a support that leaves them and suggests the truncation', () => {
    const requests = { exclusiveMinimum: 0 }
    expect(checkDistribution({ dist: 'normal', mean: 1e6, sd: 3e5 }, '/task/requestsPerMonth', requests)).toEqual([
      {
        path: '/task/requestsPerMonth',
        rule: 'must stay within the field range: must be > 0',
        value: -Infinity,
        message:
          'invalid normal at /task/requestsPerMonth: support [-Infinity, Infinity] goes below 0 (the field must be > 0; truncate it: "truncate": { "min": 0 })',
      },
    ])
    // Truncated at 0, or lognormal (support [0, ∞), P(X = 0) = 0): fine for an exclusive minimum of 0.
    expect(checkDistribution({ dist: 'normal', mean: 1e6, sd: 3e5, truncate: { min: 0 } }, '/r', requests)).toEqual([])
    expect(checkDistribution({ dist: 'lognormal', mean: 1e6, sd: 3e5 }, '/r', requests)).toEqual([])
    // A fixed value on an exclusive bound is out.
    expect(checkDistribution({ dist: 'fixed', value: 0 }, '/r', requests)[0]?.message).toBe(
      'invalid fixed at /r: value 0 goes below 0 (the field must be > 0)',
    )
    const fraction = { minimum: 0, maximum: 1 }
    expect(checkDistribution({ dist: 'beta', alpha: 2, beta: 5 }, '/f', fraction)).toEqual([])
    expect(checkDistribution({ dist: 'triangular', min: 0.5, mode: 0.9, max: 1.2 }, '/f', fraction)[0]?.message).toBe(
      'invalid triangular at /f: support [0.5, 1.2] goes above 1 (the field must be <= 1; truncate it: "truncate": { "max": 1 })',
    )
  })

  it('has nothing to say about a plain number', () => {
    expect(checkDistribution(42, '/n')).toEqual([])
  })
})

describe('toDistribution(value)', () => {
  it('turns a plain number into a fixed value', () => {
    const d = toDistribution(1200)
    expect(d).toBeInstanceOf(Fixed)
    expect([d.mean, d.variance]).toEqual([1200, 0])
  })

  it('builds the kernel distribution, with defaults and truncation', () => {
    const pert = toDistribution({ dist: 'pert', min: 1, mode: 2, max: 6 }) as Pert
    expect(pert).toBeInstanceOf(Pert)
    // lambda 4 when left out: alpha = 1 + 4 (2 - 1) / 5 = 1.8.
    expect(pert.beta.alpha).toBeCloseTo(1.8, 15)
    const rate = toDistribution({ dist: 'beta', alpha: 90, beta: 10 }) as Beta
    expect([rate.lower, rate.upper, rate.mean]).toEqual([0, 1, 0.9])
    const volume = toDistribution({ dist: 'lognormal', mean: 2e6, sd: 5e5 }) as Lognormal
    expect([volume.mean, volume.variance]).toEqual([2e6, 2.5e11])
    const hosting = toDistribution({ dist: 'normal', mean: 1200, sd: 300, truncate: { min: 0 } }) as Truncated
    expect(hosting).toBeInstanceOf(Truncated)
    expect([hosting.lower, hosting.upper, hosting.base.kind]).toEqual([0, Infinity, 'normal'])
  })

  it('throws an InputError carrying the issues for an invalid distribution', () => {
    let error: unknown
    try {
      toDistribution({ dist: 'triangular', min: 0.1, mode: 0.05, max: 0.2 }, '/task/monthlyGrowth')
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).issues).toEqual([
      {
        path: '/task/monthlyGrowth',
        rule: 'triangular requires min <= mode <= max',
        value: { min: 0.1, mode: 0.05, max: 0.2 },
        message: 'invalid triangular at /task/monthlyGrowth: min 0.1 > mode 0.05 (must be min <= mode <= max)',
      },
    ])
  })

  it('isDistributionSpec tells distributions from numbers and other objects', () => {
    expect(isDistributionSpec({ dist: 'normal', mean: 0, sd: 1 })).toBe(true)
    expect(isDistributionSpec(3)).toBe(false)
    expect(isDistributionSpec({ dist: 'gamma' })).toBe(false)
    expect(isDistributionSpec(null)).toBe(false)
  })
})
