// `node bench/run.mjs live-report [--moves N]`: how long the live report takes to answer a moved
// control, in headless Chromium (Debian's, software rendering: --disable-gpu), against the same
// engine in Node side by side.
//
// - node engine: liveView(applyWhatIf(...)) in this process (the analysis, the decision and the
//   three figure specs), the peer: the page runs this same code, bundled;
// - page, numbers: from the control's change to the recommendation, headline numbers and
//   strategy table redrawn (the page's data-update-ms: engine + DOM);
// - page, with figures: until the three cost figures are redrawn too (Plotly.react, one a frame).
// The goal (issue 14): the page answers in under 100 ms. Medians and 90th percentiles over N moves
// of the volume control to distinct values, after 3 warm-up moves.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { spawnSync } from 'node:child_process'
import { chromium } from 'playwright-core'
import { applyWhatIf, defaultWhatIfControls, liveView } from '../src/report/live/what-if.js'
import { defaultScenario } from '../src/scenario/validate.js'

const moves = Number(process.argv[process.argv.indexOf('--moves') + 1]) || 30
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number
}
const volumes = Array.from({ length: moves + 3 }, (_, i) => 5e5 * Math.pow(1.13, i))

// The peer: the engine in Node.
const scenario = defaultScenario()
const controls = defaultWhatIfControls(scenario)
const node: number[] = []
volumes.forEach((volume, i) => {
  const started = performance.now()
  liveView(applyWhatIf(scenario, { volume }, controls))
  if (i >= 3) node.push(performance.now() - started)
})

// The page.
const dir = mkdtempSync(join(tmpdir(), 'payback-bench-live-'))
const html = join(dir, 'report.html')
const made = spawnSync(process.execPath, ['dist/src/cli/main.js', 'report', '--out', html, '--json'], { encoding: 'utf8' })
if (made.status !== 0) throw new Error(`payback report failed: ${made.stderr}`)
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'payback-bench-chromium-')), {
  executablePath: process.env.PAYBACK_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
  viewport: { width: 1200, height: 900 },
})
const page = context.pages()[0] ?? (await context.newPage())
await page.goto(pathToFileURL(html).href, { waitUntil: 'load' })
await page.waitForSelector('#whatif-volume-exact')
const numbers: number[] = []
const withFigures: number[] = []
for (let i = 0; i < volumes.length; i++) {
  const updates = await page.getAttribute('#whatif', 'data-updates')
  await page.fill('#whatif-volume-exact', String(Math.round(volumes[i] as number)))
  await page.press('#whatif-volume-exact', 'Enter')
  await page.waitForFunction((before) => {
    const el = (globalThis as unknown as { document: { getElementById(id: string): { dataset: Record<string, string | undefined> } | null } }).document.getElementById('whatif')
    return el?.dataset.updates !== before && el?.dataset.figuresMs !== undefined && el.dataset.figuresDone === el.dataset.updates
  }, updates)
  const numbersMs = Number(await page.getAttribute('#whatif', 'data-update-ms'))
  const figuresMs = Number(await page.getAttribute('#whatif', 'data-figures-ms'))
  if (i >= 3) {
    numbers.push(numbersMs)
    withFigures.push(figuresMs)
  }
}
await context.close()

const row = (name: string, values: number[]) => `${name.padEnd(34)} ${quantile(values, 0.5).toFixed(1).padStart(8)} ${quantile(values, 0.9).toFixed(1).padStart(8)}`
console.log(`live report: ${moves} moves of the volume control on the default scenario (${controls.length} controls), after 3 warm-up moves`)
console.log(`${''.padEnd(34)} ${'median'.padStart(8)} ${'p90'.padStart(8)}  (ms)`)
console.log(row('node engine (the peer)', node))
console.log(row('page: numbers, reasons, table', numbers))
console.log(row('page: and the three figures', withFigures))
console.log(`page numbers / node engine: ${(quantile(numbers, 0.5) / quantile(node, 0.5)).toFixed(2)}x; goal: under 100 ms -> numbers ${quantile(numbers, 0.5) < 100 ? 'met' : 'not met'}, with figures ${quantile(withFigures, 0.5) < 100 ? 'met' : 'not met'} (medians)`)
