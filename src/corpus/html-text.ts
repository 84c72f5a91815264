/**
 * HTML to plain text for model inputs, with html-to-text: the words a reader sees and the
 * link targets (as a text/plain email shows its URLs), without markup, images or scripts.
 */
import { compile } from 'html-to-text'

/** Headings keep their case (html-to-text upper-cases them by default). */
const KEEP_CASE = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } }))

/** The converter, compiled once (html-to-text compiles its selectors per call otherwise). */
const toText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { hideLinkIfSameAsText: true } },
    { selector: 'img', format: 'skip' },
    ...KEEP_CASE,
  ],
})

/**
 * The text of an HTML document or fragment: entities decoded (`&amp;` -> `&`), block elements
 * on their own lines, a link's target in brackets after its text (`our shop [http://...]`, once
 * when the text is the URL itself; `#anchor` links without one), images, `<script>` and
 * `<style>` left out, no word wrapping, headings in their own case. Not normalised (see
 * normaliseText). O(length).
 *
 * @example
 * htmlToText('<p>Fish &amp; chips</p><p>Visit <a href="http://example.com">our shop</a></p>') // => 'Fish & chips\n\nVisit our shop [http://example.com]'
 * htmlToText('<h1>Big</h1><script>alert(1)</script><img src="x.gif">') // => 'Big'
 */
export function htmlToText(html: string): string {
  return toText(html)
}
