/**
 * The distillation experiment's config: one TypeBox schema gives the type, the JSON Schema and
 * the defaults (`payback distill --config FILE` fills what a file leaves out and says so).
 */
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { packagePath } from '../../kernel/paths.js'
import { Type, type Static } from '@sinclair/typebox'
import type { ValidateFunction } from 'ajv'
import { ajvIssues } from '../scenario/ajv-issues.js'
import { appliedDefaults, type AppliedDefault } from '../scenario/defaults.js'
import { InputError } from '../scenario/messages.js'

const require = createRequire(import.meta.url)

const Int = (description: string, minimum: number, fallback: number, extra: Record<string, unknown> = {}) =>
  Type.Integer({ description, minimum, default: fallback, ...extra })
const Fraction = (description: string, fallback: number) => Type.Number({ description, minimum: 0, maximum: 1, default: fallback })
const Positive = (description: string, fallback: number) => Type.Number({ description, exclusiveMinimum: 0, default: fallback })

/** Where the inputs come from. */
export const CorpusConfigSchema = Type.Object(
  {
    source: Type.Union([Type.Literal('spam-assassin'), Type.Literal('file'), Type.Literal('logs')], {
      description: 'spam-assassin: the embedded SpamAssassin corpus; file: your JSONL/CSV (corpus.path); logs: the inputs of the teacher log (teacher.logsPath)',
      default: 'spam-assassin',
    }),
    path: Type.Optional(Type.String({ minLength: 1, description: 'JSONL or CSV of inputs with optional gold labels (source: file)' })),
    maxChars: Int('characters of each message kept (the rest is cut)', 100, 4000),
    splitSeed: Int('seed of the train / calibration / test split', 0, 0),
  },
  { additionalProperties: false, default: {} },
)

/** The local stand-in teacher: the whole pretrained base, fully fine-tuned on gold labels. */
export const LocalTeacherConfigSchema = Type.Object(
  {
    layers: Int('layers of the base the teacher uses (all of them by default)', 1, 4),
    maxLen: Int('bytes of each input the teacher reads', 16, 256),
    steps: Int('optimiser steps', 1, 240),
    batchSize: Int('examples per step', 1, 16),
    lr: Positive('learning rate (Adam)', 0.0003),
    seed: Int('seed of the head and the data order', 0, 11),
    goldShare: Fraction('share of the training split whose gold labels train the teacher; the rest is the student\'s pool of inputs', 0.5),
  },
  { additionalProperties: false, default: {} },
)

/** An OpenAI-compatible endpoint; the key comes only from the environment. */
export const HttpTeacherConfigSchema = Type.Object(
  {
    baseURL: Type.Optional(Type.String({ description: 'default: PAYBACK_TEACHER_BASE_URL, else https://api.openai.com/v1' })),
    model: Type.Optional(Type.String({ description: 'default: PAYBACK_TEACHER_MODEL' })),
    concurrency: Int('requests in flight at once', 1, 4, { maximum: 256 }),
    timeoutMs: Int('per-request timeout, ms', 100, 60000),
    maxAttempts: Int('attempts per request, retries included', 1, 6, { maximum: 50 }),
  },
  { additionalProperties: false, default: {} },
)

/** Which teacher labels the inputs. */
export const TeacherConfigSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('local'), Type.Literal('http'), Type.Literal('logs')], { description: 'local: the offline stand-in; http: an OpenAI-compatible endpoint; logs: recorded production pairs', default: 'local' }),
    logsPath: Type.Optional(Type.String({ minLength: 1, description: 'JSONL of {input, output} pairs (kind: logs)' })),
    local: LocalTeacherConfigSchema,
    http: HttpTeacherConfigSchema,
  },
  { additionalProperties: false, default: {} },
)

/** The student: the first layers of the pretrained base, adapted with LoRA. */
export const StudentConfigSchema = Type.Object(
  {
    base: Type.String({ description: 'folder of the pretrained student base (config.json + model.safetensors)', default: 'data/student-base' }),
    layers: Int('layers of the base the student keeps (the first ones)', 1, 2),
    maxLen: Int('bytes of each input the student reads (the teacher\'s 256 by default: fewer bytes serve faster and agree less)', 16, 256),
    r: Int('LoRA rank', 1, 8),
    alpha: Positive('LoRA alpha', 16),
    method: Type.Union([Type.Literal('lora'), Type.Literal('qlora')], {
      default: 'lora',
      description: 'lora: adapters on the base as it is; qlora: the targeted base weights stored in 4-bit NF4 with double-quantised constants (QLoRA), adapters on top',
    }),
    targets: Type.Array(Type.String(), { minItems: 1, description: 'modules LoRA adapts', default: ['q_proj', 'v_proj', 'fc1', 'fc2'] }),
    epochs: Positive('passes over the training pairs (steps = ceil(epochs x pairs / batch))', 4),
    minSteps: Int('at least this many steps, for small training sets', 1, 60),
    batchSize: Int('examples per step', 1, 32),
    lr: Positive('learning rate (Adam)', 0.002),
    seed: Int('seed of the adapters, the head and the data order', 0, 5),
  },
  { additionalProperties: false, default: {} },
)

/** The whole experiment. */
export const DistillConfigSchema = Type.Object(
  {
    name: Type.String({ description: 'a name for the run and its files', default: 'spam-assassin' }),
    scenario: Type.Optional(Type.String({ description: 'scenario the measurements update (default: data/scenarios/mail-spam-filter.json)' })),
    labels: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 2, uniqueItems: true, description: 'the label set; default: the gold labels of the corpus (or, for a log without them, the labels its outputs name)' })),
    instruction: Type.String({ description: 'what the teacher is asked to do with each input', default: 'Classify the email as spam (unsolicited bulk or fraudulent mail) or ham (legitimate mail).' }),
    corpus: CorpusConfigSchema,
    teacher: TeacherConfigSchema,
    trainingPairs: Int('teacher-labelled inputs to buy for the student (at most the student\'s pool)', 1, 2000),
    heldOut: Int('held-out inputs to measure agreement on (at most the test split)', 10, 2000),
    filter: Type.Object(
      {
        minConfidence: Fraction('teacher answers below this confidence are dropped (where the teacher states one)', 0.6),
        dedupe: Type.Boolean({ description: 'drop repeated inputs', default: true }),
      },
      { additionalProperties: false, default: {} },
    ),
    student: StudentConfigSchema,
    gate: Type.Object(
      {
        target: Type.Number({ description: 'agreement with the teacher the student must beat (the interval\'s lower bound)', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.9 }),
        confidence: Type.Number({ description: 'two-sided confidence of the intervals', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.95 }),
      },
      { additionalProperties: false, default: {} },
    ),
    escalation: Type.Object(
      {
        targetAgreement: Type.Optional(Type.Number({ description: 'cascade agreement with the teacher the escalation threshold must reach on the calibration split (default: the scenario\'s quality target)', exclusiveMinimum: 0, maximum: 1 })),
      },
      { additionalProperties: false, default: {} },
    ),
    drift: Type.Object(
      {
        enabled: Type.Union([Type.Literal('auto'), Type.Boolean()], {
          description: 'measure drift with a student trained on the inputs dated before the cutoff; auto: yes unless the teacher is http (the drift inputs would be bought: set true to buy them)',
          default: 'auto',
        }),
        cutoffMonth: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'first month after the training period (YYYY-MM); default: the month by which 30 % of the dated inputs have passed' })),
        trainingPairs: Int('teacher-labelled inputs of the training period the drift student trains on', 10, 1000),
        referenceShare: Type.Number({ description: 'share of the training period held out as month 0 (agreement right after training)', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.2 }),
        perMonth: Int('inputs evaluated per month after the cutoff, at most', 5, 300),
        minPerMonth: Int('months with fewer evaluated inputs are left out of the series', 1, 20),
        embedSample: Int('inputs per period whose representations the domain classifier compares', 10, 400),
        policyDraws: Int('Monte Carlo draws of the retraining-policy simulation', 100, 2000, { maximum: 100000 }),
        policySeed: Int('seed of the retraining-policy simulation', 0, 0),
      },
      { additionalProperties: false, default: {} },
    ),
    ceiling: Type.Object(
      {
        humanAccuracy: Fraction('accuracy of human review in the cascade', 1),
        bins: Int('bins of the reliability diagram', 2, 10, { maximum: 50 }),
      },
      { additionalProperties: false, default: {} },
    ),
    learningCurve: Type.Object(
      {
        sizes: Type.Array(Type.Integer({ minimum: 10 }), { description: 'training-pair counts to train a student at (each capped at what the filter passed)', default: [100, 250, 500, 1000, 2000] }),
      },
      { additionalProperties: false, default: {} },
    ),
    throughputBatch: Int('batch size of the serving-throughput measurement', 1, 32),
    threads: Int('CPU threads of the worker (1 is fastest for these small models)', 1, 1, { maximum: 64 }),
    cacheDir: Type.Optional(Type.String({ minLength: 1, description: 'teacher answers and trained teachers are cached here (a relative path from the working folder); default: .payback-cache in the package, wherever payback runs from (a notebook runs in notebooks/)' })),
  },
  { additionalProperties: false },
)

/** The experiment's config, defaults filled in. */
export type DistillConfig = Static<typeof DistillConfigSchema>

/**
 * Where a config's caches go: its `cacheDir` from the working folder, else the package's
 * `.payback-cache` (the same folder whether the CLI runs from the repository or a notebook from
 * notebooks/; the corpus cache lives there too).
 *
 * @example
 * distillCacheDir({ cacheDir: '/tmp/cache' }) // => '/tmp/cache'
 * distillCacheDir({}).endsWith('.payback-cache') // => true
 */
export function distillCacheDir(config: Pick<DistillConfig, 'cacheDir'>): string {
  return config.cacheDir === undefined ? packagePath('.payback-cache') : resolve(config.cacheDir)
}

let validator: ValidateFunction | undefined

/**
 * Checks a config and fills the defaults of what it leaves out.
 *
 * @param source a name for messages, e.g. the file's path
 * @throws {InputError} naming each bad value's JSON path, the rule and the value
 * @example
 * distillConfig({}).config.student.layers // => 2
 * distillConfig({ trainingPairs: 500 }).config.trainingPairs // => 500
 * distillConfig({}).config.student.method // => 'lora'
 * distillConfig({ student: { method: 'qlora' } }).config.student.method // => 'qlora' (the student's base weights in NF4)
 * distillConfig({ student: { r: 0 } }, 'd.json') // throws invalid d.json at /student/r: 0 (must be >= 1)
 */
export function distillConfig(raw: unknown, source = 'distill config'): { config: DistillConfig; defaultsApplied: AppliedDefault[] } {
  if (!validator) {
    const { Ajv } = require('ajv') as typeof import('ajv')
    validator = new Ajv({ allErrors: true, strict: false, useDefaults: true }).compile(DistillConfigSchema)
  }
  const data = structuredClone(raw ?? {})
  if (!validator(data)) throw new InputError(ajvIssues(validator.errors ?? [], DistillConfigSchema as never, data), source)
  const config = data as DistillConfig
  const issues = []
  if (config.corpus.source === 'file' && !config.corpus.path) issues.push({ path: '/corpus/path', rule: 'required when corpus.source is file', value: undefined })
  if ((config.teacher.kind === 'logs' || config.corpus.source === 'logs') && !config.teacher.logsPath) issues.push({ path: '/teacher/logsPath', rule: 'required when the teacher or the corpus is a log', value: undefined })
  if (config.student.layers > config.teacher.local.layers && config.teacher.kind === 'local') issues.push({ path: '/student/layers', rule: `must be <= teacher.local.layers (${config.teacher.local.layers}): the student is the smaller model`, value: config.student.layers })
  if (issues.length > 0) throw new InputError(issues, source)
  return { config, defaultsApplied: appliedDefaults(raw ?? {}, config) }
}
