import type { Node as JsonNode } from 'jsonc-parser';
import type { Rule } from './types';

/**
 * A key given twice in one object. JSON parsers keep the last one silently (Graph too), so the
 * first is dead text that a reviewer still reads as meant; the second occurrence is reported.
 */
export const jsonDuplicateKey: Rule = {
  code: 'json-duplicate-key',
  defaultSeverity: 'error',
  documents: ['mapping', 'scope', 'graph'],
  description: 'An object has the same key twice; JSON readers keep only the last one.',
  check(context) {
    const root = context.document.root;
    if (!root) return;
    // An explicit stack: the depth is bounded by the parser, but recursion costs frames per level.
    const stack: JsonNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'object') {
        const seen = new Set<string>();
        for (const property of node.children ?? []) {
          const key = property.children?.[0];
          if (key && typeof key.value === 'string') {
            if (seen.has(key.value)) {
              context.report({
                code: this.code,
                message: `"${key.value}" is given twice in this object; only this last one counts, and the earlier one is ignored.`,
                span: { start: key.offset, end: key.offset + key.length },
              });
            }
            seen.add(key.value);
          }
          const value = property.children?.[1];
          if (value) stack.push(value);
        }
      } else if (node.type === 'array') {
        for (const child of node.children ?? []) stack.push(child);
      }
    }
  },
};
