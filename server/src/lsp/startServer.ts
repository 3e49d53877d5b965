import { createFileHost } from '../host/fileHost';
import { WorkspaceAccess } from './workspaceAccess';
import {
  DidChangeConfigurationNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { catalogs } from '../service/catalog';
import { LanguageService, resolveRelativeUri } from '../service/languageService';
import { documentKindOf } from '../service/model/parse';
import type { ModelDocument } from '../service/model/types';
import { toLspDiagnostic } from './convert';
import { registerFeatures } from './features';
import { runSafe, runSafeVoid } from './runSafe';
import type { ServerContext } from './serverContext';
import { DocumentSettings, toServiceSettings, type ClientSettings } from './settings';
import { projectSettingsReader } from '../host/projectConfigFiles';

/** Language ids the client registers; other editors may send the file name alone. */
const KIND_BY_LANGUAGE: Record<string, ModelDocument['kind']> = {
  'scim-mapping': 'mapping',
  'scim-scope': 'scope',
  'scim-graph-schema': 'graph',
};

/** How long to wait after a change before re-checking, so a burst of keystrokes costs one run. */
const VALIDATION_DELAY_MS = 40;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const access = new WorkspaceAccess(() => documents.keys());
  const projectConfigs = projectSettingsReader(() => access.roots());
  // Open documents win over the disk, so an unsaved scope file is what the mapping sees. Files on
  // disk are read only inside the workspace (server/src/host/readFileSafely.ts).
  const host = createFileHost({ roots: () => access.roots(), openText: (uri) => documents.get(uri)?.getText() });
  // The nearest .scim-mapper.json(c) wins over the editor's settings where both speak.
  const service = new LanguageService({
    catalogs,
    host: Object.assign(host, { projectSettings: (uri: string) => projectConfigs.read(uri) }),
    clock: Date.now,
  });

  let pullDiagnostics = false;
  let configurationPull = false;
  const pending = new Map<string, NodeJS.Timeout>();
  /** scope-file URI → mapping URIs that use it, so a scope change re-checks its mappings. */
  const dependents = new Map<string, Set<string>>();

  const kindOf = (document: TextDocument): ModelDocument['kind'] | undefined =>
    KIND_BY_LANGUAGE[document.languageId] ?? documentKindOf(document.uri);

  const recordDependencies = (model: ModelDocument): void => {
    for (const set of dependents.values()) set.delete(model.uri);
    if (model.kind !== 'mapping') return;
    for (const object of model.objects) {
      if (object.scope?.kind !== 'path') continue;
      const scopeUri = resolveRelativeUri(model.uri, object.scope.path.value);
      const set = dependents.get(scopeUri) ?? new Set<string>();
      set.add(model.uri);
      dependents.set(scopeUri, set);
    }
  };

  const settings = new DocumentSettings();
  /** Asks for an open document's own settings (its URI as the scope); true when they changed. */
  const loadDocumentSettings = async (uri: string): Promise<boolean> => {
    if (!configurationPull) return false;
    const raw = (await connection.workspace.getConfiguration({ scopeUri: uri, section: 'scimMapper' })) as ClientSettings;
    // Folder settings pass through the same workspace-trust restrictions as the global ones.
    return !!documents.get(uri) && settings.setDocument(uri, access.restrict(toServiceSettings(raw), raw));
  };
  /** The one place the service takes a document's settings (see ServerContext.serviceFor). */
  const serviceFor = (uri: string): LanguageService => {
    service.updateSettings(settings.of(uri));
    return service;
  };

  const diagnose = (document: TextDocument) => {
    const kind = kindOf(document);
    if (!kind) return [];
    serviceFor(document.uri);
    // A check looks at the disk for project configs once; requests in between use what it found.
    projectConfigs.invalidate();
    const diagnostics = service.validate(document.uri, document.getText(), kind);
    const model = service.getDocument(document.uri, document.getText(), kind);
    if (model) recordDependencies(model);
    return diagnostics.map(toLspDiagnostic);
  };

  const publish = (uri: string): void => {
    pending.delete(uri);
    const document = documents.get(uri);
    if (!document) return;
    runSafeVoid(connection, 'diagnostics', () => {
      void connection.sendDiagnostics({ uri, version: document.version, diagnostics: diagnose(document) });
    });
  };

  const schedule = (uri: string, delay = VALIDATION_DELAY_MS): void => {
    if (pullDiagnostics) return;
    const timer = pending.get(uri);
    if (timer) clearTimeout(timer);
    pending.set(
      uri,
      setTimeout(() => publish(uri), delay),
    );
  };
  /** Documents opened but not yet scheduled: an opened file is checked at once, edits after a pause. */
  const justOpened = new Set<string>();

  const revalidateDependents = (scopeUri: string): void => {
    const mappings = dependents.get(scopeUri);
    if (!mappings?.size) return;
    if (pullDiagnostics) {
      void connection.languages.diagnostics.refresh();
      return;
    }
    for (const uri of mappings) schedule(uri);
  };

  const context: ServerContext = {
    connection,
    host,
    documents,
    service,
    kindOf,
    serviceFor,
    revalidate: (uri) => (pullDiagnostics ? void connection.languages.diagnostics.refresh() : schedule(uri)),
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const capabilities = params.capabilities;
    pullDiagnostics = !!capabilities.textDocument?.diagnostic;
    configurationPull = !!capabilities.workspace?.configuration;
    const options = params.initializationOptions as
      { settings?: ClientSettings; workspaceTrusted?: boolean; restrictToWorkspace?: boolean } | undefined;
    access.initialize(params, options?.workspaceTrusted !== false, options?.restrictToWorkspace === true);
    const initial = options?.settings;
    if (initial) {
      settings.setGlobal(access.restrict(toServiceSettings(initial), initial));
      service.updateSettings(settings.globalSettings);
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {}),
        ...registerFeatures(context, params),
      },
      serverInfo: { name: 'scim-mapper-language-server', version: '0.1.0' },
    };
  });

  const refreshSettings = async (pushed?: ClientSettings): Promise<void> => {
    let raw = pushed;
    if (configurationPull) {
      raw = (await connection.workspace.getConfiguration({ section: 'scimMapper' })) as ClientSettings;
    }
    settings.setGlobal(access.restrict(toServiceSettings(raw), raw));
    service.updateSettings(settings.globalSettings);
    await Promise.all(documents.all().map((document) => loadDocumentSettings(document.uri)));
    if (pullDiagnostics) void connection.languages.diagnostics.refresh();
    else for (const document of documents.all()) schedule(document.uri);
  };

  connection.onInitialized(() => {
    if (configurationPull) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'scimMapper' });
      void refreshSettings();
    }
  });

  connection.onDidChangeConfiguration((change) => {
    const pushed = (change.settings as { scimMapper?: ClientSettings } | undefined)?.scimMapper;
    refreshSettings(pushed).catch((error) => connection.console.error(`settings: ${String(error)}`));
  });

  connection.languages.diagnostics.on((params, token) =>
    runSafe(connection, 'pull diagnostics', { kind: 'full' as const, items: [] }, token, () => {
      const document = documents.get(params.textDocument.uri);
      return { kind: 'full' as const, items: document ? diagnose(document) : [] };
    }),
  );

  documents.onDidOpen((event) => {
    const uri = event.document.uri;
    justOpened.add(uri);
    loadDocumentSettings(uri)
      .then((changed) => changed && context.revalidate(uri))
      .catch((error) => connection.console.error(`settings: ${String(error)}`));
  });

  documents.onDidChangeContent((change) => {
    schedule(change.document.uri, justOpened.delete(change.document.uri) ? 0 : VALIDATION_DELAY_MS);
    if (kindOf(change.document) === 'scope') revalidateDependents(change.document.uri);
  });

  documents.onDidClose((event) => {
    const uri = event.document.uri;
    const timer = pending.get(uri);
    if (timer) clearTimeout(timer);
    pending.delete(uri);
    service.forget(uri);
    settings.forget(uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics: [] });
    // A closed scope file is read from disk again: its mappings may see other content now.
    revalidateDependents(uri);
  });

  connection.onDidChangeWatchedFiles((params) => {
    runSafeVoid(connection, 'watched files', () => {
      for (const change of params.changes) revalidateDependents(change.uri);
      // A project config changes what every open file below it reports.
      if (params.changes.some((change) => /\/\.scim-mapper\.jsonc?$/.test(change.uri))) {
        projectConfigs.invalidate();
        for (const document of documents.all()) context.revalidate(document.uri);
      }
    });
  });

  documents.listen(connection);
  connection.listen();
}
