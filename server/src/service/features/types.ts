/**
 * Plain data shapes returned by the editor features. They are structurally compatible with the
 * Language Server Protocol (positions are zero-based line / UTF-16 character pairs) but import
 * nothing from it: the LSP layer passes them through and maps the string `kind` enums below to
 * LSP's numeric ones with the tables at the end of this file.
 */
import type { Position, Range } from '../text/lineIndex';

export type { Position, Range };

export interface TextEdit {
  range: Range;
  newText: string;
}

/** Markdown only; LSP's MarkupContent. */
export interface MarkupContent {
  kind: 'markdown';
  value: string;
}

export interface Command {
  title: string;
  command: string;
}

export type CompletionKind =
  | 'function'
  | 'variable'
  | 'field'
  | 'property'
  | 'enumMember'
  | 'value'
  | 'operator'
  | 'file'
  | 'folder'
  | 'keyword'
  | 'constant'
  | 'snippet';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  /** One line shown next to the label (type, status, "already mapped", ...). */
  detail?: string;
  documentation: MarkupContent;
  sortText: string;
  /** What the client filters on; it matches the raw file text the edit replaces (escapes included). */
  filterText: string;
  insertTextFormat: 'plaintext' | 'snippet';
  /** Always a single-line range that contains the cursor. */
  textEdit: TextEdit;
  additionalTextEdits?: TextEdit[];
  preselect?: boolean;
  /** `editor.action.triggerParameterHints` after a function, `editor.action.triggerSuggest` after a key. */
  command?: Command;
  tags?: Array<'deprecated'>;
}

export interface CompletionList {
  items: CompletionItem[];
  isIncomplete: boolean;
}

export interface CompletionOptions {
  /** Lists directories for scope-file paths; without it no paths are offered. */
  host?: CompletionHost;
  /** Whether the client accepts snippet items (default true); without, the same items come as plain text. */
  snippets?: boolean;
}

/** Lets completion list scope files without doing IO itself. */
export interface CompletionHost {
  /**
   * The entries of a directory given by URI: names or URIs; directories end with `/`.
   * Returns an empty list when the directory cannot be read.
   */
  listFiles(dirUri: string): string[];
}

export interface Hover {
  contents: MarkupContent;
  range: Range;
}

export interface ParameterInformation {
  /** Start and end offsets of the parameter inside the signature label. */
  label: [number, number];
  documentation: MarkupContent;
}

export interface SignatureInformation {
  label: string;
  documentation: MarkupContent;
  parameters: ParameterInformation[];
  activeParameter?: number;
}

export interface SignatureHelp {
  signatures: SignatureInformation[];
  activeSignature: number;
  activeParameter: number;
}

export interface CodeAction<D = unknown> {
  title: string;
  kind: 'quickfix';
  /** The diagnostic the action resolves (the object the caller passed in). */
  diagnostics: D[];
  /** An LSP WorkspaceEdit: edits keyed by document URI. */
  edit: { changes: Record<string, TextEdit[]> };
  isPreferred: boolean;
}

export type SymbolKindName =
  'file' | 'module' | 'namespace' | 'property' | 'field' | 'string' | 'array' | 'object' | 'key' | 'operator' | 'struct';

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKindName;
  range: Range;
  selectionRange: Range;
  children?: DocumentSymbol[];
}

export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

export interface FormatOptions {
  tabSize: number;
  insertSpaces: boolean;
  /** Defaults to the document's own line ending. */
  eol?: string;
  insertFinalNewline?: boolean;
  /**
   * Keep line breaks where they are (default true), so one-line mappings stay on one line;
   * false lets the formatter put every property on its own line.
   */
  keepLines?: boolean;
}

export interface DocumentLink {
  range: Range;
  target: string;
  tooltip?: string;
}

export interface Location {
  uri: string;
  range: Range;
}

export interface SemanticTokensLegend {
  tokenTypes: string[];
  tokenModifiers: string[];
}

export interface SemanticTokens {
  /** LSP encoding: [deltaLine, deltaStartChar, length, tokenType, tokenModifiers] per token. */
  data: number[];
  legend: SemanticTokensLegend;
}
