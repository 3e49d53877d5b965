import { isTokenReference } from '../aws/provisioning';
import type { Rule } from './types';

/**
 * `"secretToken"` must be a reference to an environment variable, never the token: a mapping file
 * is reviewed, committed and shared. The message never repeats the value (it may be the token).
 */
export const secretInFile: Rule = {
  code: 'secret-in-file',
  defaultSeverity: 'error',
  documents: ['mapping'],
  description:
    'The provisioning section holds a secret token (or anything but a reference like { "env": "AWS_SCIM_TOKEN" }): tokens belong in the environment, never in the file.',
  check(context) {
    const document = context.document;
    if (document.kind !== 'mapping' || !document.provisioning) return;
    const field = document.provisioning.fields.get('secretToken');
    if (!field || isTokenReference(field.value)) return;
    const what = typeof field.value === 'string' ? 'a token written into the file' : 'not a reference to an environment variable';
    context.report({
      code: this.code,
      // Only the kind of value, never the value: it may be the token itself.
      message: `"secretToken" is ${what}. Put the token in an environment variable (a CI secret) and write { "env": "AWS_SCIM_TOKEN" } here${typeof field.value === 'string' ? '; if this file was ever committed or shared, rotate the token in AWS IAM Identity Center' : ''}.`,
      span: field.span,
      fixes: [
        {
          fix: 'replace',
          span: field.span,
          newText: '{ "env": "AWS_SCIM_TOKEN" }',
          title: 'Replace with { "env": "AWS_SCIM_TOKEN" }',
        },
      ],
    });
  },
};
