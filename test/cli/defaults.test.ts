// Defaults the model relies on are visible: a scenario that leaves out peakToAverage, minReplicas
// and epochs gets the schema's defaults (2, 2 and 3 in src/scenario/schema.ts), and decide, its
// JSON and the HTML report all say which defaults were used.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { payback } from '../helpers/cli.js'
import { defaultRaw } from '../helpers/scenario.js'

describe('defaults filled in are shown', () => {
  const dir = mkdtempSync(join(tmpdir(), 'payback-defaults-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const raw = defaultRaw()
  delete raw.smallModel.hosting.peakToAverage
  delete raw.smallModel.hosting.minReplicas
  delete raw.adaptation.epochs
  const file = join(dir, 'left-out.json')
  writeFileSync(file, JSON.stringify(raw))
  const expected = [
    { path: '/smallModel/hosting/peakToAverage', value: 2 },
    { path: '/smallModel/hosting/minReplicas', value: 2 },
    { path: '/adaptation/epochs', value: 3 },
  ]

  it('decide --json lists them in defaultsApplied; the table says so in words', () => {
    const json = payback(['decide', '--scenario', file, '--json'])
    expect(json.code, json.stderr).toBe(0)
    const applied = JSON.parse(json.stdout).defaultsApplied as { path: string; value: unknown }[]
    for (const d of expected) expect(applied).toContainEqual(d)
    const text = payback(['decide', '--scenario', file])
    expect(text.stdout).toMatch(/Defaults used for fields the scenario leaves out: .*\/smallModel\/hosting\/peakToAverage = 2/)
    expect(text.stdout).toContain('/adaptation/epochs = 3')
  })

  it("the HTML report's inputs section has a row for each", () => {
    const out = join(dir, 'report.html')
    const result = payback(['report', '--scenario', file, '--out', out])
    expect(result.code, result.stderr).toBe(0)
    const html = readFileSync(out, 'utf8')
    expect(html).toContain('<h3>Defaults filled in</h3>')
    for (const d of expected) expect(html).toContain(`<tr><td><code>${d.path}</code></td><td><code>${JSON.stringify(d.value)}</code></td></tr>`)
  })
})
