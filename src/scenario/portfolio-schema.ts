/**
 * The portfolio format: several tasks that share one small base model (one GPU type, one
 * serving fleet, one frontier model), each with its own volume, prompt shape, facts, training
 * data, hard tail and quality. The one source of the TypeScript type and of
 * `schemas/portfolio.schema.json` (written by `npm run schema`).
 *
 * A portfolio names a `base` scenario (a full scenario object, or a path to a scenario file,
 * relative to the portfolio file) and a `tasks` array; each task's sections are deep-merged onto
 * the base (objects merge key by key, anything else replaces), and the merged scenario is
 * validated as any scenario is. What the tasks share (`frontier`, `smallModel`) cannot be
 * overridden per task, except the measured serving throughput of the task's own prompt shape.
 */
import { Type, type Static } from '@sinclair/typebox'

/** The per-task sections a task may override: everything but what the fleet shares. */
export const TASK_OVERRIDE_SECTIONS = ['description', 'task', 'facts', 'adaptation', 'rag', 'people', 'hardTail', 'quality'] as const

const Section = (description: string) => Type.Object({}, { additionalProperties: true, description })
const PerMTok = (description: string) => Type.Number({ minimum: 0, maximum: 1000, description: `${description} (USD per million tokens)` })

/** One task of the portfolio: its name, how it is adapted, and its overrides of the base scenario. */
export const PortfolioTaskSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80, description: 'short name of the task, unique within the portfolio' }),
    adapt: Type.Union([Type.Literal('auto'), Type.Literal('yes'), Type.Literal('no')], {
      default: 'auto',
      description:
        'whether the task gets an adapter in the adapted portfolio options: auto = when its own single-task decision picks an adapted strategy (finetune, distill, distill+rag); yes = its cheapest fitting adapted strategy; no = never',
    }),
    description: Type.Optional(Type.String({ description: 'what the task is, for reports (replaces the base scenario\'s)' })),
    task: Type.Optional(Section('overrides of the base scenario\'s task section (volume, tokens, growth...), merged key by key')),
    facts: Type.Optional(Section('overrides of the base scenario\'s facts section, merged key by key')),
    adaptation: Type.Optional(Section('overrides of the base scenario\'s adaptation section, merged key by key')),
    rag: Type.Optional(Section('overrides of the base scenario\'s rag section, merged key by key')),
    people: Type.Optional(Section('overrides of the base scenario\'s people section, merged key by key')),
    hardTail: Type.Optional(Section('overrides of the base scenario\'s hardTail section, merged key by key')),
    quality: Type.Optional(Section('overrides of the base scenario\'s quality section, merged key by key')),
    serving: Type.Optional(
      Type.Object(
        {
          requestsPerSecondPerGpu: Type.Number({ exclusiveMinimum: 0, maximum: 1e6, description: 'measured requests/s one GPU serves for this task\'s adapted prompt (merged adapter); replaces the base hosting\'s figure' }),
          ragRequestsPerSecondPerGpu: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1e6, description: 'the same with retrieved context' })),
          requestsPerSecondSource: Type.String({ minLength: 1, description: 'where the figure comes from (a load test, a benchmark)' }),
        },
        { additionalProperties: false, description: 'this task\'s own measured serving throughput on the shared GPU; absent: the base hosting\'s figure, or the serving model for this task\'s tokens' },
      ),
    ),
  },
  { additionalProperties: false, description: 'One task on the shared base model' },
)

/** The multi-LoRA serving penalty; absent fields are fitted from data/serving-benchmarks.json. */
export const MultiLoraSettingsSchema = Type.Object(
  {
    unmergedFactor: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 1,
        description: 'throughput of serving an unmerged adapter relative to the merged model (fraction); default: fitted from the published figures (payback decide prints the fit)',
      }),
    ),
    declinePerDoubling: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 1,
        description: 'throughput kept each time the number of concurrent adapters doubles (fraction); default: fitted from the published S-LoRA figures',
      }),
    ),
    source: Type.Optional(Type.String({ minLength: 1, description: 'where stated figures come from (a load test of your own)' })),
  },
  { additionalProperties: false, description: 'Serving many adapters on one base: the throughput penalty against one merged model per deployment' },
)

/** A hosted serverless LoRA offer: adapters billed per token at the base model's rate. */
export const ServerlessLoraOfferSchema = Type.Object(
  {
    offer: Type.Optional(Type.String({ minLength: 1, description: 'id of an offer in data/serving-benchmarks.json (serverlessLora); its prices and source unless stated here' })),
    provider: Type.Optional(Type.String({ minLength: 1, description: 'who hosts the adapters' })),
    inputPerMTokUSD: Type.Optional(PerMTok('price of one million input tokens to the adapter')),
    outputPerMTokUSD: Type.Optional(PerMTok('price of one million output tokens from the adapter')),
    source: Type.Optional(Type.String({ minLength: 1, description: 'where the prices come from (URL and date)' })),
  },
  { additionalProperties: false, description: 'Hosted LoRA priced per token (no GPUs, no minimum replicas): give offer, or both prices and their source' },
)

/** A portfolio file. */
export const PortfolioSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Type.String({ minLength: 1, description: 'short name of the portfolio' }),
    description: Type.Optional(Type.String({ description: 'what the portfolio is, for reports' })),
    base: Type.Union(
      [
        Type.String({ minLength: 1, description: 'path of a scenario file, relative to the portfolio file' }),
        Type.Object({}, { additionalProperties: true, description: 'a full scenario object' }),
      ],
      { description: 'what the tasks share (frontier model, small model, GPU, hosting and scaling, people costs...): a full scenario, inline or a file path' },
    ),
    tasks: Type.Array(PortfolioTaskSchema, { minItems: 1, maxItems: 64, description: 'the tasks on the shared base model' }),
    multiLora: Type.Optional(MultiLoraSettingsSchema),
    serverlessLora: Type.Optional(ServerlessLoraOfferSchema),
  },
  {
    $id: 'https://github.com/payback/payback/schemas/portfolio.schema.json',
    title: 'payback portfolio',
    description: 'Several tasks on one shared small base model: does adapting each task pay, and does the portfolio pay (one deployment per task, multi-LoRA on one fleet, or serverless LoRA)',
    additionalProperties: false,
  },
)

/** A portfolio as written (defaults filled in). */
export type PortfolioInput = Static<typeof PortfolioSchema>
/** One task of a portfolio as written. */
export type PortfolioTaskInput = Static<typeof PortfolioTaskSchema>
/** The multi-LoRA settings as written. */
export type MultiLoraSettings = Static<typeof MultiLoraSettingsSchema>
/** A serverless LoRA offer as written. */
export type ServerlessLoraOfferInput = Static<typeof ServerlessLoraOfferSchema>

/**
 * The portfolio JSON Schema, as committed in `schemas/portfolio.schema.json`.
 *
 * @example
 * const schema = portfolioJsonSchema()
 * schema.$id // => 'https://github.com/payback/payback/schemas/portfolio.schema.json'
 * schema.required // => ['name', 'base', 'tasks']
 */
export function portfolioJsonSchema(): Record<string, unknown> {
  const schema = JSON.parse(JSON.stringify(PortfolioSchema)) as Record<string, any>
  // `adapt` has a default: a file may leave it out.
  const task = schema.properties.tasks.items
  task.required = (task.required as string[]).filter((name) => task.properties[name]?.default === undefined)
  return schema
}

/**
 * Whether parsed JSON is a portfolio (an object with a `tasks` array) rather than a scenario.
 *
 * @example
 * isPortfolio({ name: 'p', base: 'a.json', tasks: [] }) // => true
 * isPortfolio({ name: 's', task: {} }) // => false
 * isPortfolio(null) // => false
 */
export function isPortfolio(raw: unknown): boolean {
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) && Array.isArray((raw as { tasks?: unknown }).tasks)
}
