/**
 * The decision report: one self-contained HTML page (plotly.js inlined once, no network) that a
 * lead can send to stakeholders. It holds the decision and its reasons, the figures, every cost
 * part with its formula, the inputs and the provenance.
 */
import type { Analysis } from '../breakeven/analysis.js'
import type { DecisionResult } from '../decide/result.js'
import type { ServingSummary } from '../decide/serving-summary.js'
import { formatCount, formatNumber, formatPercent, formatUSD, formatVolume } from '../format.js'
import type { AppliedMeasurements } from '../measured/overlay.js'
import type { StressResult } from '../decide/stress.js'
import { strategyCells } from '../decide/strategy-row.js'
import { costBreakdownFigure, costVersusVolumeFigure, cumulativeCostFigure, scalingVolumeFigure, type PlotlyFigure } from './figures.js'
import { createPlotlySession, plotlyFigureHtml } from './plotly-display.js'
import type { AppliedDefault } from '../scenario/defaults.js'

/**
 * Escapes text for HTML element content and attribute values.
 *
 * @example
 * escapeHtml('<a & "b">') // => '&lt;a &amp; &quot;b&quot;&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string)
}

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1100px; margin: 2rem auto; padding: 0 1rem; color: #2e3440; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #d8dee9; padding-bottom: 0.2rem; }
.lede { color: #4c566a; margin-top: 0; }
.decision { background: #eceff4; border-left: 6px solid #a3be8c; padding: 0.8rem 1.2rem; margin: 1.2rem 0; }
.decision h2 { border: none; margin: 0 0 0.4rem 0; }
.numbers { display: flex; gap: 1.2rem; flex-wrap: wrap; margin: 1rem 0; }
.numbers div { background: #fff; border: 1px solid #d8dee9; border-radius: 6px; padding: 0.6rem 1rem; min-width: 12rem; }
.numbers strong { display: block; font-size: 1.4rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; margin: 0.6rem 0 1rem; }
th, td { border-bottom: 1px solid #e5e9f0; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
td.strategy { min-width: 11rem; }
.scroll { overflow-x: auto; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.chosen td { background: #f0f7ec; font-weight: 600; }
.formula { color: #4c566a; font-size: 0.82rem; }
.warn { color: #bf616a; } .rule { color: #81a1c1; font-size: 0.8rem; }
pre { background: #f6f8fa; padding: 0.8rem; overflow-x: auto; font-size: 0.8rem; }
.payback-plot { width: 100%; height: 460px; margin: 1rem 0; }
footer { margin-top: 3rem; color: #4c566a; font-size: 0.8rem; }
`

const reasonItem = (r: { rule: string; text: string }, cls = '') =>
  `<li${cls ? ` class="${cls}"` : ''}>${escapeHtml(r.text)} <span class="rule">[${escapeHtml(r.rule)}]</span></li>`

function strategyTable(result: DecisionResult): string {
  const months = result.scenario.task.horizonMonths
  const rows = result.strategies.map((s) => {
    const cells = [
      `<strong>${escapeHtml(s.id)}</strong><br><span class="formula">${escapeHtml(s.label)}</span>`,
      ...strategyCells(s, months).map(escapeHtml),
    ]
    return `<tr${s.id === result.recommendation.id ? ' class="chosen"' : ''}>${cells.map((c, i) => `<td class="${i > 0 ? 'num' : 'strategy'}">${c}</td>`).join('')}</tr>`
  })
  const headers = ['strategy', 'per request', 'one-time', 'fixed / month', `${months}-month total`, 'present value', 'breakeven', 'payback', 'quality']
  return `<div class="scroll"><table><thead><tr>${headers.map((h, i) => `<th${i > 0 ? ' class="num"' : ''}>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`
}

function breakdownTables(result: DecisionResult): string {
  return result.strategies
    .map((s) => {
      const groups: [string, { name: string; usd: number; formula: string }[]][] = [
        ['per request', s.breakdown.perRequest],
        ['one-time', s.breakdown.oneTime],
        ['per month', s.breakdown.monthlyFixed],
      ]
      if (s.breakdown.hosting) groups.push([`per month (${gpusText(s.breakdown.hosting)} in month 1)`, [s.breakdown.hosting]])
      if (s.breakdown.retraining) groups.push([`each retraining (every ${s.breakdown.retraining.everyMonths} months)`, s.breakdown.retraining.parts])
      const rows = groups.flatMap(([kind, parts]) =>
        parts.map((p) => `<tr><td>${escapeHtml(kind)}</td><td>${escapeHtml(p.name)}</td><td class="num">${formatUSD(p.usd)}</td><td class="formula">${escapeHtml(p.formula)}</td></tr>`),
      )
      return `<h3>${escapeHtml(s.id)}: ${escapeHtml(s.label)}</h3><table><thead><tr><th>when</th><th>part</th><th class="num">USD</th><th>formula</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    })
    .join('\n')
}

/** Month 1's GPUs: the replicas (always-on) or the average over the month (autoscaling, serverless). */
function gpusText(hosting: { gpus: number; scaling: string }): string {
  return hosting.scaling === 'always-on' ? `${hosting.gpus} GPUs` : `${formatNumber(hosting.gpus)} GPUs on average`
}

/** Self-hosted serving: throughput and its source, month 1's GPU-hours by cause, each way of paying. */
function servingSection(serving: ServingSummary, months: number, figureHtml: string): string {
  const model = serving.model
  const check =
    'error' in model
      ? `<p class="warn">The serving model has no plan: ${escapeHtml(model.error)}</p>`
      : serving.throughput.source === 'model'
        ? ''
        : `<p>The serving model, as a check, gives ${escapeHtml(formatNumber(model.requestsPerSecond))} req/s per GPU for the same prompt (batch ${escapeHtml(formatCount(model.batch))}, ${escapeHtml(formatNumber(model.ttftMs))} ms to the first token, ${escapeHtml(formatNumber(model.tpotMs))} ms a token).<br><span class="formula">${escapeHtml(model.formula)}</span></p>`
  const causes = ['busy', 'headroom', 'peak', 'minReplicas', 'scaleUpLag', 'idle', 'coldStarts'] as const
  const causeNames = ['busy', 'headroom', 'peak', 'min replicas', 'scale-up lag', 'idle', 'cold starts']
  const byCause = `<table><thead><tr><th>strategy</th>${causeNames.map((c) => `<th class="num">${c}</th>`).join('')}<th class="num">total</th><th class="num">USD</th></tr></thead><tbody>${serving.monthOne
    .map((each) => `<tr><td>${escapeHtml(each.id)}</td>${causes.map((c) => `<td class="num">${formatCount(Math.round(each.gpuHours[c]))}</td>`).join('')}<td class="num">${formatCount(Math.round(each.gpuHours.total))}</td><td class="num">${formatUSD(each.usd)}</td></tr>`)
    .join('')}</tbody></table>`
  const byScaling = `<table><thead><tr><th>way of paying</th><th>strategy</th><th class="num">GPU-hours, month 1</th><th class="num">${months}-month total</th><th class="num">breakeven vs prompt</th><th class="num">payback</th></tr></thead><tbody>${serving.byScaling
    .flatMap((option) =>
      option.strategies.map(
        (s, i) =>
          `<tr${option.ownScaling ? ' class="chosen"' : ''}><td>${i === 0 ? `${escapeHtml(option.scaling.kind)}<br><span class="formula">${escapeHtml(option.assumed)}</span>` : ''}</td><td>${escapeHtml(s.id)}</td><td class="num">${formatCount(Math.round(s.monthOneGpuHours))}</td><td class="num">${formatUSD(s.horizonTotalUSD)}</td><td class="num">${s.breakevenRequestsPerMonth === null ? 'never' : escapeHtml(formatVolume(s.breakevenRequestsPerMonth))}</td><td class="num">${s.paybackMonths === null ? '–' : `month ${s.paybackMonths.toFixed(1)}`}</td></tr>`,
      ),
    )
    .join('')}</tbody></table>`
  return `<section id="serving"><h2>Serving: ${escapeHtml(serving.gpu)}, ${escapeHtml(serving.scaling.kind)}</h2>
<p>Throughput: ${escapeHtml(serving.throughput.formula)}${serving.throughput.source === 'model' ? ': the scenario states no measured figure' : '; a stated figure overrides the serving model'}.${serving.throughputSource ? ` Where it comes from: ${escapeHtml(serving.throughputSource)}.` : ''} Traffic peaks at ${escapeHtml(formatNumber(serving.peakToAverage))}x the day's average.</p>
${check}
<h3>GPU-hours in month 1, by cause</h3>
<p class="formula">busy: the requests at full speed; headroom: the planned utilisation's spare; peak: capacity above the load (the peak hour for always-on, whole GPUs each hour when autoscaling); min replicas: GPUs kept beyond the load; scale-up lag: GPUs started early; idle: serverless containers waiting out their timeout; cold starts: serverless start-ups.</p>
${byCause}
<h3>Each way of paying for the GPUs</h3>
<p>The same scenario with always-on replicas, autoscaling whole GPUs and serverless GPUs billed per second (the highlighted row is the scenario's own; the others take the assumptions shown). At low volume serverless moves the breakeven down: it pays for what runs, not for replicas.</p>
${byScaling}
${figureHtml}</section>`
}

function inputsTable(result: DecisionResult): string {
  const { task, frontier, smallModel, adaptation, people } = result.scenario
  const rows: [string, string][] = [
    ['requests in month 1', formatVolume(task.requestsPerMonth)],
    ['monthly growth', formatPercent(task.monthlyGrowth)],
    ['horizon', `${task.horizonMonths} months, discounted at ${formatPercent(task.annualDiscountRate)} a year`],
    ['tokens per request', `${task.instructionTokens} instruction + ${task.fewShotTokens} few-shot + ${task.inputTokens} item in, ${task.outputTokens} out; ${task.retrievedContextTokens} retrieved with RAG`],
    ['frontier model', `${frontier.provider}/${frontier.model} (${frontier.prices ? 'prices from the scenario' : result.provenance.priceTable}); caching ${frontier.promptCaching.enabled ? `on, ${formatPercent(frontier.promptCaching.hitRate)} hits` : 'off'}`],
    ['small model', `${smallModel.name}, ${smallModel.hosting.kind}`],
    ['training data', `${adaptation.trainingExamples} examples, teacher pass rate ${formatPercent(adaptation.teacherPassRate)}, ${adaptation.epochs} epochs, ${adaptation.evalSetSize} held out`],
    ['retraining', adaptation.retrainEveryMonths > 0 ? `every ${adaptation.retrainEveryMonths} months, ${formatPercent(adaptation.retrainFreshShare)} fresh data` : 'never'],
    ['people', `${formatUSD(people.loadedMonthlyUSD)} per person-month, loaded`],
    ['quality target', formatPercent(task.qualityTarget)],
  ]
  return `<table><tbody>${rows.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join('')}</tbody></table>`
}

/** The defaults the validator filled in for fields the scenario left out, as a table. */
function defaultsTable(defaults: AppliedDefault[]): string {
  if (defaults.length === 0) return '<p>Every input was given in the scenario: no default was filled in.</p>'
  const rows = defaults.map((d) => `<tr><td><code>${escapeHtml(d.path)}</code></td><td><code>${escapeHtml(JSON.stringify(d.value))}</code></td></tr>`)
  return `<h3>Defaults filled in</h3><p>The scenario leaves these fields out; the model used the schema's defaults (each is documented in <code>schemas/scenario.schema.json</code>).</p><table><thead><tr><th>field</th><th>default used</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

/** A measured value or its distribution, short. */
function shownMeasured(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value, 4)
  if (typeof value === 'object' && value !== null && (value as { dist?: unknown }).dist === 'beta') {
    const beta = value as { alpha: number; beta: number }
    return `${formatNumber(beta.alpha / (beta.alpha + beta.beta), 4)} (Beta(${beta.alpha}, ${beta.beta}))`
  }
  return JSON.stringify(value)
}

/** Which inputs were measured (with interval, sample size and run) and that the rest are assumed. */
function measuredTable(measured: AppliedMeasurements): string {
  const rows = measured.inputs.map(
    (input) =>
      `<tr><td><code>${escapeHtml(input.path)}</code></td><td class="num">${escapeHtml(shownMeasured(input.assumed))}</td>` +
      `<td class="num"><strong>${escapeHtml(formatNumber(input.value, 4))}</strong></td>` +
      `<td class="num">${input.interval ? `${escapeHtml(formatNumber(input.interval.lower, 4))}-${escapeHtml(formatNumber(input.interval.upper, 4))} (${Math.round(input.interval.confidence * 100)} % ${escapeHtml(input.interval.method)})` : 'mean'}</td>` +
      `<td class="num">${formatCount(input.n)}</td><td>${escapeHtml(input.what)}</td></tr>`,
  )
  const notes = measured.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')
  return `<h3 id="measured">Measured and assumed inputs</h3><p>These inputs were <strong>measured</strong> by the distillation experiment <code>${escapeHtml(measured.run)}</code> (<code>${escapeHtml(measured.file)}</code>); every other input is the scenario's assumption. A measured rate enters the scenario as Beta(successes, failures): the decision uses its mean, the measured rate; the simulation draws from it.</p>` +
    `<table><thead><tr><th>input</th><th class="num">assumed</th><th class="num">measured</th><th class="num">interval</th><th class="num">n</th><th>what was measured</th></tr></thead><tbody>${rows.join('')}</tbody></table>` +
    (notes ? `<ul>${notes}</ul>` : '')
}

/** Options for {@link decisionReportHtml}. */
export interface ReportOptions {
  /** Measurements that replaced the scenario's assumptions (`payback report --measured`), shown with the inputs. */
  measured?: AppliedMeasurements | null
  /** The defaults validation filled in (`validateScenarioInput(...).defaultsApplied`), shown with the inputs. */
  defaultsApplied?: AppliedDefault[]
  /** Replaces the figures (tests use fewer sweep points); default: the three decision figures. */
  figures?: PlotlyFigure[]
  /** Stress tests of the recommendation, shown as the report's risks. */
  stress?: StressResult[]
}

function stressTable(stress: StressResult[], id: string, months: number): string {
  const rows = stress.map(
    (s) =>
      `<tr><td>${escapeHtml(s.risk)}</td><td>${escapeHtml(s.change)}</td><td class="num">${formatUSD(s.horizonTotalUSD)}</td>` +
      `<td class="num">${formatUSD(s.savingsUSD)}</td><td class="num">${s.paybackMonths === null ? `not within ${months} months` : `month ${s.paybackMonths.toFixed(1)}`}</td>` +
      `<td>${escapeHtml(s.recommendation)}</td></tr>`,
  )
  return `<table><thead><tr><th>risk</th><th>if</th><th class="num">${escapeHtml(id)} total</th><th class="num">saved vs prompt</th><th class="num">payback</th><th>decision</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

/**
 * The self-contained HTML report of a decision.
 *
 * @example
 * const scenario = defaultScenario()
 * const html = decisionReportHtml(decisionResult(analyseScenario(scenario)), analyseScenario(scenario))
 * html.startsWith('<!doctype html>') // => true
 * html.includes('plotly.js v3.7.0') // => true (self-contained: the charting library is inside)
 * // then e.g. writeFileAtomic('reports/payback.html', html)
 */
export function decisionReportHtml(result: DecisionResult, analysis: Analysis, options: ReportOptions = {}): string {
  const { scenario, recommendation, provenance } = result
  const chosen = result.strategies.find((s) => s.id === recommendation.id)
  const figures = options.figures ?? [costVersusVolumeFigure(analysis), cumulativeCostFigure(analysis), costBreakdownFigure(analysis)]
  const session = createPlotlySession()
  const figureHtml = figures.map((f) => plotlyFigureHtml(f, session)).join('\n')
  // Serving: one self-hosted strategy under each way of paying (the recommendation when it is one).
  const hosted = result.strategies.filter((s) => s.breakdown.hosting !== null)
  const focus = hosted.find((s) => s.id === recommendation.id) ?? [...hosted].sort((a, b) => a.horizonTotalUSD - b.horizonTotalUSD)[0]
  const scalingFigure = focus && options.figures === undefined ? scalingVolumeFigure(analysis, focus.id) : null
  const scalingHtml = scalingFigure ? plotlyFigureHtml(scalingFigure, session) : ''
  const numbers = chosen
    ? [
        ['present value saved vs prompting', formatUSD(chosen.npvSavingsUSD)],
        ['breakeven volume', chosen.id === 'prompt' ? '–' : chosen.breakevenRequestsPerMonth === null ? 'never' : formatVolume(chosen.breakevenRequestsPerMonth)],
        ['payback', chosen.id === 'prompt' ? 'nothing to pay back' : chosen.paybackMonths === null ? `not within ${scenario.task.horizonMonths} months` : `month ${chosen.paybackMonths.toFixed(1)}`],
      ]
    : []
  const list = (title: string, items: string[]) => (items.length > 0 ? `<h3>${title}</h3><ul>${items.join('')}</ul>` : '')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>payback: ${escapeHtml(scenario.name)}</title>
<meta name="payback-inputs-sha256" content="${provenance.inputsHash}">
<style>${STYLE}</style></head>
<body>
<h1>Does adapting a small model pay back? ${escapeHtml(scenario.name)}</h1>
<p class="lede">${escapeHtml(scenario.description ?? '')}</p>
<section class="decision" id="decision">
<h2>Recommendation: ${escapeHtml(recommendation.label)}</h2>
<div class="numbers">${numbers.map(([k, v]) => `<div>${escapeHtml(k as string)}<strong>${escapeHtml(v as string)}</strong></div>`).join('')}</div>
<ul>${recommendation.reasons.map((r) => reasonItem(r)).join('')}</ul>
${list('Warnings', recommendation.warnings.map((w) => reasonItem(w, 'warn')))}
${list('Ruled out', recommendation.ruledOut.map((r) => `<li><strong>${escapeHtml(r.id)}</strong>: ${r.reasons.map((x) => `${escapeHtml(x.text)} <span class="rule">[${escapeHtml(x.rule)}]</span>`).join('; ')}</li>`))}
${list('What would change it', recommendation.whatWouldChange.map((w) => `<li>${escapeHtml(w)}</li>`))}
</section>
<h2>The strategies</h2>
${strategyTable(result)}
${options.stress && options.stress.length > 0 ? `<h2>Risks: the decision under stress</h2>\n<p>Each row re-runs the whole model with one change.</p>\n${stressTable(options.stress, recommendation.id, scenario.task.horizonMonths)}` : ''}
<h2>Cost against volume, cumulative cost, and what it is made of</h2>
${figureHtml}
${result.serving ? servingSection(result.serving, scenario.task.horizonMonths, scalingHtml) : ''}
<h2>Every cost, with its formula</h2>
${breakdownTables(result)}
<h2>Inputs</h2>
${inputsTable(result)}
${options.measured ? measuredTable(options.measured) : ''}
${options.defaultsApplied ? defaultsTable(options.defaultsApplied) : ''}
<details><summary>The whole scenario (JSON, defaults filled in)</summary><pre>${escapeHtml(JSON.stringify(scenario, null, 2))}</pre></details>
<h2>Provenance</h2>
<table id="provenance"><tbody>
${options.measured ? `<tr><td>measurements</td><td>experiment run <code>${escapeHtml(options.measured.run)}</code> (${escapeHtml(options.measured.file)})</td></tr>` : ''}
<tr><td>inputs sha256</td><td><code>${provenance.inputsHash}</code></td></tr>
<tr><td>token prices</td><td>${escapeHtml(provenance.priceTable)}</td></tr>
<tr><td>GPU price table</td><td>data/gpus.json, sha256 ${provenance.gpuTableHash}</td></tr>
<tr><td>payback</td><td>${escapeHtml(provenance.packageVersion)}${provenance.gitCommit ? `, commit <code>${escapeHtml(provenance.gitCommit)}</code>` : ''}</td></tr>
<tr><td>Node.js</td><td>${escapeHtml(provenance.node)}</td></tr>
${provenance.generatedAt ? `<tr><td>generated</td><td>${escapeHtml(provenance.generatedAt)}</td></tr>` : ''}
</tbody></table>
<footer>Made by payback. Reproduce with <code>payback report --scenario &lt;the scenario above&gt;</code>; the same inputs give the same numbers.</footer>
</body></html>
`
}
