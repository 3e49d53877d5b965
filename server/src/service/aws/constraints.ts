/**
 * The one home of AWS IAM Identity Center's facts that are not catalog entries (reference:
 * aws/constraints.md): which targets it supports beyond the catalog (custom extensions and
 * `display` sub-attributes are rejected), the enterprise extension's URN, the character classes of
 * its attribute patterns, the characters Entra's tutorial warns about, reserved group names and
 * limits. The rules and the dry run both read them from here, so they cannot drift apart.
 *
 * To add an AWS limit: add a named constant here (with the reference it comes from), then use it in
 * the rule that checks it statically and in dryrun/validate.ts, which checks evaluated values.
 */
import type { CatalogIndex } from '../catalog/lookup';
import type { AwsTargetAttribute, ObjectKind } from '../catalog/types';

// ---------------------------------------------------------------------------------------------
// Schemas and target support

/** The SCIM core schemas of the users and groups AWS stores (RFC 7643). */
export const CORE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** The message schema of a SCIM PATCH request body (RFC 7644), which Entra sends for updates. */
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** The SCIM enterprise user extension, the only extension AWS accepts. */
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** How enterprise attributes are written as targets: `<schema>:<attribute>`. */
export const ENTERPRISE_USER_PREFIX = `${ENTERPRISE_USER_SCHEMA}:`;

const CORE_OR_ENTERPRISE = /^urn:ietf:params:scim:schemas:(core:2\.0:(User|Group)|extension:enterprise:2\.0:User):/i;

/** `emails[type eq "work"].display` and the like: AWS rejects `display` on multi-valued attributes. */
export function isDisplaySubAttribute(path: string): boolean {
  return /^(emails|phoneNumbers|addresses|roles|members|groups|ims|photos|entitlements|x509Certificates)(\[[^\]]*\])?\.display$/i.test(
    path,
  );
}

/** A custom SCIM extension such as `urn:ietf:params:scim:schemas:extension:contoso:2.0:User:costCode`. */
export function isCustomExtensionTarget(path: string): boolean {
  return /^urn:ietf:params:scim:schemas:extension:/i.test(path) && !CORE_OR_ENTERPRISE.test(path);
}

/** Why AWS rejects a `display` sub-attribute target. */
export const DISPLAY_UNSUPPORTED =
  'AWS IAM Identity Center does not support the "display" sub-attribute of multi-valued attributes.';

/** Why AWS rejects a custom extension target. */
export const CUSTOM_EXTENSION_UNSUPPORTED =
  'AWS IAM Identity Center accepts only the core and enterprise SCIM schemas; custom extension attributes are rejected.';

// ---------------------------------------------------------------------------------------------
// Limits and reserved values

/** Entries per multi-valued attribute (emails, phoneNumbers, addresses, …): "List attribute … exceeds allowed limit of 1". */
export const MAX_MULTI_VALUED_ENTRIES = 1;

/** Group members per PATCH request. */
export const MAX_MEMBERS_PER_PATCH = 100;

/** Group names AWS reserves (Identity Store CreateGroup), compared case-insensitively after trimming. */
export const RESERVED_GROUP_NAMES: ReadonlySet<string> = new Set(['administrator', 'awsadministrators']);

// ---------------------------------------------------------------------------------------------
// Characters

/**
 * Characters Entra's AWS tutorial says AWS rejects (tab, line breaks, " < | > ; : %), though AWS's
 * own patterns accept most of them: a warning, quoting the tutorial. Global: use with `match`.
 */
export const RISKY_CHARACTERS = /[\t\n\r"<|>;:%]/gu;

/** The same characters (all ASCII) as a table, for the one-pass check of ASCII values. */
export const RISKY_ASCII_TABLE = new Uint8Array(128);
for (let c = 0; c < 128; c++) RISKY_ASCII_TABLE[c] = /[\t\n\r"<|>;:%]/u.test(String.fromCharCode(c)) ? 1 : 0;

// The character classes of the Identity Store attribute patterns (the catalog's `pattern`).

const charClassCache = new Map<string, RegExp>();
const wholeValueCache = new Map<string, RegExp>();

/** A test of a whole value against a target's pattern (`^[...]+$`, here also allowing empty). */
function allowedValue(pattern: string): RegExp {
  let regex = wholeValueCache.get(pattern);
  if (!regex) {
    const body = pattern.replace(/^\^/, '').replace(/\+\$$/, '').replace(/\$$/, '');
    regex = new RegExp(`^(?:${body})*$`, 'u');
    wholeValueCache.set(pattern, regex);
  }
  return regex;
}

/** A single-character test built from a target's Identity Store pattern (`^[...]+$`). */
export function allowedCharacter(pattern: string): RegExp {
  let regex = charClassCache.get(pattern);
  if (!regex) {
    const body = pattern.replace(/^\^/, '').replace(/\+\$$/, '').replace(/\$$/, '');
    regex = new RegExp(`^${body}$`, 'u');
    charClassCache.set(pattern, regex);
  }
  return regex;
}

/** A pattern that is one character class repeated: `^[...]+$`. */
const CHARACTER_CLASS_PATTERN = /^\^\[(?:[^\]\\]|\\.)*\]\+\$$/;

const asciiTables = new Map<string, Uint8Array | null>();

/**
 * For a pattern that is one character class, which ASCII characters it allows (1) and rejects
 * (0), computed once from the pattern itself; null for any other pattern.
 */
export function asciiTable(pattern: string): Uint8Array | null {
  let table = asciiTables.get(pattern);
  if (table === undefined) {
    table = null;
    if (CHARACTER_CLASS_PATTERN.test(pattern)) {
      const test = allowedCharacter(pattern);
      table = new Uint8Array(128);
      for (let c = 0; c < 128; c++) table[c] = test.test(String.fromCharCode(c)) ? 1 : 0;
    }
    asciiTables.set(pattern, table);
  }
  return table;
}

/** Whether every character of `value` is ASCII and allowed by `table`. */
function allAsciiAllowed(table: Uint8Array, value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 128 || table[c] === 0) return false;
  }
  return true;
}

const NONE: string[] = Object.freeze([]) as unknown as string[];

/** Characters of `value` that the target's pattern rejects, each described for a message. */
export function rejectedCharacters(target: AwsTargetAttribute, value: string): string[] {
  if (!target.pattern) return [];
  // The dry run checks every value of every user: a value of allowed ASCII characters (most
  // values) is checked against a table instead of a Unicode regular expression. The empty array is
  // shared: callers only read it.
  const table = asciiTable(target.pattern);
  if (table && allAsciiAllowed(table, value)) return NONE;
  // Most values pass: one match of the whole value instead of one per character.
  if (allowedValue(target.pattern).test(value)) return [];
  const test = allowedCharacter(target.pattern);
  const bad = new Set<string>();
  for (const ch of value) if (!test.test(ch)) bad.add(describeCharacter(ch));
  return [...bad];
}

export function describeCharacter(ch: string): string {
  const named: Record<string, string> = {
    ' ': 'space',
    '\t': 'tab',
    '\n': 'line feed',
    '\r': 'carriage return',
    '\u00a0': 'no-break space',
    '\u3000': 'ideographic space',
  };
  if (named[ch]) return named[ch];
  const code = ch.codePointAt(0)!;
  const hex = 'U+' + code.toString(16).toUpperCase().padStart(4, '0');
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(ch) ? `"${ch}"` : hex;
}

// ---------------------------------------------------------------------------------------------
// Paths under unsupported attributes, and the SAML NameID (issue 14)

const CORE_PREFIX = /^urn:ietf:params:scim:schemas:core:2\.0:(User|Group):/i;

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
  if (
    rest.length > ENTERPRISE_USER_PREFIX.length &&
    rest.slice(0, ENTERPRISE_USER_PREFIX.length).toLowerCase() === ENTERPRISE_USER_PREFIX.toLowerCase()
  ) {
    prefix = ENTERPRISE_USER_PREFIX;
    rest = rest.slice(ENTERPRISE_USER_PREFIX.length);
  } else if (object === 'user' && /^manager\./i.test(rest)) {
    // Some SCIM guides write the enterprise manager without its schema prefix.
    prefix = ENTERPRISE_USER_PREFIX;
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

/** AWS reserves the same names for users: "Administrator and AWSAdministrators are reserved names and can't be used for users or groups." */
export const RESERVED_USER_NAMES: ReadonlySet<string> = RESERVED_GROUP_NAMES;

/**
 * The attributes AWS IAM Identity Center keeps unique (reference aws/failure-modes.md §1): a second
 * create with the same value gets 409 "Refused to create a new, duplicate resource.". `target` is the
 * mapping target that writes the attribute; `ignoreCase`: AWS compares case-insensitively.
 */
export const UNIQUE_ATTRIBUTES: Readonly<
  Record<ObjectKind, ReadonlyArray<{ name: string; target: string; ignoreCase: boolean }>>
> = {
  user: [
    { name: 'userName', target: 'userName', ignoreCase: true },
    { name: 'emails', target: 'emails[type eq "work"].value', ignoreCase: false },
    { name: 'externalId', target: 'externalId', ignoreCase: false },
  ],
  group: [
    { name: 'displayName', target: 'displayName', ignoreCase: false },
    { name: 'externalId', target: 'externalId', ignoreCase: false },
  ],
};
