/**
 * Rebuilds what Entra sent to AWS from a log entry's modifiedProperties (target attribute → new
 * value) and runs the dry run's AWS value checks on it: the same `checkString` / `checkGroupName`
 * (dryrun/validate.ts) and catalog facts (required, supported, boolean, one element per
 * collection), so a log and a dry run name a problem the same way.
 */
import type { CatalogIndex } from '../catalog/lookup';
import type { AwsTargetAttribute, ObjectKind } from '../catalog/types';
import { checkGroupName, checkString } from '../dryrun/validate';
import type { Severity } from '../rules/types';
import type { LogModifiedProperty } from './types';

export interface SentValue {
  /** The attribute as the log names it. */
  name: string;
  /** The catalog path, when AWS documents the attribute. */
  path: string;
  catalogTarget?: AwsTargetAttribute;
  /** One value, or several when the log shows a list. */
  values: string[];
}

export interface PayloadFinding {
  code: string;
  severity: Severity;
  /** The target attribute (catalog path when known). */
  target: string;
  message: string;
}

/**
 * A log value as a list: Entra writes multi-valued values as a JSON array in some logs; anything
 * else is one value.
 */
function valuesOf(value: string): string[] {
  const trimmed = value.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string')) return parsed as string[];
    } catch {
      // Not JSON: an ordinary value that happens to start with "[".
    }
  }
  return [value];
}

/**
 * The attributes sent: properties whose name is an AWS target for the object, or one of the
 * mapping's own targets (`isMappedTarget`), with a non-null new value (Entra never sends nulls).
 */
export function rebuildPayload(
  properties: readonly LogModifiedProperty[],
  object: ObjectKind,
  catalog: CatalogIndex,
  isMappedTarget: (name: string) => boolean,
): SentValue[] {
  const sent: SentValue[] = [];
  for (const property of properties) {
    if (property.newValue === null) continue;
    const catalogTarget = catalog.awsTarget(object, property.name) ?? catalog.awsTargetIgnoreCase(object, property.name);
    if (!catalogTarget && !isMappedTarget(property.name)) continue;
    sent.push({
      name: property.name,
      path: catalogTarget?.path ?? property.name,
      catalogTarget,
      values: valuesOf(property.newValue),
    });
  }
  return sent;
}

/**
 * What AWS IAM Identity Center would reject in the payload. `create`: the request was a create, so
 * required attributes that were not sent are reported too.
 */
export function checkPayload(
  sent: readonly SentValue[],
  object: ObjectKind,
  catalog: CatalogIndex,
  create: boolean,
): PayloadFinding[] {
  const findings: PayloadFinding[] = [];
  const report = (code: string, severity: Severity, target: string, message: string): void =>
    void findings.push({ code, severity, target, message });
  const collections = new Map<string, Set<string>>();
  for (const item of sent) {
    const target = item.catalogTarget;
    if (!target) {
      report(
        'target-unknown',
        'error',
        item.path,
        `"${item.name}" is not an attribute AWS IAM Identity Center documents for ${object}s, and Entra sent it.`,
      );
      continue;
    }
    if (!target.supported) {
      report(
        'target-unsupported',
        'error',
        item.path,
        `${target.unsupportedReason ?? `AWS IAM Identity Center does not support "${item.path}".`} Entra sent it.`,
      );
      continue;
    }
    if (target.collection) {
      const kinds = collections.get(target.collection) ?? new Set<string>();
      kinds.add(target.collectionType ?? target.path);
      collections.set(target.collection, kinds);
      if (kinds.size === 2) {
        report(
          'target-multi-valued',
          'error',
          item.path,
          `AWS IAM Identity Center accepts one ${target.collection} entry per ${object}, and Entra sent ${[...kinds].map((k) => `"${k}"`).join(' and ')} entries ("Currently list attributes only allow single item").`,
        );
      }
    }
    if (item.values.length > 1) {
      report(
        'target-multi-valued',
        'error',
        item.path,
        `Entra sent ${item.values.length} values for "${item.path}", which holds one value in AWS IAM Identity Center.`,
      );
      continue;
    }
    const value = item.values[0];
    if (target.type === 'boolean') {
      if (!/^(true|false)$/i.test(value.trim()))
        report(
          'value-not-boolean',
          'error',
          item.path,
          `"${item.path}" is a boolean in AWS, but Entra sent ${JSON.stringify(value)}.`,
        );
      continue;
    }
    if (target.type === 'reference' && target.path !== 'profileUrl') continue;
    for (const p of checkString(target, item.path, value)) report(p.code, p.severity, item.path, p.message);
    if (object === 'group' && target.path === 'displayName') {
      const reserved = checkGroupName(value);
      if (reserved) report(reserved.code, reserved.severity, item.path, reserved.message);
    } else if (object === 'user' && target.path === 'userName' && checkGroupName(value)) {
      // The same two names are reserved for users (reference aws/failure-modes.md §8).
      report(
        'reserved-name',
        'error',
        item.path,
        `"${value}" is a name AWS IAM Identity Center reserves for users and groups (Administrator and AWSAdministrators); creating the user fails.`,
      );
    }
  }
  if (create && sent.length > 0) {
    const paths = new Set(sent.map((s) => s.path));
    for (const required of catalog.awsTargetsFor(object)) {
      if (!required.required || !required.supported || required.type === 'complex' || required.path === 'id') continue;
      if (!paths.has(required.path))
        report(
          'required-missing',
          'error',
          required.path,
          `AWS IAM Identity Center requires "${required.path}" for ${object}s, and Entra did not send it.`,
        );
    }
  }
  return findings;
}
