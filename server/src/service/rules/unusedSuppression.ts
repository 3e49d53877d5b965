import type { Rule } from './types';

/**
 * `unused-suppression`: a `scim-mapper-disable-next-line` / `scim-mapper-disable-line` comment
 * that names an unknown code or suppresses nothing. Its findings depend on every other rule's, so
 * the service produces them after the rules run (suppressions.ts); this entry gives the code its
 * default severity, its setting and its description like every other rule.
 */
export const unusedSuppression: Rule = {
  code: 'unused-suppression',
  defaultSeverity: 'warning',
  documents: ['mapping', 'scope'],
  description: 'A scim-mapper-disable comment names an unknown rule code or suppresses nothing on its line.',
};
