// Item 5 of issue 8 for the notebook runner (kernel/jupyter cannot use src's checkNumber): the
// numbers runNotebook takes are checked at its entry, before a file is read or Python started,
// with the runner's own messages (kernel/jupyter/messages.ts).
import { describe, expect, it } from 'vitest'
import { NotebookParameterError } from '../../kernel/jupyter/parameters.js'
import { NotebookRunError, runNotebook } from '../../kernel/jupyter/run.js'

// A notebook that does not exist: a valid call would fail reading it, so each check below
// must have fired first.
const notebook = 'no-such-notebook.ipynb'

describe('runNotebook(options) numbers', () => {
  it('rejects a seed that is not an integer', async () => {
    await expect(runNotebook({ notebook, seed: 1.5 })).rejects.toThrow(NotebookParameterError)
    await expect(runNotebook({ notebook, seed: 1.5 })).rejects.toThrow('invalid parameter seed: 1.5 (must be an integer)')
  })
  it('rejects a cell or startup timeout that is not a positive number of seconds', async () => {
    await expect(runNotebook({ notebook, cellTimeoutSeconds: 0 })).rejects.toThrow(NotebookRunError)
    await expect(runNotebook({ notebook, cellTimeoutSeconds: 0 })).rejects.toThrow('invalid cellTimeoutSeconds: 0 (must be a positive number of seconds)')
    await expect(runNotebook({ notebook, startupTimeoutSeconds: Number.NaN })).rejects.toThrow('invalid startupTimeoutSeconds: NaN (must be a positive number of seconds)')
  })
  it('lets valid numbers through to the next step, which then fails on the missing file', async () => {
    await expect(runNotebook({ notebook, seed: 7, cellTimeoutSeconds: 30, startupTimeoutSeconds: 60 })).rejects.toThrow(/no-such-notebook\.ipynb/)
  })
})
