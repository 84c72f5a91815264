#!/usr/bin/env node
// The phases of `payback decide` on the default scenario, timed inside one process: what
// `node dist/src/cli/main.js decide` does, step by step, with a timestamp between steps. Prints
// one JSON line (milliseconds). Run by bench/startup.mjs; it needs the built dist/.
// `node bench/startup-phases.mjs [ROOT]` times the checkout at ROOT (default: this one).
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'

// Node's own start-up: from the process's time origin to the first line of this script.
const nodeStartMs = performance.now()
const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..')
const built = (path) => pathToFileURL(join(root, 'dist', path)).href
const t0 = performance.now()
const { scenarioFrom } = await import(built('src/cli/args.js'))
const { decisionResult } = await import(built('src/decide/result.js'))
const { analyseScenario } = await import(built('src/breakeven/analysis.js'))
const { decisionText } = await import(built('src/cli/decide-text.js'))
const t1 = performance.now()
// The first validation loads the validators (once per process); the second is validation alone.
scenarioFrom(undefined)
const t2 = performance.now()
const validated = scenarioFrom(undefined)
const t3 = performance.now()
// decisionResult takes the analysis since the one-horizon change (before it, the scenario):
// a --baseline checkout may be either.
const takesAnalysis = /analysis\.scenario/.test(String(decisionResult))
const result = takesAnalysis ? decisionResult(analyseScenario(validated.point)) : decisionResult(validated.point)
const t4 = performance.now()
const text = decisionText(result)
const t5 = performance.now()
if (text.length === 0) throw new Error('empty decision text')

// Not part of decide: what compiling the schema with ajv in this process costs (what a process
// paid before the validators were built as standalone code, and still pays without a build).
const { scenarioJsonSchema } = await import(built('src/scenario/json-schema.js'))
const schema = scenarioJsonSchema()
let ajvCompileMs = null
if (existsSync(join(root, 'dist', 'src', 'scenario', 'compile.js'))) {
  const { compileScenarioValidators } = await import(built('src/scenario/compile.js'))
  const t6 = performance.now()
  compileScenarioValidators(schema)
  ajvCompileMs = performance.now() - t6
}

console.log(
  JSON.stringify({
    nodeStartMs,
    importMs: t1 - t0,
    loadValidatorsMs: t2 - t1 - (t3 - t2),
    validateMs: t3 - t2,
    analyseMs: t4 - t3,
    formatMs: t5 - t4,
    ajvCompileMs,
    schemaBytes: JSON.stringify(schema).length,
  }),
)
