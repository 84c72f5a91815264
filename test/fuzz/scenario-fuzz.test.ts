// A fuzz campaign over the scenario: every numeric field of the example scenarios (self-hosted
// and API-hosted, fixed and uncertain) crossed with bad and extreme values, and random
// combinations of several at once (fast-check, seeded). For each case the library either refuses
// the scenario with an InputError whose message names the field's JSON path, or accepts it and
// then every number the decision emits is finite. Never another error, never a printed
// Infinity or NaN. A sample of the same cases goes through the built CLI (exit 0 or 2, no stack
// trace, no hang). The bulk runs the validator in process to stay within the CI budget.
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyseScenario } from '../../src/breakeven/analysis.js'
import { decisionResult } from '../../src/decide/result.js'
import { InputError } from '../../src/scenario/messages.js'
import { validateScenarioInput } from '../../src/scenario/validate.js'
import { payback } from '../helpers/cli.js'
import { ROOT } from '../helpers/scenario.js'

const SCENARIO_FILES = ['support-tickets.json', 'contract-extraction.json', 'product-questions.json', 'support-tickets-uncertain.json']
const scenarios = Object.fromEntries(SCENARIO_FILES.map((f) => [f, JSON.parse(readFileSync(join(ROOT, 'data', 'scenarios', f), 'utf8'))]))

/** JSON pointers of every number in a document (inside distributions too). */
function numericPaths(node: unknown, path = ''): string[] {
  if (typeof node === 'number') return [path]
  if (Array.isArray(node)) return node.flatMap((item, i) => numericPaths(item, `${path}/${i}`))
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => numericPaths(v, `${path}/${k}`))
  return []
}

function setAt(root: any, path: string, value: unknown): void {
  const keys = path.slice(1).split('/')
  let node = root
  for (const key of keys.slice(0, -1)) node = node[key]
  node[keys.at(-1) as string] = value
}

/** Values a user might put in a numeric field by mistake, or at an extreme. */
const BAD_VALUES: unknown[] = [1e308, -1e308, 1e15, -1, 0, 1.5, -0.5, 1e-300, 'NaN', '12', true, null, [], {}, 'Infinity']

/** Every number the decision emits must be finite: walks the result and returns the first bad path. */
function firstNonFinite(node: unknown, path = ''): string | null {
  if (typeof node === 'number') return Number.isFinite(node) ? null : `${path} = ${node}`
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const bad = firstNonFinite(node[i], `${path}/${i}`)
      if (bad) return bad
    }
    return null
  }
  if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      // A breakeven of null (never) is fine; payback Infinity is not emitted by the engine.
      const bad = firstNonFinite(v, `${path}/${k}`)
      if (bad) return bad
    }
  }
  return null
}

type Outcome = { kind: 'refused'; message: string } | { kind: 'decided' }

/** Validates and decides a raw scenario; throws anything that is neither an InputError nor finite. */
function outcome(raw: unknown, changed: string[]): Outcome {
  let validated
  try {
    validated = validateScenarioInput(raw, 'fuzz.json')
  } catch (error) {
    if (!(error instanceof InputError)) throw new Error(`not an InputError for ${changed.join(', ')}: ${(error as Error).stack}`)
    return { kind: 'refused', message: error.message }
  }
  const result = decisionResult(analyseScenario(validated.point))
  const bad = firstNonFinite({ strategies: result.strategies, pairwise: result.pairwiseBreakevenRequestsPerMonth })
  if (bad) throw new Error(`accepted ${changed.join(', ')} but the decision emits ${bad}`)
  return { kind: 'decided' }
}

describe('scenario fuzz: every numeric field x bad values (in process)', () => {
  for (const file of SCENARIO_FILES) {
    it(`${file}: each numeric field with each bad value is refused naming its path, or decided with finite numbers`, () => {
      const base = scenarios[file]
      let refused = 0
      for (const path of numericPaths(base)) {
        for (const value of BAD_VALUES) {
          const raw = structuredClone(base)
          setAt(raw, path, value)
          const result = outcome(raw, [`${path} = ${JSON.stringify(value)}`])
          if (result.kind === 'refused') {
            refused++
            // The message names the field (or, for a distribution's parameter, the field it sits in).
            const field = path.replace(/\/(min|max|mode|mean|sd|mu|sigma|alpha|beta|value)$/, '').replace(/\/truncate$/, '')
            expect(result.message, `${path} = ${JSON.stringify(value)}`).toContain(field.split('/').slice(0, 3).join('/'))
          }
        }
      }
      expect(refused).toBeGreaterThan(0)
    })
  }
})

describe('scenario fuzz: random combinations (fast-check)', () => {
  const paths = Object.fromEntries(SCENARIO_FILES.map((f) => [f, numericPaths(scenarios[f])]))
  it('several fields changed at once: refused with a path, or decided with finite numbers', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SCENARIO_FILES),
        fc.array(fc.tuple(fc.nat(), fc.oneof(fc.double({ noNaN: false }), fc.integer(), fc.constantFrom(...BAD_VALUES))), { minLength: 1, maxLength: 4 }),
        (file, changes) => {
          const raw = structuredClone(scenarios[file])
          const list = paths[file] as string[]
          const changed = changes.map(([i, value]) => {
            const path = list[i % list.length] as string
            setAt(raw, path, value)
            return `${path} = ${JSON.stringify(value)}`
          })
          outcome(raw, changed)
        },
      ),
      { seed: 20261130, numRuns: 400 },
    )
  })
})

describe('scenario fuzz through the built CLI (a seeded sample)', () => {
  it('exits 0 or 2, without a stack trace, within the timeout', () => {
    const base = scenarios['support-tickets.json']
    const list = numericPaths(base)
    const sample = fc.sample(fc.tuple(fc.nat(list.length - 1), fc.constantFrom(...BAD_VALUES)), { seed: 7, numRuns: 12 })
    const dir = join(ROOT, 'test-artifacts', 'fuzz')
    for (const [i, value] of sample) {
      const raw = structuredClone(base)
      setAt(raw, list[i] as string, value)
      const file = join(dir, `case-${i}.json`)
      process.getBuiltinModule('node:fs').mkdirSync(dir, { recursive: true })
      process.getBuiltinModule('node:fs').writeFileSync(file, JSON.stringify(raw))
      const r = payback(['decide', '--scenario', file, '--json'])
      const what = `${list[i]} = ${JSON.stringify(value)}: exit ${r.code}\n${r.stderr}`
      expect([0, 2], what).toContain(r.code)
      expect(r.stderr, what).not.toMatch(/\n\s+at /)
      if (r.code === 0) expect(r.stdout, what).not.toMatch(/Infinity|NaN/)
      else expect(r.stderr, what).toContain(String(list[i]).split('/').slice(0, 3).join('/'))
    }
  }, 120_000)
})
