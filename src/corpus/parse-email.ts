/**
 * One raw email (RFC 822 / MIME) to a model input, with postal-mime: headers, encoded words,
 * MIME parts, quoted-printable and base64, the declared charsets; HTML-only bodies stripped to text.
 */
import PostalMime from 'postal-mime'
import { checkNumber } from '../scenario/check-number.js'
import { htmlToText } from './html-text.js'
import { normaliseText } from './normalise-text.js'

/** The default cap on a model input's length, in UTF-16 code units (about 1,000 tokens of English). */
export const DEFAULT_MAX_CHARS = 4000

/** An email as a model input, with what was found on the way. */
export interface ParsedEmail {
  /** The Subject header, encoded words decoded, normalised to one line; '' when there is none. */
  subject: string
  /** The Date header as ISO 8601 in UTC, or null when it is missing or cannot be parsed. */
  date: string | null
  /** Where the body came from: the text/plain part(s), the text/html part(s) stripped to text, or none. */
  bodyFrom: 'text/plain' | 'text/html' | 'none'
  /** `Subject: <subject>\n\n<body>`, normalised (normaliseText) and cut to maxChars. */
  text: string
  /** What went wrong without stopping the parse, in words. */
  problems: string[]
}

/** Options of {@link parseEmail}. */
export interface ParseEmailOptions {
  /** Cap on the input's length in UTF-16 code units; default {@link DEFAULT_MAX_CHARS}. */
  maxChars?: number
}

/**
 * Parses a raw email into a model input, `Subject: <subject>\n\n<body>`. The body is the
 * message's text/plain part(s) when it has any, else its text/html part(s) converted to text
 * (htmlToText); attachments (and text parts marked as attachments) are left out. Bodies are
 * decoded from quoted-printable and base64 and from their declared charset (pass the raw bytes as
 * a Uint8Array so an 8-bit charset such as ISO-8859-1 or GB2312 decodes right; a string is read
 * as UTF-8). A part that declares no charset is read as UTF-8 (postal-mime), so its 8-bit bytes,
 * and those of a raw 8-bit header, become U+FFFD: listed as a problem, not guessed. The whole
 * input is normalised (normaliseText) and cut to `maxChars`. Never throws on a bad message: a
 * MIME error, a missing or unparseable Date, an empty body or U+FFFD becomes a problem.
 * O(size of the message).
 *
 * @throws {InvalidArgumentError} when maxChars is not an integer >= 1
 * @example
 * const raw = 'Subject: =?ISO-8859-1?Q?Caf=E9?= news\r\nDate: Thu, 22 Aug 2002 12:36:23 +0100\r\n' +
 *   'Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n' +
 *   'Fish &=\r\n chips for 5 =A3\r\n'
 * const email = await parseEmail(raw)
 * email.text // => 'Subject: Café news\n\nFish & chips for 5 £'
 * email.date // => '2002-08-22T11:36:23.000Z'
 * const untyped = await parseEmail('Subject: hi\n\n<b>x</b>')
 * untyped.bodyFrom // => 'text/plain' (no Content-Type: text/plain by default)
 * untyped.problems // => ['no Date header']
 * const html = await parseEmail('Subject: hi\nDate: someday\nContent-Type: text/html\n\n<p>Hi &amp; bye</p>')
 * html.text // => 'Subject: hi\n\nHi & bye'
 * html.problems // => ['unparseable Date header: "someday"']
 */
export async function parseEmail(raw: string | Uint8Array, options: ParseEmailOptions = {}): Promise<ParsedEmail> {
  const maxChars = checkNumber('maxChars', options.maxChars ?? DEFAULT_MAX_CHARS, { min: 1, integer: true })
  const problems: string[] = []
  let email: Awaited<ReturnType<typeof PostalMime.parse>>
  try {
    email = await PostalMime.parse(raw)
  } catch (error) {
    // Keep what can be read: the text after the header block, undecoded.
    problems.push(`MIME parse failed: ${(error as Error).message}`)
    const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw)
    const body = text.replace(/\r\n?/g, '\n').split('\n\n').slice(1).join('\n\n')
    return { subject: '', date: null, bodyFrom: 'text/plain', text: normaliseText(`Subject: \n\n${body}`, maxChars), problems }
  }
  const subject = normaliseText(email.subject ?? '').replace(/\n/g, ' ')
  const date = isoDate(email.headers.find((h) => h.key === 'date')?.value, problems)
  let bodyFrom: ParsedEmail['bodyFrom'] = 'none'
  let body = ''
  if (email.text !== undefined && email.text.trim() !== '') {
    bodyFrom = 'text/plain'
    body = email.text
  } else if (email.html !== undefined && email.html.trim() !== '') {
    bodyFrom = 'text/html'
    body = htmlToText(email.html)
  }
  const normalBody = normaliseText(body)
  if (normalBody === '') problems.push(bodyFrom === 'none' ? 'no text/plain or text/html body' : `empty ${bodyFrom} body`)
  // postal-mime reads a part without a charset (and a raw 8-bit header) as UTF-8; Latin-1 or GB2312 bytes become U+FFFD.
  if (subject.includes('\uFFFD')) problems.push('undecodable bytes in the Subject (U+FFFD): raw 8-bit header')
  if (normalBody.includes('\uFFFD')) problems.push(`undecodable bytes in the ${bodyFrom} body (U+FFFD): charset missing or wrong`)
  return { subject, date, bodyFrom, text: normaliseText(`Subject: ${subject}\n\n${normalBody}`, maxChars), problems }
}

/** The Date header as ISO 8601 UTC, or null (and a problem) when missing or unparseable. */
function isoDate(header: string | undefined, problems: string[]): string | null {
  if (header === undefined || header.trim() === '') {
    problems.push('no Date header')
    return null
  }
  // Date.parse reads RFC 2822 dates, comments such as "(EDT)" included; a two-digit year is 19xx/20xx as V8 decides.
  // A three-digit year ("22 Aug 102", or zero-padded "22 Aug 0102") is the Y2K bug of mailers that
  // printed years since 1900: RFC 5322 section 4.3 says to add 1900.
  const normalised = header.replace(/\s+/g, ' ').trim().replace(/(\b\d{1,2} [A-Za-z]{3} )0?(1\d\d)(?=\s)/, (_, day: string, year: string) => `${day}${Number(year) + 1900}`)
  const ms = Date.parse(normalised)
  if (Number.isNaN(ms)) {
    problems.push(`unparseable Date header: ${JSON.stringify(header.trim())}`)
    return null
  }
  return new Date(ms).toISOString()
}
