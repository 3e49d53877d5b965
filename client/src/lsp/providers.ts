import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';
import {
  asCodeAction,
  asCompletionList,
  asDefinition,
  asDocumentLink,
  asDocumentSymbols,
  asFoldingRange,
  asHover,
  asInlayHint,
  asSemanticTokens,
  asSignatureHelp,
  asTextEdit,
  fromFormattingOptions,
  fromPosition,
  fromRange,
  fromSignatureHelp,
} from './convert';
import type { Diagnostics } from './diagnostics';

/** Sends a request for a provider; undefined when it fails or was cancelled (the provider shows nothing). */
export type ProviderRequest = <R>(method: string, params: unknown, token: vscode.CancellationToken) => Promise<R | undefined>;

export interface ProviderContext {
  selector: vscode.DocumentSelector;
  request: ProviderRequest;
  diagnostics: Diagnostics;
  /** Fire when the server asks the editor to fetch inlay hints or semantic tokens again. */
  inlayHintsChanged: vscode.Event<void>;
  semanticTokensChanged: vscode.Event<void>;
}

const textDocument = (document: vscode.TextDocument): lsp.TextDocumentIdentifier => ({ uri: document.uri.toString() });
const at = (document: vscode.TextDocument, position: vscode.Position): lsp.TextDocumentPositionParams => ({ textDocument: textDocument(document), position: fromPosition(position) });

/**
 * Registers a VS Code provider for each feature the server announced in its capabilities, and for
 * nothing else. Each provider turns the editor's call into the LSP request and the answer back
 * into VS Code's types. The returned disposables unregister them when the server stops.
 */
export function registerProviders(capabilities: lsp.ServerCapabilities, context: ProviderContext): vscode.Disposable[] {
  const { selector, request, diagnostics } = context;
  const languages = vscode.languages;
  const registered: vscode.Disposable[] = [];

  const completion = capabilities.completionProvider;
  if (completion) {
    const provider: vscode.CompletionItemProvider = {
      async provideCompletionItems(document, position, token, completionContext) {
        // LSP numbers the trigger kinds from 1, VS Code from 0.
        const lspContext: lsp.CompletionContext = { triggerKind: (completionContext.triggerKind + 1) as lsp.CompletionTriggerKind, triggerCharacter: completionContext.triggerCharacter };
        const result = await request<lsp.CompletionList | lsp.CompletionItem[] | null>('textDocument/completion', { ...at(document, position), context: lspContext }, token);
        return result ? asCompletionList(result) : undefined;
      },
    };
    registered.push(languages.registerCompletionItemProvider(selector, provider, ...(completion.triggerCharacters ?? [])));
  }

  if (capabilities.hoverProvider) {
    registered.push(
      languages.registerHoverProvider(selector, {
        async provideHover(document, position, token) {
          const result = await request<lsp.Hover | null>('textDocument/hover', at(document, position), token);
          return result ? asHover(result) : undefined;
        },
      }),
    );
  }

  const signatureHelp = capabilities.signatureHelpProvider;
  if (signatureHelp) {
    const provider: vscode.SignatureHelpProvider = {
      async provideSignatureHelp(document, position, token, helpContext) {
        const lspContext: lsp.SignatureHelpContext = {
          triggerKind: helpContext.triggerKind as lsp.SignatureHelpTriggerKind,
          triggerCharacter: helpContext.triggerCharacter,
          isRetrigger: helpContext.isRetrigger,
          activeSignatureHelp: helpContext.activeSignatureHelp && fromSignatureHelp(helpContext.activeSignatureHelp),
        };
        const result = await request<lsp.SignatureHelp | null>('textDocument/signatureHelp', { ...at(document, position), context: lspContext }, token);
        return result ? asSignatureHelp(result) : undefined;
      },
    };
    const metadata: vscode.SignatureHelpProviderMetadata = { triggerCharacters: signatureHelp.triggerCharacters ?? [], retriggerCharacters: signatureHelp.retriggerCharacters ?? [] };
    registered.push(languages.registerSignatureHelpProvider(selector, provider, metadata));
  }

  const codeActions = capabilities.codeActionProvider;
  if (codeActions) {
    const provider: vscode.CodeActionProvider = {
      async provideCodeActions(document, range, actionContext, token) {
        const params: lsp.CodeActionParams = {
          textDocument: textDocument(document),
          range: fromRange(range),
          context: {
            diagnostics: actionContext.diagnostics.map((diagnostic) => diagnostics.toLsp(diagnostic)),
            only: actionContext.only ? [actionContext.only.value] : undefined,
            triggerKind: actionContext.triggerKind as lsp.CodeActionTriggerKind,
          },
        };
        const result = await request<(lsp.Command | lsp.CodeAction)[] | null>('textDocument/codeAction', params, token);
        return result?.map((item) => asCodeAction(item, (named) => diagnostics.fromLsp(named, actionContext.diagnostics)));
      },
    };
    const kinds = typeof codeActions === 'object' ? codeActions.codeActionKinds : undefined;
    registered.push(languages.registerCodeActionsProvider(selector, provider, { providedCodeActionKinds: kinds?.map((kind) => vscode.CodeActionKind.Empty.append(kind)) }));
  }

  if (capabilities.documentSymbolProvider) {
    registered.push(
      languages.registerDocumentSymbolProvider(selector, {
        async provideDocumentSymbols(document, token) {
          const result = await request<lsp.DocumentSymbol[] | lsp.SymbolInformation[] | null>('textDocument/documentSymbol', { textDocument: textDocument(document) }, token);
          return result ? asDocumentSymbols(result) : undefined;
        },
      }),
    );
  }

  if (capabilities.foldingRangeProvider) {
    registered.push(
      languages.registerFoldingRangeProvider(selector, {
        async provideFoldingRanges(document, _context, token) {
          const result = await request<lsp.FoldingRange[] | null>('textDocument/foldingRange', { textDocument: textDocument(document) }, token);
          return result?.map(asFoldingRange);
        },
      }),
    );
  }

  if (capabilities.documentFormattingProvider) {
    registered.push(
      languages.registerDocumentFormattingEditProvider(selector, {
        async provideDocumentFormattingEdits(document, options, token) {
          const params: lsp.DocumentFormattingParams = { textDocument: textDocument(document), options: fromFormattingOptions(options, document) };
          const result = await request<lsp.TextEdit[] | null>('textDocument/formatting', params, token);
          return result?.map(asTextEdit);
        },
      }),
    );
  }

  if (capabilities.documentRangeFormattingProvider) {
    registered.push(
      languages.registerDocumentRangeFormattingEditProvider(selector, {
        async provideDocumentRangeFormattingEdits(document, range, options, token) {
          const params: lsp.DocumentRangeFormattingParams = { textDocument: textDocument(document), range: fromRange(range), options: fromFormattingOptions(options, document) };
          const result = await request<lsp.TextEdit[] | null>('textDocument/rangeFormatting', params, token);
          return result?.map(asTextEdit);
        },
      }),
    );
  }

  if (capabilities.documentLinkProvider) {
    registered.push(
      languages.registerDocumentLinkProvider(selector, {
        async provideDocumentLinks(document, token) {
          const result = await request<lsp.DocumentLink[] | null>('textDocument/documentLink', { textDocument: textDocument(document) }, token);
          return result?.map(asDocumentLink);
        },
      }),
    );
  }

  if (capabilities.definitionProvider) {
    registered.push(
      languages.registerDefinitionProvider(selector, {
        async provideDefinition(document, position, token) {
          const result = await request<lsp.Definition | lsp.LocationLink[] | null>('textDocument/definition', at(document, position), token);
          return result ? asDefinition(result) : undefined;
        },
      }),
    );
  }

  const semanticTokens = capabilities.semanticTokensProvider;
  if (semanticTokens?.full) {
    const legend = new vscode.SemanticTokensLegend(semanticTokens.legend.tokenTypes, semanticTokens.legend.tokenModifiers);
    const provider: vscode.DocumentSemanticTokensProvider = {
      onDidChangeSemanticTokens: context.semanticTokensChanged,
      async provideDocumentSemanticTokens(document, token) {
        const result = await request<lsp.SemanticTokens | null>('textDocument/semanticTokens/full', { textDocument: textDocument(document) }, token);
        return result ? asSemanticTokens(result) : undefined;
      },
    };
    registered.push(languages.registerDocumentSemanticTokensProvider(selector, provider, legend));
  }

  if (capabilities.inlayHintProvider) {
    const provider: vscode.InlayHintsProvider = {
      onDidChangeInlayHints: context.inlayHintsChanged,
      async provideInlayHints(document, range, token) {
        const params: lsp.InlayHintParams = { textDocument: textDocument(document), range: fromRange(range) };
        const result = await request<lsp.InlayHint[] | null>('textDocument/inlayHint', params, token);
        return result?.map(asInlayHint);
      },
    };
    registered.push(languages.registerInlayHintsProvider(selector, provider));
  }

  return registered;
}
