/**
 * The local stand-in teacher: the whole pretrained base (all its layers, a longer input than the
 * student's), fully fine-tuned by the LoRA worker on the gold labels of part of the training
 * split. It answers like any teacher (label, confidence, token counts, cost), so the experiment
 * runs offline and in CI; point the experiment at an HTTP endpoint or logs for the real one.
 *
 * A trained teacher is cached on disk, keyed by the base's weights, its config and the gold data,
 * so a re-run (or an interrupted run) does not train it again.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LoraWorker } from '../../kernel/lora/client.js'
import type { ModelConfig, ProgressEvent } from '../../kernel/lora/protocol-types.js'
import { countTokens } from '../corpus/index.js'
import { canonicalJson, sha256 } from '../provenance.js'
import type { TeacherAnswer, TeacherRequest, TeacherRun, TeacherSource, LabelOptions, TeacherDescription } from './teachers/index.js'

/** How the local teacher is built and trained. */
export interface LocalTeacherSettings {
  layers: number
  maxLen: number
  steps: number
  batchSize: number
  lr: number
  seed: number
}

/** What training the local teacher took (zero seconds when it came from the cache). */
export interface LocalTeacherTraining {
  /** Cache key: sha256 of the base weights, the settings, the labels and the gold data. */
  key: string
  fromCache: boolean
  /** Training time when it was trained (also when loaded from the cache), s. */
  seconds: number
  steps: number
  finalLoss: number | null
  goldExamples: number
  parameters: number
}

/** Options of {@link trainLocalTeacher}. */
export interface LocalTeacherOptions {
  worker: LoraWorker
  /** Folder of the pretrained base (config.json + model.safetensors). */
  basePath: string
  /** sha256 of the base's weights file (part of the cache key). */
  baseSha256: string
  settings: LocalTeacherSettings
  /** The label set, in the order the model's outputs follow. */
  labels: readonly string[]
  /** Gold-labelled inputs the teacher learns from. */
  gold: readonly { input: string; label: string }[]
  /** Where trained teachers are kept (`<cacheDir>/teachers/<key>`). */
  cacheDir: string
  /** Model whose tokenizer counts the answers' tokens (the frontier model the teacher stands in for). */
  tokenModel: string
  /** The GPU price the teacher's compute is costed at, USD per hour. */
  gpuUSDPerHour: number
  /** Training progress events. */
  onProgress?: (event: ProgressEvent) => void
  signal?: AbortSignal
}

const MODEL_NAME = 'teacher'
/** Beside a cached teacher's weights: how long its training took and its final loss. */
const TRAINING_FILE = 'training.json'

/**
 * Trains the local teacher (or loads it from the cache) and returns it as a teacher source.
 *
 * @example illustrative: needs the LoRA worker (Python and PyTorch); test/distill/experiment.test.ts runs it
 */
export async function trainLocalTeacher(options: LocalTeacherOptions): Promise<LocalTeacher> {
  const { worker, settings, labels } = options
  const goldSha = sha256(canonicalJson(options.gold.map((g) => [g.input, g.label])))
  const key = sha256(canonicalJson({ base: options.baseSha256, settings, labels, gold: goldSha })).slice(0, 32)
  const folder = join(options.cacheDir, 'teachers', key)
  const config = classifierOfBase(options.basePath, settings.layers, settings.maxLen, labels.length)
  let training: LocalTeacherTraining
  if (existsSync(join(folder, 'model.safetensors'))) {
    const loaded = await worker.request('load_model', { name: MODEL_NAME, path: folder })
    // What training took when it happened (the cached teacher cost that once).
    const trainedThen = existsSync(join(folder, TRAINING_FILE)) ? (JSON.parse(readFileSync(join(folder, TRAINING_FILE), 'utf8')) as { seconds: number; finalLoss: number | null }) : { seconds: 0, finalLoss: null }
    training = { key, fromCache: true, seconds: trainedThen.seconds, steps: settings.steps, finalLoss: trainedThen.finalLoss, goldExamples: options.gold.length, parameters: loaded.parameters }
  } else {
    const base = await worker.request('build_model', { name: MODEL_NAME, config, seed: settings.seed, init_from: { path: options.basePath } })
    await worker.request('make_dataset', { name: 'teacher-gold', source: { kind: 'texts', texts: options.gold.map((g) => g.input), labels: options.gold.map((g) => labels.indexOf(g.label)) } })
    const result = await worker.request(
      'train',
      { model: MODEL_NAME, dataset: 'teacher-gold', steps: settings.steps, batch_size: settings.batchSize, lr: settings.lr, seed: settings.seed, mode: 'full' },
      { onProgress: options.onProgress, signal: options.signal },
    )
    await worker.request('release', { datasets: ['teacher-gold'] })
    // Written to a temporary folder, then renamed: an interrupted save never looks like a teacher.
    const temporary = `${folder}.${process.pid}.tmp`
    rmSync(temporary, { recursive: true, force: true })
    mkdirSync(temporary, { recursive: true })
    await worker.request('save_model', { model: MODEL_NAME, path: temporary })
    writeFileSync(join(temporary, TRAINING_FILE), `${JSON.stringify({ seconds: result.seconds, finalLoss: result.final_loss, steps: settings.steps })}\n`)
    rmSync(folder, { recursive: true, force: true })
    renameSync(temporary, folder)
    training = { key, fromCache: false, seconds: result.seconds, steps: settings.steps, finalLoss: result.final_loss, goldExamples: options.gold.length, parameters: base.parameters }
  }
  return new LocalTeacher(options, training)
}

/**
 * A classifier config of the base's own shape (width, heads, feed-forward, vocabulary) with `layers`
 * of its layers, `maxLen` bytes of input and `labels` outputs: what `init_from` can copy into.
 *
 * @example
 * classifierOfBase('data/student-base', 2, 128, 2) // => { task: 'classification', n_layers: 2, max_len: 128, num_labels: 2, vocab_size: 261 }
 */
export function classifierOfBase(basePath: string, layers: number, maxLen: number, labels: number): ModelConfig {
  const base = JSON.parse(readFileSync(join(basePath, 'config.json'), 'utf8')) as ModelConfig
  return { task: 'classification', vocab_size: base.vocab_size, max_len: maxLen, d_model: base.d_model, n_heads: base.n_heads, d_ff: base.d_ff, n_layers: layers, num_labels: labels }
}

/** The trained local teacher, answering through the worker. */
export class LocalTeacher implements TeacherSource {
  readonly description: TeacherDescription
  readonly training: LocalTeacherTraining
  private readonly options: LocalTeacherOptions

  constructor(options: LocalTeacherOptions, training: LocalTeacherTraining) {
    this.options = options
    this.training = training
    this.description = {
      kind: 'local',
      model: `local byte-level transformer, ${options.settings.layers} layers, ${options.settings.maxLen}-byte inputs, fine-tuned on ${options.gold.length} gold labels`,
      endpoint: null,
      pricing: `compute time at $${options.gpuUSDPerHour}/GPU-hour (training excluded; it is in the record's teacher training)`,
    }
  }

  /** Labels the requests: the most probable label, its probability as the confidence. */
  async label(requests: TeacherRequest[], options: LabelOptions): Promise<TeacherRun> {
    const started = performance.now()
    const { worker, labels, tokenModel, gpuUSDPerHour } = this.options
    if (requests.length === 0) return { teacher: this.description, answers: [], calls: 0, cachedAnswers: 0, retries: 0, failed: 0, paidUSD: 0, costUSD: 0, seconds: 0, problems: [] }
    await worker.request('make_dataset', { name: 'teacher-requests', source: { kind: 'texts', texts: requests.map((r) => r.input) } })
    const predicted = await worker.request('predict', { model: MODEL_NAME, dataset: 'teacher-requests', output: 'probabilities', batch_size: 32 }, { signal: options.signal })
    await worker.request('release', { datasets: ['teacher-requests'] })
    const seconds = (performance.now() - started) / 1000
    const perAnswerUSD = (seconds / 3600) * gpuUSDPerHour / requests.length
    const answers: TeacherAnswer[] = requests.map((request, i) => {
      const row = predicted.probabilities![i]!
      const best = row.indexOf(Math.max(...row))
      const output = JSON.stringify({ label: labels[best] })
      options.onProgress?.(i + 1, requests.length)
      return {
        id: request.id,
        label: labels[best]!,
        output,
        confidence: row[best]!,
        inputTokens: countTokens(request.input, tokenModel),
        outputTokens: countTokens(output, tokenModel),
        costUSD: perAnswerUSD,
        cached: false,
        error: null,
      }
    })
    const costUSD = perAnswerUSD * requests.length
    return { teacher: this.description, answers, calls: requests.length, cachedAnswers: 0, retries: 0, failed: 0, paidUSD: costUSD, costUSD, seconds, problems: [] }
  }
}
