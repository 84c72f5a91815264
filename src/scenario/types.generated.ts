// Written by `npm run schema` from src/scenario/schema.ts (through src/scenario/type-source.ts):
// do not edit. test/scenario/types.test.ts holds these types equal to the TypeBox ones.

/** An uncertain value: a distribution chosen by "dist", optionally truncated */
export type DistributionSpec =
  | {
    dist: "fixed"
    /** the value */
    value: number
    /** Cut the distribution to [min, max] and renormalise; either end may be left out */
    truncate?: {
      /** lowest value kept, in the units of the field */
      min?: number
      /** highest value kept, in the units of the field */
      max?: number
    }
  }
  | {
    dist: "uniform"
    /** lowest value */
    min: number
    /** highest value (> min) */
    max: number
    /** Cut the distribution to [min, max] and renormalise; either end may be left out */
    truncate?: {
      /** lowest value kept, in the units of the field */
      min?: number
      /** highest value kept, in the units of the field */
      max?: number
    }
  }
  | {
    dist: "triangular"
    /** lowest value */
    min: number
    /** most likely value (min <= mode <= max) */
    mode: number
    /** highest value (> min) */
    max: number
    /** Cut the distribution to [min, max] and renormalise; either end may be left out */
    truncate?: {
      /** lowest value kept, in the units of the field */
      min?: number
      /** highest value kept, in the units of the field */
      max?: number
    }
  }
  | {
    dist: "pert"
    /** lowest value */
    min: number
    /** most likely value (min <= mode <= max) */
    mode: number
    /** highest value (> min) */
    max: number
    /** weight of the mode (> 0); 4 when left out (classic PERT) */
    lambda?: number
    /** Cut the distribution to [min, max] and renormalise; either end may be left out */
    truncate?: {
      /** lowest value kept, in the units of the field */
      min?: number
      /** highest value kept, in the units of the field */
      max?: number
    }
  }
  | {
    dist: "normal"
    /** mean */
    mean: number
    /** standard deviation (> 0) */
    sd: number
    /** Cut the distribution to [min, max] and renormalise; either end may be left out */
    truncate?: {
      /** lowest value kept, in the units of the field */
      min?: number
      /** highest value kept, in the units of the field */
      max?: number
    }
  }
  | {
    dist: "lognormal"
    /** mean of log(value); give with sigma */
    mu?: number
    /** standard deviation of log(value) (> 0); give with mu */
    sigma?: number
    /** mean of the value (> 0); give with sd, instead of mu and sigma */
    mean?: number
    /** standard deviation of the value (> 0); give with mean */
    sd?: number
    /** Cut the distribution to [min, max] and renormalise; either end may be left out */
    truncate?: {
      /** lowest value kept, in the units of the field */
      min?: number
      /** highest value kept, in the units of the field */
      max?: number
    }
  }
  | {
    dist: "beta"
    /** first shape (> 0): successes + 1 for a rate measured as successes of trials, with a flat prior */
    alpha: number
    /** second shape (> 0): failures + 1 */
    beta: number
    /** lower end of the range (default 0) */
    min?: number
    /** upper end of the range (default 1) */
    max?: number
    /** Cut the distribution to [min, max] and renormalise; either end may be left out */
    truncate?: {
      /** lowest value kept, in the units of the field */
      min?: number
      /** highest value kept, in the units of the field */
      max?: number
    }
  }

/** Inputs to the payback decision: the task, its volume, prices, people and quality: as written in a file (defaults filled in); numeric fields may be distributions. */
export type ScenarioInput = {
  $schema?: string
  /** short name of the scenario */
  name: string
  /** what the scenario is, for reports */
  description?: string
  /** The task and its volume */
  task: {
    /** What the model does: classification (a label), extraction (JSON fields) or generation (text) */
    kind: "classification" | "extraction" | "generation"
    /** The task in words */
    description?: string
    /** the item itself: the ticket, document or message (at most 2e6 tokens per request: the largest context windows hold about 2 million tokens (the bundled price table: 1,310,720)) */
    inputTokens: number | DistributionSpec
    /** the answer the model writes (at most 2e6 tokens per request: the largest context windows hold about 2 million tokens (the bundled price table: 1,310,720)) */
    outputTokens: number | DistributionSpec
    /** instructions in the prompt; fine-tuning removes them (at most 2e6 tokens per request: the largest context windows hold about 2 million tokens (the bundled price table: 1,310,720)) */
    instructionTokens: number | DistributionSpec
    /** few-shot examples in the prompt; fine-tuning removes them (at most 2e6 tokens per request: the largest context windows hold about 2 million tokens (the bundled price table: 1,310,720)) */
    fewShotTokens: number | DistributionSpec
    /** the short instruction a fine-tuned or distilled model still gets (at most 2e6 tokens per request: the largest context windows hold about 2 million tokens (the bundled price table: 1,310,720)) */
    adaptedInstructionTokens: number | DistributionSpec
    /** retrieved context added to each request by the RAG strategies (at most 2e6 tokens per request: the largest context windows hold about 2 million tokens (the bundled price table: 1,310,720)) */
    retrievedContextTokens: number | DistributionSpec
    /** requests in the first month (at most 1e13 requests per month: the largest providers serve about 1e15 tokens a month, some 1e13 requests of 100 tokens) */
    requestsPerMonth: number | DistributionSpec
    /** compound growth of the volume per month (fraction: 0.03 = 3 % a month) (at most 1 fraction per month: 1 = the volume doubles every month; above 0.2 a warning) */
    monthlyGrowth: number | DistributionSpec
    /** months over which costs are compared (at most 120 months: the longest horizon payback compares) */
    horizonMonths: number
    /** annual discount rate for present values (fraction per year) */
    annualDiscountRate: number | DistributionSpec
    /** the quality a strategy must reach to be considered (fraction: accuracy or agreement) */
    qualityTarget: number | DistributionSpec
  }
  /** Facts about the task that the decision rules read */
  facts: {
    /** the task definition is stable (not still changing week to week) */
    stable: boolean
    /** the wanted behaviour is easier to show with examples than to write down as instructions */
    behaviourEasyToDemonstrateHardToSpecify: boolean
    /** the task depends on factual knowledge that changes often */
    factsChangeOften: boolean
    /** the labels, categories or output format change often */
    categoriesChangeOften: boolean
    /** the frontier model already produces outputs good enough to learn from */
    goodFrontierOutputs: boolean
    /** outputs must always parse against a format (JSON schema, label set) */
    formatGuaranteesNeeded: boolean
    /** good labelled examples the team already has (at most 1e9 examples: a billion labelled or generated examples is beyond any fine-tuning set) */
    labelledExamples: number
    /** a one-off job rather than a standing workload */
    oneOff: boolean
    /** the task itself is still being defined */
    stillBeingDefined: boolean
  }
  /** The frontier model: prompted directly, and the teacher for distillation */
  frontier: {
    /** provider id in @pydantic/genai-prices, e.g. openai, anthropic, google */
    provider: string
    /** model id, e.g. gpt-4.1, claude-sonnet-4-5 */
    model: string
    /** Explicit prices; they replace the price table for this model */
    prices?: {
      /** price of one million input tokens (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
      inputPerMTokUSD: number | DistributionSpec
      /** price of one million output tokens (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
      outputPerMTokUSD: number | DistributionSpec
      /** price of one million cached input tokens read (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
      cacheReadPerMTokUSD?: number | DistributionSpec
      /** price of one million input tokens written to the cache (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
      cacheWritePerMTokUSD?: number | DistributionSpec
    }
    /** Prompt caching of the shared prefix; applied only where the price table (or prices) has a cached-read price */
    promptCaching: {
      /** the instruction and few-shot prefix is sent so the provider can cache it */
      enabled: boolean
      /** share of requests whose prefix is read from the cache */
      hitRate: number | DistributionSpec
    }
    /** compound change of frontier token prices per month (fraction: -0.02 = prices fall 2 % a month); applies to prompting, escalation and teacher data */
    priceChangePerMonth: number | DistributionSpec
    /** Batch API discount (not in the price table: stated here) */
    batch: {
      /** share of production requests that tolerate batch latency (hours) */
      share: number | DistributionSpec
      /** price reduction of the batch API (fraction; OpenAI and Anthropic batch APIs: 0.5) */
      discount: number | DistributionSpec
      /** teacher data and evaluation labels are generated offline through the batch API */
      teacherUsesBatch: boolean
    }
  }
  /** The small model that is fine-tuned or distilled into */
  smallModel: {
    /** what the small model is, for reports */
    name: string
    /** api or self-hosted */
    hosting: {
      /** hosted by an API provider */
      kind: "api"
      /** provider id in @pydantic/genai-prices */
      provider: string
      /** the fine-tuned model id as priced, e.g. ft:gpt-4o-mini */
      model: string
      /** Explicit prices; they replace the price table for this model */
      prices?: {
        /** price of one million input tokens (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
        inputPerMTokUSD: number | DistributionSpec
        /** price of one million output tokens (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
        outputPerMTokUSD: number | DistributionSpec
        /** price of one million cached input tokens read (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
        cacheReadPerMTokUSD?: number | DistributionSpec
        /** price of one million input tokens written to the cache (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
        cacheWritePerMTokUSD?: number | DistributionSpec
      }
      /** training price per million training tokens (tokens in the file x epochs) (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
      trainingPerMTokUSD: number | DistributionSpec
      /** minimum charge per training job (at most 1e7 USD per training job: a minimum charge above $10 M is not a fine-tuning price) */
      minimumTrainingUSD: number | DistributionSpec
    } | {
      /** served on rented GPUs */
      kind: "self-hosted"
      /** GPU id in data/gpus.json, e.g. nvidia-l4 */
      gpu: string
      /** price of one GPU-hour; default: the list price in data/gpus.json (at most 100 USD per GPU-hour: list prices of the largest data-centre GPUs are below $15 an hour) */
      gpuHourUSD?: number | DistributionSpec
      /** sustained requests per second one GPU serves for the adapted prompt, measured (a load test of your own); it overrides the serving model, which derives the figure from tokens, architecture and GPU when this is left out (at most 100000 requests per second per GPU: a small model on short prompts serves thousands a second at most) */
      requestsPerSecondPerGpu?: number | DistributionSpec
      /** where requestsPerSecondPerGpu comes from (a load test, a benchmark): reports quote it */
      requestsPerSecondSource?: string
      /** the same with retrieved context; default: the serving model, or with a stated requestsPerSecondPerGpu that figure scaled by (input + output) / (input + context + output) tokens (at most 100000 requests per second per GPU: a small model on short prompts serves thousands a second at most) */
      ragRequestsPerSecondPerGpu?: number | DistributionSpec
      /** bits a served weight is stored in (the serving model): 16, 8 (fp8/int8) or 4 (weight-only) */
      weightBits: 16 | 8 | 4
      /** bits of a KV-cache entry (the serving model) */
      kvCacheBits: 16 | 8
      /** most sequences the serving engine batches at once (vLLM's max_num_seqs); default: as many as the KV cache holds (at most 1e6 sequences: a million sequences in one batch is beyond any GPU's KV cache) */
      concurrency?: number
      /** latency the serving model must meet: it plans the largest batch that does */
      latencyTarget?: {
        /** time to first token at most (milliseconds) (at most 600000 milliseconds: ten minutes is not an interactive latency) */
        timeToFirstTokenMs?: number | DistributionSpec
        /** time per output token at most (milliseconds); the plan takes the largest batch that meets it (at most 600000 milliseconds: ten minutes is not an interactive latency) */
        timePerOutputTokenMs?: number | DistributionSpec
      }
      /** efficiencies of the serving model (README: serving from first principles) */
      servingEfficiency?: {
        /** share of the compute peak prefill reaches (default: the calibration fit, 0.51) */
        compute: number | DistributionSpec
        /** share of the memory bandwidth a decode step reaches (default: the calibration fit, 0.72) */
        bandwidth: number | DistributionSpec
      }
      /** share of a GPU capacity planned to be used at peak (headroom for bursts) */
      targetUtilisation: number | DistributionSpec
      /** peak traffic over average traffic; autoscaling and serverless use a von Mises day with this peak (at most 24: all in one hour) (at most 100 ratio: peaks a hundred times the average traffic) */
      peakToAverage: number | DistributionSpec
      /** traffic in each hour of the day, any scale (e.g. requests per hour from your logs); replaces peakToAverage */
      hourlyWeights?: number[]
      /** how GPUs are paid for: always-on, autoscaling or serverless */
      scaling: {
        /** replicas for the peak, running all month */
        kind: "always-on"
      } | {
        /** whole GPUs added and removed hour by hour with the traffic */
        kind: "autoscaling"
        /** minutes a GPU is started (and billed) before the hour that needs it */
        scaleUpLagMinutes: number | DistributionSpec
      } | {
        /** GPUs billed per second, scaled to zero when idle */
        kind: "serverless"
        /** price of one GPU-second; default: the GPU-hour price / 3,600 (data/gpus.json lists Modal per-second prices for T4 and L4) */
        gpuSecondUSD?: number | DistributionSpec
        /** seconds a container stays up after its last request */
        idleTimeoutSeconds: number | DistributionSpec
        /** GPU-seconds billed for a cold start (published figures: 5-10 s small models on fast storage to 460 s for vLLM with a 27B model; data/serving-benchmarks.json) */
        coldStartSeconds: number | DistributionSpec
      }
      /** GPUs kept running whatever the load (availability) (at most 10000 GPUs: ten thousand GPUs kept running for one small model) */
      minReplicas: number
      /** the base model: a preset name (payback estimate --list) or its config */
      architecture: string | {
        name: string
        /** transformer blocks (at most 1000 blocks: the deepest published decoders have about 130) */
        layers: number
        /** hidden size (d_model) (at most 1e6 units: hidden and MLP sizes of published decoders stay below 60,000) */
        hidden: number
        /** MLP inner size (at most 1e6 units: hidden and MLP sizes of published decoders stay below 60,000) */
        intermediate: number
        /** attention heads; must divide hidden unless headDim is given (at most 10000 heads: published decoders have at most a few hundred) */
        heads: number
        /** key/value heads (grouped-query attention); must divide heads (at most 10000 heads: published decoders have at most a few hundred) */
        kvHeads: number
        /** vocabulary size (at most 1e7 tokens: published vocabularies have at most about 260,000 entries) */
        vocab: number
        /** the output head shares the embedding matrix */
        tiedEmbeddings: boolean
        /** gated (SwiGLU: gate, up, down) or standard (up, down) */
        mlp: "gated" | "standard"
        /** width of one attention head; default hidden / heads (at most 1e6 units: hidden and MLP sizes of published decoders stay below 60,000) */
        headDim?: number
        /** q, k and v projections carry biases (Qwen2) */
        attentionBias?: boolean
        /** norm weight vectors per block; default 2 (at most 16 norm vectors per block: published blocks have 2 to 4) */
        normsPerLayer?: number
      }
      /** adapter training method */
      method: "lora" | "qlora"
      /** LoRA rank r (at most 1024 rank: published LoRA fine-tunes use ranks of 8 to 256; above 1024 an adapter is no longer low-rank) */
      loraRank: number
      /** linear modules that get adapters */
      targetModules: string[]
      /** GPU id for training; default: the serving GPU */
      trainingGpu?: string
      /** model FLOPs utilisation reached in training (fraction of peak bf16 FLOP/s) */
      trainingUtilisation: number | DistributionSpec
      /** GPU-hours per training run beyond the FLOPs: loading, checkpoints, evaluation passes (at most 10000 GPU-hours per training run: a year of one GPU spent beyond the FLOPs) */
      trainingOverheadHours: number | DistributionSpec
    }
  }
  /** How the small model is trained, evaluated and kept fresh */
  adaptation: {
    /** examples the model trains on, after the teacher filter (at most 1e9 examples: a billion labelled or generated examples is beyond any fine-tuning set) */
    trainingExamples: number
    /** share of teacher outputs that pass the quality filter (fraction) */
    teacherPassRate: number | DistributionSpec
    /** tokens the teacher writes per training example; default: task.outputTokens (at most 2e6 tokens per request: the largest context windows hold about 2 million tokens (the bundled price table: 1,310,720)) */
    teacherOutputTokens?: number | DistributionSpec
    /** passes over the training set */
    epochs: number | DistributionSpec
    /** held-out examples used to measure agreement (at most 1e9 examples: a billion labelled or generated examples is beyond any fine-tuning set) */
    evalSetSize: number
    /** cost of one human-labelled example beyond those the team has (fine-tune only) (at most 10000 USD per item: expert review or labelling costs at most hundreds of dollars an item) */
    labelUSDPerExample: number | DistributionSpec
    /** retrain every N months with fresh data, training and evaluation; 0 = never (at most 120 months: the longest horizon payback compares) */
    retrainEveryMonths: number
    /** share of the training set made afresh at each retraining (fraction) */
    retrainFreshShare: number | DistributionSpec
  }
  /** Retrieval: embedding, index and store */
  rag: {
    embedding: {
      provider: string
      /** embedding model id, e.g. text-embedding-3-small */
      model: string
      /** Explicit prices; they replace the price table for this model */
      prices?: {
        /** price of one million input tokens (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
        inputPerMTokUSD: number | DistributionSpec
        /** price of one million output tokens (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
        outputPerMTokUSD: number | DistributionSpec
        /** price of one million cached input tokens read (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
        cacheReadPerMTokUSD?: number | DistributionSpec
        /** price of one million input tokens written to the cache (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
        cacheWritePerMTokUSD?: number | DistributionSpec
      }
    }
    /** tokens in the corpus that is embedded (at most 1e15 tokens: ten times the largest web crawls used for pre-training (about 1e14 tokens)) */
    corpusTokens: number | DistributionSpec
    /** size of the vector index (at most 1e7 GB: 10 PB of vector index) */
    vectorStoreGB: number | DistributionSpec
    /** vector store price per GB-month (at most 1000 USD per GB-month: managed vector stores charge under $1 per GB-month) */
    vectorStoreUSDPerGBMonth: number | DistributionSpec
    /** vector store price of one million similarity queries (serverless read units) (at most 10000 USD per million queries: serverless vector stores charge tens of dollars per million reads) */
    vectorQueryUSDPerMillion: number | DistributionSpec
    /** share of the corpus re-embedded each month as facts change */
    reindexSharePerMonth: number | DistributionSpec
  }
  /** People: mostly what adaptation costs */
  people: {
    /** fully loaded cost of one engineer for one month (salary, benefits, overhead) (at most 1e6 USD per person-month: a fully loaded engineer costs well under $100,000 a month) */
    loadedMonthlyUSD: number | DistributionSpec
    /** one-time engineering to build each strategy (person-months) */
    setupPersonMonths: {
      /** person-months to build prompt (at most 10000 person-months: a hundred people for a hundred months) */
      prompt: number | DistributionSpec
      /** person-months to build rag (at most 10000 person-months: a hundred people for a hundred months) */
      rag: number | DistributionSpec
      /** person-months to build finetune (at most 10000 person-months: a hundred people for a hundred months) */
      finetune: number | DistributionSpec
      /** person-months to build distill (at most 10000 person-months: a hundred people for a hundred months) */
      distill: number | DistributionSpec
      /** person-months to build distill+rag (at most 10000 person-months: a hundred people for a hundred months) */
      "distill+rag": number | DistributionSpec
    }
    /** ongoing engineering: monitoring, evaluation, on-call (person-months per month) */
    maintenancePersonMonthsPerMonth: {
      /** person-months per month to run prompt (at most 1000 person-months per month: a thousand people full time) */
      prompt: number | DistributionSpec
      /** person-months per month to run rag (at most 1000 person-months per month: a thousand people full time) */
      rag: number | DistributionSpec
      /** person-months per month to run finetune (at most 1000 person-months per month: a thousand people full time) */
      finetune: number | DistributionSpec
      /** person-months per month to run distill (at most 1000 person-months per month: a thousand people full time) */
      distill: number | DistributionSpec
      /** person-months per month to run distill+rag (at most 1000 person-months per month: a thousand people full time) */
      "distill+rag": number | DistributionSpec
    }
  }
  /** The hard tail: what the small model cannot do alone */
  hardTail: {
    /** share of small-model requests escalated to the frontier model with the full prompt */
    escalationShare: number | DistributionSpec
    /** drift: added escalation share per month since the small model was last trained, until retraining resets it (fraction per month) */
    escalationDriftPerMonth: number | DistributionSpec
    /** share of requests sent to human review, per strategy (fraction) */
    humanReviewShare: {
      /** share of prompt requests reviewed by a person */
      prompt: number | DistributionSpec
      /** share of rag requests reviewed by a person */
      rag: number | DistributionSpec
      /** share of finetune requests reviewed by a person */
      finetune: number | DistributionSpec
      /** share of distill requests reviewed by a person */
      distill: number | DistributionSpec
      /** share of distill+rag requests reviewed by a person */
      "distill+rag": number | DistributionSpec
    }
    /** cost of one human review (at most 10000 USD per item: expert review or labelling costs at most hundreds of dollars an item) */
    humanReviewUSDPerItem: number | DistributionSpec
  }
  /** expected quality of each strategy on the task, the hard tail handled (fraction: accuracy or agreement) */
  quality: {
    /** expected quality of prompt (fraction) */
    prompt: number | DistributionSpec
    /** expected quality of rag (fraction) */
    rag: number | DistributionSpec
    /** expected quality of finetune (fraction) */
    finetune: number | DistributionSpec
    /** expected quality of distill (fraction) */
    distill: number | DistributionSpec
    /** expected quality of distill+rag (fraction) */
    "distill+rag": number | DistributionSpec
  }
}

/** Inputs to the payback decision: the task, its volume, prices, people and quality: every numeric field a number (distributions replaced by their means). */
export type Scenario = {
  $schema?: string
  /** short name of the scenario */
  name: string
  /** what the scenario is, for reports */
  description?: string
  /** The task and its volume */
  task: {
    /** What the model does: classification (a label), extraction (JSON fields) or generation (text) */
    kind: "classification" | "extraction" | "generation"
    /** The task in words */
    description?: string
    /** the item itself: the ticket, document or message (at most 2e6 tokens per request: the largest context windows hold about 2 million tokens (the bundled price table: 1,310,720)) */
    inputTokens: number
    /** the answer the model writes (at most 2e6 tokens per request: the largest context windows hold about 2 million tokens (the bundled price table: 1,310,720)) */
    outputTokens: number
    /** instructions in the prompt; fine-tuning removes them (at most 2e6 tokens per request: the largest context windows hold about 2 million tokens (the bundled price table: 1,310,720)) */
    instructionTokens: number
    /** few-shot examples in the prompt; fine-tuning removes them (at most 2e6 tokens per request: the largest context windows hold about 2 million tokens (the bundled price table: 1,310,720)) */
    fewShotTokens: number
    /** the short instruction a fine-tuned or distilled model still gets (at most 2e6 tokens per request: the largest context windows hold about 2 million tokens (the bundled price table: 1,310,720)) */
    adaptedInstructionTokens: number
    /** retrieved context added to each request by the RAG strategies (at most 2e6 tokens per request: the largest context windows hold about 2 million tokens (the bundled price table: 1,310,720)) */
    retrievedContextTokens: number
    /** requests in the first month (at most 1e13 requests per month: the largest providers serve about 1e15 tokens a month, some 1e13 requests of 100 tokens) */
    requestsPerMonth: number
    /** compound growth of the volume per month (fraction: 0.03 = 3 % a month) (at most 1 fraction per month: 1 = the volume doubles every month; above 0.2 a warning) */
    monthlyGrowth: number
    /** months over which costs are compared (at most 120 months: the longest horizon payback compares) */
    horizonMonths: number
    /** annual discount rate for present values (fraction per year) */
    annualDiscountRate: number
    /** the quality a strategy must reach to be considered (fraction: accuracy or agreement) */
    qualityTarget: number
  }
  /** Facts about the task that the decision rules read */
  facts: {
    /** the task definition is stable (not still changing week to week) */
    stable: boolean
    /** the wanted behaviour is easier to show with examples than to write down as instructions */
    behaviourEasyToDemonstrateHardToSpecify: boolean
    /** the task depends on factual knowledge that changes often */
    factsChangeOften: boolean
    /** the labels, categories or output format change often */
    categoriesChangeOften: boolean
    /** the frontier model already produces outputs good enough to learn from */
    goodFrontierOutputs: boolean
    /** outputs must always parse against a format (JSON schema, label set) */
    formatGuaranteesNeeded: boolean
    /** good labelled examples the team already has (at most 1e9 examples: a billion labelled or generated examples is beyond any fine-tuning set) */
    labelledExamples: number
    /** a one-off job rather than a standing workload */
    oneOff: boolean
    /** the task itself is still being defined */
    stillBeingDefined: boolean
  }
  /** The frontier model: prompted directly, and the teacher for distillation */
  frontier: {
    /** provider id in @pydantic/genai-prices, e.g. openai, anthropic, google */
    provider: string
    /** model id, e.g. gpt-4.1, claude-sonnet-4-5 */
    model: string
    /** Explicit prices; they replace the price table for this model */
    prices?: {
      /** price of one million input tokens (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
      inputPerMTokUSD: number
      /** price of one million output tokens (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
      outputPerMTokUSD: number
      /** price of one million cached input tokens read (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
      cacheReadPerMTokUSD?: number
      /** price of one million input tokens written to the cache (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
      cacheWritePerMTokUSD?: number
    }
    /** Prompt caching of the shared prefix; applied only where the price table (or prices) has a cached-read price */
    promptCaching: {
      /** the instruction and few-shot prefix is sent so the provider can cache it */
      enabled: boolean
      /** share of requests whose prefix is read from the cache */
      hitRate: number
    }
    /** compound change of frontier token prices per month (fraction: -0.02 = prices fall 2 % a month); applies to prompting, escalation and teacher data */
    priceChangePerMonth: number
    /** Batch API discount (not in the price table: stated here) */
    batch: {
      /** share of production requests that tolerate batch latency (hours) */
      share: number
      /** price reduction of the batch API (fraction; OpenAI and Anthropic batch APIs: 0.5) */
      discount: number
      /** teacher data and evaluation labels are generated offline through the batch API */
      teacherUsesBatch: boolean
    }
  }
  /** The small model that is fine-tuned or distilled into */
  smallModel: {
    /** what the small model is, for reports */
    name: string
    /** api or self-hosted */
    hosting: {
      /** hosted by an API provider */
      kind: "api"
      /** provider id in @pydantic/genai-prices */
      provider: string
      /** the fine-tuned model id as priced, e.g. ft:gpt-4o-mini */
      model: string
      /** Explicit prices; they replace the price table for this model */
      prices?: {
        /** price of one million input tokens (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
        inputPerMTokUSD: number
        /** price of one million output tokens (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
        outputPerMTokUSD: number
        /** price of one million cached input tokens read (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
        cacheReadPerMTokUSD?: number
        /** price of one million input tokens written to the cache (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
        cacheWritePerMTokUSD?: number
      }
      /** training price per million training tokens (tokens in the file x epochs) (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
      trainingPerMTokUSD: number
      /** minimum charge per training job (at most 1e7 USD per training job: a minimum charge above $10 M is not a fine-tuning price) */
      minimumTrainingUSD: number
    } | {
      /** served on rented GPUs */
      kind: "self-hosted"
      /** GPU id in data/gpus.json, e.g. nvidia-l4 */
      gpu: string
      /** price of one GPU-hour; default: the list price in data/gpus.json (at most 100 USD per GPU-hour: list prices of the largest data-centre GPUs are below $15 an hour) */
      gpuHourUSD?: number
      /** sustained requests per second one GPU serves for the adapted prompt, measured (a load test of your own); it overrides the serving model, which derives the figure from tokens, architecture and GPU when this is left out (at most 100000 requests per second per GPU: a small model on short prompts serves thousands a second at most) */
      requestsPerSecondPerGpu?: number
      /** where requestsPerSecondPerGpu comes from (a load test, a benchmark): reports quote it */
      requestsPerSecondSource?: string
      /** the same with retrieved context; default: the serving model, or with a stated requestsPerSecondPerGpu that figure scaled by (input + output) / (input + context + output) tokens (at most 100000 requests per second per GPU: a small model on short prompts serves thousands a second at most) */
      ragRequestsPerSecondPerGpu?: number
      /** bits a served weight is stored in (the serving model): 16, 8 (fp8/int8) or 4 (weight-only) */
      weightBits: 16 | 8 | 4
      /** bits of a KV-cache entry (the serving model) */
      kvCacheBits: 16 | 8
      /** most sequences the serving engine batches at once (vLLM's max_num_seqs); default: as many as the KV cache holds (at most 1e6 sequences: a million sequences in one batch is beyond any GPU's KV cache) */
      concurrency?: number
      /** latency the serving model must meet: it plans the largest batch that does */
      latencyTarget?: {
        /** time to first token at most (milliseconds) (at most 600000 milliseconds: ten minutes is not an interactive latency) */
        timeToFirstTokenMs?: number
        /** time per output token at most (milliseconds); the plan takes the largest batch that meets it (at most 600000 milliseconds: ten minutes is not an interactive latency) */
        timePerOutputTokenMs?: number
      }
      /** efficiencies of the serving model (README: serving from first principles) */
      servingEfficiency?: {
        /** share of the compute peak prefill reaches (default: the calibration fit, 0.51) */
        compute: number
        /** share of the memory bandwidth a decode step reaches (default: the calibration fit, 0.72) */
        bandwidth: number
      }
      /** share of a GPU capacity planned to be used at peak (headroom for bursts) */
      targetUtilisation: number
      /** peak traffic over average traffic; autoscaling and serverless use a von Mises day with this peak (at most 24: all in one hour) (at most 100 ratio: peaks a hundred times the average traffic) */
      peakToAverage: number
      /** traffic in each hour of the day, any scale (e.g. requests per hour from your logs); replaces peakToAverage */
      hourlyWeights?: number[]
      /** how GPUs are paid for: always-on, autoscaling or serverless */
      scaling: {
        /** replicas for the peak, running all month */
        kind: "always-on"
      } | {
        /** whole GPUs added and removed hour by hour with the traffic */
        kind: "autoscaling"
        /** minutes a GPU is started (and billed) before the hour that needs it */
        scaleUpLagMinutes: number
      } | {
        /** GPUs billed per second, scaled to zero when idle */
        kind: "serverless"
        /** price of one GPU-second; default: the GPU-hour price / 3,600 (data/gpus.json lists Modal per-second prices for T4 and L4) */
        gpuSecondUSD?: number
        /** seconds a container stays up after its last request */
        idleTimeoutSeconds: number
        /** GPU-seconds billed for a cold start (published figures: 5-10 s small models on fast storage to 460 s for vLLM with a 27B model; data/serving-benchmarks.json) */
        coldStartSeconds: number
      }
      /** GPUs kept running whatever the load (availability) (at most 10000 GPUs: ten thousand GPUs kept running for one small model) */
      minReplicas: number
      /** the base model: a preset name (payback estimate --list) or its config */
      architecture: string | {
        name: string
        /** transformer blocks (at most 1000 blocks: the deepest published decoders have about 130) */
        layers: number
        /** hidden size (d_model) (at most 1e6 units: hidden and MLP sizes of published decoders stay below 60,000) */
        hidden: number
        /** MLP inner size (at most 1e6 units: hidden and MLP sizes of published decoders stay below 60,000) */
        intermediate: number
        /** attention heads; must divide hidden unless headDim is given (at most 10000 heads: published decoders have at most a few hundred) */
        heads: number
        /** key/value heads (grouped-query attention); must divide heads (at most 10000 heads: published decoders have at most a few hundred) */
        kvHeads: number
        /** vocabulary size (at most 1e7 tokens: published vocabularies have at most about 260,000 entries) */
        vocab: number
        /** the output head shares the embedding matrix */
        tiedEmbeddings: boolean
        /** gated (SwiGLU: gate, up, down) or standard (up, down) */
        mlp: "gated" | "standard"
        /** width of one attention head; default hidden / heads (at most 1e6 units: hidden and MLP sizes of published decoders stay below 60,000) */
        headDim?: number
        /** q, k and v projections carry biases (Qwen2) */
        attentionBias?: boolean
        /** norm weight vectors per block; default 2 (at most 16 norm vectors per block: published blocks have 2 to 4) */
        normsPerLayer?: number
      }
      /** adapter training method */
      method: "lora" | "qlora"
      /** LoRA rank r (at most 1024 rank: published LoRA fine-tunes use ranks of 8 to 256; above 1024 an adapter is no longer low-rank) */
      loraRank: number
      /** linear modules that get adapters */
      targetModules: string[]
      /** GPU id for training; default: the serving GPU */
      trainingGpu?: string
      /** model FLOPs utilisation reached in training (fraction of peak bf16 FLOP/s) */
      trainingUtilisation: number
      /** GPU-hours per training run beyond the FLOPs: loading, checkpoints, evaluation passes (at most 10000 GPU-hours per training run: a year of one GPU spent beyond the FLOPs) */
      trainingOverheadHours: number
    }
  }
  /** How the small model is trained, evaluated and kept fresh */
  adaptation: {
    /** examples the model trains on, after the teacher filter (at most 1e9 examples: a billion labelled or generated examples is beyond any fine-tuning set) */
    trainingExamples: number
    /** share of teacher outputs that pass the quality filter (fraction) */
    teacherPassRate: number
    /** tokens the teacher writes per training example; default: task.outputTokens (at most 2e6 tokens per request: the largest context windows hold about 2 million tokens (the bundled price table: 1,310,720)) */
    teacherOutputTokens?: number
    /** passes over the training set */
    epochs: number
    /** held-out examples used to measure agreement (at most 1e9 examples: a billion labelled or generated examples is beyond any fine-tuning set) */
    evalSetSize: number
    /** cost of one human-labelled example beyond those the team has (fine-tune only) (at most 10000 USD per item: expert review or labelling costs at most hundreds of dollars an item) */
    labelUSDPerExample: number
    /** retrain every N months with fresh data, training and evaluation; 0 = never (at most 120 months: the longest horizon payback compares) */
    retrainEveryMonths: number
    /** share of the training set made afresh at each retraining (fraction) */
    retrainFreshShare: number
  }
  /** Retrieval: embedding, index and store */
  rag: {
    embedding: {
      provider: string
      /** embedding model id, e.g. text-embedding-3-small */
      model: string
      /** Explicit prices; they replace the price table for this model */
      prices?: {
        /** price of one million input tokens (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
        inputPerMTokUSD: number
        /** price of one million output tokens (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
        outputPerMTokUSD: number
        /** price of one million cached input tokens read (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
        cacheReadPerMTokUSD?: number
        /** price of one million input tokens written to the cache (at most 1000 USD per million tokens: the largest price in the bundled @pydantic/genai-prices table is $600 per million output tokens) */
        cacheWritePerMTokUSD?: number
      }
    }
    /** tokens in the corpus that is embedded (at most 1e15 tokens: ten times the largest web crawls used for pre-training (about 1e14 tokens)) */
    corpusTokens: number
    /** size of the vector index (at most 1e7 GB: 10 PB of vector index) */
    vectorStoreGB: number
    /** vector store price per GB-month (at most 1000 USD per GB-month: managed vector stores charge under $1 per GB-month) */
    vectorStoreUSDPerGBMonth: number
    /** vector store price of one million similarity queries (serverless read units) (at most 10000 USD per million queries: serverless vector stores charge tens of dollars per million reads) */
    vectorQueryUSDPerMillion: number
    /** share of the corpus re-embedded each month as facts change */
    reindexSharePerMonth: number
  }
  /** People: mostly what adaptation costs */
  people: {
    /** fully loaded cost of one engineer for one month (salary, benefits, overhead) (at most 1e6 USD per person-month: a fully loaded engineer costs well under $100,000 a month) */
    loadedMonthlyUSD: number
    /** one-time engineering to build each strategy (person-months) */
    setupPersonMonths: {
      /** person-months to build prompt (at most 10000 person-months: a hundred people for a hundred months) */
      prompt: number
      /** person-months to build rag (at most 10000 person-months: a hundred people for a hundred months) */
      rag: number
      /** person-months to build finetune (at most 10000 person-months: a hundred people for a hundred months) */
      finetune: number
      /** person-months to build distill (at most 10000 person-months: a hundred people for a hundred months) */
      distill: number
      /** person-months to build distill+rag (at most 10000 person-months: a hundred people for a hundred months) */
      "distill+rag": number
    }
    /** ongoing engineering: monitoring, evaluation, on-call (person-months per month) */
    maintenancePersonMonthsPerMonth: {
      /** person-months per month to run prompt (at most 1000 person-months per month: a thousand people full time) */
      prompt: number
      /** person-months per month to run rag (at most 1000 person-months per month: a thousand people full time) */
      rag: number
      /** person-months per month to run finetune (at most 1000 person-months per month: a thousand people full time) */
      finetune: number
      /** person-months per month to run distill (at most 1000 person-months per month: a thousand people full time) */
      distill: number
      /** person-months per month to run distill+rag (at most 1000 person-months per month: a thousand people full time) */
      "distill+rag": number
    }
  }
  /** The hard tail: what the small model cannot do alone */
  hardTail: {
    /** share of small-model requests escalated to the frontier model with the full prompt */
    escalationShare: number
    /** drift: added escalation share per month since the small model was last trained, until retraining resets it (fraction per month) */
    escalationDriftPerMonth: number
    /** share of requests sent to human review, per strategy (fraction) */
    humanReviewShare: {
      /** share of prompt requests reviewed by a person */
      prompt: number
      /** share of rag requests reviewed by a person */
      rag: number
      /** share of finetune requests reviewed by a person */
      finetune: number
      /** share of distill requests reviewed by a person */
      distill: number
      /** share of distill+rag requests reviewed by a person */
      "distill+rag": number
    }
    /** cost of one human review (at most 10000 USD per item: expert review or labelling costs at most hundreds of dollars an item) */
    humanReviewUSDPerItem: number
  }
  /** expected quality of each strategy on the task, the hard tail handled (fraction: accuracy or agreement) */
  quality: {
    /** expected quality of prompt (fraction) */
    prompt: number
    /** expected quality of rag (fraction) */
    rag: number
    /** expected quality of finetune (fraction) */
    finetune: number
    /** expected quality of distill (fraction) */
    distill: number
    /** expected quality of distill+rag (fraction) */
    "distill+rag": number
  }
}
