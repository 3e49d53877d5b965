import { parameterForSlot } from '../expression/bind';
import type { CallNode, ExprNode } from '../expression/ast';
import { factsOf } from './expressionFacts';
import type { ExpressionRuleContext, ParentNode, Rule } from './types';
import { fileSpan, matchingPrecedence } from './util';

const NULL_TESTS = new Set(['IsPresent', 'IsNull', 'IsNullOrEmpty']);

/** Whether `node` is a call of IsPresent, IsNull or IsNullOrEmpty (any casing). */
function isNullTest(context: ExpressionRuleContext, node: ExprNode | null | undefined): boolean {
  return node?.kind === 'call' && NULL_TESTS.has(canonicalName(context, node.name) ?? '');
}

/** True when `node` is the argument of a boolean slot: IIF's condition or CBool's expression. */
function inBooleanSlot(context: ExpressionRuleContext, node: ExprNode, parent: CallNode | null): boolean {
  if (!parent) return false;
  const name = canonicalName(context, parent.name);
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
  description:
    'A construct the Entra docs warn about (Switch over IsPresent, legacy FormatDateTime, misplaced comparisons, nested SelectUniqueValue, …).',
  checkExpression(context) {
    const { nodes, parents } = context.nodes();
    for (let i = 0; i < nodes.length; i++) checkNode(context, this.code, nodes[i], parents[i]);
  },
  // Whether SelectUniqueValue is allowed depends on the mapping's other properties.
  checkMapping(context) {
    const { mapping } = context;
    if (!mapping.source) return;
    const onCreate = mapping.apply?.value === 'on-create';
    const matching = matchingPrecedence(mapping) !== undefined;
    if (onCreate && !matching) return;
    for (const node of factsOf(mapping.source.parsed).forCatalog(context.catalog).selectUniqueValueCalls()) {
      const span = fileSpan(mapping.source, node.nameStart, node.nameEnd);
      if (!onCreate)
        context.report({
          code: this.code,
          message: 'SelectUniqueValue only works on a mapping applied on create: set "apply": "on-create".',
          span,
        });
      if (matching)
        context.report({
          code: this.code,
          message: 'SelectUniqueValue cannot be used on a matching attribute.',
          span: { ...span },
        });
    }
  },
};

/** The documented name of a function, whatever the casing. */
function canonicalName(context: ExpressionRuleContext, name: string): string | undefined {
  return context.catalog.functionByName(name)?.name;
}

function checkNode(context: ExpressionRuleContext, code: string, node: ExprNode, parent: ParentNode | null): void {
  // Most nodes are attributes, strings and numbers, which this rule has nothing to say about.
  if (node.kind === 'attribute' || node.kind === 'number' || node.kind === 'error') return;
  if (node.kind === 'string') {
    if (node.unknownEscapes.length > 0) {
      const at = node.unknownEscapes[0];
      context.report({
        code,
        message: 'A backslash that is not followed by " or \\ is kept literally; write \\\\ if you meant a backslash.',
        span: { start: at, end: at + 2 },
      });
    }
    return;
  }
  if (node.kind === 'comparison') {
    if (!inBooleanSlot(context, node, parent?.kind === 'call' ? parent : null)) {
      context.report({
        code,
        message:
          'A comparison is only meaningful as the condition of IIF (or inside CBool); here it yields "True" or "False" at best.',
        span: { start: node.start, end: node.end },
      });
    }
    return;
  }
  if (node.kind === 'identifier') {
    const call = parent?.kind === 'call' ? parent : null;
    const signature = call ? context.catalog.functionByName(call.name) : undefined;
    const index = call ? call.args.findIndex((slot) => slot.value === node) : -1;
    const parameter = signature && call ? parameterForSlot(signature, index, call.args.length) : null;
    if (!parameter?.enumValues?.length) {
      context.report({
        code,
        message: `A bare name is only valid where a function expects a keyword such as vbTextCompare. Did you mean "${node.name}" or [${node.name}]?`,
        span: { start: node.start, end: node.end },
      });
    } else if (!parameter.enumValues.includes(node.name)) {
      context.report({
        code,
        message: `${signature!.name} expects one of ${parameter.enumValues.join(', ')} for "${parameter.name}".`,
        span: { start: node.start, end: node.end },
      });
    }
    return;
  }
  const name = canonicalName(context, node.name);
  if (name === 'Switch' && isNullTest(context, node.args[0]?.value)) {
    context.report({
      code,
      message:
        'The docs caution against Switch over IsPresent/IsNull/IsNullOrEmpty: it can evaluate as null on updates. Prefer IIF.',
      span: { start: node.nameStart, end: node.nameEnd },
    });
  }
  if (name === 'IIF') {
    const condition = node.args[0]?.value;
    const tested =
      condition?.kind === 'comparison'
        ? isNullTest(context, condition.left) || isNullTest(context, condition.right)
        : isNullTest(context, condition);
    if (tested) {
      context.report({
        code,
        message:
          'The docs list IsNullOrEmpty/IsPresent inside IIF as unsupported (other docs use it): test the mapping with a user who lacks the attribute.',
        span: { start: node.nameStart, end: node.nameEnd },
      });
    }
  }
  if (name === 'FormatDateTime' && node.args.length === 3) {
    context.report({
      code,
      message:
        'FormatDateTime takes (source, dateTimeStyles, inputFormat, outputFormat); with three arguments the input format is read as dateTimeStyles. Add an empty slot: FormatDateTime(x, , "in", "out").',
      span: { start: node.nameStart, end: node.nameEnd },
    });
  }
  if (name === 'SelectUniqueValue' && parent) {
    context.report({
      code,
      message: 'SelectUniqueValue must be the outermost function of the expression.',
      span: { start: node.nameStart, end: node.nameEnd },
    });
  }
}
