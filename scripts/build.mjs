#!/usr/bin/env node
// `npm run build`: compiles src/ and kernel/ with tsc into dist/, then writes the scenario
// validators as ajv standalone code (dist/src/scenario/scenario-validator.cjs), bundles the live
// report's page script (scripts/bundle-live.mjs -> dist/live/payback-live.js), then stamps
// dist/.build-stamp with the list of sources it built.
// `node scripts/build.mjs --if-stale` (npm start, npm run notebooks): builds only when a source
// (src/, kernel/, tsconfig.json, package.json) is newer than the stamp, a source was added or
// removed, or dist/ is missing; with nothing changed it costs one walk of the source tree
// (milliseconds) instead of tsc's 5-10 s.
// Plain Node; the bundle step uses esbuild (a dev dependency).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const stamp = join(root, 'dist', '.build-stamp')
// What the build reads: TypeScript and the JSON it imports, under these folders, and the configs.
const SOURCE_DIRS = ['src', 'kernel']
const SOURCE_FILES = ['tsconfig.json', 'package.json']
const SKIP_DIRS = new Set(['node_modules', '__pycache__', 'share', '.ipynb_checkpoints'])
const isSource = (name) => /\.(ts|mts|cts|json)$/.test(name) && !name.endsWith('.d.ts')

/** Every source file (relative path) and the newest modification time among them (ms). */
function sources() {
  const files = []
  let newest = 0
  const visit = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name)
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) visit(full)
      } else if (entry.isFile() && isSource(entry.name)) {
        files.push(relative(root, full))
        newest = Math.max(newest, statSync(full).mtimeMs)
      }
    }
  }
  for (const dir of SOURCE_DIRS) if (existsSync(join(root, dir))) visit(join(root, dir))
  for (const file of SOURCE_FILES) {
    files.push(file)
    newest = Math.max(newest, statSync(join(root, file)).mtimeMs)
  }
  return { list: files.sort().join('\n'), newest }
}

/** Why dist/ must be rebuilt, or undefined when it is up to date. */
function staleReason({ list, newest }) {
  if (!existsSync(stamp)) return 'no previous build'
  if (readFileSync(stamp, 'utf8') !== list) return 'a source file was added or removed'
  if (statSync(stamp).mtimeMs < newest) return 'a source file changed'
  if (!existsSync(join(root, 'dist', 'src', 'scenario', 'scenario-validator.cjs'))) return 'the scenario validator is missing'
  if (!existsSync(join(root, 'dist', 'live', 'payback-live.js'))) return 'the live report bundle is missing'
  return undefined
}

function run(args) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

const startedSeconds = Date.now() / 1000
const before = sources()
const reason = process.argv.includes('--if-stale') ? staleReason(before) : 'asked to build'
if (reason === undefined) process.exit(0)
if (process.argv.includes('--if-stale')) console.error(`[build] ${reason}: tsc`)
run([join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'])
run([join(root, 'dist', 'src', 'scenario', 'write-validator.js')])
// The live report's page script and engine, bundled for the browser (esbuild).
run([join(root, 'scripts', 'bundle-live.mjs')])
// Stamp with the sources as they were when the build started: a file saved during the build
// is newer than the stamp and rebuilds next time.
writeFileSync(stamp, before.list)
utimesSync(stamp, startedSeconds, startedSeconds)
