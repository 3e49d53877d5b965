/**
 * Shared rules word their messages in the mapping file's terms (`matchingPrecedence`, `target`,
 * `"apply": "on-create"`). On a Graph synchronization schema the user reads Graph's JSON, so the
 * same findings name Graph's fields instead (see graph/read.ts for how the two correspond).
 * Messages are rewritten here, in one place, rather than in every rule: expression rules cannot
 * know which kind of file their (shared) expression sits in.
 */
import type { Finding } from '../rules/types';

/** Mapping-file phrase → Graph phrase, longest first where one contains another. */
const GRAPH_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/"matchingPrecedence": ?(\d+)/g, '"matchingPriority": $1'],
  [/\bmatchingPrecedence\b/g, 'matchingPriority'],
  [/\bmatching precedence\b/g, 'matchingPriority'],
  [/\bprecedence order\b/g, 'matchingPriority order'],
  [/"apply": ?"on-create"/g, '"flowType": "ObjectAddOnly"'],
  [/\bapply: on-create\b/g, 'flowType ObjectAddOnly'],
  [/\bthis target\b/g, 'this targetAttributeName'],
  [/\btarget names\b/g, 'targetAttributeName values'],
  [/\bA `target`/g, 'A `targetAttributeName`'],
  [/\bthe `target`/g, 'the `targetAttributeName`'],
];

export function graphWords(text: string): string {
  let out = text;
  for (const [pattern, replacement] of GRAPH_WORDS) {
    pattern.lastIndex = 0;
    out = out.replace(pattern, replacement);
  }
  return out;
}

/** The finding with its message and fix titles in Graph's words (the same object when nothing changes). */
export function withGraphWords(finding: Finding): Finding {
  const message = graphWords(finding.message);
  let fixes = finding.fixes;
  if (fixes?.some((fix) => graphWords(fix.title) !== fix.title))
    fixes = fixes.map((fix) => ({ ...fix, title: graphWords(fix.title) }));
  if (message === finding.message && fixes === finding.fixes) return finding;
  return { ...finding, message, fixes };
}
