#!/usr/bin/env node
// `npm run pretrain`: pretrains the student base once, self-supervised (masked bytes, BERT-style),
// on the text of the SpamAssassin training split (period 1, split seed 0; never the calibration,
// test or later-period messages), and writes data/student-base/:
//   config.json, model.safetensors   the base, as the LoRA worker's save_model writes it
//   PRETRAIN.json                    the command, settings, seeds, data hashes, losses, versions
//   SHA256SUMS                       `sha256sum -c` checks the two files
// On CPU with one thread (Debian's python3-torch 1.13 and OpenBLAS) the same command writes the
// same bytes; `npm run pretrain -- --verify` retrains into a temporary folder and compares.
//
// Options: --steps N (default 900), --out DIR (default data/student-base), --verify.
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { values } = parseArgs({ options: { steps: { type: 'string', default: '900' }, lr: { type: 'string', default: '0.0005' }, out: { type: 'string' }, verify: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } })
if (values.help) {
  console.log('npm run pretrain [-- --steps N] [--out DIR] [--verify]: pretrain the student base (see scripts/pretrain.mjs)')
  process.exit(0)
}
const steps = Number(values.steps)
if (!Number.isInteger(steps) || steps < 1) {
  console.error(`invalid --steps: ${JSON.stringify(values.steps)} (must be a whole number >= 1)`)
  process.exit(2)
}
const committed = join(root, 'data', 'student-base')
const out = values.verify ? mkdtempSync(join(tmpdir(), 'payback-base-')) : resolve(values.out ?? committed)

/** The base: small enough to pretrain in about 15 minutes on one CPU thread, a few MB of weights. */
const CONFIG = { task: 'masked_lm', vocab_size: 261, max_len: 256, d_model: 128, n_heads: 4, n_layers: 4, d_ff: 512, dropout: 0 }
const WINDOW = { length: CONFIG.max_len - 1, stride: CONFIG.max_len - 1 }
const lr = Number(values.lr)
if (!(lr > 0 && lr < 1)) {
  console.error(`invalid --lr: ${JSON.stringify(values.lr)} (must be a number in (0, 1))`)
  process.exit(2)
}
const TRAIN = { steps, batch_size: 32, lr, seed: 2, mode: 'full', log_every: 10 }
const BUILD_SEED = 1
const EVAL_SEED = 3
const SPLIT_SEED = 0

const { loadSpamAssassin, splitCorpus } = await import(join(root, 'dist', 'src', 'corpus', 'index.js'))
const { LoraWorker } = await import(join(root, 'dist', 'kernel', 'lora', 'index.js'))
const sha = (path) => createHash('sha256').update(readFileSync(path)).digest('hex')

const corpus = await loadSpamAssassin()
const splits = splitCorpus(corpus, { seed: SPLIT_SEED })
const texts = splits.train.map((record) => record.text)
// The held-out loss is read on the first 100 calibration messages' windows: enough to see it fall, cheap to compute.
const heldOut = splits.calibration.slice(0, 100).map((record) => record.text)
console.error(`pretraining on ${texts.length} training-split messages (${corpus.name}, sha256 ${corpus.sha256.slice(0, 12)}); ${steps} steps of ${TRAIN.batch_size} windows of ${WINDOW.length} bytes`)

const started = Date.now()
const worker = await LoraWorker.start({ threads: 1 })
let result
try {
  const info = await worker.request('info', {})
  const windows = await worker.request('make_dataset', { name: 'train', source: { kind: 'texts', texts, window: WINDOW } })
  const evalWindows = await worker.request('make_dataset', { name: 'held-out', source: { kind: 'texts', texts: heldOut, window: WINDOW } })
  const built = await worker.request('build_model', { name: 'base', config: CONFIG, seed: BUILD_SEED, device: 'cpu' })
  const before = await worker.request('evaluate', { model: 'base', dataset: 'held-out', seed: EVAL_SEED })
  const trained = await worker.request('train', { model: 'base', dataset: 'train', ...TRAIN }, { progress: true })
  const after = await worker.request('evaluate', { model: 'base', dataset: 'held-out', seed: EVAL_SEED })
  const temporary = `${out}.${process.pid}.tmp`
  rmSync(temporary, { recursive: true, force: true })
  mkdirSync(temporary, { recursive: true })
  const saved = await worker.request('save_model', { model: 'base', path: temporary })
  result = { info, windows, evalWindows, built, before, trained, after, saved, temporary }
} finally {
  await worker.close()
}

const { info, windows, evalWindows, built, before, trained, after, saved, temporary } = result
const weights = sha(join(temporary, 'model.safetensors'))
const configSha = sha(join(temporary, 'config.json'))
const record = {
  what: 'the student base: a byte-level transformer encoder pretrained with masked bytes (BERT-style: 15 % of positions, 80 % MASK, 10 % random byte, 10 % unchanged) on the SpamAssassin training split',
  command: 'npm run pretrain' + (process.argv.length > 2 ? ` -- ${process.argv.slice(2).filter((a, i, all) => a !== '--out' && all[i - 1] !== '--out').join(' ')}` : ''),
  config: CONFIG,
  parameters: built.parameters,
  data: {
    corpus: corpus.name,
    corpusSha256: corpus.sha256,
    split: { seed: SPLIT_SEED, part: 'train', sha256: splits.sha256.train, messages: texts.length },
    // What pretraining read: the texts themselves (the corpus and split hashes also cover ids, labels and dates).
    textsSha256: createHash('sha256').update(JSON.stringify(texts)).digest('hex'),
    windows: { ...WINDOW, count: windows.n, bytes: windows.tokens },
    heldOut: { part: 'calibration, first 100 messages', sha256: splits.sha256.calibration, windows: evalWindows.n },
  },
  training: { ...TRAIN, buildSeed: BUILD_SEED, seconds: Math.round(trained.seconds), stepMsMedian: Math.round(trained.step_ms_median), losses: trained.losses },
  heldOutMaskedLoss: { before: before.loss, after: after.loss, evalSeed: EVAL_SEED },
  heldOutMaskedAccuracy: { before: before.accuracy, after: after.accuracy },
  versions: { python: info.python, torch: info.torch, threads: info.threads, device: info.device },
  sha256: { 'config.json': configSha, 'model.safetensors': weights, base_sha256: saved.base_sha256 },
}
writeFileSync(join(temporary, 'PRETRAIN.json'), `${JSON.stringify(record, null, 2)}\n`)
writeFileSync(join(temporary, 'SHA256SUMS'), `${configSha}  config.json\n${weights}  model.safetensors\n`)

if (values.verify) {
  const expected = readFileSync(join(committed, 'SHA256SUMS'), 'utf8')
  const same = expected === readFileSync(join(temporary, 'SHA256SUMS'), 'utf8')
  console.log(same ? `verified: the retrained base has the committed bytes (model.safetensors sha256 ${weights})` : `MISMATCH: retrained model.safetensors sha256 ${weights}; committed:\n${expected}`)
  rmSync(temporary, { recursive: true, force: true })
  rmSync(out, { recursive: true, force: true })
  process.exit(same ? 0 : 1)
}
rmSync(out, { recursive: true, force: true })
renameSync(temporary, out)
console.log(`wrote ${relative(root, out) || out}: ${built.parameters.toLocaleString('en-US')} weights, masked-byte loss on held-out windows ${before.loss.toFixed(3)} -> ${after.loss.toFixed(3)} (accuracy ${(after.accuracy * 100).toFixed(1)} %), ${Math.round((Date.now() - started) / 1000)} s; model.safetensors sha256 ${weights}`)
