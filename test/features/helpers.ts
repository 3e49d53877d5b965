import assert from 'node:assert/strict';
import { parseTree, type ParseError } from 'jsonc-parser';
import { catalogs } from '../../server/src/service/catalog';
import { complete, type CompletionHost, type CompletionItem, type TextEdit } from '../../server/src/service/features';
import { LanguageService, type ServiceHost } from '../../server/src/service/languageService';
import type { ModelDocument } from '../../server/src/service/model/types';
import { LineIndex, type Position } from '../../server/src/service/text/lineIndex';

export const MAPPING_URI = 'file:///home/user/project/test.mapping.jsonc';
export const SCOPE_URI = 'file:///home/user/project/test.scope.jsonc';

export function createService(files: Record<string, string> = {}): LanguageService {
  const host: ServiceHost = { readFile: (uri) => files[uri] };
  return new LanguageService({ host, catalogs });
}

/**
 * The arguments every feature starts with: the service and the document opened in it, once, as
 * the LSP layer and the CLI open it (`feature(...opened(service, uri, text), position)`).
 */
export function opened(
  service: LanguageService,
  uri: string,
  text: string,
  kind?: ModelDocument['kind'],
): [LanguageService, ModelDocument] {
  const document = service.open(uri, text, kind);
  assert.ok(document, `cannot open ${uri}`);
  return [service, document];
}

/** Strips the cursor marker (`|` unless told otherwise) and returns the text and the cursor position. */
export function withCursor(source: string, marker = '|'): { text: string; offset: number; position: Position } {
  const offset = source.indexOf(marker);
  assert.ok(offset >= 0, `no cursor marker ${marker} in ${source}`);
  assert.equal(source.indexOf(marker, offset + 1), -1, `more than one cursor marker in ${source}`);
  const text = source.slice(0, offset) + source.slice(offset + marker.length);
  return { text, offset, position: new LineIndex(text).positionAt(offset) };
}

/** A mapping file with the given user mappings (one per line) and optional group mappings. */
export function mappingFile(user: string[], group?: string[]): string {
  const lines = ['{', '  "target": "aws-iam-identity-center",', '  "user": {', '    "mappings": ['];
  lines.push(user.map((m) => `      ${m}`).join(',\n'));
  lines.push('    ]');
  if (group) {
    lines.push('  },', '  "group": {', '    "mappings": [');
    lines.push(group.map((m) => `      ${m}`).join(',\n'));
    lines.push('    ]');
  }
  lines.push('  }', '}', '');
  return lines.join('\n');
}

/** Applies LSP text edits (non-overlapping; same-position inserts in array order). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const withOffsets = edits.map((e, i) => ({
    start: lines.offsetAt(e.range.start),
    end: lines.offsetAt(e.range.end),
    text: e.newText,
    i,
  }));
  withOffsets.sort((a, b) => b.start - a.start || b.i - a.i);
  let out = text;
  for (const e of withOffsets) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** The text a snippet inserts when every placeholder keeps its default (first choice). */
export function expandSnippet(snippet: string): string {
  let out = '';
  let i = 0;
  const readBody = (): string => {
    // After `${n:`: read up to the matching `}`, expanding nested placeholders.
    let depth = 1;
    let body = '';
    while (i < snippet.length) {
      const ch = snippet[i];
      if (ch === '\\' && i + 1 < snippet.length) {
        body += ch + snippet[i + 1];
        i += 2;
        continue;
      }
      if (ch === '$' && snippet[i + 1] === '{') depth++;
      if (ch === '}') {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      }
      body += ch;
      i++;
    }
    return expandSnippet(body);
  };
  while (i < snippet.length) {
    const ch = snippet[i];
    if (ch === '\\' && '$}\\'.includes(snippet[i + 1] ?? '')) {
      out += snippet[i + 1];
      i += 2;
      continue;
    }
    if (ch === '$') {
      const tabstop = /^\$(\d+)/.exec(snippet.slice(i));
      if (tabstop) {
        i += tabstop[0].length;
        continue;
      }
      const placeholder = /^\$\{(\d+)(:|\||\})/.exec(snippet.slice(i));
      if (placeholder) {
        i += placeholder[0].length;
        if (placeholder[2] === ':') out += readBody();
        else if (placeholder[2] === '|') {
          const end = snippet.indexOf('|}', i);
          out += snippet.slice(i, end).split(',')[0];
          i = end + 2;
        }
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}

export interface CompletionResult {
  items: CompletionItem[];
  labels: string[];
  item(label: string): CompletionItem;
  /** The document text after accepting the item (snippet placeholders at their defaults). */
  apply(label: string): string;
  /** The labels a client would still show for what is typed in the edit range (case-insensitive prefix). */
  visible(): string[];
}

export function completeAt(
  source: string,
  options: { uri?: string; host?: CompletionHost; service?: LanguageService; marker?: string; snippets?: boolean } = {},
): CompletionResult {
  const { text, position } = withCursor(source, options.marker);
  const list = complete(...opened(options.service ?? createService(), options.uri ?? MAPPING_URI, text), position, {
    host: options.host,
    snippets: options.snippets,
  });
  const labels = list.items.map((i) => i.label);
  const item = (label: string): CompletionItem => {
    const found = list.items.find((i) => i.label === label);
    assert.ok(found, `no completion "${label}" among ${JSON.stringify(labels)}`);
    return found;
  };
  return {
    items: list.items,
    labels,
    item,
    apply(label) {
      const chosen = item(label);
      const newText = chosen.insertTextFormat === 'snippet' ? expandSnippet(chosen.textEdit.newText) : chosen.textEdit.newText;
      return applyTextEdits(text, [{ range: chosen.textEdit.range, newText }, ...(chosen.additionalTextEdits ?? [])]);
    },
    visible() {
      const lines = new LineIndex(text);
      return list.items
        .filter((i) => {
          const typed = text.slice(lines.offsetAt(i.textEdit.range.start), lines.offsetAt(position)).toLowerCase();
          return i.filterText.toLowerCase().startsWith(typed);
        })
        .sort((a, b) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0))
        .map((i) => i.label);
    },
  };
}

/** Parse errors of a JSON(C) text, as jsonc-parser reports them with the service's options. */
export function parseErrors(text: string): ParseError[] {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  return errors;
}
