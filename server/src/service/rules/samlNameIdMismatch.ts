import { DEFAULT_SAML_NAME_ID } from '../aws/constraints';
import type { ExprNode } from '../expression/ast';
import type { MappingDocument } from '../model/types';
import type { FixData, Rule } from './types';
import { innerSpan, jsonPathOf, objectMappings } from './util';

/**
 * A canonical text of an expression, so that `[userPrincipalName]` and `[ userPrincipalName ]` or
 * `toLower([upn])` and `ToLower([upn])` compare equal (function names are case-insensitive in Entra,
 * attribute names are not).
 */
export function expressionKey(node: ExprNode | null): string {
  if (!node) return '';
  switch (node.kind) {
    case 'attribute':
      return `[${node.name}]`;
    case 'string':
      return JSON.stringify(node.value);
    case 'number':
      return node.value;
    case 'identifier':
      return node.name;
    case 'comparison':
      return `${expressionKey(node.left)}${node.operator}${expressionKey(node.right)}`;
    case 'call':
      return `${node.name.toLowerCase()}(${node.args.map((a) => expressionKey(a.value)).join(',')})`;
    default:
      return '?';
  }
}

export const samlNameIdMismatch: Rule = {
  code: 'saml-nameid-mismatch',
  defaultSeverity: 'warning',
  documents: ['mapping'],
  awsOnly: true,
  description:
    'userName is not mapped straight from the SAML NameID source ([userPrincipalName], or the mapping\'s "sso.nameId"), or only on create: AWS signs users in by matching the NameID to userName.',
  check(context) {
    const doc = context.document;
    // A Graph schema does not hold the SAML claims, so there is nothing to compare against there.
    if (doc.kind !== 'mapping') return;
    const sso = (doc as MappingDocument).sso;
    const declared = sso?.nameId;
    if (declared && declared.parsed.errors.length > 0) return;
    const nameIdText = declared ? declared.value : DEFAULT_SAML_NAME_ID;
    const nameIdKey = declared ? expressionKey(declared.parsed.root) : `[userPrincipalName]`;
    const where = declared
      ? `the NameID this file declares ("sso.nameId": ${nameIdText})`
      : `the SAML NameID, which is ${DEFAULT_SAML_NAME_ID} unless the app's "Unique User Identifier" claim was changed`;
    for (const object of objectMappings(doc)) {
      if (object.object !== 'user') continue;
      const userName = object.mappings.find((m) => m.target?.value === 'userName');
      if (!userName?.source || userName.source.parsed.errors.length > 0) continue;
      const source = userName.source;
      const sameSource = expressionKey(source.parsed.root) === nameIdKey;
      const onCreate = userName.apply?.value === 'on-create';
      if (!sameSource) {
        const fixes: FixData[] = [
          {
            fix: 'replace',
            span: innerSpan(source),
            newText: JSON.stringify(nameIdText).slice(1, -1),
            title: `Map userName from the NameID source ${nameIdText}`,
          },
          {
            fix: 'set-property',
            path: sso ? ['sso', 'nameId'] : ['sso'],
            value: sso ? source.value : { nameId: source.value },
            title: `Declare that the SAML NameID is ${source.value}`,
          },
        ];
        context.report({
          code: this.code,
          message: `AWS signs users in by matching the SAML NameID exactly to userName, but userName comes from ${source.value} and not from ${where}: users whose two values differ (and everyone after a rename) cannot sign in. Map userName from the NameID source, or declare the NameID source if the claim was changed.`,
          span: innerSpan(source),
          fixes,
        });
      }
      if (onCreate && userName.apply) {
        context.report({
          code: this.code,
          message: `userName is mapped only on create, so a renamed user keeps the old userName in AWS while the SAML NameID changes: the user can no longer sign in. Apply the mapping always.`,
          span: userName.apply.span,
          fixes: [
            { fix: 'remove-property', path: [...jsonPathOf(userName.node), 'apply'], title: 'Apply the userName mapping always' },
          ],
        });
      }
    }
  },
};
