/**
 * How deeply a JSON text nests, measured on the text itself, before anything parses or walks
 * it: a recursive walk (structuredClone, a validator) overflows the stack on a document nested
 * a few thousand levels deep, so the depth is checked first, iteratively.
 */

/**
 * The deepest nesting of arrays and objects in a JSON text (brackets inside strings do not
 * count); 0 for a bare number or string. O(length) time, O(1) memory. Meant for text that is
 * then parsed: it does not check that the text is valid JSON.
 *
 * @example
 * jsonNestingDepth('{"a": [1, {"b": "]]]"}]}') // => 3
 * jsonNestingDepth('42') // => 0
 * jsonNestingDepth('['.repeat(3000) + ']'.repeat(3000)) // => 3000
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) {
      inString = true
    } else if (c === 0x5b || c === 0x7b) {
      depth++
      if (depth > deepest) deepest = depth
    } else if (c === 0x5d || c === 0x7d) {
      depth--
    }
  }
  return deepest
}
