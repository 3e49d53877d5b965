import type { Rule } from './types';
import { innerSpan, objectMappings } from './util';

export const scopeFileMissing: Rule = {
  code: 'scope-file-missing',
  defaultSeverity: 'error',
  documents: ['mapping'],
  description: 'A `scope` path that does not lead to a readable scope file.',
  check(context) {
    for (const object of objectMappings(context.document)) {
      if (object.scope?.kind !== 'path') continue;
      const path = object.scope.path;
      if (path.value.trim() === '') {
        context.report({ code: this.code, message: 'The scope path is empty.', span: path.span });
        continue;
      }
      const resolution = context.resolveScope(path.value);
      if (resolution.status === 'found') continue;
      context.report({
        code: this.code,
        message:
          resolution.status === 'missing'
            ? `Scope file "${path.value}" was not found next to this mapping file; without it no scoping filter applies.`
            : `Scope file "${path.value}" cannot be used: ${resolution.reason}`,
        span: innerSpan(path),
      });
    }
  },
};
