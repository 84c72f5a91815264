import { describe, expect, it } from 'vitest'
import { cohensKappa, cohensKappaFromTable, type Label } from '../../src/agreement/index.js'
import { InvalidArgumentError } from '../../src/scenario/messages.js'
import { expectClose } from '../helpers/expect-close.js'

// Reference values: Debian statsmodels 0.13.5 (/usr/bin/python3),
// res = statsmodels.stats.inter_rater.cohens_kappa(numpy.array(table)); the quantities quoted are
// res.kappa, res.std_kappa, res.std_kappa0, res.z_value, res.pvalue_two_sided, res.kappa_low and
// res.kappa_upp (95 %); the 90 % bounds are res.kappa ∓ scipy.stats.norm.isf(0.05) * res.std_kappa.

interface Reference {
  table: number[][]
  kappa: number
  se: number
  se0: number
  z: number
  p: number
  low95: number
  high95: number
  low90: number
  high90: number
}

const REFERENCES: Reference[] = [
  {
    table: [
      [20, 5],
      [10, 15],
    ],
    kappa: 0.3999999999999999,
    se: 0.12699606293110033,
    se0: 0.13856406460551018,
    z: 2.886751345948128,
    p: 0.0038924171227786367,
    low95: 0.151092290476661,
    high95: 0.6489077095233389,
    low90: 0.19111006527922203,
    high90: 0.6088899347207778,
  },
  {
    table: [
      [45, 3, 2],
      [4, 30, 6],
      [1, 5, 24],
    ],
    kappa: 0.732484076433121,
    se: 0.05246504630362304,
    se0: 0.06511075339920577,
    z: 11.249817245119695,
    p: 2.3207241381756948e-29,
    low95: 0.6296544752307935,
    high95: 0.8353136776354484,
    low90: 0.6461867547324296,
    high90: 0.8187813981338123,
  },
  {
    // A class the second rater never uses.
    table: [
      [5, 2, 0],
      [1, 7, 0],
      [0, 3, 0],
    ],
    kappa: 0.4193548387096773,
    se: 0.16811128430180552,
    se0: 0.17635719856835191,
    z: 2.3778719673137996,
    p: 0.017412870755747316,
    low95: 0.08986277608336468,
    high95: 0.74884690133599,
    low90: 0.14283638299438228,
    high90: 0.6958732944249724,
  },
  {
    // Worse than chance.
    table: [
      [3, 9],
      [8, 2],
    ],
    kappa: -0.5454545454545454,
    se: 0.1779522055946958,
    se0: 0.21231789386223357,
    z: -2.5690465157330253,
    p: 0.010197876776240256,
    low95: -0.8942344593896163,
    high95: -0.19667463151947445,
    low90: -0.838159876250995,
    high90: -0.25274921465809586,
  },
]

/** Label arrays whose confusion matrix is `table` (rows reference, columns predicted), shuffled by a fixed stride. */
function labelsFromTable(table: number[][], labels: Label[]): { reference: Label[]; predicted: Label[] } {
  const pairs: [Label, Label][] = []
  table.forEach((row, i) => row.forEach((count, j) => {
    for (let c = 0; c < count; c++) pairs.push([labels[i]!, labels[j]!])
  }))
  const order = pairs.map((_, i) => (i * 7) % pairs.length)
  const stride = new Set(order).size === pairs.length ? order : pairs.map((_, i) => i)
  return { reference: stride.map((i) => pairs[i]![0]), predicted: stride.map((i) => pairs[i]![1]) }
}

describe('cohensKappaFromTable(table, { confidence })', () => {
  it.each(REFERENCES)('matches statsmodels cohens_kappa for $table', (reference) => {
    const result = cohensKappaFromTable(reference.table)
    expectClose(result.kappa, reference.kappa)
    expectClose(result.standardError, reference.se)
    expectClose(result.standardErrorUnderNull, reference.se0)
    expectClose(result.zStatistic, reference.z)
    expectClose(result.pValue, reference.p, 1e-11)
    expectClose(result.lower, reference.low95)
    expectClose(result.upper, reference.high95)
    const ninety = cohensKappaFromTable(reference.table, { confidence: 0.9 })
    expectClose(ninety.lower, reference.low90)
    expectClose(ninety.upper, reference.high90)
  })

  it('computes po and pe as in Cohen (1960), by hand for [[20, 5], [10, 15]]', () => {
    // po = (20 + 15) / 50 = 0.7; row shares 0.5, 0.5; column shares 0.6, 0.4; pe = 0.5·0.6 + 0.5·0.4 = 0.5;
    // kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
    const result = cohensKappaFromTable([
      [20, 5],
      [10, 15],
    ])
    expect(result.observedAgreement).toBeCloseTo(0.7, 15)
    expect(result.expectedAgreement).toBeCloseTo(0.5, 15)
    expect(result.kappa).toBeCloseTo(0.4, 15)
    expect(result.n).toBe(50)
  })

  it('gives kappa 1 with a zero-width interval for perfect agreement', () => {
    // statsmodels cohens_kappa([[10, 0], [0, 10]]): kappa 1.0, std_kappa 0.0, std_kappa0 0.22360679774997896,
    // z_value 4.47213595499958, pvalue_two_sided 7.74421643104407e-06
    const result = cohensKappaFromTable([
      [10, 0],
      [0, 10],
    ])
    expect(result.kappa).toBe(1)
    expect(result.standardError).toBe(0)
    expect(result.lower).toBe(1)
    expect(result.upper).toBe(1)
    expectClose(result.standardErrorUnderNull, 0.22360679774997896)
    expectClose(result.zStatistic, 4.47213595499958)
    expectClose(result.pValue, 7.74421643104407e-6, 1e-11)
  })

  it('clips the interval to [-1, 1] where statsmodels does not', () => {
    // statsmodels cohens_kappa([[9, 1], [0, 1]]): kappa 0.6206896551724135, std_kappa 0.3346313265034557,
    // kappa_low -0.03517569287322342, kappa_upp 1.2765550032180504 (above 1)
    const result = cohensKappaFromTable([
      [9, 1],
      [0, 1],
    ])
    expectClose(result.kappa, 0.6206896551724135)
    expectClose(result.standardError, 0.3346313265034557)
    expectClose(result.lower, -0.03517569287322342, 1e-11)
    expect(result.upper).toBe(1)
  })

  it('rejects tables that are not square, hold bad counts, are empty, or make kappa undefined', () => {
    expect(() => cohensKappaFromTable([[1, 2]])).toThrow('invalid table[0]: [1,2] (must be a square table')
    expect(() => cohensKappaFromTable([[1, -2], [3, 4]])).toThrow('invalid table[0][1]: -2')
    expect(() => cohensKappaFromTable([[0, 0], [0, 0]])).toThrow('invalid table: [[0,0],[0,0]] (must hold at least one count)')
    expect(() => cohensKappaFromTable([[0, 0], [0, 7]])).toThrow("Cohen's kappa is undefined")
    expect(() => cohensKappaFromTable([[1, 2], [3, 4]], { confidence: 1.2 })).toThrow('invalid confidence: 1.2 (must be in (0, 1))')
  })
})

describe('cohensKappa(reference, predicted, options)', () => {
  it.each(REFERENCES)('gives the table result from label arrays for $table', (reference) => {
    const labels = reference.table.length === 2 ? ['no', 'yes'] : [0, 1, 2]
    const arrays = labelsFromTable(reference.table, labels)
    const fromLabels = cohensKappa(arrays.reference, arrays.predicted, { labels })
    expectClose(fromLabels.kappa, reference.kappa)
    expectClose(fromLabels.standardError, reference.se)
    expectClose(fromLabels.lower, reference.low95)
  })

  it('works without explicit labels when every class occurs', () => {
    // By hand: reference a a b b, predicted a b b b: po = 3/4; row shares 1/2, 1/2; column shares 1/4, 3/4;
    // pe = 1/8 + 3/8 = 1/2; kappa = (3/4 - 1/2) / (1/2) = 0.5
    expect(cohensKappa(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b']).kappa).toBeCloseTo(0.5, 15)
  })

  it('says when kappa is undefined: one and the same label throughout', () => {
    expect(() => cohensKappa(['x', 'x'], ['x', 'x'])).toThrow(
      "invalid reference and predicted: every label \"x\" (Cohen's kappa is undefined when both raters use one and the same label throughout (chance agreement 1))",
    )
    expect(() => cohensKappa(['x', 'x'], ['x', 'x'])).toThrow(InvalidArgumentError)
  })

  it('rejects mismatched arrays', () => {
    expect(() => cohensKappa(['a', 'b'], ['a'])).toThrow('invalid predicted: 1 labels (must have the same length as reference (2))')
  })
})
