/**
 * A scenario compiled for the simulation kernel: its uncertain inputs (the distribution-valued
 * fields) and an allocation-free function that turns one draw of them into the per-draw globals
 * and per-strategy cost coefficients of `kernel/sim/layout.ts`.
 *
 * `fill` restates the cost model of `src/costs/` (prompt, rag, finetune, distill, distill+rag)
 * as plain arithmetic on numbers, without formulas or price-table look-ups, so that millions of
 * draws run fast. Prices are resolved once (the table's, or the scenario's explicit ones, which
 * may themselves be uncertain). Tests hold `fill` equal to the cost model on random points to
 * 1e-12, so the two cannot drift apart unnoticed.
 */
import { COEFF, COEFF_SIZE, GLOBAL, GLOBAL_SIZE } from '../../kernel/sim/layout.js'
import type { Distribution } from '../../kernel/sim/distributions/index.js'
import { pricingContext } from '../costs/context.js'
import { HOURS_PER_MONTH, SECONDS_PER_MONTH } from '../costs/hosting.js'
import { trainingFlops, trainingMethodOf } from '../training/index.js'
import type { PricedModel } from '../prices/tokens.js'
import { STRATEGY_IDS, type Scenario, type ScenarioInput, type StrategyId } from '../scenario/schema.js'
import { fieldDistribution, pointScenario, type UncertainField } from '../scenario/uncertain.js'

/** One uncertain input of a compiled scenario. */
export interface UncertainInput {
  /** JSON pointer of the field, e.g. `/task/requestsPerMonth`. */
  path: string
  distribution: Distribution
  /** The value the decision engine uses: the distribution's mean. */
  pointValue: number
}

/** A scenario ready for the simulation kernel. */
export interface CompiledScenario {
  /** Strategies in report order; index 0 is `prompt`, the payback baseline. */
  strategies: StrategyId[]
  horizonMonths: number
  /** The distribution-valued fields in document order; input j draws from stream j. */
  inputs: UncertainInput[]
  /** Each input's point value (its mean). */
  point: Float64Array
  /** The scenario with every input at its point value. */
  pointScenario: Scenario
  /**
   * Fills `globals` (GLOBAL_SIZE values) and `coeffs` (strategies x COEFF_SIZE) for one draw
   * whose uncertain inputs take `values` (in the order of `inputs`). Allocation-free.
   */
  fill(values: ArrayLike<number>, globals: Float64Array, coeffs: Float64Array): void
}

/** Prices of a token model as field paths (explicit, possibly uncertain) or constants (the table). */
interface PriceFields {
  input: number
  output: number
  cacheRead: number | undefined
  cacheWrite: number | undefined
}

/**
 * Compiles a validated scenario (distributions allowed) for simulation.
 *
 * @example
 * const compiled = compileScenario(input, uncertain)
 * compiled.fill(compiled.point, globals, coeffs)
 */
export function compileScenario(input: ScenarioInput, uncertain: UncertainField[]): CompiledScenario {
  const point = pointScenario(input, uncertain)
  const ctx = pricingContext(point)
  const inputs: UncertainInput[] = uncertain.map((field) => {
    const distribution = fieldDistribution(field)
    return { path: field.path, distribution, pointValue: distribution.mean }
  })

  // Every number the formulas read lives in x; uncertain inputs overwrite their slot per draw.
  const base: number[] = []
  const slots = new Map<string, number>()
  const slot = (path: string, value: number): number => {
    const existing = slots.get(path)
    if (existing !== undefined) return existing
    slots.set(path, base.length)
    base.push(value)
    return base.length - 1
  }
  const read = (path: string): number => {
    let node: unknown = point
    for (const key of path.slice(1).split('/')) node = (node as Record<string, unknown>)[key]
    if (typeof node !== 'number') throw new Error(`internal: ${path} is not a number in the point scenario`)
    return slot(path, node)
  }
  const constant = (name: string, value: number) => slot(`#${name}`, value)
  const prices = (path: string | undefined, model: PricedModel, name: string): PriceFields => {
    if (path && model.overrides) {
      const o = model.overrides
      return {
        input: read(`${path}/inputPerMTokUSD`),
        output: read(`${path}/outputPerMTokUSD`),
        cacheRead: o.cacheReadPerMTokUSD === undefined ? undefined : read(`${path}/cacheReadPerMTokUSD`),
        cacheWrite: o.cacheWritePerMTokUSD === undefined ? undefined : read(`${path}/cacheWritePerMTokUSD`),
      }
    }
    return {
      input: constant(`${name}.input`, model.inputPerMTokUSD),
      output: constant(`${name}.output`, model.outputPerMTokUSD),
      cacheRead: model.cacheReadPerMTokUSD === undefined ? undefined : constant(`${name}.cacheRead`, model.cacheReadPerMTokUSD),
      cacheWrite: model.cacheWritePerMTokUSD === undefined ? undefined : constant(`${name}.cacheWrite`, model.cacheWritePerMTokUSD),
    }
  }

  const { task, frontier, smallModel, adaptation, facts } = point
  const hosting = smallModel.hosting
  const iIn = read('/task/inputTokens')
  const iOut = read('/task/outputTokens')
  const iInstr = read('/task/instructionTokens')
  const iShots = read('/task/fewShotTokens')
  const iAdaptedInstr = read('/task/adaptedInstructionTokens')
  const iCtx = read('/task/retrievedContextTokens')
  const iVolume = read('/task/requestsPerMonth')
  const iGrowth = read('/task/monthlyGrowth')
  const iDiscount = read('/task/annualDiscountRate')
  const fp = prices(frontier.prices ? '/frontier/prices' : undefined, ctx.frontier, 'frontier')
  const cachingOn = frontier.promptCaching.enabled && fp.cacheRead !== undefined
  const iHit = read('/frontier/promptCaching/hitRate')
  const iPriceChange = read('/frontier/priceChangePerMonth')
  const iBatchShare = read('/frontier/batch/share')
  const iBatchDiscount = read('/frontier/batch/discount')
  const teacherBatch = frontier.batch.teacherUsesBatch ? 1 : 0
  const ep = prices(point.rag.embedding.prices ? '/rag/embedding/prices' : undefined, ctx.embedding, 'embedding')
  const iCorpus = read('/rag/corpusTokens')
  const iStoreGB = read('/rag/vectorStoreGB')
  const iStorePrice = read('/rag/vectorStoreUSDPerGBMonth')
  const iQueryPrice = read('/rag/vectorQueryUSDPerMillion')
  const iReindex = read('/rag/reindexSharePerMonth')
  const iLoaded = read('/people/loadedMonthlyUSD')
  const iSetup = STRATEGY_IDS.map((id) => read(`/people/setupPersonMonths/${id}`))
  const iMaint = STRATEGY_IDS.map((id) => read(`/people/maintenancePersonMonthsPerMonth/${id}`))
  const iReview = STRATEGY_IDS.map((id) => read(`/hardTail/humanReviewShare/${id}`))
  const iReviewUSD = read('/hardTail/humanReviewUSDPerItem')
  const iEsc = read('/hardTail/escalationShare')
  const iDrift = read('/hardTail/escalationDriftPerMonth')
  const iPass = read('/adaptation/teacherPassRate')
  const iTeacherOut = adaptation.teacherOutputTokens === undefined ? iOut : read('/adaptation/teacherOutputTokens')
  const iEpochs = read('/adaptation/epochs')
  const iLabelUSD = read('/adaptation/labelUSDPerExample')
  const iFresh = read('/adaptation/retrainFreshShare')
  const trainingExamples = adaptation.trainingExamples
  const evalSetSize = adaptation.evalSetSize
  const labelled = facts.labelledExamples
  const retrainEvery = adaptation.retrainEveryMonths

  const api = hosting.kind === 'api'
  const sp = api && ctx.smallApi ? prices(hosting.prices ? '/smallModel/hosting/prices' : undefined, ctx.smallApi, 'small') : undefined
  const iTrainPrice = api ? read('/smallModel/hosting/trainingPerMTokUSD') : -1
  const iTrainMinimum = api ? read('/smallModel/hosting/minimumTrainingUSD') : -1
  const self = ctx.selfHosted
  const iGpuHour = self ? (hosting.kind === 'self-hosted' && hosting.gpuHourUSD !== undefined ? read('/smallModel/hosting/gpuHourUSD') : constant('gpuHour', self.serving.gpuHourUSD)) : -1
  const iTrainGpuHour =
    self && hosting.kind === 'self-hosted'
      ? hosting.trainingGpu === undefined
        ? iGpuHour
        : constant('trainingGpuHour', self.training.gpuHourUSD)
      : -1
  const iRps = self ? read('/smallModel/hosting/requestsPerSecondPerGpu') : -1
  const iRagRps = self && hosting.kind === 'self-hosted' && hosting.ragRequestsPerSecondPerGpu !== undefined ? read('/smallModel/hosting/ragRequestsPerSecondPerGpu') : -1
  const iUtil = self ? read('/smallModel/hosting/targetUtilisation') : -1
  const iPeak = self ? read('/smallModel/hosting/peakToAverage') : -1
  const iMfu = self ? read('/smallModel/hosting/trainingUtilisation') : -1
  const iOverhead = self ? read('/smallModel/hosting/trainingOverheadHours') : -1
  const minReplicas = hosting.kind === 'self-hosted' ? hosting.minReplicas : 0
  const trainingPeakFlops = self ? self.training.spec.bf16DenseTflops * 1e12 : 0
  const flopsPerToken =
    self && hosting.kind === 'self-hosted'
      ? trainingFlops(self.architecture, trainingMethodOf(hosting), 1, true).total
      : 0

  const uncertainSlots = Int32Array.from(inputs.map((u) => slots.get(u.path) ?? -1))
  const x = Float64Array.from(base)
  const baseValues = Float64Array.from(base)
  const at = (i: number) => x[i] as number
  const opt = (i: number | undefined) => (i === undefined ? 0 : (x[i] as number))

  /** One frontier call: the same arithmetic as `frontierCallUSD` in src/costs/requests.ts. */
  function frontierCall(contextTokens: number, outputTokens: number, batchShare: number): number {
    const prefix = at(iInstr) + at(iShots)
    const inputTokens = prefix + at(iIn) + contextTokens
    const caching = cachingOn && prefix > 0
    const hit = caching ? at(iHit) : 0
    const cacheRead = prefix * hit
    const cacheWrite = caching && fp.cacheWrite !== undefined ? prefix * (1 - hit) : 0
    const list =
      ((inputTokens - cacheRead - cacheWrite) * at(fp.input) + cacheRead * opt(fp.cacheRead) + cacheWrite * opt(fp.cacheWrite) + outputTokens * at(fp.output)) /
      1e6
    return list * (1 - batchShare * at(iBatchDiscount))
  }
  const embed = (tokens: number) => (tokens * at(ep.input)) / 1e6
  const adaptedInput = (contextTokens: number) => at(iAdaptedInstr) + at(iIn) + contextTokens
  const smallCall = (contextTokens: number) => (sp ? (adaptedInput(contextTokens) * at(sp.input) + at(iOut) * at(sp.output)) / 1e6 : 0)
  function training(contextTokens: number, outputTokens: number): number {
    const tokens = trainingExamples * (adaptedInput(contextTokens) + outputTokens) * at(iEpochs)
    if (api) return Math.max((tokens / 1e6) * at(iTrainPrice), at(iTrainMinimum))
    const hours = (flopsPerToken * tokens) / (trainingPeakFlops * at(iMfu)) / 3600
    return (hours + at(iOverhead)) * at(iTrainGpuHour)
  }
  function requestsPerGpuMonth(contextTokens: number): number {
    const plain = adaptedInput(0) + at(iOut)
    const withContext = adaptedInput(contextTokens) + at(iOut)
    const rps = contextTokens > 0 && iRagRps >= 0 ? at(iRagRps) : contextTokens > 0 ? at(iRps) * (plain / withContext) : at(iRps)
    return (rps * at(iUtil) * SECONDS_PER_MONTH) / at(iPeak)
  }

  function fillAdapted(out: Float64Array, o: number, s: number, withRetrieval: boolean, teacher: boolean): void {
    const ctxTokens = withRetrieval ? at(iCtx) : 0
    const loaded = at(iLoaded)
    const small = smallCall(ctxTokens)
    const evaluation = evalSetSize * small
    const frontierUSD = frontierCall(ctxTokens, at(iOut), at(iBatchShare))
    const retrieval = withRetrieval ? embed(at(iIn)) + at(iQueryPrice) / 1e6 : 0
    const corpus = embed(at(iCorpus))
    const trainOut = teacher ? at(iTeacherOut) : at(iOut)
    const trainingUSD = training(ctxTokens, trainOut)
    let dataOther = 0
    let retrainOther = 0
    let retrainFrontier = 0
    let dataFrontier = 0
    if (teacher) {
      const call = frontierCall(ctxTokens, at(iTeacherOut), teacherBatch)
      dataFrontier = (trainingExamples / at(iPass)) * call + evalSetSize * call
      retrainFrontier = ((at(iFresh) * trainingExamples) / at(iPass)) * call + evalSetSize * call
    } else {
      const needed = trainingExamples + evalSetSize
      dataOther = Math.max(0, needed - labelled) * at(iLabelUSD)
      retrainOther = at(iFresh) * needed * at(iLabelUSD)
    }
    out[o + COEFF.ONE_TIME_USD] = dataOther + dataFrontier + trainingUSD + evaluation + (withRetrieval ? corpus : 0) + at(iSetup[s] as number) * loaded
    out[o + COEFF.FIXED_MONTHLY_USD] =
      (withRetrieval ? at(iStoreGB) * at(iStorePrice) + at(iReindex) * corpus : 0) + at(iMaint[s] as number) * loaded
    out[o + COEFF.PER_REQUEST_OTHER_USD] = small + retrieval + at(iReview[s] as number) * at(iReviewUSD)
    out[o + COEFF.PER_REQUEST_FRONTIER_USD] = at(iEsc) * frontierUSD
    const drift = at(iDrift)
    out[o + COEFF.ESCALATION_DRIFT_USD] = drift > 0 ? drift * frontierUSD : 0
    out[o + COEFF.ESCALATION_DRIFT_CAP_USD] = drift > 0 ? (1 - at(iEsc)) * frontierUSD : 0
    out[o + COEFF.RETRAIN_OTHER_USD] = retrainEvery > 0 ? retrainOther + trainingUSD + evaluation : 0
    out[o + COEFF.RETRAIN_FRONTIER_USD] = retrainEvery > 0 ? retrainFrontier : 0
    out[o + COEFF.REQUESTS_PER_GPU_MONTH] = self ? requestsPerGpuMonth(ctxTokens) : 0
    out[o + COEFF.GPU_MONTH_USD] = self ? at(iGpuHour) * HOURS_PER_MONTH : 0
    out[o + COEFF.MIN_REPLICAS] = self ? minReplicas : 0
    out[o + COEFF.RETRAIN_EVERY] = retrainEvery
  }

  function fillPrompted(out: Float64Array, o: number, s: number, withRetrieval: boolean): void {
    const loaded = at(iLoaded)
    const corpus = embed(at(iCorpus))
    out.fill(0, o, o + COEFF_SIZE)
    out[o + COEFF.ONE_TIME_USD] = (withRetrieval ? corpus : 0) + at(iSetup[s] as number) * loaded
    out[o + COEFF.FIXED_MONTHLY_USD] =
      (withRetrieval ? at(iStoreGB) * at(iStorePrice) + at(iReindex) * corpus : 0) + at(iMaint[s] as number) * loaded
    out[o + COEFF.PER_REQUEST_OTHER_USD] = (withRetrieval ? embed(at(iIn)) + at(iQueryPrice) / 1e6 : 0) + at(iReview[s] as number) * at(iReviewUSD)
    out[o + COEFF.PER_REQUEST_FRONTIER_USD] = frontierCall(withRetrieval ? at(iCtx) : 0, at(iOut), at(iBatchShare))
  }

  return {
    strategies: [...STRATEGY_IDS],
    horizonMonths: task.horizonMonths,
    inputs,
    point: Float64Array.from(inputs.map((u) => u.pointValue)),
    pointScenario: point,
    fill(values, globals, coeffs) {
      x.set(baseValues)
      for (let j = 0; j < uncertainSlots.length; j++) {
        const s = uncertainSlots[j] as number
        if (s >= 0) x[s] = values[j] as number
      }
      globals[GLOBAL.FIRST_MONTH_REQUESTS] = at(iVolume)
      globals[GLOBAL.MONTHLY_GROWTH] = at(iGrowth)
      globals[GLOBAL.PRICE_CHANGE] = at(iPriceChange)
      globals[GLOBAL.ANNUAL_DISCOUNT_RATE] = at(iDiscount)
      fillPrompted(coeffs, 0 * COEFF_SIZE, 0, false)
      fillPrompted(coeffs, 1 * COEFF_SIZE, 1, true)
      fillAdapted(coeffs, 2 * COEFF_SIZE, 2, false, false)
      fillAdapted(coeffs, 3 * COEFF_SIZE, 3, false, true)
      fillAdapted(coeffs, 4 * COEFF_SIZE, 4, true, true)
    },
  }
}

/** Sizes of the buffers `fill` writes. */
export const BUFFER_SIZES = { globals: GLOBAL_SIZE, coeffsPerStrategy: COEFF_SIZE } as const
