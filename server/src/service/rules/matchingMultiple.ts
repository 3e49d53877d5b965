import type { Rule } from './types';
import { matchingPrecedence, objectLabel, objectMappings } from './util';

export const matchingMultiple: Rule = {
  code: 'matching-multiple',
  defaultSeverity: 'warning',
  documents: ['mapping'],
  awsOnly: true,
  description: 'More than one matching attribute, or two with the same precedence; AWS asks for a single one.',
  check(context) {
    for (const object of objectMappings(context.document)) {
      const matching = object.mappings.filter((m) => matchingPrecedence(m) !== undefined);
      if (matching.length < 2) continue;
      const seen = new Map<number, number>();
      for (const mapping of matching) {
        const precedence = matchingPrecedence(mapping)!;
        const clash = seen.get(precedence);
        seen.set(precedence, mapping.index);
        context.report({
          code: this.code,
          message:
            clash !== undefined
              ? `Mappings ${clash + 1} and ${mapping.index + 1} both have matching precedence ${precedence}; the order in which Entra tries them is undefined.`
              : `AWS IAM Identity Center asks for a single matching attribute for ${objectLabel(object.object)}; Entra tries these in precedence order and a second one can match the wrong object.`,
          span: mapping.matchingPrecedence!.span,
        });
      }
    }
  },
};
