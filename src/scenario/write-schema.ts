/**
 * `npm run schema`: writes schemas/scenario.schema.json and src/scenario/types.generated.ts from
 * the TypeBox source (src/scenario/schema.ts), and schemas/portfolio.schema.json from
 * src/scenario/portfolio-schema.ts. A file whose content would not change is left
 * alone, so an up-to-date build stays up to date.
 */
import { existsSync, readFileSync } from 'node:fs'
import { writeFileAtomic } from '../io/atomic.js'
import { packagePath } from '../../kernel/paths.js'
import { scenarioJsonSchema } from './json-schema.js'
import { portfolioJsonSchema } from './portfolio-schema.js'
import { ScenarioSchema } from './schema.js'
import { scenarioTypeSource } from './type-source.js'

function write(path: string, text: string): void {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) {
    console.log(`up to date: ${path}`)
    return
  }
  writeFileAtomic(path, text)
  console.log(`wrote ${path}`)
}

write(packagePath('schemas', 'scenario.schema.json'), JSON.stringify(scenarioJsonSchema(), null, 2) + '\n')
write(packagePath('src', 'scenario', 'types.generated.ts'), scenarioTypeSource(JSON.parse(JSON.stringify(ScenarioSchema))))
write(packagePath('schemas', 'portfolio.schema.json'), JSON.stringify(portfolioJsonSchema(), null, 2) + '\n')
