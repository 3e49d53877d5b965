/**
 * Shapes of the dry run: what goes in (samples, existing AWS objects, options) and what comes out
 * (the JSON contract of `scim-mapper dry-run --format json`). The result fields `object`,
 * `inScope`, `scope`, `matching`, `requests`, `attributes` and `problems` are a public contract:
 * other tools read them, so they are never renamed or reshaped; new fields may be added.
 */
import type { ObjectKind } from '../catalog/types';
import type { AppRoleAssignment } from '../evaluate/types';
import type { Severity } from '../rules/types';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Where something was read from: a file (display path) and a 1-based line. */
export interface SourceLocation {
  file?: string;
  line: number;
  column?: number;
}

/** Another object a sample points at (its manager, a group member). */
export interface SampleReference {
  /** The Entra objectId (or, when no id is given, the userPrincipalName / displayName). */
  key: string;
  /** The object's id in AWS when the sample gives it; otherwise the dry run writes a placeholder. */
  awsId?: string;
  /** A readable name for reports. */
  label?: string;
  /** The referenced object is a group (nested groups are not provisioned as members). */
  isGroup?: boolean;
  /** The full sample object of a member, when the file gives one. */
  attributes?: Record<string, unknown>;
}

/** How a sample's fields were read. */
export interface SampleInfo {
  /** A short name for reports: userPrincipalName, displayName, objectId or "#n". */
  label: string;
  location?: SourceLocation;
  /** `entra`: attribute names as Entra uses them; `graph`: Microsoft Graph GET /users or /groups JSON; `csv`: a CSV row. */
  format: 'entra' | 'graph' | 'csv';
  /** Graph fields renamed to Entra attribute names (`id → objectId`). */
  mapped: Array<{ from: string; to: string }>;
  /** Fields that are not Entra provisioning attributes and were left out, with the reason. */
  ignored: Array<{ field: string; reason: string }>;
  /** Things a user should know about the sample (a second business phone dropped, ...). */
  warnings: string[];
}

/** One Entra user or group to run through the mapping. */
export interface Sample {
  object: ObjectKind;
  /** Entra source attribute name → value (string, boolean, number, string[] or null). */
  attributes: Record<string, unknown>;
  /** Assigned to the enterprise app (default true). */
  assigned?: boolean;
  /** Hard-deleted in Entra (permanently; Entra sends DELETE). */
  deleted?: boolean;
  /** Soft-deleted in Entra (in the recycle bin; IsSoftDeleted becomes true). */
  softDeleted?: boolean;
  /** IsSoftDeleted given explicitly in the sample (otherwise it is computed). */
  isSoftDeleted?: boolean;
  appRoleAssignments?: AppRoleAssignment[];
  /** Values already taken in AWS, for SelectUniqueValue. */
  takenValues?: string[];
  /** Referenced objects by key (the manager, group members). */
  references: Map<string, SampleReference>;
  info: SampleInfo;
}

/** A sample that could not be read; the rest of a batch still runs. */
export interface SampleError {
  message: string;
  location?: SourceLocation;
}

export interface ParsedSamples {
  samples: Sample[];
  errors: SampleError[];
  /** True when the file held a single object (not an array or CSV): the CLI then prints one result, not an array. */
  single: boolean;
}

/** An object as AWS returns it (GET /Users/{id}, GET /Groups/{id}), for updates. */
export interface ExistingObject {
  object: ObjectKind;
  body: JsonObject;
  location?: SourceLocation;
}

// ---------------------------------------------------------------------------------------------
// Results

export interface ClauseTrace {
  attribute: string | null;
  operator: string | null;
  value: JsonValue;
  /** The sample's value of the attribute (null when it has none). */
  actual: JsonValue;
  /** true / false, or null when the clause cannot be evaluated (& and !&, a broken regex, ...). */
  result: boolean | null;
  /** Why a clause has the result it has, when that is not obvious (null rule, integers, unknown semantics). */
  note?: string;
}

export interface FilterTrace {
  name?: string;
  result: boolean | null;
  clauses: ClauseTrace[];
}

export interface ScopeTrace {
  filters: FilterTrace[];
}

export interface MatchingTrace {
  target: string;
  value: JsonValue;
  /** The lookup Entra sends, or null when there is no value to look up. */
  request: string | null;
  /** The mapping's matching precedence. */
  precedence?: number;
}

export interface ScimRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: JsonObject;
  /** Why this request is sent (for follow-up requests such as group membership batches). */
  note?: string;
}

export type AttributeStatus = 'set' | 'default' | 'skipped-null' | 'ignored' | 'error';

export interface AttributeTrace {
  target: string;
  source: string | null;
  value: JsonValue;
  status: AttributeStatus;
  /** Updates only: the value AWS holds now (null when it holds none), shown as old → new. */
  current?: JsonValue;
  /** Whether the value is part of the request sent (false for on-create mappings in an update, unchanged values, ...). */
  sent?: boolean;
  /** Why the value is (not) sent, or the error. */
  note?: string;
  /** 1-based number of the mapping in its section. */
  mapping?: number;
}

export interface ProblemMapping {
  /** 1-based number of the mapping in the user or group section. */
  number: number;
  source: string | null;
  /** 1-based line of the mapping in the mapping file. */
  line: number;
}

export interface DryRunProblem {
  code: string;
  severity: Severity;
  target: string | null;
  message: string;
  mapping?: ProblemMapping;
  /** A check finding in a scope file the mapping references: that file's URI. */
  file?: string;
}

export type DryRunAction = 'create' | 'update' | 'disable' | 'delete' | 'none';

export interface IsSoftDeletedTrace {
  value: boolean;
  /** `sample`: given explicitly; `computed`: from assigned / deleted / accountEnabled / scope. */
  origin: 'sample' | 'computed';
  reason: string;
}

export interface DryRunResult {
  object: ObjectKind;
  /** null when the scope could not be decided (an undocumented operator, a missing scope file). */
  inScope: boolean | null;
  scope: ScopeTrace | null;
  matching: MatchingTrace | null;
  requests: ScimRequest[];
  attributes: AttributeTrace[];
  problems: DryRunProblem[];
  action: DryRunAction;
  actionReason: string;
  isSoftDeleted?: IsSoftDeletedTrace;
  /** The AWS id of the existing object the update/disable/delete applies to. */
  existingId?: string;
  sample: {
    label: string;
    format: SampleInfo['format'];
    location?: SourceLocation;
    mapped?: SampleInfo['mapped'];
    ignored?: SampleInfo['ignored'];
    warnings?: string[];
  };
}

// ---------------------------------------------------------------------------------------------
// Options

export interface PrepareOptions {
  /**
   * How REGEX MATCH applies a pattern: `search` (default, like .NET Regex.IsMatch: the pattern may
   * match anywhere) or `whole` (the pattern must match the whole value). The docs do not say.
   */
  regexMatch?: 'search' | 'whole';
}

/** Finds the object a sample would match in AWS (from --existing). */
export interface ExistingLookup {
  /**
   * The object whose `target` equals `value` (case-insensitively for userName and displayName, as
   * AWS compares them). `via`, when set, says how an object was linked without a plain match.
   */
  find(object: ObjectKind, target: string, value: string): (ExistingObject & { via?: string }) | undefined;
}

export interface RunOptions {
  /** Milliseconds since the epoch; Now() and dates use it. Default: the real clock. */
  clock?: () => number;
  /** Seed for Guid() and RandomString(); each sample gets its own stream derived from the seed and the sample. */
  seed?: number;
  /** Values already taken in AWS (SelectUniqueValue), added to the sample's own. */
  takenValues?: readonly string[];
  /** The objects that already exist in AWS. Without it every object is looked up and not found. */
  existing?: ExistingLookup;
}

export interface DryRunSummary {
  objects: number;
  inScope: number;
  outOfScope: number;
  scopeUndetermined: number;
  actions: Record<DryRunAction, number>;
  /** Objects with at least one error-level problem (AWS or Entra would reject them). */
  wouldFail: number;
  /** Samples that could not be read. */
  invalidInput: number;
  problemsByCode: Record<string, number>;
}
