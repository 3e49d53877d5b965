/**
 * Checks values against what AWS IAM Identity Center accepts (reference: aws/constraints.md):
 * required attributes present and non-empty, one element per multi-valued attribute, the Identity
 * Store character classes and lengths, unsupported attributes, and the characters Entra's AWS
 * tutorial warns about. Codes match the static rules where they mean the same thing.
 */
import type { AwsTargetAttribute } from '../catalog/types';
import {
  asciiTable,
  describeCharacter,
  rejectedCharacters,
  RESERVED_GROUP_NAMES,
  RESERVED_USER_NAMES,
  RISKY_ASCII_TABLE,
  RISKY_CHARACTERS,
} from '../aws/constraints';
import type { Severity } from '../rules/types';
import { DRY_RUN_CODES, type DryRunCode } from './codes';

const ASCII_REJECTED = 1;
const ASCII_RISKY = 2;
const NOT_ASCII = -1;

/**
 * One pass over an ASCII value: whether the target's pattern rejects some character
 * (ASCII_REJECTED) and whether the tutorial warns about one (ASCII_RISKY); NOT_ASCII when the value
 * has other characters or the pattern is not one character class, which the full checks handle.
 * The dry run checks every value of every user, and most values are short ASCII text.
 */
function scanAscii(pattern: string | undefined, value: string): number {
  const table = pattern ? asciiTable(pattern) : null;
  if (!table) return NOT_ASCII;
  let flags = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 128) return NOT_ASCII;
    if (table[c] === 0) flags |= ASCII_REJECTED;
    if (RISKY_ASCII_TABLE[c] === 1) flags |= ASCII_RISKY;
  }
  return flags;
}

export interface ValueProblem {
  code: DryRunCode;
  severity: Severity;
  message: string;
}

/** Length in Unicode code points, as Smithy's length trait (which the Identity Store model uses) counts strings. */
export function codePointLength(value: string): number {
  // What iterating the string counts: a lead surrogate followed by a trail surrogate is one.
  let n = value.length;
  for (let i = 0; i < value.length - 1; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
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
        ? {
            code: 'required-missing',
            severity: 'error',
            message: `"${path}" is required by AWS IAM Identity Center but the value is empty; AWS rejects it ("Member must have length greater than or equal to 1").`,
          }
        : {
            code: 'invalid-characters',
            severity: 'error',
            message: `The value for "${path}" is empty; Entra sends empty strings as they are, and AWS requires at least one character.`,
          },
    );
    return problems;
  }
  const ascii = scanAscii(target.pattern, value);
  // An ASCII value the pattern accepts has nothing to describe; code points are its characters.
  const bad = ascii === NOT_ASCII || ascii & ASCII_REJECTED ? rejectedCharacters(target, value) : [];
  if (bad.length > 0) {
    problems.push({
      code: 'invalid-characters',
      severity: 'error',
      message: `AWS rejects ${bad.join(', ')} in "${path}"${target.allowsWhitespace === false ? ' (no whitespace of any kind is allowed)' : ''}; the value ${JSON.stringify(value)} contains ${bad.length === 1 ? 'it' : 'them'}.`,
    });
  }
  const length = ascii === NOT_ASCII ? codePointLength(value) : value.length;
  if (target.maxLength !== undefined && length > target.maxLength) {
    problems.push({
      code: DRY_RUN_CODES.valueTooLong,
      severity: 'error',
      message: `"${path}" takes at most ${target.maxLength} characters in AWS IAM Identity Center; this value has ${length}.`,
    });
  }
  // Most values have none of these characters: no set is made for them.
  const riskyMatches = bad.length === 0 && (ascii === NOT_ASCII || ascii & ASCII_RISKY) ? value.match(RISKY_CHARACTERS) : null;
  if (riskyMatches) {
    const risky = [...new Set(riskyMatches)];
    problems.push({
      code: 'risky-characters',
      severity: 'warning',
      message: `Entra's AWS tutorial says AWS IAM Identity Center does not accept ${risky.map(describeCharacter).join(', ')}; the value for "${path}" contains ${risky.length === 1 ? 'it' : 'them'}${target.filterable ? `, and "${path}" is used in lookups where such characters break Entra's filter query` : ''}.`,
    });
  }
  return problems;
}

/** The same reserved names apply to users ("can't be used for users or groups", Identity Store CreateUser). */
export function checkUserName(value: string): ValueProblem | undefined {
  if (!RESERVED_USER_NAMES.has(value.trim().toLowerCase())) return undefined;
  return {
    code: DRY_RUN_CODES.reservedName,
    severity: 'error',
    message: `"${value}" is a name AWS IAM Identity Center reserves for users and groups (Administrator and AWSAdministrators); creating the user fails.`,
  };
}

export function checkGroupName(value: string): ValueProblem | undefined {
  if (!RESERVED_GROUP_NAMES.has(value.trim().toLowerCase())) return undefined;
  return {
    code: DRY_RUN_CODES.reservedName,
    severity: 'error',
    message: `"${value}" is a group name AWS IAM Identity Center reserves (Administrator and AWSAdministrators); creating it fails.`,
  };
}
