/**
 * Reading a user's file without trusting it: only regular files, at most a byte limit, and a
 * read that cannot block (a FIFO, `/dev/zero` or a directory is refused before any byte is read).
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs'

/** Why a file was refused before or while reading it: not a regular file, or over the limit. */
export class FileLimitError extends Error {
  /** `not-a-regular-file` (a directory, device, FIFO or socket) or `too-large`. */
  readonly kind: 'not-a-regular-file' | 'too-large'
  /** What the file is (`a directory`) or how big it is (`at least 10,000,001 bytes`). */
  readonly detail: string
  constructor(kind: FileLimitError['kind'], detail: string) {
    super(`${kind}: ${detail}`)
    this.name = 'FileLimitError'
    this.kind = kind
    this.detail = detail
  }
}

/** A file's type in words, for a message: `a directory`, `a character device`. */
function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory'
  if (stats.isCharacterDevice()) return 'a character device'
  if (stats.isBlockDevice()) return 'a block device'
  if (stats.isFIFO()) return 'a FIFO (named pipe)'
  if (stats.isSocket()) return 'a socket'
  return 'not a regular file'
}

/**
 * The UTF-8 text of a regular file of at most `maxBytes` bytes, a leading byte-order mark
 * removed. Opens without blocking (O_NONBLOCK, so a FIFO with no writer does not hang), checks
 * the type with fstat, then reads at most `maxBytes + 1` bytes in a loop, so a file that grows
 * while being read, or lies about its size (`/proc`), still stops at the limit. O(size) time
 * and memory, bounded by `maxBytes`.
 *
 * @throws {FileLimitError} for anything but a regular file, or a file over `maxBytes`
 * @throws the file system's error (ENOENT, EACCES, ...) when it cannot be opened or read
 * @example
 * const { mkdtempSync, writeFileSync } = process.getBuiltinModule('node:fs')
 * const folder = mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/payback-read-`)
 * writeFileSync(`${folder}/a.json`, '\uFEFF{"a": 1}')
 * readTextFileBounded(`${folder}/a.json`, 100) // => '{"a": 1}' (the byte-order mark removed)
 * readTextFileBounded(`${folder}/a.json`, 5) // throws too-large: more than 5 bytes
 * readTextFileBounded(folder, 100) // throws not-a-regular-file: a directory
 */
export function readTextFileBounded(path: string, maxBytes: number): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) throw new FileLimitError('not-a-regular-file', fileKind(stats))
    const tooLarge = () => new FileLimitError('too-large', `more than ${maxBytes} bytes`)
    if (stats.size > maxBytes) throw tooLarge()
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stats.size + 1, 64 * 1024)))
    let length = 0
    let chunk: Buffer = buffer
    for (;;) {
      if (length === chunk.length) {
        if (chunk.length > maxBytes) throw tooLarge()
        const grown = Buffer.alloc(Math.min(maxBytes + 1, chunk.length * 2))
        chunk.copy(grown, 0, 0, length)
        chunk = grown
      }
      const read = readSync(fd, chunk, length, chunk.length - length, null)
      if (read === 0) break
      length += read
    }
    if (length > maxBytes) throw tooLarge()
    const text = chunk.toString('utf8', 0, length)
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  } finally {
    closeSync(fd)
  }
}
