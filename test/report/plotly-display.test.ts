import { describe, expect, it } from 'vitest'

import {
  createPlotlySession,
  PLOTLY_LIBRARY_MARKER,
  plotlyFigureHtml,
  plotlyLibrarySource,
  scriptSafeJson,
  showPlotly,
} from '../../src/report/plotly-display.js'

const figure = { data: [{ type: 'bar', x: ['a'], y: [1] }], layout: { title: { text: 't' } } }

describe('plotlyFigureHtml(figure, session)', () => {
  it('emits plotly.js with the first figure only and numbers figures from 1', () => {
    const session = createPlotlySession()
    const first = plotlyFigureHtml(figure, session)
    const second = plotlyFigureHtml(figure, session)
    expect(first).toContain(PLOTLY_LIBRARY_MARKER)
    expect(first).toContain(plotlyLibrarySource().slice(0, 200))
    expect(first).toContain('<div id="payback-plot-1" class="payback-plot"></div>')
    expect(second).not.toContain(PLOTLY_LIBRARY_MARKER)
    expect(second).toContain('<div id="payback-plot-2" class="payback-plot"></div>')
    expect(session).toEqual({ libraryEmitted: true, figureCount: 2 })
  })

  it('is deterministic: two fresh sessions give the same HTML', () => {
    const a = createPlotlySession()
    const b = createPlotlySession()
    expect([plotlyFigureHtml(figure, a), plotlyFigureHtml(figure, a)]).toEqual([plotlyFigureHtml(figure, b), plotlyFigureHtml(figure, b)])
  })

  it('passes data, layout and the merged config to Plotly.newPlot', () => {
    const html = plotlyFigureHtml({ ...figure, config: { displaylogo: true } }, { libraryEmitted: true, figureCount: 0 })
    expect(html).toContain(
      'window.Plotly.newPlot(div, [{"type":"bar","x":["a"],"y":[1]}], {"title":{"text":"t"}}, {"responsive":true,"displaylogo":true});',
    )
  })

  it('throws when data is not an array', () => {
    expect(() => plotlyFigureHtml({ data: 'x' } as never, createPlotlySession())).toThrow('invalid figure.data: "x" (must be an array of traces)')
  })
})

describe('scriptSafeJson(value)', () => {
  it('escapes what could end or confuse a <script>', () => {
    expect(scriptSafeJson({ label: '</script><b>&\u2028' })).toBe('{"label":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\\u2028"}')
    expect(JSON.parse(scriptSafeJson({ label: '</script>' }))).toEqual({ label: '</script>' })
  })
})

describe('showPlotly(figure, display, session)', () => {
  it('sends the HTML to display.html and leaves the session untouched when display throws', () => {
    const session = createPlotlySession()
    const sent: string[] = []
    showPlotly(figure, { html: (html) => sent.push(html) }, session)
    expect(sent).toHaveLength(1)
    expect(session.figureCount).toBe(1)
    const fresh = createPlotlySession()
    expect(() => showPlotly(figure, { html: () => { throw new Error('Not ready') } }, fresh)).toThrow('Not ready')
    expect(fresh).toEqual({ libraryEmitted: false, figureCount: 0 })
  })
})
