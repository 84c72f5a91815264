/**
 * The live report's page script (bundled into the report by scripts/build.mjs, run in the
 * browser, never in Node): it reads the data the report embeds (the scenario, the GPU table, the
 * controls), draws the what-if controls, and on every change recomputes the live parts with the
 * same engine `payback decide` uses (what-if.ts) and redraws them: the headline numbers, the
 * recommendation with its reasons, the strategy table and the three cost figures. A changed input
 * is marked in the controls, in the inputs table and in a banner; Reset returns to the scenario;
 * two buttons save the scenario and the what-if as JSON files.
 *
 * Only the few DOM calls it needs are typed here (the library is compiled without the DOM lib).
 */
import { useGpuTable, type GpuTable } from '../../prices/gpus.js'
import { usePriceTableVersion } from '../../prices/tokens.js'
import type { Scenario } from '../../scenario/schema.js'
import {
  applyWhatIf,
  changedControls,
  escapeHtml,
  formatControlValue,
  liveView,
  recommendationHtml,
  strategyTableHtml,
  type WhatIfControl,
  type WhatIfValues,
} from './what-if.js'

/** What the report embeds for the page, as JSON in `<script type="application/json" id="payback-live-data">`. */
export interface LiveData {
  /** The scenario as its file has it (for "save the scenario"). */
  input: unknown
  /** The scenario the decision used: defaults filled, measurements applied, every input a number. */
  point: Scenario
  gpuTable: GpuTable
  /** The version of @pydantic/genai-prices the report was made with (the page carries its prices). */
  priceTableVersion: string
  controls: WhatIfControl[]
  /** The file name the saved scenario gets. */
  fileName: string
  /** The measurements that replaced the scenario's assumptions (`payback report --measured`), when there were any. */
  measured: unknown
}

interface Element {
  id: string
  innerHTML: string
  textContent: string | null
  value: string
  className: string
  dataset: Record<string, string | undefined>
  classList: { toggle(name: string, on?: boolean): void; add(name: string): void }
  querySelector(selector: string): Element | null
  querySelectorAll(selector: string): ArrayLike<Element>
  addEventListener(event: string, listener: () => void): void
  setAttribute(name: string, value: string): void
  click(): void
}
interface Page {
  document: {
    getElementById(id: string): Element | null
    querySelectorAll(selector: string): ArrayLike<Element>
    createElement(tag: string): Element & { href: string; download: string }
    body: { appendChild(node: unknown): void; removeChild(node: unknown): void }
  }
  Plotly: { react(div: Element, data: unknown, layout: unknown, config?: unknown): unknown }
  Blob: new (parts: string[], options: { type: string }) => unknown
  URL: { createObjectURL(blob: unknown): string; revokeObjectURL(url: string): void }
  performance: { now(): number }
  requestAnimationFrame(callback: () => void): void
}

/** The slider position of a value (log10 for log controls). */
const toSlider = (control: WhatIfControl, value: number) => (control.log ? Math.log10(value) : value)
const fromSlider = (control: WhatIfControl, position: number) => {
  const value = control.log ? Math.pow(10, position) : position
  return control.integer ? Math.round(value) : value
}

/** The exact-value box shows percentages and factors in % (0.02 -> 2), everything else in its own unit. */
const inPercent = (control: WhatIfControl) => control.format === 'percent' || control.format === 'factor'
const toBox = (control: WhatIfControl, value: number) => String(Number((inPercent(control) ? value * 100 : value).toPrecision(6)))
const fromBox = (control: WhatIfControl, text: string) => {
  const value = Number(text)
  if (!Number.isFinite(value)) return undefined
  const raw = inPercent(control) ? value / 100 : value
  const clamped = Math.min(control.max, Math.max(control.min, raw))
  return control.integer ? Math.round(clamped) : clamped
}
const UNITS: Record<WhatIfControl['format'], string> = { volume: 'requests/month', percent: '%', usd: 'USD', usdPerHour: 'USD/h', factor: '% of today', months: 'months' }

function controlHtml(control: WhatIfControl): string {
  const lo = toSlider(control, control.min)
  const hi = toSlider(control, control.max)
  const id = escapeHtml(control.id)
  return `<div class="control" data-control="${id}">
<label for="whatif-${id}">${escapeHtml(control.label)}</label>
<output class="value">${escapeHtml(formatControlValue(control.format, control.value))}</output>
<input type="range" id="whatif-${id}" min="${lo}" max="${hi}" step="${control.step}" value="${toSlider(control, control.value)}" aria-label="${escapeHtml(control.label)}">
<span class="exact"><input type="number" id="whatif-${id}-exact" value="${toBox(control, control.value)}" aria-label="${escapeHtml(control.label)}, exact"> ${escapeHtml(UNITS[control.format])}</span>
<span class="was">scenario: ${escapeHtml(formatControlValue(control.format, control.value))}</span>
</div>`
}

/**
 * Starts the live report in the page: reads the embedded data, draws the controls, wires them.
 * Returns the function that recomputes the page for given values (tests call it directly).
 */
export function mount(page: Page = globalThis as unknown as Page): (values: WhatIfValues) => void {
  const doc = page.document
  const dataNode = doc.getElementById('payback-live-data')
  if (!dataNode?.textContent) throw new Error('payback live report: no embedded data')
  const data = JSON.parse(dataNode.textContent) as LiveData
  useGpuTable(data.gpuTable)
  usePriceTableVersion(data.priceTableVersion)
  const controls = data.controls
  const values: Record<string, number> = Object.fromEntries(controls.map((c) => [c.id, c.value]))
  const panel = doc.getElementById('whatif-controls') as Element
  panel.innerHTML = controls.map(controlHtml).join('\n')
  const figureDivs = Array.from(doc.querySelectorAll('#live-figures .payback-plot'))

  let drawn = 0
  const update = (next: WhatIfValues) => {
    const started = page.performance.now()
    Object.assign(values, next)
    const view = liveView(applyWhatIf(data.point, values, controls))
    ;(doc.getElementById('decision') as Element).innerHTML = recommendationHtml(view)
    ;(doc.getElementById('strategies') as Element).innerHTML = strategyTableHtml(view)
    // The figures follow, one per frame, so a dragged slider stays responsive; the latest values win.
    const generation = ++drawn
    const drawFrom = (i: number) => {
      if (generation !== drawn) return
      const div = figureDivs[i]
      const figure = view.figures[i]
      if (!div || !figure) {
        const whatif = doc.getElementById('whatif') as Element
        whatif.dataset.figuresMs = (page.performance.now() - started).toFixed(1)
        whatif.dataset.figuresDone = String(generation)
        return
      }
      page.Plotly.react(div, figure.data, figure.layout, { responsive: true, displaylogo: false })
      page.requestAnimationFrame(() => drawFrom(i + 1))
    }
    page.requestAnimationFrame(() => drawFrom(0))
    const changed = changedControls(values, controls)
    const changedIds = new Set(changed.map((c) => c.id))
    for (const control of controls) {
      const row = panel.querySelector(`[data-control="${control.id}"]`) as Element
      row.classList.toggle('changed', changedIds.has(control.id))
      ;(row.querySelector('input[type="range"]') as Element).value = String(toSlider(control, values[control.id] as number))
      const box = row.querySelector('input[type="number"]') as Element
      if (!box.dataset.editing) box.value = toBox(control, values[control.id] as number)
      ;(row.querySelector('output') as Element).textContent = formatControlValue(control.format, values[control.id] as number)
    }
    for (const cell of Array.from(doc.querySelectorAll('[data-input]'))) cell.classList.toggle('changed', changedIds.has(cell.dataset.input ?? ''))
    const status = doc.getElementById('whatif-status') as Element
    status.classList.toggle('changed', changed.length > 0)
    status.innerHTML =
      changed.length === 0
        ? 'Showing the scenario as saved. Move a control to ask "what if".'
        : `What-if: ${changed.length} input${changed.length === 1 ? '' : 's'} changed (${changed
            .map((c) => `${escapeHtml(c.label)} ${escapeHtml(formatControlValue(c.format, values[c.id] as number))}, was ${escapeHtml(formatControlValue(c.format, c.value))}`)
            .join('; ')}). The recommendation, the table and the three figures above follow the controls; the sections below show the scenario as saved.`
    doc.getElementById('decision')?.classList.toggle('changed', changed.length > 0)
    const whatif = doc.getElementById('whatif') as Element
    whatif.dataset.updateMs = (page.performance.now() - started).toFixed(1)
    whatif.dataset.updates = String(generation)
  }

  let pending: WhatIfValues | null = null
  const schedule = (id: string, value: number) => {
    pending = { ...(pending ?? {}), [id]: value }
    page.requestAnimationFrame(() => {
      if (pending) update(pending)
      pending = null
    })
  }
  for (const control of controls) {
    const slider = panel.querySelector(`#whatif-${control.id}`) as Element
    slider.addEventListener('input', () => schedule(control.id, fromSlider(control, Number(slider.value))))
    const box = panel.querySelector(`#whatif-${control.id}-exact`) as Element
    box.addEventListener('change', () => {
      const value = fromBox(control, box.value)
      delete box.dataset.editing
      if (value !== undefined) schedule(control.id, value)
    })
    box.addEventListener('input', () => {
      box.dataset.editing = 'yes'
    })
  }
  const download = (name: string, json: unknown) => {
    const url = page.URL.createObjectURL(new page.Blob([`${JSON.stringify(json, null, 2)}\n`], { type: 'application/json' }))
    const link = doc.createElement('a')
    link.href = url
    link.download = name
    doc.body.appendChild(link)
    link.click()
    doc.body.removeChild(link)
    page.URL.revokeObjectURL(url)
  }
  doc.getElementById('whatif-reset')?.addEventListener('click', () => update(Object.fromEntries(controls.map((c) => [c.id, c.value]))))
  doc.getElementById('save-scenario')?.addEventListener('click', () => download(data.fileName, data.input))
  doc.getElementById('save-whatif')?.addEventListener('click', () => {
    const scenario = applyWhatIf(data.point, values, controls)
    const changed = changedControls(values, controls)
    if (changed.length > 0) scenario.name = `${scenario.name} (what-if: ${changed.map((c) => `${c.label} ${formatControlValue(c.format, values[c.id] as number)}`).join(', ')})`
    download(data.fileName.replace(/\.json$/, '') + '-what-if.json', scenario)
  })
  ;(page as unknown as { paybackLive: { update: typeof update } }).paybackLive = { update }
  return update
}
