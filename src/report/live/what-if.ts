/**
 * The what-if engine of the live report: a scenario's inputs that move the answer most, as
 * controls with ranges; a scenario with some of them changed; and everything the report shows
 * that depends on them (the three headline numbers, the strategy table, the recommendation with
 * its reasons, the figures), as data and as HTML fragments. Pure and free of Node: the same code
 * renders the report in Node and runs in the page (bundled by scripts/build.mjs), so what the
 * controls show is what `payback decide` prints for the same inputs.
 */
import { analyseScenario, type Analysis, type StrategyEconomics } from '../../breakeven/analysis.js'
import { pricingContext } from '../../costs/pricing-context.js'
import { decide, type Recommendation } from '../../decide/decide.js'
import { strategyCells } from '../../decide/strategy-row.js'
import { formatPercent, formatUSD, formatVolume } from '../../format.js'
import type { Scenario, StrategyId } from '../../scenario/schema.js'
import { costBreakdownFigure, costVersusVolumeFigure, cumulativeCostFigure, type PlotlyFigure } from '../figures.js'

/** How a control's value is shown. */
export type ControlFormat = 'volume' | 'percent' | 'usd' | 'factor' | 'months' | 'usdPerHour'

/** One what-if control: an input of the scenario, its range and how far it moves the answer. */
export interface WhatIfControl {
  id: string
  label: string
  /** The JSON pointer it sets; `frontierPriceFactor` scales every frontier token price instead. */
  path: string
  format: ControlFormat
  /** The scenario's value. */
  value: number
  min: number
  max: number
  /** Slider step (in the slider's units: log10 of the value for log controls). */
  step: number
  log: boolean
  integer: boolean
  /** How much the focus strategy's horizon savings against prompting move across the control's plausible span (USD): the order of the controls. */
  swingUSD: number
}

/** The values a what-if changes: control id -> value. */
export type WhatIfValues = Readonly<Record<string, number>>

/** The special path of the frontier price control. */
export const FRONTIER_PRICE_FACTOR = 'frontierPriceFactor'

function setAt(target: unknown, pointer: string, value: number): void {
  const keys = pointer.slice(1).split('/')
  let node = target as Record<string, unknown>
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>
  node[keys[keys.length - 1] as string] = value
}

/**
 * The scenario with the what-if values applied (a copy). The frontier price factor writes the
 * frontier's token prices explicitly, scaled (the teacher pays them too); every other control
 * sets its field.
 *
 * @example
 * const scenario = applyWhatIf(defaultScenario(), { volume: 1e6, frontierPrice: 0.5 }, defaultWhatIfControls(defaultScenario()))
 * scenario.task.requestsPerMonth // => 1_000_000
 * scenario.frontier.prices // => { inputPerMTokUSD: 1, outputPerMTokUSD: 4, cacheReadPerMTokUSD: 0.25 }
 */
export function applyWhatIf(base: Scenario, values: WhatIfValues, controls: readonly Pick<WhatIfControl, 'id' | 'path' | 'value'>[]): Scenario {
  const scenario = structuredClone(base)
  for (const control of controls) {
    const value = values[control.id]
    if (value === undefined || value === control.value) continue
    if (control.path === FRONTIER_PRICE_FACTOR) {
      const priced = pricingContext(base).frontier
      scenario.frontier.prices = {
        inputPerMTokUSD: priced.inputPerMTokUSD * value,
        outputPerMTokUSD: priced.outputPerMTokUSD * value,
        ...(priced.cacheReadPerMTokUSD === undefined ? {} : { cacheReadPerMTokUSD: priced.cacheReadPerMTokUSD * value }),
        ...(priced.cacheWritePerMTokUSD === undefined ? {} : { cacheWritePerMTokUSD: priced.cacheWritePerMTokUSD * value }),
      }
    } else {
      setAt(scenario, control.path, value)
    }
  }
  return scenario
}

/** A control before its swing is known. */
type ControlSpec = Omit<WhatIfControl, 'swingUSD'> & {
  /** The plausible low and high the swing is measured at. */
  span: [number, number]
}

/** The candidate controls of a scenario (those its hosting has), with ranges around its values. */
function controlSpecs(scenario: Scenario): ControlSpec[] {
  const { task, frontier, adaptation, hardTail, people, smallModel } = scenario
  const specs: ControlSpec[] = [
    {
      id: 'volume', label: 'requests in month 1', path: '/task/requestsPerMonth', format: 'volume', value: task.requestsPerMonth,
      min: task.requestsPerMonth / 100, max: task.requestsPerMonth * 100, step: 0.01, log: true, integer: false, span: [task.requestsPerMonth / 2, task.requestsPerMonth * 2],
    },
    {
      id: 'growth', label: 'monthly growth', path: '/task/monthlyGrowth', format: 'percent', value: task.monthlyGrowth,
      min: Math.min(-0.1, task.monthlyGrowth), max: Math.max(0.3, task.monthlyGrowth), step: 0.001, log: false, integer: false, span: [task.monthlyGrowth - 0.02, task.monthlyGrowth + 0.02],
    },
    {
      id: 'frontierPrice', label: 'frontier token prices (x today\'s)', path: FRONTIER_PRICE_FACTOR, format: 'factor', value: 1,
      min: 0.05, max: 5, step: 0.01, log: true, integer: false, span: [0.5, 1.5],
    },
    {
      id: 'priceTrend', label: 'frontier price change a month', path: '/frontier/priceChangePerMonth', format: 'percent', value: frontier.priceChangePerMonth,
      min: Math.min(-0.2, frontier.priceChangePerMonth), max: Math.max(0.1, frontier.priceChangePerMonth), step: 0.001, log: false, integer: false,
      span: [frontier.priceChangePerMonth - 0.02, frontier.priceChangePerMonth + 0.02],
    },
    {
      id: 'passRate', label: 'teacher pass rate', path: '/adaptation/teacherPassRate', format: 'percent', value: adaptation.teacherPassRate,
      min: 0.05, max: 1, step: 0.005, log: false, integer: false, span: [Math.max(0.05, adaptation.teacherPassRate - 0.15), Math.min(1, adaptation.teacherPassRate + 0.1)],
    },
    {
      id: 'escalation', label: 'share escalated to the frontier', path: '/hardTail/escalationShare', format: 'percent', value: hardTail.escalationShare,
      min: 0, max: Math.max(0.6, hardTail.escalationShare), step: 0.001, log: false, integer: false, span: [hardTail.escalationShare / 2, Math.min(1, hardTail.escalationShare * 2)],
    },
    {
      id: 'people', label: 'loaded cost of a person-month', path: '/people/loadedMonthlyUSD', format: 'usd', value: people.loadedMonthlyUSD,
      min: people.loadedMonthlyUSD / 4, max: people.loadedMonthlyUSD * 4, step: 0.01, log: true, integer: false, span: [people.loadedMonthlyUSD * 0.75, people.loadedMonthlyUSD * 1.25],
    },
    {
      id: 'horizon', label: 'horizon (months)', path: '/task/horizonMonths', format: 'months', value: task.horizonMonths,
      min: 3, max: 120, step: 1, log: false, integer: true, span: [Math.max(3, Math.round(task.horizonMonths / 2)), Math.min(120, task.horizonMonths * 2)],
    },
  ]
  const hosting = smallModel.hosting
  if (hosting.kind === 'self-hosted') {
    const price = hosting.gpuHourUSD ?? pricingContext(scenario).selfHosted?.serving.gpuHourUSD ?? 1
    specs.splice(6, 0, {
      id: 'gpuPrice', label: 'GPU-hour price', path: '/smallModel/hosting/gpuHourUSD', format: 'usdPerHour', value: price,
      min: price / 4, max: price * 4, step: 0.01, log: true, integer: false, span: [price * 0.5, price * 1.5],
    })
  }
  // A log control needs a positive value: one at 0 (a free GPU, people not counted) slides linearly
  // from 0 instead, up to a plausible ceiling (a $20,000 person-month x 4, a $4 GPU-hour x 4).
  const ceiling: Record<string, number> = { people: 80_000, gpuPrice: 16 }
  return specs.map((spec) =>
    spec.log && !(spec.value > 0) ? { ...spec, log: false, min: 0, max: ceiling[spec.id] ?? 1, step: (ceiling[spec.id] ?? 1) / 1000, span: [0, (ceiling[spec.id] ?? 1) / 4] } : spec,
  )
}

/** The strategy the swings are about: the recommendation, or when that is prompting the cheapest other strategy. */
function focusOf(analysis: Analysis, recommendation: Recommendation): StrategyId {
  if (recommendation.id !== 'prompt') return recommendation.id
  const others = analysis.strategies.filter((s) => s.id !== 'prompt').sort((a, b) => a.horizonTotalUSD - b.horizonTotalUSD)
  return (others[0]?.id ?? 'prompt') as StrategyId
}

/** The focus strategy's horizon savings against prompting (USD). */
function savingsOf(scenario: Scenario, focus: StrategyId): number {
  const analysis = analyseScenario(scenario)
  const prompt = analysis.strategies.find((s) => s.id === 'prompt') as StrategyEconomics
  const chosen = analysis.strategies.find((s) => s.id === focus) as StrategyEconomics
  return prompt.horizonTotalUSD - chosen.horizonTotalUSD
}

/**
 * The what-if controls of a scenario, ordered by how far each moves the answer: for each input, the
 * focus strategy's (the recommendation, or the cheapest adaptation when that is prompting) horizon
 * savings against prompting at a plausible low and high (volume halved and doubled, growth and
 * price trend 2 points either side, prices and people costs -50 %/+50 % or -25 %/+25 %, pass rate
 * -15/+10 points, escalation halved and doubled, horizon halved and doubled), one at a time: a
 * deterministic tornado.
 *
 * @example
 * const controls = defaultWhatIfControls(defaultScenario())
 * controls.map((c) => c.id).slice(0, 3) // => ['horizon', 'volume', 'frontierPrice'] (the default's horizon doubled moves distill's savings most)
 * controls.every((c) => c.min <= c.value && c.value <= c.max) // => true
 */
export function defaultWhatIfControls(scenario: Scenario): WhatIfControl[] {
  const analysis = analyseScenario(scenario)
  const focus = focusOf(analysis, decide(analysis))
  const specs = controlSpecs(scenario)
  const controls = specs.map(({ span, ...control }) => {
    const low = savingsOf(applyWhatIf(scenario, { [control.id]: span[0] }, [control]), focus)
    const high = savingsOf(applyWhatIf(scenario, { [control.id]: span[1] }, [control]), focus)
    return { ...control, swingUSD: Math.abs(high - low) }
  })
  return controls.sort((a, b) => b.swingUSD - a.swingUSD || a.id.localeCompare(b.id))
}

/** Everything the live parts of the report show for one scenario. */
export interface LiveView {
  scenario: Scenario
  recommendation: Recommendation
  strategies: StrategyEconomics[]
  /** The three headline numbers: label and text. */
  headline: [string, string][]
  figures: PlotlyFigure[]
}

/**
 * The live parts of the report for a scenario: the analysis, the recommendation, the headline
 * numbers and the three cost figures. The same functions `payback decide` uses.
 *
 * @example
 * const view = liveView(defaultScenario())
 * view.recommendation.id // => 'distill'
 * view.headline // => [['present value saved vs prompting', '$103,059'], ['breakeven volume', '2.62M/month'], ['payback', 'month 6.7']]
 */
export function liveView(scenario: Scenario): LiveView {
  const analysis = analyseScenario(scenario)
  return liveViewOf(analysis, decide(analysis))
}

/** {@link liveView} of an analysis and its recommendation the caller already has (the report's). */
export function liveViewOf(analysis: Analysis, recommendation: Recommendation): LiveView {
  const scenario = analysis.scenario
  const chosen = analysis.strategies.find((s) => s.id === recommendation.id)
  const months = scenario.task.horizonMonths
  const headline: [string, string][] = chosen
    ? [
        ['present value saved vs prompting', formatUSD(chosen.npvSavingsUSD)],
        ['breakeven volume', chosen.id === 'prompt' ? '–' : chosen.breakevenRequestsPerMonth === null ? 'never' : formatVolume(chosen.breakevenRequestsPerMonth)],
        ['payback', chosen.id === 'prompt' ? 'nothing to pay back' : chosen.paybackMonths === null ? `not within ${months} months` : `month ${chosen.paybackMonths.toFixed(1)}`],
      ]
    : []
  return {
    scenario,
    recommendation,
    strategies: analysis.strategies,
    headline,
    figures: [costVersusVolumeFigure(analysis), cumulativeCostFigure(analysis), costBreakdownFigure(analysis)],
  }
}

/**
 * Escapes text for HTML element content and attribute values.
 *
 * @example
 * escapeHtml('<a & "b">') // => '&lt;a &amp; &quot;b&quot;&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string)
}

const reasonItem = (r: { rule: string; text: string }, cls = '') =>
  `<li${cls ? ` class="${cls}"` : ''}>${escapeHtml(r.text)} <span class="rule">[${escapeHtml(r.rule)}]</span></li>`

/** The recommendation block: title, the three numbers, reasons, warnings, ruled out, what would change it. */
export function recommendationHtml(view: LiveView): string {
  const { recommendation } = view
  const list = (title: string, items: string[]) => (items.length > 0 ? `<h3>${title}</h3><ul>${items.join('')}</ul>` : '')
  return `<h2>Recommendation: ${escapeHtml(recommendation.label)}</h2>
<div class="numbers">${view.headline.map(([k, v]) => `<div>${escapeHtml(k)}<strong>${escapeHtml(v)}</strong></div>`).join('')}</div>
<ul>${recommendation.reasons.map((r) => reasonItem(r)).join('')}</ul>
${list('Warnings', recommendation.warnings.map((w) => reasonItem(w, 'warn')))}
${list('Ruled out', recommendation.ruledOut.map((r) => `<li><strong>${escapeHtml(r.id)}</strong>: ${r.reasons.map((x) => `${escapeHtml(x.text)} <span class="rule">[${escapeHtml(x.rule)}]</span>`).join('; ')}</li>`))}
${list('What would change it', recommendation.whatWouldChange.map((w) => `<li>${escapeHtml(w)}</li>`))}`
}

/** The strategy table: one row per strategy, the recommendation highlighted. */
export function strategyTableHtml(view: LiveView): string {
  const months = view.scenario.task.horizonMonths
  const rows = view.strategies.map((s) => {
    const cells = [`<strong>${escapeHtml(s.id)}</strong><br><span class="formula">${escapeHtml(s.label)}</span>`, ...strategyCells(s, months).map(escapeHtml)]
    return `<tr data-strategy="${escapeHtml(s.id)}"${s.id === view.recommendation.id ? ' class="chosen"' : ''}>${cells.map((c, i) => `<td class="${i > 0 ? 'num' : 'strategy'}">${c}</td>`).join('')}</tr>`
  })
  const headers = ['strategy', 'per request', 'one-time', 'fixed / month', `${months}-month total`, 'present value', 'breakeven', 'payback', 'quality']
  return `<div class="scroll"><table><thead><tr>${headers.map((h, i) => `<th${i > 0 ? ' class="num"' : ''}>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`
}

/**
 * A control's value as text, in its units.
 *
 * @example
 * formatControlValue('volume', 2.5e6) // => '2.50M/month'
 * formatControlValue('factor', 0.5) // => '50 % of today'
 */
export function formatControlValue(format: ControlFormat, value: number): string {
  switch (format) {
    case 'volume':
      return formatVolume(value)
    case 'percent':
      return formatPercent(value)
    case 'usd':
      return formatUSD(value)
    case 'usdPerHour':
      return `${formatUSD(value)}/GPU-hour`
    case 'factor':
      return `${formatPercent(value, 0)} of today`
    case 'months':
      return `${Math.round(value)} months`
  }
}

/** Whether a what-if value differs from the scenario's (by more than rounding). */
export function changedControls(values: WhatIfValues, controls: readonly WhatIfControl[]): WhatIfControl[] {
  return controls.filter((c) => {
    const v = values[c.id]
    return v !== undefined && Math.abs(v - c.value) > 1e-9 * Math.max(1, Math.abs(c.value))
  })
}
