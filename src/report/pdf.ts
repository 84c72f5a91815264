/**
 * The printed report: the HTML report rendered by headless Chromium (Debian's, through
 * playwright-core) with its print stylesheet (controls hidden, each section on a new page) into
 * a PDF on A4 or Letter paper. The page runs offline: any request that is not a file is refused.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { writeFileAtomic } from '../io/atomic.js'

/** Paper sizes `payback report --pdf` prints on. */
export type Paper = 'a4' | 'letter'

/** Debian's Chromium; $PAYBACK_CHROMIUM overrides it. */
export function chromiumPath(): string {
  return process.env.PAYBACK_CHROMIUM ?? '/usr/bin/chromium'
}

/**
 * The CSS width (px at 96 dpi) the page is laid out at before printing: the paper's width less
 * the print stylesheet's 14 mm margins, so the figures are drawn at the width they print at
 * (A4: 182 mm = 687 px; Letter: 8.5 in - 28 mm = 710 px).
 *
 * @example
 * printWidthPx('a4') // => 687
 * printWidthPx('letter') // => 710
 */
export function printWidthPx(paper: Paper): number {
  const widthMm = paper === 'a4' ? 210 : 215.9
  return Math.floor(((widthMm - 28) / 25.4) * 96)
}

/**
 * Prints an HTML report (a file) to a PDF, written atomically. Waits until every plotly figure
 * is drawn. Returns the number of bytes written.
 *
 * @throws {Error} when Chromium is missing (the message says how to install it) or the page does not load
 * @example illustrative: needs Chromium and a report file
 * await printReportPdf('reports/payback-support-ticket-triage.html', 'reports/payback-support-ticket-triage.pdf', 'a4')
 */
export async function printReportPdf(htmlPath: string, pdfPath: string, paper: Paper = 'a4'): Promise<number> {
  const executablePath = chromiumPath()
  if (!existsSync(executablePath)) throw new Error(`--pdf needs Chromium at ${executablePath} (apt-get install chromium, or set PAYBACK_CHROMIUM)`)
  const { chromium } = await import('playwright-core')
  const profile = mkdtempSync(join(tmpdir(), 'payback-pdf-'))
  const scratch = join(profile, 'report.pdf')
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: printWidthPx(paper), height: 1000 },
  })
  try {
    await context.route('**/*', (route) => {
      const url = route.request().url()
      return url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:') ? route.continue() : route.abort('blockedbyclient')
    })
    const page = context.pages()[0] ?? (await context.newPage())
    await page.goto(pathToFileURL(resolve(htmlPath)).href, { waitUntil: 'load', timeout: 120_000 })
    await page.emulateMedia({ media: 'print' })
    // Every figure drawn (plotly puts an svg.main-svg in each), then a frame for the what-if script.
    await page.waitForFunction(
      () => {
        type Node = { querySelector(s: string): unknown }
        const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<Node> } }).document
        return Array.from(doc.querySelectorAll('.payback-plot')).every((div) => div.querySelector('.main-svg') !== null)
      },
      undefined,
      { timeout: 120_000 },
    )
    // The margins are the print stylesheet's (@page, 14 mm), as when a person prints the page.
    await page.pdf({ path: scratch, format: paper === 'a4' ? 'A4' : 'Letter', printBackground: true })
    const bytes = readFileSync(scratch)
    writeFileAtomic(pdfPath, bytes)
    return bytes.length
  } finally {
    await context.close().catch(() => {})
    rmSync(profile, { recursive: true, force: true })
  }
}
