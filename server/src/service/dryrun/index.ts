/**
 * The dry-run engine: what Entra would send to AWS IAM Identity Center for sample users and groups.
 * Plain data in and out, no IO; the CLI and the language server call the same functions.
 */
export { prepareDryRun, dryRun, sampleEnvironment, seededRandom, type PreparedDryRun } from './dryRun';
export { emptySample, setSampleAttribute, readSamples, readExisting, readTakenValues, parseCsv, detectCsvDelimiter, type SampleReadOptions } from './samples';
export { createExistingStore, type ExistingStoreOptions } from './existing';
export { compileScope, evaluateScope, type CompiledScope, type ScopeOutcome } from './scope';
export { computeIsSoftDeleted } from './lifecycle';
export { parseTargetPath, lookupRequest, scimFilterString } from './payload';
export { DRY_RUN_CODES } from './validate';
export { emptySummary, addToSummary } from './summary';
export type * from './types';
