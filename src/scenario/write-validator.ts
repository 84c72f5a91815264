/**
 * `npm run build` (after tsc): writes the scenario validators as ajv standalone code to
 * dist/src/scenario/scenario-validator.cjs, so the CLI loads them instead of compiling the
 * schema on every run.
 */
import { writeFileAtomic } from '../io/atomic.js'
import { STANDALONE_VALIDATOR_FILE, standaloneValidatorCode } from './compile.js'
import { scenarioJsonSchema } from './json-schema.js'

writeFileAtomic(STANDALONE_VALIDATOR_FILE, standaloneValidatorCode(scenarioJsonSchema()))
