import type { ClientCapabilities, CompletionItemKind, SymbolKind } from 'vscode-languageserver-protocol';

/** LSP's CompletionItemKind and SymbolKind run from 1 to these values; VS Code shows all of them. */
const COMPLETION_ITEM_KINDS = 25;
const SYMBOL_KINDS = 26;
const range = (last: number): number[] => Array.from({ length: last }, (_, i) => i + 1);

/** The standard semantic token types and modifiers; VS Code themes colour all of them. */
const TOKEN_TYPES = [
  'namespace', 'type', 'class', 'enum', 'interface', 'struct', 'typeParameter', 'parameter', 'variable', 'property', 'enumMember',
  'event', 'function', 'method', 'macro', 'keyword', 'modifier', 'comment', 'string', 'number', 'regexp', 'operator', 'decorator',
];
const TOKEN_MODIFIERS = ['declaration', 'definition', 'readonly', 'static', 'deprecated', 'abstract', 'async', 'modification', 'documentation', 'defaultLibrary'];

const MARKUP = ['markdown', 'plaintext'] as ('markdown' | 'plaintext')[];

/**
 * What this client implements, and nothing more: a server must not rely on a feature the client
 * cannot deliver. Two choices shape the server's behaviour:
 *   - no `textDocument.diagnostic`: the server pushes diagnostics (publishDiagnostics) instead of
 *     waiting to be pulled;
 *   - `workspace.configuration`: the server asks for the `scimMapper` section itself and registers
 *     for `workspace/didChangeConfiguration`.
 */
export const CLIENT_CAPABILITIES: ClientCapabilities = {
  general: {
    positionEncodings: ['utf-16'],
    markdown: { parser: 'marked', version: '1.1.0' },
  },
  window: {
    showMessage: { messageActionItem: { additionalPropertiesSupport: false } },
  },
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: false },
    workspaceEdit: { documentChanges: true },
    inlayHint: { refreshSupport: true },
    semanticTokens: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, willSave: false, willSaveWaitUntil: false, didSave: false },
    publishDiagnostics: {
      relatedInformation: true,
      versionSupport: false,
      tagSupport: { valueSet: [1, 2] },
      codeDescriptionSupport: true,
      dataSupport: true,
    },
    completion: {
      contextSupport: true,
      completionItem: {
        snippetSupport: true,
        commitCharactersSupport: true,
        documentationFormat: MARKUP,
        deprecatedSupport: true,
        preselectSupport: true,
        tagSupport: { valueSet: [1] },
        insertReplaceSupport: true,
      },
      completionItemKind: { valueSet: range(COMPLETION_ITEM_KINDS) as CompletionItemKind[] },
    },
    hover: { contentFormat: MARKUP },
    signatureHelp: {
      contextSupport: true,
      signatureInformation: {
        documentationFormat: MARKUP,
        parameterInformation: { labelOffsetSupport: true },
        activeParameterSupport: true,
      },
    },
    definition: { linkSupport: true },
    documentSymbol: {
      hierarchicalDocumentSymbolSupport: true,
      symbolKind: { valueSet: range(SYMBOL_KINDS) as SymbolKind[] },
    },
    codeAction: {
      isPreferredSupport: true,
      disabledSupport: true,
      codeActionLiteralSupport: {
        codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source', 'source.organizeImports', 'source.fixAll'] },
      },
    },
    formatting: {},
    rangeFormatting: {},
    documentLink: { tooltipSupport: true },
    foldingRange: { lineFoldingOnly: true, foldingRangeKind: { valueSet: ['comment', 'imports', 'region'] } },
    semanticTokens: {
      requests: { full: true },
      tokenTypes: TOKEN_TYPES,
      tokenModifiers: TOKEN_MODIFIERS,
      formats: ['relative'],
      overlappingTokenSupport: false,
      multilineTokenSupport: false,
    },
    inlayHint: {},
  },
};
