import { parameterForSlot } from '../expression/bind';
import type { CallNode, ExprNode } from '../expression/ast';
import type { Rule } from './types';
import { fileSpan, forEachExpressionNode, matchingPrecedence } from './util';

const NULL_TESTS = new Set(['IsPresent', 'IsNull', 'IsNullOrEmpty']);

function callName(node: ExprNode | null | undefined): string | undefined {
  return node?.kind === 'call' ? node.name : undefined;
}

/** True when `node` is the argument of a boolean slot: IIF's condition or CBool's expression. */
function inBooleanSlot(node: ExprNode, parent: CallNode | null, resolve: (name: string) => string | undefined): boolean {
  if (!parent) return false;
  const name = resolve(parent.name);
  const index = parent.args.findIndex((slot) => slot.value === node);
  return (name === 'IIF' && index === 0) || (name === 'CBool' && index === 0);
}

/**
 * Cautions the Entra docs spell out, and constructs that parse but rarely mean what the author
 * wanted. Each is a warning because Entra accepts the expression when it is saved.
 */
export const exprUsage: Rule = {
  code: 'expr-usage',
  defaultSeverity: 'warning',
  documents: ['mapping'],
  description: 'A construct the Entra docs warn about (Switch over IsPresent, legacy FormatDateTime, misplaced comparisons, nested SelectUniqueValue, …).',
  check(context) {
    const canonical = (name: string): string | undefined => context.catalog.functionByName(name)?.name;
    forEachExpressionNode(context.document, (node, parent, source, mapping) => {
      const report = (message: string, start = node.start, end = node.end): void =>
        context.report({ code: this.code, message, span: fileSpan(source, start, end) });

      if (node.kind === 'comparison') {
        if (!inBooleanSlot(node, parent?.kind === 'call' ? parent : null, canonical)) {
          report('A comparison is only meaningful as the condition of IIF (or inside CBool); here it yields "True" or "False" at best.');
        }
        return;
      }
      if (node.kind === 'identifier') {
        const call = parent?.kind === 'call' ? parent : null;
        const signature = call ? context.catalog.functionByName(call.name) : undefined;
        const index = call ? call.args.findIndex((slot) => slot.value === node) : -1;
        const parameter = signature && call ? parameterForSlot(signature, index, call.args.length) : null;
        if (!parameter?.enumValues?.length) {
          report(`A bare name is only valid where a function expects a keyword such as vbTextCompare. Did you mean "${node.name}" or [${node.name}]?`);
        } else if (!parameter.enumValues.includes(node.name)) {
          report(`${signature!.name} expects one of ${parameter.enumValues.join(', ')} for "${parameter.name}".`);
        }
        return;
      }
      if (node.kind === 'string' && node.unknownEscapes.length > 0) {
        const at = node.unknownEscapes[0];
        report('A backslash that is not followed by " or \\ is kept literally; write \\\\ if you meant a backslash.', at, at + 2);
        return;
      }
      if (node.kind !== 'call') return;
      const name = canonical(node.name);
      if (name === 'Switch' && NULL_TESTS.has(canonical(callName(node.args[0]?.value) ?? '') ?? '')) {
        report('The docs caution against Switch over IsPresent/IsNull/IsNullOrEmpty: it can evaluate as null on updates. Prefer IIF.', node.nameStart, node.nameEnd);
      }
      if (name === 'IIF') {
        const condition = node.args[0]?.value;
        const tested = condition?.kind === 'comparison' ? [condition.left, condition.right] : [condition];
        if (tested.some((n) => NULL_TESTS.has(canonical(callName(n) ?? '') ?? ''))) {
          report('The docs list IsNullOrEmpty/IsPresent inside IIF as unsupported (other docs use it): test the mapping with a user who lacks the attribute.', node.nameStart, node.nameEnd);
        }
      }
      if (name === 'FormatDateTime' && node.args.length === 3) {
        report('FormatDateTime takes (source, dateTimeStyles, inputFormat, outputFormat); with three arguments the input format is read as dateTimeStyles. Add an empty slot: FormatDateTime(x, , "in", "out").', node.nameStart, node.nameEnd);
      }
      if (name === 'SelectUniqueValue') {
        if (parent) {
          report('SelectUniqueValue must be the outermost function of the expression.', node.nameStart, node.nameEnd);
        }
        if (mapping.apply?.value !== 'on-create') {
          report('SelectUniqueValue only works on a mapping applied on create: set "apply": "on-create".', node.nameStart, node.nameEnd);
        }
        if (matchingPrecedence(mapping) !== undefined) {
          report('SelectUniqueValue cannot be used on a matching attribute.', node.nameStart, node.nameEnd);
        }
      }
    });
  },
};
