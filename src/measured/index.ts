/** Experiment records and the overlay of their measurements on a scenario. */

// Measured numbers
export { measuredProportion, proportionAsInput, MeasuredProportionSchema, type MeasuredProportion } from './measurement.js'

// The experiment record
export {
  ExperimentRecordSchema,
  MeasurementsSchema,
  MeasuredTokensSchema,
  ThroughputSchema,
  type ExperimentRecord,
  type Measurements,
  type MeasuredTokens,
  type Throughput,
} from './record.js'
export { parseExperimentRecord, readExperimentRecord } from './read-record.js'

// The overlay on a scenario
export { overlayMeasurements, type AppliedMeasurements, type MeasuredInput, type Overlay } from './overlay.js'
