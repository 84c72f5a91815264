/**
 * Cost categories: the cost parts (src/costs/) grouped into what a person pays for (tokens,
 * people, GPUs, data, human review), so a figure can colour a category the same way in every
 * strategy. The mapping from part names lives here and nowhere else; a part the strategies
 * produce that is not listed falls into `other` (a test fails when one does).
 */

/** The categories, in the order figures stack them. */
export const COST_CATEGORIES = ['tokens', 'people', 'GPUs', 'data', 'review', 'other'] as const

/** A cost category. */
export type CostCategory = (typeof COST_CATEGORIES)[number]

/**
 * Each cost part's category, by the part's name as src/costs/ and the horizon (src/breakeven/)
 * write it:
 * - tokens: model calls paid per token on the request path (the frontier call, the small model
 *   on an API, escalation to the frontier and its drift, embedding the query);
 * - people: setup and maintenance person-months;
 * - GPUs: GPU hosting and the training run (GPU-hours, or an API's training tokens);
 * - data: what the model learns or is checked from, and the retrieval index (teacher data,
 *   human labels, evaluation labels, the evaluation pass, corpus embedding, re-indexing, vector
 *   store, vector search);
 * - review: human review of requests.
 */
const CATEGORY_OF_PART: Readonly<Record<string, CostCategory>> = {
  'frontier tokens': 'tokens',
  'small-model tokens': 'tokens',
  'escalation to frontier': 'tokens',
  'escalation drift': 'tokens',
  'query embedding': 'tokens',
  'setup people': 'people',
  'maintenance people': 'people',
  'GPU hosting': 'GPUs',
  training: 'GPUs',
  'teacher data': 'data',
  'human labels': 'data',
  'evaluation labels': 'data',
  evaluation: 'data',
  'corpus embedding': 'data',
  're-indexing': 'data',
  'vector store': 'data',
  'vector search': 'data',
  'human review': 'review',
}

/** The prefix the horizon gives a part paid at each retraining (src/breakeven/horizon.ts). */
const RETRAINING_PREFIX = 'retraining: '

/**
 * The category of a cost part, by its name; a retraining part (`retraining: teacher data`) has
 * the category of the part it repeats; a name not in the mapping is `other`.
 *
 * @example
 * costCategory('frontier tokens') // => 'tokens'
 * costCategory('retraining: human labels') // => 'data'
 * costCategory('GPU hosting') // => 'GPUs'
 * costCategory('a part nobody categorised') // => 'other'
 */
export function costCategory(partName: string): CostCategory {
  const name = partName.startsWith(RETRAINING_PREFIX) ? partName.slice(RETRAINING_PREFIX.length) : partName
  return Object.hasOwn(CATEGORY_OF_PART, name) ? (CATEGORY_OF_PART[name] as CostCategory) : 'other'
}
