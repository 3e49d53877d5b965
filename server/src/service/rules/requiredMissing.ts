import { galleryExpression } from '../catalog/lookup';
import type { Rule } from './types';
import { objectMappings } from './util';

export const requiredMissing: Rule = {
  code: 'required-missing',
  defaultSeverity: 'error',
  documents: ['mapping'],
  awsOnly: true,
  needsCompleteDocument: true,
  description:
    'An attribute AWS IAM Identity Center requires is not mapped (users: userName, name.givenName, name.familyName, displayName; groups: displayName).',
  check(context) {
    for (const object of objectMappings(context.document)) {
      const required = context.catalog
        .awsTargetsFor(object.object)
        .filter((target) => target.required && target.supported && target.type !== 'complex');
      // The few required paths, marked off as mappings write them.
      const unmapped = new Set(required.map((target) => target.path));
      for (const mapping of object.mappings) {
        const path = mapping.target?.value;
        if (path) unmapped.delete(path);
      }
      for (const target of required) {
        if (!unmapped.has(target.path)) continue;
        const source = target.galleryDefaultSource ? galleryExpression(target.galleryDefaultSource) : undefined;
        context.report({
          code: this.code,
          message: `AWS IAM Identity Center requires "${target.path}" for ${object.object}s; without a mapping every ${object.object} fails to provision.`,
          span: object.keySpan,
          fixes: source
            ? [
                {
                  fix: 'add-mapping',
                  object: object.object,
                  target: target.path,
                  source,
                  title: `Add ${target.path} ← ${source} (gallery default)`,
                },
              ]
            : undefined,
        });
      }
    }
  },
};
