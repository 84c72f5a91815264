#!/usr/bin/env node
// `npm run lab [-- jupyter options]`: the interactive notebook server on notebooks/, with the
// project-local tslab kernel ("TypeScript (payback)") found through JUPYTER_PATH and made the
// default for new notebooks. Debian's jupyter-notebook (or `jupyter notebook`); extra
// arguments go to it, e.g. `npm run lab -- --no-browser --port 8899`.
//
// Notebooks import the built library (`import * as payback from "../dist/src/index.js"`), so
// run `npm run build` (or `npx tsc -p tsconfig.json --watch` in another terminal) first and
// restart the kernel after a rebuild: tslab caches imported modules for the session.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

import { installKernel, jupyterEnv, KERNEL_NAME, REPO_ROOT } from './install.mjs'

/** The command that starts the classic notebook server: [program, ...args]. */
export function notebookCommand() {
  for (const candidate of ['/usr/bin/jupyter-notebook', '/usr/local/bin/jupyter-notebook']) {
    if (existsSync(candidate)) return [candidate]
  }
  const onPath = spawnSync('jupyter-notebook', ['--version'], { stdio: 'ignore' })
  if (!onPath.error && onPath.status === 0) return ['jupyter-notebook']
  return ['jupyter', 'notebook']
}

function main(extraArgs) {
  try {
    installKernel()
  } catch (error) {
    console.error(`npm run lab: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  }
  if (!existsSync(join(REPO_ROOT, 'dist'))) {
    console.error('npm run lab: no dist/ yet; notebooks import the built library, run npm run build first')
  }
  const [program, ...programArgs] = notebookCommand()
  const args = [
    ...programArgs,
    // notebooks/ unless the caller names another folder.
    ...(extraArgs.some((arg) => /^--(NotebookApp\.)?notebook[-_]dir\b/.test(arg)) ? [] : [`--notebook-dir=${join(REPO_ROOT, 'notebooks')}`]),
    `--MultiKernelManager.default_kernel_name=${KERNEL_NAME}`,
    // Containers often run as root, which the server refuses without this.
    ...(process.getuid?.() === 0 && !extraArgs.includes('--allow-root') ? ['--allow-root'] : []),
    ...extraArgs,
  ]
  console.error(`npm run lab: ${program} ${args.join(' ')}`)
  const child = spawn(program, args, {
    cwd: join(REPO_ROOT, 'notebooks'),
    env: { ...jupyterEnv(), PYDEVD_DISABLE_FILE_VALIDATION: '1' },
    stdio: 'inherit',
  })
  // Ctrl-C reaches the server directly (same process group); it asks before shutting down.
  process.on('SIGINT', () => {})
  process.on('SIGTERM', () => child.kill('SIGTERM'))
  child.on('error', (error) => {
    console.error(`npm run lab: cannot start ${program}: ${error.message} (apt-get install jupyter-notebook)`)
    process.exitCode = 1
  })
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0)
  })
  return undefined
}

const code = main(process.argv.slice(2))
if (code !== undefined) process.exitCode = code
