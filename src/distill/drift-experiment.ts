/**
 * The drift experiment: a second student trained on the teacher's labels of the inputs dated
 * before a cutoff month, then used on the months after it, as a team would use a student trained
 * once and left in service. Its agreement with the teacher month by month, the drift of the inputs
 * and of its representations, and the decay fitted to it come from {@link measureDrift}.
 *
 * The corpus's own periods need not be chronological (SpamAssassin's second release is mostly
 * older mail than its first), so the periods here are cut by each message's date. Inputs the
 * local teacher learned from are left out: they would flatter the teacher, not the student.
 */
import type { LoraWorker } from '../../kernel/lora/client.js'
import type { ProgressEvent, TrainResult } from '../../kernel/lora/protocol-types.js'
import { countTokens, type Corpus, type CorpusRecord } from '../corpus/index.js'
import { InvalidArgumentError } from '../scenario/messages.js'
import type { DistillConfig } from './config.js'
import { measureDrift, type DriftMeasurements, type DriftRow } from './drift-analysis.js'
import { filterTeacherAnswers } from './filter.js'
import { seededOrder } from './seeded-order.js'
import type { TeacherRun } from './teachers/index.js'

/** What the experiment lends the drift run: its worker, teacher and student recipe. */
export interface DriftExperimentContext {
  config: DistillConfig
  corpus: Corpus
  labels: string[]
  /** Ids of inputs the teacher learned from (left out). */
  exclude: ReadonlySet<string>
  worker: LoraWorker
  /** The teacher's answers for records (same order). */
  ask: (records: CorpusRecord[], what: string) => Promise<TeacherRun>
  /** Trains a student named `name` on pairs, as the experiment trains its own. */
  trainStudent: (name: string, pairs: { input: string; label: string }[], onProgress?: (event: ProgressEvent) => void) => Promise<TrainResult>
  /** The named student's label and confidence for each record. */
  predict: (records: CorpusRecord[], name: string) => Promise<{ label: string; confidence: number }[]>
  /** The frontier model whose tokenizer counts tokens. */
  frontierModel: string
  progress: (event: { done?: number; total?: number; message?: string; loss?: number }) => void
  signal?: AbortSignal
}

/** What the drift run measured, or why it could not. */
export type DriftExperiment =
  | ({
      measured: true
      /** How the cutoff was set. */
      cutoffBasis: string
      /** The drift student: pairs it trained on (after the filter), steps, seconds. */
      student: { pairs: number; steps: number; seconds: number; finalLoss: number | null }
      /** Inputs before the cutoff: in the pool, held out as month 0; after it: evaluated. */
      sample: { dated: number; beforeCutoff: number; afterCutoff: number; pool: number; reference: number; evaluated: number; excluded: number }
      /** Teacher answers the drift run asked for. */
      teacherAnswers: number
      teacherCostUSD: number
    } & DriftMeasurements)
  | { measured: false; reason: string }

const monthOf = (record: CorpusRecord) => (record.date === null ? null : record.date.slice(0, 7))

/**
 * The default cutoff: the first month by which at least `share` of the dated inputs have passed,
 * so that the training period holds that share. O(n log n).
 *
 * @throws {InvalidArgumentError} when no input is dated
 * @example
 * const months = ['2002-05', '2002-06', '2002-06', '2002-07', '2002-08', '2002-08', '2002-09', '2002-10', '2002-10', '2002-11']
 * defaultCutoffMonth(months, 0.3) // => '2002-07' (3 of 10 dated before July)
 */
export function defaultCutoffMonth(months: readonly string[], share = 0.3): string {
  if (months.length === 0) throw new InvalidArgumentError('invalid dated inputs: none (the cutoff needs dated inputs)')
  const counts = new Map<string, number>()
  for (const month of months) counts.set(month, (counts.get(month) ?? 0) + 1)
  const distinct = [...counts.keys()].sort()
  let before = 0
  for (const month of distinct) {
    if (before >= share * months.length) return month
    before += counts.get(month)!
  }
  return distinct[distinct.length - 1]!
}

/**
 * Runs the drift experiment (see the module comment): samples the training period's pool and its
 * month-0 hold-out and up to `perMonth` inputs of each later month (seeded), buys the teacher's
 * labels, trains the drift student, predicts, embeds a sample of each period and measures.
 *
 * @example illustrative: needs the LoRA worker (Python and PyTorch); test/distill/end-to-end.test.ts runs one
 */
export async function runDriftExperiment(ctx: DriftExperimentContext): Promise<DriftExperiment> {
  const { config, corpus } = ctx
  const settings = config.drift
  const seed = config.corpus.splitSeed
  const datedAll = corpus.records.filter((r) => monthOf(r) !== null)
  const dated = datedAll.filter((r) => !ctx.exclude.has(r.id))
  if (dated.length < 50) return { measured: false, reason: `only ${dated.length} inputs carry a date (the teacher's own excluded): too few to measure drift over time (50 needed)` }
  const cutoffMonth = settings.cutoffMonth ?? defaultCutoffMonth(dated.map((r) => monthOf(r)!), 0.3)
  const cutoffBasis = settings.cutoffMonth ? 'set in the config (drift.cutoffMonth)' : 'the first month by which 30 % of the dated inputs have passed'
  const before = seededOrder(dated.filter((r) => monthOf(r)! < cutoffMonth), seed, 'drift-before')
  const after = dated.filter((r) => monthOf(r)! >= cutoffMonth)
  const referenceCount = Math.round(before.length * settings.referenceShare)
  const reference = before.slice(0, referenceCount)
  const pool = before.slice(referenceCount, referenceCount + settings.trainingPairs)
  if (reference.length < 10 || pool.length < 10) return { measured: false, reason: `the period before ${cutoffMonth} holds ${before.length} dated inputs: too few for a pool and a month-0 hold-out (10 each)` }
  const byMonth = new Map<string, CorpusRecord[]>()
  for (const record of after) {
    const month = monthOf(record)!
    const members = byMonth.get(month)
    if (members) members.push(record)
    else byMonth.set(month, [record])
  }
  const evaluated = [...byMonth.keys()].sort().flatMap((month) => seededOrder(byMonth.get(month)!, seed, `drift-${month}`).slice(0, settings.perMonth))
  if (evaluated.length === 0) return { measured: false, reason: `no dated input from ${cutoffMonth} on` }

  ctx.progress({ message: `drift: a student trained on ${pool.length} inputs dated before ${cutoffMonth}, used on ${evaluated.length} inputs of ${byMonth.size} later months` })
  const poolRun = await ctx.ask(pool, 'drift training inputs')
  const referenceRun = await ctx.ask(reference, 'drift month-0 inputs')
  const laterRun = await ctx.ask(evaluated, 'drift later inputs')
  const filtered = filterTeacherAnswers(
    poolRun.answers.map((answer, i) => ({ ...answer, input: pool[i]!.text })),
    { labels: ctx.labels, minConfidence: config.filter.minConfidence, dedupe: config.filter.dedupe, confidence: config.gate.confidence },
  )
  if (filtered.kept.length < 2) return { measured: false, reason: `only ${filtered.kept.length} teacher answers of the drift pool passed the filter` }
  const name = 'drift-student'
  const training = await ctx.trainStudent(name, filtered.kept.map((k) => ({ input: k.input, label: k.label! })), (e) => ctx.progress({ done: e.step, total: e.total_steps, loss: e.loss ?? undefined }))

  ctx.progress({ message: 'drift: the drift student on month 0 and the later months' })
  const rowsOf = async (records: CorpusRecord[], run: TeacherRun) => {
    const predictions = await ctx.predict(records, name)
    return records.flatMap((record, i): DriftRow[] => {
      const teacher = run.answers[i]!.label
      if (teacher === null) return []
      const student = predictions[i]!.label
      return [{ date: record.date, agrees: student === teacher, correct: record.label === null ? null : student === record.label, features: { characters: record.text.length, tokens: countTokens(record.text, ctx.frontierModel) } }]
    })
  }
  const referenceRows = await rowsOf(reference, referenceRun)
  const laterRows = await rowsOf(evaluated, laterRun)

  ctx.progress({ message: 'drift: the drift student\'s representations of each period' })
  const embed = async (records: CorpusRecord[]) => {
    await ctx.worker.request('make_dataset', { name: 'drift-embed', source: { kind: 'texts', texts: records.map((r) => r.text) } })
    const result = await ctx.worker.request('embed', { model: name, dataset: 'drift-embed', batch_size: 64 }, { signal: ctx.signal })
    await ctx.worker.request('release', { datasets: ['drift-embed'] })
    return result.embeddings
  }
  const referenceEmbedded = await embed(seededOrder(reference, seed, 'drift-embed').slice(0, settings.embedSample))
  const laterEmbedded = await embed(seededOrder(evaluated, seed, 'drift-embed').slice(0, settings.embedSample))
  await ctx.worker.request('release', { models: [name] })

  const measurements = measureDrift({
    cutoffMonth, reference: referenceRows, later: laterRows, embeddings: { reference: referenceEmbedded, later: laterEmbedded },
    minPerMonth: settings.minPerMonth, confidence: config.gate.confidence,
  })
  const runs = [poolRun, referenceRun, laterRun]
  return {
    measured: true,
    cutoffBasis,
    student: { pairs: filtered.kept.length, steps: training.steps, seconds: training.seconds, finalLoss: training.final_loss ?? null },
    sample: { dated: datedAll.length, beforeCutoff: before.length, afterCutoff: after.length, pool: pool.length, reference: reference.length, evaluated: evaluated.length, excluded: datedAll.length - dated.length },
    teacherAnswers: runs.reduce((s, r) => s + r.answers.length, 0),
    teacherCostUSD: runs.reduce((s, r) => s + r.costUSD, 0),
    ...measurements,
  }
}
