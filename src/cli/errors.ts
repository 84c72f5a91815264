/**
 * CLI error kinds and their exit codes: bad input and bad usage exit 2, anything else 1.
 */
import { InputError, InvalidArgumentError } from '../scenario/messages.js'

/** A command line that cannot be run as written (unknown option, missing value). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** 2 for bad input or usage, 1 for anything else. */
export function exitCodeFor(error: unknown): number {
  return error instanceof InputError || error instanceof UsageError || error instanceof InvalidArgumentError ? 2 : 1
}
