/** `npm run schema`: writes schemas/scenario.schema.json from the TypeBox source. */
import { writeFileAtomic } from '../io/atomic.js'
import { packagePath } from '../../kernel/paths.js'
import { scenarioJsonSchema } from './json-schema.js'

const target = packagePath('schemas', 'scenario.schema.json')
writeFileAtomic(target, JSON.stringify(scenarioJsonSchema(), null, 2) + '\n')
console.log(`wrote ${target}`)
