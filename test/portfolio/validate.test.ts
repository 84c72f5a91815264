// A bad portfolio names the JSON path in the portfolio file, the rule and the value.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { deepMerge, loadPortfolioFile, validatePortfolio } from '../../src/portfolio/validate.js'
import { InputError } from '../../src/scenario/messages.js'
import { defaultRaw, DEFAULT_FILE } from '../helpers/scenario.js'
import { thrownBy } from '../helpers/thrown.js'

const tmp = mkdtempSync(join(tmpdir(), 'payback-portfolio-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const issues = (raw: unknown, folder = '.') => thrownBy(() => validatePortfolio(raw, 'p.json', folder), InputError).issues.map((i) => `${i.path} ${JSON.stringify(i.value)} (${i.rule})`)

describe('validatePortfolio: each mistake at its JSON path', () => {
  const base = defaultRaw()
  it('the portfolio shape (ajv)', () => {
    expect(issues({ name: 'p', base, tasks: [] })).toEqual(['/tasks [] (must NOT have fewer than 1 items)'])
    expect(issues({ name: 'p', tasks: [{ name: 't' }] })).toEqual(['/base undefined (required field is missing)'])
    expect(issues({ name: 'p', base, tasks: [{ name: 't', adapt: 'maybe' }] })).toEqual(['/tasks/0/adapt "maybe" (must be one of "auto", "yes", "no")'])
    expect(issues({ name: 'p', base, tasks: [{ name: 't', frontier: {} }] })).toEqual(['/tasks/0/frontier {} (not a field of this object)'])
    expect(issues({ name: 'p', base, tasks: [{ name: 't' }], multiLora: { unmergedFactor: 1.5 } })).toEqual(['/multiLora/unmergedFactor 1.5 (must be <= 1)'])
  })
  it('a task\'s merged scenario, under /tasks/<i>', () => {
    expect(issues({ name: 'p', base, tasks: [{ name: 'a' }, { name: 'b', adaptation: { teacherPassRate: 1.4 } }] })).toEqual(['/tasks/1/adaptation/teacherPassRate 1.4 (must be <= 1)'])
    expect(issues({ name: 'p', base, tasks: [{ name: 'a', task: { bogus: 1 } }] })).toEqual(['/tasks/0/task/bogus 1 (not a field of this object)'])
  })
  it('the base scenario, under /base', () => {
    expect(issues({ name: 'p', base: { ...base, task: { ...base.task, horizonMonths: 0 } }, tasks: [{ name: 'a' }] })).toEqual(['/base/task/horizonMonths 0 (must be >= 1)'])
  })
  it('duplicate names, and a horizon or discount rate that differs from the base', () => {
    expect(issues({ name: 'p', base, tasks: [{ name: 'a' }, { name: 'a', task: { horizonMonths: 12, annualDiscountRate: 0.2 } }] })).toEqual([
      '/tasks/1/name "a" (duplicate task name (also /tasks/0/name))',
      '/tasks/1/task/horizonMonths 12 (must equal the base scenario\'s horizonMonths (24): the portfolio compares its options over one horizon)',
      '/tasks/1/task/annualDiscountRate 0.2 (must equal the base scenario\'s annualDiscountRate (0.1): the portfolio compares its options over one horizon)',
    ])
  })
  it('a base path that cannot be read, or that is a portfolio', () => {
    expect(issues({ name: 'p', base: 'missing.json', tasks: [{ name: 'a' }] }, tmp)).toEqual(['/base "missing.json" (cannot read the file: no such file or folder)'])
    writeFileSync(join(tmp, 'nested.json'), JSON.stringify({ name: 'n', base: 'x.json', tasks: [] }))
    expect(issues({ name: 'p', base: 'nested.json', tasks: [{ name: 'a' }] }, tmp)).toEqual(['/base "nested.json" (a portfolio, not a scenario: the base is one scenario)'])
  })
})

describe('loadPortfolioFile', () => {
  it('reads a base path relative to the portfolio file', () => {
    writeFileSync(join(tmp, 'base.json'), JSON.stringify(defaultRaw()))
    writeFileSync(join(tmp, 'p.json'), JSON.stringify({ name: 'p', base: 'base.json', tasks: [{ name: 'a', task: { requestsPerMonth: 123 } }] }))
    const portfolio = loadPortfolioFile(join(tmp, 'p.json'))
    expect(portfolio.baseSource).toBe(join(tmp, 'base.json'))
    expect(portfolio.tasks[0]!.validated.point.task.requestsPerMonth).toBe(123)
    expect(portfolio.tasks[0]!.validated.point.name).toBe('p: a')
    expect(DEFAULT_FILE.endsWith('support-tickets.json')).toBe(true)
  })
})

describe('deepMerge', () => {
  it('merges objects key by key, replaces arrays and values, and copies', () => {
    const base = { a: { b: 1, c: [1, 2] }, d: 1 }
    const merged = deepMerge(base, { a: { c: [3] }, e: { f: 1 } }) as any
    expect(merged).toEqual({ a: { b: 1, c: [3] }, d: 1, e: { f: 1 } })
    merged.a.b = 5
    expect(base.a.b).toBe(1)
  })
})
