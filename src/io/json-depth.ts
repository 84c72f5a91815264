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

/**
 * The deepest nesting of arrays and objects in a parsed value, measured iteratively (an explicit
 * stack, so a value nested thousands of levels deep cannot overflow the call stack); stops
 * counting once it passes `limit`. 0 for a number or string. O(nodes) time.
 *
 * @example
 * valueNestingDepth({ a: [1, { b: 'x' }] }) // => 3
 * valueNestingDepth(42) // => 0
 * let deep: unknown = 1
 * for (let i = 0; i < 5000; i++) deep = [deep]
 * valueNestingDepth(deep, 64) // => 65 (stopped past the limit)
 */
export function valueNestingDepth(value: unknown, limit = Infinity): number {
  let deepest = 0
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number]
    if (node === null || typeof node !== 'object') continue
    const here = depth + 1
    if (here > deepest) deepest = here
    if (deepest > limit) return deepest
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, here])
  }
  return deepest
}

