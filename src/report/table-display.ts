/**
 * Shows tables in a tslab notebook as HTML: a danfojs-node DataFrame (or plain rows) with
 * numbers formatted by their column's unit (`...USD` as dollars, `...Months` with one decimal,
 * `quality` as a percentage, requests per month grouped), NaN shown as a dash.
 */
import { createRequire } from 'node:module'
import type { DataFrame } from 'danfojs-node'
import { formatCount, formatPercent, formatUSD } from '../format.js'
import type { HtmlDisplay } from './plotly-display.js'

const require = createRequire(import.meta.url)

/** Formats one cell by its column name. */
export function formatCell(column: string, value: unknown): string {
  if (typeof value !== 'number') return String(value ?? '')
  if (Number.isNaN(value)) return '–'
  if (/USD$/.test(column)) return formatUSD(value)
  if (/Months$/.test(column)) return value.toFixed(1)
  if (column === 'quality' || /Share$|Rate$/.test(column)) return formatPercent(value)
  if (/PerMonth$|^vs /.test(column)) return formatCount(value)
  return Number.isInteger(value) ? formatCount(value) : value.toPrecision(4)
}

const escape = (text: string) => text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch] as string)

/**
 * An HTML table of a DataFrame, numbers right-aligned and formatted by column.
 *
 * @example
 * const html = frameHtml(strategiesFrame(decisionResult(analyseScenario(defaultScenario()))), 'The strategies')
 * html.startsWith('<table class="payback-table"') // => true
 * html.match(/<tr>/g)?.length // => 6 (a header row and 5 strategies)
 */
export function frameHtml(frame: DataFrame, caption?: string): string {
  const columns = frame.columns
  const rows = frame.values as unknown[][]
  const numeric = columns.map((_, i) => rows.every((r) => typeof r[i] === 'number'))
  const cell = (tag: string, i: number, text: string) => `<${tag} style="text-align:${numeric[i] ? 'right' : 'left'};padding:2px 8px">${escape(text)}</${tag}>`
  return (
    `<table class="payback-table" style="border-collapse:collapse;font-size:13px">` +
    (caption ? `<caption style="text-align:left;font-weight:600">${escape(caption)}</caption>` : '') +
    `<thead><tr>${columns.map((c, i) => cell('th', i, c)).join('')}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((v, i) => cell('td', i, formatCell(columns[i] as string, v))).join('')}</tr>`).join('')}</tbody></table>`
  )
}

/**
 * Shows a DataFrame in the running tslab kernel.
 *
 * @example
 * // In a notebook: showTable(strategiesFrame(result), 'The strategies'). Anywhere else, give it where to send the HTML:
 * const shown: string[] = []
 * showTable(strategiesFrame(decisionResult(analyseScenario(defaultScenario()))), 'The strategies', { html: (html) => shown.push(html) })
 * shown.length // => 1
 */
export function showTable(frame: DataFrame, caption?: string, display?: HtmlDisplay): void {
  const target = display ?? (require('tslab') as { display: HtmlDisplay }).display
  target.html(frameHtml(frame, caption))
}

/**
 * Shows markdown in the running tslab kernel (reasons, warnings, prose computed from numbers).
 */
export function showMarkdown(markdown: string, display?: { markdown(s: string): void }): void {
  const target = display ?? (require('tslab') as { display: { markdown(s: string): void } }).display
  target.markdown(markdown)
}
