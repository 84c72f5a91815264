/**
 * What a simulation returns: plain JSON (numbers, arrays, strings, null), the same bit for bit
 * for any number of worker threads. Money in USD, time in months.
 */

/** A probability estimated from the draws, with its Monte Carlo standard error `sqrt(p (1 - p) / n)`. */
export interface ProbabilityEstimate {
  /** The share of draws (0..1). */
  probability: number
  /** Binomial standard error of that share: `sqrt(p (1 - p) / draws)`. */
  standardError: number
}

/** Quantiles reported for money: p5, p10, p25, p50 (median), p75, p90, p95. */
export interface MoneyQuantiles {
  p5: number
  p10: number
  p25: number
  p50: number
  p75: number
  p90: number
  p95: number
}

/**
 * The distribution of one money figure over the draws. Mean, standard deviation, minimum and
 * maximum are exact; quantiles come from log-spaced histogram bins (256 per factor of two, so
 * each bin spans at most 0.4 %) interpolated linearly within the bin and clamped to [min, max].
 */
export interface MoneySummary {
  mean: number
  /** Monte Carlo standard error of the mean: `sd / sqrt(draws)`. */
  standardError: number
  /** Sample standard deviation (n - 1 in the denominator). */
  sd: number
  min: number
  max: number
  quantiles: MoneyQuantiles
}

/** When an adaptation pays back against the baseline, over the draws. */
export interface PaybackSummary {
  /** P(payback within the horizon). */
  withinHorizon: ProbabilityEstimate
  /** `byMonth[N]` = P(payback month <= N), N = 0..H (exact: bin edges fall on whole months). */
  byMonth: ProbabilityEstimate[]
  /** Quantiles of the payback month over all draws (`null` where that share of draws does not pay back within the horizon). */
  quantiles: { p10: number | null; p25: number | null; p50: number | null; p75: number | null; p90: number | null }
  /**
   * Histogram of payback months in bins of {@link PaybackSummary.binMonths}: `counts[0]` pays back at
   * month 0 (saves from the start), `counts[b]` in ((b - 1) x bin, b x bin]; `never` does not
   * pay back within the horizon.
   */
  histogram: { binMonths: number; counts: number[]; never: number }
}

/** Quantile bands of cumulative cost, month by month: `p50[m]` is the median cumulative cost after month m (month 0 = one-time cost). */
export interface CostBands {
  p5: number[]
  p25: number[]
  p50: number[]
  p75: number[]
  p95: number[]
}

/** One strategy's results at the point values (every uncertain input at its mean). */
export interface PointResult {
  horizonTotalUSD: number
  presentValueUSD: number
  /** Against the baseline; `null` for the baseline itself and when it does not pay back within the horizon. */
  paybackMonths: number | null
}

/** One strategy over all draws. */
export interface StrategySimulation {
  id: string
  /** Total cost over the horizon, undiscounted (USD). */
  horizonTotalUSD: MoneySummary
  /** Present value of the horizon's costs (USD). */
  presentValueUSD: MoneySummary
  /** Net present value of choosing this strategy instead of the baseline: baseline PV - this PV (USD; negative = costs more). */
  npvSavingsUSD: MoneySummary
  /** P(this strategy has the lowest horizon total); ties go to the strategy listed first. */
  cheapest: ProbabilityEstimate
  /** Payback against the baseline; `null` for the baseline. */
  payback: PaybackSummary | null
  /** Monthly quantile bands of cumulative cost (USD), H + 1 values each. */
  bands: CostBands
  /** The same model with every uncertain input at its point value. */
  point: PointResult
}

/** One uncertain input as the simulation drew it. */
export interface SimulatedInput {
  /** JSON pointer of the scenario field, e.g. `/task/requestsPerMonth`. */
  path: string
  /** Distribution family (`triangular`, `beta`, `truncated`, ...). */
  kind: string
  /** Its stream id: draw i of this input is draw i of Philox stream (seed, streamId). */
  streamId: number
  mean: number
  sd: number
  /** Its point value (the value `payback decide` uses). */
  pointValue: number
}

/** The result of {@link simulate}: every strategy's distributions, probabilities and bands. */
export interface SimulationResult {
  draws: number
  seed: number
  /** Draws per chunk: chunk k always covers draws [k x chunkSize, (k + 1) x chunkSize). */
  chunkSize: number
  horizonMonths: number
  /** The payback baseline (strategy 0). */
  baseline: string
  inputs: SimulatedInput[]
  strategies: StrategySimulation[]
}
