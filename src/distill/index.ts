/**
 * Distillation: the teacher sources (and, as they arrive, the filter, the experiment and the
 * learning curve). This index only re-exports.
 */

// Teachers
export * from './teachers/index.js'
