/**
 * Consistency checks a JSON Schema cannot express: the models exist in the price table, the
 * GPUs exist in `data/gpus.json`, the architecture is known, the GPU holds the model for serving
 * and for training, and the adapters target modules the architecture has.
 */
import { allLinearModuleNames, architectureShapeProblems, architecturePreset, architecturePresetNames, estimateTraining, inferenceMemoryBytes, trainingMethodOf } from '../training/index.js'
import { findGpu, listGpus } from '../prices/gpus.js'
import { knownProvider, priceTableName, resolveTokenModel } from '../prices/tokens.js'
import { hostingServingPlan } from '../serving/hosting-plan.js'
import { rules, type InputIssue } from './messages.js'
import type { ArchitectureConfig, Scenario, TokenPrices } from './schema.js'

const GIB = 1024 ** 3

function modelIssues(path: string, provider: string, model: string, prices: TokenPrices | undefined): InputIssue[] {
  if (prices) return []
  if (!knownProvider(provider)) return [{ path: `${path}/provider`, rule: rules.unknownProvider(priceTableName()), value: provider }]
  const priced = resolveTokenModel(provider, model)
  if (!priced) return [{ path: `${path}/model`, rule: rules.unknownModel(provider, priceTableName()), value: model }]
  if (!(priced.inputPerMTokUSD > 0)) return [{ path: `${path}/model`, rule: rules.noInputPrice(priceTableName()), value: model }]
  return []
}

function architectureOf(value: string | ArchitectureConfig): ArchitectureConfig | undefined {
  if (typeof value !== 'string') return value
  try {
    return architecturePreset(value)
  } catch {
    return undefined
  }
}

/** The head-count rules of a custom architecture (heads divide hidden, kvHeads divide heads), at their JSON paths. */
function architectureShapeIssues(architecture: ArchitectureConfig, path: string): InputIssue[] {
  return architectureShapeProblems(architecture).map(({ field, rule }) => ({ path: `${path}/${field}`, rule, value: architecture[field] }))
}

function selfHostedIssues(scenario: Scenario): InputIssue[] {
  const hosting = scenario.smallModel.hosting
  if (hosting.kind !== 'self-hosted') return []
  const base = '/smallModel/hosting'
  const issues: InputIssue[] = []
  const known = listGpus().map((g) => g.id)
  const serving = findGpu(hosting.gpu)
  if (!serving) issues.push({ path: `${base}/gpu`, rule: rules.unknownGpu(known), value: hosting.gpu })
  const trainingId = hosting.trainingGpu ?? hosting.gpu
  const training = findGpu(trainingId)
  if (hosting.trainingGpu !== undefined && !training) {
    issues.push({ path: `${base}/trainingGpu`, rule: rules.unknownGpu(known), value: hosting.trainingGpu })
  }
  const architecture = architectureOf(hosting.architecture)
  if (!architecture) {
    issues.push({ path: `${base}/architecture`, rule: rules.unknownArchitecture(architecturePresetNames()), value: hosting.architecture })
    return issues
  }
  if (typeof hosting.architecture !== 'string') {
    const shapeIssues = architectureShapeIssues(architecture, `${base}/architecture`)
    if (shapeIssues.length > 0) return [...issues, ...shapeIssues]
  }
  const modules: string[] = allLinearModuleNames(architecture)
  hosting.targetModules.forEach((name, i) => {
    if (!modules.includes(name)) issues.push({ path: `${base}/targetModules/${i}`, rule: rules.moduleNotInArchitecture(modules), value: name })
  })
  if (issues.length > 0) return issues
  const { task, adaptation } = scenario
  // Token counts are averages and may be fractional; memory is sized for whole tokens.
  const contextTokens = Math.ceil(task.adaptedInstructionTokens + task.inputTokens + task.retrievedContextTokens + task.outputTokens)
  if (serving) {
    const need = inferenceMemoryBytes(architecture, { bitsPerWeight: 16, contextTokens, concurrentSequences: 1 })
    const have = serving.memoryGiB * GIB
    if (need > have) issues.push({ path: `${base}/gpu`, rule: rules.gpuTooSmall(need / GIB, serving.memoryGiB, `serving ${architecture.name} in 16-bit`), value: hosting.gpu })
  }
  if (serving && hosting.requestsPerSecondPerGpu === undefined) issues.push(...servingPlanIssues(scenario, architecture))
  if (training) {
    const tokensPerExample = task.adaptedInstructionTokens + task.inputTokens + task.retrievedContextTokens + (adaptation.teacherOutputTokens ?? task.outputTokens)
    const estimate = estimateTraining({
      architecture,
      method: trainingMethodOf(hosting),
      sequenceLength: Math.max(1, Math.ceil(tokensPerExample)),
      microBatchSize: 1,
      gradientCheckpointing: true,
      trainingTokens: 1,
      gpu: training,
      utilisation: hosting.trainingUtilisation,
    })
    if (!estimate.fitsGpu) {
      issues.push({
        path: hosting.trainingGpu !== undefined ? `${base}/trainingGpu` : `${base}/gpu`,
        rule: rules.gpuTooSmall(estimate.memory.totalBytes / GIB, training.memoryGiB, `${hosting.method === 'qlora' ? 'QLoRA' : 'LoRA'} training of ${architecture.name}`),
        value: trainingId,
      })
    }
  }
  return issues
}

/**
 * Without a measured throughput the serving model derives it: it must have a plan for the
 * adapted prompt (and, unless a RAG throughput is stated, for the prompt with retrieved context)
 * at the point values: the weights and one sequence fit, and some batch meets the latency target.
 */
function servingPlanIssues(scenario: Scenario, architecture: ArchitectureConfig): InputIssue[] {
  const hosting = scenario.smallModel.hosting
  if (hosting.kind !== 'self-hosted') return []
  const { task } = scenario
  const base = '/smallModel/hosting'
  const plain = task.adaptedInstructionTokens + task.inputTokens
  const prompts = [plain]
  if (hosting.ragRequestsPerSecondPerGpu === undefined && task.retrievedContextTokens > 0) prompts.push(plain + task.retrievedContextTokens)
  for (const inputTokens of prompts) {
    try {
      hostingServingPlan(hosting, architecture, inputTokens, task.outputTokens)
    } catch (error) {
      const reason = (error as Error).message
      const target = hosting.latencyTarget
      if (reason.includes('time to first token')) return [{ path: `${base}/latencyTarget/timeToFirstTokenMs`, rule: rules.noServingPlan(reason), value: target?.timeToFirstTokenMs }]
      if (reason.includes('time per output token')) return [{ path: `${base}/latencyTarget/timePerOutputTokenMs`, rule: rules.noServingPlan(reason), value: target?.timePerOutputTokenMs }]
      return [{ path: `${base}/gpu`, rule: rules.noServingPlan(reason), value: hosting.gpu }]
    }
  }
  return []
}

/**
 * Issues a schema-valid scenario still has; empty when it is consistent.
 *
 * @example
 * const scenario = defaultScenario()
 * consistencyIssues(scenario) // => []
 * const unpriced = { ...scenario, frontier: { ...scenario.frontier, model: 'gpt-9' } }
 * consistencyIssues(unpriced).map((issue) => [issue.path, issue.value]) // => [['/frontier/model', 'gpt-9']]
 * consistencyIssues(unpriced)[0].rule.startsWith('unknown model for provider openai in ') // => true
 * const cpu = { ...scenario, smallModel: { ...scenario.smallModel, hosting: { ...scenario.smallModel.hosting, gpu: 'cpu' } } }
 * consistencyIssues(cpu).map((issue) => [issue.path, issue.value]) // => [['/smallModel/hosting/gpu', 'cpu']]
 */
export function consistencyIssues(scenario: Scenario): InputIssue[] {
  const { frontier, rag, smallModel } = scenario
  const issues = [
    ...modelIssues('/frontier', frontier.provider, frontier.model, frontier.prices),
    ...modelIssues('/rag/embedding', rag.embedding.provider, rag.embedding.model, rag.embedding.prices),
  ]
  if (smallModel.hosting.kind === 'api') {
    issues.push(...modelIssues('/smallModel/hosting', smallModel.hosting.provider, smallModel.hosting.model, smallModel.hosting.prices))
  }
  issues.push(...selfHostedIssues(scenario))
  issues.push(...passRateIssues(scenario))
  return issues
}

/** The lowest teacher pass rate the cost model takes at its point value (the mean of a distribution). */
export const MIN_TEACHER_PASS_RATE = 0.01

/**
 * A teacher pass rate whose value (a distribution's mean) is below 1 %: the teacher would label
 * over 100 inputs for each example kept, and near 0 the teacher cost has no bound. The schema
 * only asks for more than 0, so that a distribution such as beta(17, 3) may reach towards 0 with
 * negligible probability; the point value is held here.
 */
function passRateIssues(scenario: Scenario): InputIssue[] {
  const rate = scenario.adaptation.teacherPassRate
  if (rate >= MIN_TEACHER_PASS_RATE) return []
  return [
    {
      path: '/adaptation/teacherPassRate',
      rule: `the pass rate (a distribution's mean) must be >= ${MIN_TEACHER_PASS_RATE}: below 1 % the teacher labels over 100 inputs for each example kept`,
      value: rate,
    },
  ]
}
