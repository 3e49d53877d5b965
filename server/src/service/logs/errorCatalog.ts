/**
 * What Entra's provisioning-log error codes mean for an AWS IAM Identity Center app, and what to do.
 * One home for these facts; each row names its sources (files of the domain reference and the
 * public pages they quote). A code that is not in this table is reported as unexplained, with the
 * log's own code and reason, never guessed.
 */

/** How the explainer treats an entry with this code. */
export type ErrorHandling =
  /** Rebuild the payload from modifiedProperties and look for the violated AWS rule. */
  | 'payload'
  /** A 409 from AWS: a unique attribute collides. */
  | 'conflict'
  /** Caused by the matching attribute: points at the matching mapping. */
  | 'matching'
  /** Not caused by the mapping: meaning and fix only. */
  | 'service'
  /** A skip: the skip reason, the scoping step or the documented meaning. */
  | 'skip';

export interface EntraErrorFact {
  /** Entra's error codes (compared case-insensitively). */
  codes: readonly string[];
  /** Our cause code. */
  cause: string;
  handling: ErrorHandling;
  meaning: string;
  fix: string;
  sources: readonly string[];
}

const ANALYZE_LOGS =
  'entra-docs docs/identity/monitoring-health/howto-analyze-provisioning-logs.md (error code table), via reference graph/api.md §2.4';

export const ENTRA_ERROR_FACTS: readonly EntraErrorFact[] = [
  {
    codes: ['Conflict', 'EntryConflict'],
    cause: 'value-conflict',
    handling: 'conflict',
    meaning:
      'AWS IAM Identity Center answered 409 "Refused to create a new, duplicate resource.": a unique attribute already belongs to another object.',
    fix: 'Find the AWS object that holds the value and remove it or change the Entra value; or, if it is the same person, make the matching attribute find it.',
    sources: [ANALYZE_LOGS, 'reference aws/failure-modes.md §1 (re:Post knowledge-center/iam-identity-center-provision)'],
  },
  {
    codes: ['MandatoryFieldsMissing', 'MissingValues'],
    cause: 'required-missing',
    handling: 'payload',
    meaning: 'The object was not created because values AWS requires were not sent.',
    fix: 'Give the source attribute a value in Entra, or map the required attribute from a source every object has.',
    sources: [ANALYZE_LOGS, 'reference aws/constraints.md (required attributes)'],
  },
  {
    codes: ['SchemaPropertyCanOnlyAcceptValue'],
    cause: 'target-multi-valued',
    handling: 'payload',
    meaning: 'The target holds one value, but the source gave several.',
    fix: 'Map a single-valued source, pick one value with Item(…, 1) or Join them, or remove the mapping.',
    sources: [ANALYZE_LOGS, 'reference aws/failure-modes.md §10'],
  },
  {
    codes: ['SchemaAttributeNotFound'],
    cause: 'target-unknown',
    handling: 'payload',
    meaning: 'A mapping writes an attribute that AWS IAM Identity Center does not have.',
    fix: 'Remove the mapping or write an attribute AWS supports (scim-mapper check names them).',
    sources: [ANALYZE_LOGS],
  },
  {
    codes: ['InvalidDomain'],
    cause: 'invalid-domain',
    handling: 'payload',
    meaning: 'An attribute value contains a domain name the target does not accept.',
    fix: "Change the domain in the user's value, or add the domain to the target's permitted list.",
    sources: [ANALYZE_LOGS],
  },
  {
    codes: ['ImportSkipped'],
    cause: 'matching-value-missing',
    handling: 'matching',
    meaning: 'The object has no value for the matching attribute, so Entra could not evaluate scope, matching or export for it.',
    fix: 'Give the object a value for the matching source attribute, or match on an attribute every object has (userName ← [userPrincipalName]).',
    sources: [ANALYZE_LOGS],
  },
  {
    codes: ['DuplicateTargetEntries', 'SystemForCrossDomainIdentityManagementMultipleEntriesInResponse'],
    cause: 'matching-ambiguous',
    handling: 'matching',
    meaning: 'The lookup by the matching attribute found more than one object in AWS IAM Identity Center.',
    fix: 'Remove the duplicate from AWS, or match on an attribute that is unique in AWS.',
    sources: [ANALYZE_LOGS, 'reference aws/failure-modes.md §2'],
  },
  {
    codes: ['DuplicateSourceEntries'],
    cause: 'matching-duplicate-source',
    handling: 'matching',
    meaning: 'More than one Entra object has the same value for the matching attribute.',
    fix: 'Make the source value unique (remove the duplicate object), or match on an attribute that is unique in Entra.',
    sources: [ANALYZE_LOGS],
  },
  {
    codes: ['InvalidAnchor'],
    cause: 'matching-anchor-lost',
    handling: 'matching',
    meaning: 'The AWS object that Entra created or matched earlier no longer exists (deleted in AWS).',
    fix: 'Recreate or restore the object, or restart the provisioning job so Entra matches everyone again (an initial cycle).',
    sources: [ANALYZE_LOGS, 'reference aws/failure-modes.md §14'],
  },
  {
    codes: ['EntrySynchronizationSkipped'],
    cause: 'skipped',
    handling: 'skip',
    meaning:
      'Entra found the object and took no further action: it was out of scope, not assigned, or already up to date in AWS (the log does not say which).',
    fix: 'If the object should be provisioned, check its assignment to the app and the scoping filter (a dry run of the object shows each clause).',
    sources: [ANALYZE_LOGS],
  },
  {
    codes: ['TooManyRequests'],
    cause: 'throttled',
    handling: 'service',
    meaning: 'AWS IAM Identity Center throttled the request (429).',
    fix: 'Nothing to change: Entra retries automatically.',
    sources: [ANALYZE_LOGS, 'reference aws/failure-modes.md §18'],
  },
  {
    codes: ['InternalServerError'],
    cause: 'target-server-error',
    handling: 'service',
    meaning: 'AWS IAM Identity Center returned an unexpected server error.',
    fix: 'Nothing to change in the mapping: Entra retries in about 40 minutes.',
    sources: [ANALYZE_LOGS],
  },
  {
    codes: ['InsufficientRights', 'MethodNotAllowed', 'NotPermitted', 'Unauthorized'],
    cause: 'not-authorized',
    handling: 'service',
    meaning:
      'Entra reached AWS IAM Identity Center but was not allowed to make the change; for AWS this usually means the SCIM access token expired (tokens last one year) or was rotated.',
    fix: "Create a new SCIM access token in AWS IAM Identity Center and save it (with the SCIM endpoint) in the enterprise app's Provisioning → Admin credentials.",
    sources: [ANALYZE_LOGS, 'reference aws/failure-modes.md §19'],
  },
  {
    codes: ['SystemForCrossDomainIdentityManagementCredentialValidationFailure'],
    cause: 'not-authorized',
    handling: 'service',
    meaning: 'Entra could not validate the SCIM credentials (an expired or wrong AWS access token); the job is quarantined.',
    fix: 'Create a new SCIM access token in AWS IAM Identity Center, save it in Admin credentials and restart provisioning.',
    sources: ['reference aws/failure-modes.md §19 (Microsoft Q&A answer; not in the official Entra docs)'],
  },
  {
    codes: ['UnprocessableEntity', 'NotImplemented', 'SystemForCrossDomainIdentityManagementServiceIncompatible'],
    cause: 'target-incompatible',
    handling: 'service',
    meaning: 'AWS IAM Identity Center returned a response Entra did not expect or could not parse.',
    fix: "Check that the app is the AWS IAM Identity Center gallery app with AWS's SCIM endpoint; a custom (non-gallery) SCIM app speaks a different dialect.",
    sources: [ANALYZE_LOGS, 'reference aws/failure-modes.md §24'],
  },
  {
    codes: ['WebExceptionProtocolError', 'Timeout'],
    cause: 'connection-error',
    handling: 'service',
    meaning: 'The connection to AWS IAM Identity Center failed or timed out.',
    fix: 'Nothing to change: Entra retries in about 40 minutes. Check the SCIM endpoint URL if it persists.',
    sources: [ANALYZE_LOGS],
  },
  {
    codes: ['InternalError'],
    cause: 'entra-internal-error',
    handling: 'service',
    meaning: 'An internal error in the Microsoft Entra provisioning service.',
    fix: 'Nothing to change: Entra retries in about 40 minutes.',
    sources: [ANALYZE_LOGS],
  },
  {
    codes: ['LicenseLimitExceeded'],
    cause: 'license-limit',
    handling: 'service',
    meaning: 'The target has no licence left for this user.',
    fix: 'Buy more licences, or narrow the assignments and scope.',
    sources: [ANALYZE_LOGS],
  },
];

const BY_CODE = new Map<string, EntraErrorFact>();
for (const fact of ENTRA_ERROR_FACTS) for (const code of fact.codes) BY_CODE.set(code.toLowerCase(), fact);

/**
 * The fact for an error code. Entra prefixes some codes with the target's name
 * (`ContosoEntryConflict` in Graph's own example, `SystemForCrossDomainIdentityManagement…` for SCIM
 * apps), so a known code at the end of the given one counts too.
 */
export function entraErrorFact(code: string | null): EntraErrorFact | undefined {
  if (!code) return undefined;
  const lower = code.toLowerCase();
  const exact = BY_CODE.get(lower);
  if (exact) return exact;
  for (const prefix of ['systemforcrossdomainidentitymanagement']) {
    if (lower.startsWith(prefix)) {
      const rest = BY_CODE.get(lower.slice(prefix.length));
      if (rest) return rest;
    }
  }
  // Prefixed conflicts: "<App>EntryConflict".
  if (lower.endsWith('entryconflict')) return BY_CODE.get('entryconflict');
  return undefined;
}

/** AWS's published 400 and 409 texts (reference aws/failure-modes.md, "Error texts actually published"). */
export const AWS_BAD_REQUEST =
  /Request is unparsable, syntactically incorrect, or violates schema|"status"\s*:\s*"?400\b|status code 400\b|\(400\)|BadRequest/i;
export const AWS_CONFLICT = /Refused to create a new, duplicate resource|"status"\s*:\s*"?409\b|status code 409\b|\(409\)/i;

/** Skip reasons Entra writes into step details (`SkipReason`), documented in reference graph/api.md §2.4. */
export const SKIP_NOT_ENTITLED = 'NotEffectivelyEntitled';
export const SKIP_REDUNDANT = 'RedundantExport';
