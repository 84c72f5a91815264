/**
 * A distillation experiment run against a scenario: the scenario supplies the frontier model
 * (whose tokenizer counts tokens), the GPU price (training and the local teacher's compute) and
 * the economics of agreement; the experiment's measurements are then written over the scenario's
 * assumptions and the decision recomputed. The CLI (`payback distill`) and notebook 03 both run
 * through here.
 */
import type { LoraWorker } from '../../kernel/lora/client.js'
import { analyseScenario, type Analysis } from '../breakeven/analysis.js'
import { agreementEconomics } from '../breakeven/agreement-value.js'
import { pricingContext } from '../costs/pricing-context.js'
import { strategyDefinitions } from '../costs/strategies.js'
import { evaluateStrategy } from '../costs/strategy.js'
import { decisionResult, type DecisionResult } from '../decide/result.js'
import { distillCacheDir, type DistillConfig } from '../distill/config.js'
import { runExperiment, type ExperimentProgress, type ExperimentResult, type ExperimentScenario } from '../distill/experiment.js'
import { httpTeacherFromEnv, type TeacherSource } from '../distill/teachers/index.js'
import { overlayMeasurements, type AppliedMeasurements } from '../measured/overlay.js'
import { gpuById } from '../prices/gpus.js'
import type { AppliedDefault } from '../scenario/defaults.js'
import type { Scenario } from '../scenario/schema.js'
import { readScenarioJson, validateScenarioInput } from '../scenario/validate.js'
import { join } from 'node:path'

/**
 * What the experiment takes from a scenario: its frontier model, the training GPU's price (the
 * scenario's self-hosted training GPU, else an L4 at its list price), its quality target and what
 * agreement is worth at its volume (see `agreementEconomics`).
 *
 * @example
 * const taken = experimentScenario(loadScenarioFile('data/scenarios/mail-spam-filter.json'), 'mail.json')
 * taken // => { frontierModel: 'gpt-4.1-mini', gpu: 'nvidia-l4', gpuUSDPerHour: 0.7992, qualityTarget: 0.95 }
 */
export function experimentScenario(scenario: Scenario, path: string): ExperimentScenario {
  const context = pricingContext(scenario)
  const l4 = gpuById('nvidia-l4')
  const training = context.selfHosted?.training ?? { spec: l4, gpuHourUSD: l4.usdPerHour }
  const economics = agreementEconomics(scenario)
  const distill = strategyDefinitions(context).find((d) => d.id === 'distill')!
  // One retraining's cost: the distill strategy's retraining parts, priced as if it retrained monthly.
  const retrainContext = pricingContext({ ...scenario, adaptation: { ...scenario.adaptation, retrainEveryMonths: Math.max(1, scenario.adaptation.retrainEveryMonths) } })
  const retraining = evaluateStrategy(distill, retrainContext).retraining
  const hosting = evaluateStrategy(distill, context).hosting
  return {
    path,
    frontierModel: scenario.frontier.model,
    gpu: training.spec.id,
    gpuUSDPerHour: training.gpuHourUSD,
    qualityTarget: scenario.task.qualityTarget,
    valuePerPointUSD: economics.valuePerPointUSD,
    teacherCallUSD: economics.teacherCallUSD,
    economicsBasis: economics.basis,
    frontierCallUSD: economics.escalationCallUSD,
    humanReviewUSD: scenario.hardTail.humanReviewUSDPerItem,
    // The marginal GPU cost of one request (minimum replicas aside); 0 when the student is API-hosted at a token price.
    studentCallUSD: hosting ? (hosting.gpuHourUSD * hosting.hoursPerMonth) / hosting.requestsPerGpuMonth : 0,
    retrainUSD: retraining ? retraining.parts.reduce((sum, part) => sum + part.usd, 0) : 0,
    requestsPerMonth: scenario.task.requestsPerMonth,
    monthlyGrowth: scenario.task.monthlyGrowth,
    horizonMonths: scenario.task.horizonMonths,
  }
}

/**
 * The teacher a config names for `http`: an OpenAI-compatible endpoint from the environment's
 * `PAYBACK_TEACHER_*` variables and the config; undefined for `local` and `logs`, which the
 * experiment trains or reads itself.
 *
 * @example
 * teacherFor(distillConfig({}).config, {}) // => undefined (the local teacher)
 */
export function teacherFor(config: DistillConfig, env: Record<string, string | undefined>): TeacherSource | undefined {
  if (config.teacher.kind === 'http') {
    const http = config.teacher.http
    return httpTeacherFromEnv(env, {
      ...(http.baseURL ? { baseURL: http.baseURL } : {}),
      ...(http.model ? { model: http.model } : {}),
      concurrency: http.concurrency,
      timeoutMs: http.timeoutMs,
      maxAttempts: http.maxAttempts,
      // PAYBACK_TEACHER_CACHE_DIR, when set, wins (the environment configures the HTTP teacher).
      ...(env.PAYBACK_TEACHER_CACHE_DIR ? {} : { cacheDir: join(distillCacheDir(config), 'teacher') }),
    })
  }
  return undefined
}

/** A distillation experiment and the decision before and after its measurements. */
export interface DistillationOnScenario {
  experiment: ExperimentResult
  scenario: Scenario
  /** The decision on the scenario's assumptions. */
  assumed: DecisionResult
  /** The analysis and decision with the measured numbers written in. */
  measuredAnalysis: Analysis
  measured: DecisionResult
  /** What the measurements replaced (the record file is named by the caller). */
  applied: Omit<AppliedMeasurements, 'file'>
}

/** Options of {@link distillOnScenario}. */
export interface DistillOnScenarioOptions {
  config: DistillConfig
  defaultsApplied?: AppliedDefault[]
  scenarioPath: string
  /** The scenario file's JSON when the caller has read it already (it is read from scenarioPath otherwise). */
  scenarioJson?: unknown
  worker: LoraWorker
  env?: Record<string, string | undefined>
  /** A teacher to use instead of the one the config names (tests). */
  teacher?: TeacherSource
  signal?: AbortSignal
  onProgress?: (progress: ExperimentProgress) => void
  command?: string
}

/**
 * Runs the experiment for the scenario in `scenarioPath` and recomputes its decision with the
 * measured numbers in place of the assumed ones.
 *
 * @throws {InputError} on a bad scenario
 * @example illustrative: needs the LoRA worker (Python and PyTorch); test/cli/distill.test.ts runs one
 */
export async function distillOnScenario(options: DistillOnScenarioOptions): Promise<DistillationOnScenario> {
  const raw = options.scenarioJson ?? readScenarioJson(options.scenarioPath)
  const scenario = validateScenarioInput(raw, options.scenarioPath).point
  const experiment = await runExperiment({
    config: options.config,
    defaultsApplied: options.defaultsApplied,
    worker: options.worker,
    teacher: options.teacher ?? teacherFor(options.config, options.env ?? {}),
    signal: options.signal,
    onProgress: options.onProgress,
    command: options.command,
    scenario: experimentScenario(scenario, options.scenarioPath),
  })
  const assumed = decisionResult(analyseScenario(scenario))
  const overlay = overlayMeasurements(raw, experiment.record)
  const measuredScenario = validateScenarioInput(overlay.scenario, `${options.scenarioPath} with the measurements of run ${experiment.record.id}`).point
  const measuredAnalysis = analyseScenario(measuredScenario)
  return {
    experiment,
    scenario,
    assumed,
    measuredAnalysis,
    measured: decisionResult(measuredAnalysis),
    applied: { run: experiment.record.id, inputs: overlay.inputs, notes: overlay.notes },
  }
}
