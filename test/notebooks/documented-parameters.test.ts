// Every parameter the README's Notebooks table documents is declared by its notebook with a type
// and a rule, is refused by the runner with a bad value (exit 2 before Jupyter starts), and is
// run with a valid value whose effect on the printed key numbers is checked against the library.
// Valid runs: 01 and 06 here; 02 (its 200,000-draw default is slow) in test/sim/notebook.test.ts,
// whose one run sets all three of its parameters.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { beforeAll, describe, expect, it } from 'vitest'

import { cellSource, hasTag, readNotebook } from '../../kernel/jupyter/notebook-json.js'
import { parameterDeclarations, parameterRuleWords, parseParameterRule, PARAMETERS_TAG } from '../../kernel/jupyter/parameters.js'
import { runNotebook, type NotebookRunResult } from '../../kernel/jupyter/run.js'
import { analyseScenario } from '../../src/breakeven/analysis.js'
import { decisionResult, keyNumbers } from '../../src/decide/result.js'
import { loadScenarioFile, validateScenario } from '../../src/scenario/validate.js'
import { ARTIFACTS_DIR, ensureBuilt, JUPYTER_SKIP_REASON, printedKeyNumbers, ROOT, runNotebookCli, type NotebookCliRun } from '../helpers/notebooks.js'
import { defaultRaw } from '../helpers/scenario.js'

const OUT = join(ARTIFACTS_DIR, 'notebooks', 'documented-parameters')

/** The README's Notebooks table: each row's notebook and the parameters its last column lists, with their words. */
function documentedParameters(): Map<string, Array<{ name: string; words: string }>> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## Notebooks'), readme.indexOf('\n## ', readme.indexOf('## Notebooks') + 1))
  const rows = new Map<string, Array<{ name: string; words: string }>>()
  for (const line of section.split('\n').filter((l) => /^\| `\d\d-/.test(l))) {
    const columns = line.split(' | ')
    const notebook = /`([^`]+)`/.exec(columns[0] ?? '')?.[1] as string
    const last = columns.at(-1) ?? ''
    const listed = last.slice(last.indexOf('; parameters '))
    rows.set(notebook, [...listed.matchAll(/`(\w+)` \(([^;)]+)/g)].map(([, name, words]) => ({ name: name as string, words: words as string })))
  }
  return rows
}

/** A bad value for each documented parameter, as a user would type it, and the message it must give. */
const BAD: Record<string, Record<string, { args: string[]; message: string }>> = {
  '01-should-we-adapt': {
    scenarioPath: { args: ['--param', 'scenarioPath=no-such.json'], message: 'invalid parameter scenarioPath of 01-should-we-adapt.ipynb: "no-such.json" (must be an existing file)' },
    requestsPerMonth: { args: ['--param', 'requestsPerMonth=0'], message: 'invalid parameter requestsPerMonth of 01-should-we-adapt.ipynb: 0 (must be a number > 0)' },
    seed: { args: ['--seed', '-1'], message: 'invalid parameter seed of 01-should-we-adapt.ipynb: -1 (must be an integer >= 0)' },
  },
  '02-uncertainty': {
    // ../data from notebooks/ is a folder, not a file
    scenarioPath: { args: ['--param', 'scenarioPath=../data'], message: 'invalid parameter scenarioPath of 02-uncertainty.ipynb: "../data" (must be an existing file)' },
    draws: { args: ['--param', 'draws=1'], message: 'invalid parameter draws of 02-uncertainty.ipynb: 1 (must be an integer >= 2 and <= 4294967295)' },
    seed: { args: ['--param', 'seed=1.5'], message: 'invalid parameter seed of 02-uncertainty.ipynb: 1.5 (must be an integer >= 0)' },
  },
  '03-distillation-experiment': {
    configPath: { args: ['--param', 'configPath=no-such-config.json'], message: 'invalid parameter configPath of 03-distillation-experiment.ipynb: "no-such-config.json" (must be an existing file)' },
    scenarioPath: { args: ['--param', 'scenarioPath=../data'], message: 'invalid parameter scenarioPath of 03-distillation-experiment.ipynb: "../data" (must be an existing file)' },
    trainingPairs: { args: ['--param', 'trainingPairs=5'], message: 'invalid parameter trainingPairs of 03-distillation-experiment.ipynb: 5 (must be an integer >= 10)' },
    seed: { args: ['--seed', '-2'], message: 'invalid parameter seed of 03-distillation-experiment.ipynb: -2 (must be an integer >= 0)' },
  },
  '04-drift': {
    recordPath: { args: ['--param', 'recordPath=no-such-run.json'], message: 'invalid parameter recordPath of 04-drift.ipynb: "no-such-run.json" (must be an existing file)' },
    scenarioPath: { args: ['--param', 'scenarioPath=../data'], message: 'invalid parameter scenarioPath of 04-drift.ipynb: "../data" (must be an existing file)' },
  },
  '05-quality-ceiling': {
    recordPath: { args: ['--param', 'recordPath=../reports'], message: 'invalid parameter recordPath of 05-quality-ceiling.ipynb: "../reports" (must be an existing file)' },
    scenarioPath: { args: ['--param', 'scenarioPath=no-such.json'], message: 'invalid parameter scenarioPath of 05-quality-ceiling.ipynb: "no-such.json" (must be an existing file)' },
  },
  '06-stakeholder-report': {
    scenarioPath: { args: ['--param', 'scenarioPath='], message: 'invalid parameter scenarioPath of 06-stakeholder-report.ipynb: "" (must be an existing file)' },
    measuredPath: { args: ['--param', 'measuredPath=no-such-run.json'], message: 'invalid parameter measuredPath of 06-stakeholder-report.ipynb: "no-such-run.json" (must be an existing file)' },
    seed: { args: ['--param', 'seed="7"'], message: 'invalid parameter seed of 06-stakeholder-report.ipynb: "7" (must be a number)' },
  },
}

/** The built CLI with a Python that does not exist: a check that came after the Jupyter probe would say so instead. */
const runCli = (args: readonly string[]) => runNotebookCli(args, { PAYBACK_PYTHON: join(ROOT, 'no-such-python') })

describe('the README documents every notebook parameter as its parameters cell declares it', () => {
  const documented = documentedParameters()

  it('lists the notebooks (so this suite checks something)', () => {
    expect([...documented.keys()]).toEqual(['01-should-we-adapt', '02-uncertainty', '03-distillation-experiment', '04-drift', '05-quality-ceiling', '06-stakeholder-report'])
  })

  it.each([...documented])('%s: the same names in the same order, each with a type and the rule the README states', (notebook, listed) => {
    const cell = readNotebook(join(ROOT, 'notebooks', `${notebook}.ipynb`)).cells.find((c) => hasTag(c, PARAMETERS_TAG))
    const declared = parameterDeclarations(cellSource(cell as never))
    expect(declared.map((d) => d.name)).toEqual(listed.map((p) => p.name))
    for (const declaration of declared) {
      expect(declaration.type, declaration.name).toBeDefined()
      const rule = parseParameterRule(declaration.rule ?? '')
      expect(rule, `${notebook} ${declaration.name} declares a rule the runner reads`).toBeDefined()
      expect(listed.find((p) => p.name === declaration.name)?.words).toBe(parameterRuleWords(rule as never))
    }
  })

  it('has a bad value below for every documented parameter', () => {
    expect(Object.fromEntries([...documented].map(([notebook, listed]) => [notebook, listed.map((p) => p.name)]))).toEqual(
      Object.fromEntries(Object.entries(BAD).map(([notebook, bad]) => [notebook, Object.keys(bad)])),
    )
  })
})

describe('npm run notebooks with a bad value for a documented parameter', () => {
  const cases = Object.entries(BAD).flatMap(([notebook, bad]) => Object.entries(bad).map(([name, c]) => ({ notebook, name, ...c })))
  const runs = new Map<string, NotebookCliRun>()

  beforeAll(async () => {
    ensureBuilt(['kernel/jupyter/cli.ts', 'kernel/jupyter/run.ts', 'kernel/jupyter/parameters.ts'])
    rmSync(join(OUT, 'refused'), { recursive: true, force: true })
    await Promise.all(
      cases.map(async (c) => runs.set(`${c.notebook} ${c.name}`, await runCli([c.notebook, ...c.args, '--out', join(OUT, 'refused')]))),
    )
  })

  it.each(cases.map((c) => [`${c.notebook} ${c.name}`, c.message]))('%s: exit 2 before Jupyter starts, naming notebook, parameter, value and rule', (key, message) => {
    const run = runs.get(key) as NotebookCliRun
    expect(run.stderr.trim()).toBe(message)
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
  })

  it('writes no reports', () => {
    expect(existsSync(join(OUT, 'refused'))).toBe(false)
  })

  it('checks every notebook named before running the first: a bad value for the second stops both', async () => {
    const run = await runCli(['01-should-we-adapt', '02-uncertainty', '--param', 'draws=0', '--out', join(OUT, 'refused')])
    expect([run.code, run.stderr.trim()]).toEqual([2, 'invalid parameter draws of 02-uncertainty.ipynb: 0 (must be an integer >= 2 and <= 4294967295)'])
  })
})

describe.skipIf(JUPYTER_SKIP_REASON !== undefined)('the notebooks with a valid value for each documented parameter', () => {
  // The default scenario over 36 months instead of 24: a file whose key numbers differ from the default's.
  const scenarioFile = join(OUT, 'horizon-36.json')
  let run01: NotebookRunResult
  let run06: NotebookRunResult

  beforeAll(async () => {
    rmSync(join(OUT, 'ran'), { recursive: true, force: true })
    mkdirSync(join(OUT, 'ran'), { recursive: true })
    const raw = defaultRaw()
    raw.task.horizonMonths = 36
    writeFileSync(scenarioFile, JSON.stringify(raw))
    // One at a time, as in project-notebooks.test.ts: each kernel loads the library.
    run01 = await runNotebook({
      notebook: join(ROOT, 'notebooks', '01-should-we-adapt.ipynb'),
      outDir: join(OUT, 'ran'),
      parameters: { scenarioPath: scenarioFile, requestsPerMonth: 300_000 },
      seed: 7,
      cellTimeoutSeconds: 300,
    })
    run06 = await runNotebook({
      notebook: join(ROOT, 'notebooks', '06-stakeholder-report.ipynb'),
      outDir: join(OUT, 'ran'),
      parameters: { scenarioPath: scenarioFile, seed: 11 },
      cellTimeoutSeconds: 300,
    })
  }, 600_000)

  const outputs = (run: NotebookRunResult): string => JSON.stringify(readNotebook(run.ipynbPath).cells.map((cell) => cell.outputs ?? []))

  it('01 { scenarioPath, requestsPerMonth: 300000, seed: 7 }: the file\'s scenario at 300,000 requests a month, as the library computes it', () => {
    const fromFile = loadScenarioFile(scenarioFile)
    const expected = keyNumbers(decisionResult(analyseScenario(validateScenario({ ...fromFile, task: { ...fromFile.task, requestsPerMonth: 300_000 } }, 'test'))))
    const printed = printedKeyNumbers(run01)
    expect(printed).toEqual(expected)
    expect([printed.horizonMonths, printed.requestsPerMonth, printed.recommendation]).toEqual([36, 300_000, 'prompt']) // the file's horizon, the parameter's volume
    expect(keyNumbers(decisionResult(analyseScenario(fromFile))).recommendation).toBe('distill') // at the file's own volume: requestsPerMonth changed the answer
    expect(outputs(run01)).toContain('seed 7;') // the provenance records the seed
    expect(run01.injected).toEqual(['scenarioPath', 'requestsPerMonth', 'seed'])
  })

  it('06 { scenarioPath, seed: 11 }: the file\'s key numbers, and the seed in the provenance', () => {
    const expected = keyNumbers(decisionResult(analyseScenario(loadScenarioFile(scenarioFile))))
    expect(printedKeyNumbers(run06)).toEqual(expected)
    expect(expected.horizonMonths).toBe(36)
    expect(outputs(run06)).toContain('seed 11;')
    expect(run06.injected).toEqual(['scenarioPath', 'seed'])
  })

  it('02 runs with all three of its parameters in test/sim/notebook.test.ts', () => {
    const text = readFileSync(join(ROOT, 'test', 'sim', 'notebook.test.ts'), 'utf8')
    expect(text).toMatch(/parameters: \{ scenarioPath(: \w+)?, draws: [\d_]+, seed: \d+ \}/)
  })

  it('04 and 05 run with both of their parameters in test/distill/analysis-notebooks.test.ts', () => {
    const text = readFileSync(join(ROOT, 'test', 'distill', 'analysis-notebooks.test.ts'), 'utf8')
    expect(text).toMatch(/parameters: \{ recordPath: .+, scenarioPath: .+ \}/)
    for (const name of ['04-drift', '05-quality-ceiling']) expect(text).toContain(`'${name}'`)
  })

  it('03 runs with all four of its parameters in test/distill/end-to-end.test.ts', () => {
    const text = readFileSync(join(ROOT, 'test', 'distill', 'end-to-end.test.ts'), 'utf8')
    expect(text).toMatch(/parameters: \{ configPath: .+, scenarioPath: .+, trainingPairs: \d+, seed: \d+ \}/)
  })
})
