/**
 * The scenario format: the one source of both the TypeScript types and the JSON Schema
 * committed as `schemas/scenario.schema.json` (written by `npm run schema`).
 *
 * Units are in each field's description: tokens per request, requests per month, USD,
 * fractions in [0, 1] (0.03 = 3 %), months, person-months. Defaults are part of the schema and
 * are applied by {@link validateScenario}.
 */
import { Type, type TSchema } from '@sinclair/typebox'
import type { Scenario } from './types.generated.js'
import { DistributionSchema, Uncertain, type DistributionSpec } from './distribution.js'
import { RANGES, rangeNote, type RangeKind } from './ranges.js'

/** The strategies payback compares, in the order it reports them. */
export const STRATEGY_IDS = ['prompt', 'rag', 'finetune', 'distill', 'distill+rag'] as const
/** A strategy id: `prompt`, `rag`, `finetune`, `distill` or `distill+rag`. */
export type StrategyId = (typeof STRATEGY_IDS)[number]

/** A numeric field: a number or, for simulation, a distribution (see {@link Uncertain}). */
const Num = (options: Record<string, unknown>) => Uncertain(Type.Number(options))
/** The `maximum` of a plausible range and its description, the bound's unit and reason appended. */
const Plausible = (kind: RangeKind, description: string) => ({ maximum: RANGES[kind].max, description: `${description} (${rangeNote(kind)})` })
/** A numeric field bounded by a plausible range (see {@link RANGES}). */
const Bounded = (kind: RangeKind, description: string, options: Record<string, unknown> = {}) =>
  Num({ minimum: 0, ...options, ...Plausible(kind, description) })
/** A count (whole number) bounded by a plausible range. */
const Count = (kind: RangeKind, description: string, options: Record<string, unknown> = {}) =>
  Type.Integer({ minimum: 0, ...options, ...Plausible(kind, description) })
const Fraction = (description: string, options: Record<string, unknown> = {}) =>
  Num({ minimum: 0, maximum: 1, description, ...options })
const Tokens = (description: string, options: Record<string, unknown> = {}) => Bounded('tokensPerRequest', description, options)
/** A token price: USD per million tokens, at most {@link RANGES}.tokenPriceUSD. */
const PerMTok = (description: string, options: Record<string, unknown> = {}) => Bounded('tokenPriceUSD', description, options)

/** One value per strategy, e.g. expected quality or setup person-months. */
function PerStrategy<T extends TSchema>(item: (id: StrategyId) => T, description: string) {
  return Type.Object(
    {
      prompt: item('prompt'),
      rag: item('rag'),
      finetune: item('finetune'),
      distill: item('distill'),
      'distill+rag': item('distill+rag'),
    },
    { description, additionalProperties: false },
  )
}

/** Explicit token prices that override the price table (USD per million tokens). */
export const TokenPricesSchema = Type.Object(
  {
    inputPerMTokUSD: PerMTok('price of one million input tokens'),
    outputPerMTokUSD: PerMTok('price of one million output tokens', { default: 0 }),
    cacheReadPerMTokUSD: Type.Optional(PerMTok('price of one million cached input tokens read')),
    cacheWritePerMTokUSD: Type.Optional(PerMTok('price of one million input tokens written to the cache')),
  },
  { additionalProperties: false, description: 'Explicit prices; they replace the price table for this model' },
)

export const TaskSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('classification'), Type.Literal('extraction'), Type.Literal('generation')], {
      description: 'What the model does: classification (a label), extraction (JSON fields) or generation (text)',
    }),
    description: Type.Optional(Type.String({ description: 'The task in words' })),
    inputTokens: Tokens('the item itself: the ticket, document or message', { exclusiveMinimum: 0 }),
    outputTokens: Tokens('the answer the model writes', { exclusiveMinimum: 0 }),
    instructionTokens: Tokens('instructions in the prompt; fine-tuning removes them'),
    fewShotTokens: Tokens('few-shot examples in the prompt; fine-tuning removes them'),
    adaptedInstructionTokens: Tokens('the short instruction a fine-tuned or distilled model still gets', {
      default: 0,
    }),
    retrievedContextTokens: Tokens('retrieved context added to each request by the RAG strategies'),
    requestsPerMonth: Num({ exclusiveMinimum: 0, ...Plausible('requestsPerMonth', 'requests in the first month') }),
    monthlyGrowth: Num({
      exclusiveMinimum: -1,
      default: 0,
      ...Plausible('monthlyGrowth', 'compound growth of the volume per month (fraction: 0.03 = 3 % a month)'),
    }),
    horizonMonths: Type.Integer({ minimum: 1, ...Plausible('months', 'months over which costs are compared') }),
    annualDiscountRate: Num({
      minimum: 0,
      maximum: 1,
      default: 0.1,
      description: 'annual discount rate for present values (fraction per year)',
    }),
    qualityTarget: Num({
      exclusiveMinimum: 0,
      maximum: 1,
      description: 'the quality a strategy must reach to be considered (fraction: accuracy or agreement)',
    }),
  },
  { additionalProperties: false, description: 'The task and its volume' },
)

export const FactsSchema = Type.Object(
  {
    stable: Type.Boolean({ description: 'the task definition is stable (not still changing week to week)' }),
    behaviourEasyToDemonstrateHardToSpecify: Type.Boolean({
      description: 'the wanted behaviour is easier to show with examples than to write down as instructions',
    }),
    factsChangeOften: Type.Boolean({ description: 'the task depends on factual knowledge that changes often' }),
    categoriesChangeOften: Type.Boolean({ description: 'the labels, categories or output format change often' }),
    goodFrontierOutputs: Type.Boolean({ description: 'the frontier model already produces outputs good enough to learn from' }),
    formatGuaranteesNeeded: Type.Boolean({ description: 'outputs must always parse against a format (JSON schema, label set)' }),
    labelledExamples: Count('count', 'good labelled examples the team already has'),
    oneOff: Type.Boolean({ description: 'a one-off job rather than a standing workload' }),
    stillBeingDefined: Type.Boolean({ description: 'the task itself is still being defined' }),
  },
  { additionalProperties: false, description: 'Facts about the task that the decision rules read' },
)

export const FrontierSchema = Type.Object(
  {
    provider: Type.String({ minLength: 1, description: 'provider id in @pydantic/genai-prices, e.g. openai, anthropic, google' }),
    model: Type.String({ minLength: 1, description: 'model id, e.g. gpt-4.1, claude-sonnet-4-5' }),
    prices: Type.Optional(TokenPricesSchema),
    promptCaching: Type.Object(
      {
        enabled: Type.Boolean({ description: 'the instruction and few-shot prefix is sent so the provider can cache it' }),
        hitRate: Fraction('share of requests whose prefix is read from the cache', { default: 0.9 }),
      },
      { additionalProperties: false, description: 'Prompt caching of the shared prefix; applied only where the price table (or prices) has a cached-read price' },
    ),
    priceChangePerMonth: Num({
      minimum: -0.5,
      maximum: 0.5,
      default: 0,
      description: 'compound change of frontier token prices per month (fraction: -0.02 = prices fall 2 % a month); applies to prompting, escalation and teacher data',
    }),
    batch: Type.Object(
      {
        share: Fraction('share of production requests that tolerate batch latency (hours)', { default: 0 }),
        discount: Num({
          minimum: 0,
          exclusiveMaximum: 1,
          default: 0.5,
          description: 'price reduction of the batch API (fraction; OpenAI and Anthropic batch APIs: 0.5)',
        }),
        teacherUsesBatch: Type.Boolean({
          default: true,
          description: 'teacher data and evaluation labels are generated offline through the batch API',
        }),
      },
      { additionalProperties: false, description: 'Batch API discount (not in the price table: stated here)' },
    ),
  },
  { additionalProperties: false, description: 'The frontier model: prompted directly, and the teacher for distillation' },
)

export const ArchitectureSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    layers: Count('architectureLayers', 'transformer blocks', { minimum: 1 }),
    hidden: Count('architectureWidth', 'hidden size (d_model)', { minimum: 1 }),
    intermediate: Count('architectureWidth', 'MLP inner size', { minimum: 1 }),
    heads: Count('architectureHeads', 'attention heads; must divide hidden unless headDim is given', { minimum: 1 }),
    kvHeads: Count('architectureHeads', 'key/value heads (grouped-query attention); must divide heads', { minimum: 1 }),
    vocab: Count('architectureVocab', 'vocabulary size', { minimum: 1 }),
    tiedEmbeddings: Type.Boolean({ description: 'the output head shares the embedding matrix' }),
    mlp: Type.Union([Type.Literal('gated'), Type.Literal('standard')], { description: 'gated (SwiGLU: gate, up, down) or standard (up, down)' }),
    headDim: Type.Optional(Count('architectureWidth', 'width of one attention head; default hidden / heads', { minimum: 1 })),
    attentionBias: Type.Optional(Type.Boolean({ description: 'q, k and v projections carry biases (Qwen2)' })),
    normsPerLayer: Type.Optional(Count('normsPerLayer', 'norm weight vectors per block; default 2')),
  },
  { additionalProperties: false, description: 'A decoder-only transformer, by its config' },
)

export const ApiHostingSchema = Type.Object(
  {
    kind: Type.Literal('api', { description: 'hosted by an API provider' }),
    provider: Type.String({ minLength: 1, description: 'provider id in @pydantic/genai-prices' }),
    model: Type.String({ minLength: 1, description: 'the fine-tuned model id as priced, e.g. ft:gpt-4o-mini' }),
    prices: Type.Optional(TokenPricesSchema),
    trainingPerMTokUSD: PerMTok('training price per million training tokens (tokens in the file x epochs)'),
    minimumTrainingUSD: Bounded('trainingJobUSD', 'minimum charge per training job', { default: 0 }),
  },
  { additionalProperties: false, description: 'A fine-tune hosted by an API provider: pay per token' },
)

export const SelfHostedSchema = Type.Object(
  {
    kind: Type.Literal('self-hosted', { description: 'served on rented GPUs' }),
    gpu: Type.String({ minLength: 1, description: 'GPU id in data/gpus.json, e.g. nvidia-l4' }),
    gpuHourUSD: Type.Optional(Bounded('gpuHourUSD', 'price of one GPU-hour; default: the list price in data/gpus.json')),
    requestsPerSecondPerGpu: Type.Optional(
      Num({
        exclusiveMinimum: 0,
        ...Plausible(
          'requestsPerSecondPerGpu',
          'sustained requests per second one GPU serves for the adapted prompt, measured (a load test of your own); it overrides the serving model, which derives the figure from tokens, architecture and GPU when this is left out',
        ),
      }),
    ),
    requestsPerSecondSource: Type.Optional(
      Type.String({ minLength: 1, description: 'where requestsPerSecondPerGpu comes from (a load test, a benchmark): reports quote it' }),
    ),
    ragRequestsPerSecondPerGpu: Type.Optional(
      Num({
        exclusiveMinimum: 0,
        ...Plausible(
          'requestsPerSecondPerGpu',
          'the same with retrieved context; default: the serving model, or with a stated requestsPerSecondPerGpu that figure scaled by (input + output) / (input + context + output) tokens',
        ),
      }),
    ),
    weightBits: Type.Union([Type.Literal(16), Type.Literal(8), Type.Literal(4)], {
      default: 16,
      description: 'bits a served weight is stored in (the serving model): 16, 8 (fp8/int8) or 4 (weight-only)',
    }),
    kvCacheBits: Type.Union([Type.Literal(16), Type.Literal(8)], { default: 16, description: 'bits of a KV-cache entry (the serving model)' }),
    concurrency: Type.Optional(
      Count('concurrency', 'most sequences the serving engine batches at once (vLLM\'s max_num_seqs); default: as many as the KV cache holds', { minimum: 1 }),
    ),
    latencyTarget: Type.Optional(
      Type.Object(
        {
          timeToFirstTokenMs: Type.Optional(Num({ exclusiveMinimum: 0, ...Plausible('latencyMs', 'time to first token at most (milliseconds)') })),
          timePerOutputTokenMs: Type.Optional(
            Num({ exclusiveMinimum: 0, ...Plausible('latencyMs', 'time per output token at most (milliseconds); the plan takes the largest batch that meets it') }),
          ),
        },
        { additionalProperties: false, description: 'latency the serving model must meet: it plans the largest batch that does' },
      ),
    ),
    servingEfficiency: Type.Optional(
      Type.Object(
        {
          compute: Num({ exclusiveMinimum: 0, maximum: 1, description: 'share of the compute peak prefill reaches (default: the calibration fit, 0.51)' }),
          bandwidth: Num({ exclusiveMinimum: 0, maximum: 1, description: 'share of the memory bandwidth a decode step reaches (default: the calibration fit, 0.72)' }),
        },
        { additionalProperties: false, description: 'efficiencies of the serving model (README: serving from first principles)' },
      ),
    ),
    targetUtilisation: Num({
      exclusiveMinimum: 0,
      maximum: 1,
      default: 0.6,
      description: 'share of a GPU capacity planned to be used at peak (headroom for bursts)',
    }),
    peakToAverage: Num({
      minimum: 1,
      default: 2,
      ...Plausible('peakToAverage', 'peak traffic over average traffic; autoscaling and serverless use a von Mises day with this peak (at most 24: all in one hour)'),
    }),
    hourlyWeights: Type.Optional(
      Type.Array(Type.Number({ minimum: 0 }), {
        minItems: 24,
        maxItems: 24,
        description: 'traffic in each hour of the day, any scale (e.g. requests per hour from your logs); replaces peakToAverage',
      }),
    ),
    scaling: Type.Union(
      [
        Type.Object({ kind: Type.Literal('always-on', { description: 'replicas for the peak, running all month' }) }, { additionalProperties: false }),
        Type.Object(
          {
            kind: Type.Literal('autoscaling', { description: 'whole GPUs added and removed hour by hour with the traffic' }),
            scaleUpLagMinutes: Num({ minimum: 0, maximum: 60, default: 5, description: 'minutes a GPU is started (and billed) before the hour that needs it' }),
          },
          { additionalProperties: false },
        ),
        Type.Object(
          {
            kind: Type.Literal('serverless', { description: 'GPUs billed per second, scaled to zero when idle' }),
            gpuSecondUSD: Type.Optional(
              Num({ minimum: 0, maximum: 1, description: 'price of one GPU-second; default: the GPU-hour price / 3,600 (data/gpus.json lists Modal per-second prices for T4 and L4)' }),
            ),
            idleTimeoutSeconds: Num({ minimum: 0, maximum: 3600, default: 60, description: 'seconds a container stays up after its last request' }),
            coldStartSeconds: Num({
              minimum: 0,
              maximum: 3600,
              description: 'GPU-seconds billed for a cold start (published figures: 5-10 s small models on fast storage to 460 s for vLLM with a 27B model; data/serving-benchmarks.json)',
            }),
          },
          { additionalProperties: false },
        ),
      ],
      { default: { kind: 'always-on' }, description: 'how GPUs are paid for: always-on, autoscaling or serverless' },
    ),
    minReplicas: Count('replicas', 'GPUs kept running whatever the load (availability)', { minimum: 1, default: 2 }),
    architecture: Type.Union([Type.String({ minLength: 1 }), ArchitectureSchema], {
      description: 'the base model: a preset name (payback estimate --list) or its config',
    }),
    method: Type.Union([Type.Literal('lora'), Type.Literal('qlora')], { default: 'lora', description: 'adapter training method' }),
    loraRank: Count('loraRank', 'LoRA rank r', { minimum: 1, default: 16 }),
    targetModules: Type.Array(Type.String({ minLength: 1 }), {
      minItems: 1,
      default: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'],
      description: 'linear modules that get adapters',
    }),
    trainingGpu: Type.Optional(Type.String({ minLength: 1, description: 'GPU id for training; default: the serving GPU' })),
    trainingUtilisation: Num({
      exclusiveMinimum: 0,
      maximum: 1,
      default: 0.35,
      description: 'model FLOPs utilisation reached in training (fraction of peak bf16 FLOP/s)',
    }),
    trainingOverheadHours: Bounded('gpuHours', 'GPU-hours per training run beyond the FLOPs: loading, checkpoints, evaluation passes', {
      default: 1,
    }),
  },
  { additionalProperties: false, description: 'A small open model served on rented GPUs: capacity comes in whole GPUs' },
)

export const SmallModelSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'what the small model is, for reports' }),
    hosting: Type.Union([ApiHostingSchema, SelfHostedSchema], { description: 'api or self-hosted' }),
  },
  { additionalProperties: false, description: 'The small model that is fine-tuned or distilled into' },
)

export const AdaptationSchema = Type.Object(
  {
    trainingExamples: Count('count', 'examples the model trains on, after the teacher filter', { minimum: 1 }),
    teacherPassRate: Num({
      exclusiveMinimum: 0,
      maximum: 1,
      description: 'share of teacher outputs that pass the quality filter (fraction)',
    }),
    teacherOutputTokens: Type.Optional(Tokens('tokens the teacher writes per training example; default: task.outputTokens', { exclusiveMinimum: 0 })),
    epochs: Num({ exclusiveMinimum: 0, maximum: 100, default: 3, description: 'passes over the training set' }),
    evalSetSize: Count('count', 'held-out examples used to measure agreement', { minimum: 1 }),
    labelUSDPerExample: Bounded('perItemUSD', 'cost of one human-labelled example beyond those the team has (fine-tune only)'),
    retrainEveryMonths: Count('months', 'retrain every N months with fresh data, training and evaluation; 0 = never'),
    retrainFreshShare: Num({
      exclusiveMinimum: 0,
      maximum: 1,
      default: 1,
      description: 'share of the training set made afresh at each retraining (fraction)',
    }),
  },
  { additionalProperties: false, description: 'How the small model is trained, evaluated and kept fresh' },
)

export const RagSchema = Type.Object(
  {
    embedding: Type.Object(
      {
        provider: Type.String({ minLength: 1 }),
        model: Type.String({ minLength: 1, description: 'embedding model id, e.g. text-embedding-3-small' }),
        prices: Type.Optional(TokenPricesSchema),
      },
      { additionalProperties: false },
    ),
    corpusTokens: Bounded('corpusTokens', 'tokens in the corpus that is embedded'),
    vectorStoreGB: Bounded('vectorStoreGB', 'size of the vector index'),
    vectorStoreUSDPerGBMonth: Bounded('storageUSDPerGBMonth', 'vector store price per GB-month'),
    vectorQueryUSDPerMillion: Bounded('queryUSDPerMillion', 'vector store price of one million similarity queries (serverless read units)', {
      default: 0,
    }),
    reindexSharePerMonth: Fraction('share of the corpus re-embedded each month as facts change'),
  },
  { additionalProperties: false, description: 'Retrieval: embedding, index and store' },
)

export const PeopleSchema = Type.Object(
  {
    loadedMonthlyUSD: Bounded('personMonthUSD', 'fully loaded cost of one engineer for one month (salary, benefits, overhead)'),
    setupPersonMonths: PerStrategy((id) => Bounded('personMonths', `person-months to build ${id}`), 'one-time engineering to build each strategy (person-months)'),
    maintenancePersonMonthsPerMonth: PerStrategy(
      (id) => Bounded('personMonthsPerMonth', `person-months per month to run ${id}`),
      'ongoing engineering: monitoring, evaluation, on-call (person-months per month)',
    ),
  },
  { additionalProperties: false, description: 'People: mostly what adaptation costs' },
)

export const HardTailSchema = Type.Object(
  {
    escalationShare: Fraction('share of small-model requests escalated to the frontier model with the full prompt'),
    escalationDriftPerMonth: Fraction(
      'drift: added escalation share per month since the small model was last trained, until retraining resets it (fraction per month)',
      { default: 0 },
    ),
    humanReviewShare: PerStrategy((id) => Fraction(`share of ${id} requests reviewed by a person`), 'share of requests sent to human review, per strategy (fraction)'),
    humanReviewUSDPerItem: Bounded('perItemUSD', 'cost of one human review'),
  },
  { additionalProperties: false, description: 'The hard tail: what the small model cannot do alone' },
)

export const ScenarioSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Type.String({ minLength: 1, description: 'short name of the scenario' }),
    description: Type.Optional(Type.String({ description: 'what the scenario is, for reports' })),
    task: TaskSchema,
    facts: FactsSchema,
    frontier: FrontierSchema,
    smallModel: SmallModelSchema,
    adaptation: AdaptationSchema,
    rag: RagSchema,
    people: PeopleSchema,
    hardTail: HardTailSchema,
    quality: PerStrategy(
      (id) => Num({ minimum: 0, maximum: 1, description: `expected quality of ${id} (fraction)` }),
      'expected quality of each strategy on the task, the hard tail handled (fraction: accuracy or agreement)',
    ),
  },
  {
    $id: 'https://github.com/payback/payback/schemas/scenario.schema.json',
    title: 'payback scenario',
    description: 'Inputs to the payback decision: the task, its volume, prices, people and quality',
    additionalProperties: false,
    // The one copy of the distribution union that every uncertain field references (see Uncertain).
    $defs: { distribution: DistributionSchema },
  },
)

/**
 * A type with every uncertain field (number or distribution) narrowed to a number: what the
 * decision engine computes with once distributions are replaced by their means.
 */
export type PointOf<T> = T extends number
  ? number extends T
    ? number
    : T
  : T extends DistributionSpec
    ? never
    : T extends (infer U)[]
      ? PointOf<U>[]
      : T extends object
        ? { [K in keyof T]: PointOf<T[K]> }
        : T

/**
 * The scenario types. They are `Static<typeof ScenarioSchema>` and `PointOf` of it, written out
 * as plain object types in `types.generated.ts` (by `npm run schema`; a type test holds them
 * equal): a compiler reads them as written instead of evaluating TypeBox's generics, which made
 * every notebook cell that touched a `Scenario` take about a second to type-check.
 *
 * `ScenarioInput`: a scenario as written in a file, numeric fields may be distributions
 * (defaults filled in). `Scenario`: numbers only, the decision engine's input.
 */
export type { Scenario, ScenarioInput } from './types.generated.js'
export type Task = Scenario['task']
export type Facts = Scenario['facts']
export type Frontier = Scenario['frontier']
/** Explicit token prices (USD per million tokens). */
export type TokenPrices = NonNullable<Frontier['prices']>
/** A fine-tune hosted by an API provider. */
export type ApiHosting = Extract<Scenario['smallModel']['hosting'], { kind: 'api' }>
/** A small open model served on rented GPUs. */
export type SelfHosting = Extract<Scenario['smallModel']['hosting'], { kind: 'self-hosted' }>
/** A decoder-only transformer, by its config. */
export type ArchitectureConfig = Exclude<SelfHosting['architecture'], string>
export type Adaptation = Scenario['adaptation']
export type Rag = Scenario['rag']
export type People = Scenario['people']
export type HardTail = Scenario['hardTail']
