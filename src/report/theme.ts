/**
 * The look every figure shares: one colour per strategy and one base layout, so the decision
 * report, the simulation figures and the notebooks agree.
 */
import type { StrategyId } from '../scenario/schema.js'

/** A plotly trace: plain JSON. */
export type PlotlyTrace = Record<string, unknown> & { type: string; name?: string }

/** A plotly figure: traces and layout, ready for `Plotly.newPlot(div, data, layout)`. */
export interface PlotlyFigure {
  data: PlotlyTrace[]
  layout: Record<string, unknown>
}

/** A colour per strategy, the same in every figure. */
export const STRATEGY_COLOURS: Record<StrategyId, string> = {
  prompt: '#4c566a',
  rag: '#5e81ac',
  finetune: '#d08770',
  distill: '#a3be8c',
  'distill+rag': '#b48ead',
}

/** The colour of a strategy id; a neutral grey for an id outside the five. */
export function strategyColour(id: string): string {
  return STRATEGY_COLOURS[id as StrategyId] ?? '#2e3440'
}

/**
 * The layout every figure starts from: its title, the font, margins, a legend below the plot.
 *
 * @example
 * baseLayout('Cost').title // => { text: 'Cost' }
 */
export function baseLayout(title: string): Record<string, unknown> {
  return {
    title: { text: title },
    font: { family: 'system-ui, -apple-system, Segoe UI, sans-serif', size: 13 },
    margin: { l: 70, r: 20, t: 50, b: 60 },
    legend: { orientation: 'h', y: -0.2 },
    hovermode: 'closest',
  }
}
