/**
 * A shuffle that depends only on (seed, salt, id): records ordered by the SHA-256 of
 * `${seed}:${salt}:${id}`, so a sample is the same on every machine and for any input order.
 */
import { createHash } from 'node:crypto'

/**
 * Records ordered by a seeded hash of their id. O(n log n).
 *
 * @example
 * const order = seededOrder([{ id: 'a' }, { id: 'b' }, { id: 'c' }], 0, 'pool').map((r) => r.id)
 * order.length // => 3
 * seededOrder([{ id: 'c' }, { id: 'b' }, { id: 'a' }], 0, 'pool').map((r) => r.id).join() === order.join() // => true
 */
export function seededOrder<T extends { id: string }>(records: readonly T[], seed: number, salt: string): T[] {
  const key = (id: string) => createHash('sha256').update(`${seed}:${salt}:${id}`).digest('hex')
  return records.map((r) => [key(r.id), r] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, r]) => r)
}
