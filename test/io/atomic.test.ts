// writeFileAtomic(path, contents) and removeStaleTemps(dir): a killed writer's temp is removed on
// the next write into the folder; a live writer's temp, a young one and other files are not.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { removeStaleTemps, STALE_TEMP_AGE_MS, writeFileAtomic } from '../../src/io/atomic.js'

const dir = mkdtempSync(join(tmpdir(), 'payback-atomic-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The pid of a process that has exited: a writer killed mid-write. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''])
  return child.pid!
}

function temp(folder: string, name: string, old: boolean): string {
  const file = join(folder, name)
  writeFileSync(file, 'half a report')
  if (old) utimesSync(file, new Date(Date.now() - 2 * STALE_TEMP_AGE_MS), new Date(Date.now() - 2 * STALE_TEMP_AGE_MS))
  return name
}

describe('writeFileAtomic(path, contents)', () => {
  it('names its temp .<name>.<pid>.<hex>.tmp and leaves none behind', () => {
    const folder = mkdtempSync(join(dir, 'names-'))
    writeFileAtomic(join(folder, 'r.html'), 'x')
    expect(readdirSync(folder)).toEqual(['r.html'])
  })

  it("removes a dead writer's old temp on the next write, keeps a live writer's, a young one and other files", () => {
    const folder = mkdtempSync(join(dir, 'stale-'))
    const dead = temp(folder, `.r.html.${deadPid()}.0a1b2c3d.tmp`, true)
    const live = temp(folder, `.r.html.${process.ppid}.0a1b2c3d.tmp`, true) // the test runner's parent: alive
    const young = temp(folder, `.other.html.${deadPid()}.deadbeef.tmp`, false)
    const notOurs = temp(folder, `.notes.12345.tmp`, true)
    writeFileAtomic(join(folder, 'r.html'), '<p>new</p>')
    const left = readdirSync(folder)
    expect(left).not.toContain(dead)
    expect(left.sort()).toEqual([live, young, notOurs, 'r.html'].sort())
  })
})

describe('removeStaleTemps(dir)', () => {
  it('returns the names it removed, and [] for a folder that does not exist', () => {
    const folder = mkdtempSync(join(dir, 'ret-'))
    const dead = temp(folder, `.a.json.${deadPid()}.00ff00ff.tmp`, true)
    expect(removeStaleTemps(folder)).toEqual([dead])
    expect(removeStaleTemps(join(folder, 'missing'))).toEqual([])
  })
})
