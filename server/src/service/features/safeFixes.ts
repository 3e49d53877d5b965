/**
 * `check --fix`: the quick fixes that are safe to apply without a person choosing. A fix is taken
 * only when its diagnostic offers exactly one, it is a plain text replacement (never removing or
 * adding a mapping), it replaces a name with a name (case, a did-you-mean with one candidate, a
 * Graph key or flowType), and its rule is on the list below. The result is checked again; it is
 * kept only when it still parses and has no more errors than the original.
 */
import type { Diagnostic, LanguageService } from '../languageService';
import type { ModelDocument } from '../model/types';
import type { FixData } from '../rules/types';

/** Rules whose single `replace` fix is a spelling correction of a name. */
export const SAFE_FIX_CODES: ReadonlySet<string> = new Set([
  'expr-function-case',
  'expr-unknown-function',
  'expr-unknown-attribute',
  'target-unknown',
  'scope-unknown-attribute',
  'scope-unknown-operator',
  'graph-parameter-key',
  'graph-unknown-flow-type',
]);

/** Fix passes: one fix can reveal the next (a function's case, then its attribute's). */
const MAX_PASSES = 5;

export interface SafeFixResult {
  text: string;
  diagnostics: Diagnostic[];
  /** How many replacements were applied over all passes. */
  applied: number;
}

type ReplaceFix = Extract<FixData, { fix: 'replace' }>;

function safeFixOf(diagnostic: Diagnostic): ReplaceFix | undefined {
  if (!SAFE_FIX_CODES.has(diagnostic.code)) return undefined;
  const fixes = diagnostic.data?.fixes ?? [];
  if (fixes.length !== 1) return undefined;
  const fix = fixes[0];
  if (fix.fix !== 'replace' || fix.newText.length === 0) return undefined;
  // A name for a name: nothing that could open or close a string, comment or structure.
  if (!/^[\w .$-]+$/.test(fix.newText)) return undefined;
  return fix;
}

function errorCount(diagnostics: readonly Diagnostic[]): number {
  let errors = 0;
  for (const d of diagnostics) if (d.severity === 'error') errors++;
  return errors;
}

export function applySafeFixes(service: LanguageService, uri: string, text: string, kind: ModelDocument['kind'] | undefined, diagnostics: Diagnostic[]): SafeFixResult {
  const original = { text, diagnostics, applied: 0 };
  const before = service.getDocument(uri, text, kind);
  // A file that does not parse is not fixed: offsets into broken JSON are guesses.
  if (!before || before.syntaxErrors.length > 0) return original;
  let current: SafeFixResult = original;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixes = current.diagnostics.map(safeFixOf).filter((f): f is ReplaceFix => f !== undefined);
    if (fixes.length === 0) break;
    fixes.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    let next = '';
    let at = 0;
    let applied = 0;
    for (const fix of fixes) {
      const { start, end } = fix.span;
      if (start < at || end < start || end > current.text.length) continue; // overlaps an earlier fix
      if (current.text.slice(start, end) === fix.newText) continue;
      next += current.text.slice(at, start) + fix.newText;
      at = end;
      applied++;
    }
    if (applied === 0) break;
    next += current.text.slice(at);
    const document = service.getDocument(uri, next, kind);
    if (!document || document.syntaxErrors.length > 0) break;
    const checked = service.validate(uri, next, kind);
    if (errorCount(checked) > errorCount(current.diagnostics)) break;
    current = { text: next, diagnostics: checked, applied: current.applied + applied };
  }
  // Leave the service's cache on the text the caller holds when nothing changed.
  if (current.text === text) service.getDocument(uri, text, kind);
  return current;
}
