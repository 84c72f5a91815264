/**
 * The LoRA worker's public API: the client, its errors, progress reporting, and the protocol
 * (schema validator and types generated from kernel/lora/protocol.schema.json).
 */

// Client
export { LoraWorker, type CallOptions, type LoraWorkerOptions, type WorkerExit } from './client.js'

// Errors
export { ProtocolError, WorkerCrashedError, WorkerError, WorkerTimeoutError } from './errors.js'

// Progress
export {
  createProgressReporter,
  formatBytes,
  formatRate,
  progressBar,
  progressLine,
  type ProgressReporter,
  type ProgressReporterOptions,
} from './progress.js'

// Protocol
export { PROTOCOL_SCHEMA_PATH, ProtocolValidator, loadProtocolSchema } from './protocol.js'
export { commandStem, protocolTypesSource } from './protocol-codegen.js'
export type * from './protocol-types.js'
