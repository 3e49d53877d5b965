import {
  CodeActionKind,
  type CompletionItem as LspCompletionItem,
  type DocumentSymbol as LspDocumentSymbol,
  type InitializeParams,
  type ServerCapabilities,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  codeActions,
  suppressionCodeActions,
  complete,
  COMPLETION_TRIGGER_CHARACTERS,
  definition,
  documentLinks,
  documentSymbols,
  foldingRanges,
  format,
  hover,
  semanticTokens,
  SEMANTIC_TOKENS_LEGEND,
  SIGNATURE_RETRIGGER_CHARACTERS,
  SIGNATURE_TRIGGER_CHARACTERS,
  signatureHelp,
  type CompletionHost,
  type CompletionItem,
  type DocumentSymbol,
} from '../service/features';
import { fromLspDiagnostic, withoutSnippet, LSP_COMPLETION_ITEM_KIND, LSP_INSERT_TEXT_FORMAT, LSP_SYMBOL_KIND } from './convert';
import { CustomRequests } from './customRequests';
import { registerTenantRequests } from './tenantRequests';
import { runSafe } from './runSafe';
import type { ServerContext } from './serverContext';

function toLspCompletion(item: CompletionItem): LspCompletionItem {
  return {
    label: item.label,
    kind: LSP_COMPLETION_ITEM_KIND[item.kind] as LspCompletionItem['kind'],
    detail: item.detail,
    documentation: item.documentation,
    sortText: item.sortText,
    filterText: item.filterText,
    insertTextFormat: LSP_INSERT_TEXT_FORMAT[item.insertTextFormat] as LspCompletionItem['insertTextFormat'],
    textEdit: item.textEdit,
    additionalTextEdits: item.additionalTextEdits,
    preselect: item.preselect,
    command: item.command,
    tags: item.tags?.map(() => 1 as const),
  };
}

function toLspSymbol(symbol: DocumentSymbol): LspDocumentSymbol {
  return {
    name: symbol.name,
    detail: symbol.detail,
    kind: LSP_SYMBOL_KIND[symbol.kind] as LspDocumentSymbol['kind'],
    range: symbol.range,
    selectionRange: symbol.selectionRange,
    children: symbol.children?.map(toLspSymbol),
  };
}

/**
 * Routes every editor request to the language service. Each handler is wrapped by runSafe, so an
 * exception or a cancellation answers with an empty result instead of ending the server.
 */
export function registerFeatures(context: ServerContext, params: InitializeParams): ServerCapabilities {
  const { connection, documents, service } = context;
  // Lists a directory for `scope` path completion, inside the workspace only.
  const completionHost: CompletionHost = { listFiles: (dirUri) => context.host.listFiles(dirUri) };
  // Snippet items only for clients that support snippets; others get the same items as plain text.
  const snippets = !!params.capabilities.textDocument?.completion?.completionItem?.snippetSupport;
  if (!snippets)
    connection.console.info("The client does not support snippets; completions insert plain text with the placeholders' names.");
  const withDocument = <T>(uri: string, fallback: T, work: (document: TextDocument) => T): T => {
    const document = documents.get(uri);
    if (!document || !context.kindOf(document)) return fallback;
    // The service recognises documents by name; make sure it models them with the client's language.
    service.getDocument(uri, document.getText(), context.kindOf(document));
    return work(document);
  };

  connection.onCompletion((p, token) =>
    runSafe(connection, 'completion', null, token, () =>
      withDocument(p.textDocument.uri, null, (d) => {
        const list = complete(service, d.uri, d.getText(), p.position, completionHost);
        return {
          isIncomplete: list.isIncomplete,
          items: list.items.map((item) => toLspCompletion(snippets ? item : withoutSnippet(item))),
        };
      }),
    ),
  );
  connection.onHover((p, token) =>
    runSafe(connection, 'hover', null, token, () =>
      withDocument(p.textDocument.uri, null, (d) => hover(service, d.uri, d.getText(), p.position)),
    ),
  );
  connection.onSignatureHelp((p, token) =>
    runSafe(connection, 'signature help', null, token, () =>
      withDocument(p.textDocument.uri, null, (d) => signatureHelp(service, d.uri, d.getText(), p.position)),
    ),
  );
  connection.onCodeAction((p, token) =>
    runSafe(connection, 'code actions', [], token, () =>
      withDocument(p.textDocument.uri, [], (d) => {
        const ours = p.context.diagnostics.filter((diagnostic) => diagnostic.source === 'scim-mapper');
        const byIdentity = new Map(ours.map((diagnostic) => [fromLspDiagnostic(diagnostic), diagnostic] as const));
        const diagnostics = [...byIdentity.keys()];
        const actions = [
          ...codeActions(service, d.uri, d.getText(), p.range, diagnostics),
          ...suppressionCodeActions(service, d.uri, d.getText(), p.range, diagnostics),
        ];
        return actions.map((action) => ({
          ...action,
          kind: CodeActionKind.QuickFix,
          // Hand back the client's own diagnostic objects so it can match them.
          diagnostics: action.diagnostics.map((x) => byIdentity.get(x as never)).filter((x) => x !== undefined),
        }));
      }),
    ),
  );
  connection.onDocumentSymbol((p, token) =>
    runSafe(connection, 'symbols', [], token, () =>
      withDocument(p.textDocument.uri, [], (d) => documentSymbols(service, d.uri, d.getText()).map(toLspSymbol)),
    ),
  );
  connection.onFoldingRanges((p, token) =>
    runSafe(connection, 'folding', [], token, () =>
      withDocument(p.textDocument.uri, [], (d) => foldingRanges(service, d.uri, d.getText())),
    ),
  );
  connection.onDocumentFormatting((p, token) =>
    runSafe(connection, 'formatting', [], token, () =>
      withDocument(p.textDocument.uri, [], (d) =>
        format(service, d.uri, d.getText(), {
          tabSize: p.options.tabSize,
          insertSpaces: p.options.insertSpaces,
          insertFinalNewline: p.options.insertFinalNewline,
        }),
      ),
    ),
  );
  connection.onDocumentRangeFormatting((p, token) =>
    runSafe(connection, 'range formatting', [], token, () =>
      withDocument(p.textDocument.uri, [], (d) =>
        format(service, d.uri, d.getText(), { tabSize: p.options.tabSize, insertSpaces: p.options.insertSpaces }, p.range),
      ),
    ),
  );
  connection.onDocumentLinks((p, token) =>
    runSafe(connection, 'links', [], token, () =>
      withDocument(p.textDocument.uri, [], (d) => documentLinks(service, d.uri, d.getText())),
    ),
  );
  connection.onDefinition((p, token) =>
    runSafe(connection, 'definition', null, token, () =>
      withDocument(p.textDocument.uri, null, (d) => definition(service, d.uri, d.getText(), p.position)),
    ),
  );
  connection.languages.semanticTokens.on((p, token) =>
    runSafe(connection, 'semantic tokens', { data: [] }, token, () =>
      withDocument(p.textDocument.uri, { data: [] }, (d) => ({ data: semanticTokens(service, d.uri, d.getText()).data })),
    ),
  );

  new CustomRequests(context).register();
  registerTenantRequests(context);

  return {
    completionProvider: { triggerCharacters: [...COMPLETION_TRIGGER_CHARACTERS], resolveProvider: false },
    hoverProvider: true,
    signatureHelpProvider: {
      triggerCharacters: [...SIGNATURE_TRIGGER_CHARACTERS],
      retriggerCharacters: [...SIGNATURE_RETRIGGER_CHARACTERS],
    },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    documentSymbolProvider: true,
    foldingRangeProvider: true,
    documentFormattingProvider: true,
    documentRangeFormattingProvider: true,
    documentLinkProvider: { resolveProvider: false },
    definitionProvider: true,
    semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true },
    inlayHintProvider: true,
  };
}
