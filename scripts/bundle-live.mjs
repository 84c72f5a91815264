#!/usr/bin/env node
// Bundles the live report's page script and engine (dist/src/report/live/entry.js, built by tsc)
// for the browser with esbuild: one minified IIFE, global `PaybackLive`, written to
// dist/live/payback-live.js, which `payback report` inlines into the HTML (no network, no server).
// The engine's few Node imports (reading data/gpus.json and the package's files) are never called
// in the page, which receives the GPU table; they resolve to a stub that throws if one ever is.
// Run by scripts/build.mjs after tsc.
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
export const LIVE_BUNDLE = join(root, 'dist', 'live', 'payback-live.js')

/** node:* imports resolve to this module: any use in the page fails loudly. */
const NODE_STUB = `
const fail = (what) => () => { throw new Error('payback live report: ' + what + ' is not available in the page') }
export const readFileSync = fail('readFileSync'), existsSync = () => false, writeFileSync = fail('writeFileSync')
export const createRequire = () => fail('require')
export const fileURLToPath = () => '/', pathToFileURL = () => ({ href: 'file:///' })
export const dirname = (p) => p, join = (...p) => p.join('/'), resolve = (...p) => p.join('/'), basename = (p) => p, extname = () => ''
export const createHash = fail('createHash'), randomBytes = fail('randomBytes')
export const cpus = () => [], tmpdir = () => '/tmp', hostname = () => 'browser', platform = () => 'browser'
export const execFileSync = fail('execFileSync'), spawnSync = fail('spawnSync')
export default {}
`

/** kernel/paths.js walks the file system for the package root at import (some modules name files at their top): in the page, a fixed root no one reads. */
const PATHS_STUB = `
export const packageRoot = () => '/payback'
export const packagePath = (...parts) => ['/payback', ...parts].join('/')
export const packageVersion = () => { throw new Error('payback live report: packageVersion is not available in the page') }
`

const nodeStub = {
  name: 'node-stub',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-stub' }))
    b.onLoad({ filter: /.*/, namespace: 'node-stub' }, () => ({ contents: NODE_STUB, loader: 'js' }))
    b.onResolve({ filter: /kernel\/paths\.js$/ }, (args) => ({ path: args.path, namespace: 'paths-stub' }))
    b.onLoad({ filter: /.*/, namespace: 'paths-stub' }, () => ({ contents: PATHS_STUB, loader: 'js' }))
  },
}

export async function bundleLive() {
  mkdirSync(dirname(LIVE_BUNDLE), { recursive: true })
  const result = await build({
    entryPoints: [join(root, 'dist', 'src', 'report', 'live', 'entry.js')],
    bundle: true,
    format: 'iife',
    globalName: 'PaybackLive',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    outfile: LIVE_BUNDLE,
    plugins: [nodeStub],
    // The Node-only modules read import.meta.url at their top; the page never calls them.
    define: { 'import.meta.url': '"file:///payback-live.js"' },
    logLevel: 'warning',
    metafile: true,
  })
  return result
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await bundleLive()
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0)
  console.error(`[bundle-live] ${LIVE_BUNDLE}: ${(bytes / 1024).toFixed(0)} KiB`)
  if (process.argv.includes('--inputs')) {
    const inputs = Object.entries(result.metafile.outputs)[0][1].inputs
    const rows = Object.entries(inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput).slice(0, 25)
    for (const [file, info] of rows) console.error(`  ${(info.bytesInOutput / 1024).toFixed(1).padStart(7)} KiB  ${file}`)
  }
}
