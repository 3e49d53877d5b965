import type { Rule } from './types';

/**
 * `"scope": "all"` ("Sync all users and groups") provisions every user of the tenant that the
 * scoping filters let through; with no user scoping filter that is everyone, guests and service
 * accounts included. The tutorial chooses "assigned".
 */
export const scopeAllUnfiltered: Rule = {
  code: 'scope-all-unfiltered',
  defaultSeverity: 'warning',
  documents: ['mapping'],
  description:
    'The provisioning scope is "all" (Sync all users and groups) but users have no scoping filter: every user in the tenant would be provisioned to AWS.',
  check(context) {
    const document = context.document;
    if (document.kind !== 'mapping' || !document.provisioning) return;
    const field = document.provisioning.fields.get('scope');
    if (!field || field.value !== 'all') return;
    const user = document.objects.find((o) => o.object === 'user');
    const scope = user?.scope;
    if (scope?.kind === 'inline' && scope.filters.length > 0) return;
    if (scope?.kind === 'path') {
      const resolved = context.resolveScope(scope.path.value);
      // A missing or unreadable scope file is scope-file-missing's finding, not a missing filter.
      if (resolved.status !== 'found' || resolved.document.filters.length > 0) return;
    }
    context.report({
      code: this.code,
      message:
        '"scope": "all" (Sync all users and groups) with no user scoping filter provisions every user in the tenant to AWS IAM Identity Center, guests and service accounts included. Use "assigned" (Sync only assigned users and groups, as the tutorial does) or add a scoping filter under "user".',
      span: field.span,
      fixes: [
        { fix: 'replace', span: field.span, newText: '"assigned"', title: 'Sync only assigned users and groups ("assigned")' },
      ],
    });
  },
};
