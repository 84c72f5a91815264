/**
 * Where the package's own files are, whether it runs from `src/` (tests) or `dist/src/` (built).
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

let cachedRoot: string | undefined

/** The folder holding payback's package.json (found by walking up from this module). */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = join(dir, 'package.json')
    if (existsSync(candidate) && JSON.parse(readFileSync(candidate, 'utf8')).name === 'payback') {
      cachedRoot = dir
      return dir
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error('cannot find the payback package root above ' + fileURLToPath(import.meta.url))
    dir = parent
  }
}

/** A path inside the package, e.g. `packagePath('data', 'gpus.json')`. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts)
}

/** payback's version from package.json. */
export function packageVersion(): string {
  return JSON.parse(readFileSync(packagePath('package.json'), 'utf8')).version as string
}
