import type { Rule } from './types';
import { innerSpan } from './util';
import { isCustomExtensionTarget, isDisplaySubAttribute, unsupportedParentOf } from '../aws/constraints';

export const targetUnknown: Rule = {
  code: 'target-unknown',
  defaultSeverity: 'error',
  documents: ['mapping'],
  awsOnly: true,
  description: "A `target` that is not an attribute of AWS IAM Identity Center's SCIM schema for this object.",
  checkMapping(context) {
    const { mapping } = context;
    const object = mapping.object;
    const target = mapping.target;
    if (!target || target.value.length === 0) return;
    const path = target.value;
    if (context.awsTarget) return;
    // Unsupported paths have their own rule.
    if (isDisplaySubAttribute(path) || isCustomExtensionTarget(path) || unsupportedParentOf(context.catalog, object, path))
      return;
    const other = object === 'user' ? 'group' : 'user';
    const span = innerSpan(target);
    const caseMatch = context.catalog.awsTargetIgnoreCase(object, path);
    if (caseMatch) {
      context.report({
        code: this.code,
        message: `Entra writes this target as "${caseMatch.path}"; target names must match the app's schema exactly.`,
        span,
        fixes: [
          { fix: 'replace', span, newText: JSON.stringify(caseMatch.path).slice(1, -1), title: `Change to ${caseMatch.path}` },
        ],
      });
      return;
    }
    if (context.catalog.awsTarget(other, path)) {
      context.report({
        code: this.code,
        message: `"${path}" is a ${other} attribute in AWS IAM Identity Center, not a ${object} attribute.`,
        span,
      });
      return;
    }
    const suggestion = context.catalog.suggestTarget(object, path);
    context.report({
      code: this.code,
      message: `AWS IAM Identity Center has no ${object} attribute "${path}"${suggestion ? `. Did you mean "${suggestion}"?` : '.'}`,
      span,
      fixes: suggestion
        ? [{ fix: 'replace', span, newText: JSON.stringify(suggestion).slice(1, -1), title: `Change to ${suggestion}` }]
        : undefined,
    });
  },
};
