/**
 * The experiment record: what `payback distill` measured, with every number's interval and
 * sample size, and what made it (config, seeds, data hashes, versions). One schema gives the
 * TypeScript type and the JSON Schema `payback decide --measured` validates a record against.
 */
import { Type, type Static } from '@sinclair/typebox'
import { MeasuredProportionSchema } from './measurement.js'

const Num = (description: string, extra: Record<string, unknown> = {}) => Type.Number({ description, ...extra })
const NonNegative = (description: string) => Num(description, { minimum: 0 })
const Count = (description: string) => Type.Integer({ minimum: 0, description })
const Nullable = <T extends import('@sinclair/typebox').TSchema>(schema: T) => Type.Union([schema, Type.Null()])

/** Token counts of a set of texts under one tokenizer encoding. */
export const MeasuredTokensSchema = Type.Object(
  {
    encoding: Type.String({ description: 'tokenizer encoding, e.g. o200k_base' }),
    model: Type.String({ description: 'the model whose encoding counted them' }),
    n: Type.Integer({ minimum: 1, description: 'texts counted' }),
    mean: NonNegative('mean tokens per text'),
    median: NonNegative('median tokens per text'),
    p95: NonNegative('95th percentile of tokens per text'),
  },
  { additionalProperties: false },
)

/** Serving throughput measured on a named machine. */
export const ThroughputSchema = Type.Object(
  {
    requestsPerSecond: NonNegative('requests (inputs) per second at the batch size'),
    tokensPerSecond: NonNegative('input tokens (bytes for the byte-level student) per second'),
    batchSize: Type.Integer({ minimum: 1, description: 'inputs per forward pass' }),
    latencyMsP50: NonNegative('median time of one batch, ms'),
    latencyMsP95: NonNegative('95th percentile time of one batch, ms'),
    device: Type.String({ description: 'cpu or cuda' }),
    hardware: Type.String({ description: 'the machine, in words (CPU or GPU name, threads)' }),
  },
  { additionalProperties: false },
)

/** The measurements the overlay can put into a scenario, each with its interval. */
export const MeasurementsSchema = Type.Object(
  {
    agreement: MeasuredProportionSchema,
    accuracy: Nullable(MeasuredProportionSchema),
    teacherAccuracy: Nullable(MeasuredProportionSchema),
    passRate: MeasuredProportionSchema,
    escalationShare: MeasuredProportionSchema,
    escalationThreshold: Num('student confidence below which a request escalates to the teacher', { minimum: 0, maximum: 1 }),
    cascadeAgreement: MeasuredProportionSchema,
    cascadeAccuracy: Nullable(MeasuredProportionSchema),
    kappa: Type.Object({ value: Num('Cohen\'s kappa, student against teacher'), lower: Num('lower bound'), upper: Num('upper bound') }, { additionalProperties: false }),
    mcnemar: Nullable(
      Type.Object(
        {
          studentOnlyCorrect: Count('held-out inputs the student gets right and the teacher wrong'),
          teacherOnlyCorrect: Count('held-out inputs the teacher gets right and the student wrong'),
          pValue: Num('exact McNemar p-value (two-sided)', { minimum: 0, maximum: 1 }),
        },
        { additionalProperties: false },
      ),
    ),
    inputTokens: MeasuredTokensSchema,
    outputTokens: MeasuredTokensSchema,
    throughput: ThroughputSchema,
  },
  { additionalProperties: false },
)

/** The two-threshold cascade measured on the test split (what the overlay reads; the rest is kept as written). */
export const MeasuredCascadeSchema = Type.Object(
  {
    t1: Num('student answers at confidence >= t1', { minimum: 0 }),
    t2: Num('the teacher answers between t2 and t1; human review below t2', { minimum: 0 }),
    accuracy: MeasuredProportionSchema,
    teacherShare: MeasuredProportionSchema,
    humanShare: MeasuredProportionSchema,
    costPerRequestUSD: NonNegative('expected cost of the cascade per request on the test split, USD'),
    targetHeld: Type.Boolean(),
  },
  { additionalProperties: true },
)

/** The quality-ceiling section of a record (src/distill/ceiling-analysis.ts). */
export const CeilingSectionSchema = Type.Object(
  {
    basis: Type.Union([Type.Literal('gold'), Type.Literal('teacher')]),
    target: Num('the quality target the cascade must reach', { minimum: 0, maximum: 1 }),
    cascade: Nullable(MeasuredCascadeSchema),
  },
  { additionalProperties: true },
)

/** The retraining cadence the policy simulation chose (what the overlay reads). */
export const CadenceSchema = Type.Object(
  {
    months: Type.Integer({ minimum: 0, description: 'months between retrainings; 0 = never' }),
    policy: Type.String({ description: 'the policy the cadence comes from' }),
    costPerMonthUSD: NonNegative('mean cost per month of retraining, staleness and labels under it, USD'),
    basis: Type.String(),
  },
  { additionalProperties: true },
)

/** The drift section of a record (src/distill/drift-experiment.ts): measured, or why not. */
export const DriftSectionSchema = Type.Union([
  Type.Object({ measured: Type.Literal(false), reason: Type.String() }, { additionalProperties: true }),
  Type.Object(
    {
      measured: Type.Literal(true),
      cutoffMonth: Type.String(),
      later: Type.Object({ n: Count('inputs evaluated after the cutoff') }, { additionalProperties: true }),
      escalationDriftPerMonth: Nullable(
        Type.Object(
          {
            value: NonNegative('extra share escalated per month since training (fraction per month)'),
            standardError: NonNegative('standard error of the agreement loss per month'),
            lower: NonNegative('lower bound'),
            upper: NonNegative('upper bound'),
            basis: Type.String(),
          },
          { additionalProperties: true },
        ),
      ),
      cadence: Type.Optional(Nullable(CadenceSchema)),
    },
    { additionalProperties: true },
  ),
])

/** An experiment record written by `payback distill`. */
export const ExperimentRecordSchema = Type.Object(
  {
    kind: Type.Literal('payback-distillation-experiment'),
    version: Type.Literal(1),
    id: Type.String({ description: 'run id: the sha256 prefix of the config, data and seeds' }),
    createdAt: Type.String({ description: 'when the run finished (ISO 8601)' }),
    measurements: MeasurementsSchema,
    gate: Type.Object(
      {
        verdict: Type.Union([Type.Literal('ship'), Type.Literal('worse'), Type.Literal('need-more-data')]),
        ship: Type.Boolean(),
        target: Num('agreement the student must beat', { minimum: 0, maximum: 1 }),
        explanation: Type.String(),
      },
      { additionalProperties: true },
    ),
    teacher: Type.Object(
      {
        kind: Type.Union([Type.Literal('http'), Type.Literal('logs'), Type.Literal('local')]),
        model: Type.String(),
        endpoint: Nullable(Type.String()),
        pricing: Type.String({ description: 'how the teacher\'s cost was computed' }),
        calls: Count('answers the teacher gave'),
        costUSD: NonNegative('what all the answers cost when bought, USD'),
        paidUSD: NonNegative('what this run paid (cached answers are free), USD'),
        costPerAnswerUSD: NonNegative('costUSD / answers, USD'),
        seconds: NonNegative('time spent getting the answers, s'),
        cachedAnswers: Type.Optional(Count('answers served from the on-disk cache (paid before)')),
        retries: Type.Optional(Count('requests re-sent after a failure')),
        failed: Type.Optional(Count('requests the teacher never answered')),
        problems: Type.Optional(Type.Array(Type.Unknown(), { description: 'what went wrong on the way (bad log lines with their numbers, ...)' })),
        training: Type.Optional(Type.Unknown({ description: 'how the local teacher was trained (null for other teachers)' })),
      },
      { additionalProperties: true },
    ),
    training: Type.Object(
      {
        pairs: Count('teacher-labelled pairs the student trained on (after the filter)'),
        steps: Count('optimiser steps'),
        seconds: NonNegative('training time on this machine, s'),
        hardware: Type.String(),
        gpu: Type.Optional(Type.String({ description: 'the GPU whose price the cost is stated at' })),
        gpuUSDPerHour: NonNegative('the GPU price the cost is stated at, USD per GPU-hour'),
        costUSD: NonNegative('seconds / 3600 x gpuUSDPerHour, USD'),
        trainableParameters: Type.Optional(Count('weights LoRA trained (adapters and the head)')),
        adapter: Type.Optional(
          Type.Object(
            {
              method: Type.Union([Type.Literal('lora'), Type.Literal('qlora')], { description: 'lora: adapters on the base as it is; qlora: the targeted base weights stored as NF4 codes' }),
              r: Count('LoRA rank'),
              alpha: NonNegative('LoRA alpha (the update is scaled by alpha / r)'),
              targetModules: Type.Array(Type.String(), { description: 'module names the adapters wrap' }),
              wrappedLayers: Count('layers the adapters wrapped'),
              trainableParameters: Count('weights the adapter trains'),
              doubleQuant: Nullable(Type.Boolean({ description: 'qlora: whether the block constants are themselves quantised (8-bit, blocks of 256)' })),
              memory: Nullable(
                Type.Object(
                  {
                    base_weight_bytes: Count('bytes of the base parameters in their own precision (NF4 layers apart)'),
                    nf4_code_bytes: Count('bytes of the NF4 codes (two 4-bit codes a byte)'),
                    quant_constant_bytes: Count('bytes of the quantisation constants (absmax scales, with double quantisation their 8-bit codes and second-level constants)'),
                    adapter_bytes: Count('bytes of the adapter weights'),
                  },
                  { description: 'the bytes the worker\'s tensors hold, by component' },
                ),
              ),
            },
            { description: 'the student\'s adapter as the worker built it' },
          ),
        ),
        finalLoss: Type.Optional(Num('training loss at the last logged step')),
        examplesPerSecond: Type.Optional(NonNegative('training throughput on this machine')),
      },
      { additionalProperties: true },
    ),
    data: Type.Record(Type.String(), Type.Unknown(), { description: 'corpus, splits and their sha256' }),
    config: Type.Record(Type.String(), Type.Unknown(), { description: 'the experiment config, defaults filled' }),
    versions: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])),
    learningCurve: Type.Optional(Type.Unknown()),
    filter: Type.Optional(Type.Unknown()),
    baseline: Type.Optional(Type.Unknown({ description: 'what always answering the most frequent label would agree' })),
    provenance: Type.Optional(Type.Unknown()),
    ceiling: Type.Optional(CeilingSectionSchema),
    drift: Type.Optional(DriftSectionSchema),
  },
  { additionalProperties: true },
)

/** An experiment record written by `payback distill`. */
export type ExperimentRecord = Static<typeof ExperimentRecordSchema>
/** The measurements of an experiment record. */
export type Measurements = Static<typeof MeasurementsSchema>
/** Token counts of a set of texts. */
export type MeasuredTokens = Static<typeof MeasuredTokensSchema>
/** The quality-ceiling section of a record. */
export type CeilingSection = Static<typeof CeilingSectionSchema>
/** The drift section of a record. */
export type DriftSection = Static<typeof DriftSectionSchema>
/** The retraining cadence chosen by the policy simulation. */
export type Cadence = Static<typeof CadenceSchema>
/** Serving throughput measured on a named machine. */
export type Throughput = Static<typeof ThroughputSchema>
