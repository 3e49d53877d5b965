/**
 * The life cycle of an object (reference: entra/mapping-model.md §10, Entra's how-provisioning-works
 * and SCIM compatibility pages): whether Entra creates, updates, disables or deletes it, or does
 * nothing; how IsSoftDeleted is computed; and the PATCH operations of an update, written the way
 * Entra writes them without the `aadOptscim062020` flag (capitalised `Add`/`Replace`/`Remove`,
 * `active` as the string "True"/"False").
 */
import { MAX_MEMBERS_PER_PATCH, PATCH_OP_SCHEMA } from '../aws/constraints';
import type { DryRunAction, IsSoftDeletedTrace, JsonObject, JsonValue, Sample } from './types';
import type { DryRunCode } from './codes';

/** Why an object is switched off in Entra's eyes, from the facts a sample gives. */
function offReasons(sample: Sample, inScope: boolean | null, accountEnabled: unknown): string[] {
  const reasons: string[] = [];
  if (sample.assigned === false) reasons.push('it is not assigned to the app ("assigned": false)');
  if (inScope === false) reasons.push('it fails the scoping filter');
  if (sample.softDeleted) reasons.push('it is soft-deleted in Entra');
  if (sample.deleted) reasons.push('it is deleted in Entra');
  if (accountEnabled === false || (typeof accountEnabled === 'string' && accountEnabled.trim().toLowerCase() === 'false')) {
    reasons.push('accountEnabled is false');
  }
  return reasons;
}

/**
 * IsSoftDeleted is computed by Entra, not stored: true when the object is unassigned, out of scope,
 * soft-deleted or disabled (accountEnabled false). A sample may set it explicitly.
 * `inScope` undefined means "not known yet" (while the scope itself is evaluated).
 */
export function computeIsSoftDeleted(
  sample: Sample,
  inScope: boolean | null | undefined,
  accountEnabled: unknown,
): IsSoftDeletedTrace {
  if (sample.isSoftDeleted !== undefined) {
    return {
      value: sample.isSoftDeleted,
      origin: 'sample',
      reason: `IsSoftDeleted is given in the sample (${sample.isSoftDeleted ? 'true' : 'false'}).`,
    };
  }
  const reasons = offReasons(sample, inScope ?? true, accountEnabled);
  if (reasons.length > 0)
    return { value: true, origin: 'computed', reason: `IsSoftDeleted is true because ${joinReasons(reasons)}.` };
  const facts = [
    'assigned',
    inScope === null ? 'in scope as far as the dry run can tell' : 'in scope',
    'not deleted',
    accountEnabled === undefined ? 'accountEnabled not given (taken as enabled)' : 'accountEnabled true',
  ];
  if (inScope === undefined) facts.splice(1, 1);
  return { value: false, origin: 'computed', reason: `IsSoftDeleted is false: ${facts.join(', ')}.` };
}

/** The value computeIsSoftDeleted gives, without the explanation (the scope needs only the value). */
export function isSoftDeletedValue(sample: Sample, inScope: boolean | null | undefined, accountEnabled: unknown): boolean {
  if (sample.isSoftDeleted !== undefined) return sample.isSoftDeleted;
  return offReasons(sample, inScope ?? true, accountEnabled).length > 0;
}

function joinReasons(reasons: string[]): string {
  return reasons.length <= 1 ? (reasons[0] ?? '') : `${reasons.slice(0, -1).join(', ')} and ${reasons[reasons.length - 1]}`;
}

export interface LifecycleFacts {
  sample: Sample;
  inScope: boolean | null;
  scopeExplanation: string | null;
  isSoftDeleted: IsSoftDeletedTrace;
  accountEnabled: unknown;
  /** The matched AWS object, when one exists. */
  existing?: JsonObject;
  /** How the existing object was found, for the reason text. */
  existingVia?: string;
  /** What the `active` mapping evaluates to (users), or undefined when nothing maps active. */
  desiredActive?: boolean;
  /** False when the object mapping says `"enabled": false`. */
  mappingEnabled: boolean;
  /** The lookup Entra sends, for reason texts. */
  lookup: string | null;
}

export interface ActionDecision {
  action: DryRunAction;
  reason: string;
  /** A problem to report with the decision (e.g. active is not driven by IsSoftDeleted). */
  problem?: { code: DryRunCode; severity: 'warning' | 'error' | 'information'; message: string };
}

function activeOf(value: JsonValue | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  return undefined;
}

export function decideUserAction(facts: LifecycleFacts): ActionDecision {
  const { sample, inScope, existing } = facts;
  const found = existing
    ? `It exists in AWS (id ${String(existing.id)}${facts.existingVia ? `, ${facts.existingVia}` : ''})`
    : undefined;
  if (!facts.mappingEnabled)
    return { action: 'none', reason: 'The user mapping is disabled ("enabled": false): Entra provisions no users.' };
  if (sample.deleted) {
    if (!existing)
      return { action: 'none', reason: 'The user is hard-deleted in Entra and does not exist in AWS: nothing to send.' };
    if (sample.assigned === false) {
      const active = activeOf(existing.active);
      return active === false
        ? {
            action: 'none',
            reason: `${found}. It was unassigned before it was deleted, so Entra no longer manages it and sends no DELETE (Entra known limitation); AWS already has it disabled.`,
          }
        : {
            action: 'disable',
            reason: `${found}. It is unassigned, so Entra disables it and, no longer managing it, sends no DELETE when it is deleted (Entra known limitation).`,
          };
    }
    return {
      action: 'delete',
      reason: `${found}, and it is hard-deleted in Entra (permanently, or 30 days after a soft delete): Entra sends DELETE.`,
    };
  }
  const off = facts.isSoftDeleted.value || sample.assigned === false || inScope === false;
  if (!existing) {
    const notFound = facts.lookup ? `The lookup ${facts.lookup} finds nothing` : 'No existing AWS user is known';
    if (sample.assigned === false)
      return { action: 'none', reason: `Not assigned to the app: Entra does not provision it (no request).` };
    if (inScope === false) return { action: 'none', reason: `${facts.scopeExplanation ?? 'Out of scope.'} No request is sent.` };
    if (facts.isSoftDeleted.value) {
      if (facts.isSoftDeleted.origin === 'sample')
        return {
          action: 'none',
          reason: 'IsSoftDeleted is true in the sample and the user does not exist in AWS: Entra does not create it.',
        };
      if (sample.softDeleted)
        return {
          action: 'none',
          reason: 'The user is soft-deleted in Entra and does not exist in AWS: Entra does not create it.',
        };
      return {
        action: 'none',
        reason:
          'The user is disabled in Entra (accountEnabled false): Entra does not provision disabled users; they must be enabled first (Entra known limitation).',
      };
    }
    if (inScope === null)
      return {
        action: 'create',
        reason: `${notFound}, so Entra would create the user — if it is in scope, which the dry run cannot decide (see the scope trace).`,
      };
    return { action: 'create', reason: `${notFound}: Entra creates the user with POST /Users.` };
  }
  if (off) {
    const why =
      sample.assigned === false
        ? 'it is not assigned to the app'
        : inScope === false
          ? 'it no longer passes the scoping filter'
          : facts.isSoftDeleted.reason.replace(/^IsSoftDeleted is true because /, '').replace(/\.$/, '');
    if (facts.desiredActive === undefined || facts.desiredActive === true) {
      return {
        action: 'none',
        reason: `${found} and ${why}, but no mapping turns "active" to False for it, so Entra leaves it enabled.`,
        problem: {
          code: 'active-not-soft-delete',
          severity: 'warning',
          message: `The user should be disabled in AWS (${why}), but the "active" mapping does not yield False when IsSoftDeleted is true; the user stays enabled.`,
        },
      };
    }
    if (activeOf(existing.active) === false)
      return { action: 'none', reason: `${found} and ${why}; it is already inactive in AWS, so there is nothing to send.` };
    return {
      action: 'disable',
      reason: `${found} and ${why}: Entra disables it with PATCH active "False" (it does not delete it).`,
    };
  }
  if (inScope === null)
    return {
      action: 'update',
      reason: `${found}: Entra updates it — if it is in scope, which the dry run cannot decide (see the scope trace).`,
    };
  return { action: 'update', reason: `${found}: Entra sends the changed attributes with PATCH.` };
}

export function decideGroupAction(facts: LifecycleFacts): ActionDecision {
  const { sample, inScope, existing } = facts;
  const found = existing
    ? `It exists in AWS (id ${String(existing.id)}${facts.existingVia ? `, ${facts.existingVia}` : ''})`
    : undefined;
  if (!facts.mappingEnabled)
    return { action: 'none', reason: 'The group mapping is disabled ("enabled": false): Entra provisions no groups.' };
  if (sample.deleted || sample.softDeleted) {
    if (!existing) return { action: 'none', reason: 'The group is deleted in Entra and does not exist in AWS: nothing to send.' };
    return {
      action: 'delete',
      reason: sample.deleted
        ? `${found}, and it is deleted in Entra: Entra sends DELETE /Groups/{id}.`
        : `${found}, and it is soft-deleted in Entra. SCIM groups have no "active" flag, so Entra deletes the group (inferred: the docs describe soft deletion for users only).`,
    };
  }
  if (!existing) {
    const notFound = facts.lookup ? `The lookup ${facts.lookup} finds nothing` : 'No existing AWS group is known';
    if (sample.assigned === false)
      return { action: 'none', reason: 'Not assigned to the app: Entra does not provision it (no request).' };
    if (inScope === false) return { action: 'none', reason: `${facts.scopeExplanation ?? 'Out of scope.'} No request is sent.` };
    if (inScope === null)
      return {
        action: 'create',
        reason: `${notFound}, so Entra would create the group — if it is in scope, which the dry run cannot decide.`,
      };
    return {
      action: 'create',
      reason: `${notFound}: Entra creates the group with POST /Groups (no members), then adds the members with PATCH.`,
    };
  }
  if (sample.assigned === false || inScope === false) {
    const why = sample.assigned === false ? 'it is not assigned to the app' : 'it no longer passes the scoping filter';
    return {
      action: 'delete',
      reason: `${found} and ${why}. SCIM groups have no "active" flag, so Entra deprovisions the group with DELETE (inferred: the docs describe disabling users only).`,
    };
  }
  return { action: 'update', reason: `${found}: Entra sends the changed attributes and memberships with PATCH.` };
}

export interface PatchOperation {
  op: 'Add' | 'Replace' | 'Remove';
  path: string;
  value?: JsonValue;
}

export function patchBody(operations: PatchOperation[]): JsonObject {
  return {
    schemas: [PATCH_OP_SCHEMA],
    Operations: operations.map((o) => {
      const op: JsonObject = { op: o.op, path: o.path };
      if (o.value !== undefined) op.value = o.value;
      return op;
    }),
  };
}

/** Whether an AWS value already equals what Entra would send (booleans compare by meaning). */
export function sameValue(desired: JsonValue, existing: JsonValue | undefined, boolean: boolean): boolean {
  if (existing === undefined || existing === null) return false;
  if (boolean) return activeOf(desired) !== undefined && activeOf(desired) === activeOf(existing);
  if (typeof desired === 'string' && typeof existing === 'string') return desired === existing;
  return JSON.stringify(desired) === JSON.stringify(existing);
}

/** Splits member changes into PATCH requests of at most `size` members each (AWS: ≤100 per request). */
export function memberBatches(op: 'Add' | 'Remove', ids: string[], size = MAX_MEMBERS_PER_PATCH): JsonObject[] {
  const bodies: JsonObject[] = [];
  for (let i = 0; i < ids.length; i += size) {
    bodies.push(patchBody([{ op, path: 'members', value: ids.slice(i, i + size).map((value) => ({ value })) }]));
  }
  return bodies;
}
