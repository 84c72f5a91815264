#!/usr/bin/env node
// `node bench/startup.mjs [runs] [--baseline DIR]`: how long `payback decide` takes on the default scenario next
// to a bare Node start, side by side in one command, medians over `runs` (default 9) rounds.
// Each round runs, in turn: `node -e 0`; bench/startup-phases.mjs (the same steps as decide,
// timed inside the process); `node dist/src/cli/main.js decide` (wall time, output discarded).
// Prints the wall times, the breakdown of decide, and the ratio the issue sets a target for:
// decide / (bare node + module loading), target <= 1.5.
// Builds dist/ first when it is stale (scripts/build.mjs --if-stale).
// --baseline DIR: the same rounds, interleaved, for another built checkout (e.g. the commit
// before a change, extracted with git archive), printed beside this one.
import { spawnSync } from 'node:child_process'
import { statSync } from 'node:fs'
import { cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const baselineAt = args.indexOf('--baseline')
const baseline = baselineAt >= 0 ? args.splice(baselineAt, 2)[1] : undefined
const runs = Number(args[0] ?? 9)
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`invalid runs: ${args[0]} (must be a positive integer)`)
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
const checkouts = baseline ? [{ name: 'baseline', dir: baseline }, { name: 'this checkout', dir: root }] : [{ name: 'this checkout', dir: root }]
for (const checkout of checkouts) Object.assign(checkout, { bare: [], decide: [], phases: [] })
for (let i = 0; i < runs; i++) {
  for (const checkout of checkouts) {
    checkout.bare.push(spawn(['-e', '0']).wallMs)
    const probe = spawn([join(root, 'bench', 'startup-phases.mjs'), checkout.dir])
    checkout.phases.push(JSON.parse(probe.stdout.trim().split('\n').at(-1)))
    checkout.decide.push(spawn([join(checkout.dir, 'dist', 'src', 'cli', 'main.js'), 'decide']).wallMs)
  }
}

const ms = (value) => (value === null ? '     -' : `${value.toFixed(0).padStart(6)} ms`)
const summaries = checkouts.map((c) => {
  const m = (key) => (c.phases.some((p) => p[key] === null) ? null : median(c.phases.map((p) => p[key])))
  const bareMs = median(c.bare)
  const decideMs = median(c.decide)
  const schemaFile = join(c.dir, 'schemas', 'scenario.schema.json')
  return {
    name: c.name,
    rows: [
      ['node -e 0 (wall)', ms(bareMs)],
      ['node dist/src/cli/main.js decide (wall)', ms(decideMs)],
      ['  node start (to the first line)', ms(m('nodeStartMs'))],
      ['  module import', ms(m('importMs'))],
      ['  scenario validators (load or compile)', ms(m('loadValidatorsMs'))],
      ['  validation', ms(m('validateMs'))],
      ['  analysis and decision', ms(m('analyseMs'))],
      ['  formatting the table', ms(m('formatMs'))],
      ['ajv compile of the schema, in process', ms(m('ajvCompileMs'))],
      ['schema size (schemas/scenario.schema.json)', `${(statSync(schemaFile).size / 1024).toFixed(0).padStart(6)} KB`],
      ['decide / node -e 0', (decideMs / bareMs).toFixed(2).padStart(9)],
      ['decide / (node -e 0 + module import)  (target <= 1.5)', (decideMs / (bareMs + m('importMs'))).toFixed(2).padStart(9)],
    ],
  }
})
console.log(`payback decide start-up: medians of ${runs} interleaved rounds, Node ${process.version}, ${cpus().length} cores`)
console.log('(breakdown: bench/startup-phases.mjs, the same steps as decide timed inside one process)')
console.log('')
console.log(`${''.padEnd(56)}${summaries.map((s) => s.name.padStart(16)).join('')}`)
summaries[0].rows.forEach(([label], row) => {
  console.log(`${label.padEnd(56)}${summaries.map((s) => s.rows[row][1].padStart(16)).join('')}`)
})
