/**
 * The quick fix "Suppress CODE for this line": inserts `// scim-mapper-disable-next-line CODE` above
 * the line the diagnostic starts on, with that line's indentation. When the line above already is
 * such a comment, the code is added to it instead of stacking a second comment.
 *
 * Like the other quick fixes it reads only the diagnostics (their codes and start lines), not the
 * cursor's place: a request anywhere on a diagnostic's lines offers to suppress it.
 */
import type { LanguageService } from '../languageService';
import type { ModelDocument } from '../model/types';
import { RULES_BY_CODE } from '../rules';
import { UNUSED_SUPPRESSION } from '../suppressions';
import type { Range } from '../text/lineIndex';
import type { CodeAction } from './types';

interface SuppressibleDiagnostic {
  code?: string | number;
  range: Range;
}

const NEXT_LINE = /^(\s*)\/\/\s*scim-mapper-disable-next-line\s+([^\n]*?)\s*$/;

/** The suppression quick fixes for the diagnostics on the lines of `range` (the LSP layer lists them after the fixes). */
export function suppressionCodeActions<D extends SuppressibleDiagnostic>(
  _service: LanguageService,
  document: ModelDocument,
  range: Range,
  diagnostics: readonly D[],
): CodeAction<D>[] {
  // Graph schemas are sent to Graph as they are: no comments there.
  if (document.kind === 'graph') return [];
  const actions: CodeAction<D>[] = [];
  const seen = new Set<string>();
  for (const diagnostic of diagnostics) {
    const code = String(diagnostic.code ?? '');
    if (!RULES_BY_CODE.has(code) || code === UNUSED_SUPPRESSION || code === 'json-syntax' || code === 'document-too-large')
      continue;
    if (diagnostic.range.end.line < range.start.line || diagnostic.range.start.line > range.end.line) continue;
    const line = diagnostic.range.start.line;
    if (seen.has(`${line}:${code}`)) continue;
    seen.add(`${line}:${code}`);
    const text = document.lines.lineText(line);
    const previous = line > 0 ? NEXT_LINE.exec(document.lines.lineText(line - 1)) : null;
    let edit;
    if (previous) {
      const codes = previous[2].split('--')[0].trim();
      const character = codes.length > 0 ? previous[0].lastIndexOf(codes) + codes.length : previous[0].trimEnd().length;
      const insertAt = { line: line - 1, character };
      edit = { range: { start: insertAt, end: insertAt }, newText: codes.length > 0 ? `, ${code}` : ` ${code}` };
    } else {
      const indent = /^\s*/.exec(text)?.[0] ?? '';
      edit = {
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        newText: `${indent}// scim-mapper-disable-next-line ${code}\n`,
      };
    }
    actions.push({
      title: `Suppress ${code} for this line`,
      kind: 'quickfix',
      diagnostics: [diagnostic],
      edit: { changes: { [document.uri]: [edit] } },
      isPreferred: false,
    });
  }
  return actions;
}
