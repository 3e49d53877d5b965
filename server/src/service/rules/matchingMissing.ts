import type { FixData, Rule } from './types';
import { MATCHING_TARGET, matchingPrecedence, objectLabel, objectMappings } from './util';

/** Sets matchingPrecedence 1 on the preferred target; the edit adds that mapping first when it is missing. */
function matchingFix(exists: boolean, object: 'user' | 'group', target: string, source: string): FixData {
  return {
    fix: 'add-matching',
    object,
    toTarget: target,
    title: exists ? `Match on ${target}` : `Add ${target} ← ${source} as the matching attribute`,
  };
}

export const matchingMissing: Rule = {
  code: 'matching-missing',
  defaultSeverity: 'error',
  documents: ['mapping'],
  awsOnly: true,
  needsCompleteDocument: true,
  description: 'No mapping has a `matchingPrecedence`, so Entra cannot find existing objects in AWS.',
  check(context) {
    for (const object of objectMappings(context.document)) {
      if (object.mappings.some((m) => matchingPrecedence(m) !== undefined)) continue;
      const preferred = MATCHING_TARGET[object.object];
      context.report({
        code: this.code,
        message: `No ${object.object} mapping is used for matching: Entra needs one (usually ${preferred.target} with "matchingPrecedence": 1) to find ${objectLabel(object.object)} that already exist in AWS.`,
        span: object.keySpan,
        fixes: [
          matchingFix(
            object.mappings.some((m) => m.target?.value === preferred.target),
            object.object,
            preferred.target,
            preferred.source,
          ),
        ],
      });
    }
  },
};
