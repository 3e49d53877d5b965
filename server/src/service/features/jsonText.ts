/**
 * Small, local text helpers over JSON(C): they scan a few tokens around a node with
 * jsonc-parser's scanner instead of re-parsing, so they stay cheap on large files.
 */
import { createScanner, SyntaxKind } from 'jsonc-parser';
import type { JsonNode } from '../model/types';

export interface ScannedToken {
  kind: SyntaxKind;
  offset: number;
  length: number;
}

/** The first token at or after `pos` that is not whitespace, a line break or a comment. */
export function nextSignificant(text: string, pos: number): ScannedToken {
  const scanner = createScanner(text, false);
  scanner.setPosition(pos);
  for (;;) {
    const kind = scanner.scan();
    if (
      kind === SyntaxKind.Trivia ||
      kind === SyntaxKind.LineBreakTrivia ||
      kind === SyntaxKind.LineCommentTrivia ||
      kind === SyntaxKind.BlockCommentTrivia
    )
      continue;
    return { kind, offset: scanner.getTokenOffset(), length: scanner.getTokenLength() };
  }
}

/** True when a comma token lies between `from` and `to` (comments skipped). */
export function hasCommaBetween(text: string, from: number, to: number): boolean {
  const scanner = createScanner(text, false);
  scanner.setPosition(from);
  for (;;) {
    const kind = scanner.scan();
    if (kind === SyntaxKind.EOF || scanner.getTokenOffset() >= to) return false;
    if (kind === SyntaxKind.CommaToken) return true;
  }
}

export interface LineRest {
  /** Offset of the line break that ends the line (text.length at the end of the text). */
  lineBreak: number;
  /** Length of that line break (0 at the end of the text). */
  lineBreakLength: number;
  /** Offset just after a comma that directly follows `pos`, when there is one on this line. */
  commaEnd?: number;
  /** True when only whitespace, one comma and comments follow `pos` on its line. */
  clean: boolean;
}

/** What follows `pos` on its line. */
export function restOfLine(text: string, pos: number): LineRest {
  const scanner = createScanner(text, false);
  scanner.setPosition(pos);
  let commaEnd: number | undefined;
  for (;;) {
    const kind = scanner.scan();
    const offset = scanner.getTokenOffset();
    switch (kind) {
      case SyntaxKind.Trivia:
      case SyntaxKind.LineCommentTrivia:
        continue;
      case SyntaxKind.BlockCommentTrivia:
        if (/[\r\n]/.test(text.slice(offset, offset + scanner.getTokenLength())))
          return { lineBreak: lineEndOf(text, pos), lineBreakLength: 0, commaEnd, clean: false };
        continue;
      case SyntaxKind.CommaToken:
        if (commaEnd === undefined) {
          commaEnd = offset + 1;
          continue;
        }
        return { lineBreak: lineEndOf(text, pos), lineBreakLength: 0, commaEnd, clean: false };
      case SyntaxKind.LineBreakTrivia:
        return { lineBreak: offset, lineBreakLength: scanner.getTokenLength(), commaEnd, clean: true };
      case SyntaxKind.EOF:
        return { lineBreak: text.length, lineBreakLength: 0, commaEnd, clean: true };
      default:
        return { lineBreak: lineEndOf(text, pos), lineBreakLength: 0, commaEnd, clean: false };
    }
  }
}

export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** The whitespace that starts the line containing `offset`. */
export function indentationAt(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  let end = start;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(start, end);
}

/** True when only whitespace precedes `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  const start = lineStartOf(text, offset);
  return text.slice(start, offset).trim().length === 0;
}

export function onSameLine(text: string, a: number, b: number): boolean {
  const [from, to] = a <= b ? [a, b] : [b, a];
  return !/[\r\n]/.test(text.slice(from, to));
}

export function nodeEnd(node: JsonNode): number {
  return node.offset + node.length;
}

export interface DocumentFormatting {
  insertSpaces: boolean;
  tabSize: number;
  /** One level of indentation. */
  unit: string;
  eol: string;
}

/** Tabs or spaces, indent size and line ending as the document uses them (first 2,000 lines). */
export function inferFormatting(text: string): DocumentFormatting {
  const eol = text.includes('\r\n') ? '\r\n' : text.includes('\n') ? '\n' : text.includes('\r') ? '\r' : '\n';
  let tabs = 0;
  let spaces = 0;
  const deltas = new Map<number, number>();
  let previous = 0;
  let line = 0;
  let pos = 0;
  while (pos < text.length && line < 2000) {
    let end = pos;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    const content = text.slice(pos, end);
    if (content.trim().length > 0) {
      if (content[0] === '\t') tabs++;
      else {
        const width = content.length - content.trimStart().length;
        if (width > 0) spaces++;
        if (width > previous) deltas.set(width - previous, (deltas.get(width - previous) ?? 0) + 1);
        previous = width;
      }
    }
    pos = end + (text[end] === '\r' && text[end + 1] === '\n' ? 2 : 1);
    line++;
  }
  if (tabs > spaces) return { insertSpaces: false, tabSize: 4, unit: '\t', eol };
  let size = 2;
  let best = 0;
  for (const [delta, count] of deltas) {
    if (delta > 8) continue;
    if (count > best || (count === best && delta < size)) {
      best = count;
      size = delta;
    }
  }
  return { insertSpaces: true, tabSize: size, unit: ' '.repeat(size), eol };
}
