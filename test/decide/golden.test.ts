// A golden test: `payback decide --json` on the default scenario must not change unnoticed. The
// hand-computed tests (test/costs, test/breakeven) pin the formulas; this pins their assembly.
// The file was written by the code itself, so it proves no number right: default-by-hand.test.ts
// recomputes the distill total and breakeven independently. After an intended change, review
// the diff and refresh with UPDATE_GOLDEN=1 npm test.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { payback } from '../helpers/cli.js'
import { ROOT } from '../helpers/scenario.js'

const GOLDEN = join(ROOT, 'test', 'golden', 'support-tickets.decide.json')

/** Drops what legitimately differs between checkouts and machines. */
function stable(result: any): any {
  const { gitCommit: _commit, node: _node, ...provenance } = result.provenance
  return { ...result, provenance }
}

/** Compares two JSON values, numbers to 1e-12 relative; returns the first difference's path. */
function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)) ? null : `${path}: ${a} != ${b}`
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: length ${a.length} != ${b.length}`
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}/${i}`)
      if (d) return d
    }
    return null
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    for (const key of keys) {
      const d = firstDifference((a as any)[key], (b as any)[key], `${path}/${key}`)
      if (d) return d
    }
    return null
  }
  return a === b ? null : `${path}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`
}

describe('golden: payback decide --json on the embedded default scenario', () => {
  it('matches test/golden/support-tickets.decide.json', () => {
    const { code, stdout } = payback(['decide', '--json'])
    expect(code).toBe(0)
    const actual = stable(JSON.parse(stdout))
    if (process.env.UPDATE_GOLDEN) {
      writeFileSync(GOLDEN, JSON.stringify(actual, null, 2) + '\n')
    }
    const expected = JSON.parse(readFileSync(GOLDEN, 'utf8'))
    expect(firstDifference(actual, expected)).toBeNull()
  })
})
