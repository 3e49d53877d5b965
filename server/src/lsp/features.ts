import {
  CodeActionKind,
  type CompletionItem as LspCompletionItem,
  type DocumentSymbol as LspDocumentSymbol,
  type InitializeParams,
  type ServerCapabilities,
} from 'vscode-languageserver';
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
import type { LanguageService } from '../service/languageService';
import type { ModelDocument } from '../service/model/types';
import { fromLspDiagnostic, LSP_COMPLETION_ITEM_KIND, LSP_INSERT_TEXT_FORMAT, LSP_SYMBOL_KIND } from './convert';
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
  const { connection, documents } = context;
  // Lists a directory for `scope` path completion, inside the workspace only.
  const completionHost: CompletionHost = { listFiles: (dirUri) => context.host.listFiles(dirUri) };
  // Snippet items only for clients that support snippets; others get the same items as plain text (the item builder's job).
  const snippets = !!params.capabilities.textDocument?.completion?.completionItem?.snippetSupport;
  if (!snippets)
    connection.console.info("The client does not support snippets; completions insert plain text with the placeholders' names.");
  /**
   * Opens the request's document once, with the kind of the client's language, and hands the
   * model to the feature; a document of another language gets the fallback.
   */
  const withModel = <T>(uri: string, fallback: T, work: (model: ModelDocument, service: LanguageService) => T): T => {
    const document = documents.get(uri);
    const kind = document && context.kindOf(document);
    if (!kind) return fallback;
    // The document's own settings (its folder's), as its diagnostics and the custom requests see it.
    const service = context.serviceFor(uri);
    const model = service.open(uri, document.getText(), kind);
    return model ? work(model, service) : fallback;
  };

  connection.onCompletion((p, token) =>
    runSafe(connection, 'completion', null, token, () =>
      withModel(p.textDocument.uri, null, (model, service) => {
        const list = complete(service, model, p.position, { host: completionHost, snippets });
        return { isIncomplete: list.isIncomplete, items: list.items.map(toLspCompletion) };
      }),
    ),
  );
  connection.onHover((p, token) =>
    runSafe(connection, 'hover', null, token, () =>
      withModel(p.textDocument.uri, null, (model, service) => hover(service, model, p.position)),
    ),
  );
  connection.onSignatureHelp((p, token) =>
    runSafe(connection, 'signature help', null, token, () =>
      withModel(p.textDocument.uri, null, (model, service) => signatureHelp(service, model, p.position)),
    ),
  );
  connection.onCodeAction((p, token) =>
    runSafe(connection, 'code actions', [], token, () =>
      withModel(p.textDocument.uri, [], (model, service) => {
        const ours = p.context.diagnostics.filter((diagnostic) => diagnostic.source === 'scim-mapper');
        const byIdentity = new Map(ours.map((diagnostic) => [fromLspDiagnostic(diagnostic), diagnostic] as const));
        const diagnostics = [...byIdentity.keys()];
        const actions = [
          ...codeActions(service, model, p.range, diagnostics),
          ...suppressionCodeActions(service, model, p.range, diagnostics),
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
      withModel(p.textDocument.uri, [], (model, service) => documentSymbols(service, model).map(toLspSymbol)),
    ),
  );
  connection.onFoldingRanges((p, token) =>
    runSafe(connection, 'folding', [], token, () =>
      withModel(p.textDocument.uri, [], (model, service) => foldingRanges(service, model)),
    ),
  );
  connection.onDocumentFormatting((p, token) =>
    runSafe(connection, 'formatting', [], token, () =>
      withModel(p.textDocument.uri, [], (model, service) =>
        format(service, model, {
          tabSize: p.options.tabSize,
          insertSpaces: p.options.insertSpaces,
          insertFinalNewline: p.options.insertFinalNewline,
        }),
      ),
    ),
  );
  connection.onDocumentRangeFormatting((p, token) =>
    runSafe(connection, 'range formatting', [], token, () =>
      withModel(p.textDocument.uri, [], (model, service) =>
        format(service, model, { tabSize: p.options.tabSize, insertSpaces: p.options.insertSpaces }, p.range),
      ),
    ),
  );
  connection.onDocumentLinks((p, token) =>
    runSafe(connection, 'links', [], token, () =>
      withModel(p.textDocument.uri, [], (model, service) => documentLinks(service, model)),
    ),
  );
  connection.onDefinition((p, token) =>
    runSafe(connection, 'definition', null, token, () =>
      withModel(p.textDocument.uri, null, (model, service) => definition(service, model, p.position)),
    ),
  );
  connection.languages.semanticTokens.on((p, token) =>
    runSafe(connection, 'semantic tokens', { data: [] }, token, () =>
      withModel(p.textDocument.uri, { data: [] }, (model, service) => ({ data: semanticTokens(service, model).data })),
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
