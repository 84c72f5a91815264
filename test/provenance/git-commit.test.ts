// gitCommit(): the checkout's commit with `-dirty` when tracked files are modified, from one git
// process; checked against the two plain git commands it replaces (rev-parse, status).
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { packageRoot } from '../../kernel/paths.js'
import { gitCommit } from '../../src/provenance.js'

const git = (...args: string[]) => spawnSync('git', args, { cwd: packageRoot(), encoding: 'utf8' })

describe('gitCommit()', () => {
  it.skipIf(git('rev-parse', 'HEAD').status !== 0)('is git rev-parse HEAD, plus -dirty exactly when git status shows a modified tracked file', () => {
    const head = git('rev-parse', 'HEAD').stdout.trim()
    const dirty = git('status', '--porcelain', '--untracked-files=no').stdout.trim().length > 0
    expect(head).toMatch(/^[0-9a-f]{40}$/)
    expect(gitCommit()).toBe(head + (dirty ? '-dirty' : ''))
  })
})
