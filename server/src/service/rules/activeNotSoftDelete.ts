import { walk } from '../expression/ast';
import type { Rule } from './types';
import { innerSpan, objectMappings } from './util';

/** The gallery's expression: users that Entra soft-deletes, unassigns or scopes out become inactive. */
const SOFT_DELETE_SWITCH = 'Switch([IsSoftDeleted], , "False", "True", "True", "False")';

export const activeNotSoftDelete: Rule = {
  code: 'active-not-soft-delete',
  defaultSeverity: 'warning',
  documents: ['mapping'],
  awsOnly: true,
  needsCompleteDocument: true,
  description: '`active` is not derived from [IsSoftDeleted] (or not mapped), so users removed from scope stay enabled in AWS.',
  check(context) {
    for (const object of objectMappings(context.document)) {
      if (object.object !== 'user') continue;
      const active = object.mappings.find((m) => m.target?.value === 'active');
      if (!active) {
        context.report({
          code: this.code,
          message: 'No mapping sets "active": users who are unassigned, scoped out or deleted in Entra stay enabled in AWS.',
          span: object.keySpan,
          fixes: [
            {
              fix: 'add-mapping',
              object: 'user',
              target: 'active',
              source: SOFT_DELETE_SWITCH,
              title: 'Add active ← Switch([IsSoftDeleted], …)',
            },
          ],
        });
        continue;
      }
      if (!active.source) continue;
      let usesSoftDelete = false;
      walk(active.source.parsed.root, (node) => {
        if (node.kind === 'attribute' && node.name === 'IsSoftDeleted') usesSoftDelete = true;
      });
      if (usesSoftDelete) continue;
      context.report({
        code: this.code,
        message:
          '"active" does not depend on [IsSoftDeleted]: when Entra disables a user (unassigned, out of scope, deleted) it cannot mark the user inactive in AWS.',
        span: innerSpan(active.source),
        fixes: [
          {
            fix: 'replace',
            span: innerSpan(active.source),
            newText: JSON.stringify(SOFT_DELETE_SWITCH).slice(1, -1),
            title: 'Use Switch([IsSoftDeleted], , "False", "True", "True", "False")',
          },
        ],
      });
    }
  },
};
