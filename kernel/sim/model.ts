/**
 * What the simulation kernel runs: a model that turns one draw's uncertain input values into
 * the global values and per-strategy coefficient blocks of `layout.ts`. `src/sim/compile.ts`
 * compiles a scenario into one; {@link tableModel} builds one from plain numbers.
 *
 * Worker threads cannot receive functions, so a model that runs on several workers also names
 * where it comes from ({@link ModelSource}): a module, an export and a JSON-like argument; each
 * worker imports the module and builds its own copy.
 */
import { pathToFileURL } from 'node:url'
import type { Distribution } from './distributions/index.js'

/** One uncertain input of a model. Input j draws from Philox stream (seed, j). */
export interface SimulationInput {
  /** JSON pointer of the field it comes from, e.g. `/task/requestsPerMonth`. */
  readonly path: string
  /** Its distribution (in the field's units). */
  readonly distribution: Distribution
  /** The value used when it is not being varied: `payback decide` uses it (the distribution's mean). */
  readonly pointValue: number
}

/**
 * A compiled model: strategies in report order (index 0 = the payback baseline), the horizon,
 * the uncertain inputs, and `fill`, which must be pure and allocation-free.
 */
export interface SimulationModel {
  readonly strategies: readonly string[]
  readonly horizonMonths: number
  readonly inputs: readonly SimulationInput[]
  /** Each input's point value, in input order. */
  readonly point: Float64Array
  /**
   * Whether a strategy may use autoscaling or serverless hosting (HOSTING_MODE 1 or 2): then the
   * chunks run on the TypeScript month loop, which has the hourly fleet model (gpu-hours.ts); the
   * WebAssembly kernel has always-on hosting only. Default false.
   */
  readonly hourlyHosting?: boolean
  /** The day's own 24 hourly traffic weights (mean 1); without them the day is the von Mises day of the draw's PEAK_TO_AVERAGE. */
  readonly trafficWeights?: readonly number[]
  /**
   * Fills `globals` (GLOBAL_SIZE values) and `coeffs` (strategies x COEFF_SIZE values) for one
   * draw whose inputs take `values` (input order).
   */
  fill(values: Float64Array, globals: Float64Array, coeffs: Float64Array): void
}

/**
 * Where a model comes from, so a worker thread can build it: `import(module)[exportName](argument)`.
 * The argument must survive structured cloning (plain data: a validated scenario object is fine).
 */
export interface ModelSource {
  /** A `file:` URL (or absolute path) of an ES module that runs in plain Node (a built `.js` file). */
  readonly module: string
  /** The export that builds the model: `(argument) => SimulationModel`. */
  readonly exportName: string
  readonly argument: unknown
}

/**
 * Builds the model a source names, by importing its module.
 *
 * @throws {Error} when the module has no such export, or the export is not a function
 * @example
 * const spec = { strategies: ['prompt'], horizonMonths: 12, globals: [1_000_000, 0, 0, 0, 1], coeffs: [[0, 0, 0, 0.01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]], inputs: [] }
 * const model = await loadModel({ module: builtModuleUrl(new URL('./table-model.js', import.meta.url)), exportName: 'tableModel', argument: spec })
 * model.strategies // => ['prompt']
 * evaluateDraw(model, model.point).horizonTotalUSD // => [120_000] (12 months x 1,000,000 requests x $0.01)
 */
export async function loadModel(source: ModelSource): Promise<SimulationModel> {
  const url = source.module.startsWith('file:') ? source.module : pathToFileURL(source.module).href
  const loaded = (await import(url)) as Record<string, unknown>
  const build = loaded[source.exportName]
  if (typeof build !== 'function') throw new Error(`model source ${url} has no function export ${JSON.stringify(source.exportName)}`)
  return (build as (argument: unknown) => SimulationModel)(source.argument)
}
