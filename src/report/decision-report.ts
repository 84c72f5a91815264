/**
 * The decision report: one self-contained HTML page (plotly.js inlined once, no network) that a
 * lead can send to stakeholders. It holds the decision and its reasons, the figures, every cost
 * part with its formula, the inputs and the provenance.
 */
import type { Analysis } from '../breakeven/analysis.js'
import type { DecisionResult } from '../decide/result.js'
import type { ServingSummary } from '../decide/serving-summary.js'
import { formatCount, formatNumber, formatPercent, formatUSD, formatVolume, slug } from '../format.js'
import type { AppliedMeasurements } from '../measured/overlay.js'
import type { StressResult } from '../decide/stress.js'
import { strategyCells } from '../decide/strategy-row.js'
import { costBreakdownFigure, costVersusVolumeFigure, cumulativeCostFigure, scalingVolumeFigure, type PlotlyFigure } from './figures.js'
import { createPlotlySession, plotlyFigureHtml } from './plotly-display.js'
import { gpuById, gpuTable } from '../prices/gpus.js'
import { priceTableVersion } from '../prices/tokens.js'
import { packagePath } from '../../kernel/paths.js'
import { readFileSync } from 'node:fs'
import {
  defaultWhatIfControls,
  escapeHtml,
  formatControlValue,
  liveViewOf,
  recommendationHtml,
  strategyTableHtml,
  type WhatIfControl,
} from './live/what-if.js'
import type { LiveData } from './live/page.js'
import type { AppliedDefault } from '../scenario/defaults.js'

export { escapeHtml }

/** JSON inside a `<script type="application/json">`: `<` escaped so no `</script>` can end it early. */
function jsonScript(id: string, value: unknown): string {
  return `<script type="application/json" id="${id}">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`
}

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1100px; margin: 2rem auto; padding: 0 1rem; color: #2e3440; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #d8dee9; padding-bottom: 0.2rem; }
.lede { color: #4c566a; margin-top: 0; }
.decision { background: #eceff4; border-left: 6px solid #a3be8c; padding: 0.8rem 1.2rem; margin: 1.2rem 0; }
.decision h2 { border: none; margin: 0 0 0.4rem 0; }
.numbers { display: flex; gap: 1.2rem; flex-wrap: wrap; margin: 1rem 0; }
.numbers div { background: #fff; border: 1px solid #d8dee9; border-radius: 6px; padding: 0.6rem 1rem; min-width: 12rem; }
.numbers strong { display: block; font-size: 2rem; line-height: 1.2; }
.whatif { background: #e8f0fa; border: 1px solid #c5d5ea; border-radius: 6px; padding: 0.4rem 1.2rem 0.8rem; margin: 1.2rem 0; }
.whatif h2 { border: none; margin: 0.4rem 0; }
.controls { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 0.4rem 1.5rem; }
.control { display: grid; grid-template-columns: 1fr auto; gap: 0.1rem 0.5rem; align-items: center; padding: 0.2rem 0.4rem; border-radius: 4px; }
.control label { font-size: 0.85rem; }
.control input[type="range"] { grid-column: 1 / 3; width: 100%; }
.control .exact { grid-column: 1 / 3; font-size: 0.8rem; color: #4c566a; }
.control .exact input { width: 8rem; font: inherit; }
.control .value { font-weight: 600; font-variant-numeric: tabular-nums; }
.control .was { grid-column: 1 / 3; font-size: 0.75rem; color: #4c566a; display: none; }
.control.changed { background: #fff3cd; }
.control.changed .was { display: block; }
#whatif-status.changed { font-weight: 600; color: #8a5a00; }
tr.changed td { background: #fff3cd; }
.decision.changed { border-left-color: #ebcb8b; }
.buttons button { font: inherit; padding: 0.3rem 0.8rem; margin-right: 0.4rem; }
@media print {
  .no-print { display: none !important; }
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  h2.section { break-before: page; }
  table, .numbers, .payback-plot, figure { break-inside: avoid; }
  .scroll { overflow: visible; }
  table { font-size: 8pt; }
  th, td { padding: 0.15rem 0.25rem; }
  td.strategy { min-width: 0; }
  details { display: none; }
  @page { margin: 14mm; }
}
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
  return `<section id="serving"><h2 class="section">Serving: ${escapeHtml(serving.gpu)}, ${escapeHtml(serving.scaling.kind)}</h2>
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

function inputsTable(result: DecisionResult, controls: readonly WhatIfControl[]): string {
  const { task, frontier, smallModel, adaptation, people, hardTail } = result.scenario
  const hosting = smallModel.hosting
  const gpu = result.strategies.find((s) => s.breakdown.hosting)?.breakdown.hosting
  const rows: [string, string, string?][] = [
    ['requests in month 1', formatVolume(task.requestsPerMonth), 'volume'],
    ['monthly growth', formatPercent(task.monthlyGrowth), 'growth'],
    ['horizon', `${task.horizonMonths} months, discounted at ${formatPercent(task.annualDiscountRate)} a year`, 'horizon'],
    ['tokens per request', `${task.instructionTokens} instruction + ${task.fewShotTokens} few-shot + ${task.inputTokens} item in, ${task.outputTokens} out; ${task.retrievedContextTokens} retrieved with RAG`],
    ['frontier model', `${frontier.provider}/${frontier.model} (${frontier.prices ? 'prices from the scenario' : result.provenance.priceTable}); caching ${frontier.promptCaching.enabled ? `on, ${formatPercent(frontier.promptCaching.hitRate)} hits` : 'off'}`, 'frontierPrice'],
    ['frontier price change', `${formatPercent(frontier.priceChangePerMonth)} a month`, 'priceTrend'],
    ['small model', `${smallModel.name}, ${hosting.kind}`],
    ...(hosting.kind === 'self-hosted' && gpu
      ? [['GPU', `${hosting.gpu}, ${formatUSD(hosting.gpuHourUSD ?? gpuById(hosting.gpu).usdPerHour)}/GPU-hour${hosting.gpuHourUSD === undefined ? ' (data/gpus.json)' : ''}`, 'gpuPrice'] as [string, string, string]]
      : []),
    ['training data', `${adaptation.trainingExamples} examples, teacher pass rate ${formatPercent(adaptation.teacherPassRate)}, ${adaptation.epochs} epochs, ${adaptation.evalSetSize} held out`, 'passRate'],
    ['escalation to the frontier', formatPercent(hardTail.escalationShare), 'escalation'],
    ['retraining', adaptation.retrainEveryMonths > 0 ? `every ${adaptation.retrainEveryMonths} months, ${formatPercent(adaptation.retrainFreshShare)} fresh data` : 'never'],
    ['people', `${formatUSD(people.loadedMonthlyUSD)} per person-month, loaded`, 'people'],
    ['quality target', formatPercent(task.qualityTarget)],
  ]
  const controlled = new Set(controls.map((c) => c.id))
  return `<table id="inputs"><tbody>${rows
    .map(([k, v, input]) => `<tr${input && controlled.has(input) ? ` data-input="${input}"` : ''}><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`)
    .join('')}</tbody></table>`
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
  /** The scenario as its file has it (distributions kept, measurements applied): embedded, and what "save the scenario" saves. Default: the point scenario. */
  scenarioInput?: unknown
  /** The file name "save the scenario" suggests (default: the scenario name's slug). */
  scenarioFileName?: string
  /** The command that made the report, shown in the provenance (e.g. `payback report --scenario s.json`). */
  command?: string
  /** false: a static report without the what-if controls and the engine (default true). */
  live?: boolean
}

/** The live report's page script and engine, bundled by scripts/build.mjs. */
function liveBundle(): string {
  const path = packagePath('dist', 'live', 'payback-live.js')
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw new Error(`the live report's script is missing (${path}): run npm run build (${(error as Error).message})`)
  }
}

/** The embedded data, the bundled engine and the call that starts it. */
function liveScripts(result: DecisionResult, options: ReportOptions, controls: WhatIfControl[]): string {
  const data: LiveData = {
    input: options.scenarioInput ?? result.scenario,
    point: result.scenario,
    gpuTable: gpuTable(),
    priceTableVersion: priceTableVersion(),
    controls,
    measured: options.measured ?? null,
    fileName: options.scenarioFileName ?? `${slug(result.scenario.name)}.json`,
  }
  return `${jsonScript('payback-live-data', data)}
<script>${liveBundle().replace(/<\/script/gi, '<\\/script')}</script>
<script>PaybackLive.mount()</script>`
}

/** The what-if panel: a status line, the controls (drawn by the page script), reset and save buttons. */
function whatIfPanel(controls: readonly WhatIfControl[]): string {
  return `<section id="whatif" class="whatif no-print">
<h2>What if?</h2>
<p id="whatif-status">Showing the scenario as saved. Move a control to ask "what if".</p>
<div id="whatif-controls" class="controls">${controls.map((c) => `<div class="control" data-control="${escapeHtml(c.id)}"><label>${escapeHtml(c.label)}</label><output class="value">${escapeHtml(formatControlValue(c.format, c.value))}</output></div>`).join('')}</div>
<p class="buttons"><button id="whatif-reset" type="button">Reset to the scenario</button> <button id="save-scenario" type="button">Save the scenario (JSON)</button> <button id="save-whatif" type="button">Save the what-if as a new scenario</button></p>
<p class="formula">The controls are the inputs that move the answer most (each at a plausible low and high, one at a time; largest first). The page recomputes with the engine <code>payback decide</code> runs, carried inside this file: no network, no server.</p>
</section>`
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
  const live = options.live !== false
  const view = liveViewOf(analysis, recommendation)
  const controls = live ? defaultWhatIfControls(scenario) : []
  const figures = options.figures ?? view.figures
  const session = createPlotlySession()
  const figureHtml = figures.map((f) => plotlyFigureHtml(f, session)).join('\n')
  // Serving: one self-hosted strategy under each way of paying (the recommendation when it is one).
  const hosted = result.strategies.filter((s) => s.breakdown.hosting !== null)
  const focus = hosted.find((s) => s.id === recommendation.id) ?? [...hosted].sort((a, b) => a.horizonTotalUSD - b.horizonTotalUSD)[0]
  const scalingFigure = focus && options.figures === undefined ? scalingVolumeFigure(analysis, focus.id) : null
  const scalingHtml = scalingFigure ? plotlyFigureHtml(scalingFigure, session) : ''
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>payback: ${escapeHtml(scenario.name)}</title>
<meta name="payback-inputs-sha256" content="${provenance.inputsHash}">
<style>${STYLE}</style></head>
<body>
<h1>Does adapting a small model pay back? ${escapeHtml(scenario.name)}</h1>
<p class="lede">${escapeHtml(scenario.description ?? '')}</p>
<section class="decision" id="decision">
${recommendationHtml(view)}
</section>
${live ? whatIfPanel(controls) : ''}
<h2>The strategies</h2>
<div id="strategies">${strategyTableHtml(view)}</div>
${options.stress && options.stress.length > 0 ? `<h2 class="section">Risks: the decision under stress</h2>\n<p>Each row re-runs the whole model with one change.</p>\n${stressTable(options.stress, recommendation.id, scenario.task.horizonMonths)}` : ''}
<h2 class="section">Cost against volume, cumulative cost, and what it is made of</h2>
<div id="live-figures">
${figureHtml}
</div>
${result.serving ? servingSection(result.serving, scenario.task.horizonMonths, scalingHtml) : ''}
<h2 class="section">Every cost, with its formula</h2>
${breakdownTables(result)}
<h2 class="section">Inputs</h2>
${inputsTable(result, controls)}
${options.measured ? measuredTable(options.measured) : ''}
${options.defaultsApplied ? defaultsTable(options.defaultsApplied) : ''}
<details><summary>The whole scenario (JSON, defaults filled in)</summary><pre>${escapeHtml(JSON.stringify(scenario, null, 2))}</pre></details>
<h2 class="section">Provenance</h2>
<table id="provenance"><tbody>
${options.measured ? `<tr><td>measurements</td><td>experiment run <code>${escapeHtml(options.measured.run)}</code> (${escapeHtml(options.measured.file)})</td></tr>` : ''}
${options.command ? `<tr><td>command</td><td><code>${escapeHtml(options.command)}</code></td></tr>` : ''}
<tr><td>inputs sha256</td><td><code>${provenance.inputsHash}</code></td></tr>
<tr><td>token prices</td><td>${escapeHtml(provenance.priceTable)}</td></tr>
<tr><td>GPU price table</td><td>data/gpus.json, sha256 ${provenance.gpuTableHash}</td></tr>
<tr><td>payback</td><td>${escapeHtml(provenance.packageVersion)}${provenance.gitCommit ? `, commit <code>${escapeHtml(provenance.gitCommit)}</code>` : ''}</td></tr>
<tr><td>Node.js</td><td>${escapeHtml(provenance.node)}</td></tr>
${provenance.generatedAt ? `<tr><td>generated</td><td>${escapeHtml(provenance.generatedAt)}</td></tr>` : ''}
</tbody></table>
<footer>Made by payback. Reproduce with <code>payback report --scenario &lt;the scenario above&gt;</code> (the Save button writes it); the same inputs give the same numbers.</footer>
${live ? liveScripts(result, options, controls) : ''}
</body></html>
`
}
