// Runs notebooks headless: parameters injected, every cell executed on the project-local tslab
// kernel with a per-cell timeout, the executed notebook and a self-contained HTML page written
// atomically to the reports folder.
//
// How the pieces fit:
// - kernel/jupyter/install.mjs writes the kernelspec `payback-tslab` under
//   kernel/jupyter/share/jupyter (git-ignored); runNotebook refreshes it when missing or stale
//   and puts that folder on JUPYTER_PATH for the driver only.
// - kernel/jupyter/execute.py (run with /usr/bin/python3: nbclient + nbconvert) executes the
//   notebook and exports the HTML; it reports progress as JSON lines on file descriptor 3.
// - This module prepares the notebook (kernel/jupyter/parameters.ts), starts the driver, turns
//   its events into progress callbacks and a failing cell into a {@link NotebookCellError}.
//
// Import path inside a notebook: tslab compiles each cell with its own TypeScript 5.0.4
// (module ESNext, moduleResolution node10) and takes the kernel's working directory, the
// notebook's folder, as rootDir. So a notebook imports the BUILT library by a path relative to
// its own folder, with the `.js` extension (tslab finds the .d.ts beside it):
//     import * as payback from "../dist/src/index.js"                       (notebooks/*.ipynb)
//     import { showPlotly } from "../dist/src/report/plotly-display.js"
//     import { showPlotly } from "../../../dist/src/report/plotly-display.js" (test/fixtures/notebooks)
// Verified with tslab 1.0.22 on Node 20.20: tslab turns the import into require(), which loads
// our ES modules (require(esm), Node >= 20.19) without a warning, and the module instance
// is shared by every cell of the kernel session. `../src/*.ts` does not work (tslab cannot run
// NodeNext-style `.js` imports of .ts files), and a module with top-level await cannot be
// require()d: keep top-level await out of src/. Run `npm run build` before the notebooks.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath, pathToFileURL } from 'node:url'

import { packageRoot } from '../paths.js'
import { summarizeCellError } from './cell-error.js'
import { cellFailed, cellLabel, driverFailed, invalidParameterValue, invalidRunOption, jupyterMissing } from './messages.js'
import { cellSource, firstSourceLine, isExecutable, readNotebook } from './notebook-json.js'
import { shorthandPitfalls } from './tslab-shorthand.js'
import { checkParameterValues, injectParameters, NotebookParameterError, type ParameterValues } from './parameters.js'

/** Options of {@link runNotebook}. */
export interface RunNotebookOptions {
  /** The .ipynb to run (absolute, or relative to the current directory). */
  readonly notebook: string
  /** Where `<name>.ipynb` and `<name>.html` go. Default: `<repo>/reports`. */
  readonly outDir?: string
  /** Overrides for the parameters cell, by name (see kernel/jupyter/parameters.ts). */
  readonly parameters?: ParameterValues
  /** Shorthand for `parameters.seed`: an integer seed for the notebook's random streams. */
  readonly seed?: number
  /** Seconds one cell may run before the notebook fails. Default 600. */
  readonly cellTimeoutSeconds?: number
  /** Seconds the kernel may take to start. Default 60. */
  readonly startupTimeoutSeconds?: number
  /** Write the HTML page too. Default true. */
  readonly html?: boolean
  /**
   * Check the cells for shorthand properties naming an earlier cell's variable, which tslab does
   * not resolve (kernel/jupyter/tslab-shorthand.ts), before starting (default true); false runs
   * the notebook as written.
   */
  readonly checkTslabShorthand?: boolean
  /** The Python with nbclient and nbconvert. Default: $PAYBACK_PYTHON, else /usr/bin/python3 when present, else python3. */
  readonly python?: string
  /** Receives progress as it happens (kernel ready, each cell, files written, warnings). */
  readonly onProgress?: (event: NotebookProgress) => void
}

/** Progress of one notebook run; `cell` counts executable code cells (the injected one included). */
export type NotebookProgress =
  | { readonly type: 'start'; readonly notebook: string; readonly codeCells: number }
  | { readonly type: 'warning'; readonly notebook: string; readonly message: string }
  | { readonly type: 'kernel-ready'; readonly notebook: string; readonly seconds: number }
  | { readonly type: 'cell-start'; readonly notebook: string; readonly cell: number; readonly codeCells: number; readonly firstLine: string }
  | {
      readonly type: 'cell-done'
      readonly notebook: string
      readonly cell: number
      readonly codeCells: number
      readonly firstLine: string
      /** How long the cell ran, in seconds. */
      readonly seconds: number
      /** Seconds since the run started (kernel start included). */
      readonly elapsedSeconds: number
    }
  | { readonly type: 'written'; readonly notebook: string; readonly path: string }

/** A finished run. */
export interface NotebookRunResult {
  /** The notebook's name: its file name without `.ipynb`. */
  readonly name: string
  readonly notebook: string
  readonly ipynbPath: string
  readonly htmlPath: string | undefined
  /** Executable code cells run, the injected-parameters cell included. */
  readonly codeCells: number
  /** Parameters that were injected. */
  readonly injected: readonly string[]
  /** Wall-clock seconds, kernel start and HTML export included. */
  readonly seconds: number
}

/** A cell failed: raised, did not compile, timed out, or killed the kernel. */
export class NotebookCellError extends Error {
  override readonly name = 'NotebookCellError'
  constructor(
    message: string,
    /** The notebook file. */
    readonly notebook: string,
    /** 1-based position among the code cells as executed (the injected-parameters cell included): the `In [k]` of the reports. */
    readonly cellNumber: number,
    /** Whether the failing cell is the injected-parameters cell. */
    readonly injected: boolean,
    /** The failing cell's first non-blank source line. */
    readonly firstLine: string,
    readonly ename: string,
    readonly evalue: string,
    readonly kind: 'error' | 'timeout' | 'dead-kernel',
    /** The reports written anyway, with the error in them. */
    readonly written: readonly string[],
  ) {
    super(message)
  }
}

/** The notebook could not be run at all (no Jupyter, kernel did not start, bad notebook). */
export class NotebookRunError extends Error {
  override readonly name = 'NotebookRunError'
}

/** The Python that runs notebooks: $PAYBACK_PYTHON, else /usr/bin/python3 (Debian's, with nbclient) when present, else python3. */
export function defaultPython(): string {
  return process.env.PAYBACK_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3')
}

/**
 * Whether `python` can run notebooks (imports nbclient, nbconvert and jupyter_client).
 * @returns undefined when it can, else why not
 */
export function jupyterProblem(python: string = defaultPython()): string | undefined {
  const probe = spawnSync(python, ['-c', 'import nbclient, nbconvert, jupyter_client'], { encoding: 'utf8' })
  if (probe.error) return jupyterMissing(python, probe.error.message)
  if (probe.status !== 0) return jupyterMissing(python, (probe.stderr.trim().split('\n').pop() ?? '').trim())
  return undefined
}

/** The notebooks in a folder, as absolute paths in name order (checkpoints excluded). */
export function listNotebooks(dir: string = join(packageRoot(), 'notebooks')): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((file) => file.endsWith('.ipynb') && !file.startsWith('.'))
    .sort()
    .map((file) => join(dir, file))
}

interface KernelInstaller {
  KERNEL_NAME: string
  installKernel(root: string): { dir: string; changed: boolean }
  jupyterEnv(base: NodeJS.ProcessEnv, root: string): NodeJS.ProcessEnv
}

/** kernel/jupyter/install.mjs, loaded from the repository (it is plain Node, outside src/). */
async function loadInstaller(root: string): Promise<KernelInstaller> {
  return (await import(pathToFileURL(join(root, 'kernel', 'jupyter', 'install.mjs')).href)) as KernelInstaller
}

type DriverEvent =
  | { event: 'kernel-ready'; seconds: number }
  | { event: 'cell-start'; index: number }
  | { event: 'cell-done'; index: number; seconds: number }
  | { event: 'cell-error'; index: number; kind: 'error' | 'timeout' | 'dead-kernel'; ename: string; evalue: string; stderr: string; seconds: number }
  | { event: 'written'; path: string }
  | { event: 'fatal'; message: string }

/**
 * Checks a run's parameters against the notebook's parameters cell (each value's declared type
 * and rule, see kernel/jupyter/parameters.ts) without starting anything: what runNotebook checks
 * first, for a caller that wants every notebook checked before the first one runs.
 * @throws {NotebookParameterError} naming the notebook, the parameter, the rule and the value
 * @throws {NotebookRunError} when the file is not a notebook
 * @example
 * checkNotebookParameters('notebooks/02-uncertainty.ipynb', { draws: 1 }) // throws invalid parameter draws of 02-uncertainty.ipynb: 1 (must be an integer >= 2 and <= 4294967295)
 * checkNotebookParameters('notebooks/01-should-we-adapt.ipynb', {}, -1) // throws invalid parameter seed of 01-should-we-adapt.ipynb: -1 (must be an integer >= 0)
 * checkNotebookParameters('notebooks/01-should-we-adapt.ipynb', { requestsPerMonth: 300000 }, 7) // => undefined
 */
export function checkNotebookParameters(notebook: string, parameters: ParameterValues = {}, seed?: number): void {
  const notebookPath = resolve(notebook)
  let source
  try {
    source = readNotebook(notebookPath)
  } catch (error) {
    throw new NotebookRunError(error instanceof Error ? error.message : String(error))
  }
  checkParameterValues(source, { ...parameters, ...(seed === undefined ? {} : { seed }) }, basename(notebookPath), dirname(notebookPath))
}

/**
 * Runs one notebook headless and writes `<outDir>/<name>.ipynb` and `<outDir>/<name>.html`
 * (atomically: temp file + rename). A notebook that fails still gets both files, with the
 * error in the failing cell's output.
 *
 * Cost: a kernel start (about 1-2 s) plus tslab's compile of each cell (about 0.1-0.5 s)
 * plus the cells themselves; the HTML export adds well under a second.
 * @throws {NotebookCellError} when a cell fails; the message names the notebook, the cell
 *   (position and first line) and the error, e.g.
 *   `broken.ipynb: cell 3 of 4 (throw new Error("boom")) failed: Error: boom`, where
 *   cell 3 of 4 is the third of four code cells run, `In [3]` in the reports
 * @throws {NotebookRunError} when the notebook cannot be run (Python without nbclient, kernel
 *   did not start, not a notebook)
 * @throws {NotebookParameterError} for bad parameters (not an identifier, not JSON data, a const
 *   parameter, a value that breaks the type or rule its parameters cell declares), before Python starts
 * @throws {NotebookRunError} for a timeout that is not a positive number of seconds
 * @example
 * // bad numbers fail before any file is read or process started
 * await runNotebook({ notebook: 'notebooks/01-should-we-adapt.ipynb', seed: 1.5 }) // throws invalid parameter seed: 1.5 (must be an integer)
 * await runNotebook({ notebook: 'notebooks/01-should-we-adapt.ipynb', cellTimeoutSeconds: 0 }) // throws invalid cellTimeoutSeconds: 0 (must be a positive number of seconds)
 * @example illustrative: starts a Jupyter kernel (Python, nbclient and tslab) and runs every cell
 * const result = await runNotebook({ notebook: 'notebooks/01-should-we-adapt.ipynb', parameters: { scenarioPath: '/abs/s.json' }, seed: 7 })
 * result.name // => '01-should-we-adapt'
 */
export async function runNotebook(options: RunNotebookOptions): Promise<NotebookRunResult> {
  // Numbers first, before any file or process: a seed is an integer, a timeout a positive number.
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) {
    throw new NotebookParameterError(invalidParameterValue('seed', options.seed, 'must be an integer'))
  }
  for (const [option, value] of [['cellTimeoutSeconds', options.cellTimeoutSeconds], ['startupTimeoutSeconds', options.startupTimeoutSeconds]] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      throw new NotebookRunError(invalidRunOption(option, value, 'must be a positive number of seconds'))
    }
  }
  const started = performance.now()
  const root = packageRoot()
  const notebookPath = resolve(options.notebook)
  const name = basename(notebookPath, '.ipynb')
  const label = basename(notebookPath)
  const outDir = resolve(options.outDir ?? join(root, 'reports'))
  const python = options.python ?? defaultPython()
  const emit = options.onProgress ?? (() => {})

  let source
  try {
    source = readNotebook(notebookPath)
  } catch (error) {
    throw new NotebookRunError(error instanceof Error ? error.message : String(error))
  }
  const parameters = { ...options.parameters, ...(options.seed === undefined ? {} : { seed: options.seed }) }
  // Each value against its declared type and rule, before Python or the kernel starts.
  checkParameterValues(source, parameters, label, dirname(notebookPath))
  const { notebook: prepared, injectedIndex, injected, warnings } = injectParameters(source, parameters, label)
  for (const message of warnings) emit({ type: 'warning', notebook: notebookPath, message })

  // One numbering everywhere (progress, errors, the reports' In [k]): code cells as executed, 1-based.
  const codeOrdinal = new Map<number, number>()
  prepared.cells.forEach((cell, index) => {
    if (isExecutable(cell)) codeOrdinal.set(index, codeOrdinal.size + 1)
  })
  const codeCells = codeOrdinal.size
  const firstLineOf = (index: number): string => {
    const cell = prepared.cells[index]
    return cell === undefined ? '' : firstSourceLine(cell)
  }
  // A cell that names an earlier cell's variable in a shorthand property fails under tslab
  // (kernel/jupyter/tslab-shorthand.ts): said here, with the fix, before Jupyter starts.
  const executable = prepared.cells.flatMap((cell, index) => (isExecutable(cell) ? [{ cell, index }] : []))
  const pitfalls = options.checkTslabShorthand === false ? [] : shorthandPitfalls(executable.map(({ cell }) => cellSource(cell)))
  if (pitfalls.length > 0) {
    throw new NotebookRunError(
      pitfalls
        .map((p) => {
          const at = executable[p.cell] as { index: number }
          return `${label}: cell ${p.cell + 1} of ${codeCells} (${firstLineOf(at.index)}), line ${p.line}: the shorthand { ${p.name} } names ${p.name} of cell ${p.declaredIn + 1}, which tslab does not resolve there (it fails with "ReferenceError: ${p.name} is not defined"); write { ${p.name}: ${p.name} }`
        })
        .join('\n'),
    )
  }
  emit({ type: 'start', notebook: notebookPath, codeCells })

  const problem = jupyterProblem(python)
  if (problem !== undefined) throw new NotebookRunError(problem)
  const installer = await loadInstaller(root)
  installer.installKernel(root)

  const work = mkdtempSync(join(tmpdir(), 'payback-notebook-'))
  try {
    const preparedPath = join(work, `${name}.ipynb`)
    writeFileSync(preparedPath, JSON.stringify(prepared, null, 1) + '\n')
    const ipynbPath = join(outDir, `${name}.ipynb`)
    const htmlPath = options.html === false ? undefined : join(outDir, `${name}.html`)
    const jobPath = join(work, 'job.json')
    writeFileSync(
      jobPath,
      JSON.stringify({
        notebook: preparedPath,
        cwd: dirname(notebookPath),
        name,
        kernel_name: installer.KERNEL_NAME,
        timeout: options.cellTimeoutSeconds ?? 600,
        startup_timeout: options.startupTimeoutSeconds ?? 60,
        output_ipynb: ipynbPath,
        output_html: htmlPath ?? null,
      }),
    )
    const env = {
      ...installer.jupyterEnv(process.env, root),
      // Connection files go to our temp folder, not ~/.local/share/jupyter/runtime.
      JUPYTER_RUNTIME_DIR: join(work, 'runtime'),
      // debugpy's "frozen modules" warning on every Python start.
      PYDEVD_DISABLE_FILE_VALIDATION: '1',
      // Where this run's reports go: a notebook that writes a file beside its HTML (06's live report) puts it here.
      PAYBACK_REPORTS_DIR: outDir,
    }
    const child = spawn(python, [join(root, 'kernel', 'jupyter', 'execute.py'), jobPath], {
      cwd: dirname(notebookPath),
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    })
    // Jupyter's and the kernel's own output: kept (the tail) for when the driver fails.
    let log = ''
    const keep = (chunk: Buffer): void => {
      log = (log + chunk.toString('utf8')).slice(-8000)
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)

    const written: string[] = []
    let failure: Extract<DriverEvent, { event: 'cell-error' }> | undefined
    let fatal: string | undefined
    const eventPipe = child.stdio[3]
    const lines = eventPipe === null || eventPipe === undefined ? undefined : createInterface({ input: eventPipe as NodeJS.ReadableStream })
    const eventsDone = new Promise<void>((resolveEvents) => {
      if (lines === undefined) return resolveEvents()
      lines.on('line', (line) => {
        let event: DriverEvent
        try {
          event = JSON.parse(line) as DriverEvent
        } catch {
          return
        }
        const elapsedSeconds = (performance.now() - started) / 1000
        switch (event.event) {
          case 'kernel-ready':
            emit({ type: 'kernel-ready', notebook: notebookPath, seconds: event.seconds })
            break
          case 'cell-start':
            emit({ type: 'cell-start', notebook: notebookPath, cell: codeOrdinal.get(event.index) ?? 0, codeCells, firstLine: firstLineOf(event.index) })
            break
          case 'cell-done':
            emit({
              type: 'cell-done',
              notebook: notebookPath,
              cell: codeOrdinal.get(event.index) ?? 0,
              codeCells,
              firstLine: firstLineOf(event.index),
              seconds: event.seconds,
              elapsedSeconds,
            })
            break
          case 'cell-error':
            failure = event
            break
          case 'written':
            written.push(event.path)
            emit({ type: 'written', notebook: notebookPath, path: event.path })
            break
          case 'fatal':
            fatal = event.message
            break
        }
      })
      lines.on('close', () => resolveEvents())
    })
    const exitCode = await new Promise<number | null>((resolveExit, rejectExit) => {
      child.on('error', rejectExit)
      child.on('close', (code) => resolveExit(code))
    })
    await eventsDone

    if (failure !== undefined) {
      const { ename, evalue } = summarizeCellError(failure.ename, failure.evalue, failure.stderr)
      const cellNumber = codeOrdinal.get(failure.index) ?? 0
      const isInjected = failure.index === injectedIndex
      const firstLine = firstLineOf(failure.index)
      const where = cellLabel(cellNumber, codeCells, firstLine, isInjected)
      throw new NotebookCellError(cellFailed(label, where, ename, evalue), notebookPath, cellNumber, isInjected, firstLine, ename, evalue, failure.kind, written)
    }
    if (exitCode !== 0 || fatal !== undefined) {
      const detail = fatal ?? `the notebook driver exited with ${String(exitCode)}: ${log.trim().split('\n').slice(-5).join('\n')}`
      throw new NotebookRunError(driverFailed(label, detail))
    }
    return { name, notebook: notebookPath, ipynbPath, htmlPath, codeCells, injected, seconds: (performance.now() - started) / 1000 }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
