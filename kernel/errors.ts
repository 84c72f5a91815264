/**
 * The one usage error: a command line that cannot be run as written (unknown option, missing or
 * bad value). Every command, `payback` and the notebook runner alike, exits 2 on it. It lives
 * with the engines so that both the CLI (src/cli) and the notebook runner (kernel/jupyter) can
 * throw it without an import against the layers.
 */

/**
 * A command-line mistake; the message names the option and the bad value. Exit code 2.
 *
 * @example
 * new UsageError('invalid --draws: 0 (must be an integer >= 1)').name // => 'UsageError'
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}
