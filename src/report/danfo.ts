/**
 * danfojs-node's DataFrame, loaded on first use. Loading danfojs-node takes about 2 s (it loads
 * mathjs, tfjs and xlsx); a module that merely imports the library (the CLI, a notebook's import
 * cell) should not pay for it, only the first call that builds a table.
 */
import { createRequire } from 'node:module'
import type * as Danfo from 'danfojs-node'

const require = createRequire(import.meta.url)
let danfo: typeof Danfo | undefined

/** A danfojs-node DataFrame (the type). */
export type DataFrame = Danfo.DataFrame

/**
 * danfojs-node's DataFrame constructor; `new DataFrame(data)` loads danfojs-node the first time
 * (about 2 s) and builds a real danfojs DataFrame.
 *
 * @example
 * const frame = new DataFrame({ strategy: ['prompt', 'distill'], usd: [1200, 800] })
 * frame.shape // => [2, 2]
 * frame.columns // => ['strategy', 'usd']
 * frame.column('usd').sum() // => 2000
 */
export const DataFrame = function DataFrame(...args: ConstructorParameters<typeof Danfo.DataFrame>) {
  danfo ??= require('danfojs-node') as typeof Danfo
  return new danfo.DataFrame(...args)
} as unknown as typeof Danfo.DataFrame
