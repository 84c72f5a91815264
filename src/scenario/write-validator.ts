/**
 * `npm run build` (after tsc): writes the scenario validators and the GPU table's validator as
 * ajv standalone code (dist/src/scenario/scenario-validator.cjs,
 * dist/src/prices/gpu-table-validator.cjs) and the serving benchmarks' validator
 * (dist/src/serving/serving-benchmarks-validator.cjs), so the CLI loads them instead of compiling schemas
 * on every run.
 */
import { writeFileAtomic } from '../io/atomic.js'
import { GPU_TABLE_VALIDATOR_FILE, gpuTableValidatorCode } from '../prices/gpus.js'
import { SERVING_BENCHMARKS_VALIDATOR_FILE, servingBenchmarksValidatorCode } from '../serving/benchmarks.js'
import { STANDALONE_VALIDATOR_FILE, standaloneValidatorCode } from './compile.js'
import { scenarioJsonSchema } from './json-schema.js'

writeFileAtomic(STANDALONE_VALIDATOR_FILE, standaloneValidatorCode(scenarioJsonSchema()))
writeFileAtomic(GPU_TABLE_VALIDATOR_FILE, gpuTableValidatorCode())
writeFileAtomic(SERVING_BENCHMARKS_VALIDATOR_FILE, servingBenchmarksValidatorCode())
