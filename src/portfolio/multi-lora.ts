/**
 * Multi-LoRA serving: many adapters on one base model in memory, the adapter applied unmerged
 * per request (`xW + xAB`), against one deployment per adapter with the adapter merged into the
 * weights (the base model's own speed). Two published effects, fitted here from
 * `data/serving-benchmarks.json` (multiLora):
 *
 * - **unmerged factor**: throughput of an unmerged adapter relative to the merged model, from the
 *   one source that measures both with the same engine, workload and load (vLLM PR 11267,
 *   ShareGPT on one A100: 1,787.78 and 1,791.53 output tok/s with LoRA, 2,693.62 without).
 * - **decline per doubling**: throughput kept each time the number of concurrent adapters
 *   doubles, from S-LoRA's req/s at 5, 100, 1,000 and 2,000 adapters (LMSYS blog, settings S1
 *   and S2): the pooled least-squares slope of ln(req/s) on log2(adapters), one intercept per
 *   setting.
 *
 * The factor for n adapters: 1 for n <= 1 (one adapter is merged: its own deployment) and
 * `unmerged x decline^log2(n)` for n >= 2.
 */
import { checkNumber } from '../scenario/check-number.js'
import type { MultiLoraSettings } from '../scenario/portfolio-schema.js'
import { servingBenchmarks, type MultiLoraFigure } from '../serving/benchmarks.js'

/** One published figure as the fit reads it. */
export interface MultiLoraFitRow {
  id: string
  system: string
  adapters: number
  metric: string
  value: number
  /** `unmerged` or `decline`: which parameter it enters; `shown` when listed but not fitted (with why). */
  use: 'unmerged' | 'decline' | 'shown'
  why: string
  url: string
  date: string
}

/** The fitted multi-LoRA parameters with the figures and arithmetic behind them. */
export interface MultiLoraFit {
  /** Unmerged adapter throughput / merged (fraction). */
  unmergedFactor: number
  /** Throughput kept per doubling of concurrent adapters (fraction). */
  declinePerDoubling: number
  /** Per S-LoRA setting: its points' slope of ln(req/s) on log2(adapters). */
  settings: { setting: string; adapters: number[]; requestsPerSecond: number[]; slope: number }[]
  rows: MultiLoraFitRow[]
  formula: string
}

/** The effective multi-LoRA parameters of a portfolio: stated, or fitted. */
export interface MultiLoraParameters {
  unmergedFactor: number
  declinePerDoubling: number
  /** `fitted`, `stated` or `stated in part`. */
  origin: string
  formula: string
}

const isSLoraThroughput = (f: MultiLoraFigure) => f.system === 'S-LoRA' && f.metric === 'requestsPerSecond' && (f.adapters ?? 0) >= 1

/**
 * Fits the multi-LoRA parameters to published figures (see the module comment): the unmerged
 * factor is the mean of the vLLM PR 11267 LoRA runs' output tok/s over the same PR's base run;
 * the decline per doubling is `exp(b)` with `b` the pooled slope of ln(req/s) on log2(adapters)
 * over the S-LoRA settings (`b = sum_s sum_i (x_i - mean_s x)(y_i - mean_s y) / sum_s sum_i (x_i - mean_s x)^2`).
 * Figures of other kinds (batch-1 user reports, worst cases, Punica's 12x against full-model
 * copies) are listed with why they are not fitted.
 *
 * @param figures the multiLora array (default: data/serving-benchmarks.json's)
 * @throws {Error} when the figures lack a base/LoRA pair or an S-LoRA setting with two or more points
 * @example
 * const fit = fitMultiLora()
 * fit.unmergedFactor // => 0.664405 ((1787.78 + 1791.53) / 2 / 2693.62)
 * fit.declinePerDoubling // => 0.989577 (about 1 % less throughput per doubling of adapters)
 * fit.settings.map((s) => s.setting) // => ['S-LoRA ranks 8', 'S-LoRA ranks 64,32,16,8']
 */
export function fitMultiLora(figures: MultiLoraFigure[] = servingBenchmarks().multiLora): MultiLoraFit {
  const rows: MultiLoraFitRow[] = []
  const row = (f: MultiLoraFigure, use: MultiLoraFitRow['use'], why: string) =>
    rows.push({ id: f.id, system: f.system, adapters: f.adapters ?? NaN, metric: f.metric, value: f.value, use, why, url: f.source.url, date: f.source.date })
  // Unmerged factor: a base run (0 adapters) and LoRA runs (1 adapter) of one source, same metric.
  const base = figures.find((f) => f.adapters === 0 && f.metric === 'outputTokensPerSecond')
  const lora = base ? figures.filter((f) => f.adapters === 1 && f.metric === base.metric && f.source.url === base.source.url) : []
  if (!base || lora.length === 0) throw new Error('the multiLora figures have no base run with LoRA runs of the same source to fit the unmerged factor')
  const unmergedFactor = lora.reduce((sum, f) => sum + f.value, 0) / lora.length / base.value
  // Decline: the S-LoRA settings, keyed by their adapter ranks.
  const groups = new Map<string, MultiLoraFigure[]>()
  for (const f of figures.filter(isSLoraThroughput)) {
    const key = `${f.system} ranks ${(f.adapterRanks ?? []).join(',')}`
    groups.set(key, [...(groups.get(key) ?? []), f])
  }
  let cross = 0
  let squares = 0
  const settings: MultiLoraFit['settings'] = []
  for (const [setting, points] of groups) {
    if (points.length < 2) continue
    const x = points.map((p) => Math.log2(p.adapters as number))
    const y = points.map((p) => Math.log(p.value))
    const mx = x.reduce((a, b) => a + b, 0) / x.length
    const my = y.reduce((a, b) => a + b, 0) / y.length
    let c = 0
    let s = 0
    x.forEach((xi, i) => {
      c += (xi - mx) * ((y[i] as number) - my)
      s += (xi - mx) ** 2
    })
    cross += c
    squares += s
    settings.push({ setting, adapters: points.map((p) => p.adapters as number), requestsPerSecond: points.map((p) => p.value), slope: c / s })
  }
  if (settings.length === 0 || squares === 0) throw new Error('the multiLora figures have no S-LoRA setting with two or more adapter counts to fit the decline')
  const slope = cross / squares
  const declinePerDoubling = Math.exp(slope)
  const fitted = new Set<string>()
  row(base, 'unmerged', 'the merged baseline (no LoRA) of the unmerged factor')
  fitted.add(base.id)
  for (const f of lora) {
    row(f, 'unmerged', `${f.value} / ${base.value} = ${(f.value / base.value).toFixed(4)}`)
    fitted.add(f.id)
  }
  for (const points of groups.values()) {
    if (points.length < 2) continue
    for (const f of points) {
      row(f, 'decline', 'a point of the ln(req/s) on log2(adapters) fit')
      fitted.add(f.id)
    }
  }
  for (const f of figures) {
    if (fitted.has(f.id)) continue
    const why =
      f.metric === 'throughputRatioVsBaseline' && f.value > 1
        ? 'against one full model copy per adapter, not against one merged adapter'
        : f.metric === 'throughputRatioVsBaseline'
          ? 'a single-stream or worst-case ratio, not throughput at load: a lower bound to test against'
          : f.metric === 'addedLatencyPerTokenMs'
            ? 'latency, not throughput'
            : 'not an S-LoRA adapter sweep or a base/LoRA pair of one source'
    row(f, 'shown', why)
  }
  const setText = settings.map((s) => `${s.setting}: slope ${s.slope.toFixed(5)}`).join('; ')
  return {
    unmergedFactor,
    declinePerDoubling,
    settings,
    rows,
    formula:
      `unmerged factor = mean(${lora.map((f) => f.value).join(', ')}) / ${base.value} output tok/s = ${unmergedFactor.toFixed(4)} (${base.system}, ${base.source.url}, ${base.source.date}); ` +
      `decline per doubling = exp(pooled slope of ln(req/s) on log2(adapters)) = exp(${slope.toFixed(5)}) = ${declinePerDoubling.toFixed(4)} (${setText}; ${settings.length > 0 ? 'S-LoRA, https://github.com/lm-sys/lm-sys.github.io/blob/main/blog/2023-11-15-slora.md, 2023-11-15' : ''})`,
  }
}

/**
 * The portfolio's multi-LoRA parameters: the stated ones, the fit ({@link fitMultiLora}) for
 * what is not stated.
 *
 * @example
 * multiLoraParameters({ unmergedFactor: 0.8 }).declinePerDoubling // => 0.989577 (fitted)
 * multiLoraParameters({ unmergedFactor: 0.8 }).origin // => 'stated in part'
 * multiLoraParameters(undefined).origin // => 'fitted'
 */
export function multiLoraParameters(settings: MultiLoraSettings | undefined): MultiLoraParameters {
  const stated = settings ?? {}
  const needFit = stated.unmergedFactor === undefined || stated.declinePerDoubling === undefined
  const fit = needFit ? fitMultiLora() : undefined
  const unmergedFactor = stated.unmergedFactor ?? (fit as MultiLoraFit).unmergedFactor
  const declinePerDoubling = stated.declinePerDoubling ?? (fit as MultiLoraFit).declinePerDoubling
  const origin = !fit ? 'stated' : stated.unmergedFactor === undefined && stated.declinePerDoubling === undefined ? 'fitted' : 'stated in part'
  const statedText = (name: string) => `${name} stated in the portfolio${stated.source ? ` (${stated.source})` : ''}`
  return {
    unmergedFactor,
    declinePerDoubling,
    origin,
    formula:
      `unmerged factor ${unmergedFactor.toFixed(4)} (${stated.unmergedFactor === undefined ? 'fitted' : statedText('unmergedFactor')}), ` +
      `decline per doubling ${declinePerDoubling.toFixed(4)} (${stated.declinePerDoubling === undefined ? 'fitted' : statedText('declinePerDoubling')})` +
      (fit ? `; fit: ${fit.formula}` : ''),
  }
}

/**
 * Throughput of each adapter's requests on a fleet serving `adapters` adapters, relative to the
 * merged model: 1 for one adapter or none (merged into the weights), else
 * `unmergedFactor x declinePerDoubling^log2(adapters)`.
 *
 * @throws {InvalidArgumentError} when `adapters` is not an integer >= 0 or a parameter is outside (0, 1]
 * @example
 * multiLoraFactor(1, { unmergedFactor: 0.66, declinePerDoubling: 0.99 }) // => 1 (merged)
 * multiLoraFactor(4, { unmergedFactor: 0.66, declinePerDoubling: 0.99 }) // => 0.646866 (0.66 x 0.99^2)
 * multiLoraFactor(1.5, { unmergedFactor: 0.66, declinePerDoubling: 0.99 }) // throws invalid adapters: 1.5 (must be integer)
 */
export function multiLoraFactor(adapters: number, parameters: Pick<MultiLoraParameters, 'unmergedFactor' | 'declinePerDoubling'>): number {
  checkNumber('adapters', adapters, { min: 0, integer: true })
  checkNumber('unmergedFactor', parameters.unmergedFactor, { exclusiveMin: 0, max: 1 })
  checkNumber('declinePerDoubling', parameters.declinePerDoubling, { exclusiveMin: 0, max: 1 })
  if (adapters <= 1) return 1
  return parameters.unmergedFactor * Math.pow(parameters.declinePerDoubling, Math.log2(adapters))
}
