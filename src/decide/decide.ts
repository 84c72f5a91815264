/**
 * The decision: the rules decide which strategies fit the task; among those that fit and reach
 * the quality target, the cheapest all-in over the horizon wins (undiscounted, like breakeven and
 * payback; a warning says when discounting would rank them differently). The
 * recommendation carries its reasons (the rule and the numbers), its warnings, what was ruled
 * out and why, and what would change it.
 */
import type { Analysis, StrategyEconomics } from '../breakeven/analysis.js'
import { formatPercent, formatUSD, formatVolume } from '../format.js'
import type { StrategyId } from '../scenario/schema.js'
import { evaluateRules, type Finding } from './rules.js'
import { frontierPriceBreakeven, volumeSwitches } from './sensitivity.js'

/** A reason: the rule it comes from and what it says, with numbers. */
export interface Reason {
  rule: string
  text: string
}

/** The recommended strategy and everything that explains it. */
export interface Recommendation {
  id: StrategyId
  label: string
  /** Combinations applied on top, e.g. `constrained decoding`. */
  modifiers: string[]
  reasons: Reason[]
  warnings: Reason[]
  ruledOut: { id: StrategyId; reasons: Reason[] }[]
  /** Strategies that fit, cheapest first by horizon total. */
  ranking: { id: StrategyId; horizonTotalUSD: number; presentValueUSD: number }[]
  whatWouldChange: string[]
}

const reason = (f: Finding): Reason => ({ rule: f.rule, text: f.text })

function economicsReasons(chosen: StrategyEconomics, baseline: StrategyEconomics, analysis: Analysis, runnerUp?: StrategyEconomics): Reason[] {
  const { task } = analysis.scenario
  const horizon = `${task.horizonMonths} months`
  const out: Reason[] = []
  if (chosen.id === 'prompt') {
    out.push({
      rule: 'cheapest-all-in',
      text:
        `prompting is the cheapest fitting strategy all-in over ${horizon}: ${formatUSD(chosen.horizonTotalUSD)}` +
        (runnerUp ? ` against ${formatUSD(runnerUp.horizonTotalUSD)} for ${runnerUp.id}` : ''),
    })
    return out
  }
  const saved = baseline.horizonTotalUSD - chosen.horizonTotalUSD
  out.push({
    rule: 'cheapest-all-in',
    text:
      `cheapest fitting strategy all-in over ${horizon}: ${formatUSD(chosen.horizonTotalUSD)} against ${formatUSD(baseline.horizonTotalUSD)} for prompting, ` +
      (saved >= 0
        ? `saving ${formatUSD(saved)} (${formatUSD(chosen.npvSavingsUSD)} in present value at ${formatPercent(analysis.scenario.task.annualDiscountRate)} a year)`
        : `${formatUSD(-saved)} more, the price of meeting what prompting alone does not (see what was ruled out)`),
  })
  if (chosen.breakevenRequestsPerMonth !== null) {
    const ratio = task.requestsPerMonth / Math.max(chosen.breakevenRequestsPerMonth, 1e-9)
    out.push({
      rule: 'breakeven',
      text: `breaks even with prompting at ${formatVolume(chosen.breakevenRequestsPerMonth)}; the task runs ${formatVolume(task.requestsPerMonth)}` +
        (Number.isFinite(ratio) && chosen.breakevenRequestsPerMonth > 0 ? ` (${ratio.toFixed(1)}x the breakeven)` : ''),
    })
  }
  if (chosen.paybackMonths !== null) {
    out.push({
      rule: 'payback',
      text: `the one-time ${formatUSD(chosen.oneTimeUSD)} pays back in month ${chosen.paybackMonths.toFixed(1)}; per request ${formatUSD(chosen.perRequestUSD)} against ${formatUSD(baseline.perRequestUSD)} prompting`,
    })
  }
  return out
}

function whatWouldChange(chosen: StrategyEconomics, fitting: StrategyEconomics[], analysis: Analysis): string[] {
  const { task } = analysis.scenario
  const out: string[] = []
  const fittingCosts = analysis.costs.filter((c) => fitting.some((f) => f.id === c.id))
  const { firstMonthRequests: _first, ...horizon } = analysis.path
  for (const change of volumeSwitches(fittingCosts, horizon, task.requestsPerMonth)) {
    out.push(
      `${change.direction} ${formatVolume(change.volume)} (now ${formatVolume(task.requestsPerMonth)}), ${change.id} becomes the cheapest fitting strategy`,
    )
  }
  const scale = frontierPriceBreakeven(analysis.scenario, chosen.id)
  if (scale !== null && scale < 1) {
    out.push(`if frontier token prices fell ${formatPercent(1 - scale)} (to ${formatPercent(scale)} of today's), prompting would cost as much as ${chosen.id} over ${task.horizonMonths} months`)
  }
  if (chosen.id !== 'prompt' && chosen.quality - task.qualityTarget < 0.02) {
    out.push(`expected quality ${formatPercent(chosen.quality)} is within 2 points of the target ${formatPercent(task.qualityTarget)}: measure agreement on a held-out set before shipping`)
  }
  return out
}

/**
 * Decides which strategy to recommend for an analysed scenario.
 *
 * @example
 * decide(analyseScenario(defaultScenario())).id // => 'distill'
 */
export function decide(analysis: Analysis): Recommendation {
  const findings = evaluateRules(analysis.scenario, analysis)
  const byId = new Map(analysis.strategies.map((s) => [s.id, s]))
  const baseline = byId.get('prompt') as StrategyEconomics
  const excludedBy = new Map<StrategyId, Finding[]>()
  for (const f of findings.filter((f) => f.effect === 'exclude')) {
    for (const id of f.strategies) excludedBy.set(id, [...(excludedBy.get(id) ?? []), f])
  }
  const fitting = analysis.strategies
    .filter((s) => !excludedBy.has(s.id))
    .sort((a, b) => a.horizonTotalUSD - b.horizonTotalUSD)
  const warnings: Reason[] = []
  // Nothing fits (every strategy misses the quality target, say): prompt, and say so.
  const chosen: StrategyEconomics = fitting[0] ?? baseline
  if (fitting.length === 0) {
    warnings.push({ rule: 'nothing-fits', text: 'no strategy passes every rule; falling back to prompting the frontier model, the least irreversible choice' })
  }
  const about = (f: Finding) => f.strategies.includes(chosen.id)
  const reasons: Reason[] = [
    ...economicsReasons(chosen, baseline, analysis, fitting[1]),
    ...findings.filter((f) => f.effect === 'favour' && about(f)).map(reason),
  ]
  reasons.push({
    rule: 'quality-target',
    text: `expected quality ${formatPercent(chosen.quality)} against the target ${formatPercent(analysis.scenario.task.qualityTarget)}`,
  })
  const modifiers = findings.filter((f) => f.effect === 'modify' && about(f))
  reasons.push(...modifiers.map(reason))
  const relevantWarnings = findings.filter((f) => f.effect === 'warn' && (about(f) || (chosen.id === 'prompt' && f.rule === 'volume-below-breakeven')))
  warnings.push(...relevantWarnings.map(reason))
  // A wrong move the rules prevented: the cheapest strategy overall was excluded.
  const cheapestOverall = [...analysis.strategies].sort((a, b) => a.horizonTotalUSD - b.horizonTotalUSD)[0]
  if (cheapestOverall && cheapestOverall.id !== chosen.id && excludedBy.has(cheapestOverall.id)) {
    const why = (excludedBy.get(cheapestOverall.id) as Finding[]).map((f) => f.text).join('; ')
    warnings.push({
      rule: 'cheapest-excluded',
      text: `${cheapestOverall.id} would be cheapest (${formatUSD(cheapestOverall.horizonTotalUSD)} over ${analysis.scenario.task.horizonMonths} months) but is ruled out: ${why}`,
    })
  }
  const cheapestInPresentValue = [...fitting].sort((a, b) => a.presentValueUSD - b.presentValueUSD)[0]
  if (cheapestInPresentValue && cheapestInPresentValue.id !== chosen.id) {
    warnings.push({
      rule: 'discounting',
      text: `discounted at ${formatPercent(analysis.scenario.task.annualDiscountRate)} a year, ${cheapestInPresentValue.id} has the lower present value (${formatUSD(cheapestInPresentValue.presentValueUSD)} against ${formatUSD(chosen.presentValueUSD)}): the choice is close`,
    })
  }
  const trained = chosen.id !== 'prompt' && chosen.id !== 'rag'
  const modifierNames = modifiers.length === 0 ? [] : trained ? ['constrained decoding'] : ['structured outputs']
  return {
    id: chosen.id,
    label: chosen.label + (trained && modifierNames.length > 0 ? ' + constrained decoding' : ''),
    modifiers: modifierNames,
    reasons,
    warnings,
    ruledOut: [...excludedBy.entries()].map(([id, fs]) => ({ id, reasons: fs.map(reason) })),
    ranking: fitting.map((s) => ({ id: s.id, horizonTotalUSD: s.horizonTotalUSD, presentValueUSD: s.presentValueUSD })),
    whatWouldChange: whatWouldChange(chosen, fitting, analysis),
  }
}
