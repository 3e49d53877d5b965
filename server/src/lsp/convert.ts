import {
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  InsertTextFormat,
  SymbolKind,
  type Diagnostic as LspDiagnostic,
} from 'vscode-languageserver';
import type { CompletionItem, CompletionKind, SymbolKindName } from '../service/features';
import type { Diagnostic } from '../service/languageService';

/** The service's completion kinds as LSP's CompletionItemKind. */
export const LSP_COMPLETION_ITEM_KIND: Record<CompletionKind, CompletionItemKind> = {
  function: CompletionItemKind.Function,
  field: CompletionItemKind.Field,
  variable: CompletionItemKind.Variable,
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  keyword: CompletionItemKind.Keyword,
  snippet: CompletionItemKind.Snippet,
  file: CompletionItemKind.File,
  folder: CompletionItemKind.Folder,
  enumMember: CompletionItemKind.EnumMember,
  constant: CompletionItemKind.Constant,
  operator: CompletionItemKind.Operator,
};

/** The service's symbol kinds as LSP's SymbolKind. */
export const LSP_SYMBOL_KIND: Record<SymbolKindName, SymbolKind> = {
  file: SymbolKind.File,
  module: SymbolKind.Module,
  namespace: SymbolKind.Namespace,
  property: SymbolKind.Property,
  field: SymbolKind.Field,
  string: SymbolKind.String,
  array: SymbolKind.Array,
  object: SymbolKind.Object,
  key: SymbolKind.Key,
  struct: SymbolKind.Struct,
  operator: SymbolKind.Operator,
};

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

/** A completion item for a client without snippet support: the same edit as plain text. */
export function withoutSnippet(item: CompletionItem): CompletionItem {
  if (item.insertTextFormat !== 'snippet') return item;
  const plain = (text: string): string => snippetToPlainText(text);
  const copy: CompletionItem = { ...item, insertTextFormat: 'plaintext' };
  if (item.textEdit) copy.textEdit = { ...item.textEdit, newText: plain(item.textEdit.newText) };
  return copy;
}

export const LSP_INSERT_TEXT_FORMAT: Record<CompletionItem['insertTextFormat'], InsertTextFormat> = {
  plaintext: InsertTextFormat.PlainText,
  snippet: InsertTextFormat.Snippet,
};

const SEVERITY: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: d.source,
    message: d.message,
  };
  if (d.data) out.data = d.data;
  if (d.tags) out.tags = d.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  return out;
}

/** Back from LSP: the service's code actions read only code, range and data. */
export function fromLspDiagnostic(d: LspDiagnostic): Diagnostic {
  const severity =
    d.severity === DiagnosticSeverity.Warning
      ? 'warning'
      : d.severity === DiagnosticSeverity.Information
        ? 'information'
        : d.severity === DiagnosticSeverity.Hint
          ? 'hint'
          : 'error';
  return {
    code: String(d.code ?? ''),
    severity,
    message: typeof d.message === 'string' ? d.message : d.message.value,
    range: d.range,
    source: 'scim-mapper',
    data: d.data as Diagnostic['data'],
  };
}
