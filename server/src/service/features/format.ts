/**
 * Formatting through jsonc-parser's formatter. Lines are kept where they are by default
 * (`keepLines`), so the one-mapping-per-line layout of mapping files survives a format.
 */
import { format as formatJson } from 'jsonc-parser';
import type { LanguageService } from '../languageService';
import type { ModelDocument } from '../model/types';
import type { Range } from '../text/lineIndex';
import { inferFormatting } from './jsonText';
import type { FormatOptions, TextEdit } from './types';

export function format(_service: LanguageService, document: ModelDocument, options: FormatOptions, range?: Range): TextEdit[] {
  // A file too large or too deeply nested to check is not formatted either: indenting 10,000
  // levels would build gigabytes of edits (see document-too-large).
  if (document.syntaxErrors.some((e) => e.tooLarge)) return [];
  const { text, lines } = document;
  let span: { offset: number; length: number } | undefined;
  if (range) {
    const start = lines.offsetAt(range.start);
    const end = lines.offsetAt(range.end);
    span = { offset: start, length: Math.max(0, end - start) };
  }
  const edits = formatJson(text, span, {
    tabSize: options.tabSize,
    insertSpaces: options.insertSpaces,
    eol: options.eol ?? inferFormatting(text).eol,
    // Without an explicit choice the final newline is kept as it is (the formatter would drop it).
    insertFinalNewline: options.insertFinalNewline ?? /[\r\n]$/.test(text),
    keepLines: options.keepLines ?? true,
  });
  return edits.map((e) => ({ range: lines.rangeOf({ start: e.offset, end: e.offset + e.length }), newText: e.content }));
}
