import type { Rule } from './types';
import { MATCHING_TARGET, matchingPrecedence, objectLabel, objectMappings } from './util';

export const matchingNotFilterable: Rule = {
  code: 'matching-not-filterable',
  defaultSeverity: 'error',
  documents: ['mapping'],
  awsOnly: true,
  description: 'A matching attribute that AWS IAM Identity Center cannot filter on, so Entra cannot look objects up by it.',
  check(context) {
    for (const object of objectMappings(context.document)) {
      for (const mapping of object.mappings) {
        if (matchingPrecedence(mapping) === undefined || !mapping.target) continue;
        const target = context.catalog.awsTarget(object.object, mapping.target.value);
        if (!target || target.filterable) continue;
        const preferred = MATCHING_TARGET[object.object].target;
        const filterable = context.catalog
          .awsTargetsFor(object.object)
          .filter((t) => t.filterable && t.supported)
          .map((t) => t.path);
        context.report({
          code: this.code,
          message: `AWS IAM Identity Center cannot filter ${objectLabel(object.object)} on "${target.path}", so Entra's matching query fails. Match on ${filterable.join(' or ')} (AWS recommends ${preferred}).`,
          span: mapping.matchingPrecedence!.span,
          fixes: [
            {
              fix: 'move-matching',
              object: object.object,
              fromIndex: mapping.index,
              toTarget: preferred,
              title: `Match on ${preferred} instead`,
            },
          ],
        });
      }
    }
  },
};
