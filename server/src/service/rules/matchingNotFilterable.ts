import type { Rule } from './types';
import { MATCHING_TARGET, matchingPrecedence, objectLabel } from './util';

export const matchingNotFilterable: Rule = {
  code: 'matching-not-filterable',
  defaultSeverity: 'error',
  documents: ['mapping'],
  awsOnly: true,
  description: 'A matching attribute that AWS IAM Identity Center cannot filter on, so Entra cannot look objects up by it.',
  checkMapping(context) {
    const { mapping } = context;
    const object = mapping.object;
    if (matchingPrecedence(mapping) === undefined || !mapping.target) return;
    const target = context.awsTarget;
    if (!target || target.filterable) return;
    const preferred = MATCHING_TARGET[object].target;
    const filterable = context.catalog
      .awsTargetsFor(object)
      .filter((t) => t.filterable && t.supported)
      .map((t) => t.path);
    context.report({
      code: this.code,
      message: `AWS IAM Identity Center cannot filter ${objectLabel(object)} on "${target.path}", so Entra's matching query fails. Match on ${filterable.join(' or ')} (AWS recommends ${preferred}).`,
      span: mapping.matchingPrecedence!.span,
      fixes: [
        {
          fix: 'move-matching',
          object,
          fromIndex: mapping.index,
          toTarget: preferred,
          title: `Match on ${preferred} instead`,
        },
      ],
    });
  },
};
