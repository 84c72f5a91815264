/** `payback distill [--config FILE] [--teacher local|http|logs] [--logs FILE] [--scenario FILE] [--out FILE] [--json]` */
import { resolve } from 'node:path'
import { LoraWorker } from '../../kernel/lora/client.js'
import { packagePath } from '../../kernel/paths.js'
import { WorkerError } from '../../kernel/lora/errors.js'
import { distillConfig } from '../distill/config.js'
import type { ExperimentProgress } from '../distill/experiment.js'
import { TeacherAbortedError } from '../distill/teachers/index.js'
import { distillOnScenario, teacherFor } from '../report/distill-run.js'
import { invalidOption } from '../scenario/messages.js'
import { readScenarioJson, validateScenarioInput } from '../scenario/validate.js'
import { type CommandSpec, JSON_OPTION, measuredText, parseCommand } from './args.js'
import { decisionText } from './decide-text.js'
import { distillText } from './distill-text.js'
import { ceilingText, driftText } from './drift-ceiling-text.js'
import { UsageError } from './errors.js'
import { slug } from '../format.js'
import { writeOutFile } from './report-command.js'

/** The scenario `distill` updates without `--scenario`: mail spam filtering, the task of the embedded corpus. */
export const DEFAULT_DISTILL_SCENARIO = 'data/scenarios/mail-spam-filter.json'

/** `distill`'s options: the table that parses them and prints `payback distill --help`. */
export const DISTILL_COMMAND: CommandSpec = {
  name: 'distill',
  summary: 'runs a distillation experiment (teacher labels, quality filter, LoRA student, agreement with intervals, ship gate, throughput, learning curve, quality ceiling, drift over time and retraining policies), writes its record and prints the decision recomputed with the measured numbers.',
  options: {
    config: { type: 'string', value: 'FILE', defaultNote: 'every default (the SpamAssassin corpus, the local teacher)', help: 'experiment config JSON (see src/distill/config.ts)' },
    teacher: { type: 'string', value: 'KIND', defaultNote: "the config's teacher.kind (local)", help: 'local (offline stand-in), http (an OpenAI-compatible endpoint from PAYBACK_TEACHER_* variables) or logs' },
    logs: { type: 'string', value: 'FILE', help: 'JSONL of recorded {input, output} pairs (with --teacher logs; also their inputs are the corpus)' },
    scenario: { type: 'string', value: 'FILE', defaultNote: DEFAULT_DISTILL_SCENARIO, help: 'the scenario the measurements update' },
    out: { type: 'string', value: 'FILE', defaultNote: 'reports/distill-<name>.json', help: 'where the experiment record goes (written atomically)' },
    drift: { type: 'string', value: 'WHEN', defaultNote: "the config's drift.enabled (auto: yes unless the teacher is http)", help: 'on: measure drift even with an http teacher (it buys labels for the drift inputs); off: skip it' },
    json: JSON_OPTION,
  },
}

/** Progress: a line per phase on stderr, redrawn in place on a terminal. */
function progressReporter(stream: NodeJS.WritableStream & { isTTY?: boolean }) {
  let last = 0
  let phase = ''
  let open = false
  const finish = () => {
    if (open && stream.isTTY) stream.write('\n')
    open = false
  }
  return {
    update(progress: ExperimentProgress) {
      if (progress.message) {
        finish()
        stream.write(`  ${progress.message}\n`)
      }
      if (progress.total === undefined || progress.done === undefined) return
      const now = performance.now()
      if (!stream.isTTY) {
        // Off a terminal: one line when a phase starts and when it ends.
        if (progress.phase !== phase && progress.done === 0) stream.write(`  ${progress.phase}: 0 / ${progress.total}\n`)
        else if (progress.done === progress.total) stream.write(`  ${progress.phase}: ${progress.total} / ${progress.total}${progress.loss !== undefined ? `, loss ${progress.loss.toFixed(4)}` : ''}\n`)
        phase = progress.phase
        return
      }
      if (now - last < 100 && progress.done < progress.total && progress.phase === phase) return
      last = now
      phase = progress.phase
      const width = 30
      const filled = Math.round((progress.done / Math.max(1, progress.total)) * width)
      stream.write(`\r  ${progress.phase.padEnd(16)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${progress.done} / ${progress.total}${progress.loss !== undefined ? `  loss ${progress.loss.toFixed(4)}` : ''}   `)
      open = true
    },
    end: finish,
  }
}


/** Runs the experiment, writes its record and prints the verdict and the updated decision. */
export async function runDistill(args: string[]): Promise<void> {
  const options = parseCommand(DISTILL_COMMAND, args)
  if (!options) return
  const configPath = options.string('config')
  const raw = (configPath ? readScenarioJson(configPath) : {}) as Record<string, any>
  const teacherKind = options.string('teacher')
  if (teacherKind !== undefined && !['local', 'http', 'logs'].includes(teacherKind)) throw new UsageError(invalidOption('--teacher', teacherKind, 'must be local, http or logs'))
  if (teacherKind) raw.teacher = { ...(raw.teacher ?? {}), kind: teacherKind }
  const logs = options.string('logs')
  if (logs !== undefined) {
    raw.teacher = { ...(raw.teacher ?? {}), logsPath: logs }
    if (!raw.corpus?.source) raw.corpus = { ...(raw.corpus ?? {}), source: 'logs' }
  }
  const drift = options.string('drift')
  if (drift !== undefined && !['on', 'off', 'auto'].includes(drift)) throw new UsageError(invalidOption('--drift', drift, 'must be on, off or auto'))
  if (drift) raw.drift = { ...(raw.drift ?? {}), enabled: drift === 'auto' ? 'auto' : drift === 'on' }
  const { config, defaultsApplied } = distillConfig(raw, configPath ?? 'distill config')
  const scenarioPath = options.string('scenario') ?? config.scenario ?? packagePath(DEFAULT_DISTILL_SCENARIO)
  // A bad scenario or teacher setting fails here, before the worker starts.
  const scenarioJson = readScenarioJson(scenarioPath)
  const scenarioName = validateScenarioInput(scenarioJson, scenarioPath).point.name
  const teacher = teacherFor(config, process.env)

  const controller = new AbortController()
  let interrupts = 0
  const onSignal = () => {
    interrupts += 1
    if (interrupts > 1) process.exit(130)
    process.stderr.write('\ninterrupted: finishing what is in flight (teacher answers bought so far are cached); Ctrl-C again to quit at once\n')
    controller.abort()
  }
  process.on('SIGINT', onSignal)
  const reporter = progressReporter(process.stderr)
  const worker = await LoraWorker.start({ threads: config.threads })
  let run
  try {
    process.stderr.write(`payback distill: ${config.name}, teacher ${config.teacher.kind}, scenario ${scenarioName}\n`)
    run = await distillOnScenario({
      config, defaultsApplied, worker, teacher, scenarioPath, scenarioJson, signal: controller.signal, onProgress: reporter.update,
      command: `payback distill ${args.join(' ')}`.trim(),
    })
  } catch (error) {
    if (controller.signal.aborted || error instanceof TeacherAbortedError || (error instanceof WorkerError && error.code === 'cancelled')) {
      reporter.end()
      process.stderr.write('stopped before the end: no record written. Run the same command again to resume (cached teacher answers and a trained teacher are reused)\n')
      process.exitCode = 130
      return
    }
    throw error
  } finally {
    reporter.end()
    process.off('SIGINT', onSignal)
    await worker.close()
  }
  const result = run.experiment

  const out = resolve(options.string('out') ?? `reports/distill-${slug(config.name)}.json`)
  writeOutFile(out, `${JSON.stringify(result.record, null, 2)}\n`)
  const { assumed, measured } = run
  const applied = { file: out, ...run.applied }
  if (options.flag('json')) {
    console.log(JSON.stringify({ record: out, experiment: result.record, decision: { assumed: assumed.recommendation.id, measured }, measured: applied }, null, 2))
    return
  }
  console.log(distillText(result))
  console.log(`\n${ceilingText(result.record)}`)
  console.log(`\n${driftText(result.record)}`)
  console.log(`\nThe decision with the measured numbers (scenario ${run.scenario.name}; on its assumptions it was ${assumed.recommendation.id}):\n`)
  console.log(decisionText(measured))
  const note = measuredText(applied)
  if (note) console.log(`\n${note}`)
  // The record holds every value; here only which fields took their defaults.
  if (!configPath) console.log('\nConfig: every default (payback distill --help; the record\'s config holds each value)')
  else if (defaultsApplied.length > 0) console.log(`\nDefaults used for fields ${configPath} leaves out: ${defaultsApplied.map((d) => d.path).join(', ')} (values in the record's config)`)
  console.log(`\nRecord: ${out}\nUse it: payback decide --scenario ${scenarioPath} --measured ${out}`)
}
