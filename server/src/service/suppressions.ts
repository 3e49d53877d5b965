/**
 * Inline suppressions in JSONC files:
 *
 *   // scim-mapper-disable-next-line CODE[, CODE…] [-- why]
 *   "source": "…"   // scim-mapper-disable-line CODE
 *
 * A finding whose range starts on the named line and whose code is listed is dropped. A listed
 * code that is no rule, or that suppressed nothing on its line, is itself reported
 * (`unused-suppression`), so stale suppressions do not pile up unseen.
 */
import { createScanner, SyntaxKind } from 'jsonc-parser';
import type { Finding } from './rules/types';
import type { LineIndex } from './text/lineIndex';

export const SUPPRESSION_MARK = 'scim-mapper-disable';
export const UNUSED_SUPPRESSION = 'unused-suppression';

export interface SuppressionCode {
  code: string;
  /** File offsets of the code in the comment. */
  start: number;
  end: number;
}

export interface Suppression {
  kind: 'next-line' | 'line';
  /** 0-based line the suppression applies to. */
  line: number;
  codes: SuppressionCode[];
  /** The whole comment, for a suppression that names no code. */
  start: number;
  end: number;
}

const DIRECTIVE = /^(\/\/|\/\*)\s*scim-mapper-disable-(next-line|line)\b/;

/** Every suppression comment in a text (none, quickly, when the marker does not occur). */
export function parseSuppressions(text: string, lines: LineIndex): Suppression[] {
  if (!text.includes(SUPPRESSION_MARK)) return [];
  const result: Suppression[] = [];
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind !== SyntaxKind.LineCommentTrivia && kind !== SyntaxKind.BlockCommentTrivia) continue;
    const start = scanner.getTokenOffset();
    const comment = text.slice(start, start + scanner.getTokenLength());
    const match = DIRECTIVE.exec(comment);
    if (!match) continue;
    let body = comment.slice(match[0].length);
    if (kind === SyntaxKind.BlockCommentTrivia) body = body.replace(/\*\/$/, '');
    const reason = body.indexOf('--');
    if (reason >= 0) body = body.slice(0, reason);
    const bodyStart = start + match[0].length;
    const codes: SuppressionCode[] = [];
    for (const part of body.matchAll(/[^,\s]+/g)) {
      const offset = bodyStart + (part.index ?? 0);
      codes.push({ code: part[0], start: offset, end: offset + part[0].length });
    }
    const line = lines.positionAt(start).line;
    result.push({
      kind: match[2] === 'line' ? 'line' : 'next-line',
      line: match[2] === 'line' ? line : line + 1,
      codes,
      start,
      end: start + comment.length,
    });
  }
  return result;
}

/**
 * The findings left after the suppressions, plus one `unused-suppression` finding per code that is
 * unknown or suppressed nothing. `isRule(code)` says whether a code exists; `isActive(code)` whether
 * the rule ran (a suppression of a rule turned off is not stale).
 */
export function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
  lines: LineIndex,
  isRule: (code: string) => boolean,
  isActive: (code: string) => boolean,
): Finding[] {
  if (suppressions.length === 0) return [...findings];
  const byLine = new Map<number, Suppression[]>();
  for (const suppression of suppressions) {
    const list = byLine.get(suppression.line) ?? [];
    list.push(suppression);
    byLine.set(suppression.line, list);
  }
  const used = new Set<SuppressionCode>();
  const kept: Finding[] = [];
  for (const finding of findings) {
    const candidates = byLine.get(lines.positionAt(finding.span.start).line);
    const match = candidates?.flatMap((s) => s.codes).find((c) => c.code === finding.code);
    if (match) used.add(match);
    else kept.push(finding);
  }
  for (const suppression of suppressions) {
    if (suppression.codes.length === 0) {
      kept.push({
        code: UNUSED_SUPPRESSION,
        message: `This ${SUPPRESSION_MARK}-${suppression.kind} comment names no rule code; write the codes to suppress after it.`,
        span: { start: suppression.start, end: suppression.end },
      });
      continue;
    }
    for (const code of suppression.codes) {
      if (used.has(code)) continue;
      if (!isRule(code.code)) {
        kept.push({
          code: UNUSED_SUPPRESSION,
          message: `"${code.code}" is not a SCIM Mapper rule code, so this suppresses nothing ("scim-mapper rules" lists them).`,
          span: { start: code.start, end: code.end },
        });
      } else if (isActive(code.code)) {
        const where = suppression.kind === 'line' ? 'this line' : 'the next line';
        kept.push({
          code: UNUSED_SUPPRESSION,
          message: `Nothing on ${where} is reported as ${code.code}; remove this suppression.`,
          span: { start: code.start, end: code.end },
          tags: ['unnecessary'],
        });
      }
    }
  }
  return kept;
}
