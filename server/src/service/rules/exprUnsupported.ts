import { mayRefuseUnruled, staticRefusals } from '../evaluate/evaluate';
import type { Rule } from './types';

/**
 * What the evaluator refuses in an expression whatever the object: an undocumented Replace mode, a
 * function Entra allows only at the top nested inside another, a bare identifier used as a value,
 * an invalid constant regular expression. The message is the evaluator's own, so `check`, `eval`
 * and the dry run give the same reason, and `check` accepts exactly what the dry run evaluates.
 * Syntax, unknown functions and arity have rules of their own.
 */
export const exprUnsupported: Rule = {
  code: 'expr-unsupported',
  defaultSeverity: 'error',
  documents: ['mapping'],
  description:
    "An expression Entra's documentation gives no meaning to (an undocumented Replace mode, a function allowed only at the top nested, a bare identifier as a value), so neither Entra's result nor the dry run can be trusted.",
  checkExpression(context) {
    const root = context.parsed.root;
    // A syntax error is expr-syntax's; the evaluator would only repeat it.
    if (!root || context.parsed.errors.length > 0) return;
    // Only calls, bare identifiers and comparisons can be refused (see evaluate.ts); most
    // expressions are a bare [attribute] and need no compiling here.
    if (root.kind === 'attribute' || root.kind === 'string' || root.kind === 'number') return;
    // Nor do plain calls of eager functions, most of a large file: the evaluator says which need compiling.
    if (!mayRefuseUnruled(root, context.catalog)) return;
    for (const refusal of staticRefusals(root, context.catalog)) {
      if (refusal.ruled) continue;
      context.report({
        code: this.code,
        message: refusal.message,
        span: { start: refusal.start, end: Math.max(refusal.end, refusal.start + 1) },
      });
    }
  },
};
