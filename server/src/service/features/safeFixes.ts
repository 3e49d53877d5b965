/**
 * `check --fix`: the quick fixes that are safe to apply without a person choosing. A fix is taken
 * only when its diagnostic offers exactly one, it is a plain text replacement (never removing or
 * adding a mapping), it replaces a name with a name (case, a did-you-mean with one candidate, a
 * Graph key or flowType), and its rule is on the list below. The result is checked again; it is
 * kept only when it still parses and has no more errors than the original.
 */
import { findNodeAtLocation } from 'jsonc-parser';
import type { Diagnostic, LanguageService } from '../languageService';
import type { ModelDocument } from '../model/types';
import type { FixData } from '../rules/types';
import { editsFor } from './codeActions';
import type { Edit } from './jsonEdits';
import { inferFormatting } from './jsonText';

/** Rules whose single `replace` fix is a spelling correction of a name. */
const SAFE_FIX_CODES: ReadonlySet<string> = new Set([
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

/**
 * Quoting: a scoping value written as a one-element array or with spaces around an integer, set to
 * the same value as a plain string. Nothing is lost, so it is safe; truncating `10.5` is not.
 */
function isQuotingFix(document: ModelDocument, diagnostic: Diagnostic, fix: FixData): boolean {
  if (diagnostic.code !== 'scope-operator-value' || fix.fix !== 'set-property' || typeof fix.value !== 'string' || !document.root)
    return false;
  const node = findNodeAtLocation(document.root, fix.path);
  if (!node) return false;
  if (node.type === 'array') return node.children?.length === 1 && String(node.children[0].value) === fix.value;
  return node.type === 'string' && typeof node.value === 'string' && node.value.trim() === fix.value;
}

/** The edits of a diagnostic's fix when it is safe to apply unattended, else undefined. */
function safeEditsOf(service: LanguageService, document: ModelDocument, diagnostic: Diagnostic): Edit[] | undefined {
  const fixes = diagnostic.data?.fixes ?? [];
  if (fixes.length !== 1) return undefined;
  const fix = fixes[0];
  if (isQuotingFix(document, diagnostic, fix)) {
    const edits = editsFor(service.catalogFor(document), document, fix, inferFormatting(document.text));
    return edits.length > 0 ? edits : undefined;
  }
  if (!SAFE_FIX_CODES.has(diagnostic.code)) return undefined;
  if (fix.fix !== 'replace' || fix.newText.length === 0) return undefined;
  // A name for a name: nothing that could open or close a string, comment or structure.
  if (!/^[\w .$-]+$/.test(fix.newText)) return undefined;
  const { start, end } = fix.span;
  if (start < 0 || end < start || end > document.text.length || document.text.slice(start, end) === fix.newText) return undefined;
  return [{ offset: start, length: end - start, content: fix.newText }];
}

function errorCount(diagnostics: readonly Diagnostic[]): number {
  let errors = 0;
  for (const d of diagnostics) if (d.severity === 'error') errors++;
  return errors;
}

/**
 * The safe fixes of an opened document, applied pass by pass. Each pass re-opens the fixed text
 * with the document's kind (resolved once, by the caller's `service.open`).
 */
export function applySafeFixes(service: LanguageService, document: ModelDocument, diagnostics: Diagnostic[]): SafeFixResult {
  const { uri, text, kind } = document;
  const original = { text, diagnostics, applied: 0 };
  // A file that does not parse is not fixed: offsets into broken JSON are guesses.
  if (document.syntaxErrors.length > 0) return original;
  let current: SafeFixResult = original;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const model = pass === 0 ? document : service.getDocument(uri, current.text, kind);
    if (!model) break;
    // One group of edits per fix; a fix whose edits overlap an earlier fix's waits for the next pass.
    const groups = current.diagnostics.map((d) => safeEditsOf(service, model, d)).filter((g): g is Edit[] => g !== undefined);
    if (groups.length === 0) break;
    const span = (group: Edit[]) => ({
      start: Math.min(...group.map((e) => e.offset)),
      end: Math.max(...group.map((e) => e.offset + e.length)),
    });
    groups.sort((a, b) => span(a).start - span(b).start || span(a).end - span(b).end);
    const edits: Edit[] = [];
    let at = 0;
    let applied = 0;
    for (const group of groups) {
      const { start, end } = span(group);
      if (start < at) continue;
      edits.push(...group);
      applied++;
      at = Math.max(end, start + 1);
    }
    edits.sort((a, b) => a.offset - b.offset);
    let next = '';
    let cursor = 0;
    for (const edit of edits) {
      next += current.text.slice(cursor, edit.offset) + edit.content;
      cursor = edit.offset + edit.length;
    }
    next += current.text.slice(cursor);
    if (next === current.text) break;
    const fixed = service.getDocument(uri, next, kind);
    if (!fixed || fixed.syntaxErrors.length > 0) break;
    const checked = service.validate(uri, next, kind);
    if (errorCount(checked) > errorCount(current.diagnostics)) break;
    current = { text: next, diagnostics: checked, applied: current.applied + applied };
  }
  // Leave the service's cache on the text the caller holds when nothing changed.
  if (current.text === text) service.getDocument(uri, text, kind);
  return current;
}
