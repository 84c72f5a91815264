#!/usr/bin/env node
/**
 * The `payback` command: `decide`, `distill`, `estimate`, `report`, `serve` and `simulate`. Exit codes: 0 success, 2 bad input
 * (the message names the JSON path, the rule and the bad value), 1 internal error.
 */
import { prefetchGitCommit } from '../git-commit.js'
import { exitCodeFor, UsageError } from './errors.js'

export const USAGE = `payback: does adapting a small model pay back at your volume?

Usage:
  payback decide   [--scenario FILE] [--measured RUN.json] [--json]
      Cost of prompt, rag, finetune, distill and distill+rag; breakeven volumes, payback months
      and the recommendation with its reasons. Without --scenario: the embedded default scenario.
      A FILE with a tasks array is a portfolio of tasks on one base model (multi-LoRA).
      --measured: an experiment record's measured numbers replace the scenario's assumptions.
  payback distill  [--config FILE] [--teacher local|http|logs] [--logs FILE] [--scenario FILE] [--out FILE] [--json]
      A distillation experiment on real data (default: the SpamAssassin corpus, an offline local
      teacher): teacher labels, quality filter, a LoRA student, agreement with intervals, the ship
      gate, serving throughput, the learning curve; writes its record and prints the decision
      recomputed with the measured numbers. Ctrl-C stops it; the same command resumes.
  payback report   [--scenario FILE] [--measured RUN.json] [--out FILE] [--json]
      The decision table, and a self-contained HTML report (opens offline) under reports/.
  payback estimate [--model PRESET | --layers N --hidden N --intermediate N --heads N --kv-heads N --vocab N]
                   [--method full|lora|qlora] [--rank R] [--targets q_proj,v_proj,...]
                   [--seq TOKENS] [--batch N] [--no-checkpointing]
                   [--tokens N | --examples N --tokens-per-example N --epochs N]
                   [--gpu ID] [--gpus N] [--utilisation F] [--gpu-hour-usd USD] [--json] [--list]
      Parameters, memory, FLOPs, GPU-hours and cost of training a model, and whether it fits the GPU.
  payback serve    [--model PRESET] [--gpu ID] [--input TOKENS] [--output TOKENS] [--bits 16|8|4]
                   [--kv-bits 16|8] [--concurrency N] [--ttft-ms MS] [--tpot-ms MS] [--json] [--calibration]
      One GPU's serving plan for a model and a token shape from first principles (prefill bound by
      compute, decode by memory bandwidth, the batch by the KV cache or a latency target), with its
      formula; --calibration prints the model against published serving benchmarks.
  payback simulate [--scenario FILE] [--measured RUN.json] [--draws N] [--seed S] [--workers W] [--json]
      Monte Carlo over the scenario's distributions: horizon cost, NPV and payback month per
      strategy, the probability each is cheapest, monthly bands, a tornado of the inputs. The same
      numbers for any --workers. Without --scenario: data/scenarios/support-tickets-uncertain.json
      (the default scenario with its uncertain inputs as distributions).

Options:
  --scenario FILE   scenario JSON (schema: schemas/scenario.schema.json)
  --json            machine-readable output on stdout
  -h, --help        this help; \`payback <command> --help\`: that command's options and defaults

Exit codes: 0 success, 2 bad input, 1 internal error.`

/**
 * Each command, loaded when it runs: `decide` does not pay for loading `distill`'s corpus parser,
 * tokenizer, cache and worker client (about 150 ms of module loading).
 */
const COMMANDS: Record<string, (args: string[]) => Promise<void> | void> = {
  decide: async (args) => (await withCommit(import('./decide-command.js'))).runDecide(args),
  report: async (args) => (await withCommit(import('./report-command.js'))).runReport(args),
  estimate: async (args) => (await import('./estimate-command.js')).runEstimate(args),
  simulate: async (args) => (await withCommit(import('./simulate-command.js'))).runSimulate(args),
  distill: async (args) => (await withCommit(import('./distill-command.js'))).runDistill(args),
  serve: async (args) => (await import('./serve-command.js')).runServe(args),
}

/** A command's modules once loaded, with git asked for the commit meanwhile (the commands whose results carry provenance). */
async function withCommit<T>(loading: Promise<T>): Promise<T> {
  const [loaded] = await Promise.all([loading, prefetchGitCommit()])
  return loaded
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    console.log(USAGE)
    return
  }
  const run = COMMANDS[command]
  if (!run) throw new UsageError(`unknown command: ${JSON.stringify(command)} (one of ${Object.keys(COMMANDS).join(', ')})`)
  await run(rest)
}

const argv = process.argv.slice(2)
main(argv).catch((error: unknown) => {
  const code = exitCodeFor(error)
  if (code === 2) {
    console.error((error as Error).message)
    const command = argv[0] !== undefined && argv[0] in COMMANDS ? `${argv[0]} ` : ''
    if (error instanceof UsageError) console.error(`run \`payback ${command}--help\` for usage`)
  } else {
    console.error(`payback: internal error: ${(error as Error)?.message ?? String(error)}`)
    if (process.env.PAYBACK_DEBUG) console.error((error as Error)?.stack)
  }
  process.exitCode = code
})
