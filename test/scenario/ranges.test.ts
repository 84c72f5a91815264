import { describe, expect, it } from 'vitest'
import { scenarioJsonSchema } from '../../src/scenario/json-schema.js'
import { InputError, type InputIssue } from '../../src/scenario/messages.js'
import { validateScenarioInput } from '../../src/scenario/validate.js'
import { defaultRaw } from '../helpers/scenario.js'
import { thrownBy } from '../helpers/thrown.js'

const STRATEGIES = ['prompt', 'rag', 'finetune', 'distill', 'distill+rag']

/**
 * The upper bound of every numeric scenario field, written out by hand from the ranges table
 * (field, bound, unit, why) in src/scenario/ranges.ts and the fractions' [0, 1]: the rule a value
 * above it breaks. `<` marks an exclusive maximum.
 */
const UPPER: Record<string, string> = {
  '/task/inputTokens': '<= 2000000', // tokens per request: the largest context windows
  '/task/outputTokens': '<= 2000000',
  '/task/instructionTokens': '<= 2000000',
  '/task/fewShotTokens': '<= 2000000',
  '/task/adaptedInstructionTokens': '<= 2000000',
  '/task/retrievedContextTokens': '<= 2000000',
  '/task/requestsPerMonth': '<= 10000000000000', // 1e13 requests a month
  '/task/monthlyGrowth': '<= 1', // 100 % a month
  '/task/horizonMonths': '<= 120',
  '/task/annualDiscountRate': '<= 1',
  '/task/qualityTarget': '<= 1',
  '/facts/labelledExamples': '<= 1000000000', // 1e9 examples
  '/frontier/prices/inputPerMTokUSD': '<= 1000', // USD per million tokens; the table's largest is 600
  '/frontier/prices/outputPerMTokUSD': '<= 1000',
  '/frontier/prices/cacheReadPerMTokUSD': '<= 1000',
  '/frontier/prices/cacheWritePerMTokUSD': '<= 1000',
  '/frontier/promptCaching/hitRate': '<= 1',
  '/frontier/priceChangePerMonth': '<= 0.5',
  '/frontier/batch/share': '<= 1',
  '/frontier/batch/discount': '< 1',
  '/smallModel/hosting/prices/inputPerMTokUSD': '<= 1000',
  '/smallModel/hosting/prices/outputPerMTokUSD': '<= 1000',
  '/smallModel/hosting/prices/cacheReadPerMTokUSD': '<= 1000',
  '/smallModel/hosting/prices/cacheWritePerMTokUSD': '<= 1000',
  '/smallModel/hosting/trainingPerMTokUSD': '<= 1000',
  '/smallModel/hosting/minimumTrainingUSD': '<= 10000000', // USD per training job
  '/smallModel/hosting/gpuHourUSD': '<= 100', // USD per GPU-hour
  '/smallModel/hosting/requestsPerSecondPerGpu': '<= 100000',
  '/smallModel/hosting/ragRequestsPerSecondPerGpu': '<= 100000',
  '/smallModel/hosting/targetUtilisation': '<= 1',
  '/smallModel/hosting/peakToAverage': '<= 100',
  '/smallModel/hosting/minReplicas': '<= 10000',
  '/smallModel/hosting/concurrency': '<= 1000000', // sequences
  '/smallModel/hosting/latencyTarget/timeToFirstTokenMs': '<= 600000', // milliseconds
  '/smallModel/hosting/latencyTarget/timePerOutputTokenMs': '<= 600000',
  '/smallModel/hosting/servingEfficiency/compute': '<= 1',
  '/smallModel/hosting/servingEfficiency/bandwidth': '<= 1',
  '/smallModel/hosting/scaling/scaleUpLagMinutes': '<= 60',
  '/smallModel/hosting/scaling/gpuSecondUSD': '<= 1', // USD per GPU-second ($3,600 an hour)
  '/smallModel/hosting/scaling/idleTimeoutSeconds': '<= 3600',
  '/smallModel/hosting/scaling/coldStartSeconds': '<= 3600',
  '/smallModel/hosting/architecture/layers': '<= 1000',
  '/smallModel/hosting/architecture/hidden': '<= 1000000',
  '/smallModel/hosting/architecture/intermediate': '<= 1000000',
  '/smallModel/hosting/architecture/heads': '<= 10000',
  '/smallModel/hosting/architecture/kvHeads': '<= 10000',
  '/smallModel/hosting/architecture/vocab': '<= 10000000',
  '/smallModel/hosting/architecture/headDim': '<= 1000000',
  '/smallModel/hosting/architecture/normsPerLayer': '<= 16',
  '/smallModel/hosting/loraRank': '<= 1024',
  '/smallModel/hosting/trainingUtilisation': '<= 1',
  '/smallModel/hosting/trainingOverheadHours': '<= 10000', // GPU-hours per run
  '/adaptation/trainingExamples': '<= 1000000000',
  '/adaptation/teacherPassRate': '<= 1',
  '/adaptation/teacherOutputTokens': '<= 2000000',
  '/adaptation/epochs': '<= 100',
  '/adaptation/evalSetSize': '<= 1000000000',
  '/adaptation/labelUSDPerExample': '<= 10000', // USD per example
  '/adaptation/retrainEveryMonths': '<= 120',
  '/adaptation/retrainFreshShare': '<= 1',
  '/rag/embedding/prices/inputPerMTokUSD': '<= 1000',
  '/rag/embedding/prices/outputPerMTokUSD': '<= 1000',
  '/rag/embedding/prices/cacheReadPerMTokUSD': '<= 1000',
  '/rag/embedding/prices/cacheWritePerMTokUSD': '<= 1000',
  '/rag/corpusTokens': '<= 1000000000000000', // 1e15 tokens
  '/rag/vectorStoreGB': '<= 10000000', // 1e7 GB
  '/rag/vectorStoreUSDPerGBMonth': '<= 1000',
  '/rag/vectorQueryUSDPerMillion': '<= 10000',
  '/rag/reindexSharePerMonth': '<= 1',
  '/people/loadedMonthlyUSD': '<= 1000000', // USD per person-month
  ...Object.fromEntries(STRATEGIES.map((id) => [`/people/setupPersonMonths/${id}`, '<= 10000'])),
  ...Object.fromEntries(STRATEGIES.map((id) => [`/people/maintenancePersonMonthsPerMonth/${id}`, '<= 1000'])),
  '/hardTail/escalationShare': '<= 1',
  '/hardTail/escalationDriftPerMonth': '<= 1',
  ...Object.fromEntries(STRATEGIES.map((id) => [`/hardTail/humanReviewShare/${id}`, '<= 1'])),
  '/hardTail/humanReviewUSDPerItem': '<= 10000', // USD per item
  ...Object.fromEntries(STRATEGIES.map((id) => [`/quality/${id}`, '<= 1'])),
}

type Json = Record<string, any>

/** Every JSON pointer of a number or integer field in the schema, both branches of each union walked (a field fixed to constants, such as weightBits, has no range to state). */
function numericPaths(schema: Json, path = ''): string[] {
  if (schema.const !== undefined) return []
  if (schema.type === 'number' || schema.type === 'integer') return [path]
  if (Array.isArray(schema.anyOf)) return [...new Set(schema.anyOf.flatMap((branch: Json) => numericPaths(branch, path)))]
  if (schema.type !== 'object' || !schema.properties) return []
  return Object.entries(schema.properties as Record<string, Json>).flatMap(([key, child]) => numericPaths(child, `${path}/${key}`))
}

const API_ONLY = ['trainingPerMTokUSD', 'minimumTrainingUSD', 'prices']

/** The default scenario, changed so that the field at `path` exists: API hosting, explicit prices or a custom architecture where needed. */
function rawWith(path: string, value: unknown): Json {
  const raw = defaultRaw()
  const keys = path.slice(1).split('/')
  if (path.startsWith('/smallModel/hosting/') && API_ONLY.includes(keys[2] as string)) {
    raw.smallModel.hosting = { kind: 'api', provider: 'openai', model: 'ft:gpt-4o-mini', trainingPerMTokUSD: 3 }
  }
  if (path.startsWith('/smallModel/hosting/architecture/')) {
    // Qwen2.5-1.5B's config, written out
    raw.smallModel.hosting.architecture = {
      name: 'custom', layers: 28, hidden: 1536, intermediate: 8960, heads: 12, kvHeads: 2, vocab: 151936, tiedEmbeddings: true, mlp: 'gated',
    }
  }
  if (path.startsWith('/smallModel/hosting/scaling/')) {
    raw.smallModel.hosting.scaling = keys[3] === 'scaleUpLagMinutes' ? { kind: 'autoscaling' } : { kind: 'serverless', coldStartSeconds: 10 }
  }
  if (path.startsWith('/smallModel/hosting/servingEfficiency/')) raw.smallModel.hosting.servingEfficiency = { compute: 0.5, bandwidth: 0.7 }
  if (path.startsWith('/smallModel/hosting/latencyTarget/')) raw.smallModel.hosting.latencyTarget = {}
  const pricesAt = keys.indexOf('prices')
  let node: Json = raw
  keys.slice(0, -1).forEach((key, i) => {
    if (i === pricesAt) node[key] ??= { inputPerMTokUSD: 1, outputPerMTokUSD: 1 }
    node = node[key]
  })
  node[keys.at(-1) as string] = value
  return raw
}

function issuesOf(raw: unknown): InputIssue[] {
  return thrownBy(() => validateScenarioInput(raw, 'bad.json'), InputError).issues
}

describe('the scenario schema: plausible ranges', () => {
  it('has an upper bound on every numeric field, and this table names every one', () => {
    const paths = numericPaths(scenarioJsonSchema()).sort()
    expect(paths).toEqual(Object.keys(UPPER).sort())
  })

  it('states each plausible bound with its unit in the field description', () => {
    const schema = scenarioJsonSchema() as Json
    const requests = schema.properties.task.properties.requestsPerMonth
    expect(requests.description).toMatch(/^requests in the first month \(at most 1e13 requests per month: /)
    const price = schema.properties.frontier.properties.prices.properties.inputPerMTokUSD
    expect(price.description).toMatch(/at most 1000 USD per million tokens: the largest price in the bundled @pydantic\/genai-prices table is \$600/)
  })

  it.each(Object.entries(UPPER))('validateScenarioInput refuses 1e308 at %s with the rule %s', (path, bound) => {
    const rule = `must be ${bound}`
    expect(issuesOf(rawWith(path, 1e308))).toEqual([{ path, rule, value: 1e308 }])
  })

  it('validateScenarioInput accepts each plausible bound itself (1e13 requests a month, 1 = 100 % growth, $1,000 per million tokens)', () => {
    expect(validateScenarioInput(rawWith('/task/requestsPerMonth', 1e13)).point.task.requestsPerMonth).toBe(1e13)
    expect(validateScenarioInput(rawWith('/task/monthlyGrowth', 1)).point.task.monthlyGrowth).toBe(1)
    expect(validateScenarioInput(rawWith('/frontier/prices/outputPerMTokUSD', 1000)).point.frontier.prices?.outputPerMTokUSD).toBe(1000)
    expect(issuesOf(rawWith('/frontier/prices/outputPerMTokUSD', 1000.01))).toEqual([
      { path: '/frontier/prices/outputPerMTokUSD', rule: 'must be <= 1000', value: 1000.01 },
    ])
  })
})

describe('the scenario schema: distributions against the plausible ranges', () => {
  it('refuses a lognormal with sd 1e300 on requestsPerMonth: its tail passes 1e13 requests a month', () => {
    const raw = rawWith('/task/requestsPerMonth', { dist: 'lognormal', mean: 5e6, sd: 1e300 })
    const [issue, ...rest] = issuesOf(raw)
    expect(rest).toEqual([])
    expect(issue?.path).toBe('/task/requestsPerMonth')
    expect(issue?.rule).toContain('goes above 10000000000000')
    expect(issue?.rule).toContain('truncate it: "truncate": { "max": 10000000000000 }')
  })

  it('refuses a lognormal whose tail beyond 1e13 is not negligible unless truncated to the range', () => {
    // mean 5e6, sd 1e9: sigma = sqrt(ln(1 + (1e9 / 5e6)^2)) = 3.255, mu = ln(5e6) - sigma^2 / 2 = 10.13;
    // P(X > 1e13) = Phi(-(ln(1e13) - 10.13) / 3.255) = Phi(-6.08) = 5.8e-10 (python math.erfc), above 1e-12
    const wide = { dist: 'lognormal', mean: 5e6, sd: 1e9 }
    expect(issuesOf(rawWith('/task/requestsPerMonth', wide))[0]?.rule).toContain('goes above 10000000000000')
    const cut = rawWith('/task/requestsPerMonth', { ...wide, truncate: { max: 1e13 } })
    expect(validateScenarioInput(cut).uncertain).toHaveLength(1)
  })

  it('accepts a lognormal whose tail beyond 1e13 is negligible, untruncated', () => {
    // mean 5e6, sd 1.5e6: sigma = sqrt(ln(1 + 0.09)) = 0.2936; 1e13 is ln(1e13 / 4.79e6) / 0.2936 = 49 sigma out
    const narrow = rawWith('/task/requestsPerMonth', { dist: 'lognormal', mean: 5e6, sd: 1.5e6 })
    expect(validateScenarioInput(narrow).uncertain).toHaveLength(1)
  })

  it('refuses a fixed value or a uniform that reaches past a plausible bound', () => {
    expect(issuesOf(rawWith('/task/monthlyGrowth', { dist: 'uniform', min: 0, max: 2 }))[0]?.rule).toContain('goes above 1')
    expect(issuesOf(rawWith('/people/loadedMonthlyUSD', { dist: 'fixed', value: 1e308 }))[0]?.rule).toContain('goes above 1000000')
  })
})

describe('validateScenarioInput(raw): the words of issue 9, item 4', () => {
  it('accepts a fractional mean token count (an average over requests) instead of "invalid contextTokens: 1832.5"', () => {
    // support-tickets: 20 + 300.5 + 1500 + 12 = 1832.5 context tokens; memory is sized for 1833
    const validated = validateScenarioInput(rawWith('/task/inputTokens', 300.5), 'tickets.json')
    expect(validated.point.task.inputTokens).toBe(300.5)
  })

  it('blames the token count, not /smallModel/hosting/gpu, for a token count of 1e308', () => {
    expect(issuesOf(rawWith('/task/inputTokens', 1e308))).toEqual([{ path: '/task/inputTokens', rule: 'must be <= 2000000', value: 1e308 }])
  })

  it('names /adaptation/trainingExamples and its value, not "invalid trainingTokens: null"', () => {
    expect(issuesOf(rawWith('/adaptation/trainingExamples', 1e308))).toEqual([
      { path: '/adaptation/trainingExamples', rule: 'must be <= 1000000000', value: 1e308 },
    ])
    const message = (() => {
      try {
        validateScenarioInput(rawWith('/adaptation/trainingExamples', 1e308), 'tickets.json')
      } catch (error) {
        return (error as Error).message
      }
    })()
    expect(message).toBe('invalid tickets.json at /adaptation/trainingExamples: 1e+308 (must be <= 1000000000)')
  })
})

describe('validateScenarioInput(raw): custom architectures whose heads do not divide', () => {
  const arch = (change: Json) => {
    const raw = rawWith('/smallModel/hosting/architecture/layers', 28)
    Object.assign(raw.smallModel.hosting.architecture, change)
    return raw
  }

  it('refuses heads that do not divide hidden, at the heads path (hidden 1536, heads 7)', () => {
    expect(issuesOf(arch({ heads: 7, kvHeads: 1 }))).toEqual([
      { path: '/smallModel/hosting/architecture/heads', rule: 'must divide hidden = 1536 unless headDim is given', value: 7 },
    ])
  })

  it('refuses kvHeads above heads, and kvHeads that do not divide heads', () => {
    expect(issuesOf(arch({ kvHeads: 16 }))).toEqual([{ path: '/smallModel/hosting/architecture/kvHeads', rule: 'must be <= heads = 12', value: 16 }])
    expect(issuesOf(arch({ kvHeads: 5 }))).toEqual([{ path: '/smallModel/hosting/architecture/kvHeads', rule: 'must divide heads = 12', value: 5 }])
  })

  it('accepts heads that do not divide hidden when headDim is given', () => {
    expect(validateScenarioInput(arch({ heads: 7, kvHeads: 1, headDim: 128 })).point.smallModel.hosting).toMatchObject({ kind: 'self-hosted' })
  })
})

describe('validateScenarioInput(raw).warnings', () => {
  it('is empty for the default scenario', () => {
    expect(validateScenarioInput(defaultRaw()).warnings).toEqual([])
  })

  it('warns of growth above 20 % a month (legal up to 100 %): 1.3^12 = 23.30x a year', () => {
    expect(validateScenarioInput(rawWith('/task/monthlyGrowth', 0.3)).warnings).toEqual([
      { path: '/task/monthlyGrowth', message: 'growth of 30 % a month is unusual (above 20 %): the volume grows 23.3x a year' },
    ])
    expect(validateScenarioInput(rawWith('/task/monthlyGrowth', 0.2)).warnings).toEqual([])
  })

  it('warns of escalation above 50 % and a frontier price change beyond 20 % a month', () => {
    expect(validateScenarioInput(rawWith('/hardTail/escalationShare', 0.6)).warnings.map((w) => w.path)).toEqual(['/hardTail/escalationShare'])
    expect(validateScenarioInput(rawWith('/frontier/priceChangePerMonth', -0.3)).warnings).toEqual([
      { path: '/frontier/priceChangePerMonth', message: 'a frontier price change of -30 % a month is unusual (beyond ±20 %)' },
    ])
  })
})
