// The committed student base is what scripts/pretrain.mjs says it is: its files match their
// checksums, and the corpus and split it was pretrained on are the ones the corpus code makes
// today (a change to parsing or splitting would silently change what "the training split's text"
// means; this test says so). Regenerating the bytes: `npm run pretrain -- --verify` (about 20 min).
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadSpamAssassin, splitCorpus } from '../../src/corpus/index.js'
import { ROOT } from '../helpers/scenario.js'

const BASE = join(ROOT, 'data', 'student-base')
const sha = (file: string) => createHash('sha256').update(readFileSync(join(BASE, file))).digest('hex')
const record = JSON.parse(readFileSync(join(BASE, 'PRETRAIN.json'), 'utf8'))

describe('data/student-base', () => {
  it('has the bytes SHA256SUMS and PRETRAIN.json name', () => {
    const sums = Object.fromEntries(readFileSync(join(BASE, 'SHA256SUMS'), 'utf8').trim().split('\n').map((line) => line.split(/\s+/).reverse()))
    expect(sums).toEqual({ 'config.json': sha('config.json'), 'model.safetensors': sha('model.safetensors') })
    expect(record.sha256['model.safetensors']).toBe(sha('model.safetensors'))
    expect(record.command).toBe('npm run pretrain')
  })

  it('was pretrained on the training split the corpus code makes today, and only on it', async () => {
    const corpus = await loadSpamAssassin()
    const splits = splitCorpus(corpus, { seed: record.data.split.seed })
    expect(record.data.corpusSha256).toBe(corpus.sha256)
    expect(record.data.split.sha256).toBe(splits.sha256.train)
    expect(record.data.split.messages).toBe(splits.train.length)
    // The texts themselves (the hashes above also cover ids, labels and dates).
    expect(record.data.textsSha256).toBe(createHash('sha256').update(JSON.stringify(splits.train.map((r) => r.text))).digest('hex'))
    // Its held-out loss was read on calibration messages, never on test or later ones.
    expect(record.data.heldOut.sha256).toBe(splits.sha256.calibration)
  }, 60_000)

  it('learned something: the masked-byte loss on held-out windows fell well below uniform guessing', () => {
    // Uniform over 256 bytes: ln 256 = 5.545 nats.
    expect(record.heldOutMaskedLoss.before).toBeGreaterThan(5.4)
    expect(record.heldOutMaskedLoss.after).toBeLessThan(0.6 * Math.log(256))
    const config = JSON.parse(readFileSync(join(BASE, 'config.json'), 'utf8'))
    expect(config).toMatchObject({ task: 'masked_lm', vocab_size: 261, max_len: 256, d_model: 128, n_layers: 4 })
  })
})
