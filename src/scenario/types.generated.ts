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
    /** the item itself: the ticket, document or message (tokens per request) */
    inputTokens: number | DistributionSpec
    /** the answer the model writes (tokens per request) */
    outputTokens: number | DistributionSpec
    /** instructions in the prompt; fine-tuning removes them (tokens per request) */
    instructionTokens: number | DistributionSpec
    /** few-shot examples in the prompt; fine-tuning removes them (tokens per request) */
    fewShotTokens: number | DistributionSpec
    /** the short instruction a fine-tuned or distilled model still gets (tokens per request) */
    adaptedInstructionTokens: number | DistributionSpec
    /** retrieved context added to each request by the RAG strategies (tokens per request) */
    retrievedContextTokens: number | DistributionSpec
    /** requests in the first month (requests per month) */
    requestsPerMonth: number | DistributionSpec
    /** compound growth of the volume per month (fraction: 0.03 = 3 % a month) */
    monthlyGrowth: number | DistributionSpec
    /** months over which costs are compared */
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
    /** good labelled examples the team already has (count) */
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
      /** price of one million input tokens (USD) */
      inputPerMTokUSD: number | DistributionSpec
      /** price of one million output tokens (USD) */
      outputPerMTokUSD: number | DistributionSpec
      /** price of one million cached input tokens read (USD) */
      cacheReadPerMTokUSD?: number | DistributionSpec
      /** price of one million input tokens written to the cache (USD) */
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
        /** price of one million input tokens (USD) */
        inputPerMTokUSD: number | DistributionSpec
        /** price of one million output tokens (USD) */
        outputPerMTokUSD: number | DistributionSpec
        /** price of one million cached input tokens read (USD) */
        cacheReadPerMTokUSD?: number | DistributionSpec
        /** price of one million input tokens written to the cache (USD) */
        cacheWritePerMTokUSD?: number | DistributionSpec
      }
      /** training price per million training tokens (tokens in the file x epochs) (USD) */
      trainingPerMTokUSD: number | DistributionSpec
      /** minimum charge per training job (USD) */
      minimumTrainingUSD: number | DistributionSpec
    } | {
      /** served on rented GPUs */
      kind: "self-hosted"
      /** GPU id in data/gpus.json, e.g. nvidia-l4 */
      gpu: string
      /** price of one GPU-hour; default: the list price in data/gpus.json (USD) */
      gpuHourUSD?: number | DistributionSpec
      /** sustained requests per second one GPU serves for the adapted prompt (measure it: payback distill reports it) */
      requestsPerSecondPerGpu: number | DistributionSpec
      /** the same with retrieved context; default: scaled by (input + output) / (input + context + output) tokens */
      ragRequestsPerSecondPerGpu?: number | DistributionSpec
      /** share of a GPU capacity planned to be used at peak (headroom for bursts) */
      targetUtilisation: number | DistributionSpec
      /** peak traffic over average traffic (ratio) */
      peakToAverage: number | DistributionSpec
      /** GPUs kept running whatever the load (availability) */
      minReplicas: number
      /** the base model: a preset name (payback estimate --list) or its config */
      architecture: string | {
        name: string
        /** transformer blocks */
        layers: number
        /** hidden size (d_model) */
        hidden: number
        /** MLP inner size */
        intermediate: number
        /** attention heads */
        heads: number
        /** key/value heads (grouped-query attention) */
        kvHeads: number
        /** vocabulary size */
        vocab: number
        /** the output head shares the embedding matrix */
        tiedEmbeddings: boolean
        /** gated (SwiGLU: gate, up, down) or standard (up, down) */
        mlp: "gated" | "standard"
        /** width of one attention head; default hidden / heads */
        headDim?: number
        /** q, k and v projections carry biases (Qwen2) */
        attentionBias?: boolean
        /** norm weight vectors per block; default 2 */
        normsPerLayer?: number
      }
      /** adapter training method */
      method: "lora" | "qlora"
      /** LoRA rank r */
      loraRank: number
      /** linear modules that get adapters */
      targetModules: string[]
      /** GPU id for training; default: the serving GPU */
      trainingGpu?: string
      /** model FLOPs utilisation reached in training (fraction of peak bf16 FLOP/s) */
      trainingUtilisation: number | DistributionSpec
      /** GPU-hours per training run beyond the FLOPs: loading, checkpoints, evaluation passes */
      trainingOverheadHours: number | DistributionSpec
    }
  }
  /** How the small model is trained, evaluated and kept fresh */
  adaptation: {
    /** examples the model trains on, after the teacher filter (count) */
    trainingExamples: number
    /** share of teacher outputs that pass the quality filter (fraction) */
    teacherPassRate: number | DistributionSpec
    /** tokens the teacher writes per training example; default: task.outputTokens (tokens per request) */
    teacherOutputTokens?: number | DistributionSpec
    /** passes over the training set */
    epochs: number | DistributionSpec
    /** held-out examples used to measure agreement (count) */
    evalSetSize: number
    /** cost of one human-labelled example beyond those the team has (fine-tune only) (USD) */
    labelUSDPerExample: number | DistributionSpec
    /** retrain every N months with fresh data, training and evaluation; 0 = never */
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
        /** price of one million input tokens (USD) */
        inputPerMTokUSD: number | DistributionSpec
        /** price of one million output tokens (USD) */
        outputPerMTokUSD: number | DistributionSpec
        /** price of one million cached input tokens read (USD) */
        cacheReadPerMTokUSD?: number | DistributionSpec
        /** price of one million input tokens written to the cache (USD) */
        cacheWritePerMTokUSD?: number | DistributionSpec
      }
    }
    /** tokens in the corpus that is embedded (tokens) */
    corpusTokens: number | DistributionSpec
    /** size of the vector index (GB) */
    vectorStoreGB: number | DistributionSpec
    /** vector store price per GB-month (USD) */
    vectorStoreUSDPerGBMonth: number | DistributionSpec
    /** vector store price of one million similarity queries (serverless read units) (USD) */
    vectorQueryUSDPerMillion: number | DistributionSpec
    /** share of the corpus re-embedded each month as facts change */
    reindexSharePerMonth: number | DistributionSpec
  }
  /** People: mostly what adaptation costs */
  people: {
    /** fully loaded cost of one engineer for one month (salary, benefits, overhead) (USD) */
    loadedMonthlyUSD: number | DistributionSpec
    /** one-time engineering to build each strategy (person-months) */
    setupPersonMonths: {
      /** person-months to build prompt */
      prompt: number | DistributionSpec
      /** person-months to build rag */
      rag: number | DistributionSpec
      /** person-months to build finetune */
      finetune: number | DistributionSpec
      /** person-months to build distill */
      distill: number | DistributionSpec
      /** person-months to build distill+rag */
      "distill+rag": number | DistributionSpec
    }
    /** ongoing engineering: monitoring, evaluation, on-call (person-months per month) */
    maintenancePersonMonthsPerMonth: {
      /** person-months per month to run prompt */
      prompt: number | DistributionSpec
      /** person-months per month to run rag */
      rag: number | DistributionSpec
      /** person-months per month to run finetune */
      finetune: number | DistributionSpec
      /** person-months per month to run distill */
      distill: number | DistributionSpec
      /** person-months per month to run distill+rag */
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
    /** cost of one human review (USD) */
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
    /** the item itself: the ticket, document or message (tokens per request) */
    inputTokens: number
    /** the answer the model writes (tokens per request) */
    outputTokens: number
    /** instructions in the prompt; fine-tuning removes them (tokens per request) */
    instructionTokens: number
    /** few-shot examples in the prompt; fine-tuning removes them (tokens per request) */
    fewShotTokens: number
    /** the short instruction a fine-tuned or distilled model still gets (tokens per request) */
    adaptedInstructionTokens: number
    /** retrieved context added to each request by the RAG strategies (tokens per request) */
    retrievedContextTokens: number
    /** requests in the first month (requests per month) */
    requestsPerMonth: number
    /** compound growth of the volume per month (fraction: 0.03 = 3 % a month) */
    monthlyGrowth: number
    /** months over which costs are compared */
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
    /** good labelled examples the team already has (count) */
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
      /** price of one million input tokens (USD) */
      inputPerMTokUSD: number
      /** price of one million output tokens (USD) */
      outputPerMTokUSD: number
      /** price of one million cached input tokens read (USD) */
      cacheReadPerMTokUSD?: number
      /** price of one million input tokens written to the cache (USD) */
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
        /** price of one million input tokens (USD) */
        inputPerMTokUSD: number
        /** price of one million output tokens (USD) */
        outputPerMTokUSD: number
        /** price of one million cached input tokens read (USD) */
        cacheReadPerMTokUSD?: number
        /** price of one million input tokens written to the cache (USD) */
        cacheWritePerMTokUSD?: number
      }
      /** training price per million training tokens (tokens in the file x epochs) (USD) */
      trainingPerMTokUSD: number
      /** minimum charge per training job (USD) */
      minimumTrainingUSD: number
    } | {
      /** served on rented GPUs */
      kind: "self-hosted"
      /** GPU id in data/gpus.json, e.g. nvidia-l4 */
      gpu: string
      /** price of one GPU-hour; default: the list price in data/gpus.json (USD) */
      gpuHourUSD?: number
      /** sustained requests per second one GPU serves for the adapted prompt (measure it: payback distill reports it) */
      requestsPerSecondPerGpu: number
      /** the same with retrieved context; default: scaled by (input + output) / (input + context + output) tokens */
      ragRequestsPerSecondPerGpu?: number
      /** share of a GPU capacity planned to be used at peak (headroom for bursts) */
      targetUtilisation: number
      /** peak traffic over average traffic (ratio) */
      peakToAverage: number
      /** GPUs kept running whatever the load (availability) */
      minReplicas: number
      /** the base model: a preset name (payback estimate --list) or its config */
      architecture: string | {
        name: string
        /** transformer blocks */
        layers: number
        /** hidden size (d_model) */
        hidden: number
        /** MLP inner size */
        intermediate: number
        /** attention heads */
        heads: number
        /** key/value heads (grouped-query attention) */
        kvHeads: number
        /** vocabulary size */
        vocab: number
        /** the output head shares the embedding matrix */
        tiedEmbeddings: boolean
        /** gated (SwiGLU: gate, up, down) or standard (up, down) */
        mlp: "gated" | "standard"
        /** width of one attention head; default hidden / heads */
        headDim?: number
        /** q, k and v projections carry biases (Qwen2) */
        attentionBias?: boolean
        /** norm weight vectors per block; default 2 */
        normsPerLayer?: number
      }
      /** adapter training method */
      method: "lora" | "qlora"
      /** LoRA rank r */
      loraRank: number
      /** linear modules that get adapters */
      targetModules: string[]
      /** GPU id for training; default: the serving GPU */
      trainingGpu?: string
      /** model FLOPs utilisation reached in training (fraction of peak bf16 FLOP/s) */
      trainingUtilisation: number
      /** GPU-hours per training run beyond the FLOPs: loading, checkpoints, evaluation passes */
      trainingOverheadHours: number
    }
  }
  /** How the small model is trained, evaluated and kept fresh */
  adaptation: {
    /** examples the model trains on, after the teacher filter (count) */
    trainingExamples: number
    /** share of teacher outputs that pass the quality filter (fraction) */
    teacherPassRate: number
    /** tokens the teacher writes per training example; default: task.outputTokens (tokens per request) */
    teacherOutputTokens?: number
    /** passes over the training set */
    epochs: number
    /** held-out examples used to measure agreement (count) */
    evalSetSize: number
    /** cost of one human-labelled example beyond those the team has (fine-tune only) (USD) */
    labelUSDPerExample: number
    /** retrain every N months with fresh data, training and evaluation; 0 = never */
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
        /** price of one million input tokens (USD) */
        inputPerMTokUSD: number
        /** price of one million output tokens (USD) */
        outputPerMTokUSD: number
        /** price of one million cached input tokens read (USD) */
        cacheReadPerMTokUSD?: number
        /** price of one million input tokens written to the cache (USD) */
        cacheWritePerMTokUSD?: number
      }
    }
    /** tokens in the corpus that is embedded (tokens) */
    corpusTokens: number
    /** size of the vector index (GB) */
    vectorStoreGB: number
    /** vector store price per GB-month (USD) */
    vectorStoreUSDPerGBMonth: number
    /** vector store price of one million similarity queries (serverless read units) (USD) */
    vectorQueryUSDPerMillion: number
    /** share of the corpus re-embedded each month as facts change */
    reindexSharePerMonth: number
  }
  /** People: mostly what adaptation costs */
  people: {
    /** fully loaded cost of one engineer for one month (salary, benefits, overhead) (USD) */
    loadedMonthlyUSD: number
    /** one-time engineering to build each strategy (person-months) */
    setupPersonMonths: {
      /** person-months to build prompt */
      prompt: number
      /** person-months to build rag */
      rag: number
      /** person-months to build finetune */
      finetune: number
      /** person-months to build distill */
      distill: number
      /** person-months to build distill+rag */
      "distill+rag": number
    }
    /** ongoing engineering: monitoring, evaluation, on-call (person-months per month) */
    maintenancePersonMonthsPerMonth: {
      /** person-months per month to run prompt */
      prompt: number
      /** person-months per month to run rag */
      rag: number
      /** person-months per month to run finetune */
      finetune: number
      /** person-months per month to run distill */
      distill: number
      /** person-months per month to run distill+rag */
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
    /** cost of one human review (USD) */
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
