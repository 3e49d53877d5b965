/**
 * Reads one provisioning log entry from the JSON Microsoft Graph returns (`provisioningObjectSummary`,
 * reference graph/api.md §2.4 and microsoft-graph-docs `resources/provisioningobjectsummary.md`).
 * The portal's "Download logs" JSON is an array of the same objects (entra-docs
 * `monitoring-health/howto-analyze-provisioning-logs.md`); older exports and the beta API use
 * `action` and `statusInfo` instead of `provisioningAction` and `provisioningStatusInfo`, so both
 * are read.
 */
import type { ObjectKind } from '../catalog/types';
import type { LogModifiedProperty, LogStep, ProvisioningLogEntry } from './types';

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A property by name, also in other casing (PowerShell exports write PascalCase). */
function field(node: Json, name: string): Json {
  if (!isRecord(node)) return undefined;
  if (name in node) return node[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(node)) if (key.toLowerCase() === lower) return node[key];
  return undefined;
}

function text(value: Json): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Step details are a key/value object in v1.0 and a list of {key, value} in some exports. */
function details(value: Json): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const pair of value) {
      const key = text(field(pair, 'key'));
      if (key !== null) out[key] = text(field(pair, 'value')) ?? '';
    }
  } else if (isRecord(value)) {
    for (const [key, v] of Object.entries(value)) out[key] = text(v) ?? '';
  }
  return out;
}

export function objectKindOf(identityType: string | null): ObjectKind {
  return identityType !== null && /group/i.test(identityType) ? 'group' : 'user';
}

/** The name people know the object by: its UPN when the log carries one, else its display name or id. */
function objectName(raw: Json, properties: LogModifiedProperty[], steps: LogStep[]): string {
  const byName = (name: string): string | null => properties.find((p) => p.name.toLowerCase() === name)?.newValue ?? null;
  const upn = byName('userprincipalname') ?? byName('username');
  if (upn) return upn;
  const source = field(raw, 'sourceIdentity');
  const sourceUpn = text(field(field(source, 'details'), 'userPrincipalName'));
  if (sourceUpn) return sourceUpn;
  for (const step of steps) if (step.details.ReportableIdentifier) return step.details.ReportableIdentifier;
  return (
    text(field(source, 'displayName')) ||
    text(field(source, 'id')) ||
    text(field(field(raw, 'targetIdentity'), 'displayName')) ||
    ''
  );
}

/**
 * The entry, or a message saying why the object is not one. Only `id` or `changeId` and a status
 * are needed: everything else may be missing from a trimmed export.
 */
export function readLogEntry(raw: Json): ProvisioningLogEntry | string {
  if (!isRecord(raw))
    return `a log entry must be a JSON object, not ${Array.isArray(raw) ? 'an array' : raw === null ? 'null' : typeof raw}`;
  const statusInfo = field(raw, 'provisioningStatusInfo') ?? field(raw, 'statusInfo');
  const status = text(field(statusInfo, 'status')) ?? text(field(raw, 'status'));
  const id = text(field(raw, 'id'));
  const changeId = text(field(raw, 'changeId'));
  if (status === null) return 'the object has no provisioningStatusInfo.status, so it is not a provisioningObjectSummary';
  if (id === null && changeId === null)
    return 'the object has neither an id nor a changeId, so it is not a provisioningObjectSummary';
  const error = field(statusInfo, 'errorInformation');
  const propsRaw = field(raw, 'modifiedProperties');
  const properties: LogModifiedProperty[] = [];
  if (Array.isArray(propsRaw)) {
    for (const p of propsRaw) {
      const name = text(field(p, 'displayName')) ?? text(field(p, 'name'));
      if (name !== null) properties.push({ name, oldValue: text(field(p, 'oldValue')), newValue: text(field(p, 'newValue')) });
    }
  }
  const stepsRaw = field(raw, 'provisioningSteps');
  const steps: LogStep[] = [];
  if (Array.isArray(stepsRaw)) {
    for (const s of stepsRaw) {
      steps.push({
        name: text(field(s, 'name')) ?? '',
        type: (text(field(s, 'provisioningStepType')) ?? text(field(s, 'type')) ?? '').toLowerCase(),
        status: (text(field(s, 'status')) ?? '').toLowerCase(),
        description: text(field(s, 'description')) ?? '',
        details: details(field(s, 'details')),
      });
    }
  }
  return {
    id: id ?? changeId!,
    activityDateTime: text(field(raw, 'activityDateTime')) ?? '',
    action: text(field(raw, 'provisioningAction')) ?? text(field(raw, 'action')) ?? '',
    status: status.toLowerCase(),
    object: objectName(raw, properties, steps),
    objectKind: objectKindOf(
      text(field(field(raw, 'sourceIdentity'), 'identityType')) ?? text(field(field(raw, 'targetIdentity'), 'identityType')),
    ),
    jobId: text(field(raw, 'jobId')),
    changeId,
    errorCode: text(field(error, 'errorCode')),
    reason: text(field(error, 'reason')),
    additionalDetails: text(field(error, 'additionalDetails')),
    modifiedProperties: properties,
    steps,
  };
}
