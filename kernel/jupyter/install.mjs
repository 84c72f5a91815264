#!/usr/bin/env node
// The project-local Jupyter kernelspec for tslab, and the environment that finds it.
//
//   node kernel/jupyter/install.mjs            write (or refresh) the kernelspec, print where
//   node kernel/jupyter/install.mjs --check    exit 1 when it is missing or stale, write nothing
//
// It writes kernel/jupyter/share/jupyter/kernels/payback-tslab/kernel.json (git-ignored), whose
// argv starts this checkout's own node_modules/.bin/tslab, so a notebook runs against the tslab
// version in package-lock.json, never a globally installed one. Nothing is written to the user's
// Jupyter directories (~/.local/share/jupyter, /usr/share/jupyter): Jupyter finds the kernel
// only through JUPYTER_PATH, which `jupyterEnv()` sets; `npm run lab` and `npm run notebooks`
// use it. We write kernel.json ourselves instead of `tslab install --prefix=...` because that
// command needs Python, installs two kernels (tslab and jslab) and cannot name them.
//
// Idempotent: the file is rewritten only when its content would change (e.g. the checkout
// moved), so the second run is a no-op. Plain Node with no dependencies: `npm run setup`
// calls it before anything else is known to work.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { delimiter, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (two folders above this file). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The kernel's name: what notebooks put in `metadata.kernelspec.name`. */
export const KERNEL_NAME = 'payback-tslab'

/** What Jupyter's kernel menu shows. */
export const KERNEL_DISPLAY_NAME = 'TypeScript (payback)'

/** The folder to put on JUPYTER_PATH: it holds `kernels/payback-tslab/kernel.json`. */
export function jupyterDataDir(root = REPO_ROOT) {
  return join(root, 'kernel', 'jupyter', 'share', 'jupyter')
}

/** The kernelspec folder. */
export function kernelDir(root = REPO_ROOT) {
  return join(jupyterDataDir(root), 'kernels', KERNEL_NAME)
}

/** The tslab executable this checkout installed (a symlink to tslab/bin/tslab). */
export function tslabBinary(root = REPO_ROOT) {
  return join(root, 'node_modules', '.bin', 'tslab')
}

/**
 * The kernelspec tslab's own installer would write (argv and language), with our name and
 * display name. `{connection_file}` is a separate argv entry: tslab issue #36.
 */
export function kernelSpec(root = REPO_ROOT) {
  return {
    argv: [tslabBinary(root), 'kernel', '--config-path', '{connection_file}'],
    display_name: KERNEL_DISPLAY_NAME,
    language: 'typescript',
    metadata: { debugger: false },
  }
}

/**
 * The environment that makes Jupyter find the project-local kernel: `base` (default
 * process.env) with our data dir first on JUPYTER_PATH (entries already there are kept after
 * it), and this checkout's node_modules/.bin on PATH so tslab's `#!/usr/bin/env node` finds
 * the same Node that runs us.
 */
export function jupyterEnv(base = process.env, root = REPO_ROOT) {
  const prepend = (first, rest) => (rest ? `${first}${delimiter}${rest}` : first)
  const existing = (base.JUPYTER_PATH ?? '')
    .split(delimiter)
    .filter((entry) => entry !== '' && entry !== jupyterDataDir(root))
    .join(delimiter)
  return {
    ...base,
    JUPYTER_PATH: prepend(jupyterDataDir(root), existing),
    PATH: prepend(dirname(process.execPath), base.PATH ?? ''),
    // Silences jupyter_core's "platformdirs" deprecation warning and picks the same dirs.
    JUPYTER_PLATFORM_DIRS: base.JUPYTER_PLATFORM_DIRS ?? '1',
  }
}

/** The kernel.json text this checkout wants (stable key order, trailing newline). */
function kernelJsonText(root) {
  return JSON.stringify(kernelSpec(root), null, 2) + '\n'
}

/** Whether kernel.json exists with exactly the content this checkout wants. */
export function isInstalled(root = REPO_ROOT) {
  const file = join(kernelDir(root), 'kernel.json')
  return existsSync(file) && readFileSync(file, 'utf8') === kernelJsonText(root)
}

/**
 * Writes the kernelspec when missing or stale (atomically: temp file + rename).
 * @returns {{ dir: string, changed: boolean }} where it is and whether anything was written
 * @throws when this checkout has no node_modules/.bin/tslab (run `npm ci` first)
 */
export function installKernel(root = REPO_ROOT) {
  const dir = kernelDir(root)
  if (!existsSync(tslabBinary(root))) {
    throw new Error(`tslab not found: ${tslabBinary(root)} (run npm ci first)`)
  }
  if (isInstalled(root)) return { dir, changed: false }
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'kernel.json')
  const temp = `${file}.${process.pid}.tmp`
  writeFileSync(temp, kernelJsonText(root))
  renameSync(temp, file)
  return { dir, changed: true }
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (invokedDirectly) {
  if (process.argv.includes('--check')) {
    const ok = isInstalled()
    console.log(ok ? `kernel ${KERNEL_NAME}: installed in ${kernelDir()}` : `kernel ${KERNEL_NAME}: missing or stale`)
    process.exit(ok ? 0 : 1)
  }
  try {
    const { dir, changed } = installKernel()
    console.log(`kernel ${KERNEL_NAME} ("${KERNEL_DISPLAY_NAME}"): ${changed ? 'written to' : 'up to date in'} ${dir}`)
    console.log(`  Jupyter finds it with JUPYTER_PATH=${jupyterDataDir()}`)
  } catch (error) {
    console.error(`kernel ${KERNEL_NAME}: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
}
