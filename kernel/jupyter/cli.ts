#!/usr/bin/env node
// `npm run notebooks [names...] [--scenario FILE] [--seed N] [--timeout S] [--out DIR] [--param NAME=VALUE]`
//
// Runs notebooks headless (kernel/jupyter/run.ts) and writes reports/<name>.ipynb and
// reports/<name>.html. Without names it runs every notebooks/*.ipynb in name order; a name is
// a file in notebooks/ with or without `.ipynb`, or a path to any notebook. Progress (one line
// per cell: cell i of n, its time, the time since the notebook started) goes to stderr; the
// written files to stdout. Cells are numbered as in the reports' `In [k]`: code cells as run,
// the injected-parameters cell included, so progress and errors say "cell k of n" alike. A
// failing notebook does not stop the others.
//
// Exit codes: 0 every notebook ran; 1 a notebook failed (the message names the notebook, the
// cell and the error; its reports are still written, with the error in them); 2 bad
// arguments, a parameter value that breaks its notebook's declared rule (checked for every
// notebook before Jupyter starts), or no Jupyter.
import { existsSync } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import { UsageError } from '../errors.js'
import { packageRoot } from '../paths.js'
import { invalidOption, unknownNotebook, unknownOption } from './messages.js'
import { NotebookParameterError, type ParameterValue } from './parameters.js'
import {
  checkNotebookParameters,
  jupyterProblem,
  listNotebooks,
  NotebookCellError,
  NotebookRunError,
  runNotebook,
  type NotebookProgress,
} from './run.js'

const USAGE = `usage: npm run notebooks -- [names...] [options]

Runs notebooks headless on the project's tslab kernel; writes <out>/<name>.ipynb and .html.
Without names: every notebooks/*.ipynb, in name order.

options:
  --scenario FILE     sets the parameter scenarioPath (made absolute)
  --seed N            sets the parameter seed (an integer; the notebook's rule may ask more)
  --param NAME=VALUE  sets any parameter; VALUE is read as JSON, else taken as a string.
                      Each value is checked against the type and [rule] its notebook's
                      parameters cell declares before Jupyter starts (exit 2)
  --timeout S         seconds one cell may run (default 600)
  --out DIR           where reports go (default reports/)
  --no-html           write only the executed .ipynb
  -h, --help          this text`

/** Parsed command line. */
export interface NotebookCliArgs {
  readonly names: string[]
  readonly parameters: Record<string, ParameterValue>
  readonly seed?: number
  readonly timeoutSeconds?: number
  readonly outDir?: string
  readonly html: boolean
  readonly help: boolean
}


/**
 * Parses the arguments after `npm run notebooks --`.
 * @throws {UsageError} naming the option and the bad value
 */
export function parseNotebookArgs(argv: readonly string[], cwd: string = process.cwd()): NotebookCliArgs {
  const names: string[] = []
  const parameters: Record<string, ParameterValue> = {}
  let seed: number | undefined
  let timeoutSeconds: number | undefined
  let outDir: string | undefined
  let html = true
  let help = false
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] as string
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    const value = (): string => {
      if (inline !== undefined) return inline
      const next = argv[index + 1]
      if (next === undefined || next.startsWith('--')) throw new UsageError(invalidOption(flag, '', 'needs a value'))
      index += 1
      return next
    }
    switch (flag) {
      case '-h':
      case '--help':
        help = true
        break
      case '--scenario': {
        const file = resolve(cwd, value())
        if (!existsSync(file)) throw new UsageError(invalidOption('--scenario', file, 'no such file'))
        parameters.scenarioPath = file
        break
      }
      case '--seed': {
        const text = value()
        const parsed = Number(text)
        if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(parsed)) throw new UsageError(invalidOption('--seed', text, 'must be an integer'))
        seed = parsed
        break
      }
      case '--timeout': {
        const text = value()
        const parsed = Number(text)
        if (!(parsed > 0) || !Number.isFinite(parsed)) throw new UsageError(invalidOption('--timeout', text, 'must be a positive number of seconds'))
        timeoutSeconds = parsed
        break
      }
      case '--out':
        outDir = resolve(cwd, value())
        break
      case '--no-html':
        html = false
        break
      case '--param': {
        const text = value()
        const equals = text.indexOf('=')
        if (equals <= 0) throw new UsageError(invalidOption('--param', text, 'must be NAME=VALUE'))
        const raw = text.slice(equals + 1)
        let parsed: ParameterValue
        try {
          parsed = JSON.parse(raw) as ParameterValue
        } catch {
          parsed = raw
        }
        parameters[text.slice(0, equals)] = parsed
        break
      }
      default:
        if (arg.startsWith('-')) throw new UsageError(unknownOption(arg))
        names.push(arg)
    }
  }
  return { names, parameters, ...(seed === undefined ? {} : { seed }), ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }), ...(outDir === undefined ? {} : { outDir }), html, help }
}

/**
 * The notebook files for the given names: each a file in `notebooksDir` (with or without
 * `.ipynb`) or a path to a notebook; all of `notebooksDir` in name order when there are none.
 * @throws {UsageError} for a name that matches no file
 */
export function resolveNotebooks(names: readonly string[], notebooksDir: string, cwd: string = process.cwd()): string[] {
  if (names.length === 0) return listNotebooks(notebooksDir)
  return names.map((name) => {
    const candidates = [join(notebooksDir, name), join(notebooksDir, `${name}.ipynb`), resolve(cwd, name)]
    const found = candidates.find((file) => file.endsWith('.ipynb') && existsSync(file))
    if (found === undefined) throw new UsageError(unknownNotebook(name, listNotebooks(notebooksDir).map((file) => basename(file, '.ipynb'))))
    return found
  })
}

const seconds = (value: number): string => `${value.toFixed(1)} s`

/** One progress line for stderr, or undefined for events not worth a line. */
export function progressLine(event: NotebookProgress): string | undefined {
  const name = basename(event.notebook)
  switch (event.type) {
    case 'warning':
      return `${name}: warning: ${event.message}`
    case 'kernel-ready':
      return `${name}: kernel ready (${seconds(event.seconds)})`
    case 'cell-done': {
      const line = event.firstLine.length > 60 ? `${event.firstLine.slice(0, 57)}...` : event.firstLine
      return `${name}: cell ${event.cell} of ${event.codeCells} ${seconds(event.seconds)} (elapsed ${seconds(event.elapsedSeconds)})  ${line}`
    }
    default:
      return undefined
  }
}

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  let args: NotebookCliArgs
  let notebooks: string[]
  const root = packageRoot()
  try {
    args = parseNotebookArgs(argv)
    if (args.help) {
      console.log(USAGE)
      return 0
    }
    notebooks = resolveNotebooks(args.names, join(root, 'notebooks'))
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message)
      return 2
    }
    throw error
  }
  if (notebooks.length === 0) {
    console.error(`no notebooks in ${join(root, 'notebooks')}`)
    return 0
  }
  // Every notebook's parameters against the types and rules its parameters cell declares, before
  // Jupyter is looked for or any notebook runs: a bad value is the caller's, exit 2 (a file
  // that is no notebook is reported when its turn comes, as a failed notebook).
  for (const notebook of notebooks) {
    try {
      checkNotebookParameters(notebook, args.parameters, args.seed)
    } catch (error) {
      if (error instanceof NotebookParameterError) {
        console.error(error.message)
        return 2
      }
      if (!(error instanceof NotebookRunError)) throw error
    }
  }
  const problem = jupyterProblem()
  if (problem !== undefined) {
    console.error(problem)
    return 2
  }

  const failures: string[] = []
  for (const notebook of notebooks) {
    try {
      const result = await runNotebook({
        notebook,
        parameters: args.parameters,
        html: args.html,
        ...(args.seed === undefined ? {} : { seed: args.seed }),
        ...(args.timeoutSeconds === undefined ? {} : { cellTimeoutSeconds: args.timeoutSeconds }),
        ...(args.outDir === undefined ? {} : { outDir: args.outDir }),
        onProgress: (event) => {
          const line = progressLine(event)
          if (line !== undefined) console.error(line)
        },
      })
      for (const file of [result.ipynbPath, result.htmlPath]) if (file !== undefined) console.log(relative(process.cwd(), file) || file)
      console.error(`${basename(notebook)}: ok, ${result.codeCells} cells in ${seconds(result.seconds)}`)
    } catch (error) {
      if (error instanceof NotebookCellError || error instanceof NotebookRunError) {
        console.error(error.message)
        if (error instanceof NotebookCellError && error.written.length > 0) {
          console.error(`  the error is in ${error.written.map((file) => relative(process.cwd(), file) || file).join(' and ')}`)
        }
        failures.push(basename(notebook))
      } else if (error instanceof NotebookParameterError) {
        // Bad parameters (a const parameter, a value that is not JSON data): the caller's input.
        console.error(error.message)
        return 2
      } else {
        throw error
      }
    }
  }
  if (failures.length > 0) {
    console.error(`${failures.length} of ${notebooks.length} notebooks failed: ${failures.join(', ')}`)
    return 1
  }
  return 0
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (invokedDirectly) {
  main().then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      console.error(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      process.exitCode = 1
    },
  )
}
