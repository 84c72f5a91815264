/**
 * The built (`dist/`) file of a module, for worker threads: they run plain Node, which cannot
 * load the TypeScript sources that tests run from.
 */
import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { packageRoot } from '../paths.js'

/**
 * A module URL that plain Node can import: a `.js` URL unchanged; a `.ts` source under the
 * project root mapped to its build, `<root>/dist/<same path>.js` (the root is payback's package
 * root, {@link packageRoot}).
 *
 * @example
 * // In the built kernel/sim/built-module.js: a .js file that exists is kept as it is,
 * const worker = new URL('./worker.js', import.meta.url).href
 * builtModuleUrl(worker) === worker // => true
 * // and a .ts source under the project root maps to its build.
 * builtModuleUrl(new URL('../../../kernel/sim/worker.ts', import.meta.url)) === worker // => true
 */
export function builtModuleUrl(url: URL | string): string {
  const href = typeof url === 'string' ? url : url.href
  const isSource = /\.ts$/.test(href)
  const path = fileURLToPath(href)
  // A sibling resolved from a .ts module keeps the name it was given (./worker.js): map it only
  // when the .js file is missing next to the source.
  if (!isSource && existsSync(path)) return href
  const source = isSource ? path : path.replace(/\.js$/, '.ts')
  const root = packageRoot()
  return pathToFileURL(join(root, 'dist', relative(root, source)).replace(/\.ts$/, '.js')).href
}
