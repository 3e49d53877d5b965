import { galleryExpression } from '../catalog/lookup';
import type { Rule } from './types';
import { objectMappings } from './util';

export const requiredMissing: Rule = {
  code: 'required-missing',
  defaultSeverity: 'error',
  documents: ['mapping'],
  awsOnly: true,
  needsCompleteDocument: true,
  description: 'An attribute AWS IAM Identity Center requires is not mapped (users: userName, name.givenName, name.familyName, displayName; groups: displayName).',
  check(context) {
    for (const object of objectMappings(context.document)) {
      const mapped = new Set(object.mappings.map((m) => m.target?.value).filter((v): v is string => !!v));
      for (const target of context.catalog.awsTargetsFor(object.object)) {
        if (!target.required || !target.supported || target.type === 'complex' || mapped.has(target.path)) continue;
        const source = target.galleryDefaultSource ? galleryExpression(target.galleryDefaultSource) : undefined;
        context.report({
          code: this.code,
          message: `AWS IAM Identity Center requires "${target.path}" for ${object.object}s; without a mapping every ${object.object} fails to provision.`,
          span: object.keySpan,
          fixes: source
            ? [{ fix: 'add-mapping', object: object.object, target: target.path, source, title: `Add ${target.path} ← ${source} (gallery default)` }]
            : undefined,
        });
      }
    }
  },
};
