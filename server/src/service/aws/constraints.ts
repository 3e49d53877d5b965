/**
 * Facts about AWS IAM Identity Center's SCIM endpoint that rules, hovers and the dry run share.
 * This is the one home of AWS facts that the generated catalog does not hold as entries of their
 * own; the catalog (`catalog/data/aws-targets.json`) stays the home of per-attribute facts, and
 * the helpers here read it rather than repeat it.
 */
import type { CatalogIndex } from '../catalog/lookup';
import type { ObjectKind } from '../catalog/types';

const CORE_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:(User|Group):/i;
const ENTERPRISE_PREFIX = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:';

/** `root[filter].sub` (the filter and the sub-attribute both optional). */
const PATH_SHAPE = /^([A-Za-z][A-Za-z0-9_]*)(\[[^\]]*\])?(?:\.([A-Za-z][A-Za-z0-9_]*))?$/;

export interface UnsupportedParent {
  /** The catalog path of the unsupported attribute the target lies under (`photos`, `groups`, the enterprise `manager.displayName`). */
  parent: string;
  reason: string;
  sources: readonly string[];
}

/**
 * The unsupported attribute a target path lies under, when the path itself is not a catalog entry:
 * `photos[type eq "photo"].value` under `photos`, `ims[type eq "work"].value` under `ims`,
 * `groups[type eq "direct"].value` under `groups` (users), `manager.displayName` written without
 * the enterprise schema prefix. AWS rejects the whole attribute, so every path below it fails
 * the same way (aws/constraints.md, failure-modes.md §11: CreateUser/PutUser "Not supported").
 */
export function unsupportedParentOf(catalog: CatalogIndex, object: ObjectKind, path: string): UnsupportedParent | undefined {
  let rest = path.replace(CORE_PREFIX, '');
  let prefix = '';
  if (rest.length > ENTERPRISE_PREFIX.length && rest.slice(0, ENTERPRISE_PREFIX.length).toLowerCase() === ENTERPRISE_PREFIX.toLowerCase()) {
    prefix = ENTERPRISE_PREFIX;
    rest = rest.slice(ENTERPRISE_PREFIX.length);
  } else if (object === 'user' && /^manager\./i.test(rest)) {
    // Some SCIM guides write the enterprise manager without its schema prefix.
    prefix = ENTERPRISE_PREFIX;
  }
  const shape = PATH_SHAPE.exec(rest);
  if (!shape) return undefined;
  const [, root, filter, sub] = shape;
  const rootEntry = catalog.awsTargetIgnoreCase(object, prefix + root);
  // The attribute itself (`photos`): its own catalog entry speaks for it.
  if ((filter || sub) && rootEntry && !rootEntry.supported) return found(rootEntry);
  if (sub) {
    const subEntry = catalog.awsTargetIgnoreCase(object, `${prefix}${root}.${sub}`);
    if (subEntry && !subEntry.supported && subEntry.path.toLowerCase() !== path.toLowerCase()) return found(subEntry);
  }
  return undefined;

  function found(entry: { path: string; unsupportedReason?: string; sources: string[] }): UnsupportedParent {
    return {
      parent: entry.path,
      reason: entry.unsupportedReason ?? `AWS IAM Identity Center does not support "${entry.path}".`,
      sources: entry.sources,
    };
  }
}

/** The message for a target under an unsupported attribute. */
export function unsupportedParentMessage(path: string, parent: UnsupportedParent): string {
  return `"${path}" is part of "${parent.parent}": ${parent.reason}`;
}

/**
 * The SAML NameID AWS IAM Identity Center signs users in with, unless the enterprise app's
 * "Unique User Identifier" claim was changed: `user.userprincipalname`. AWS matches the NameID
 * exactly to the SCIM userName ("The nameID value must exactly match the user name of an existing
 * user in IAM Identity Center"; aws/failure-modes.md §6, AWS troubleshooting and Entra's AWS SSO
 * tutorial).
 */
export const DEFAULT_SAML_NAME_ID = '[userPrincipalName]';
