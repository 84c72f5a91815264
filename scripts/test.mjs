#!/usr/bin/env node
// `npm test`: build, type-check the tests, run vitest, and end with one plain line
// `N passed, N failed`, followed by `, N skipped` when any test was skipped (or left as todo),
// read from vitest's JSON report, so a run that executed no test cannot pass unnoticed and a
// skipped test cannot hide. Every Python test of the LoRA worker is a vitest test of its own
// (test/lora/python.test.ts), so they count one by one. Extra arguments go to vitest
// (e.g. `npm test -- test/breakeven`).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
process.chdir(root)
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
// The build (tsc and the scenario validator the CLI tests load; skipped when dist/ is up to date
// with every source, which only a build that type-checked clean stamps), then the tests' type-check.
for (const [project, args] of [
  ['tsconfig.json', [join(root, 'scripts', 'build.mjs'), '--if-stale']],
  ['tsconfig.check.json', [tsc, '-p', 'tsconfig.check.json']],
]) {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' })
  if (r.status !== 0) {
    console.log('0 passed, 1 failed')
    console.error(`type errors (tsc -p ${project})`)
    process.exit(1)
  }
}
mkdirSync('test-artifacts', { recursive: true })
const report = join('test-artifacts', 'vitest.json')
rmSync(report, { force: true })
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs')
const r = spawnSync(
  process.execPath,
  [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
)
let passed = 0
let failed = 0
let skipped = 0
if (existsSync(report)) {
  const summary = JSON.parse(readFileSync(report, 'utf8'))
  passed = summary.numPassedTests ?? 0
  // A file that fails to load runs no test: count it as a failure.
  const failedTests = summary.numFailedTests ?? 0
  const failedFiles = summary.numFailedTestSuites ?? 0
  failed = failedTests > 0 ? failedTests : failedFiles
  // vitest's JSON report counts skipped tests (it.skip, describe.runIf(false), ctx.skip()) as
  // pending, and it.todo apart.
  skipped = (summary.numPendingTests ?? 0) + (summary.numTodoTests ?? 0)
}
const code = r.status !== 0 ? r.status || 1 : passed === 0 ? 1 : 0
if (passed === 0 && r.status === 0) console.error('no test ran')
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`)
process.exit(code)
