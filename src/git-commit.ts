/**
 * The git commit of the payback checkout, for provenance: `git describe --always --dirty
 * --abbrev=40` with a match no tag has, so the full commit id, with `-dirty` when tracked files
 * differ from it (untracked files do not count); null outside git or without git.
 *
 * Asking git takes a process (about 50 ms on a 2-core machine, most of it `--dirty` checking the
 * work tree). The CLI starts it in the background ({@link prefetchGitCommit}) while it loads the
 * command's modules, so `decide` does not wait for it; anything else asks synchronously.
 */
import { execFile, spawnSync } from 'node:child_process'
import { packageRoot } from '../kernel/paths.js'

const ARGS = ['describe', '--always', '--dirty', '--abbrev=40', '--match', 'payback-matches-no-tag']

let cached: string | null | undefined
let pending: Promise<void> | undefined

/** The checkout's commit (`-dirty` when modified), or null when not in git or git is missing. */
export function gitCommit(): string | null {
  if (cached !== undefined) return cached
  const described = spawnSync('git', ARGS, { cwd: packageRoot(), encoding: 'utf8' })
  return (cached = described.status === 0 ? described.stdout.trim() : null)
}

/**
 * Starts git in the background; once the returned promise settles (it never rejects),
 * {@link gitCommit} answers without a process of its own.
 */
export function prefetchGitCommit(): Promise<void> {
  if (cached !== undefined) return Promise.resolve()
  pending ??= new Promise((settle) => {
    execFile('git', ARGS, { cwd: packageRoot(), encoding: 'utf8' }, (error, stdout) => {
      cached ??= error ? null : stdout.trim()
      settle()
    })
  })
  return pending
}
