/**
 * Every problem code the dry run itself reports (besides the check's findings, which come first
 * with the rules' codes and severities; see checkFirst.ts), with the severity it reports it at and
 * what it means. The one home of these codes: the dry run's steps report only codes of this table
 * (the compiler holds them to it), and `scim-mapper rules` lists and explains every one.
 *
 * Where a sample's values show what a check rule means, the dry run reports it under the rule's
 * code (`rule: true`): required-missing, invalid-characters, target-multi-valued, … A code here is
 * a public contract like a rule's: never rename or reuse one.
 */
import type { Severity } from '../rules/types';

export interface DryRunCodeInfo {
  /**
   * The severity the dry run reports it at; where the case decides, the highest (and `lower` the
   * others). Dry-run severities are not settings: they say what AWS or Entra does with the object.
   */
  severity: Severity;
  lower?: readonly Severity[];
  /** Also a check rule's code (the rule owns its description and settings). */
  rule?: true;
  /** One sentence, like a rule's description. */
  description: string;
}

export const DRY_RUN_CODE_TABLE = {
  // Codes only the dry run reports.
  'value-too-long': {
    severity: 'error',
    description: 'A value is longer than AWS IAM Identity Center accepts for its attribute.',
  },
  'value-not-boolean': {
    severity: 'error',
    description: 'A boolean attribute (active) gets a value that is not True or False.',
  },
  'matching-value-missing': {
    severity: 'error',
    description: 'The matching attribute has no value for the object, so Entra cannot look it up in AWS and skips it.',
  },
  'expression-error': {
    severity: 'error',
    description: 'An expression fails for the sample (a function gets a value it cannot use).',
  },
  'expression-undefined': {
    severity: 'warning',
    description: 'An expression reaches a case Entra does not document, so the value cannot be told.',
  },
  'scope-not-evaluable': {
    severity: 'warning',
    lower: ['information'],
    description:
      'The scoping filter cannot be decided for the sample (an attribute the sample lacks, an operator without documented meaning).',
  },
  'patch-unsupported': {
    severity: 'error',
    description: 'An update would change an attribute that AWS IAM Identity Center does not let PATCH change.',
  },
  'reference-unresolved': {
    severity: 'information',
    description: 'A referenced user (manager, group member) has no AWS id in the sample, so a placeholder stands in.',
  },
  'member-nested-group': {
    severity: 'warning',
    description: 'A group member is a group; AWS IAM Identity Center has no nested groups, so Entra skips it.',
  },
  'member-out-of-scope': {
    severity: 'information',
    description: 'A group member fails the user scoping filter, so it is not provisioned and cannot be added to the group.',
  },
  'member-not-evaluated': {
    severity: 'information',
    description: 'A group member is given by reference only, so the user scoping filter cannot be checked for it.',
  },
  'email-missing': {
    severity: 'warning',
    description: 'A user gets no email address; AWS IAM Identity Center expects users to have a unique email.',
  },
  'reserved-name': {
    severity: 'error',
    description: 'A user or group name is one AWS IAM Identity Center reserves (Administrator, AWSAdministrators).',
  },
  'regex-budget-exhausted': {
    severity: 'error',
    description: "Regular expressions used up the run's step budget, so later matches were not evaluated.",
  },
  'stale-value': {
    severity: 'warning',
    description: 'An attribute has no value in Entra any more, but AWS keeps the old one: Entra does not clear values.',
  },
  'value-conflict': {
    severity: 'error',
    description: 'A value AWS keeps unique (userName, emails, displayName of groups, …) is held by another object too.',
  },
  // Rule codes the dry run reports from a sample's values, with the rule's meaning.
  schema: {
    severity: 'error',
    rule: true,
    description: 'The sample is not the kind of object the run is for, or the mapping has no section for it.',
  },
  'scope-file-missing': {
    severity: 'error',
    rule: true,
    description: 'The scope file the section names cannot be read, so the scope is not evaluated.',
  },
  'matching-missing': {
    severity: 'error',
    rule: true,
    description: 'No mapping has a matchingPrecedence, so Entra cannot look the object up and provisions none.',
  },
  'target-duplicate': { severity: 'error', rule: true, description: 'Two mappings write the same target of the request.' },
  'target-unknown': {
    severity: 'error',
    lower: ['warning'],
    rule: true,
    description: 'A target AWS does not document (AWS may reject it), or one the dry run cannot place in a SCIM body.',
  },
  'target-unsupported': {
    severity: 'error',
    rule: true,
    description: 'The request carries an attribute or sub-attribute AWS rejects.',
  },
  'target-multi-valued': {
    severity: 'error',
    rule: true,
    description: 'The value has several values, or the request several entries, where AWS keeps one.',
  },
  'required-missing': {
    severity: 'error',
    rule: true,
    description: "A required attribute's value is null or empty for the sample, or no mapping sets it: AWS rejects the object.",
  },
  'invalid-characters': {
    severity: 'error',
    rule: true,
    description: "The value has characters AWS's pattern rejects, or is empty.",
  },
  'risky-characters': {
    severity: 'warning',
    rule: true,
    description: "The value has characters Entra's AWS tutorial warns about.",
  },
  'active-not-soft-delete': {
    severity: 'warning',
    rule: true,
    description: 'A user that should be disabled stays enabled in AWS, because "active" does not follow IsSoftDeleted.',
  },
} as const satisfies Record<string, DryRunCodeInfo>;

/** A code the dry run may report by itself. */
export type DryRunCode = keyof typeof DRY_RUN_CODE_TABLE;

/** The dry run's own codes by name, for the modules that report them. A public contract: never rename one. */
export const DRY_RUN_CODES = {
  valueTooLong: 'value-too-long',
  valueNotBoolean: 'value-not-boolean',
  matchingValueMissing: 'matching-value-missing',
  expressionError: 'expression-error',
  expressionUndefined: 'expression-undefined',
  scopeNotEvaluable: 'scope-not-evaluable',
  patchUnsupported: 'patch-unsupported',
  referenceUnresolved: 'reference-unresolved',
  memberNestedGroup: 'member-nested-group',
  memberOutOfScope: 'member-out-of-scope',
  emailMissing: 'email-missing',
  reservedName: 'reserved-name',
  regexBudgetExhausted: 'regex-budget-exhausted',
  staleValue: 'stale-value',
  memberNotEvaluated: 'member-not-evaluated',
  valueConflict: 'value-conflict',
} as const satisfies Record<string, DryRunCode>;
