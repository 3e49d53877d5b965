import {
  isCustomExtensionTarget,
  isDisplaySubAttribute,
  unsupportedParentMessage,
  unsupportedParentOf,
} from '../aws/constraints';
import type { Rule } from './types';
import { innerSpan } from './util';

export const targetUnsupported: Rule = {
  code: 'target-unsupported',
  defaultSeverity: 'error',
  documents: ['mapping'],
  awsOnly: true,
  description:
    'A SCIM attribute AWS IAM Identity Center does not accept (password, ims, photos, entitlements, x509Certificates, any `.display`, custom extensions, …).',
  checkMapping(context) {
    const { mapping } = context;
    const target = mapping.target;
    if (!target) return;
    const path = target.value;
    const entry = context.awsTarget;
    let reason: string | undefined;
    if (entry && !entry.supported) {
      reason = entry.unsupportedReason ?? `AWS IAM Identity Center does not support "${path}".`;
    } else if (!entry && isDisplaySubAttribute(path)) {
      reason = `AWS IAM Identity Center does not support the "display" sub-attribute of multi-valued attributes.`;
    } else if (!entry && isCustomExtensionTarget(path)) {
      reason =
        'AWS IAM Identity Center accepts only the core and enterprise SCIM schemas; custom extension attributes are rejected.';
    } else if (!entry) {
      const parent = unsupportedParentOf(context.catalog, mapping.object, path);
      if (parent) reason = unsupportedParentMessage(path, parent);
    }
    if (!reason) return;
    context.report({
      code: this.code,
      message: `${reason} Provisioning a user with this mapping fails.`,
      span: innerSpan(target),
      fixes: [{ fix: 'remove-mapping', object: mapping.object, index: mapping.index, title: `Remove the mapping to ${path}` }],
    });
  },
};
