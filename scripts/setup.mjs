#!/usr/bin/env node
// `npm run setup`: everything a fresh Debian machine needs, idempotent and fast the second time.
//  1. npm packages from the committed lockfile (skipped when node_modules matches it);
//  2. Debian packages (Jupyter, PyTorch with OpenBLAS, NumPy, Chromium): installed when missing
//     and running as root, otherwise the command to run is printed;
//  3. the build (dist/: tsc and the scenario validator; skipped when dist/ is up to date);
//  4. the project-local Jupyter kernelspec for tslab (kernel/jupyter/), when that step exists.
// Plain Node with no dependencies: it runs before node_modules exists.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
process.chdir(root)

/** Debian packages and why the project needs each. */
export const DEBIAN_PACKAGES = [
  ['jupyter-nbconvert', 'runs notebooks headless and writes HTML (npm run notebooks)'],
  ['python3-nbclient', 'executes notebook cells against the tslab kernel'],
  ['jupyter-client', 'kernelspec management for the project-local tslab kernel'],
  ['python3-ipykernel', 'Jupyter kernel machinery used by nbclient'],
  ['jupyter-notebook', 'the interactive notebook server (npm run lab)'],
  ['python3-torch', 'the LoRA training worker (kernel/lora)'],
  ['libopenblas0-pthread', 'a fast BLAS for PyTorch on CPU (reference BLAS is 14-28x slower)'],
  ['python3-numpy', 'the NumPy peer in bench/ for the simulation kernel'],
  ['chromium', 'headless browser tests of the HTML reports, and payback report --pdf'],
  ['poppler-utils', 'pdfinfo, pdftotext and pdftoppm: the tests read and rasterise the printed report'],
]

const step = (message) => console.log(`\n[setup] ${message}`)
const run = (cmd, args, opts = {}) => {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...opts })
  if (result.status !== 0) {
    console.error(`[setup] failed: ${cmd} ${args.join(' ')} (exit ${result.status})`)
    process.exit(result.status ?? 1)
  }
}

// 1. Node and npm packages.
const nodeMajor = Number(process.versions.node.split('.')[0])
if (nodeMajor < 20) {
  console.error(`[setup] Node ${process.versions.node} is too old: payback needs Node 20 or later`)
  process.exit(1)
}
const lock = join(root, 'package-lock.json')
const installedLock = join(root, 'node_modules', '.package-lock.json')
const npmUpToDate =
  existsSync(installedLock) && statSync(installedLock).mtimeMs >= statSync(lock).mtimeMs
if (npmUpToDate) {
  step('npm packages: up to date with package-lock.json')
} else {
  step('npm packages: npm ci (from the committed lockfile)')
  run('npm', ['ci', '--no-audit', '--no-fund'])
}

// 2. Debian packages.
function missingDebianPackages() {
  return DEBIAN_PACKAGES.map(([name]) => name).filter((name) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' })
    return r.status !== 0 || !r.stdout.includes('install ok installed')
  })
}
const isDebian = existsSync('/etc/debian_version') && spawnSync('which', ['apt-get']).status === 0
if (process.env.PAYBACK_SKIP_SYSTEM === '1') {
  step('Debian packages: skipped (PAYBACK_SKIP_SYSTEM=1)')
} else if (!isDebian) {
  step('Debian packages: not a Debian system; install these yourself for the notebooks, the LoRA worker and the browser tests:')
  for (const [name, why] of DEBIAN_PACKAGES) console.log(`  ${name.padEnd(22)} ${why}`)
  console.log('  (any Python 3 with jupyter, nbconvert, nbclient, ipykernel, torch and numpy, and a Chromium, will do)')
} else {
  const missing = missingDebianPackages()
  if (missing.length === 0) {
    step('Debian packages: all present')
  } else if (process.getuid && process.getuid() === 0) {
    step(`Debian packages: installing ${missing.join(' ')}`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    run('apt-get', ['update', '-q'], { env })
    run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env })
  } else {
    step('Debian packages missing; run this as root, then npm run setup again:')
    console.log(`  sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`)
  }
}

// 3. Build.
step('build: tsc and the scenario validator, unless dist/ is up to date (scripts/build.mjs)')
run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-stale'])

// 4. Project-local Jupyter kernelspec (added by the notebooks work).
const kernelStep = join(root, 'kernel', 'jupyter', 'install.mjs')
if (existsSync(kernelStep)) {
  step('Jupyter kernel: project-local tslab kernelspec')
  run(process.execPath, [kernelStep])
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
step(`done: ${pkg.name} ${pkg.version} on Node ${process.versions.node}` +
  (isDebian ? `, ${execFileSync('cat', ['/etc/debian_version'], { encoding: 'utf8' }).trim()}` : ''))
