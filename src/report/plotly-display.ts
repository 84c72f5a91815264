// Shows plotly figure specs in a tslab notebook, offline.
//
// The first figure of a kernel session carries plotly.js-dist-min's whole source in a
// <script> (about 4.8 MB); every figure is a <div> plus a <script> that calls
// Plotly.newPlot on it. nbconvert's HTML exporter copies text/html outputs verbatim, in order,
// so the exported page holds plotly.js exactly once, before the first figure that needs it,
// and opens without a network. Figure ids come from a counter, so the same notebook run gives
// byte-identical HTML.
//
// In a notebook (tslab's rootDir is the notebook's folder, so import the built file):
//   import { showPlotly } from "../dist/src/report/plotly-display.js"
//   showPlotly({ data: [{ x: [1, 2], y: [3, 4], type: "scatter" }], layout: { title: { text: "t" } } })
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

/** A plotly figure spec: traces, layout and config as plotly.js takes them (plain JSON). */
export interface PlotlyDisplayFigure {
  /** The traces, e.g. `[{ type: 'scatter', x: [...], y: [...] }]`. */
  readonly data: readonly object[]
  /** The layout (axes, title, size). */
  readonly layout?: object
  /** plotly.js config; merged over {@link DEFAULT_PLOTLY_CONFIG}. */
  readonly config?: object
}

/**
 * What one kernel session has shown so far: whether plotly.js has been emitted and how many
 * figures. A notebook uses the module's default session; pass your own for tests or to
 * build several independent pages.
 */
export interface PlotlySession {
  /** Whether plotly.js's source has already gone out in this session. */
  libraryEmitted: boolean
  /** How many figures this session has produced (the next id is `payback-plot-<count+1>`). */
  figureCount: number
}

/** Where {@link showPlotly} sends HTML: tslab's `display` (anything with `html(s)`). */
export interface HtmlDisplay {
  html(html: string): void
}

/** The config every figure gets unless its own config overrides it. */
export const DEFAULT_PLOTLY_CONFIG: Readonly<Record<string, unknown>> = Object.freeze({
  responsive: true,
  displaylogo: false,
})

/** The prefix of every figure's div id: `payback-plot-1`, `payback-plot-2`, ... */
export const FIGURE_ID_PREFIX = 'payback-plot-'

/** A marker on the <script> that carries plotly.js, so tests can count it. */
export const PLOTLY_LIBRARY_MARKER = 'data-payback-plotly-library'

const require = createRequire(import.meta.url)
let plotlySource: string | undefined

/**
 * plotly.js-dist-min's minified source (read once, then cached).
 * @throws when plotly.js-dist-min is not installed
 */
export function plotlyLibrarySource(): string {
  plotlySource ??= readFileSync(require.resolve('plotly.js-dist-min'), 'utf8')
  return plotlySource
}

/** A new, empty session: the next figure carries plotly.js and gets id `payback-plot-1`. */
export function createPlotlySession(): PlotlySession {
  return { libraryEmitted: false, figureCount: 0 }
}

/**
 * JSON that is safe inside an HTML <script>: `<`, `>`, `&` and the two JS-hostile line
 * separators become \u escapes, so a string like "</script>" in a label cannot end the script.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/**
 * The HTML for one figure: plotly.js's <script> first when the session has not emitted it,
 * then `<div id="payback-plot-N">` and a <script> that draws it. Mutates `session`.
 * If plotly.js is missing on the page when the script runs (e.g. the output that carried it
 * was cleared), it logs a console error and writes a note into the div instead of throwing.
 * @throws when `figure.data` is not an array
 * @example
 * const session = createPlotlySession()
 * const first = plotlyFigureHtml({ data: [{ type: 'bar', x: ['a'], y: [1] }] }, session)
 * first.startsWith('<script type="text/javascript" data-payback-plotly-library="1">') // => true (plotly.js, once per session)
 * first.includes('<div id="payback-plot-1"') // => true
 * const second = plotlyFigureHtml({ data: [{ type: 'bar', x: ['b'], y: [2] }] }, session)
 * second.startsWith('<div id="payback-plot-2"') // => true (no library the second time)
 */
export function plotlyFigureHtml(figure: PlotlyDisplayFigure, session: PlotlySession): string {
  if (!Array.isArray(figure?.data)) {
    throw new Error(`invalid figure.data: ${JSON.stringify(figure?.data)} (must be an array of traces)`)
  }
  const parts: string[] = []
  if (!session.libraryEmitted) {
    // window.PlotlyConfig before the library: plotly.js reads it once, at load.
    parts.push(
      `<script type="text/javascript" ${PLOTLY_LIBRARY_MARKER}="1">` +
        `window.PlotlyConfig = { MathJaxConfig: "local" };\n${plotlyLibrarySource()}\n</script>`,
    )
    session.libraryEmitted = true
  }
  session.figureCount += 1
  const id = `${FIGURE_ID_PREFIX}${session.figureCount}`
  const config = { ...DEFAULT_PLOTLY_CONFIG, ...(figure.config ?? {}) }
  parts.push(
    `<div id="${id}" class="payback-plot"></div>\n` +
      `<script type="text/javascript">(function () {\n` +
      `  var div = document.getElementById(${scriptSafeJson(id)});\n` +
      `  if (typeof window.Plotly === "undefined") {\n` +
      `    console.error("payback: plotly.js is not loaded; re-run the notebook from the top to show ${id}");\n` +
      `    div.textContent = "plotly.js is not loaded: re-run the notebook from the top";\n` +
      `    return;\n` +
      `  }\n` +
      `  window.Plotly.newPlot(div, ${scriptSafeJson(figure.data)}, ${scriptSafeJson(figure.layout ?? {})}, ${scriptSafeJson(config)});\n` +
      `})();</script>`,
  )
  return parts.join('\n')
}

const defaultSession = createPlotlySession()

/**
 * Forgets what the default session has shown: the next {@link showPlotly} emits plotly.js
 * again and numbers figures from 1. Call it when a notebook's outputs were cleared but the
 * kernel kept running.
 */
export function resetPlotlySession(): void {
  defaultSession.libraryEmitted = false
  defaultSession.figureCount = 0
}

/**
 * Shows a figure in the running tslab kernel (via `tslab.display.html`), emitting plotly.js
 * with the first figure of the kernel session.
 * @param display where to send the HTML; defaults to tslab's `display`, loaded lazily so that
 *   importing this module outside a kernel costs nothing
 * @throws when called outside a tslab kernel without a `display` (tslab says "Not ready")
 * @example
 * // In a notebook: showPlotly({ data: [{ type: 'scatter', x: [1, 2, 3], y: [2, 4, 8] }], layout: { yaxis: { type: 'log' } } })
 * // Anywhere else, give it where to send the HTML:
 * const shown: string[] = []
 * showPlotly({ data: [{ type: 'scatter', x: [1, 2, 3], y: [2, 4, 8] }] }, { html: (html) => shown.push(html) }, createPlotlySession())
 * shown.length // => 1
 * shown[0].includes('Plotly.newPlot') // => true
 */
export function showPlotly(figure: PlotlyDisplayFigure, display?: HtmlDisplay, session: PlotlySession = defaultSession): void {
  const target = display ?? (require('tslab') as { display: HtmlDisplay }).display
  // Work on a copy: when display throws, the session must not count plotly.js as emitted.
  const next = { ...session }
  target.html(plotlyFigureHtml(figure, next))
  Object.assign(session, next)
}
