import { quoteExpressionString } from '../expression/print';
import { encodeJsonStringBody } from '../text/jsonString';
import { describeCharacter, rejectedCharacters, RISKY_CHARACTERS } from '../aws/constraints';
import { factsOf } from './expressionFacts';
import type { Rule } from './types';
import { fileSpan } from './util';

export const riskyCharacters: Rule = {
  code: 'risky-characters',
  defaultSeverity: 'warning',
  documents: ['mapping'],
  awsOnly: true,
  description:
    "A constant contains characters that Entra's AWS tutorial says AWS rejects (tab, line breaks, \" < | > ; : %), though AWS's published patterns allow them.",
  checkMapping(context) {
    const { mapping } = context;
    const target = context.awsTarget;
    const source = mapping.source;
    if (!target?.supported || target.type !== 'string' || !source?.parsed.root) return;
    for (const constant of factsOf(source.parsed).forCatalog(context.catalog).outputConstants()) {
      // Characters the AWS pattern rejects are already errors.
      if (rejectedCharacters(target, constant.value).length > 0) continue;
      const matches = constant.value.match(RISKY_CHARACTERS);
      if (!matches) continue;
      const found = [...new Set(matches)];
      const span = fileSpan(source, constant.start, constant.end);
      const whitespaceOnly = found.every((ch) => /\s/.test(ch));
      context.report({
        code: this.code,
        message: `Entra's AWS tutorial says AWS IAM Identity Center does not accept ${found.map(describeCharacter).join(', ')}${target.filterable ? `, and "${target.path}" is used in lookups where such characters break Entra's filter query` : ''}.`,
        span,
        fixes: whitespaceOnly
          ? [
              {
                fix: 'replace',
                span,
                newText: encodeJsonStringBody(quoteExpressionString(constant.value.replace(/[\t\n\r]+/g, ' '))),
                title: 'Replace tabs and line breaks with spaces',
              },
            ]
          : undefined,
      });
    }
  },
};
