/**
 * The dry-run engine: what Entra would send to AWS IAM Identity Center for sample users and groups.
 * Plain data in and out, no IO; the CLI and the language server call the same functions.
 */
export { prepareDryRun, dryRun, sampleEnvironment, seededRandom, type PreparedDryRun } from './dryRun';
export {
  emptySample,
  setSampleAttribute,
  readSamples,
  readExisting,
  readTakenValues,
  parseCsv,
  detectCsvDelimiter,
  sampleInputFromJsonText,
  sampleInputFromValue,
  sampleInputFromCsvRow,
  csvHeaderError,
  type SampleReadOptions,
  type SampleInput,
} from './samples';
export { createExistingStore, type ExistingStoreOptions } from './existing';
export { compileScope, evaluateScope, type CompiledScope, type ScopeOutcome } from './scope';
export { computeIsSoftDeleted } from './lifecycle';
export { parseTargetPath, lookupRequest, scimFilterString } from './payload';
export { DRY_RUN_CODE_TABLE, DRY_RUN_CODES, type DryRunCode, type DryRunCodeInfo } from './codes';
export { emptySummary, addToSummary } from './summary';
export type * from './types';
export {
  BatchAggregator,
  runBatch,
  runBatchAsync,
  objectImpact,
  valueChanges,
  digestOf,
  emptyBatchSummary,
  EXAMPLES_PER_CODE,
} from './batch';
export type {
  ResultDigest,
  BatchInput,
  BatchSummary,
  BatchRecord,
  BatchEvent,
  BatchOptions,
  BatchRunOptions,
  ObjectImpact,
  ImpactSummary,
} from './batch';
export { ValueConflictIndex, VALUE_CONFLICT } from './valueConflict';
