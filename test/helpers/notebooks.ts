// Shared by the notebook tests: where the fixtures are, whether Jupyter is usable, and a
// build check (the fixtures import the BUILT plotly helper from dist/, and the CLI test runs
// dist/kernel/jupyter/cli.js).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

import { jupyterProblem, type NotebookRunResult } from '../../kernel/jupyter/run.js'
import { packageRoot } from '../../kernel/paths.js'

export const ROOT = packageRoot()
export const FIXTURES_DIR = join(ROOT, 'test', 'fixtures', 'notebooks')
export const ARTIFACTS_DIR = join(ROOT, 'test-artifacts')

/** Why notebook tests must be skipped here (no nbclient in /usr/bin/python3), or undefined. */
export const JUPYTER_SKIP_REASON: string | undefined = jupyterProblem()
if (JUPYTER_SKIP_REASON !== undefined) console.warn(`notebook tests skipped: ${JUPYTER_SKIP_REASON}`)

/**
 * Makes sure dist/ has an up-to-date build of each source file (e.g. 'src/report/plotly-display.ts'),
 * running the project build when one is missing or older than its source. `npm test` builds
 * first, so this only costs time under a bare `npx vitest run`.
 * @throws when the build still lacks one of them
 */
export function ensureBuilt(sources: readonly string[]): void {
  const built = (source: string): string => join(ROOT, 'dist', source.replace(/\.ts$/, '.js'))
  const stale = (source: string): boolean => {
    const out = built(source)
    return !existsSync(out) || statSync(out).mtimeMs < statSync(join(ROOT, source)).mtimeMs
  }
  if (!sources.some(stale)) return
  // Type errors elsewhere (work in progress) do not stop tsc from emitting our files.
  spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' })
  const missing = sources.filter(stale)
  if (missing.length > 0) throw new Error(`npm run build did not produce ${missing.map(built).join(', ')}`)
}

/** The `{"keyNumbers": ...}` line an executed notebook printed (the project notebooks print one). */
export function printedKeyNumbers(run: NotebookRunResult): any {
  const nb = JSON.parse(readFileSync(run.ipynbPath, 'utf8'))
  for (const cell of nb.cells) {
    for (const output of cell.outputs ?? []) {
      const text = Array.isArray(output.text) ? output.text.join('') : (output.text ?? '')
      const line = text.split('\n').find((l: string) => l.startsWith('{"keyNumbers"'))
      if (line) return JSON.parse(line).keyNumbers
    }
  }
  throw new Error(`${run.name} printed no key numbers`)
}

/** What a run of the built notebook CLI returned. */
export interface NotebookCliRun {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs the built notebook CLI (dist/kernel/jupyter/cli.js) as a real process, with `env` added
 * to this process's environment.
 */
export function runNotebookCli(args: readonly string[], env: Record<string, string> = {}): Promise<NotebookCliRun> {
  return new Promise((resolveRun, rejectRun) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'kernel', 'jupyter', 'cli.js'), ...args], { cwd: ROOT, env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', rejectRun)
    child.on('close', (code) => resolveRun({ code, stdout, stderr }))
  })
}
