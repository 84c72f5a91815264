/**
 * Atomic file output: write a temporary file beside the target, then rename it over the
 * target, so a reader never sees half a file and a failure leaves the old file in place.
 *
 * Temp files are named `.<target name>.<writer pid>.<random hex>.tmp`. A writer killed between
 * write and rename (SIGKILL, power loss) leaves its temp behind; the next write into the same
 * folder removes the temps whose writer is no longer alive, so they do not accumulate.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { basename, dirname, join } from 'node:path'

/** A temp file of {@link writeFileAtomic}: `.<target name>.<pid>.<hex>.tmp`; group 1 is the pid. */
const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{8,}\.tmp$/

/**
 * How old a dead writer's temp must be before it is removed (ms): a temp younger than this may
 * belong to a live writer on another machine sharing the folder, whose pid means nothing here.
 */
export const STALE_TEMP_AGE_MS = 60_000

/** Whether a process with this pid is alive on this machine (EPERM: alive, someone else's). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes the temp files of {@link writeFileAtomic} in `dir` whose writer is dead (its pid is not
 * a live process here) and that are older than {@link STALE_TEMP_AGE_MS}; other files are never
 * touched. Best effort: a temp that cannot be removed is left. Returns the names removed.
 * O(files in the folder).
 *
 * @example
 * const { mkdtempSync, writeFileSync, utimesSync, readdirSync } = process.getBuiltinModule('node:fs')
 * const folder = mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/payback-stale-`)
 * writeFileSync(`${folder}/.r.html.4194304.0a1b2c3d.tmp`, 'half') // pid 4194304 = 2^22, Linux's highest pid_max: never a live pid
 * utimesSync(`${folder}/.r.html.4194304.0a1b2c3d.tmp`, 0, 0) // written long ago
 * writeFileSync(`${folder}/.r.html.${process.pid}.0a1b2c3d.tmp`, 'mine') // a live writer's
 * removeStaleTemps(folder) // => ['.r.html.4194304.0a1b2c3d.tmp']
 * readdirSync(folder).length // => 1 (this live writer's temp stays)
 */
export function removeStaleTemps(dir: string, now = Date.now()): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    const match = TEMP_NAME.exec(name)
    if (!match) continue
    const pid = Number(match[1])
    if (pid === process.pid || processAlive(pid)) continue
    const file = join(dir, name)
    try {
      const stats = statSync(file)
      if (!stats.isFile() || now - stats.mtimeMs < STALE_TEMP_AGE_MS) continue
      rmSync(file, { force: true })
      removed.push(name)
    } catch {
      // gone already, or not ours to remove: leave it
    }
  }
  return removed
}

/**
 * Writes `contents` to `path` atomically (same-folder temp file + rename); creates the folder,
 * and first removes stale temps of dead writers there ({@link removeStaleTemps}).
 *
 * @throws the file system's error, unchanged (`code` EACCES, EROFS, EISDIR, ENOTDIR, EEXIST from
 * mkdir under a file, ENOSPC...), when the folder cannot be created or written; the target is
 * then unchanged and no temp file is left
 * @example
 * const { mkdtempSync, readFileSync, readdirSync } = process.getBuiltinModule('node:fs') // or import from 'node:fs'
 * const folder = mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/payback-`)
 * writeFileAtomic(`${folder}/reports/payback.html`, '<p>hello</p>') // creates reports/
 * readFileSync(`${folder}/reports/payback.html`, 'utf8') // => '<p>hello</p>'
 * readdirSync(`${folder}/reports`) // => ['payback.html'] (no temp file left behind)
 */
export function writeFileAtomic(path: string, contents: string | Uint8Array): void {
  const dir = dirname(path)
  mkdirSync(dir, { recursive: true })
  removeStaleTemps(dir)
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    writeFileSync(temp, contents, { flag: 'wx' })
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}
