/**
 * The portfolio decision: each task's own decision ("does adapting this task pay"), then four
 * ways to run the whole portfolio over the horizon, month by month, each task on its own volume
 * path ("does the portfolio pay"):
 *
 * - `prompt-all`: every task prompts the frontier model (the baseline);
 * - `own-deployments`: each adapted task on its own fleet with its adapter merged (its
 *   single-task strategy as the single-task analysis costs it);
 * - `shared-multi-lora`: every adapted task as an adapter on one shared fleet of the base model
 *   (shared-fleet.ts), the multi-LoRA penalty for the number of adapters, minimum replicas once;
 *   each task's other costs (training, people, escalation, review...) unchanged;
 * - `serverless-lora`: every adapted task's adapter on a provider's shared pool, per token at
 *   the base model's rate (no GPUs); other costs unchanged.
 *
 * Which tasks are adapted (the rule): a task with `adapt: auto` is adapted when its own
 * single-task decision picks an adapted strategy (finetune, distill, distill+rag), with that
 * strategy; `adapt: yes` takes its cheapest fitting adapted strategy (the cheapest adapted one
 * if none fits, with a warning); `adapt: no` never. A task not adapted runs its own decision when
 * that is prompt or rag, else its cheapest fitting of the two, in every option but prompt-all.
 */
import { analyseScenario, type Analysis } from '../breakeven/analysis.js'
import { monthlyTimeline, presentValueUSD, type MonthCost } from '../breakeven/horizon.js'
import { paybackMonths } from '../breakeven/payback.js'
import { adaptedInputTokens } from '../costs/requests.js'
import { contextTokensOf } from '../costs/parts.js'
import { pricingContext } from '../costs/pricing-context.js'
import { gpuHoursFor, type GpuHosting, type StrategyCost } from '../costs/strategy-cost.js'
import { decide, type Reason, type Recommendation } from '../decide/decide.js'
import type { GpuHoursBreakdown } from '../../kernel/sim/gpu-hours.js'
import { formatNumber, formatPercent, formatUSD } from '../format.js'
import type { StrategyId } from '../scenario/schema.js'
import { multiLoraFactor, multiLoraParameters, type MultiLoraParameters } from './multi-lora.js'
import { resolveServerlessLoraOffer, serverlessLoraRequest, type ServerlessLoraOffer } from './serverless-lora.js'
import { sharedFleetBreakdown, sharedFleetMonth, type FleetLoad, type SharedFleetMonth } from './shared-fleet.js'
import type { Portfolio } from './validate.js'

/** The strategies that put an adapter on the small model. */
export const ADAPTED_STRATEGIES: readonly StrategyId[] = ['finetune', 'distill', 'distill+rag']
const isAdapted = (id: StrategyId) => ADAPTED_STRATEGIES.includes(id)

/** The portfolio options, in report order. */
export const PORTFOLIO_OPTION_IDS = ['prompt-all', 'own-deployments', 'shared-multi-lora', 'serverless-lora'] as const
export type PortfolioOptionId = (typeof PORTFOLIO_OPTION_IDS)[number]

/** One task's own decision and its place in the portfolio. */
export interface TaskDecision {
  name: string
  analysis: Analysis
  recommendation: Recommendation
  adaptRule: 'auto' | 'yes' | 'no'
  /** The adapted strategy the task runs in the adapted options; null when not adapted. */
  adaptedStrategy: StrategyId | null
  /** The strategy the task runs when not adapted (prompt or rag). */
  unadaptedStrategy: StrategyId
  /** Why the task is (not) adapted, in words. */
  adaptReason: string
  /** Requests/s one GPU serves for the adapted strategy's prompt, merged; null when not adapted or not self-hosted. */
  mergedRequestsPerSecond: number | null
  /** Horizon totals (USD): prompting, and the task's own recommendation. */
  promptHorizonTotalUSD: number
  recommendedHorizonTotalUSD: number
  /** Whether adapting this task pays on its own: its recommendation is adapted and cheaper than prompting. */
  adaptingPays: boolean
}

/** One month of a portfolio option. */
export interface OptionMonth {
  month: number
  totalUSD: number
  cumulativeUSD: number
  /** GPU hosting in the month (USD); per-token serving of serverless LoRA is not hosting. */
  hostingUSD: number
  /** GPU-hours of the month (all fleets). */
  gpuHours: number
}

/** One portfolio option over the horizon. */
export interface PortfolioOption {
  id: PortfolioOptionId
  label: string
  /** False when the option does not apply (no adapted task, no offer, an API-hosted base); then `why` says why. */
  available: boolean
  why?: string
  months: OptionMonth[]
  horizonTotalUSD: number
  presentValueUSD: number
  /** Months until cumulative cost falls to prompt-all's; null = not within the horizon (null for prompt-all itself). */
  paybackMonths: number | null
  /** Each task's strategy and its horizon total in this option (USD); they sum to the option's total. */
  perTask: { name: string; strategy: StrategyId; serving: 'frontier' | 'own fleet' | 'shared fleet' | 'serverless LoRA' | 'none'; horizonTotalUSD: number }[]
  formula: string
}

/** The shared multi-LoRA fleet: its penalty, month 1 in detail and each task's share. */
export interface SharedFleetReport {
  adapters: number
  factor: number
  multiLora: MultiLoraParameters
  month1: SharedFleetMonth & { breakdown: GpuHoursBreakdown }
  /** GPU-hours in month 1 if each adapted task had its own fleet (own-deployments), for comparison. */
  ownDeploymentsMonth1GpuHours: number
  shares: {
    name: string
    mergedRequestsPerSecond: number
    sharedRequestsPerSecond: number
    month1Requests: number
    /** Share of the fleet's month-1 GPU-hours (and cost): the task's share of the work. */
    month1Share: number
    month1GpuHours: number
    month1USD: number
    /** The task's part of the fleet's cost over the horizon (USD) and its share of it. */
    horizonUSD: number
    horizonShare: number
  }[]
}

/** The whole portfolio decision. */
export interface PortfolioDecision {
  name: string
  description?: string
  horizonMonths: number
  annualDiscountRate: number
  tasks: TaskDecision[]
  options: PortfolioOption[]
  sharedFleet: SharedFleetReport | null
  serverlessLora: ServerlessLoraOffer | null
  /** The cheapest available option over the horizon (undiscounted, like the single-task decision). */
  recommendation: { id: PortfolioOptionId; label: string; reasons: Reason[]; warnings: Reason[] }
  /** Which rule chose the adapted tasks. */
  adaptRule: string
}

const LABELS: Record<PortfolioOptionId, string> = {
  'prompt-all': 'prompt every task',
  'own-deployments': 'one deployment per adapted task',
  'shared-multi-lora': 'adapters on one shared fleet (multi-LoRA)',
  'serverless-lora': 'serverless LoRA, per token',
}

/** The rule for which tasks are adapted, in words (the module comment's). */
export const ADAPT_RULE =
  'adapt: auto (the default) adapts a task when its own decision picks finetune, distill or distill+rag, with that strategy; adapt: yes takes its cheapest fitting adapted strategy; adapt: no never adapts it'

function taskDecision(name: string, adaptRule: 'auto' | 'yes' | 'no', analysis: Analysis): TaskDecision {
  const recommendation = decide(analysis)
  const total = (id: StrategyId) => (analysis.strategies.find((s) => s.id === id) as { horizonTotalUSD: number }).horizonTotalUSD
  const ranking = recommendation.ranking.map((r) => r.id)
  const unadaptedStrategy = !isAdapted(recommendation.id) ? recommendation.id : (ranking.find((id) => !isAdapted(id)) ?? 'prompt')
  let adaptedStrategy: StrategyId | null = null
  let adaptReason: string
  if (adaptRule === 'no') adaptReason = 'adapt: no in the portfolio'
  else if (adaptRule === 'auto') {
    adaptedStrategy = isAdapted(recommendation.id) ? recommendation.id : null
    adaptReason = adaptedStrategy ? `its own decision picks ${adaptedStrategy}` : `its own decision picks ${recommendation.id}`
  } else {
    const fitting = ranking.find(isAdapted)
    if (fitting) {
      adaptedStrategy = fitting
      adaptReason = `adapt: yes; ${fitting} is its cheapest fitting adapted strategy`
    } else {
      adaptedStrategy = [...analysis.strategies].filter((s) => isAdapted(s.id)).sort((a, b) => a.horizonTotalUSD - b.horizonTotalUSD)[0]?.id ?? null
      adaptReason = `adapt: yes, although the rules rule out every adapted strategy; ${adaptedStrategy} is the cheapest`
    }
  }
  const cost = adaptedStrategy ? (analysis.costs.find((c) => c.id === adaptedStrategy) as StrategyCost) : null
  return {
    name,
    analysis,
    recommendation,
    adaptRule,
    adaptedStrategy,
    unadaptedStrategy,
    adaptReason,
    mergedRequestsPerSecond: cost?.hosting?.throughput?.requestsPerSecond ?? null,
    promptHorizonTotalUSD: total('prompt'),
    recommendedHorizonTotalUSD: total(recommendation.id),
    adaptingPays: isAdapted(recommendation.id) && total(recommendation.id) < total('prompt'),
  }
}

const costOf = (task: TaskDecision, id: StrategyId) => task.analysis.costs.find((c) => c.id === id) as StrategyCost

/** A timeline as option months (no GPU-hours unless given). */
function asOptionMonths(timeline: MonthCost[], gpuHours: (m: MonthCost) => number = () => 0): OptionMonth[] {
  return timeline.map((m) => ({ month: m.month, totalUSD: m.totalUSD, cumulativeUSD: m.cumulativeUSD, hostingUSD: m.hostingUSD, gpuHours: gpuHours(m) }))
}

/** Month-by-month sum of option months. */
function sumMonths(parts: OptionMonth[][], horizon: number): OptionMonth[] {
  const out: OptionMonth[] = []
  let cumulative = 0
  for (let m = 0; m <= horizon; m++) {
    const month = { month: m, totalUSD: 0, cumulativeUSD: 0, hostingUSD: 0, gpuHours: 0 }
    for (const part of parts) {
      const p = part[m] as OptionMonth
      month.totalUSD += p.totalUSD
      month.hostingUSD += p.hostingUSD
      month.gpuHours += p.gpuHours
    }
    cumulative += month.totalUSD
    month.cumulativeUSD = cumulative
    out.push(month)
  }
  return out
}

/** A task's strategy timeline as the single-task analysis has it, with its own fleet's GPU-hours. */
function ownTimeline(task: TaskDecision, id: StrategyId): OptionMonth[] {
  const cost = costOf(task, id)
  const hosting = cost.hosting
  return asOptionMonths(task.analysis.timelines[id] as MonthCost[], (m) => (hosting && m.month > 0 ? gpuHoursFor(hosting, m.requests) : 0))
}

/** The cost without its GPU hosting (the shared fleet or per-token serving replaces it), and extra per-request parts. */
function withoutHosting(cost: StrategyCost, extraPerRequest: StrategyCost['perRequest'] = []): StrategyCost {
  return { ...cost, hosting: null, perRequest: [...cost.perRequest, ...extraPerRequest] }
}

function option(id: PortfolioOptionId, months: OptionMonth[], perTask: PortfolioOption['perTask'], rate: number, formula: string): PortfolioOption {
  return {
    id,
    label: LABELS[id],
    available: true,
    months,
    horizonTotalUSD: (months.at(-1) as OptionMonth).cumulativeUSD,
    presentValueUSD: presentValueUSD(months, rate),
    paybackMonths: null,
    perTask,
    formula,
  }
}

function unavailable(id: PortfolioOptionId, why: string): PortfolioOption {
  return { id, label: LABELS[id], available: false, why, months: [], horizonTotalUSD: NaN, presentValueUSD: NaN, paybackMonths: null, perTask: [], formula: '' }
}

const totalOf = (months: OptionMonth[]) => (months.at(-1) as OptionMonth).cumulativeUSD

/**
 * Analyses a validated portfolio: each task's own analysis and decision, the four options month
 * by month over the horizon, the shared fleet's month 1 by cause and each task's share, and the
 * cheapest option with its reasons. A portfolio of one task gives that task's single-task
 * analysis and decision, and options equal to its prompt and recommended strategies.
 *
 * @example
 * const portfolio = loadPortfolioFile('data/scenarios/portfolio-support.json')
 * const decision = analysePortfolio(portfolio)
 * decision.tasks.map((t) => t.adaptedStrategy) // => ['distill', null, 'distill', 'distill']
 * decision.options.map((o) => o.id) // => ['prompt-all', 'own-deployments', 'shared-multi-lora', 'serverless-lora']
 * decision.recommendation.id // => 'shared-multi-lora'
 */
export function analysePortfolio(portfolio: Portfolio): PortfolioDecision {
  const base = portfolio.base.point
  const horizon = base.task.horizonMonths
  const rate = base.task.annualDiscountRate
  const tasks = portfolio.tasks.map((t) => taskDecision(t.name, t.adapt, analyseScenario(t.validated.point)))
  const adapted = tasks.filter((t) => t.adaptedStrategy !== null)

  // (a) prompt every task.
  const promptParts = tasks.map((t) => ownTimeline(t, 'prompt'))
  const promptAll = option(
    'prompt-all',
    sumMonths(promptParts, horizon),
    tasks.map((t, i) => ({ name: t.name, strategy: 'prompt', serving: 'frontier', horizonTotalUSD: totalOf(promptParts[i] as OptionMonth[]) })),
    rate,
    `sum over tasks of each task's prompt strategy month by month: ${tasks.map((t, i) => `${formatUSD(totalOf(promptParts[i] as OptionMonth[]))} (${t.name})`).join(' + ')}`,
  )
  // The tasks that are not adapted run the same in (b)-(d).
  const unadaptedParts = new Map(tasks.filter((t) => t.adaptedStrategy === null).map((t) => [t.name, ownTimeline(t, t.unadaptedStrategy)]))
  const unadaptedRows = tasks
    .filter((t) => t.adaptedStrategy === null)
    .map((t) => ({ name: t.name, strategy: t.unadaptedStrategy, serving: (t.unadaptedStrategy === 'prompt' || t.unadaptedStrategy === 'rag' ? 'frontier' : 'none') as PortfolioOption['perTask'][number]['serving'], horizonTotalUSD: totalOf(unadaptedParts.get(t.name) as OptionMonth[]) }))
  const inTaskOrder = (rows: PortfolioOption['perTask']) => tasks.map((t) => rows.find((r) => r.name === t.name) as PortfolioOption['perTask'][number])

  // (b) one deployment per adapted task.
  const ownParts = new Map(adapted.map((t) => [t.name, ownTimeline(t, t.adaptedStrategy as StrategyId)]))
  const own =
    adapted.length === 0
      ? unavailable('own-deployments', 'no task is adapted')
      : option(
          'own-deployments',
          sumMonths([...unadaptedParts.values(), ...ownParts.values()], horizon),
          inTaskOrder([
            ...unadaptedRows,
            ...adapted.map((t) => ({ name: t.name, strategy: t.adaptedStrategy as StrategyId, serving: (costOf(t, t.adaptedStrategy as StrategyId).hosting ? 'own fleet' : 'none') as PortfolioOption['perTask'][number]['serving'], horizonTotalUSD: totalOf(ownParts.get(t.name) as OptionMonth[]) })),
          ]),
          rate,
          `sum over tasks: each adapted task's single-task ${adapted.map((t) => `${t.adaptedStrategy} (${t.name})`).join(', ')} on its own fleet, merged adapter at full throughput, its own minimum replicas; the other tasks' ${[...unadaptedParts.keys()].map((n) => `${tasks.find((t) => t.name === n)?.unadaptedStrategy} (${n})`).join(', ') || 'none'}`,
        )

  // (c) one shared multi-LoRA fleet.
  const selfHosted = base.smallModel.hosting.kind === 'self-hosted'
  const multiLora = multiLoraParameters(portfolio.input.multiLora)
  let shared: PortfolioOption
  let sharedFleet: SharedFleetReport | null = null
  if (adapted.length === 0) shared = unavailable('shared-multi-lora', 'no task is adapted')
  else if (!selfHosted) shared = unavailable('shared-multi-lora', 'the base scenario hosts the small model on an API: there is no fleet to share')
  else {
    const factor = multiLoraFactor(adapted.length, multiLora)
    const baseHosting = costOf(adapted[0] as TaskDecision, (adapted[0] as TaskDecision).adaptedStrategy as StrategyId).hosting as GpuHosting
    const rest = adapted.map((t) => monthlyTimeline(withoutHosting(costOf(t, t.adaptedStrategy as StrategyId)), t.analysis.path))
    const timelines = adapted.map((t) => t.analysis.timelines[t.adaptedStrategy as StrategyId] as MonthCost[])
    const fleetMonths: SharedFleetMonth[] = []
    for (let m = 1; m <= horizon; m++) {
      const loads: FleetLoad[] = adapted.map((t, i) => ({ name: t.name, requests: ((timelines[i] as MonthCost[])[m] as MonthCost).requests, mergedRequestsPerSecond: t.mergedRequestsPerSecond as number }))
      fleetMonths.push(sharedFleetMonth(loads, factor, baseHosting))
    }
    // Each adapted task: its costs without hosting, plus its share of the fleet each month.
    const taskParts = adapted.map((_, i) => {
      const restMonths = rest[i] as MonthCost[]
      let cumulative = 0
      return restMonths.map((m): OptionMonth => {
        const fleet = m.month === 0 ? null : (fleetMonths[m.month - 1] as SharedFleetMonth)
        const share = fleet ? (fleet.shares[i] as number) : 0
        const hostingUSD = fleet ? share * fleet.usd : 0
        const totalUSD = m.totalUSD + hostingUSD
        cumulative += totalUSD
        return { month: m.month, totalUSD, cumulativeUSD: cumulative, hostingUSD, gpuHours: fleet ? share * fleet.gpuHours : 0 }
      })
    })
    shared = option(
      'shared-multi-lora',
      sumMonths([...unadaptedParts.values(), ...taskParts], horizon),
      inTaskOrder([
        ...unadaptedRows,
        ...adapted.map((t, i) => ({ name: t.name, strategy: t.adaptedStrategy as StrategyId, serving: 'shared fleet' as const, horizonTotalUSD: totalOf(taskParts[i] as OptionMonth[]) })),
      ]),
      rate,
      `sum over tasks: each adapted task's ${adapted.map((t) => t.adaptedStrategy).join('/')} costs without its own GPU hosting, plus one fleet for ${adapted.length} adapters at ${factor.toFixed(4)}x the merged throughput (${multiLora.formula}); the fleet each month: ${(fleetMonths[0] as SharedFleetMonth).formula} (month 1)`,
    )
    const month1 = fleetMonths[0] as SharedFleetMonth
    const fleetHorizonUSD = fleetMonths.reduce((sum, f) => sum + f.usd, 0)
    sharedFleet = {
      adapters: adapted.length,
      factor,
      multiLora,
      month1: { ...month1, breakdown: sharedFleetBreakdown(month1, baseHosting) },
      ownDeploymentsMonth1GpuHours: adapted.reduce((sum, t) => sum + ((ownParts.get(t.name) as OptionMonth[])[1] as OptionMonth).gpuHours, 0),
      shares: adapted.map((t, i) => {
        const horizonUSD = (taskParts[i] as OptionMonth[]).reduce((sum, m) => sum + m.hostingUSD, 0)
        return {
          name: t.name,
          mergedRequestsPerSecond: t.mergedRequestsPerSecond as number,
          sharedRequestsPerSecond: (t.mergedRequestsPerSecond as number) * factor,
          month1Requests: ((timelines[i] as MonthCost[])[1] as MonthCost).requests,
          month1Share: month1.shares[i] as number,
          month1GpuHours: (month1.shares[i] as number) * month1.gpuHours,
          month1USD: (month1.shares[i] as number) * month1.usd,
          horizonUSD,
          horizonShare: fleetHorizonUSD > 0 ? horizonUSD / fleetHorizonUSD : 0,
        }
      }),
    }
  }

  // (d) serverless LoRA per token.
  const offer = portfolio.input.serverlessLora ? resolveServerlessLoraOffer(portfolio.input.serverlessLora, portfolio.name) : null
  let serverless: PortfolioOption
  if (adapted.length === 0) serverless = unavailable('serverless-lora', 'no task is adapted')
  else if (!offer) serverless = unavailable('serverless-lora', 'the portfolio states no serverlessLora offer (give one: there is no default price)')
  else if (!selfHosted) serverless = unavailable('serverless-lora', 'the base scenario already serves the small model per token on an API')
  else {
    const parts = adapted.map((t) => {
      const id = t.adaptedStrategy as StrategyId
      const ctx = pricingContext(t.analysis.scenario)
      const inputTokens = adaptedInputTokens(ctx, contextTokensOf(ctx, id === 'distill+rag'))
      const request = serverlessLoraRequest(offer, inputTokens, t.analysis.scenario.task.outputTokens)
      return asOptionMonths(monthlyTimeline(withoutHosting(costOf(t, id), [{ name: 'serverless LoRA tokens', usd: request.usd, formula: request.formula }]), t.analysis.path))
    })
    serverless = option(
      'serverless-lora',
      sumMonths([...unadaptedParts.values(), ...parts], horizon),
      inTaskOrder([
        ...unadaptedRows,
        ...adapted.map((t, i) => ({ name: t.name, strategy: t.adaptedStrategy as StrategyId, serving: 'serverless LoRA' as const, horizonTotalUSD: totalOf(parts[i] as OptionMonth[]) })),
      ]),
      rate,
      `sum over tasks: each adapted task's costs without GPU hosting, plus per request its adapted prompt and output at ${offer.provider}'s price (${offer.source}); the training runs are still paid as the scenario prices them`,
    )
  }

  const options = [promptAll, own, shared, serverless]
  for (const o of options) if (o.available && o !== promptAll) o.paybackMonths = paybackMonths(o.months, promptAll.months)
  return {
    name: portfolio.name,
    ...(portfolio.description !== undefined ? { description: portfolio.description } : {}),
    horizonMonths: horizon,
    annualDiscountRate: rate,
    tasks,
    options,
    sharedFleet,
    serverlessLora: offer,
    recommendation: portfolioRecommendation(options, tasks, sharedFleet, horizon, rate),
    adaptRule: ADAPT_RULE,
  }
}

/** The cheapest available option over the horizon, with its reasons and warnings. */
function portfolioRecommendation(options: PortfolioOption[], tasks: TaskDecision[], fleet: SharedFleetReport | null, horizon: number, rate: number): PortfolioDecision['recommendation'] {
  const available = options.filter((o) => o.available).sort((a, b) => a.horizonTotalUSD - b.horizonTotalUSD)
  const chosen = available[0] as PortfolioOption
  const baseline = options[0] as PortfolioOption
  const runnerUp = available[1]
  const reasons: Reason[] = []
  const warnings: Reason[] = []
  const adapted = tasks.filter((t) => t.adaptedStrategy !== null)
  reasons.push({
    rule: 'cheapest-all-in',
    text:
      `${chosen.label} is the cheapest option over ${horizon} months: ${formatUSD(chosen.horizonTotalUSD)}` +
      (chosen === baseline ? '' : ` against ${formatUSD(baseline.horizonTotalUSD)} for prompting every task, saving ${formatUSD(baseline.horizonTotalUSD - chosen.horizonTotalUSD)} (${formatUSD(baseline.presentValueUSD - chosen.presentValueUSD)} in present value at ${formatPercent(rate)} a year)`) +
      (runnerUp ? `; next: ${runnerUp.label} at ${formatUSD(runnerUp.horizonTotalUSD)}` : ''),
  })
  if (chosen.paybackMonths !== null) reasons.push({ rule: 'payback', text: `cumulative cost falls to prompting every task's in month ${chosen.paybackMonths.toFixed(1)}` })
  reasons.push({
    rule: 'adapted-tasks',
    text:
      adapted.length === 0
        ? 'no task is adapted: each task\'s own decision keeps it on the frontier model'
        : `adapted: ${adapted.map((t) => `${t.name} (${t.adaptedStrategy}: ${t.adaptReason})`).join('; ')}; not adapted: ${tasks.filter((t) => t.adaptedStrategy === null).map((t) => `${t.name} (${t.unadaptedStrategy}: ${t.adaptReason})`).join('; ') || 'none'}`,
  })
  if (fleet && (chosen.id === 'shared-multi-lora' || chosen.id === 'own-deployments')) {
    reasons.push({
      rule: 'shared-fleet',
      text: `month 1: one shared fleet needs ${formatNumber(fleet.month1.gpuHours, 0)} GPU-hours for ${fleet.adapters} adapters at ${formatPercent(fleet.factor)} of the merged throughput (the minimum of ${fleet.month1.parameters.minReplicas} replicas paid once), against ${formatNumber(fleet.ownDeploymentsMonth1GpuHours, 0)} GPU-hours for one deployment per task`,
    })
  }
  const cheapestPV = [...options.filter((o) => o.available)].sort((a, b) => a.presentValueUSD - b.presentValueUSD)[0] as PortfolioOption
  if (cheapestPV.id !== chosen.id) {
    warnings.push({ rule: 'discounting', text: `discounted at ${formatPercent(rate)} a year, ${cheapestPV.label} has the lower present value (${formatUSD(cheapestPV.presentValueUSD)} against ${formatUSD(chosen.presentValueUSD)}): the choice is close` })
  }
  if (runnerUp && Math.abs(runnerUp.horizonTotalUSD - chosen.horizonTotalUSD) < 0.05 * chosen.horizonTotalUSD) {
    warnings.push({ rule: 'close-call', text: `${runnerUp.label} is within 5 % (${formatUSD(runnerUp.horizonTotalUSD - chosen.horizonTotalUSD)} more over ${horizon} months)` })
  }
  if (chosen.id === 'shared-multi-lora' && fleet && fleet.multiLora.origin !== 'stated') {
    warnings.push({ rule: 'multi-lora-penalty', text: `the multi-LoRA penalty is fitted from published benchmarks on other models and GPUs (${formatPercent(fleet.factor)} of merged throughput): load-test your adapters on the shared base and state unmergedFactor` })
  }
  for (const option of options.filter((o) => !o.available)) warnings.push({ rule: 'option-unavailable', text: `${option.label}: not compared (${option.why})` })
  return { id: chosen.id, label: chosen.label, reasons, warnings }
}
