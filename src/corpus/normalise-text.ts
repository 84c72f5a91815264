/**
 * Text normalisation for model inputs: one Unicode form, no control characters, no runs of
 * blanks, and a length cap, so that the same content always gives the same input and hash.
 */
import { checkNumber } from '../scenario/check-number.js'

/** C0 and C1 control characters except tab, line feed and carriage return (handled as whitespace), and DEL. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g
/** Invisible format characters that carry no text: zero-width space/joiners, word joiner, byte-order mark, soft hyphen. */
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g

/**
 * Normalises text for a model input: line breaks to `\n`, Unicode NFC, control and invisible
 * characters (zero-width, soft hyphen, BOM) dropped, every run of other whitespace (tabs,
 * no-break spaces...) within a line collapsed to one space, spaces at line ends removed, runs of
 * blank lines collapsed to one blank line, and the whole trimmed; then cut to at most `maxChars`
 * UTF-16 code units (JavaScript string length; a surrogate pair is never split) and trimmed
 * again. O(length).
 *
 * @throws {InvalidArgumentError} when maxChars is not an integer >= 1
 * @example
 * normaliseText('  Hello,\t\tworld!\r\n\r\n\r\n\r\nBye\u0007 ') // => 'Hello, world!\n\nBye'
 * normaliseText('Cafe\u0301') // => 'Café' (NFC: e + combining acute -> é)
 * normaliseText('abc def', 5) // => 'abc d'
 * normaliseText('x', 0) // throws invalid maxChars: 0 (must be >= 1)
 */
export function normaliseText(text: string, maxChars = Number.POSITIVE_INFINITY): string {
  if (maxChars !== Number.POSITIVE_INFINITY) checkNumber('maxChars', maxChars, { min: 1, integer: true })
  const normal = text
    .replace(/\r\n?/g, '\n')
    .normalize('NFC')
    .replace(CONTROL, '')
    .replace(INVISIBLE, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
  if (normal.length <= maxChars) return normal
  let end = maxChars
  const last = normal.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return normal.slice(0, end).trimEnd()
}
