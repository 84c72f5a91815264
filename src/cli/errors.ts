/**
 * CLI error kinds and their exit codes: bad input and bad usage exit 2, anything else 1.
 */
import { UsageError } from '../../kernel/errors.js'
import { InputError, InvalidArgumentError } from '../scenario/messages.js'

export { UsageError }

/** 2 for bad input or usage, 1 for anything else. */
export function exitCodeFor(error: unknown): number {
  return error instanceof InputError || error instanceof UsageError || error instanceof InvalidArgumentError ? 2 : 1
}
