// One schema, validated on both sides: the generated types are current, ajv (TypeScript) and the
// worker's own validator (Python) reject the same malformed messages with the same words, and
// the client refuses lines from the worker that break the protocol.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import {
  LoraWorker,
  PROTOCOL_SCHEMA_PATH,
  ProtocolError,
  ProtocolValidator,
  loadProtocolSchema,
  protocolTypesSource,
} from '../../kernel/lora/index.js'
import { packagePath } from '../../kernel/paths.js'

const PYTHON = process.env['PAYBACK_PYTHON'] ?? '/usr/bin/python3'
const validator = new ProtocolValidator()

describe('protocol.schema.json', () => {
  it('is the source of kernel/lora/protocol-types.ts (regenerate: node dist/kernel/lora/write-protocol-types.js)', () => {
    const committed = readFileSync(packagePath('kernel', 'lora', 'protocol-types.ts'), 'utf8')
    expect(protocolTypesSource(loadProtocolSchema())).toBe(committed)
  })

  it('defines Args and Result for every command', () => {
    const definitions = loadProtocolSchema().definitions!
    for (const command of validator.commands) {
      const stem = command.split('_').map((part) => part[0]!.toUpperCase() + part.slice(1)).join('')
      expect(definitions[`${stem}Args`], command).toBeDefined()
      expect(definitions[`${stem}Result`], command).toBeDefined()
    }
  })

  it('PROTOCOL_SCHEMA_PATH is the file loadProtocolSchema() reads, kernel/lora/protocol.schema.json', () => {
    const file = JSON.parse(readFileSync(packagePath('kernel', 'lora', 'protocol.schema.json'), 'utf8'))
    expect(JSON.parse(readFileSync(PROTOCOL_SCHEMA_PATH, 'utf8'))).toEqual(file)
    expect(loadProtocolSchema()).toEqual(file)
  })
})

/** Malformed requests and the message both validators must give (after "invalid <cmd> request: "). */
const MALFORMED: Array<{ line: Record<string, unknown>; message: string }> = [
  { line: { id: 'a1', cmd: 'train', args: { model: 'm', dataset: 'd', steps: 0, batch_size: 8, lr: 0.1, seed: 1 } }, message: '/args/steps must be >= 1 (got 0)' },
  { line: { id: 'a2', cmd: 'train', args: { model: 'm', steps: 5, batch_size: 8, lr: 0.1, seed: 1 } }, message: "/args must have required property 'dataset'" },
  { line: { id: 'a3', cmd: 'train', args: { model: 'm', dataset: 'd', steps: 2.5, batch_size: 8, lr: 0.1, seed: 1 } }, message: '/args/steps must be integer (got 2.5)' },
  { line: { id: 'a4', cmd: 'train', args: { model: 'm', dataset: 'd', steps: 5, batch_size: 8, lr: 0.1, seed: 1, mode: 'half' } }, message: '/args/mode must be one of "lora", "full" (got "half")' },
  { line: { id: 'a5', cmd: 'info', args: { verbose: true } }, message: "/args must NOT have additional property 'verbose' (allowed: none)" },
  { line: { id: 'a6', cmd: 'build_model', args: { name: 'has space', config: {}, seed: 1 } }, message: '/args/name must match pattern "^[A-Za-z0-9_.-]{1,64}$" (got "has space")' },
  { line: { id: 'a7', cmd: 'make_dataset', args: { name: 'd', source: { kind: 'csv' } } }, message: '/args/source/kind must be one of "synthetic_topic", "synthetic_reverse", "tokens", "texts" (got "csv")' },
  { line: { id: 'a8', cmd: 'make_dataset', args: { name: 'd', source: { kind: 'tokens', inputs: [[4, 2]] } } }, message: '/args/source/inputs/0/1 must be >= 4 (got 2)' },
  { line: { id: 'a9', cmd: 'add_adapter', args: { model: 'm', r: 4, alpha: 8, target_modules: [], seed: 1 } }, message: '/args/target_modules must NOT have fewer than 1 items (got 0)' },
  { line: { id: 'b1', cmd: 'fly', args: {} }, message: '/cmd must be one of "info", "build_model", "save_model", "load_model", "make_dataset", "add_adapter", "save_adapter", "load_adapter", "train", "predict", "evaluate", "throughput", "embed", "fingerprint", "release", "cancel", "shutdown" (got "fly")' },
  { line: { id: 'b2', cmd: 'info' }, message: "/ must have required property 'args'" },
]

/** The TypeScript message for a line: envelope first, then the command's args. */
function typescriptMessage(line: Record<string, unknown>): string | null {
  const envelope = validator.check('WorkerRequest', line)
  if (envelope) return envelope.message
  const command = String(line['cmd'])
  const stem = command.split('_').map((part) => part[0]!.toUpperCase() + part.slice(1)).join('')
  return validator.check(`${stem}Args`, line['args'], '/args')?.message ?? null
}

/** Sends raw lines to a real worker and collects its answers (no client in between). */
async function rawExchange(lines: string[], expected: number): Promise<Array<Record<string, unknown>>> {
  const child = spawn(PYTHON, [packagePath('kernel', 'lora', 'worker.py'), '--threads', '1'], { stdio: ['pipe', 'pipe', 'pipe'] })
  const answers: Array<Record<string, unknown>> = []
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker answered ${answers.length} of ${expected} lines`)), 30_000)
    createInterface({ input: child.stdout }).on('line', (line) => {
      answers.push(JSON.parse(line) as Record<string, unknown>)
      if (answers.length === expected) {
        clearTimeout(timer)
        resolve()
      }
    })
  })
  child.stdin.write(lines.map((line) => line + '\n').join(''))
  try {
    await done
  } finally {
    child.stdin.end()
    child.kill('SIGKILL')
  }
  return answers
}

describe('malformed requests', () => {
  it.each(MALFORMED)('ajv (TypeScript) says: $message', ({ line, message }) => {
    expect(typescriptMessage(line)).toBe(message)
  })

  it('the Python worker rejects each with code invalid_request and the same message, and a non-JSON line with invalid_json', async () => {
    const lines = [
      ...MALFORMED.map(({ line }) => JSON.stringify(line)),
      'not json',
      '{"id": "c1", "cmd": "make_dataset", "args": {"name": "big", "source": {"kind": "synthetic_topic", "n": 30000, "seed": 1, "num_labels": 2, "seq_len": 8, "vocab_size": 64}}}',
      '{"id": "c1", "cmd": "info", "args": {}}',
    ]
    const answers = await rawExchange(lines, lines.length)
    const byId = new Map(answers.map((answer) => [answer['id'], answer]))
    for (const { line, message } of MALFORMED) {
      const answer = byId.get(line['id']) as { ok: boolean; error: { code: string; message: string; details: { path: string } } }
      expect(answer.ok).toBe(false)
      expect(answer.error.code).toBe('invalid_request')
      const prefix = validator.commands.includes(line['cmd'] as never) ? `invalid ${String(line['cmd'])} request: ` : 'invalid request: '
      expect(answer.error.message).toBe(prefix + message)
    }
    expect(byId.get(null)).toMatchObject({ ok: false, error: { code: 'invalid_json', message: 'line 12 is not JSON: Expecting value at column 1' } })
    // Two requests with one id in flight: the second is refused, the first still runs.
    const sameId = answers.filter((answer) => answer['id'] === 'c1')
    expect(sameId.map((answer) => (answer['ok'] ? 'ok' : (answer['error'] as { code: string }).code))).toEqual(['duplicate_id', 'ok'])
  })
})

/** A stand-in worker that prints `lines` and then waits. */
function fakeWorker(lines: string[]): { command: string; args: string[] } {
  const script = `import sys, time\nsys.stdin.readline()\nfor line in ${JSON.stringify(lines)}:\n    print(line, flush=True)\ntime.sleep(30)`
  return { command: PYTHON, args: ['-c', script] }
}

describe('lines from the worker that break the protocol', () => {
  it('a line that is not JSON fails every pending request with ProtocolError and kills the worker', async () => {
    const error = await LoraWorker.start({ spawnWith: fakeWorker(['hello from a stray print']) }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as Error).message).toBe('LoRA worker wrote a line that is not JSON: hello from a stray print')
  })

  it('a response without result is refused, naming what is missing', async () => {
    const error = await LoraWorker.start({ spawnWith: fakeWorker(['{"id": "r1", "ok": true}']) }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as Error).message).toMatch(/^LoRA worker sent a message that breaks the protocol: \/ must have required property '(result|error)'$/)
  })

  it('a result that breaks its command schema rejects that request with ProtocolError', async () => {
    const error = await LoraWorker.start({ spawnWith: fakeWorker(['{"id": "r1", "ok": true, "result": {"protocol_version": 1}}']) }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProtocolError)
    expect((error as Error).message).toBe("LoRA worker sent an invalid info result: /result must have required property 'python'")
  })
})
