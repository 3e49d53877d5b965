/**
 * What the language server's handlers share: the connection, the open documents and the service.
 * Its own module, built by startServer.ts and read by the feature and request handlers it
 * registers, so that no handler imports startServer.ts (no import cycle, type-only included).
 */
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { createFileHost } from '../host/fileHost';
import type { LanguageService } from '../service/languageService';
import type { ModelDocument } from '../service/model/types';

export interface ServerContext {
  connection: Connection;
  /** Reads files for features (scope-path completion, samples) within the workspace. */
  host: ReturnType<typeof createFileHost>;
  documents: TextDocuments<TextDocument>;
  service: LanguageService;
  kindOf(document: TextDocument): ModelDocument['kind'] | undefined;
  /**
   * The service with the settings of the document `uri` (its workspace folder's rule severities
   * and limits, restricted by workspace trust): diagnostics and every request that checks or
   * evaluates a document (dry run, live values, evaluation, conversion, tenant plans) go through
   * here, so they all see the document as its diagnostics do.
   */
  serviceFor(uri: string): LanguageService;
  /** Validates a mapping or scope file again (push) or asks the client to pull (pull). */
  revalidate(uri: string): void;
}
