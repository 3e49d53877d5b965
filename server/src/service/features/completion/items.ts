/**
 * The completion item builder: every completion module adds its items here. It owns what all
 * items share: the text edit (a file span turned into a range), the sort text (a ranking group,
 * then the order of insertion), snippet or plain text (plain for clients without snippet
 * support, so no module needs to know), preselection, and the commas around a new member.
 */
import { SyntaxKind } from 'jsonc-parser';
import type { JsonNode, ModelDocument } from '../../model/types';
import type { Range, Span } from '../../text/lineIndex';
import { encodeJsonStringBody } from '../../text/jsonString';
import { isClosedString, contentSpan, type ValueAt } from '../cursor';
import { hasCommaBetween, nextSignificant, nodeEnd } from '../jsonText';
import { markdown } from '../markdown';
import type { Command, CompletionItem, CompletionKind, CompletionList, TextEdit } from '../types';

export const TRIGGER_SUGGEST: Command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
export const TRIGGER_PARAMETER_HINTS: Command = { title: 'Parameter hints', command: 'editor.action.triggerParameterHints' };

export interface ItemOptions {
  label: string;
  kind: CompletionKind;
  /** The file span the item replaces (one line, containing the cursor). */
  span: Span;
  newText: string;
  documentation: string;
  detail?: string;
  /** Ranking group: lower first (default 5). */
  group?: number;
  filterText?: string;
  /** `newText` is snippet syntax (escape literal text with snippetLiteral / jsonSnippet). */
  snippet?: boolean;
  command?: Command;
  additionalTextEdits?: TextEdit[];
}

export class ItemBuilder {
  readonly items: CompletionItem[] = [];
  private lastSpan: Span | undefined;
  private lastRange: Range | undefined;

  constructor(
    private readonly document: ModelDocument,
    /** False for clients without snippet support: snippet items become their plain text. */
    private readonly snippets: boolean,
  ) {}

  add(options: ItemOptions): void {
    const snippet = options.snippet === true && this.snippets;
    const newText = options.snippet && !this.snippets ? snippetToPlainText(options.newText) : options.newText;
    const item: CompletionItem = {
      label: options.label,
      kind: options.kind,
      documentation: markdown(options.documentation),
      sortText: `${options.group ?? 5}${String(this.items.length).padStart(4, '0')}`,
      filterText: options.filterText ?? options.label,
      insertTextFormat: snippet ? 'snippet' : 'plaintext',
      textEdit: { range: this.rangeOf(options.span), newText },
    };
    if (options.detail) item.detail = options.detail;
    if (options.command) item.command = options.command;
    if (options.additionalTextEdits?.length) item.additionalTextEdits = options.additionalTextEdits;
    this.items.push(item);
  }

  /** Marks the first item whose filter text starts with what is typed (case-insensitively) as preselected. */
  preselect(typed: string): void {
    if (!typed) return;
    const lower = typed.toLowerCase();
    let best: CompletionItem | undefined;
    for (const item of this.items)
      if (item.filterText.toLowerCase().startsWith(lower) && (!best || item.sortText < best.sortText)) best = item;
    if (best) best.preselect = true;
  }

  list(): CompletionList {
    return { items: this.items, isIncomplete: false };
  }

  /** Items of one request mostly share one span: its range is computed once. */
  private rangeOf(span: Span): Range {
    if (!this.lastRange || this.lastSpan!.start !== span.start || this.lastSpan!.end !== span.end) {
      this.lastSpan = { start: span.start, end: span.end };
      this.lastRange = this.document.lines.rangeOf(span);
    }
    return { start: this.lastRange.start, end: this.lastRange.end };
  }
}

/**
 * How a value completion edits: inside a string literal it replaces the contents (in an
 * unclosed string only up to the cursor, adding the closing quote); a bare value is replaced
 * whole and the item brings its own quotes. `typed` is what preselection compares.
 */
export interface ValueEdit {
  span: Span;
  /** The closing quote an unclosed string lacks, else ''. */
  close: string;
  inString: boolean;
  typed: string;
}

export function valueEdit(text: string, offset: number, at: ValueAt): ValueEdit {
  if (!at.quoted) return { span: at.span, close: '', inString: false, typed: text.slice(at.span.start, offset) };
  const closed = isClosedString(text, at.node);
  const content = contentSpan(text, at.node);
  const span = closed ? content : { start: content.start, end: offset };
  return { span, close: closed ? '' : '"', inString: true, typed: text.slice(span.start, offset) };
}

/** A string value as the edit inserts it: its body (escaped for JSON) in a string, a whole literal when bare. */
export function quotedValue(edit: ValueEdit, value: string): { newText: string; filterText: string } {
  const body = encodeJsonStringBody(value);
  return edit.inString ? { newText: body + edit.close, filterText: body } : { newText: `"${body}"`, filterText: `"${body}"` };
}

/**
 * Commas around a new member of an object or array: one added after the previous member when
 * it lacks one (as an additional edit), and one after the inserted text when a member follows.
 */
export function separators(document: ModelDocument, container: JsonNode, around: Span): { before: TextEdit[]; after: string } {
  const text = document.text;
  const children = container.children ?? [];
  let previous: JsonNode | undefined;
  let next: JsonNode | undefined;
  for (const child of children) {
    if (nodeEnd(child) <= around.start) previous = child;
    else if (child.offset >= around.end && !next) next = child;
  }
  const before: TextEdit[] = [];
  if (previous && !hasCommaBetween(text, nodeEnd(previous), around.start)) {
    const at = document.lines.positionAt(nodeEnd(previous));
    before.push({ range: { start: at, end: at }, newText: ',' });
  }
  let after = '';
  if (next && !hasCommaBetween(text, around.end, next.offset)) after = ',';
  else if (!next) {
    // A member typed before a stray token (`"a": 1 "b": 2` style) still gets its comma.
    const token = nextSignificant(text, around.end);
    if (token.kind === SyntaxKind.StringLiteral || token.kind === SyntaxKind.OpenBraceToken) after = ',';
  }
  return { before, after };
}

/** Escapes literal text for a snippet (`$`, `}` and `\` are special there). */
export function snippetLiteral(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

/** A literal that goes inside a JSON string, as snippet text. */
export function jsonSnippet(text: string): string {
  return snippetLiteral(encodeJsonStringBody(text));
}

/**
 * Snippet text as plain text: placeholders become their default text (`${1:name}` → `name`, the
 * first of a choice), tab stops disappear, and escaped `$`, `}` and `\` become themselves.
 */
export function snippetToPlainText(snippet: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length && '$}\\'.includes(snippet[i + 1])) {
      out += snippet[++i];
    } else if (c === '$' && /[0-9]/.test(snippet[i + 1] ?? '')) {
      while (/[0-9]/.test(snippet[i + 1] ?? '')) i++;
    } else if (c === '$' && snippet[i + 1] === '{' && /[0-9]/.test(snippet[i + 2] ?? '')) {
      let j = i + 2;
      while (/[0-9]/.test(snippet[j] ?? '')) j++;
      if (snippet[j] === ':') {
        depth++;
        i = j;
      } else if (snippet[j] === '|') {
        const end = snippet.indexOf('|}', j + 1);
        const choices = end < 0 ? '' : snippet.slice(j + 1, end);
        out += choices.split(',')[0];
        i = end < 0 ? snippet.length : end + 1;
      } else {
        i = j; // `${1}`: a tab stop
      }
    } else if (c === '}' && depth > 0) {
      depth--;
    } else {
      out += c;
    }
  }
  return out;
}
