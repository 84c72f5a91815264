// Every message the notebook runner and its CLI show, in one place (STYLE.md 4): each names
// the thing and the bad value, no trailing period.

/** A file that is not an nbformat 4 notebook. */
export const invalidNotebook = (path: string, why: string): string => `invalid notebook ${path}: ${why}`

/** A parameter name that is not a TypeScript identifier. */
export const invalidParameterName = (name: string): string =>
  `invalid parameter name: ${JSON.stringify(name)} (must be a TypeScript identifier)`

/** A parameter value that has no TypeScript literal. */
export const invalidParameterValue = (name: string, value: unknown, why: string): string =>
  `invalid parameter ${name}: ${String(value)} (${why})`

/**
 * An override that breaks the rule its notebook's parameters cell declares (checked before
 * Jupyter starts); the value as JSON, so a string shows its quotes.
 * @example
 * parameterRuleBroken('01-should-we-adapt.ipynb', 'seed', -1, 'an integer >= 0') // => 'invalid parameter seed of 01-should-we-adapt.ipynb: -1 (must be an integer >= 0)'
 */
export const parameterRuleBroken = (notebook: string, name: string, value: unknown, rule: string): string =>
  `invalid parameter ${name} of ${notebook}: ${JSON.stringify(value)} (must be ${rule})`

/** A `[rule]` in a parameters cell that the runner cannot read. */
export const invalidParameterRule = (notebook: string, name: string, rule: string): string =>
  `invalid parameters cell in ${notebook}: ${name} declares the rule [${rule}] (write [integer] or [number], optionally with >= N or > N and <= M, or [existing file])`

/** A runner option that is not a usable number (a timeout of 0 seconds, a seed of 1.5). */
export const invalidRunOption = (name: string, value: unknown, why: string): string => `invalid ${name}: ${String(value)} (${why})`

/** An override for a parameter declared with const or var: the injected cell could not reassign it safely. */
export const parameterNotLet = (notebook: string, name: string, keyword: string): string =>
  `invalid parameters cell in ${notebook}: ${name} is declared with ${keyword} (declare parameters with let so the runner can override them)`

/** Overrides the notebook does not declare (a warning: the notebook runs with its own values). */
export const unknownParameters = (notebook: string, names: readonly string[]): string =>
  `${notebook} does not declare ${names.join(', ')} in its parameters cell; ignored`

/** Overrides for a notebook without a parameters cell (a warning). */
export const noParametersCell = (notebook: string, names: readonly string[]): string =>
  `${notebook} has no cell tagged "parameters"; ignored ${names.join(', ')}`

/** Python cannot import nbclient/nbconvert. */
export const jupyterMissing = (python: string, detail: string): string =>
  `${python} cannot run notebooks (needs nbclient, nbconvert, jupyter_client): ${detail}; ` +
  `on Debian: apt-get install python3-nbclient jupyter-nbconvert jupyter-client python3-ipykernel`

/** The driver failed before or after the cells ran (kernel did not start, reports not written). */
export const driverFailed = (notebook: string, detail: string): string => `${notebook}: ${detail}`

/**
 * How progress lines and errors name a cell: its 1-based position among the code cells of the
 * notebook as executed (the injected-parameters cell included), which is also the `In [k]`
 * prompt of the executed .ipynb and the HTML page.
 * @example
 * cellLabel(3, 4, 'throw new Error("boom")') // => 'cell 3 of 4 (throw new Error("boom"))'
 * cellLabel(2, 5, '// Parameters injected by the notebook runner', true) // => 'cell 2 of 5 (the injected-parameters cell)'
 */
export const cellLabel = (cellNumber: number, codeCells: number, firstLine: string, injected = false): string => {
  const where = `cell ${cellNumber} of ${codeCells}`
  const shown = injected ? 'the injected-parameters cell' : firstLine.length > 80 ? `${firstLine.slice(0, 77)}...` : firstLine
  return shown === '' ? where : `${where} (${shown})`
}

/** A cell that raised, failed to compile, timed out or killed the kernel. */
export const cellFailed = (notebook: string, cell: string, ename: string, evalue: string): string =>
  `${notebook}: ${cell} failed: ${evalue === '' ? ename : `${ename}: ${evalue}`}`

/** CLI: a notebook name that matches no file. */
export const unknownNotebook = (name: string, available: readonly string[]): string =>
  `unknown notebook: ${name} (available: ${available.length === 0 ? 'none' : available.join(', ')})`

/** CLI: a bad option value. */
export const invalidOption = (option: string, value: string, why: string): string =>
  `invalid ${option}: ${JSON.stringify(value)} (${why})`

/** CLI: an option it does not know. */
export const unknownOption = (option: string): string => `unknown option: ${option} (see --help)`
