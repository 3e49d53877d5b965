import type { Rule } from './types';
import { innerSpan, objectMappings } from './util';

export const targetDuplicate: Rule = {
  code: 'target-duplicate',
  defaultSeverity: 'error',
  documents: ['mapping'],
  description: 'Two mappings write the same target attribute.',
  check(context) {
    for (const object of objectMappings(context.document)) {
      const first = new Map<string, number>();
      for (const mapping of object.mappings) {
        const path = mapping.target?.value;
        if (!path) continue;
        const earlier = first.get(path);
        if (earlier === undefined) {
          first.set(path, mapping.index);
          continue;
        }
        context.report({
          code: this.code,
          message: `"${path}" is already mapped by mapping ${earlier + 1}; Entra allows one mapping per target attribute.`,
          span: innerSpan(mapping.target!),
          fixes: [{ fix: 'remove-mapping', object: object.object, index: mapping.index, title: 'Remove this duplicate mapping' }],
        });
      }
    }
  },
};
