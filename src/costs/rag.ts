/**
 * Retrieval-augmented prompting: the frontier model gets retrieved context on every request;
 * the corpus is embedded once, stored and partly re-embedded every month.
 */
import { corpusEmbedding, frontierTokens, humanReview, maintenancePeople, retrievalMonthly, retrievalPerRequest, setupPeople } from './parts.js'
import type { StrategyDefinition } from './strategy.js'

/**
 * RAG: per request the frontier call with retrieved context, the query embedding, the vector
 * search and human review; once the corpus embedding and setup people; monthly the vector store,
 * re-indexing and maintenance people.
 *
 * @example
 * ragStrategy().parts.filter((p) => p.kind === 'monthly').map((p) => p.name) // => ['vector store', 're-indexing', 'maintenance people']
 */
export function ragStrategy(): StrategyDefinition {
  return {
    id: 'rag',
    label: 'Prompt the frontier model with retrieval (RAG)',
    withRetrieval: true,
    smallModel: false,
    parts: [
      frontierTokens(true),
      ...retrievalPerRequest,
      humanReview('rag'),
      corpusEmbedding,
      setupPeople('rag'),
      ...retrievalMonthly,
      maintenancePeople('rag'),
    ],
  }
}
