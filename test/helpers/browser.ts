// Opens an HTML report in headless Chromium (Debian's /usr/bin/chromium via playwright-core),
// offline, and reports everything that went wrong on the page. Shared by the notebook tests
// and the CLI's HTML report tests.
//
//   const visit = await openPage('reports/ok.html', { screenshot: 'test-artifacts/ok.png' })
//   expect(visit.problems).toEqual([])
//   expect(await plotlyPlots(visit.page)).toEqual([...])
//   await visit.close()
//
// Offline is enforced: every request that is not file: or data: is aborted and listed in
// `problems`, so a page that needs a CDN fails its test instead of passing on a networked
// machine.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

import { chromium, type BrowserContext, type Page } from 'playwright-core'

/** Debian's Chromium; override with $PAYBACK_CHROMIUM. */
export const CHROMIUM_PATH = process.env.PAYBACK_CHROMIUM ?? '/usr/bin/chromium'

/** Flags for a quiet, sandbox-free, offline headless Chromium (playwright adds --headless). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Why Chromium cannot be used here, or undefined when it can. */
export function chromiumProblem(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set PAYBACK_CHROMIUM)`
}

/** An open page and what went wrong on it so far. */
export interface PageVisit {
  readonly page: Page
  readonly context: BrowserContext
  /** Console errors, uncaught page errors and blocked or failed requests, in order. */
  readonly problems: string[]
  /** Saves a full-page screenshot (the folder is created); returns the path. */
  screenshot(path: string): Promise<string>
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>
}

/** Options of {@link openPage}. */
export interface OpenPageOptions {
  /** Viewport width and height in CSS pixels. Default 1200 x 900. */
  readonly viewport?: { width: number; height: number }
  /** Milliseconds to wait for the load event. Default 60 000. */
  readonly timeoutMs?: number
}

/**
 * Launches headless Chromium with a fresh profile (--user-data-dir in a new temp folder),
 * opens `htmlPath` as a file: URL and waits for the load event.
 * @throws when Chromium is missing or the page does not load in time
 */
export async function openPage(htmlPath: string, options: OpenPageOptions = {}): Promise<PageVisit> {
  const problem = chromiumProblem()
  if (problem !== undefined) throw new Error(problem)
  const profile = mkdtempSync(join(tmpdir(), 'payback-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: options.viewport ?? { width: 1200, height: 900 },
    offline: false, // file: URLs need no network; everything else is aborted by the route below
  })
  const problems: string[] = []
  try {
    await context.route('**/*', async (route) => {
      const url = route.request().url()
      if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue()
      problems.push(`network request blocked (the page must work offline): ${url}`)
      return route.abort('blockedbyclient')
    })
    const page = context.pages()[0] ?? (await context.newPage())
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`)
    })
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('requestfailed', (request) => {
      const url = request.url()
      if (url.startsWith('file:') || url.startsWith('data:')) problems.push(`request failed: ${url} (${request.failure()?.errorText ?? 'unknown'})`)
    })
    await page.goto(pathToFileURL(resolve(htmlPath)).href, { waitUntil: 'load', timeout: options.timeoutMs ?? 60_000 })
    return {
      page,
      context,
      problems,
      async screenshot(path: string) {
        mkdirSync(dirname(resolve(path)), { recursive: true })
        await page.screenshot({ path, fullPage: true })
        return path
      },
      async close() {
        await context.close()
        rmSync(profile, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await context.close().catch(() => {})
    rmSync(profile, { recursive: true, force: true })
    throw error
  }
}

// The tests compile without the DOM lib (tsconfig lib: ES2022); these are the few DOM shapes
// the page functions below use. Those functions run in the page, so they cast globalThis there.
interface PageElement {
  readonly id: string
  readonly classList: { contains(name: string): boolean }
  querySelector(selector: string): unknown
  readonly data?: unknown
}
interface PageGlobals {
  readonly document: { querySelectorAll(selector: string): ArrayLike<PageElement> }
}

/** One rendered plotly figure on a page. */
export interface RenderedPlot {
  /** The div's id. */
  readonly id: string
  /** How many traces plotly.js holds for it (the div's `data` property). */
  readonly traces: number
  /** Whether plotly.js drew it (the div has its `.main-svg`). */
  readonly drawn: boolean
}

/**
 * Every plotly figure on the page (`.js-plotly-plot`), in document order, after waiting up to
 * `timeoutMs` for each to be drawn. Divs meant for plots that plotly.js never touched are
 * returned too, with `traces: -1`, when their selector is given (e.g. `.payback-plot`).
 */
export async function plotlyPlots(page: Page, options: { timeoutMs?: number; expectedSelector?: string } = {}): Promise<RenderedPlot[]> {
  const selector = options.expectedSelector ?? '.js-plotly-plot'
  await page
    .waitForFunction(
      (sel) =>
        Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll(sel)).every((div) => div.querySelector('.main-svg') !== null),
      selector,
      { timeout: options.timeoutMs ?? 30_000 },
    )
    .catch(() => {
      // Report what is there; the caller's assertions say what is missing.
    })
  return page.evaluate((sel) => {
    return Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll(sel)).map((div) => {
      const data = div.data
      return {
        id: div.id,
        traces: Array.isArray(data) ? data.length : -1,
        drawn: div.classList.contains('js-plotly-plot') && div.querySelector('.main-svg') !== null,
      }
    })
  }, selector)
}
