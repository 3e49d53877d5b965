import type { ExprNode } from '../expression/ast';
import type { Rule } from './types';

/**
 * Entra skips a null value, but an expression that yields "" sends an empty string, and AWS
 * rejects it: every Identity Store string has at least one character (aws/failure-modes.md §4,
 * the catalog's `empty-strings` failure mode). The usual sources of "" are the fall-back values of
 * Switch, Coalesce and IIF. IgnoreFlowIfNullOrEmpty around the expression leaves the attribute
 * out instead. The dry run reports the empty value itself (invalid-characters / required-missing).
 */

/** The argument slots whose value becomes the function's result, by canonical function name. */
function outputSlots(name: string, count: number): number[] {
  switch (name) {
    case 'Switch': {
      // Switch(source, defaultValue, key1, value1, ...): the default and every value.
      const slots = [1];
      for (let i = 3; i < count; i += 2) slots.push(i);
      return slots;
    }
    case 'Coalesce':
      return Array.from({ length: count }, (_, i) => i);
    case 'IIF':
      return [1, 2];
    default:
      return [];
  }
}

export const emptyStringDefault: Rule = {
  code: 'empty-string-default',
  defaultSeverity: 'warning',
  documents: ['mapping'],
  awsOnly: true,
  description:
    'A Switch, Coalesce or IIF can yield "", which Entra sends and AWS rejects (fix: wrap the expression in IgnoreFlowIfNullOrEmpty).',
  checkExpression(context) {
    const root = context.parsed.root;
    if (!root || root.kind !== 'call' || context.parsed.errors.length > 0) return;
    // Most expressions have no "" at all: nothing to follow then. The text is a quick first test
    // (an empty literal is written ""); the node list is shared by the rules.
    if (!context.parsed.text.includes('""')) return;
    if (!context.nodes('string').nodes.some((node) => node.kind === 'string' && node.value === '' && node.closed)) return;
    const rootName = context.catalog.functionByName(root.name)?.name;
    if (!rootName || rootName === 'IgnoreFlowIfNullOrEmpty') return;
    const empties: ExprNode[] = [];
    // Follow the values that reach the output: nested Switch / Coalesce / IIF in output slots.
    const visit = (node: ExprNode): void => {
      if (node.kind === 'string' && node.value === '' && node.closed) empties.push(node);
      if (node.kind !== 'call') return;
      const name = context.catalog.functionByName(node.name)?.name;
      if (!name) return;
      for (const i of outputSlots(name, node.args.length)) {
        const value = node.args[i]?.value;
        if (value) visit(value);
      }
    };
    visit(root);
    if (empties.length === 0) return;
    const text = context.parsed.text.slice(root.start, root.end);
    const wrapped = `IgnoreFlowIfNullOrEmpty(${text})`;
    const mode = context.catalog.failureMode('empty-strings');
    // The sources are not first-hand for Entra → AWS: say so (the catalog's note).
    const quotes = `${context.catalog.failureModeQuotes('empty-strings')}${mode?.note ? ` (${mode.note})` : ''}`;
    for (const node of empties) {
      context.report({
        code: this.code,
        message: `This "" can be the result, and Entra sends an empty string as it is (only nulls are skipped); AWS rejects empty values.${quotes ? ` ${quotes}` : ''} Wrap the expression in IgnoreFlowIfNullOrEmpty(…) to leave the attribute out instead.`,
        span: { start: node.start, end: node.end },
        fixes: [
          {
            fix: 'replace',
            span: { start: root.start, end: root.end },
            newText: JSON.stringify(wrapped).slice(1, -1),
            title: 'Wrap in IgnoreFlowIfNullOrEmpty(…)',
          },
        ],
      });
    }
  },
};
