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
