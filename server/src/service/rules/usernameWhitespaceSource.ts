import type { ExprNode } from '../expression/ast';
import type { Rule } from './types';
import { innerSpan } from './util';
import { encodeJsonStringBody } from '../text/jsonString';

/**
 * Entra attributes that hold free text, usually with spaces: names, titles, places. AWS's userName
 * pattern admits no whitespace at all (Identity Store `UserName`, aws/failure-modes.md §8, the
 * catalog's `username-constraints` failure mode), so a userName taken from one of them fails for
 * every user whose value has a space. The dry run reports the actual values (invalid-characters).
 */
const FREE_TEXT = new Set([
  'displayName',
  'givenName',
  'surname',
  'jobTitle',
  'department',
  'companyName',
  'physicalDeliveryOfficeName',
  'streetAddress',
  'city',
  'country',
  'state',
]);

/** Functions that keep spaces in their argument's value. */
const KEEPS_SPACES = new Set(['tolower', 'toupper', 'normalizediacritics', 'trim']);

/** The free-text attribute a userName expression passes through unchanged but for case, if any. */
function freeTextAttribute(node: ExprNode | null): string | undefined {
  if (!node) return undefined;
  if (node.kind === 'attribute') return FREE_TEXT.has(node.name) ? node.name : undefined;
  if (node.kind === 'call' && KEEPS_SPACES.has(node.name.toLowerCase())) return freeTextAttribute(node.args[0]?.value ?? null);
  return undefined;
}

export const usernameWhitespaceSource: Rule = {
  code: 'username-whitespace-source',
  defaultSeverity: 'warning',
  documents: ['mapping'],
  awsOnly: true,
  description: 'userName comes from a free-text attribute such as [displayName], whose spaces AWS rejects in a userName.',
  checkMapping(context) {
    const { mapping } = context;
    if (mapping.object !== 'user' || context.awsTarget?.path !== 'userName' || !mapping.source) return;
    const source = mapping.source;
    if (source.parsed.errors.length > 0) return;
    const name = freeTextAttribute(source.parsed.root);
    if (!name) return;
    const span = innerSpan(source);
    const max = context.awsTarget.maxLength;
    context.report({
      code: this.code,
      message: `userName comes from [${name}], which is free text and usually contains spaces; AWS admits no whitespace in a userName${max ? ` (and at most ${max} characters)` : ''}, so every user whose ${name} has a space fails to provision.`,
      span,
      fixes: [
        {
          fix: 'replace',
          span,
          newText: '[userPrincipalName]',
          title: 'Map userName from [userPrincipalName] (the gallery default)',
        },
        {
          fix: 'replace',
          span,
          newText: encodeJsonStringBody(`StripSpaces(${source.value})`),
          title: 'Wrap the expression in StripSpaces(…)',
        },
      ],
    });
  },
};
