import { describe, expect, it } from 'vitest'
import { InputError, type InputIssue } from '../../src/scenario/messages.js'
import { validateScenario } from '../../src/scenario/validate.js'
import { defaultRaw } from '../helpers/scenario.js'
import { thrownBy } from '../helpers/thrown.js'

function issuesOf(change: (raw: any) => void): InputIssue[] {
  const raw = defaultRaw()
  change(raw)
  return thrownBy(() => validateScenario(raw, 'bad.json'), InputError).issues
}

describe('validateScenario(raw, source)', () => {
  it('fills defaults without changing the input', () => {
    const raw = defaultRaw()
    delete raw.task.monthlyGrowth
    delete raw.smallModel.hosting.targetModules
    const scenario = validateScenario(raw)
    expect(scenario.task.monthlyGrowth).toBe(0)
    expect(scenario.smallModel.hosting.kind === 'self-hosted' && scenario.smallModel.hosting.targetModules).toEqual([
      'q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj',
    ])
    expect(raw.task.monthlyGrowth).toBeUndefined()
  })

  it('names the path, the rule and the value of negative tokens', () => {
    const issues = issuesOf((raw) => (raw.task.instructionTokens = -5))
    expect(issues).toEqual([{ path: '/task/instructionTokens', rule: 'must be >= 0', value: -5 }])
  })

  it('rejects a teacher pass rate above 1', () => {
    const issues = issuesOf((raw) => (raw.adaptation.teacherPassRate = 1.4))
    expect(issues).toEqual([{ path: '/adaptation/teacherPassRate', rule: 'must be <= 1', value: 1.4 }])
  })

  it('reports every problem at once, sorted by path', () => {
    const issues = issuesOf((raw) => {
      raw.task.outputTokens = 0
      raw.adaptation.epochs = 'three'
      raw.task.colour = 'blue'
      delete raw.task.horizonMonths
    })
    expect(issues.map((i) => i.path)).toEqual(['/adaptation/epochs', '/task/colour', '/task/horizonMonths', '/task/outputTokens'])
    expect(issues.find((i) => i.path === '/task/colour')).toEqual({ path: '/task/colour', rule: 'not a field of this object', value: 'blue' })
    expect(issues.find((i) => i.path === '/task/horizonMonths')?.rule).toBe('required field is missing')
    expect(issues.find((i) => i.path === '/task/outputTokens')?.rule).toBe('must be > 0')
  })

  it('resolves the hosting union by its kind: a bad field inside self-hosted is reported as itself', () => {
    const issues = issuesOf((raw) => (raw.smallModel.hosting.minReplicas = 0))
    expect(issues).toEqual([{ path: '/smallModel/hosting/minReplicas', rule: 'must be >= 1', value: 0 }])
  })

  it('names the allowed kinds of an unknown hosting kind', () => {
    const issues = issuesOf((raw) => (raw.smallModel.hosting.kind = 'on-prem'))
    expect(issues).toHaveLength(1)
    expect(issues[0]?.path).toBe('/smallModel/hosting')
    expect(issues[0]?.rule).toBe('kind must be one of "api", "self-hosted"')
  })

  it('lists the literals of an enum-like field', () => {
    const issues = issuesOf((raw) => (raw.task.kind = 'ranking'))
    expect(issues).toEqual([{ path: '/task/kind', rule: 'must be one of "classification", "extraction", "generation"', value: 'ranking' }])
  })

  it('rejects a model the price table does not know', () => {
    const issues = issuesOf((raw) => (raw.frontier.model = 'gpt-9-ultra'))
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ path: '/frontier/model', value: 'gpt-9-ultra' })
    expect(issues[0]?.rule).toMatch(/^unknown model for provider openai in @pydantic\/genai-prices \d/)
  })

  it('accepts an unknown model when the scenario gives its prices', () => {
    const raw = defaultRaw()
    raw.frontier.model = 'our-private-model'
    raw.frontier.prices = { inputPerMTokUSD: 1, outputPerMTokUSD: 4 }
    expect(validateScenario(raw).frontier.model).toBe('our-private-model')
  })

  it('rejects an unknown provider', () => {
    expect(issuesOf((raw) => (raw.rag.embedding.provider = 'acme'))).toMatchObject([{ path: '/rag/embedding/provider', value: 'acme' }])
  })

  it('rejects an unknown GPU, listing the known ones', () => {
    const [issue] = issuesOf((raw) => (raw.smallModel.hosting.gpu = 'nvidia-v100'))
    expect(issue?.path).toBe('/smallModel/hosting/gpu')
    expect(issue?.rule).toContain('nvidia-l4')
  })

  it('rejects a GPU that cannot hold the model: a 70B model on a 24 GiB L4', () => {
    const [issue, training] = issuesOf((raw) => (raw.smallModel.hosting.architecture = 'llama-2-70b'))
    expect(issue?.path).toBe('/smallModel/hosting/gpu')
    expect(training?.rule).toMatch(/cannot hold the model for LoRA training of llama-2-70b/)
    // 16-bit weights alone: 68.98e9 parameters x 2 B = 128.5 GiB > 24 GiB
    expect(issue?.rule).toMatch(/^the GPU cannot hold the model for serving llama-2-70b in 16-bit: needs 1[2-3]\d\.\d GiB, has 24\.0 GiB$/)
  })

  it('rejects LoRA training that does not fit the training GPU, and accepts QLoRA on a 48 GB GPU', () => {
    const [issue] = issuesOf((raw) => {
      raw.smallModel.hosting.architecture = 'llama-2-13b'
      raw.smallModel.hosting.gpu = 'nvidia-a100-40gb'
      raw.smallModel.hosting.trainingGpu = 'nvidia-l4'
    })
    expect(issue?.path).toBe('/smallModel/hosting/trainingGpu')
    expect(issue?.rule).toMatch(/LoRA training of llama-2-13b/)
    const raw = defaultRaw()
    Object.assign(raw.smallModel.hosting, { architecture: 'llama-2-13b', gpu: 'nvidia-a100-40gb', trainingGpu: 'nvidia-l40s', method: 'qlora' })
    expect(() => validateScenario(raw)).not.toThrow()
  })

  it('rejects a target module the architecture lacks', () => {
    const issues = issuesOf((raw) => (raw.smallModel.hosting.targetModules = ['q_proj', 'qkv_proj']))
    expect(issues).toMatchObject([{ path: '/smallModel/hosting/targetModules/1', value: 'qkv_proj' }])
  })

  it('formats the message as: invalid <source> at <path>: <value> (<rule>)', () => {
    const raw = defaultRaw()
    raw.adaptation.teacherPassRate = 1.4
    expect(() => validateScenario(raw, 'my.json')).toThrow('invalid my.json at /adaptation/teacherPassRate: 1.4 (must be <= 1)')
  })
})
