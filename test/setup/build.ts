// Builds dist/ once before the tests that spawn the built `payback` command or import the
// built library from notebooks (scripts/build.mjs --if-stale: nothing to do, in milliseconds,
// when no source changed since the last build).
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

export default function setup(): void {
  // For a quick run over tests that need no build: PAYBACK_SKIP_BUILD=1 npx vitest run test/costs
  if (process.env.PAYBACK_SKIP_BUILD === '1') return
  const root = join(import.meta.dirname, '..', '..')
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-stale'], {
    cwd: root,
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`the build failed before the tests:\n${result.stdout}${result.stderr}`)
}
