/**
 * Teacher sources for distillation: one interface ({@link TeacherSource}), an OpenAI-compatible
 * HTTP endpoint and recorded production logs behind it, and the pieces they share (the prompt,
 * the label-format check, the cache, pricing). This index only re-exports.
 */

// The interface
export type { TeacherSource, TeacherRequest, TeacherAnswer, TeacherRun, LabelOptions, TeacherDescription } from './teacher-source.js'
export { teacherRun, type TeacherRunCounts } from './teacher-run.js'
export { TeacherAbortedError } from './teacher-aborted-error.js'
export { checkLabels, checkLabelCall } from './check-label-call.js'
export { teacherRules, teacherProblems } from './messages.js'

// The prompt and the label-format check
export { classificationMessages, DEFAULT_INSTRUCTION, type ChatMessage } from './classification-messages.js'
export { parseTeacherOutput, type ParsedTeacherOutput } from './parse-teacher-output.js'
export { labelLogprobConfidence, type TokenLogprob } from './label-logprob-confidence.js'

// An OpenAI-compatible endpoint
export {
  HttpTeacher,
  RESPONSE_FORMATS,
  DEFAULT_TEACHER_BASE_URL,
  type HttpTeacherConfig,
  type ResponseFormatMode,
} from './http-teacher.js'
export { httpTeacherFromEnv, httpTeacherConfigFromEnv, TEACHER_ENV } from './http-teacher-from-env.js'
export { chatCompletionAttempt, type ChatAttemptOutcome, type ChatAttemptRequest, type ChatUsage } from './chat-completion-attempt.js'
export { backoffDelayMs, retryAfterMs } from './backoff.js'
export { redactSecret } from './redact.js'
export {
  teacherCacheKey,
  readCachedAnswer,
  writeCachedAnswer,
  DEFAULT_TEACHER_CACHE_DIR,
  type CachedTeacherAnswer,
  type CanonicalTeacherRequest,
} from './teacher-cache.js'
export { teacherPricing, inferProvider, answerCostUSD, type TeacherPrices, type TeacherPricing } from './teacher-pricing.js'

// Recorded production logs
export { LogsTeacher, type LogsTeacherOptions } from './logs-teacher.js'
export { parseTeacherLog, readTeacherLog, MAX_TEACHER_LOG_BYTES, type TeacherLog, type TeacherLogEntry } from './teacher-log.js'
