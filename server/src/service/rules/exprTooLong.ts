import { withThousands } from '../util/thousands';
import type { Rule } from './types';
import { innerSpan } from './util';

/** Entra rejects attribute-mapping expressions longer than this (known-issues.md). */
const MAX_EXPRESSION_LENGTH = 10_000;

export const exprTooLong: Rule = {
  code: 'expr-too-long',
  defaultSeverity: 'error',
  documents: ['mapping'],
  description: `An expression is longer than the ${withThousands(MAX_EXPRESSION_LENGTH)} characters Entra accepts.`,
  checkMapping(context) {
    const source = context.mapping.source;
    const length = source?.value.length ?? 0;
    if (length > MAX_EXPRESSION_LENGTH) {
      context.report({
        code: this.code,
        message: `This expression has ${withThousands(length)} characters; Entra accepts at most ${withThousands(MAX_EXPRESSION_LENGTH)}.`,
        span: innerSpan(source!),
      });
    }
  },
};
