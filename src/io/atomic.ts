/**
 * Atomic file output: write a temporary file beside the target, then rename it over the
 * target, so a reader never sees half a file and a failure leaves the old file in place.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/**
 * Writes `contents` to `path` atomically (same-folder temp file + rename); creates the folder.
 *
 * @throws when the folder cannot be created or written; the target is then unchanged
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
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`)
  try {
    writeFileSync(temp, contents)
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}
