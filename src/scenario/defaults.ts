/**
 * The defaults validation filled in: which fields a scenario left out and the value the model
 * used instead (`/smallModel/hosting/minReplicas` = 2), so a report's inputs table can show
 * them beside the values the file gave.
 */

/** One field the scenario left out and the schema's default that validation put there. */
export interface AppliedDefault {
  /** JSON pointer of the field, e.g. `/smallModel/hosting/peakToAverage`. */
  path: string
  /** The default, as filled in (a number, boolean, string, array or object). */
  value: unknown
}

const pointer = (path: string, key: string) => `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

/**
 * The fields present in `filled` but absent from `raw`, in document order: with `filled` the
 * result of validating `raw` (ajv `useDefaults`), the defaults that were applied. A default that
 * is an object is one entry (its own fields are not listed again). O(size of `filled`).
 *
 * @param raw the scenario as written (parsed JSON)
 * @param filled the same scenario after validation filled in its defaults
 * @example
 * appliedDefaults({ task: { a: 1 } }, { task: { a: 1, monthlyGrowth: 0 }, batch: { share: 0 } })
 * // => [{ path: '/task/monthlyGrowth', value: 0 }, { path: '/batch', value: { share: 0 } }]
 */
export function appliedDefaults(raw: unknown, filled: unknown, path = ''): AppliedDefault[] {
  if (!isObject(filled) || !isObject(raw) || Array.isArray(filled) !== Array.isArray(raw)) return []
  const out: AppliedDefault[] = []
  for (const [key, value] of Object.entries(filled)) {
    const here = pointer(path, key)
    if (!(key in raw)) out.push({ path: here, value })
    else out.push(...appliedDefaults(raw[key], value, here))
  }
  return out
}
