/**
 * Rewrites `kernel/lora/protocol-types.ts` from the schema:
 * `npm run build && node dist/kernel/lora/write-protocol-types.js`.
 */
import { writeFileSync } from 'node:fs'
import { packagePath } from '../paths.js'
import { protocolTypesSource } from './protocol-codegen.js'
import { loadProtocolSchema } from './protocol.js'

const target = packagePath('kernel', 'lora', 'protocol-types.ts')
writeFileSync(target, protocolTypesSource(loadProtocolSchema()))
console.log(`wrote ${target}`)
