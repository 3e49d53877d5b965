/**
 * Editor features of the language service, as plain functions of `(service, document, ...)`:
 * `document` is the model the caller opened once with `service.open(uri, text, kind)` (the LSP
 * layer with the kind of the client's language, the CLI from the file name or content), so no
 * feature resolves a document's kind or re-opens it. Features that ask where the cursor is go
 * through cursor.ts (`locate`: one `Place` for all three formats). They return LSP-shaped plain
 * data; the LSP layer only routes requests here and maps the string kinds to LSP's numbers
 * (lsp/convert.ts).
 */
export { complete, COMPLETION_TRIGGER_CHARACTERS, functionSnippet, snippetToPlainText } from './completion';
export { hover } from './hover';
export { signatureHelp, SIGNATURE_TRIGGER_CHARACTERS, SIGNATURE_RETRIGGER_CHARACTERS, replaceMode } from './signatureHelp';
export { codeActions, editsFor, type FixableDiagnostic } from './codeActions';
export { suppressionCodeActions } from './suppressionActions';
export { documentSymbols, foldingRanges } from './outline';
export { format } from './format';
export { documentLinks, definition } from './links';
export { semanticTokens, SEMANTIC_TOKENS_LEGEND, SEMANTIC_TOKEN_TYPES, SEMANTIC_TOKEN_MODIFIERS } from './semanticTokens';
export { inferFormatting, type DocumentFormatting } from './jsonText';
export * from './types';
