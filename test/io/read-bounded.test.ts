// readTextFileBounded(path, maxBytes): only regular files, at most maxBytes, never blocks.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FileLimitError, readTextFileBounded } from '../../src/io/read-bounded.js'

const dir = mkdtempSync(join(tmpdir(), 'payback-read-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const refusal = (path: string, maxBytes: number) => {
  try {
    readTextFileBounded(path, maxBytes)
  } catch (error) {
    return error
  }
  throw new Error('not refused')
}

describe('readTextFileBounded(path, maxBytes)', () => {
  it('reads a file of exactly maxBytes and refuses one byte more', () => {
    writeFileSync(join(dir, 'ten'), '0123456789')
    expect(readTextFileBounded(join(dir, 'ten'), 10)).toBe('0123456789')
    expect(refusal(join(dir, 'ten'), 9)).toMatchObject({ kind: 'too-large' })
  })

  it('drops a leading UTF-8 byte-order mark, and only that', () => {
    writeFileSync(join(dir, 'bom'), Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))
    expect(readTextFileBounded(join(dir, 'bom'), 100)).toBe('{}')
  })

  it('grows its buffer past 64 KiB for a large file', () => {
    const text = 'x'.repeat(200_000)
    writeFileSync(join(dir, 'big'), text)
    expect(readTextFileBounded(join(dir, 'big'), 1e6)).toBe(text)
  })

  it('refuses /dev/zero, a directory and a FIFO without reading or blocking', () => {
    expect(refusal('/dev/zero', 100)).toMatchObject({ kind: 'not-a-regular-file', detail: 'a character device' })
    expect(refusal(dir, 100)).toMatchObject({ kind: 'not-a-regular-file', detail: 'a directory' })
    const fifo = join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    const started = performance.now()
    expect(refusal(fifo, 100)).toBeInstanceOf(FileLimitError)
    expect(refusal(fifo, 100)).toMatchObject({ detail: 'a FIFO (named pipe)' })
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('passes the file system error through for a missing file', () => {
    expect(refusal(join(dir, 'nope'), 100)).toMatchObject({ code: 'ENOENT' })
  })
})
