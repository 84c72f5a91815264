/**
 * The experiment record an analysis reads (notebooks 04 and 05): a file the caller names, else
 * the package's `reports/distill-<name>.json` of the default config (written by `payback distill`
 * or notebook 03), else a fresh experiment with every default, written there; and the decision
 * recomputed with the record's measurements beside the assumed one, exactly as
 * `payback decide --measured` computes it.
 */
import { existsSync } from 'node:fs'
import { LoraWorker } from '../../kernel/lora/client.js'
import { packagePath } from '../../kernel/paths.js'
import { analyseScenario, type Analysis } from '../breakeven/analysis.js'
import { decisionResult, type DecisionResult } from '../decide/result.js'
import { distillConfig } from '../distill/config.js'
import type { ExperimentProgress } from '../distill/experiment.js'
import { writeFileAtomic } from '../io/atomic.js'
import { overlayMeasurements, type AppliedMeasurements } from '../measured/overlay.js'
import { readExperimentRecord } from '../measured/read-record.js'
import type { ExperimentRecord } from '../measured/record.js'
import { readScenarioJson, validateScenarioInput } from '../scenario/validate.js'
import { distillOnScenario } from './distill-run.js'

/** The scenario the experiment's measurements update when none is named: mail spam filtering. */
export const ANALYSIS_SCENARIO = 'data/scenarios/mail-spam-filter.json'

/**
 * Where the record of a config named `name` goes: the package's `reports/distill-<slug>.json`
 * (the slug lowercases the name and joins its words with `-`), as `payback distill` writes it
 * without `--out`.
 *
 * @example
 * defaultRecordPath('spam-assassin').endsWith('/reports/distill-spam-assassin.json') // => true
 * defaultRecordPath('CI small').endsWith('/reports/distill-ci-small.json') // => true
 */
export function defaultRecordPath(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'scenario'
  return packagePath('reports', `distill-${slug}.json`)
}

/**
 * Writes an experiment record as indented JSON, atomically (a temp file in the same folder, then
 * a rename), creating the folder; returns the path.
 *
 * @throws when the folder cannot be created or the file written
 * @example
 * const { mkdtempSync, readFileSync, readdirSync } = process.getBuiltinModule('node:fs')
 * const folder = mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/payback-`)
 * const path = writeExperimentRecord({ kind: 'payback-distillation-experiment', id: 'abc' }, `${folder}/reports/run.json`)
 * JSON.parse(readFileSync(path, 'utf8')).id // => 'abc'
 * readdirSync(`${folder}/reports`) // => ['run.json'] (no temp file left behind)
 */
export function writeExperimentRecord(record: ExperimentRecord, path: string): string {
  writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`)
  return path
}

/** Options of {@link recordForAnalysis}. */
export interface RecordForAnalysisOptions {
  /** The record to read; undefined: the default config's record, run first when it is missing. */
  recordPath?: string
  /** The scenario a fresh experiment runs against; default {@link ANALYSIS_SCENARIO}. */
  scenarioPath?: string
  /** What a fresh experiment records as its command, e.g. the notebook's path. */
  command?: string
  onProgress?: (progress: ExperimentProgress) => void
}

/** The record an analysis reads, where it came from and whether this call ran the experiment. */
export interface RecordForAnalysis {
  path: string
  record: ExperimentRecord
  /** True when no record existed and the experiment ran (with every default) to write one. */
  ran: boolean
}

/**
 * The record an analysis reads: `recordPath` when given; else the default config's record
 * ({@link defaultRecordPath}) when it exists; else the experiment with every default (the local
 * teacher; minutes on a CPU), whose record is written there first.
 *
 * @throws {InputError} on a record that cannot be read or is not valid
 * @example illustrative: may run the experiment (Python and PyTorch); test/distill/analysis-notebooks.test.ts reads a given record
 */
export async function recordForAnalysis(options: RecordForAnalysisOptions = {}): Promise<RecordForAnalysis> {
  if (options.recordPath !== undefined) return { path: options.recordPath, record: readExperimentRecord(options.recordPath), ran: false }
  const { config, defaultsApplied } = distillConfig({}, 'every default')
  const path = defaultRecordPath(config.name)
  if (existsSync(path)) return { path, record: readExperimentRecord(path), ran: false }
  const worker = await LoraWorker.start({ threads: config.threads })
  try {
    const run = await distillOnScenario({
      config, defaultsApplied, worker, env: {},
      scenarioPath: options.scenarioPath ?? config.scenario ?? packagePath(ANALYSIS_SCENARIO),
      ...(options.command === undefined ? {} : { command: options.command }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    })
    writeExperimentRecord(run.experiment.record, path)
    return { path, record: run.experiment.record, ran: true }
  } finally {
    await worker.close()
  }
}

/** The decision before and after a record's measurements. */
export interface DecisionWithRecord {
  assumed: DecisionResult
  measuredAnalysis: Analysis
  measured: DecisionResult
  /** What the measurements replaced, each with the assumption, the value, its interval and n. */
  applied: AppliedMeasurements
}

/**
 * The scenario's decision on its assumptions and with the record's measurements written over
 * them (`overlayMeasurements`): the same numbers as `payback decide --scenario FILE --measured
 * RECORD`.
 *
 * @throws {InputError} on a bad scenario, or one the measurements make invalid
 * @example illustrative: needs an experiment record, minutes of payback distill (a process); test/distill/analysis-notebooks.test.ts checks it against decide --measured
 */
export function decisionWithRecord(scenarioPath: string, record: ExperimentRecord, recordPath: string): DecisionWithRecord {
  const raw = readScenarioJson(scenarioPath)
  const assumed = decisionResult(analyseScenario(validateScenarioInput(raw, scenarioPath).point))
  const overlay = overlayMeasurements(raw, record)
  const measuredAnalysis = analyseScenario(validateScenarioInput(overlay.scenario, `${scenarioPath} with the measurements of ${recordPath}`).point)
  return {
    assumed,
    measuredAnalysis,
    measured: decisionResult(measuredAnalysis),
    applied: { file: recordPath, run: record.id, inputs: overlay.inputs, notes: overlay.notes },
  }
}
