/**
 * Editor features of the language service, as plain functions of
 * `(service, uri, text, ...)`. They read the service's cached model (`service.getDocument`) and
 * return LSP-shaped plain data; the LSP layer only routes requests here and maps the string
 * kinds to LSP's numbers (lsp/convert.ts).
 */
export { complete, COMPLETION_TRIGGER_CHARACTERS, functionSnippet, snippetLiteral } from './completion';
export { hover } from './hover';
export { signatureHelp, SIGNATURE_TRIGGER_CHARACTERS, SIGNATURE_RETRIGGER_CHARACTERS, replaceMode } from './signatureHelp';
export { codeActions, editsFor, type FixableDiagnostic } from './codeActions';
export { documentSymbols, foldingRanges } from './outline';
export { format } from './format';
export { documentLinks, definition } from './links';
export { semanticTokens, SEMANTIC_TOKENS_LEGEND, SEMANTIC_TOKEN_TYPES, SEMANTIC_TOKEN_MODIFIERS } from './semanticTokens';
export { inferFormatting, type DocumentFormatting } from './jsonText';
export * from './types';
