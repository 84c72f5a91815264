// Generated from kernel/lora/protocol.schema.json by kernel/lora/protocol-codegen.ts: do not edit.
// Regenerate with `npm run build && node dist/kernel/lora/write-protocol-types.js`.

/** Request id chosen by the client; echoed on every response and event for that request */
export type Id = string

/** Handle of a model or dataset held in the worker's memory */
export type Name = string

/** File-system path on the worker's machine */
export type Path = string

/** Seed of every random draw the command makes */
export type Seed = number

/** Where tensors live: auto = cuda when available, else cpu */
export type Device = "auto" | "cpu" | "cuda"

export type Sha256 = string

/** A request from the client: one JSON line on the worker's stdin; args are checked against <Cmd>Args */
export interface WorkerRequest {
  id: Id
  cmd: "info" | "build_model" | "save_model" | "load_model" | "make_dataset" | "add_adapter" | "save_adapter" | "load_adapter" | "train" | "predict" | "evaluate" | "throughput" | "embed" | "fingerprint" | "release" | "cancel" | "shutdown"
  args: Record<string, unknown>
}

/** Why a request failed */
export interface ErrorInfo {
  code: "invalid_json" | "invalid_request" | "invalid_args" | "duplicate_id" | "unknown_model" | "unknown_dataset" | "no_adapter" | "adapter_mismatch" | "checkpoint_mismatch" | "not_found" | "io_error" | "cancelled" | "diverged" | "cuda_unavailable" | "out_of_memory" | "rank_failed" | "internal"
  message: string
  details: Record<string, unknown>
}

/** A successful response; result is checked against <Cmd>Result */
export interface OkResponse {
  id: Id
  ok: true
  result: Record<string, unknown>
}

/** A failed request; id is null when the request line could not be read */
export interface ErrorResponse {
  id: Id | null
  ok: false
  error: ErrorInfo
}

/** Streamed while a long command runs: at every log step and at least every 2 s */
export interface ProgressEvent {
  id: Id
  event: "progress"
  phase: "train" | "predict" | "evaluate" | "embed"
  /** Steps (train) or batches (predict, evaluate) done */
  step: number
  total_steps: number
  /** Mean training loss since the previous progress event (null outside training) */
  loss: number | null
  examples_per_s: number
  tokens_per_s: number
  /** Resident memory (CPU) or allocated device memory (CUDA) now, bytes */
  memory_bytes: number
  elapsed_s: number
}

/** A checkpoint was written completely (atomically renamed into place) */
export interface CheckpointEvent {
  id: Id
  event: "checkpoint"
  step: number
  path: Path
}

/** Any event */
export type WorkerEvent = ProgressEvent | CheckpointEvent

/** Any line the worker writes on stdout */
export type WorkerMessage = OkResponse | ErrorResponse | ProgressEvent | CheckpointEvent

/** Architecture of a small transformer */
export interface ModelConfig {
  /** classification: encoder + mean pooling + linear head; generation: causal decoder + LM head; masked_lm: encoder + LM head, trained on BERT-style masked positions (self-supervised pretraining) */
  task: "classification" | "generation" | "masked_lm"
  /** Token ids 0-3 are PAD, BOS, EOS, SEP; the byte tokenizer needs 260; masked_lm needs 261 (MASK = 260) */
  vocab_size: number
  /** Longest sequence, special tokens included */
  max_len: number
  d_model: number
  n_heads: number
  n_layers: number
  /** MLP width (default 4 * d_model) */
  d_ff?: number
  /** Classes (classification only) */
  num_labels?: number
  /** Dropout inside the base model (default 0) */
  dropout?: number
}

export interface ModelSummary {
  name: Name
  task: "classification" | "generation" | "masked_lm"
  device: "cpu" | "cuda"
  config: ModelConfig
  /** Base parameters */
  parameters: number
  base_sha256: Sha256
  /** Names of the Linear modules LoRA can target */
  linear_modules: string[]
  init_from?: InitFromSummary
}

/** Copy the trunk (embeddings, the first max_len positions, layers, final norm) of a model saved by save_model (path: its folder, config.json + model.safetensors); the head stays fresh from the seed. d_model, n_heads, d_ff and vocab_size must equal the base's; max_len and n_layers may be smaller */
export interface InitFrom {
  path: Path
  /** Base layer index of each new layer, distinct (default: the first n_layers) */
  layers?: number[]
}

/** What build_model copied from the base; base_sha256 is the fingerprint of its weights (equals its save_model base_sha256) */
export interface InitFromSummary {
  path: Path
  base_sha256: Sha256
  base_task: "classification" | "generation" | "masked_lm"
  base_n_layers: number
  base_max_len: number
  /** Base layer index of each new layer */
  layers: number[]
  /** Each new tensor and the base tensor it was copied from (embed_positions: its first max_len rows) */
  copied: Array<{
    name: string
    from: string
  }>
  /** Tensors initialised from the seed (the head) */
  fresh: string[]
}

export type InfoArgs = Record<string, never>

export interface InfoResult {
  protocol_version: number
  python: string
  torch: string
  cuda_available: boolean
  cuda_version: string | null
  /** What device auto resolves to */
  device: "cpu" | "cuda"
  device_name: string
  threads: number
  pid: number
  /** Mixed precision used on the auto device (null: float32) */
  autocast_dtype: "bfloat16" | null
  deterministic: boolean
}

/** Builds a base model with seeded random weights, its trunk optionally copied from a saved model (init_from) */
export interface BuildModelArgs {
  name: Name
  config: ModelConfig
  seed: Seed
  device?: Device
  init_from?: InitFrom
}

export type BuildModelResult = ModelSummary

/** Writes the base weights (model.safetensors) and config.json into the folder path; any adapter is not included */
export interface SaveModelArgs {
  model: Name
  path: Path
}

export interface SaveModelResult {
  path: Path
  files: string[]
  base_sha256: Sha256
}

/** Reads a folder written by save_model */
export interface LoadModelArgs {
  name: Name
  path: Path
  device?: Device
}

export type LoadModelResult = ModelSummary

/** Classification: each label owns keyword tokens; an input mixes its label's keywords, a few other labels' keywords and filler; label frequencies fall as 1/(label+1) */
export interface SyntheticTopicSource {
  kind: "synthetic_topic"
  n: number
  seed: Seed
  num_labels: number
  /** Longest input (tokens, before BOS) */
  seq_len: number
  vocab_size: number
  /** default 4 */
  keywords_per_label?: number
  /** Chance a position holds a keyword of the label (default 0.3) */
  signal?: number
}

/** Generation: the target is the input reversed */
export interface SyntheticReverseSource {
  kind: "synthetic_reverse"
  n: number
  seed: Seed
  /** Longest input */
  length: number
  /** Distinct tokens, ids 4..4+alphabet-1 */
  alphabet: number
}

/** Token ids (>= 4) given directly; labels make a classification set, targets a generation set, neither an unlabelled one */
export interface TokensSource {
  kind: "tokens"
  inputs: number[][]
  labels?: number[]
  targets?: number[][]
}

/** UTF-8 text through the byte tokenizer (token = 4 + byte) */
export interface TextsSource {
  kind: "texts"
  texts: string[]
  labels?: number[]
  targets?: string[]
  /** Cut each text into byte windows: one example per window, with its text's label; not with targets */
  window?: {
    /** Bytes per window (at most max_len - 1 fills a model: BOS takes one position) */
    length: number
    /** Bytes between window starts (default length: no overlap; at most length) */
    stride?: number
  }
}

export type DatasetSource = SyntheticTopicSource | SyntheticReverseSource | TokensSource | TextsSource

export interface MakeDatasetArgs {
  name: Name
  source: DatasetSource
}

export interface MakeDatasetResult {
  name: Name
  task: "classification" | "generation" | "unlabelled"
  n: number
  num_labels: number | null
  label_counts: number[] | null
  /** Share of the most frequent label: the accuracy of always guessing it */
  majority_rate: number | null
  /** Tokens over all examples, specials included */
  tokens: number
  max_len: number
  sha256: Sha256
  /** Texts the windows were cut from (windowed texts sources only) */
  source_texts?: number
}

export interface AdapterSummary {
  model: Name
  r: number
  alpha: number
  dropout: number
  target_modules: string[]
  /** Full names of the wrapped Linear modules */
  targets: string[]
  /** The add_adapter (or adapter_config.json) modules_to_save entries; empty without */
  modules_to_save: string[]
  /** Full names of the modules to save: each keeps its frozen original and trains a copy with the adapter (PEFT's ModulesToSaveWrapper) */
  saved_modules: string[]
  /** Parameters trained in lora mode: the adapters plus the copies of the modules to save */
  trainable_parameters: number
  adapter_sha256: Sha256
  /** qlora when the targets' base weights are NF4 (absent for plain LoRA) */
  method?: "qlora"
  /** qlora: whether the block constants are double quantised */
  double_quant?: boolean
  /** Bytes the model holds, from its tensors' storage */
  memory?: {
    /** base parameters in their own precision (NF4 layers' codes and constants apart) */
    base_weight_bytes: number
    /** packed 4-bit codes of the NF4 layers (two a byte) */
    nf4_code_bytes: number
    /** the NF4 layers' block constants (absmax; with double quantisation 8-bit codes, their absmax and offset) */
    quant_constant_bytes: number
    /** LoRA weights and trainable copies of modules to save */
    adapter_bytes: number
  }
}

/** Wraps the target Linear layers with fresh LoRA adapters (A uniform(+-1/sqrt(in)), B = 0, as PEFT); the base stays frozen except the trainable copies of modules_to_save */
export interface AddAdapterArgs {
  model: Name
  /** Rank */
  r: number
  /** Scale: the update is x A B * alpha / r */
  alpha: number
  /** Dropout on the adapter's input (default 0) */
  dropout?: number
  /** PEFT semantics: a Linear matches when its name equals an entry or ends with '.' + entry */
  target_modules: string[]
  /** PEFT's modules_to_save (e.g. ["classifier"] for a new head): each module whose name equals an entry or ends with '.' + entry is trained (a copy; the original stays frozen in the base) and saved with the adapter; LoRA skips the Linear layers inside it. Default none */
  modules_to_save?: string[]
  /** lora (default): adapters on the base as it is; qlora: the targets' frozen weights stored in 4-bit NormalFloat (blocks of 64, absmax scaling; QLoRA, Dettmers et al. 2023) and dequantised on the fly, adapters on top */
  method?: "lora" | "qlora"
  /** qlora: quantise the block constants again (8-bit dynamic map, blocks of 256), as QLoRA's double quantisation (default true) */
  double_quant?: boolean
  seed: Seed
}

export type AddAdapterResult = AdapterSummary

/** Writes the PEFT layout: adapter_config.json + adapter_model.safetensors */
export interface SaveAdapterArgs {
  model: Name
  path: Path
}

export interface SaveAdapterResult {
  path: Path
  files: string[]
  adapter_sha256: Sha256
}

/** Reads a PEFT LoRA adapter folder and attaches it (replacing any adapter) */
export interface LoadAdapterArgs {
  model: Name
  path: Path
  /** Refuse an adapter saved for different base weights (default true) */
  strict?: boolean
}

export type LoadAdapterResult = AdapterSummary

export interface TrainArgs {
  model: Name
  dataset: Name
  steps: number
  batch_size: number
  lr: number
  seed: Seed
  /** lora: Adam on the adapters only, base frozen; full: Adam on every base weight (needs a model without adapter) */
  mode?: "lora" | "full"
  /** Steps per entry of the result's loss log and per progress event (default 10) */
  log_every?: number
  checkpoint_dir?: Path
  /** Steps between checkpoints (needs checkpoint_dir) */
  checkpoint_every?: number
  /** Newest checkpoints kept (default 2) */
  keep_checkpoints?: number
  /** Continue from the newest checkpoint in checkpoint_dir when there is one (default false) */
  resume?: boolean
  /** Measure the run's peak tensor memory above what was allocated before its first step (the result's peak_memory_increase_bytes; default false): free on CUDA, on the CPU it runs torch's memory profiler over every step, which slows small steps about 2.7x and takes about 4x the training time again to read its events (150 steps of the test classifier: 1.2 s -> 3.1 s, then 13.5 s) */
  measure_peak_memory?: boolean
  /** Data-parallel training processes on each machine (default 1): N > 1 (or nodes > 1) runs DistributedDataParallel over processes x nodes ranks (gloo on CPU, nccl on CUDA, one GPU each); the global batch (batch_size) is split evenly over them, so their number must divide it; rank 0 reports progress and writes checkpoints */
  processes?: number
  /** Who starts the ranks (default torchrun): torchrun runs PyTorch's launcher (torch.distributed.run) on a job folder, on one machine or several; spawn starts them from the worker with torch.multiprocessing, on this machine only, about a second sooner */
  launcher?: "torchrun" | "spawn"
  /** Machines in the run (default 1; launcher torchrun). With more than one, this machine is node 0 and holds rank 0; each other machine runs the torchrun command of the README with its --node_rank and the same job_dir; needs job_dir, master_addr and master_port */
  nodes?: number
  /** With nodes > 1: the address of this machine (node 0) that the other nodes reach (torchrun --master_addr) */
  master_addr?: string
  /** With nodes > 1: a free TCP port on this machine for torchrun's rendezvous (--master_port) */
  master_port?: number
  /** The folder torchrun's ranks read the job from and rank 0 reports through (default: a temporary folder, removed afterwards). With nodes > 1 every node must read it: a shared filesystem, or a copy of job.pt */
  job_dir?: string
}

/** Mean training loss over the steps since the previous point */
export interface LossPoint {
  step: number
  loss: number
}

export interface TrainResult {
  mode: "lora" | "full"
  device: "cpu" | "cuda"
  steps: number
  /** Step resumed from (0: fresh run) */
  start_step: number
  losses: LossPoint[]
  final_loss: number
  /** Compute time of the steps run by this call */
  seconds: number
  step_ms_median: number
  examples_per_s: number
  tokens_per_s: number
  peak_memory_bytes: number
  /** Peak tensor memory above what was allocated when the first step began (bytes): gradients, optimiser state, activations and transient tensors; CUDA max_memory_allocated minus memory_allocated at the start, or on the CPU the peak of the CPU allocator's events under torch's profiler; null unless measure_peak_memory */
  peak_memory_increase_bytes: number | null
  trainable_parameters: number
  optimizer_state_bytes: number
  /** Bytes of the trained parameters' gradients after the last step */
  gradient_bytes: number
  /** Parameters that received a gradient in the last step */
  params_with_grad: string[]
  checkpoints: Path[]
}

export interface PredictArgs {
  model: Name
  dataset: Name
  /** classification: labels or probabilities (both returned for probabilities); generation: text (token ids, and strings when decodable) */
  output?: "labels" | "probabilities" | "text"
  batch_size?: number
  /** Generation only (default 32) */
  max_new_tokens?: number
}

export interface PredictResult {
  n: number
  labels?: number[]
  probabilities?: number[][]
  token_ids?: number[][]
  texts?: Array<string | null>
}

export interface EvaluateArgs {
  model: Name
  dataset: Name
  batch_size?: number
  max_new_tokens?: number
  /** masked_lm: seed of the masking draws (batch b uses (seed, b); default 0) */
  seed?: number
}

export interface EvaluateResult {
  n: number
  task: "classification" | "generation" | "masked_lm"
  loss: number
  /** classification: label accuracy; generation: exact match of greedy generations; masked_lm: accuracy at the masked positions */
  accuracy: number
  /** generation: teacher-forced next-token accuracy on targets */
  token_accuracy: number | null
  majority_rate: number | null
  /** masked_lm: positions scored */
  masked_tokens?: number
}

/** Batched inference speed of a model on a dataset: per batch size, warm-up batches, then timed batches one by one (padding to outputs on the CPU); median and p95 latency, requests/s and tokens/s at the median */
export interface ThroughputArgs {
  model: Name
  dataset: Name
  /** Default [1, 8, 32] */
  batch_sizes?: number[]
  /** Untimed batches per batch size (default 2) */
  warmup?: number
  /** Timed batches per batch size (default 10) */
  repeats?: number
}

export interface ThroughputRow {
  batch_size: number
  repeats: number
  warmup: number
  /** Median time of one batch, ms */
  latency_ms_p50: number
  /** 95th percentile (linear interpolation), ms */
  latency_ms_p95: number
  latency_ms_min: number
  /** batch_size / median latency */
  requests_per_s: number
  /** Mean non-pad tokens per batch / median latency */
  tokens_per_s: number
  tokens_per_batch: number
}

export interface ThroughputResult {
  model: Name
  dataset: Name
  task: "classification" | "generation" | "masked_lm"
  max_len: number
  device: "cpu" | "cuda"
  /** GPU model, or the CPU model from /proc/cpuinfo */
  device_name: string
  /** torch.get_num_threads() */
  threads: number
  torch: string
  python: string
  /** Precision of the forward pass */
  dtype: "float32" | "bfloat16"
  /** All weights of the model (adapters included) */
  parameters: number
  /** Wall time of the whole measurement */
  seconds: number
  results: ThroughputRow[]
}

/** SHA-256 of the base weights and of the adapter (names, dtypes, shapes and bytes) */
export interface FingerprintArgs {
  model: Name
}

export interface FingerprintResult {
  base_sha256: Sha256
  adapter_sha256: Sha256 | null
  base_parameters: number
  adapter_parameters: number
}

/** Frees models and datasets */
export interface ReleaseArgs {
  models?: Name[]
  datasets?: Name[]
}

export interface ReleaseResult {
  released: Name[]
}

/** Stops a queued or running request, which then fails with code cancelled; handled at once, out of order */
export interface CancelArgs {
  target: Id
}

export interface CancelResult {
  /** false when the target was not queued or running */
  cancelled: boolean
}

/** Answers, then the worker exits 0 after the requests queued before it */
export type ShutdownArgs = Record<string, never>

export type ShutdownResult = Record<string, never>

/** The mean-pooled encoder states of each example of a dataset (what a classifier's head reads), for drift checks on the model's representations; encoders only */
export interface EmbedArgs {
  model: Name
  dataset: Name
  /** Default 64 */
  batch_size?: number
  /** Rounding of each value (default 6): keeps the answer small */
  decimals?: number
}

export interface EmbedResult {
  n: number
  dim: number
  /** One row of dim values per example, in dataset order */
  embeddings: number[][]
}

/** The commands the worker understands. */
export type Command = "info" | "build_model" | "save_model" | "load_model" | "make_dataset" | "add_adapter" | "save_adapter" | "load_adapter" | "train" | "predict" | "evaluate" | "throughput" | "embed" | "fingerprint" | "release" | "cancel" | "shutdown"

/** Each command's arguments and result. */
export interface CommandMap {
  info: { args: InfoArgs; result: InfoResult }
  build_model: { args: BuildModelArgs; result: BuildModelResult }
  save_model: { args: SaveModelArgs; result: SaveModelResult }
  load_model: { args: LoadModelArgs; result: LoadModelResult }
  make_dataset: { args: MakeDatasetArgs; result: MakeDatasetResult }
  add_adapter: { args: AddAdapterArgs; result: AddAdapterResult }
  save_adapter: { args: SaveAdapterArgs; result: SaveAdapterResult }
  load_adapter: { args: LoadAdapterArgs; result: LoadAdapterResult }
  train: { args: TrainArgs; result: TrainResult }
  predict: { args: PredictArgs; result: PredictResult }
  evaluate: { args: EvaluateArgs; result: EvaluateResult }
  throughput: { args: ThroughputArgs; result: ThroughputResult }
  embed: { args: EmbedArgs; result: EmbedResult }
  fingerprint: { args: FingerprintArgs; result: FingerprintResult }
  release: { args: ReleaseArgs; result: ReleaseResult }
  cancel: { args: CancelArgs; result: CancelResult }
  shutdown: { args: ShutdownArgs; result: ShutdownResult }
}
