#!/usr/bin/env node
// The phases of `payback decide` on the default scenario, timed inside one process: what
// `node dist/src/cli/main.js decide` does, step by step, with a timestamp between steps. Prints
// one JSON line (milliseconds). Run by bench/startup.mjs; it needs the built dist/.
import { performance } from 'node:perf_hooks'

// Node's own start-up: from the process's time origin to the first line of this script.
const nodeStartMs = performance.now()
const t0 = performance.now()
const { scenarioFrom } = await import('../dist/src/cli/args.js')
const { decisionResult } = await import('../dist/src/decide/result.js')
const { decisionText } = await import('../dist/src/cli/decide-text.js')
const t1 = performance.now()
// The first validation loads the validators (once per process); the second is validation alone.
scenarioFrom(undefined)
const t2 = performance.now()
const validated = scenarioFrom(undefined)
const t3 = performance.now()
const result = decisionResult(validated.point)
const t4 = performance.now()
const text = decisionText(result)
const t5 = performance.now()
if (text.length === 0) throw new Error('empty decision text')

// Not part of decide: what compiling the schema with ajv in this process would cost instead of
// loading the built standalone validators.
const { compileScenarioValidators } = await import('../dist/src/scenario/compile.js')
const { scenarioJsonSchema } = await import('../dist/src/scenario/json-schema.js')
const schema = scenarioJsonSchema()
const t6 = performance.now()
compileScenarioValidators(schema)
const t7 = performance.now()

console.log(
  JSON.stringify({
    nodeStartMs,
    importMs: t1 - t0,
    loadValidatorsMs: t2 - t1 - (t3 - t2),
    validateMs: t3 - t2,
    analyseMs: t4 - t3,
    formatMs: t5 - t4,
    ajvCompileMs: t7 - t6,
    schemaBytes: JSON.stringify(schema).length,
  }),
)
