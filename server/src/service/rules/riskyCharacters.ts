import { quoteExpressionString } from '../expression/print';
import { encodeJsonStringBody } from '../text/jsonString';
import { describeCharacter, outputConstants, rejectedCharacters, targetOf } from './constantValues';
import type { Rule } from './types';
import { fileSpan, objectMappings } from './util';

/**
 * Entra's AWS tutorial says AWS does not accept tab, new line, carriage return and the characters
 * " < | > ; : %. AWS's own patterns accept most of them, so this is a warning that quotes the
 * tutorial rather than an error.
 */
const TUTORIAL_CHARACTERS = /[\t\n\r"<|>;:%]/gu;

export const riskyCharacters: Rule = {
  code: 'risky-characters',
  defaultSeverity: 'warning',
  documents: ['mapping'],
  awsOnly: true,
  description: 'A constant contains characters that Entra\'s AWS tutorial says AWS rejects (tab, line breaks, " < | > ; : %), though AWS\'s published patterns allow them.',
  check(context) {
    for (const object of objectMappings(context.document)) {
      for (const mapping of object.mappings) {
        const target = targetOf(context.catalog, object.object, mapping);
        const source = mapping.source;
        if (!target?.supported || target.type !== 'string' || !source?.parsed.root) continue;
        for (const constant of outputConstants(context.catalog, source.parsed.root)) {
          // Characters the AWS pattern rejects are already errors.
          if (rejectedCharacters(target, constant.value).length > 0) continue;
          const found = [...new Set(constant.value.match(TUTORIAL_CHARACTERS) ?? [])];
          if (found.length === 0) continue;
          const span = fileSpan(source, constant.start, constant.end);
          const whitespaceOnly = found.every((ch) => /\s/.test(ch));
          context.report({
            code: this.code,
            message: `Entra's AWS tutorial says AWS IAM Identity Center does not accept ${found.map(describeCharacter).join(', ')}${target.filterable ? `, and "${target.path}" is used in lookups where such characters break Entra's filter query` : ''}.`,
            span,
            fixes: whitespaceOnly
              ? [{ fix: 'replace', span, newText: encodeJsonStringBody(quoteExpressionString(constant.value.replace(/[\t\n\r]+/g, ' '))), title: 'Replace tabs and line breaks with spaces' }]
              : undefined,
          });
        }
      }
    }
  },
};
