/**
 * The batch driver shared by the CLI and the language server: runs a stream of samples (an
 * iterable or async iterable; it does no IO itself) through a prepared dry run and aggregates what
 * must be remembered across objects in bounded memory — the counts, a few example labels per
 * problem code, the `value-conflict` index and, with a second (old) mapping, the change impact.
 *
 * Results are handed on one by one as they are made, never collected. Whoever computes the results
 * (this process, or worker threads in the CLI) feeds them to one `BatchAggregator` in input order,
 * so the problems and the summary do not depend on how the work was split.
 */
import type { PreparedDryRun } from './dryRun';
import { emptySummary } from './summary';
import type { Severity } from '../rules/types';
import type {
  DryRunAction,
  DryRunProblem,
  DryRunResult,
  DryRunSummary,
  ExistingObject,
  JsonValue,
  RunOptions,
  Sample,
  SampleError,
} from './types';
import { uniqueValuesOfResult, ValueConflictIndex, type ConflictSubject } from './valueConflict';

/**
 * What the batch remembers of a result: enough for the counts, the examples, value-conflict and
 * the impact. Worker threads send this instead of the whole result when only the summary is wanted.
 */
export interface ResultDigest extends ConflictSubject {
  inScope: boolean | null;
  problems: Array<{ code: string; severity: Severity }>;
}

export function digestOf(result: DryRunResult): ResultDigest {
  const digest: ResultDigest = {
    object: result.object,
    label: result.sample.label,
    action: result.action,
    inScope: result.inScope,
    problems: result.problems.map((p) => ({ code: p.code, severity: p.severity })),
    unique: uniqueValuesOfResult(result),
  };
  if (result.sample.location) digest.location = result.sample.location;
  if (result.existingId !== undefined) digest.existingId = result.existingId;
  return digest;
}

/** One item of the input stream: a sample, or a record that could not be read (reported, the run goes on). */
export type BatchInput = { sample: Sample; error?: undefined } | { error: SampleError; sample?: undefined };

/** The `--summary` object (its keys are a contract: `scim-mapper dry-run --summary --format json`). */
export interface BatchSummary {
  total: number;
  inScope: number;
  outOfScope: number;
  actions: Record<DryRunAction, number>;
  /** Objects with at least one error-level problem. */
  failing: number;
  problemsByCode: Record<string, number>;
  /** Up to EXAMPLES_PER_CODE object labels per problem code, the first in input order. */
  examples: Record<string, string[]>;
  /** Records of the input that could not be read (only when there are any). */
  unreadable?: number;
  /** With a second mapping (`--compare`): what changes from the old mapping to the new. */
  impact?: ImpactSummary;
}

export const EXAMPLES_PER_CODE = 5;

/** What changes for one object between the old mapping and the new one. */
export interface ObjectImpact {
  /** `entered`: newly in scope (created); `left`: newly out of scope (disabled); otherwise `same`. */
  scope: 'entered' | 'left' | 'same';
  oldAction: DryRunAction;
  newAction: DryRunAction;
  /** Values that differ, by target (only for objects in scope under both mappings). */
  changes: Array<{ target: string; old: JsonValue; new: JsonValue }>;
  /** Error codes the new mapping gives this object that the old one did not. */
  newFailures: string[];
}

export interface ImpactSummary {
  newlyInScope: number;
  newlyOutOfScope: number;
  /** Objects with at least one changed attribute value. */
  changed: number;
  changedByTarget: Record<string, number>;
  /** Objects that fail with the new mapping and did not with the old. */
  newFailures: number;
  newFailuresByCode: Record<string, number>;
  /** Entra's accidental-deletion threshold, when given (`--deletion-threshold N`). */
  deletionThreshold?: number;
  /** More objects would leave scope (be disabled) than the threshold allows: Entra stops the cycle. */
  exceedsDeletionThreshold?: boolean;
}

export interface BatchOptions {
  /** The existing AWS objects (--existing), for `value-conflict` against them. */
  existing?: readonly ExistingObject[];
  /** Run a second (old) mapping too and report the change impact. */
  compare?: boolean;
  deletionThreshold?: number;
}

/** One object through the batch: its result (problems include `value-conflict`) and, with --compare, the impact. */
export interface BatchRecord {
  result: DryRunResult;
  impact?: ObjectImpact;
}

export function emptyBatchSummary(): BatchSummary {
  return {
    total: 0,
    inScope: 0,
    outOfScope: 0,
    actions: { create: 0, update: 0, disable: 0, delete: 0, none: 0 },
    failing: 0,
    problemsByCode: {},
    examples: {},
  };
}

function errorCodes(digest: ResultDigest): Set<string> {
  const codes = new Set<string>();
  for (const p of digest.problems) if (p.severity === 'error') codes.add(p.code);
  return codes;
}

function valuesByTarget(result: DryRunResult): Map<string, JsonValue> {
  const values = new Map<string, JsonValue>();
  for (const a of result.attributes) if (a.status === 'set' || a.status === 'default') values.set(a.target, a.value);
  return values;
}

/** The attribute values that differ between the old result and the new one (objects in scope under both). */
export function valueChanges(oldResult: DryRunResult, newResult: DryRunResult): ObjectImpact['changes'] {
  const changes: ObjectImpact['changes'] = [];
  if (oldResult.inScope !== true || newResult.inScope !== true) return changes;
  const before = valuesByTarget(oldResult);
  const after = valuesByTarget(newResult);
  const targets = [...after.keys(), ...[...before.keys()].filter((t) => !after.has(t))];
  for (const target of targets) {
    const o = before.get(target) ?? null;
    const n = after.get(target) ?? null;
    if (JSON.stringify(o) !== JSON.stringify(n)) changes.push({ target, old: o, new: n });
  }
  return changes;
}

/** The change impact of one object, from the digests of its old and new results (value-conflicts included). */
function impactOf(oldDigest: ResultDigest, newDigest: ResultDigest, changes: ObjectImpact['changes']): ObjectImpact {
  const scope =
    oldDigest.inScope !== true && newDigest.inScope === true
      ? 'entered'
      : oldDigest.inScope === true && newDigest.inScope === false
        ? 'left'
        : 'same';
  const oldErrors = errorCodes(oldDigest);
  const newFailures = [...errorCodes(newDigest)].filter((code) => !oldErrors.has(code));
  return { scope, oldAction: oldDigest.action, newAction: newDigest.action, changes, newFailures };
}

/** The change impact of one object from its old result to its new one. */
export function objectImpact(oldResult: DryRunResult, newResult: DryRunResult): ObjectImpact {
  return impactOf(digestOf(oldResult), digestOf(newResult), valueChanges(oldResult, newResult));
}

/** Aggregates a batch in input order: conflicts, counts, examples and the impact. */
export class BatchAggregator {
  readonly summary: BatchSummary = emptyBatchSummary();
  /** The older summary shape, kept for the text report and the editor's preview. */
  readonly counts: DryRunSummary = emptySummary();
  private readonly conflicts: ValueConflictIndex;
  private readonly oldConflicts?: ValueConflictIndex;

  constructor(options: BatchOptions = {}) {
    this.conflicts = new ValueConflictIndex(options.existing);
    if (options.compare) {
      this.oldConflicts = new ValueConflictIndex(options.existing);
      this.summary.impact = {
        newlyInScope: 0,
        newlyOutOfScope: 0,
        changed: 0,
        changedByTarget: {},
        newFailures: 0,
        newFailuresByCode: {},
      };
      if (options.deletionThreshold !== undefined) {
        this.summary.impact.deletionThreshold = options.deletionThreshold;
        this.summary.impact.exceedsDeletionThreshold = false;
      }
    }
  }

  /** A record that could not be read. */
  addError(): void {
    this.summary.unreadable = (this.summary.unreadable ?? 0) + 1;
    this.counts.invalidInput++;
  }

  /** The next result in input order (and its old-mapping result with --compare); value-conflicts are added to it. */
  add(result: DryRunResult, oldResult?: DryRunResult): BatchRecord {
    const added = this.addDigest(
      digestOf(result),
      oldResult && digestOf(oldResult),
      oldResult && valueChanges(oldResult, result),
    );
    result.problems.push(...added.conflicts);
    const record: BatchRecord = { result };
    if (added.impact) record.impact = added.impact;
    return record;
  }

  /** The next result in input order, as a digest; returns the value-conflicts to add to it, and the impact. */
  addDigest(
    digest: ResultDigest,
    oldDigest?: ResultDigest,
    changes: ObjectImpact['changes'] = [],
  ): { conflicts: DryRunProblem[]; impact?: ObjectImpact } {
    const conflicts = digest.unique.length > 0 ? this.conflicts.conflicts(digest) : [];
    for (const p of conflicts) digest.problems.push({ code: p.code, severity: p.severity });
    const s = this.summary;
    const c = this.counts;
    s.total++;
    c.objects++;
    if (digest.inScope === true) s.inScope++;
    else if (digest.inScope === false) s.outOfScope++;
    else c.scopeUndetermined++;
    s.actions[digest.action]++;
    let failing = false;
    const seen = new Set<string>();
    for (const p of digest.problems) {
      s.problemsByCode[p.code] = (s.problemsByCode[p.code] ?? 0) + 1;
      if (p.severity === 'error') failing = true;
      if (seen.has(p.code)) continue;
      seen.add(p.code);
      const examples = (s.examples[p.code] ??= []);
      if (examples.length < EXAMPLES_PER_CODE) examples.push(digest.label);
    }
    if (failing) s.failing++;
    // The older shape shares the numbers.
    c.inScope = s.inScope;
    c.outOfScope = s.outOfScope;
    c.actions = s.actions;
    c.wouldFail = s.failing;
    c.problemsByCode = s.problemsByCode;
    if (!oldDigest || !s.impact) return { conflicts };
    if (oldDigest.unique.length > 0) {
      for (const p of this.oldConflicts!.conflicts(oldDigest)) oldDigest.problems.push({ code: p.code, severity: p.severity });
    }
    const impact = impactOf(oldDigest, digest, changes);
    const i = s.impact;
    if (impact.scope === 'entered') i.newlyInScope++;
    if (impact.scope === 'left') i.newlyOutOfScope++;
    if (impact.changes.length > 0) i.changed++;
    for (const change of impact.changes) i.changedByTarget[change.target] = (i.changedByTarget[change.target] ?? 0) + 1;
    if (impact.newFailures.length > 0) i.newFailures++;
    for (const code of impact.newFailures) i.newFailuresByCode[code] = (i.newFailuresByCode[code] ?? 0) + 1;
    if (i.deletionThreshold !== undefined) i.exceedsDeletionThreshold = i.newlyOutOfScope > i.deletionThreshold;
    return { conflicts, impact };
  }
}

export interface BatchRunOptions extends BatchOptions {
  run?: RunOptions;
  /** The old mapping, for the change impact (`compare` is implied). */
  old?: PreparedDryRun;
}

/** What the driver yields: each record in input order, or an input error where it occurred. */
export type BatchEvent = { kind: 'record'; record: BatchRecord } | { kind: 'error'; error: SampleError };

/** Runs a batch from an iterable of inputs, in this thread. */
export function* runBatch(
  prepared: PreparedDryRun,
  inputs: Iterable<BatchInput>,
  aggregator: BatchAggregator,
  options: BatchRunOptions = {},
): Generator<BatchEvent> {
  for (const input of inputs) yield step(prepared, input, aggregator, options);
}

/** Runs a batch from an async iterable of inputs (a streaming file reader, a tenant), in this thread. */
export async function* runBatchAsync(
  prepared: PreparedDryRun,
  inputs: AsyncIterable<BatchInput> | Iterable<BatchInput>,
  aggregator: BatchAggregator,
  options: BatchRunOptions = {},
): AsyncGenerator<BatchEvent> {
  for await (const input of inputs) yield step(prepared, input, aggregator, options);
}

function step(prepared: PreparedDryRun, input: BatchInput, aggregator: BatchAggregator, options: BatchRunOptions): BatchEvent {
  if (input.error) {
    aggregator.addError();
    return { kind: 'error', error: input.error };
  }
  const result = prepared.run(input.sample, options.run);
  const old = options.old?.run(input.sample, options.run);
  return { kind: 'record', record: aggregator.add(result, old) };
}
