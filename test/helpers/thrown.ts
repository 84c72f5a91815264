// One way for tests to get the error a call must throw: the call runs, must throw, and what it
// throws must be of the expected kind; the error comes back for the test to inspect.
import { expect } from 'vitest'

/**
 * The error `run` throws, checked to be an instance of `kind`; fails the test when `run`
 * returns instead.
 *
 * @example
 * thrownBy(() => validateScenarioInput(raw, 'bad.json'), InputError).issues
 */
export function thrownBy<E extends Error>(run: () => unknown, kind: abstract new (...args: never[]) => E): E {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(kind)
    return error as E
  }
  throw new Error(`expected a ${kind.name}, but the call returned`)
}
