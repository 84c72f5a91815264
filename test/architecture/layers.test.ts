// The import rules of .dependency-cruiser.cjs hold on the real tree, and they catch what they
// are for: a planted back-arrow in a scratch tree (kernel -> src, a lower layer importing a
// higher one, an import circle) fails with the rule's name.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { packagePath } from '../../kernel/paths.js'

const CLI = packagePath('node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs')

interface Violation {
  from: string
  to: string
  rule: { name: string }
}

/** Runs depcruise over `src` and `kernel` in `cwd` with the project's rules; its violations. */
function violations(cwd: string): Violation[] {
  const result = spawnSync(
    process.execPath,
    [CLI, '--config', packagePath('.dependency-cruiser.cjs'), '--output-type', 'json', '--no-progress', 'src', 'kernel'],
    { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  )
  if (!result.stdout) throw new Error(`depcruise printed nothing (exit ${result.status}): ${result.stderr}`)
  return (JSON.parse(result.stdout) as { summary: { violations: Violation[] } }).summary.violations
}

describe('import layers (.dependency-cruiser.cjs)', () => {
  it('src/ and kernel/ have no back-arrow, no import circle and no unresolvable import', () => {
    const found = violations(packagePath())
    expect(found.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([])
  })

  const scratch = mkdtempSync(join(tmpdir(), 'payback-layers-'))
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it('fails on planted back-imports: kernel -> src, costs -> decide, and a circle', () => {
    const files: Record<string, string> = {
      'kernel/sim/engine.ts': "import { formatUSD } from '../../src/format.js'\nexport const engine = formatUSD\n",
      'src/format.ts': 'export const formatUSD = (x: number) => `$${x}`\n',
      'src/decide/result.ts': "import { promptCost } from '../costs/prompt.js'\nexport const result = promptCost\n",
      'src/costs/prompt.ts': "import type { } from '../decide/result.js'\nexport const promptCost = 1\n",
      'src/agreement/a.ts': "import { b } from './b.js'\nexport const a = () => b\n",
      'src/agreement/b.ts': "import { a } from './a.js'\nexport const b = () => a\n",
    }
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(scratch, path)), { recursive: true })
      writeFileSync(join(scratch, path), text)
    }
    copyFileSync(packagePath('tsconfig.json'), join(scratch, 'tsconfig.json'))
    const found = violations(scratch).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)
    expect(found).toContain('kernel-not-to-src: kernel/sim/engine.ts -> src/format.ts')
    expect(found).toContain('layer-kernel: kernel/sim/engine.ts -> src/format.ts')
    expect(found).toContain('layer-costs: src/costs/prompt.ts -> src/decide/result.ts')
    expect(found).toContain('no-circular: src/agreement/a.ts -> src/agreement/b.ts')
    expect(found).toContain('no-circular: src/costs/prompt.ts -> src/decide/result.ts')
  })
})
