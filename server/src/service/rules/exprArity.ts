import { parameterForSlot } from '../expression/bind';
import type { Rule } from './types';
import { fileSpan, forEachExpressionNode } from './util';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const exprArity: Rule = {
  code: 'expr-arity',
  defaultSeverity: 'error',
  documents: ['mapping'],
  description: 'A function called with missing required arguments or too many arguments.',
  check(context) {
    forEachExpressionNode(context.document, (node, _parent, source) => {
      if (node.kind !== 'call') return;
      const signature = context.catalog.functionByName(node.name);
      if (!signature) return;
      // Computed when a finding needs it: this runs for every call of every expression.
      const nameSpan = () => fileSpan(source, node.nameStart, node.nameEnd);
      const slots = node.args;

      if (slots.length > signature.maxArgs) {
        const extra = slots[signature.maxArgs];
        context.report({
          code: this.code,
          message: `${signature.name} takes at most ${plural(signature.maxArgs, 'argument')} but has ${slots.length}: ${signature.syntax}`,
          span: fileSpan(source, extra.start, slots[slots.length - 1].end),
        });
      }

      // Every required parameter needs a non-empty slot; a repeating one needs at least one.
      const filled = new Set<string>();
      const seen = new Set<string>();
      slots.forEach((slot, index) => {
        const parameter = parameterForSlot(signature, index, slots.length);
        if (!parameter) return;
        seen.add(parameter.name);
        if (slot.value) filled.add(parameter.name);
        else if (parameter.required && !parameter.repeats) {
          context.report({
            code: this.code,
            message: `${signature.name} needs a value for "${parameter.name}" here (an empty slot means "not supplied").`,
            span: fileSpan(source, slot.start, Math.max(slot.end, slot.start + 1)),
          });
        }
      });
      const switchOdd = signature.name === 'Switch' && slots.length >= 2 && slots.length % 2 !== 0;
      // An odd Switch has its own message below, which says more than "value is missing".
      const missing = signature.parameters.filter((p) => p.required && !seen.has(p.name) && !(switchOdd && p.name === 'value'));
      if (missing.length > 0 && node.close >= 0) {
        context.report({
          code: this.code,
          message: `${signature.name} is missing ${missing.length === 1 ? 'the argument' : 'the arguments'} ${missing.map((p) => `"${p.name}"`).join(', ')}: ${signature.syntax}`,
          span: nameSpan(),
        });
      }

      if (switchOdd) {
        context.report({
          code: this.code,
          message: 'Switch takes its source, a default value, then key/value pairs, so the number of arguments must be even; a key is missing its value.',
          span: nameSpan(),
        });
      }
      if (signature.name === 'SelectUniqueValue' && slots.filter((s) => s.value).length < 2 && node.close >= 0) {
        context.report({
          code: this.code,
          message: 'SelectUniqueValue needs at least two rules to choose from.',
          span: nameSpan(),
        });
      }
    }, 'call');
  },
};
