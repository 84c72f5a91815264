/** `payback simulate [--scenario FILE] [--draws N] [--seed S] [--workers W] [--json]` */
import { availableParallelism } from 'node:os'
import { DEFAULT_CHUNK_SIZE, MAX_DRAWS, MAX_WORKERS, startWorkerPool } from '../../kernel/sim/engine.js'
import type { SimulationResult } from '../../kernel/sim/result.js'
import { formatCount, formatPercent, formatUSD } from '../format.js'
import { simulationKeyNumbers } from '../sim/key-numbers.js'
import { scenarioModelModule } from '../sim/scenario-model.js'
import { simulateScenario, type ScenarioSimulation } from '../sim/simulate-scenario.js'
import { type CommandSpec, JSON_OPTION, MEASURED_OPTION, measuredText, numberOption, parseCommand, scenarioWithMeasurements } from './args.js'
import { renderTable } from './table.js'

/** The scenario `simulate` uses without `--scenario`: the default scenario with its guesses written as distributions. */
export const DEFAULT_SIMULATION_SCENARIO = 'data/scenarios/support-tickets-uncertain.json'
/** Draws without `--draws`. */
export const DEFAULT_DRAWS = 100_000

/** Options of {@link runSimulate} beyond the command line (tests). */
export interface SimulateIo {
  /** Where the table or JSON goes (default: stdout). */
  out?: (text: string) => void
  /** Where the progress bar goes (default: stderr, and only when it is a terminal). */
  progress?: NodeJS.WritableStream & { isTTY?: boolean }
}

const pad = (value: number, width: number) => String(value).padStart(width)
const threeDigits = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 })

/** A progress bar on a terminal: redrawn at most every 100 ms, cleared at the end. Silent elsewhere. */
function progressBar(stream: NodeJS.WritableStream & { isTTY?: boolean }): { update: (done: number, total: number) => void; end: () => void } {
  if (!stream.isTTY) return { update: () => {}, end: () => {} }
  const started = performance.now()
  let last = 0
  let drawn = false
  return {
    update(done, total) {
      const now = performance.now()
      if (now - last < 100 && done < total) return
      last = now
      const width = 30
      const filled = Math.round((done / total) * width)
      const rate = done / Math.max(1e-9, (now - started) / 1000)
      stream.write(
        `\r  simulating [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pad(Math.floor((done / total) * 100), 3)} %  ` +
          `${formatCount(done)} / ${formatCount(total)} draws  ${formatCount(rate)} draws/s `,
      )
      drawn = true
    },
    end() {
      if (drawn) stream.write('\r\u001b[2K')
    },
  }
}

const months = (value: number | null, horizon: number) => (value === null ? `> ${horizon} mo` : `month ${value.toFixed(1)}`)
/** A standard error needs at least this many draws; with fewer it is undefined and printed as n/a. */
export const MIN_DRAWS_FOR_STANDARD_ERROR = 2
/** What a standard error reads as when there are too few draws to have one. */
const NO_STANDARD_ERROR = 'n/a'

/**
 * The human form of a simulation: the strategies' distributions and probabilities, what they
 * mean for the decision, and the tornado.
 *
 * @example
 * const validated = loadScenarioInputFile('data/scenarios/support-tickets-uncertain.json')
 * const lines = simulationText(await simulateScenario(validated, { draws: 1000, seed: 1 })).split('\n')
 * lines[0] // => 'payback simulate: support-ticket triage, uncertain inputs'
 * lines[1] // => "1,000 draws, seed 1, 15 uncertain inputs, 24 months; at the inputs' means payback recommends distill"
 */
export function simulationText(simulation: ScenarioSimulation): string {
  const result: SimulationResult = simulation.result
  const horizon = result.horizonMonths
  const key = simulationKeyNumbers(simulation)
  const hasErrors = result.draws >= MIN_DRAWS_FOR_STANDARD_ERROR
  const percentWithError = (p: number, se: number) => `${formatPercent(p)} ± ${hasErrors ? formatPercent(se, 2) : NO_STANDARD_ERROR}`
  const usdWithError = (mean: number, se: number) => `${formatUSD(mean)} ± ${hasErrors ? formatUSD(se) : NO_STANDARD_ERROR}`
  const lines = [
    `payback simulate: ${simulation.scenario}`,
    `${formatCount(result.draws)} draw${result.draws === 1 ? '' : 's'}, seed ${result.seed}, ${result.inputs.length} uncertain inputs, ${horizon} months; ` +
      `at the inputs' means payback recommends ${simulation.recommendation}`,
    '',
    renderTable(
      [
        { header: 'strategy' },
        { header: `${horizon}-month total: p5`, align: 'right' },
        { header: 'median', align: 'right' },
        { header: 'p95', align: 'right' },
        { header: 'mean ± se', align: 'right' },
        { header: 'NPV vs prompt (mean)', align: 'right' },
        { header: 'P(cheapest)', align: 'right' },
        { header: `P(payback <= ${horizon} mo)`, align: 'right' },
        { header: 'median payback', align: 'right' },
      ],
      result.strategies.map((s) => [
        s.id === simulation.focus ? `${s.id} *` : s.id,
        formatUSD(s.horizonTotalUSD.quantiles.p5),
        formatUSD(s.horizonTotalUSD.quantiles.p50),
        formatUSD(s.horizonTotalUSD.quantiles.p95),
        usdWithError(s.horizonTotalUSD.mean, s.horizonTotalUSD.standardError),
        s.id === result.baseline ? 'baseline' : formatUSD(s.npvSavingsUSD.mean),
        percentWithError(s.cheapest.probability, s.cheapest.standardError),
        s.payback ? percentWithError(s.payback.withinHorizon.probability, s.payback.withinHorizon.standardError) : '-',
        s.payback ? months(s.payback.quantiles.p50, horizon) : '-',
      ]),
    ),
    '',
  ]
  if (!hasErrors) lines.push(`Standard errors: ${NO_STANDARD_ERROR} (needs ${MIN_DRAWS_FOR_STANDARD_ERROR} draws); run more draws to see how far the estimates may be off.`)
  if (result.inputs.length === 0) {
    lines.push('Every input is a number, so every draw is the same: write some as distributions ({"dist": "triangular", ...}) to see the spread.')
  }
  const focus = simulation.focus
  lines.push(
    `${focus} pays back against prompting within ${horizon} months in ${percentWithError(key.paybackProbability, key.paybackStandardError)} of draws` +
      (key.paybackWithin12MonthsProbability === null ? '' : ` (within 12 months: ${formatPercent(key.paybackWithin12MonthsProbability)})`) +
      `; it is the cheapest strategy in ${formatPercent(key.cheapestProbability)}.`,
    `Its net present value against prompting: mean ${formatUSD(key.npvSavingsUSD.mean)}, 90 % between ${formatUSD(key.npvSavingsUSD.p5)} and ${formatUSD(key.npvSavingsUSD.p95)}.`,
  )
  const bars = simulation.tornado.bars.slice(0, 10)
  if (bars.length > 0) {
    const what = simulation.tornado.metric === 'savings' ? `${focus}'s ${horizon}-month savings against prompting` : `prompting's ${horizon}-month total`
    lines.push(
      '',
      `What moves ${what} most (each input alone at its p10 and p90, the others at their means; at the means: ${formatUSD(simulation.tornado.point)}):`,
      renderTable(
        [
          { header: 'input' },
          { header: 'p10', align: 'right' },
          { header: 'p90', align: 'right' },
          { header: 'at p10', align: 'right' },
          { header: 'at p90', align: 'right' },
          { header: 'swing', align: 'right' },
        ],
        bars.map((bar) => [bar.path, threeDigits.format(bar.lowValue), threeDigits.format(bar.highValue), formatUSD(bar.low), formatUSD(bar.high), formatUSD(bar.swing)]),
      ),
    )
  }
  return lines.join('\n')
}

/** `simulate`'s options: the table that parses them and prints `payback simulate --help`. */
/**
 * Draws from which `payback simulate` uses one worker thread per core by default. Measured
 * (`node bench/run.mjs sim-vs-numpy`, 2 cores): at 100,000 draws one thread ran the whole
 * command at 162,000 draws/s and two workers at 101,000 (starting a worker, which loads the
 * cost model, takes about 0.3 s); at 1,000,000 two workers ran 560,000 against 443,000.
 */
export const WORKERS_FROM_DRAWS = 300_000

export const SIMULATE_COMMAND: CommandSpec = {
  name: 'simulate',
  summary: "Monte Carlo over the scenario's distributions: horizon cost, NPV and payback month per strategy, the probability each is cheapest, monthly bands, a tornado of the inputs; the same numbers for any --workers.",
  options: {
    scenario: { type: 'string', value: 'FILE', defaultNote: DEFAULT_SIMULATION_SCENARIO, help: 'scenario JSON; numeric fields may be distributions' },
    measured: { ...MEASURED_OPTION, help: `${MEASURED_OPTION.help}; a measured rate is drawn from Beta(successes, failures)` },
    draws: { type: 'string', value: 'N', default: String(DEFAULT_DRAWS), help: `how many draws, 1 to ${MAX_DRAWS} (standard errors need ${MIN_DRAWS_FOR_STANDARD_ERROR})` },
    seed: { type: 'string', value: 'S', default: '0', help: 'seed of the random streams, a whole number >= 0' },
    workers: { type: 'string', value: 'W', defaultNote: `one per core (at most ${MAX_WORKERS}) from ${formatCount(WORKERS_FROM_DRAWS)} draws, 1 below: a worker takes about 0.3 s to start`, help: 'worker threads; the result does not depend on them' },
    json: JSON_OPTION,
  },
}

/**
 * Runs `payback simulate`: draws the scenario's uncertain inputs, prints the distributions of
 * every strategy's cost, payback and NPV, P(cheapest), the tornado; `--json` prints
 * `{ keyNumbers, recommendation, focus, result, tornado }`. Output is the same for any
 * `--workers`.
 *
 * @throws {UsageError} on bad options; {@link InputError} on a bad scenario (both exit 2)
 */
export async function runSimulate(args: string[], io: SimulateIo = {}): Promise<void> {
  const options = parseCommand(SIMULATE_COMMAND, args)
  if (!options) return
  const draws = numberOption('--draws', options.string('draws'), { integer: true, min: 1, max: MAX_DRAWS }) as number
  const seed = numberOption('--seed', options.string('seed'), { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER }) as number
  const workers =
    numberOption('--workers', options.string('workers'), { integer: true, min: 1, max: MAX_WORKERS }) ??
    (draws >= WORKERS_FROM_DRAWS ? Math.min(MAX_WORKERS, availableParallelism()) : 1)
  // The workers start now and load the cost model while this thread reads, validates and
  // compiles the scenario (as many as the draws' chunks can use).
  const threads = Math.min(workers, Math.ceil(draws / DEFAULT_CHUNK_SIZE))
  const pool = threads > 1 ? startWorkerPool(threads, [scenarioModelModule()]) : undefined
  const bar = progressBar(io.progress ?? process.stderr)
  let simulation: ScenarioSimulation
  let measured: ReturnType<typeof scenarioWithMeasurements>['measured']
  try {
    const { validated, measured: found } = scenarioWithMeasurements(options.string('scenario'), options.string('measured'), DEFAULT_SIMULATION_SCENARIO)
    measured = found
    simulation = await simulateScenario(validated, { draws, seed, workers, onProgress: bar.update, pool })
  } finally {
    pool?.close()
    bar.end()
  }
  const out = io.out ?? ((text: string) => console.log(text))
  if (options.flag('json')) {
    const { result, tornado, recommendation, focus } = simulation
    // Below 2 draws a standard error is undefined, not 0: null in the JSON, and said why.
    const undefinedErrors = result.draws < MIN_DRAWS_FOR_STANDARD_ERROR
    const errorsAsNull = (key: string, value: unknown) => (undefinedErrors && /standardError$/i.test(key) ? null : value)
    const note = undefinedErrors ? { standardErrors: `${NO_STANDARD_ERROR}: undefined below ${MIN_DRAWS_FOR_STANDARD_ERROR} draws (null below)` } : {}
    out(JSON.stringify({ ...note, keyNumbers: simulationKeyNumbers(simulation), recommendation, focus, result, tornado, ...(measured ? { measured } : {}) }, errorsAsNull, 2))
  } else {
    out(simulationText(simulation))
    const measuredLines = measuredText(measured)
    if (measuredLines) out(`\n${measuredLines}`)
  }
}
