import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { ROOT } from './scenario.js'

export const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js')

/** Runs the built `payback` command and returns its exit code and output. */
export function payback(args: string[], options: { cwd?: string } = {}): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, encoding: 'utf8', timeout: 60_000 })
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
}
