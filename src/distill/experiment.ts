/**
 * The distillation experiment, end to end: sample inputs from the corpus, get the teacher's
 * answers, filter them, train the student with LoRA, measure its agreement with the teacher and
 * its accuracy against gold on held-out inputs (with intervals, kappa and McNemar), choose the
 * escalation threshold on a calibration split and measure it on the test split, apply the ship
 * gate, measure the student's serving throughput, trace the learning curve, and write everything
 * into an experiment record that `payback decide --measured` reads back.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { isAbsolute, join } from 'node:path'
import type { LoraWorker } from '../../kernel/lora/client.js'
import type { AdapterSummary, ProgressEvent } from '../../kernel/lora/protocol-types.js'
import { packagePath } from '../../kernel/paths.js'
import { cohensKappa } from '../agreement/cohens-kappa.js'
import { confusionMatrix } from '../agreement/confusion-matrix.js'
import { mcnemarTest } from '../agreement/mcnemar.js'
import { shipGate } from '../agreement/ship-gate.js'
import { corpusLabels, countTokens, loadSpamAssassin, readCorpusFile, recordsSha256, splitCorpus, textSha256, tokenCountStats, tokenEncodingFor, type Corpus, type CorpusRecord } from '../corpus/index.js'
import { measuredProportion } from '../measured/measurement.js'
import type { Cadence, ExperimentRecord, MeasuredTokens } from '../measured/record.js'
import { canonicalJson, provenance, sha256 } from '../provenance.js'
import type { AppliedDefault } from '../scenario/defaults.js'
import { distillCacheDir, type DistillConfig } from './config.js'
import { chooseEscalationThreshold, measureCascade, type CascadeItem } from './escalation.js'
import { filterTeacherAnswers } from './filter.js'
import { seededOrder } from './seeded-order.js'
import { formatUSD } from '../format.js'
import { measureCeiling, type CeilingRow } from './ceiling-analysis.js'
import { runDriftExperiment, type DriftExperiment } from './drift-experiment.js'
import { simulateRetrainPolicies, type RetrainPolicies } from '../drift/retrain-policies.js'
import type { DecayFit } from '../drift/decay/decay-fit.js'
import { callsWorthPaying, fitLearningCurve, type LearningCurvePoint } from './learning-curve.js'
import { classifierOfBase, trainLocalTeacher, type LocalTeacherTraining } from './local-teacher.js'
import { LogsTeacher, readTeacherLog, type TeacherAnswer, type TeacherLog, type TeacherRun, type TeacherSource } from './teachers/index.js'
import { InputError } from '../scenario/messages.js'

/** One step of the experiment, for a progress bar or a notebook. */
export interface ExperimentProgress {
  phase: 'corpus' | 'teacher-training' | 'teacher' | 'student' | 'evaluate' | 'throughput' | 'learning-curve' | 'drift' | 'record'
  /** Units done and in all, when the phase counts (steps, answers, curve points). */
  done?: number
  total?: number
  /** A line for the log. */
  message?: string
  /** Training loss, when the phase trains. */
  loss?: number
}

/** What the experiment needs from the scenario it will update. */
export interface ExperimentScenario {
  /** The scenario's file, for the record. */
  path: string
  /** The frontier model the teacher stands for: its tokenizer counts tokens. */
  frontierModel: string
  /** The GPU price training and the local teacher's compute are costed at, USD per hour, and its name. */
  gpuUSDPerHour: number
  gpu: string
  /** The quality target: the default agreement the cascade's threshold must reach. */
  qualityTarget: number
  /** What a point of agreement is worth and what a teacher label costs (see `agreementEconomics`). */
  valuePerPointUSD: number
  teacherCallUSD: number
  economicsBasis: string
  /** One production frontier call (an escalation), a human review and the student's own serving, USD per request. */
  frontierCallUSD: number
  humanReviewUSD: number
  studentCallUSD: number
  /** One retraining of the small model (fresh data, training, evaluation), USD. */
  retrainUSD: number
  /** Volume: requests in month 1, monthly growth, months of the horizon. */
  requestsPerMonth: number
  monthlyGrowth: number
  horizonMonths: number
}

/** Options of {@link runExperiment}. */
export interface ExperimentOptions {
  config: DistillConfig
  defaultsApplied?: AppliedDefault[]
  scenario: ExperimentScenario
  worker: LoraWorker
  /** The teacher for `http` (built by the caller from the config and environment); the logs teacher is read and the local one trained here. */
  teacher?: TeacherSource
  signal?: AbortSignal
  onProgress?: (progress: ExperimentProgress) => void
  /** The command line that ran it, for the record. */
  command?: string
}

/** The record and the details a notebook shows beside it. */
export interface ExperimentResult {
  record: ExperimentRecord
  /** Student against teacher on the test split (rows: teacher, columns: student). */
  confusion: { labels: string[]; counts: number[][] }
  /** Training loss of the student, by step. */
  studentLosses: { step: number; loss: number }[]
  /** Held-out rows: id, gold, teacher, student, student confidence, group. */
  heldOut: { id: string; group: string | null; gold: string | null; teacher: string | null; student: string; confidence: number }[]
}

/** Token counts under the frontier model's encoding, as the record keeps them. */
function measuredTokens(counts: number[], model: string): MeasuredTokens {
  const { encoding, n, mean, median, p95 } = tokenCountStats(counts, tokenEncodingFor(model))
  return { encoding, model, n, mean, median, p95 }
}

function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}

/** The labels a teacher log's outputs name (JSON `{"label": ...}` or a bare label), for a log without gold labels. */
function labelsNamedIn(log: TeacherLog | null): string[] {
  if (!log) return []
  const named = new Set<string>()
  for (const entry of log.entries) {
    let label: unknown = entry.output.trim()
    try {
      const parsed = JSON.parse(entry.output) as unknown
      label = typeof parsed === 'object' && parsed !== null ? (parsed as { label?: unknown }).label : parsed
    } catch {
      // a bare label
    }
    if (typeof label === 'string' && label.trim() !== '') named.add(label.trim())
  }
  return [...named]
}

/**
 * The inputs of a teacher log as a corpus: one record per valid line (its id, else `line-N`; its
 * gold label when the line has one); the bad lines are the corpus's problems, reported with their
 * line numbers and skipped.
 */
function corpusFromLog(log: TeacherLog, path: string): Corpus {
  const records: CorpusRecord[] = log.entries.map((entry) => ({
    id: entry.id ?? `line-${entry.line}`, text: entry.input, label: entry.label ?? null, group: null, period: null, date: null, sha256: textSha256(entry.input),
  }))
  return {
    name: 'teacher log', source: path, labels: corpusLabels(records), records, duplicatesRemoved: 0,
    problems: log.problems.map((p) => ({ id: `line-${p.line}`, line: p.line, problem: p.problem })), sha256: recordsSha256(records),
  }
}

async function loadCorpus(config: DistillConfig, log: TeacherLog | null): Promise<Corpus> {
  if (config.corpus.source === 'file') return readCorpusFile(config.corpus.path!)
  if (config.corpus.source === 'logs') return corpusFromLog(log!, config.teacher.logsPath!)
  return loadSpamAssassin({ maxChars: config.corpus.maxChars })
}

/** The student's adapter in the record: its method (`qlora` when the worker stored the targets' base in NF4, else `lora`), rank, target modules and the layers they wrapped, and the bytes the worker's tensors hold (QLoRA). */
function studentAdapterRecord(summary: AdapterSummary): NonNullable<ExperimentRecord['training']['adapter']> {
  return {
    method: summary.method ?? 'lora',
    r: summary.r,
    alpha: summary.alpha,
    targetModules: summary.target_modules,
    wrappedLayers: summary.targets.length,
    trainableParameters: summary.trainable_parameters,
    doubleQuant: summary.double_quant ?? null,
    memory: summary.memory ?? null,
  }
}

/**
 * The retraining policies simulated from a fitted decay at the scenario's prices and the cadence
 * that goes into the scenario: every point of agreement lost sends that share of requests to the
 * frontier model (V = requests a month x an escalation call), monitoring labels are teacher calls,
 * and quality at age t is the cascade's measured quality less the agreement lost since training,
 * held against the scenario's quality target. The scenario's cost model retrains on a
 * calendar, so the cadence is the calendar policy's best, whichever policy is cheapest.
 */
function retrainCadence(decay: DecayFit, scenario: ExperimentScenario, config: DistillConfig, quality: number): { policies: RetrainPolicies; cadence: Cadence } | { policies: null; cadence: null; policyNote: string } {
  if (!(scenario.retrainUSD > 0)) return { policies: null, cadence: null, policyNote: 'the scenario prices no retraining: no policy to compare' }
  // Quality at age t: the cascade's measured quality less the agreement lost since training; the
  // target is the scenario's quality target.
  const policies = simulateRetrainPolicies(
    {
      decay, initialAgreement: quality, retrainUSD: scenario.retrainUSD, stalenessUSDPerPointPerMonth: scenario.requestsPerMonth * scenario.frontierCallUSD,
      monthlyGrowth: scenario.monthlyGrowth, labelUSD: scenario.teacherCallUSD, horizonMonths: scenario.horizonMonths, targetAgreement: scenario.qualityTarget,
    },
    { draws: config.drift.policyDraws, seed: config.drift.policySeed, confidence: config.gate.confidence },
  )
  const calendar = policies.calendar.chosen
  const months = calendar.parameters.cadenceMonths ?? 0
  const best = policies.best === 'calendar' ? null : policies.best === 'monitored' ? policies.monitored.chosen : policies.costAware.chosen
  const cheaper = best ? `; the ${best.policy} policy is cheaper by ${formatUSD(calendar.costPerMonthUSD.total.meanUSD - best.costPerMonthUSD.total.meanUSD)} a month, but the cost model retrains on a calendar` : ''
  return {
    policies,
    cadence: {
      months, policy: 'calendar', costPerMonthUSD: calendar.costPerMonthUSD.total.meanUSD,
      basis: `the cheapest calendar cadence over ${policies.draws} draws of the fitted decay (retraining ${formatUSD(scenario.retrainUSD)}, a point of agreement ${formatUSD(0.01 * scenario.requestsPerMonth * scenario.frontierCallUSD)} a month at month 1)${cheaper}`,
    },
  }
}

/**
 * Runs the experiment and returns its record (not yet written: the caller writes it atomically).
 * Same config, data and seeds give the same record on the same machine and thread count, apart
 * from times, throughput and `createdAt`.
 *
 * @throws {InputError} when the config names data that cannot be used (no labels, too few inputs)
 * @example illustrative: needs the LoRA worker (Python and PyTorch); test/distill/experiment.test.ts runs a small one
 */
export async function runExperiment(options: ExperimentOptions): Promise<ExperimentResult> {
  const { config, scenario, worker } = options
  const progress = options.onProgress ?? (() => undefined)
  const started = performance.now()

  // 1. Data: the corpus, its split, the teacher's gold part and the student's pool.
  progress({ phase: 'corpus', message: `loading ${config.corpus.source === 'spam-assassin' ? 'the SpamAssassin corpus' : config.corpus.path ?? config.teacher.logsPath}` })
  // A teacher log is read once: it is the logs teacher, and may be the corpus and the label set.
  const log = config.teacher.logsPath ? readTeacherLog(config.teacher.logsPath) : null
  const corpus = await loadCorpus(config, log)
  const splits = splitCorpus(corpus, { seed: config.corpus.splitSeed })
  const labels = [...(config.labels ?? (corpus.labels.length > 0 ? corpus.labels : labelsNamedIn(log)))].sort()
  if (labels.length < 2) throw new InputError([{ path: '/labels', rule: 'needs at least 2 labels: the corpus has no gold labels and the config names none', value: config.labels }], 'distill config')
  const local = config.teacher.kind === 'local'
  if (local && corpus.labels.length < 2) throw new InputError([{ path: '/teacher/kind', rule: `the local teacher learns from gold labels, and the corpus has ${corpus.labels.length} distinct ones: use --teacher http or logs`, value: 'local' }], 'distill config')
  const trainOrder = seededOrder(splits.train, config.corpus.splitSeed, 'pool')
  const goldCount = local ? Math.round(trainOrder.length * config.teacher.local.goldShare) : 0
  const gold = trainOrder.slice(0, goldCount).filter((r) => r.label !== null)
  const pool = trainOrder.slice(goldCount)
  const studentInputs = pool.slice(0, config.trainingPairs)
  const calibration = seededOrder(splits.calibration, config.corpus.splitSeed, 'calibration').slice(0, config.heldOut)
  const test = seededOrder(splits.test, config.corpus.splitSeed, 'test').slice(0, config.heldOut)
  progress({ phase: 'corpus', message: `${corpus.records.length} messages (${corpus.duplicatesRemoved} duplicates removed); ${gold.length} gold for the teacher, ${studentInputs.length} inputs for the student, ${calibration.length} calibration, ${test.length} test` })

  // 2. The teacher: trained here (local) or given.
  const basePath = isAbsolute(config.student.base) ? config.student.base : packagePath(config.student.base)
  const baseSha256 = fileSha256(join(basePath, 'model.safetensors'))
  let teacher = options.teacher ?? (config.teacher.kind === 'logs' ? new LogsTeacher(log!, { source: config.teacher.logsPath! }) : undefined)
  let teacherTraining: LocalTeacherTraining | null = null
  if (local) {
    progress({ phase: 'teacher-training', done: 0, total: config.teacher.local.steps, message: 'training the local teacher on gold labels (cached after the first run)' })
    const trained = await trainLocalTeacher({
      worker, basePath, baseSha256, settings: config.teacher.local, labels, gold: gold.map((r) => ({ input: r.text, label: r.label! })),
      cacheDir: distillCacheDir(config), tokenModel: scenario.frontierModel, gpuUSDPerHour: scenario.gpuUSDPerHour, signal: options.signal,
      onProgress: (event: ProgressEvent) => progress({ phase: 'teacher-training', done: event.step, total: event.total_steps, loss: event.loss ?? undefined }),
    })
    teacher = trained
    teacherTraining = trained.training
  }
  if (!teacher) throw new Error(`teacher ${config.teacher.kind} was not given`)

  const ask = async (records: CorpusRecord[], what: string): Promise<TeacherRun> => {
    progress({ phase: 'teacher', done: 0, total: records.length, message: `teacher labels ${records.length} ${what}` })
    return teacher!.label(records.map((r) => ({ id: r.id, input: r.text })), {
      labels, instruction: config.instruction, signal: options.signal,
      onProgress: (done: number, total: number) => progress({ phase: 'teacher', done, total }),
    })
  }
  const poolRun = await ask(studentInputs, 'training inputs')
  const calibrationRun = await ask(calibration, 'calibration inputs')
  const testRun = await ask(test, 'test inputs')
  const runs = [poolRun, calibrationRun, testRun]
  const teacherCostUSD = runs.reduce((s, r) => s + r.costUSD, 0)
  const teacherPaidUSD = runs.reduce((s, r) => s + r.paidUSD, 0)
  const answersBought = runs.reduce((s, r) => s + r.answers.length, 0)

  // 3. The filter.
  const candidates = poolRun.answers.map((answer: TeacherAnswer, i: number) => ({ ...answer, input: studentInputs[i]!.text }))
  const filtered = filterTeacherAnswers(candidates, { labels, minConfidence: config.filter.minConfidence, dedupe: config.filter.dedupe, confidence: config.gate.confidence })
  if (filtered.kept.length < 2) throw new Error(`only ${filtered.kept.length} teacher answers passed the filter: nothing to train on (dropped: ${JSON.stringify(filtered.counts)})`)
  const pairs = filtered.kept.map((k) => ({ input: k.input, label: k.label! }))

  // 4. The student, trained on the filtered pairs.
  const studentConfig = classifierOfBase(basePath, config.student.layers, config.student.maxLen, labels.length)
  // What the worker built for each student (the record keeps the main student's: its method, and with QLoRA its NF4 bytes).
  const adapters = new Map<string, AdapterSummary>()
  const trainStudent = async (name: string, trainingPairs: { input: string; label: string }[], onProgress?: (e: ProgressEvent) => void) => {
    await worker.request('build_model', { name, config: studentConfig, seed: config.student.seed, init_from: { path: basePath } })
    const adapter = await worker.request('add_adapter', { model: name, r: config.student.r, alpha: config.student.alpha, target_modules: config.student.targets, seed: config.student.seed, modules_to_save: ['classifier'], method: config.student.method })
    adapters.set(name, adapter)
    await worker.request('make_dataset', { name: `${name}-pairs`, source: { kind: 'texts', texts: trainingPairs.map((p) => p.input), labels: trainingPairs.map((p) => labels.indexOf(p.label)) } })
    const steps = Math.max(config.student.minSteps, Math.ceil((config.student.epochs * trainingPairs.length) / config.student.batchSize))
    const result = await worker.request(
      'train',
      { model: name, dataset: `${name}-pairs`, steps, batch_size: config.student.batchSize, lr: config.student.lr, seed: config.student.seed, mode: 'lora' },
      { onProgress, signal: options.signal },
    )
    await worker.request('release', { datasets: [`${name}-pairs`] })
    return result
  }
  const studentSteps = Math.max(config.student.minSteps, Math.ceil((config.student.epochs * pairs.length) / config.student.batchSize))
  progress({ phase: 'student', done: 0, total: studentSteps, message: `training the student (${config.student.layers} layers of the base, ${config.student.method === 'qlora' ? 'QLoRA' : 'LoRA'} r=${config.student.r}) on ${pairs.length} pairs` })
  const training = await trainStudent('student', pairs, (e) => progress({ phase: 'student', done: e.step, total: e.total_steps, loss: e.loss ?? undefined }))

  // 5. Held-out predictions: calibration and test.
  progress({ phase: 'evaluate', message: 'student predictions on the calibration and test inputs' })
  const predict = async (records: CorpusRecord[], name = 'student') => {
    await worker.request('make_dataset', { name: 'held-out', source: { kind: 'texts', texts: records.map((r) => r.text) } })
    const predicted = await worker.request('predict', { model: name, dataset: 'held-out', output: 'probabilities', batch_size: 64 }, { signal: options.signal })
    await worker.request('release', { datasets: ['held-out'] })
    return predicted.probabilities!.map((row) => {
      const best = row.indexOf(Math.max(...row))
      return { label: labels[best]!, confidence: row[best]! }
    })
  }
  const calibrationPredictions = await predict(calibration)
  const testPredictions = await predict(test)
  // Held-out inputs the teacher did not answer are left out of agreement (and counted).
  const cascadeItems = (records: CorpusRecord[], predictions: { label: string; confidence: number }[], run: TeacherRun): CascadeItem[] =>
    records.flatMap((_, i) => (run.answers[i]!.label !== null ? [{ confidence: predictions[i]!.confidence, agrees: predictions[i]!.label === run.answers[i]!.label }] : []))
  const calibrationItems = cascadeItems(calibration, calibrationPredictions, calibrationRun)
  const testItems = cascadeItems(test, testPredictions, testRun)
  const testAnswered = test.flatMap((record, i) => (testRun.answers[i]!.label !== null ? [{ record, teacher: testRun.answers[i]!.label!, student: testPredictions[i]!.label, confidence: testPredictions[i]!.confidence }] : []))
  if (testAnswered.length === 0) throw new Error('the teacher answered none of the test inputs: nothing to measure agreement on')
  const confidence = config.gate.confidence
  const agreements = testAnswered.filter((t) => t.teacher === t.student).length
  const agreement = measuredProportion(agreements, testAnswered.length, 'held-out test inputs on which the student agrees with the teacher', confidence)
  const withGold = testAnswered.filter((t) => t.record.label !== null)
  const accuracy = withGold.length > 0 ? measuredProportion(withGold.filter((t) => t.student === t.record.label).length, withGold.length, 'held-out test inputs the student labels as gold does', confidence) : null
  const teacherAccuracy = withGold.length > 0 ? measuredProportion(withGold.filter((t) => t.teacher === t.record.label).length, withGold.length, 'held-out test inputs the teacher labels as gold does', confidence) : null
  const kappa = cohensKappa(testAnswered.map((t) => t.teacher), testAnswered.map((t) => t.student), { confidence })
  const mcnemar = withGold.length > 0 ? mcnemarTest({ gold: withGold.map((t) => t.record.label!), student: withGold.map((t) => t.student), teacher: withGold.map((t) => t.teacher) }, { form: 'exact' }) : null
  const teacherCounts = new Map<string, number>()
  for (const t of testAnswered) teacherCounts.set(t.teacher, (teacherCounts.get(t.teacher) ?? 0) + 1)
  const [majorityLabel, majorityCount] = [...teacherCounts.entries()].sort((a, b) => b[1] - a[1])[0]!
  const matrix = confusionMatrix(testAnswered.map((t) => t.teacher), testAnswered.map((t) => t.student), { labels })

  // 6. Escalation: threshold on calibration, measured on test; the cascade's accuracy on gold.
  const targetAgreement = config.escalation.targetAgreement ?? scenario.qualityTarget
  const threshold = chooseEscalationThreshold(calibrationItems, targetAgreement)
  const cascade = measureCascade(testItems, threshold, confidence)
  const cascadeAccuracy = withGold.length > 0
    ? measuredProportion(withGold.filter((t) => (t.confidence < threshold ? t.teacher : t.student) === t.record.label).length, withGold.length, `held-out test inputs the cascade (student, escalating below confidence ${threshold.toFixed(4)} to the teacher) labels as gold does`, confidence)
    : null

  // 7. The ship gate.
  const gate = shipGate({ agreements, n: testAnswered.length }, config.gate.target, { confidence })

  // 7b. The quality ceiling: groups, calibration, the two-threshold cascade (chosen on
  // calibration, checked on test), the conformal threshold and the frontier at the scenario's prices.
  const ceilingRows = (records: CorpusRecord[], predictions: { label: string; confidence: number }[], run: TeacherRun): CeilingRow[] =>
    records.flatMap((record, i) => (run.answers[i]!.label !== null ? [{ group: record.group, gold: record.label, teacher: run.answers[i]!.label!, student: predictions[i]!.label, confidence: predictions[i]!.confidence }] : []))
  const ceiling = measureCeiling({
    calibration: ceilingRows(calibration, calibrationPredictions, calibrationRun),
    test: ceilingRows(test, testPredictions, testRun),
    target: scenario.qualityTarget,
    costs: { studentUSD: scenario.studentCallUSD, teacherUSD: scenario.frontierCallUSD, humanUSD: scenario.humanReviewUSD },
    humanAccuracy: config.ceiling.humanAccuracy,
    confidence,
    bins: config.ceiling.bins,
  })

  // 8. Serving throughput of the student on this machine.
  progress({ phase: 'throughput', message: 'measuring the student\'s serving throughput' })
  await worker.request('make_dataset', { name: 'throughput', source: { kind: 'texts', texts: test.slice(0, Math.max(config.throughputBatch * 4, 64)).map((r) => r.text) } })
  const speed = await worker.request('throughput', { model: 'student', dataset: 'throughput', batch_sizes: [config.throughputBatch], warmup: 2, repeats: 10 })
  await worker.request('release', { datasets: ['throughput'] })
  const row = speed.results[0]!
  const hardware = `${speed.device_name}, ${speed.threads} thread${speed.threads === 1 ? '' : 's'} (${cpus().length} cores), torch ${speed.torch}, ${speed.dtype}`

  // 9. The learning curve: students trained on the first n filtered pairs.
  const sizes = [...new Set(config.learningCurve.sizes.map((n) => Math.min(n, pairs.length)))].sort((a, b) => a - b)
  const curve: (LearningCurvePoint & { accuracy: number | null })[] = []
  for (const [index, n] of sizes.entries()) {
    progress({ phase: 'learning-curve', done: index, total: sizes.length, message: `learning curve: a student on ${n} pairs` })
    const name = `curve-${n}`
    const trainedCurve = n === pairs.length ? null : await trainStudent(name, pairs.slice(0, n))
    const predictions = trainedCurve === null ? testPredictions : await predict(test, name)
    if (trainedCurve !== null) await worker.request('release', { models: [name] })
    const rows = test.flatMap((record, i) => (testRun.answers[i]!.label !== null ? [{ gold: record.label, teacher: testRun.answers[i]!.label!, student: predictions[i]!.label }] : []))
    const k = rows.filter((r) => r.student === r.teacher).length
    const interval = measuredProportion(k, rows.length, 'agreement', confidence)
    const goldRows = rows.filter((r) => r.gold !== null)
    curve.push({ pairs: n, agreement: k / rows.length, lower: interval.lower, upper: interval.upper, accuracy: goldRows.length > 0 ? goldRows.filter((r) => r.student === r.gold).length / goldRows.length : null })
  }
  progress({ phase: 'learning-curve', done: sizes.length, total: sizes.length })

  // 9b. Drift: a student trained before a cutoff month, used on the months after it.
  const driftWanted = config.drift.enabled === true || (config.drift.enabled === 'auto' && teacher.description.kind !== 'http')
  let drift: DriftExperiment | (DriftExperiment & ReturnType<typeof retrainCadence>) = { measured: false, reason: 'drift.enabled is false' }
  if (!driftWanted && config.drift.enabled === 'auto') drift = { measured: false, reason: 'the teacher is an http endpoint: measuring drift buys its labels for the drift inputs (set drift.enabled to true, or --drift, to buy them)' }
  if (driftWanted) {
    drift = await runDriftExperiment({
      config, corpus, labels, exclude: new Set(gold.map((r) => r.id)), worker, frontierModel: scenario.frontierModel, signal: options.signal,
      ask: (records, what) => ask(records, what),
      trainStudent: (name, trainingPairs, onProgress) => trainStudent(name, trainingPairs, onProgress),
      predict: (records, name) => predict(records, name),
      progress: (event) => progress({ phase: 'drift', ...event }),
    })
    if (drift.measured && drift.decay) {
      progress({ phase: 'drift', message: `drift: retraining policies simulated over ${scenario.horizonMonths} months (${config.drift.policyDraws} draws)` })
      drift = { ...drift, ...retrainCadence(drift.decay.chosen, scenario, config, ceiling.cascade?.accuracy.value ?? cascade.cascadeAgreement.value) }
    }
  }
  let fit: Record<string, unknown> | null = null
  if (curve.length >= 3 && curve.some((p) => p.agreement < 1)) {
    try {
      const fitted = fitLearningCurve(curve)
      const smallest = sizes[0]!
      const largest = sizes[sizes.length - 1]!
      // A curve that does not rise over the sizes measured (noise, or a student already at its
      // ceiling) fits with c near 0 and says nothing about more pairs: no extrapolation from it.
      const rises = fitted.b > 0 && fitted.c >= 0.05 && fitted.predict(largest) - fitted.predict(smallest) > 0.002
      const costPerCall = teacher.description.kind === 'local' ? scenario.teacherCallUSD : answersBought > 0 && teacherCostUSD > 0 ? teacherCostUSD / answersBought : scenario.teacherCallUSD
      const worth = rises ? callsWorthPaying(fitted, scenario.valuePerPointUSD, costPerCall, Math.max(filtered.passRate.value, 1e-9), [smallest, largest]) : null
      fit = {
        a: fitted.a, b: fitted.b, c: fitted.c, rmse: fitted.rmse, rises,
        note: rises ? null : `agreement does not rise with more pairs between ${smallest} and ${largest} (fitted gain ${((fitted.predict(largest) - fitted.predict(smallest)) * 100).toFixed(2)} points): the curve says nothing about buying more`,
        costPerCallUSD: costPerCall, valuePerPointUSD: scenario.valuePerPointUSD, basis: scenario.economicsBasis, callsWorthPaying: worth,
      }
    } catch (error) {
      fit = { error: (error as Error).message }
    }
  }

  // 10. Token counts (the frontier model's tokenizer): inputs and the teacher's answers.
  const outputCounts = runs.flatMap((r) => r.answers.filter((a: TeacherAnswer) => a.output !== null).map((a: TeacherAnswer) => (a.outputTokens > 0 ? a.outputTokens : countTokens(a.output!, scenario.frontierModel))))
  const inputTokens = measuredTokens(test.map((r) => countTokens(r.text, scenario.frontierModel)), scenario.frontierModel)
  const outputTokens = measuredTokens(outputCounts.length > 0 ? outputCounts : [0], scenario.frontierModel)

  progress({ phase: 'record', message: 'writing the experiment record' })
  const seconds = training.seconds
  const trainingCostUSD = (seconds / 3600) * scenario.gpuUSDPerHour
  const data = {
    corpus: { name: corpus.name, source: corpus.source, records: corpus.records.length, duplicatesRemoved: corpus.duplicatesRemoved, problems: corpus.problems.length, sha256: corpus.sha256, labels },
    splits: { seed: splits.seed, sha256: splits.sha256, sizes: { train: splits.train.length, calibration: splits.calibration.length, test: splits.test.length, later: splits.later.length } },
    used: { teacherGold: gold.length, studentInputs: studentInputs.length, calibration: calibration.length, test: test.length, testAnswered: testAnswered.length },
    base: { path: config.student.base, sha256: baseSha256 },
  }
  const id = sha256(canonicalJson({ config, data, teacher: teacher.description })).slice(0, 16)
  const workerInfo = await worker.request('info', {})
  const made = provenance(null)
  const record: ExperimentRecord = {
    kind: 'payback-distillation-experiment',
    version: 1,
    id,
    createdAt: new Date().toISOString(),
    measurements: {
      agreement,
      accuracy,
      teacherAccuracy,
      passRate: filtered.passRate,
      escalationShare: cascade.escalationShare,
      escalationThreshold: Math.min(1, threshold),
      cascadeAgreement: cascade.cascadeAgreement,
      cascadeAccuracy,
      kappa: { value: kappa.kappa, lower: kappa.lower, upper: kappa.upper },
      mcnemar: mcnemar ? { studentOnlyCorrect: mcnemar.b, teacherOnlyCorrect: mcnemar.c, pValue: mcnemar.pValue } : null,
      inputTokens,
      outputTokens,
      throughput: { requestsPerSecond: row.requests_per_s, tokensPerSecond: row.tokens_per_s, batchSize: row.batch_size, latencyMsP50: row.latency_ms_p50, latencyMsP95: row.latency_ms_p95, device: speed.device, hardware },
    },
    gate: { ...gate },
    teacher: {
      ...teacher.description,
      calls: answersBought,
      costUSD: teacherCostUSD,
      paidUSD: teacherPaidUSD,
      costPerAnswerUSD: answersBought > 0 ? teacherCostUSD / answersBought : 0,
      seconds: runs.reduce((s, r) => s + r.seconds, 0),
      cachedAnswers: runs.reduce((s, r) => s + r.cachedAnswers, 0),
      retries: runs.reduce((s, r) => s + r.retries, 0),
      failed: runs.reduce((s, r) => s + r.failed, 0),
      // Each run repeats a log's bad lines: once each.
      problems: [...new Map(runs.flatMap((r) => r.problems).map((p) => [JSON.stringify(p), p])).values()].slice(0, 200),
      training: teacherTraining,
    },
    training: {
      pairs: pairs.length,
      steps: training.steps,
      seconds,
      hardware,
      gpu: scenario.gpu,
      gpuUSDPerHour: scenario.gpuUSDPerHour,
      costUSD: trainingCostUSD,
      trainableParameters: training.trainable_parameters,
      // The adapter as the worker built it: lora, or qlora with the NF4 base's bytes (codes, constants) from its tensors.
      adapter: studentAdapterRecord(adapters.get('student')!),
      finalLoss: training.final_loss,
      examplesPerSecond: training.examples_per_s,
    },
    baseline: { what: 'always answering the teacher\'s most frequent label on the test inputs', label: majorityLabel, agreement: majorityCount / testAnswered.length },
    filter: { minConfidence: config.filter.minConfidence, dedupe: config.filter.dedupe, total: candidates.length, kept: filtered.kept.length, dropped: filtered.counts },
    learningCurve: { points: curve, fit },
    ceiling,
    drift,
    data,
    config: config as unknown as Record<string, unknown>,
    versions: { payback: made.packageVersion, node: process.version, python: workerInfo.python, torch: workerInfo.torch, commit: made.gitCommit },
    provenance: {
      command: options.command ?? null,
      scenario: scenario.path,
      defaultsApplied: options.defaultsApplied ?? [],
      seconds: (performance.now() - started) / 1000,
      seeds: { split: config.corpus.splitSeed, teacher: config.teacher.local.seed, student: config.student.seed },
    },
  }
  return {
    record,
    confusion: { labels, counts: matrix.counts },
    studentLosses: training.losses,
    heldOut: test.map((record, i) => ({ id: record.id, group: record.group, gold: record.label, teacher: testRun.answers[i]!.label, student: testPredictions[i]!.label, confidence: testPredictions[i]!.confidence })),
  }
}
