// Builds dist/ once before the tests that spawn the built `payback` command or import the
// built library from notebooks (incremental: fast when nothing changed).
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

export default function setup(): void {
  // For a quick run over tests that need no build: PAYBACK_SKIP_BUILD=1 npx vitest run test/costs
  if (process.env.PAYBACK_SKIP_BUILD === '1') return
  const root = join(import.meta.dirname, '..', '..')
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
    cwd: root,
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`tsc failed before the tests:\n${result.stdout}${result.stderr}`)
}
