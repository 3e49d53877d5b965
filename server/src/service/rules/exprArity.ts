import { parameterForSlot } from '../expression/bind';
import type { CallNode } from '../expression/ast';
import type { Rule } from './types';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const exprArity: Rule = {
  code: 'expr-arity',
  defaultSeverity: 'error',
  documents: ['mapping'],
  description: 'A function called with missing required arguments or too many arguments.',
  checkExpression(context) {
    for (const node of context.nodes('call').nodes as CallNode[]) {
      const signature = context.catalog.functionByName(node.name);
      if (!signature) continue;
      const slots = node.args;
      const count = slots.length;

      if (count > signature.maxArgs) {
        const extra = slots[signature.maxArgs];
        context.report({
          code: this.code,
          message: `${signature.name} takes at most ${plural(signature.maxArgs, 'argument')} but has ${count}: ${signature.syntax}`,
          span: { start: extra.start, end: slots[count - 1].end },
        });
      }

      // Every required parameter needs a non-empty slot; a repeating one needs at least one.
      // Parameters that get a slot are marked by their position in the signature (names are
      // unique within a signature), so the common call that fits allocates nothing.
      const parameters = signature.parameters;
      let seen = 0;
      for (let index = 0; index < count; index++) {
        const parameter = parameterForSlot(signature, index, count);
        if (!parameter) continue;
        seen |= 1 << parameters.indexOf(parameter);
        if (!slots[index].value && parameter.required && !parameter.repeats) {
          context.report({
            code: this.code,
            message: `${signature.name} needs a value for "${parameter.name}" here (an empty slot means "not supplied").`,
            span: { start: slots[index].start, end: Math.max(slots[index].end, slots[index].start + 1) },
          });
        }
      }
      const switchOdd = signature.name === 'Switch' && count >= 2 && count % 2 !== 0;
      if (node.close >= 0) {
        // An odd Switch has its own message below, which says more than "value is missing".
        let missingMask = 0;
        for (let i = 0; i < parameters.length; i++) {
          if (parameters[i].required && !(seen & (1 << i)) && !(switchOdd && parameters[i].name === 'value'))
            missingMask |= 1 << i;
        }
        if (missingMask !== 0) {
          const missing = parameters.filter((_, i) => missingMask & (1 << i));
          context.report({
            code: this.code,
            message: `${signature.name} is missing ${missing.length === 1 ? 'the argument' : 'the arguments'} ${missing.map((p) => `"${p.name}"`).join(', ')}: ${signature.syntax}`,
            span: { start: node.nameStart, end: node.nameEnd },
          });
        }
      }

      if (switchOdd) {
        context.report({
          code: this.code,
          message:
            'Switch takes its source, a default value, then key/value pairs, so the number of arguments must be even; a key is missing its value.',
          span: { start: node.nameStart, end: node.nameEnd },
        });
      }
      if (signature.name === 'SelectUniqueValue' && node.close >= 0 && filledSlots(node) < 2) {
        context.report({
          code: this.code,
          message: 'SelectUniqueValue needs at least two rules to choose from.',
          span: { start: node.nameStart, end: node.nameEnd },
        });
      }
    }
  },
};

function filledSlots(node: CallNode): number {
  let filled = 0;
  for (const slot of node.args) if (slot.value) filled++;
  return filled;
}
