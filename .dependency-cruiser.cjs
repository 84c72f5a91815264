/**
 * Import rules, enforced by `npm test` (test/architecture/layers.test.ts): the layers point one
 * way and nothing imports in a circle. A back-arrow fails CI; move the code instead of adding an
 * exception here.
 *
 * Layers, lowest first: a module may import its own layer and the layers below it.
 *   kernel/   the engines (simulation, LoRA worker, Jupyter runner, package paths, usage error)
 *   base      src/format.ts, src/io/
 *   inputs    src/scenario/, src/prices/, src/training/ (the estimator), src/agreement/, src/corpus/,
 *             src/drift/ and src/ceiling/ (their statistics), src/serving/ (the serving roofline and
 *             its published benchmarks)
 *   src/provenance.ts
 *   src/measured/ (experiment records and the overlay on a scenario) -> src/distill/ (teachers, filter,
 *             experiments, learning curve)
 *   src/costs/ -> src/breakeven/ -> src/decide/ -> src/portfolio/ (many tasks on one base model: per-task
 *             decisions, one deployment each, a shared multi-LoRA fleet, serverless LoRA) -> src/sim/ ->
 *             src/report/ -> src/cli/ -> src/index.ts
 */
const LAYERS = [
  ['kernel', '^kernel/'],
  ['base', '^src/(format\\.ts$|io/)'],
  ['inputs', '^src/(scenario|prices|training|agreement|corpus|drift|ceiling|serving)/'],
  ['provenance', '^src/provenance\\.ts$'],
  ['measured', '^src/measured/'],
  ['distill', '^src/distill/'],
  ['costs', '^src/costs/'],
  ['breakeven', '^src/breakeven/'],
  ['decide', '^src/decide/'],
  ['portfolio', '^src/portfolio/'],
  ['sim', '^src/sim/'],
  ['report', '^src/report/'],
  ['cli', '^src/cli/'],
  ['index', '^src/index\\.ts$'],
]

const layerRules = LAYERS.slice(0, -1).map(([name, path], i) => ({
  name: `layer-${name}`,
  comment: `${name} (${path}) sits below ${LAYERS.slice(i + 1).map(([n]) => n).join(', ')} and must not import them`,
  severity: 'error',
  from: { path },
  to: { path: LAYERS.slice(i + 1).map(([, p]) => `(${p})`).join('|') },
}))

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'an import circle (type-only imports count): split the shared part into its own module',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'kernel-not-to-src',
      comment: 'the engines in kernel/ never import the domain in src/',
      severity: 'error',
      from: { path: '^kernel/' },
      to: { path: '^src/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that resolves to nothing',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
}
