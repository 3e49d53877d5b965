/**
 * Conversions between LSP's JSON shapes and VS Code's API classes, for exactly the features this
 * client implements. LSP positions are UTF-16 based like VS Code's, so positions map one to one.
 * Enumerations that VS Code numbers from 0 (severity, completion and symbol kinds) are LSP's minus
 * one; the others (tags, inlay hint kinds, trigger kinds) have the same numbers in both.
 */
import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';

export function asPosition(position: lsp.Position): vscode.Position {
  return new vscode.Position(position.line, position.character);
}

export function asRange(range: lsp.Range): vscode.Range {
  return new vscode.Range(asPosition(range.start), asPosition(range.end));
}

export function fromPosition(position: vscode.Position): lsp.Position {
  return { line: position.line, character: position.character };
}

export function fromRange(range: vscode.Range): lsp.Range {
  return { start: fromPosition(range.start), end: fromPosition(range.end) };
}

export function asLocation(location: lsp.Location): vscode.Location {
  return new vscode.Location(vscode.Uri.parse(location.uri), asRange(location.range));
}

export function asTextEdit(edit: lsp.TextEdit): vscode.TextEdit {
  return new vscode.TextEdit(asRange(edit.range), edit.newText);
}

export function asCommand(command: lsp.Command): vscode.Command {
  return { title: command.title, command: command.command, arguments: command.arguments };
}

/** Markdown stays Markdown; plain text and code blocks are escaped so they show as written. */
export function asMarkdown(content: lsp.MarkupContent | lsp.MarkedString): vscode.MarkdownString {
  if (typeof content === 'string') return new vscode.MarkdownString(content);
  if ('kind' in content) return content.kind === 'markdown' ? new vscode.MarkdownString(content.value) : new vscode.MarkdownString().appendText(content.value);
  return new vscode.MarkdownString().appendCodeblock(content.value, content.language);
}

/** Documentation and tooltips: a plain string is plain text there, not Markdown. */
export function asDocumentation(content: string | lsp.MarkupContent | undefined): string | vscode.MarkdownString | undefined {
  return content === undefined || typeof content === 'string' ? content : asMarkdown(content);
}

function fromDocumentation(content: string | vscode.MarkdownString | undefined): string | lsp.MarkupContent | undefined {
  return content === undefined || typeof content === 'string' ? content : { kind: 'markdown', value: content.value };
}

// Diagnostics

export function asDiagnostic(diagnostic: lsp.Diagnostic): vscode.Diagnostic {
  const severity = diagnostic.severity === undefined ? vscode.DiagnosticSeverity.Error : ((diagnostic.severity - 1) as vscode.DiagnosticSeverity);
  // A Markdown message needs a capability this client does not declare; take its text if one comes.
  const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
  const result = new vscode.Diagnostic(asRange(diagnostic.range), message, severity);
  if (diagnostic.code !== undefined) {
    result.code = diagnostic.codeDescription ? { value: diagnostic.code, target: vscode.Uri.parse(diagnostic.codeDescription.href) } : diagnostic.code;
  }
  if (diagnostic.source !== undefined) result.source = diagnostic.source;
  if (diagnostic.tags) result.tags = diagnostic.tags.filter((tag) => tag === 1 || tag === 2) as vscode.DiagnosticTag[];
  if (diagnostic.relatedInformation) {
    result.relatedInformation = diagnostic.relatedInformation.map((info) => new vscode.DiagnosticRelatedInformation(asLocation(info.location), info.message));
  }
  return result;
}

/** A diagnostic of another source (code action contexts carry every diagnostic under the cursor). */
export function fromDiagnostic(diagnostic: vscode.Diagnostic): lsp.Diagnostic {
  const result: lsp.Diagnostic = { range: fromRange(diagnostic.range), message: diagnostic.message, severity: (diagnostic.severity + 1) as lsp.DiagnosticSeverity };
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  if (code !== undefined) result.code = code;
  if (diagnostic.source !== undefined) result.source = diagnostic.source;
  if (diagnostic.tags) result.tags = diagnostic.tags as lsp.DiagnosticTag[];
  return result;
}

// Completion

export function asCompletionItem(item: lsp.CompletionItem): vscode.CompletionItem {
  const result = new vscode.CompletionItem(item.labelDetails ? { label: item.label, detail: item.labelDetails.detail, description: item.labelDetails.description } : item.label);
  if (item.kind !== undefined) result.kind = (item.kind - 1) as vscode.CompletionItemKind;
  if (item.detail !== undefined) result.detail = item.detail;
  result.documentation = asDocumentation(item.documentation);
  if (item.sortText !== undefined) result.sortText = item.sortText;
  if (item.filterText !== undefined) result.filterText = item.filterText;
  if (item.preselect !== undefined) result.preselect = item.preselect;
  if (item.tags?.includes(1) || item.deprecated) result.tags = [vscode.CompletionItemTag.Deprecated];
  const text = item.textEdit?.newText ?? item.insertText;
  if (text !== undefined) result.insertText = item.insertTextFormat === 2 ? new vscode.SnippetString(text) : text;
  if (item.textEdit) {
    result.range = 'range' in item.textEdit ? asRange(item.textEdit.range) : { inserting: asRange(item.textEdit.insert), replacing: asRange(item.textEdit.replace) };
  }
  if (item.additionalTextEdits) result.additionalTextEdits = item.additionalTextEdits.map(asTextEdit);
  if (item.commitCharacters) result.commitCharacters = item.commitCharacters;
  if (item.command) result.command = asCommand(item.command);
  return result;
}

export function asCompletionList(result: lsp.CompletionList | lsp.CompletionItem[]): vscode.CompletionList {
  if (Array.isArray(result)) return new vscode.CompletionList(result.map(asCompletionItem), false);
  return new vscode.CompletionList(result.items.map(asCompletionItem), result.isIncomplete);
}

// Hover and signature help

export function asHover(hover: lsp.Hover): vscode.Hover {
  const contents = Array.isArray(hover.contents) ? hover.contents.map(asMarkdown) : [asMarkdown(hover.contents)];
  return new vscode.Hover(contents, hover.range ? asRange(hover.range) : undefined);
}

export function asSignatureHelp(help: lsp.SignatureHelp): vscode.SignatureHelp {
  const result = new vscode.SignatureHelp();
  result.signatures = help.signatures.map((signature) => {
    const info = new vscode.SignatureInformation(signature.label, asDocumentation(signature.documentation));
    info.parameters = (signature.parameters ?? []).map((parameter) => new vscode.ParameterInformation(parameter.label, asDocumentation(parameter.documentation)));
    if (typeof signature.activeParameter === 'number') info.activeParameter = signature.activeParameter;
    return info;
  });
  result.activeSignature = help.activeSignature ?? 0;
  result.activeParameter = help.activeParameter ?? 0;
  return result;
}

/** The signature help on screen, which LSP sends back when signature help is triggered again. */
export function fromSignatureHelp(help: vscode.SignatureHelp): lsp.SignatureHelp {
  return {
    signatures: help.signatures.map((signature) => ({
      label: signature.label,
      documentation: fromDocumentation(signature.documentation),
      parameters: signature.parameters.map((parameter) => ({ label: parameter.label, documentation: fromDocumentation(parameter.documentation) })),
      activeParameter: signature.activeParameter,
    })),
    activeSignature: help.activeSignature,
    activeParameter: help.activeParameter,
  };
}

// Code actions and edits

/** Text edits only: this client declares no resource operations, so a server sends none. */
export function asWorkspaceEdit(edit: lsp.WorkspaceEdit): vscode.WorkspaceEdit {
  const result = new vscode.WorkspaceEdit();
  const add = (uri: string, edits: lsp.TextEdit[]): void => {
    for (const e of edits) result.replace(vscode.Uri.parse(uri), asRange(e.range), e.newText);
  };
  if (edit.documentChanges) {
    for (const change of edit.documentChanges) if ('textDocument' in change) add(change.textDocument.uri, change.edits as lsp.TextEdit[]);
  } else if (edit.changes) {
    for (const [uri, edits] of Object.entries(edit.changes)) add(uri, edits);
  }
  return result;
}

/**
 * A code action, or a bare command. `diagnosticsOf` turns the diagnostics the server says an
 * action fixes back into the editor's own objects.
 */
export function asCodeAction(item: lsp.Command | lsp.CodeAction, diagnosticsOf: (diagnostics: lsp.Diagnostic[]) => vscode.Diagnostic[]): vscode.CodeAction | vscode.Command {
  if (typeof item.command === 'string') return asCommand(item as lsp.Command);
  const action = item as lsp.CodeAction;
  const result = new vscode.CodeAction(action.title, action.kind === undefined ? undefined : vscode.CodeActionKind.Empty.append(action.kind));
  if (action.edit) result.edit = asWorkspaceEdit(action.edit);
  if (action.command) result.command = asCommand(action.command);
  if (action.diagnostics) result.diagnostics = diagnosticsOf(action.diagnostics);
  if (action.isPreferred !== undefined) result.isPreferred = action.isPreferred;
  if (action.disabled) result.disabled = { reason: action.disabled.reason };
  return result;
}

/** The editor's formatting options plus the `files.*` settings LSP also carries, as vscode-languageclient sends them. */
export function fromFormattingOptions(options: vscode.FormattingOptions, document: vscode.TextDocument): lsp.FormattingOptions {
  const files = vscode.workspace.getConfiguration('files', document);
  const result: lsp.FormattingOptions = { tabSize: options.tabSize, insertSpaces: options.insertSpaces };
  for (const key of ['trimTrailingWhitespace', 'trimFinalNewlines', 'insertFinalNewline'] as const) if (files.get<boolean>(key)) result[key] = true;
  return result;
}

// Navigation and structure

function asSymbolKind(kind: lsp.SymbolKind): vscode.SymbolKind {
  return kind >= 1 && kind <= 26 ? ((kind - 1) as vscode.SymbolKind) : vscode.SymbolKind.Property;
}

function asDocumentSymbol(symbol: lsp.DocumentSymbol): vscode.DocumentSymbol {
  const result = new vscode.DocumentSymbol(symbol.name, symbol.detail ?? '', asSymbolKind(symbol.kind), asRange(symbol.range), asRange(symbol.selectionRange));
  result.children = (symbol.children ?? []).map(asDocumentSymbol);
  return result;
}

export function asDocumentSymbols(symbols: lsp.DocumentSymbol[] | lsp.SymbolInformation[]): vscode.DocumentSymbol[] | vscode.SymbolInformation[] {
  if (symbols.length > 0 && 'location' in symbols[0]) {
    return (symbols as lsp.SymbolInformation[]).map((s) => new vscode.SymbolInformation(s.name, asSymbolKind(s.kind), s.containerName ?? '', asLocation(s.location)));
  }
  return (symbols as lsp.DocumentSymbol[]).map(asDocumentSymbol);
}

const FOLDING_KINDS: Record<string, vscode.FoldingRangeKind> = {
  comment: vscode.FoldingRangeKind.Comment,
  imports: vscode.FoldingRangeKind.Imports,
  region: vscode.FoldingRangeKind.Region,
};

export function asFoldingRange(range: lsp.FoldingRange): vscode.FoldingRange {
  return new vscode.FoldingRange(range.startLine, range.endLine, range.kind === undefined ? undefined : FOLDING_KINDS[range.kind]);
}

export function asDocumentLink(link: lsp.DocumentLink): vscode.DocumentLink {
  const result = new vscode.DocumentLink(asRange(link.range), link.target === undefined ? undefined : vscode.Uri.parse(link.target));
  if (link.tooltip !== undefined) result.tooltip = link.tooltip;
  return result;
}

export function asDefinition(definition: lsp.Definition | lsp.LocationLink[]): vscode.Definition | vscode.LocationLink[] {
  if (!Array.isArray(definition)) return asLocation(definition);
  return definition.map((item) =>
    'targetUri' in item
      ? {
          originSelectionRange: item.originSelectionRange && asRange(item.originSelectionRange),
          targetUri: vscode.Uri.parse(item.targetUri),
          targetRange: asRange(item.targetRange),
          targetSelectionRange: asRange(item.targetSelectionRange),
        }
      : asLocation(item),
  ) as vscode.Location[] | vscode.LocationLink[];
}

// Decorations

export function asSemanticTokens(tokens: lsp.SemanticTokens): vscode.SemanticTokens {
  return new vscode.SemanticTokens(new Uint32Array(tokens.data), tokens.resultId);
}

export function asInlayHint(hint: lsp.InlayHint): vscode.InlayHint {
  const label =
    typeof hint.label === 'string'
      ? hint.label
      : hint.label.map((part) => {
          const result = new vscode.InlayHintLabelPart(part.value);
          result.tooltip = asDocumentation(part.tooltip);
          if (part.location) result.location = asLocation(part.location);
          if (part.command) result.command = asCommand(part.command);
          return result;
        });
  const result = new vscode.InlayHint(asPosition(hint.position), label, hint.kind as vscode.InlayHintKind | undefined);
  result.tooltip = asDocumentation(hint.tooltip);
  if (hint.paddingLeft !== undefined) result.paddingLeft = hint.paddingLeft;
  if (hint.paddingRight !== undefined) result.paddingRight = hint.paddingRight;
  if (hint.textEdits) result.textEdits = hint.textEdits.map(asTextEdit);
  return result;
}
