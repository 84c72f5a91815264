import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { UsageError } from '../../kernel/errors.js'
import { parseNotebookArgs, progressLine, resolveNotebooks } from '../../kernel/jupyter/cli.js'
import { FIXTURES_DIR, ROOT } from '../helpers/notebooks.js'

describe('parseNotebookArgs(argv)', () => {
  it('reads names, --scenario (absolute), --seed, --timeout, --out and --param', () => {
    const args = parseNotebookArgs(['a', 'b.ipynb', '--scenario', 'package.json', '--seed=7', '--timeout', '30', '--out', 'x', '--param', 'n=3', '--param', 'label=hi'], ROOT)
    expect(args).toEqual({
      names: ['a', 'b.ipynb'],
      parameters: { scenarioPath: join(ROOT, 'package.json'), n: 3, label: 'hi' },
      seed: 7,
      timeoutSeconds: 30,
      outDir: join(ROOT, 'x'),
      html: true,
      help: false,
    })
  })

  it('rejects bad values, naming the option and the value', () => {
    expect(() => parseNotebookArgs(['--seed', '1.5'])).toThrow('invalid --seed: "1.5" (must be an integer)')
    expect(() => parseNotebookArgs(['--timeout', '0'])).toThrow('invalid --timeout: "0" (must be a positive number of seconds)')
    expect(() => parseNotebookArgs(['--scenario', 'nope.json'], ROOT)).toThrow(`invalid --scenario: "${join(ROOT, 'nope.json')}" (no such file)`)
    expect(() => parseNotebookArgs(['--seed'])).toThrow('invalid --seed: "" (needs a value)')
    expect(() => parseNotebookArgs(['--frobnicate'])).toThrow(UsageError)
  })
})

describe('resolveNotebooks(names, dir)', () => {
  it('takes names with or without .ipynb and lists the folder in name order without names', () => {
    expect(resolveNotebooks(['ok', 'broken.ipynb'], FIXTURES_DIR)).toEqual([join(FIXTURES_DIR, 'ok.ipynb'), join(FIXTURES_DIR, 'broken.ipynb')])
    expect(resolveNotebooks([], FIXTURES_DIR)).toEqual([join(FIXTURES_DIR, 'broken.ipynb'), join(FIXTURES_DIR, 'ok.ipynb'), join(FIXTURES_DIR, 'shorthand.ipynb')])
  })

  it('names the available notebooks when one is unknown', () => {
    expect(() => resolveNotebooks(['nope'], FIXTURES_DIR)).toThrow('unknown notebook: nope (available: broken, ok, shorthand)')
  })
})

describe('progressLine(event)', () => {
  it('shows cell i of n (the numbering of errors and of the reports\' In [k]), the cell time, the elapsed time and the first line', () => {
    expect(
      progressLine({ type: 'cell-done', notebook: '/x/ok.ipynb', cell: 2, codeCells: 5, firstLine: 'const a = 1', seconds: 0.123, elapsedSeconds: 4.56 }),
    ).toBe('ok.ipynb: cell 2 of 5 0.1 s (elapsed 4.6 s)  const a = 1')
  })
})
