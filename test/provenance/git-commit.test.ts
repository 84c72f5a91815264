// gitCommit(): the checkout's commit with `-dirty` when tracked files are modified, from one git
// process, asked synchronously or in the background (prefetchGitCommit, as the CLI does); checked
// against the two plain git commands it replaces (rev-parse, status).
import { spawnSync } from 'node:child_process'
import { describe, expect, it, vi } from 'vitest'
import { packageRoot } from '../../kernel/paths.js'

const git = (...args: string[]) => spawnSync('git', args, { cwd: packageRoot(), encoding: 'utf8' })
const inGit = git('rev-parse', 'HEAD').status === 0

function expected(): string {
  const head = git('rev-parse', 'HEAD').stdout.trim()
  const dirty = git('status', '--porcelain', '--untracked-files=no').stdout.trim().length > 0
  expect(head).toMatch(/^[0-9a-f]{40}$/)
  return head + (dirty ? '-dirty' : '')
}

describe.skipIf(!inGit)('gitCommit()', () => {
  it('is git rev-parse HEAD, plus -dirty exactly when git status shows a modified tracked file (asked synchronously)', async () => {
    vi.resetModules()
    const { gitCommit } = await import('../../src/git-commit.js')
    expect(gitCommit()).toBe(expected())
  })

  it('gives the same once prefetched in the background, and then runs no process of its own', async () => {
    vi.resetModules()
    const actual = await vi.importActual<typeof import('node:child_process')>('node:child_process')
    const spawned = vi.fn(actual.spawnSync)
    vi.doMock('node:child_process', () => ({ ...actual, spawnSync: spawned }))
    try {
      const { gitCommit, prefetchGitCommit } = await import('../../src/git-commit.js')
      await prefetchGitCommit()
      expect(gitCommit()).toBe(expected())
      expect(spawned).not.toHaveBeenCalled()
    } finally {
      vi.doUnmock('node:child_process')
    }
  })
})
