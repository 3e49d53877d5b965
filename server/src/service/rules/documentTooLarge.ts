import type { Rule } from './types';

/**
 * A file SCIM Mapper does not read: larger than `ServiceSettings.maxDocumentLength` (default
 * DEFAULT_MAX_DOCUMENT_LENGTH characters) or nesting values deeper than MAX_JSON_DEPTH levels.
 * Answering on such a file would freeze an editor (or overflow the stack) for no useful result;
 * this says so once, at the start of the file or where the nesting passes the limit.
 */
export const documentTooLarge: Rule = {
  code: 'document-too-large',
  defaultSeverity: 'error',
  documents: ['mapping', 'scope'],
  description:
    'The file is too large or too deeply nested to be checked (more characters than `scimMapper.maxDocumentLength` allows, or values nested more than 256 levels deep).',
  check(context) {
    for (const problem of context.document.syntaxErrors) {
      if (problem.tooLarge) context.report({ code: this.code, message: problem.message, span: problem.span });
    }
  },
};
