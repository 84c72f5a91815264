#!/usr/bin/env node
// `node bench/startup.mjs [runs]`: how long `payback decide` takes on the default scenario next
// to a bare Node start, side by side in one command, medians over `runs` (default 9) rounds.
// Each round runs, in turn: `node -e 0`; bench/startup-phases.mjs (the same steps as decide,
// timed inside the process); `node dist/src/cli/main.js decide` (wall time, output discarded).
// Prints the wall times, the breakdown of decide, and the ratio the issue sets a target for:
// decide / (bare node + module loading), target <= 1.5.
// Builds dist/ first when it is stale (scripts/build.mjs --if-stale).
import { spawnSync } from 'node:child_process'
import { statSync } from 'node:fs'
import { cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const runs = Number(process.argv[2] ?? 9)
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`invalid runs: ${process.argv[2]} (must be a positive integer)`)
  process.exit(2)
}

function spawn(args) {
  const start = process.hrtime.bigint()
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 })
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`)
  return { wallMs, stdout: r.stdout }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

spawn([join(root, 'scripts', 'build.mjs'), '--if-stale'])
const bare = []
const decide = []
const phases = []
for (let i = 0; i < runs; i++) {
  bare.push(spawn(['-e', '0']).wallMs)
  const probe = spawn([join(root, 'bench', 'startup-phases.mjs')])
  phases.push({ ...JSON.parse(probe.stdout.trim().split('\n').at(-1)), wallMs: probe.wallMs })
  decide.push(spawn([join(root, 'dist', 'src', 'cli', 'main.js'), 'decide']).wallMs)
}
const m = (key) => median(phases.map((p) => p[key]))
const bareMs = median(bare)
const decideMs = median(decide)
const importMs = m('importMs')
const baselineMs = bareMs + importMs
const ms = (value) => `${value.toFixed(0).padStart(6)} ms`

console.log(`payback decide start-up: medians of ${runs} rounds, Node ${process.version}, ${cpus().length} cores`)
console.log('')
console.log('wall time')
console.log(`  node -e 0                           ${ms(bareMs)}`)
console.log(`  node dist/src/cli/main.js decide    ${ms(decideMs)}`)
console.log('')
console.log('decide, step by step (inside one process, bench/startup-phases.mjs)')
console.log(`  node start (to the first line)      ${ms(m('nodeStartMs'))}`)
console.log(`  module import                       ${ms(importMs)}`)
console.log(`  load the scenario validators        ${ms(m('loadValidatorsMs'))}`)
console.log(`  validation                          ${ms(m('validateMs'))}`)
console.log(`  analysis and decision               ${ms(m('analyseMs'))}`)
console.log(`  formatting the table                ${ms(m('formatMs'))}`)
console.log('')
console.log('scenario schema')
console.log(`  size (JSON, compact)                ${(m('schemaBytes') / 1024).toFixed(0).padStart(6)} KB`)
console.log(`  size (schemas/scenario.schema.json) ${(statSync(join(root, 'schemas', 'scenario.schema.json')).size / 1024).toFixed(0).padStart(6)} KB`)
console.log(`  ajv compile in process (not used)   ${ms(m('ajvCompileMs'))}`)
console.log('')
console.log('ratios')
console.log(`  decide / node -e 0                           ${(decideMs / bareMs).toFixed(2)}`)
console.log(`  decide / (node -e 0 + module import)         ${(decideMs / baselineMs).toFixed(2)}   (target <= 1.5)`)
