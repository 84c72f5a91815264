// `payback report --pdf`: the report printed by headless Chromium with its print stylesheet. The
// PDF is read back with poppler (pdfinfo, pdftotext, pdftoppm): the paper size, every section on
// a page of its own, no control in the text, and no pixel of the what-if panel on a rasterised
// page (checked against the same page printed as the screen shows it, where the panel is there).
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { printWidthPx } from '../../src/report/pdf.js'
import { CHROMIUM_ARGS, chromiumProblem, CHROMIUM_PATH } from '../helpers/browser.js'
import { payback } from '../helpers/cli.js'

const poppler = spawnSync('pdftoppm', ['-v']).error === undefined ? undefined : 'no pdftoppm (apt-get install poppler-utils; npm run setup does)'
const problem = chromiumProblem() ?? poppler

/** The what-if panel's background, #e8f0fa: used nowhere else in the report. */
const PANEL = [0xe8, 0xf0, 0xfa] as const

/** Pixels of exactly `rgb` on page `page` of a PDF, rasterised at 40 dpi (binary PPM read by hand: "P6 w h 255" then RGB bytes). */
function pixelsOf(pdf: string, page: number, rgb: readonly number[]): number {
  const ppm = execFileSync('pdftoppm', ['-r', '40', '-f', String(page), '-l', String(page), pdf])
  let offset = 0
  const fields: string[] = []
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(ppm[offset] as number))) offset++
    let field = ''
    while (!/\s/.test(String.fromCharCode(ppm[offset] as number))) field += String.fromCharCode(ppm[offset++] as number)
    fields.push(field)
  }
  offset++ // the one whitespace byte after maxval
  expect(fields[0]).toBe('P6')
  let count = 0
  for (let i = offset; i + 2 < ppm.length; i += 3) if (ppm[i] === rgb[0] && ppm[i + 1] === rgb[1] && ppm[i + 2] === rgb[2]) count++
  return count
}

const pages = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1])
const pageSize = (pdf: string) => /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.slice(1, 3).map(Number)
const firstLine = (pdf: string, page: number) =>
  execFileSync('pdftotext', ['-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.length > 0) ?? ''

describe.skipIf(problem !== undefined)(`payback report --pdf${problem ? ` (skipped: ${problem})` : ''}`, () => {
  let dir: string
  let pdf: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'payback-pdf-'))
    const run = payback(['report', '--out', join(dir, 'report.html'), '--pdf'])
    expect(run.code, run.stderr).toBe(0)
    pdf = join(dir, 'report.pdf')
    expect(run.stdout).toContain(`PDF: ${pdf}`)
  }, 180_000)

  it('prints on A4, the title page first and each section on a page of its own, in order', () => {
    expect(pageSize(pdf)).toEqual([595.92, 842.88]) // A4: 210 x 297 mm at 72 pt an inch
    const count = pages(pdf)
    const starts = Array.from({ length: count }, (_, i) => firstLine(pdf, i + 1))
    expect(starts[0]).toBe('Does adapting a small model pay back? support-ticket triage')
    const sections = ['Risks: the decision under stress', 'Cost against volume, cumulative cost, and what it is made of', 'Serving: NVIDIA L4, always-on', 'Every cost, with its formula', 'Inputs', 'Provenance']
    expect(starts.filter((line) => sections.includes(line))).toEqual(sections)
    // The default scenario: 12 pages on this machine's Chromium and fonts (a page count that
    // moves is a change to look at in the PDF, then to update here).
    expect(count).toBe(12)
  })

  it('hides the what-if controls: none of their words in the text, no pixel of their panel on the first page', () => {
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })
    for (const words of ['What if?', 'Reset to the scenario', 'Save the scenario', 'Save the what-if']) expect(text).not.toContain(words)
    expect(pixelsOf(pdf, 1, PANEL)).toBe(0)
  })

  it('the pixel check sees the panel when the page is printed as the screen shows it', async () => {
    const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'payback-pdf-screen-')), {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: { width: printWidthPx('a4'), height: 1000 },
    })
    try {
      const page = context.pages()[0] ?? (await context.newPage())
      await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' })
      await page.emulateMedia({ media: 'screen' })
      const screen = join(dir, 'screen.pdf')
      await page.pdf({ path: screen, format: 'A4', printBackground: true })
      const withPanel = Array.from({ length: pages(screen) }, (_, i) => pixelsOf(screen, i + 1, PANEL))
      expect(Math.max(...withPanel)).toBeGreaterThan(1000)
    } finally {
      await context.close()
    }
  }, 120_000)

  it('--paper letter prints on Letter; a bad --paper is a usage error (exit 2)', () => {
    const letter = payback(['report', '--out', join(dir, 'letter.html'), '--pdf', '--paper', 'letter'])
    expect(letter.code, letter.stderr).toBe(0)
    expect(pageSize(join(dir, 'letter.pdf'))).toEqual([612, 792]) // 8.5 x 11 in
    const bad = payback(['report', '--out', join(dir, 'bad.html'), '--pdf', '--paper', 'a5'])
    expect(bad.code).toBe(2)
    expect(bad.stderr.split('\n')[0]).toBe('invalid --paper: "a5" (one of a4, letter)')
    expect(existsSync(join(dir, 'bad.pdf'))).toBe(false)
    // Nothing half-written: only the finished files are in the folder.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
    expect(readFileSync(join(dir, 'letter.pdf')).subarray(0, 5).toString()).toBe('%PDF-')
  }, 180_000)
})
