/**
 * The simulation kernel: seeded streams, distributions, the month loop, streaming aggregation,
 * the engine (one thread or many) and one-at-a-time sensitivity. This index only re-exports;
 * what it exports is the public API of the kernel.
 */

// Random streams and distributions
export { Stream, createStream, streamAt, philox4x32, installBulkFill, withBulkFill, withoutBulkFill, type BulkBlockFill } from './random.js'
export { fillUniform, fillOpenUniform, fillWords, philoxBackend } from './philox-fast.js'
export * from './distributions/index.js'

// The numeric model
export { GLOBAL, GLOBAL_SIZE, COEFF, COEFF_SIZE } from './layout.js'
export { loadModel, type ModelSource, type SimulationInput, type SimulationModel } from './model.js'
export { tableModel, type TableDistribution, type TableInput, type TableModelSpec, type TableTarget } from './table-model.js'
export { builtModuleUrl } from './built-module.js'

// One draw
export { createDrawBuffers, runMonthLoop, type DrawBuffers } from './month-loop.js'
export {
  dailyProfile,
  gpuHoursPerMonth,
  gpuHoursBreakdown,
  HOSTING_MODE,
  PROFILE_HOURS,
  type FleetParameters,
  type GpuHoursBreakdown,
} from './gpu-hours.js'
export { evaluateDraw, pointEvaluation, ChunkRunner, chunkCount, type ChunkPlan } from './chunk.js'

// Aggregation
export {
  Tally,
  TallyLayout,
  ChunkSumFolder,
  addToChunkSums,
  metricShifts,
  histogramQuantiles,
  probabilityEstimate,
  summarizeStrategies,
  positiveBinKey,
  binLowerEdge,
  binsPerSign,
  signedBinIndex,
  unsignedBinIndex,
  VALUE_BINS,
  BAND_BINS,
  PAYBACK_BINS_PER_MONTH,
  METRICS,
  type LogBinLayout,
} from './aggregate.js'

// The engine and its result
export { simulate, startWorkerPool, DEFAULT_CHUNK_SIZE, MAX_DRAWS, MAX_WORKERS, type SimulateOptions, type WorkerPool } from './engine.js'
export type {
  SimulationResult,
  StrategySimulation,
  MoneySummary,
  MoneyQuantiles,
  PaybackSummary,
  CostBands,
  PointResult,
  ProbabilityEstimate,
  SimulatedInput,
} from './result.js'

// Sensitivity
export { tornado, type Tornado, type TornadoBar, type TornadoOptions } from './sensitivity.js'
