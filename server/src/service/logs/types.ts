/**
 * Shapes of the provisioning-log explainer (`scim-mapper logs`). `ExplainedLogEntry` is the pinned
 * JSON contract of `--format json`: its keys are never renamed or reshaped.
 */
import type { ObjectKind } from '../catalog/types';
import type { Range } from '../text/lineIndex';

/** One changed attribute of a log entry: Graph's `modifiedProperty` (the target attribute and its values). */
export interface LogModifiedProperty {
  name: string;
  oldValue: string | null;
  newValue: string | null;
}

/** One step of a log entry: Graph's `provisioningStep`. */
export interface LogStep {
  name: string;
  /** import, scoping, matching, processing, referenceResolution, export (lower case). */
  type: string;
  /** success, warning, failure, skipped, … (lower case). */
  status: string;
  description: string;
  details: Record<string, string>;
}

/**
 * A provisioning log entry, read from Graph's `provisioningObjectSummary` (v1.0 names, the older
 * beta names `action` / `statusInfo`, or the portal's CSV columns) into one shape.
 */
export interface ProvisioningLogEntry {
  id: string;
  activityDateTime: string;
  /** create, update, delete, stagedDelete, disable, other. */
  action: string;
  /** success, warning, failure, skipped (lower case; as given when it is something else). */
  status: string;
  /** The object's UPN or display name, for people. */
  object: string;
  /** user or group, from sourceIdentity.identityType (user when the log does not say). */
  objectKind: ObjectKind;
  jobId: string | null;
  changeId: string | null;
  errorCode: string | null;
  reason: string | null;
  additionalDetails: string | null;
  modifiedProperties: LogModifiedProperty[];
  steps: LogStep[];
}

export interface LogCause {
  /** A stable code: a diagnostic or dry-run code where it means the same thing (required-missing, value-conflict, …). */
  code: string;
  message: string;
  fix: string;
}

export interface LogLocation {
  /** The file (as the caller names it: a display path). */
  file: string;
  /** The mapping's target attribute, or the scope clause's attribute; null when the location is a whole scope or section. */
  target: string | null;
  /** 0-based, like `check --format json`. */
  range: Range;
}

/** The JSON contract of `scim-mapper logs --format json`: one of these per listed entry. */
export interface ExplainedLogEntry {
  id: string;
  activityDateTime: string;
  action: string;
  status: string;
  object: string;
  errorCode: string | null;
  reason: string | null;
  /** null for successes and for errors that cannot be explained (then errorCode and reason say what the log says). */
  cause: LogCause | null;
  location: LogLocation | null;
}

/** What the report groups by, beside the contract: not printed in JSON. */
export interface ExplanationDetail {
  /** Entries with the same key share a cause and location. */
  groupKey: string;
  /** The group's headline: `required-missing name.familyName ← [surname] (app.mapping.jsonc:11)`. */
  headline: string;
  /** Who is affected, for the summary: `users without a surname`. */
  audience: string;
  /** The mapping's source expression, when the location is a mapping. */
  source: string | null;
  /** The location's 1-based line, for people. */
  line: number | null;
  /** Other problems the rebuilt payload has beside the cause. */
  otherFindings: string[];
}

export interface Explanation {
  entry: ExplainedLogEntry;
  detail: ExplanationDetail;
}
