/**
 * Checks values against what AWS IAM Identity Center accepts (reference: aws/constraints.md):
 * required attributes present and non-empty, one element per multi-valued attribute, the Identity
 * Store character classes and lengths, unsupported attributes, and the characters Entra's AWS
 * tutorial warns about. Codes match the static rules where they mean the same thing.
 */
import type { AwsTargetAttribute } from '../catalog/types';
import { describeCharacter, rejectedCharacters } from '../rules/constantValues';
import type { Severity } from '../rules/types';

/** Problem codes the dry run adds to the static rules' codes. A public contract: never rename one. */
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
} as const;

/** Characters Entra's AWS tutorial says AWS rejects, though AWS's own patterns accept most of them. */
const TUTORIAL_CHARACTERS = /[\t\n\r"<|>;:%]/gu;

/** Group names AWS reserves (Identity Store CreateGroup). */
const RESERVED_GROUP_NAMES = new Set(['administrator', 'awsadministrators']);

export interface ValueProblem {
  code: string;
  severity: Severity;
  message: string;
}

/** Length in Unicode code points, as Smithy's length trait (which the Identity Store model uses) counts strings. */
export function codePointLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/**
 * Checks one string value for a target. `required` targets report an empty value as
 * required-missing (the problem AWS reports as "length greater than or equal to 1").
 */
export function checkString(target: AwsTargetAttribute, path: string, value: string): ValueProblem[] {
  const problems: ValueProblem[] = [];
  if (value.length === 0) {
    problems.push(
      target.required
        ? { code: 'required-missing', severity: 'error', message: `"${path}" is required by AWS IAM Identity Center but the value is empty; AWS rejects it ("Member must have length greater than or equal to 1").` }
        : { code: 'invalid-characters', severity: 'error', message: `The value for "${path}" is empty; Entra sends empty strings as they are, and AWS requires at least one character.` },
    );
    return problems;
  }
  const bad = rejectedCharacters(target, value);
  if (bad.length > 0) {
    problems.push({
      code: 'invalid-characters',
      severity: 'error',
      message: `AWS rejects ${bad.join(', ')} in "${path}"${target.allowsWhitespace === false ? ' (no whitespace of any kind is allowed)' : ''}; the value ${JSON.stringify(value)} contains ${bad.length === 1 ? 'it' : 'them'}.`,
    });
  }
  const length = codePointLength(value);
  if (target.maxLength !== undefined && length > target.maxLength) {
    problems.push({
      code: DRY_RUN_CODES.valueTooLong,
      severity: 'error',
      message: `"${path}" takes at most ${target.maxLength} characters in AWS IAM Identity Center; this value has ${length}.`,
    });
  }
  if (bad.length === 0) {
    const risky = [...new Set(value.match(TUTORIAL_CHARACTERS) ?? [])];
    if (risky.length > 0) {
      problems.push({
        code: 'risky-characters',
        severity: 'warning',
        message: `Entra's AWS tutorial says AWS IAM Identity Center does not accept ${risky.map(describeCharacter).join(', ')}; the value for "${path}" contains ${risky.length === 1 ? 'it' : 'them'}${target.filterable ? `, and "${path}" is used in lookups where such characters break Entra's filter query` : ''}.`,
      });
    }
  }
  return problems;
}

export function checkGroupName(value: string): ValueProblem | undefined {
  if (!RESERVED_GROUP_NAMES.has(value.trim().toLowerCase())) return undefined;
  return {
    code: DRY_RUN_CODES.reservedName,
    severity: 'error',
    message: `"${value}" is a group name AWS IAM Identity Center reserves (Administrator and AWSAdministrators); creating it fails.`,
  };
}
