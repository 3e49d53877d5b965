import type { Rule } from './types';
import { MATCHING_TARGET, matchingPrecedence, objectLabel, objectMappings } from './util';

export const matchingMissing: Rule = {
  code: 'matching-missing',
  defaultSeverity: 'error',
  documents: ['mapping'],
  needsCompleteDocument: true,
  description: 'No mapping has a `matchingPrecedence`, so Entra cannot find existing objects in AWS.',
  check(context) {
    for (const object of objectMappings(context.document)) {
      if (object.mappings.some((m) => matchingPrecedence(m) !== undefined)) continue;
      const preferred = MATCHING_TARGET[object.object];
      const hasTarget = object.mappings.some((m) => m.target?.value === preferred.target);
      context.report({
        code: this.code,
        message: `No ${object.object} mapping is used for matching: Entra needs one (usually ${preferred.target} with "matchingPrecedence": 1) to find ${objectLabel(object.object)} that already exist in AWS.`,
        span: object.keySpan,
        fixes: [
          hasTarget
            ? { fix: 'add-matching', object: object.object, toTarget: preferred.target, title: `Match on ${preferred.target}` }
            : { fix: 'add-mapping', object: object.object, target: preferred.target, source: preferred.source, title: `Add ${preferred.target} ← ${preferred.source} as the matching attribute` },
        ],
      });
    }
  },
};
