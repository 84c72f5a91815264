/**
 * `npm run schema`: writes schemas/scenario.schema.json and src/scenario/types.generated.ts from
 * the TypeBox source (src/scenario/schema.ts). Rebuild after it when the types changed.
 */
import { writeFileAtomic } from '../io/atomic.js'
import { packagePath } from '../paths.js'
import { scenarioJsonSchema } from './json-schema.js'
import { ScenarioSchema } from './schema.js'
import { scenarioTypeSource } from './type-source.js'

const schemaFile = packagePath('schemas', 'scenario.schema.json')
writeFileAtomic(schemaFile, JSON.stringify(scenarioJsonSchema(), null, 2) + '\n')
console.log(`wrote ${schemaFile}`)
const typesFile = packagePath('src', 'scenario', 'types.generated.ts')
writeFileAtomic(typesFile, scenarioTypeSource(JSON.parse(JSON.stringify(ScenarioSchema))))
console.log(`wrote ${typesFile}`)
