#!/usr/bin/env node
// Runs a benchmark: `node bench/run.mjs <name> [args...]` compiles bench/<name>.ts (and what it
// imports) with the project's TypeScript into dist/ and runs dist/bench/<name>.js with the args.
// bench/ is type-checked by `npm run typecheck` but not part of `npm run build`.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const [name, ...args] = process.argv.slice(2)
if (!name || !existsSync(join(root, 'bench', `${name}.ts`))) {
  console.error('usage: node bench/run.mjs <name> [args...]   (bench/<name>.ts)')
  process.exit(2)
}
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
const compile = spawnSync(
  process.execPath,
  [
    tsc,
    join('bench', `${name}.ts`),
    ...['--outDir', 'dist', '--rootDir', '.', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022'],
    ...['--strict', '--skipLibCheck', '--resolveJsonModule', '--esModuleInterop', '--types', 'node', '--sourceMap'],
  ],
  { cwd: root, stdio: 'inherit' },
)
if (compile.status !== 0) process.exit(compile.status ?? 1)
const run = spawnSync(process.execPath, [join(root, 'dist', 'bench', `${name}.js`), ...args], { cwd: root, stdio: 'inherit' })
process.exit(run.status ?? 1)
