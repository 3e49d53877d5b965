/**
 * Which files the language server may read, and which settings it honours, given the workspace
 * and its trust. A mapping file under review can name any path as its scope file; in the editor
 * reads stay inside the workspace folders (real paths, so a symlink out of the workspace is
 * refused too) unless `scimMapper.files.allowOutsideWorkspace` is set in a trusted workspace.
 * In an untrusted workspace (the client says so at start) neither that setting nor a larger
 * `maxDocumentLength` applies, whatever the workspace's settings say.
 */
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import type { InitializeParams } from 'vscode-languageserver';
import { localPathOf } from '../host/readFileSafely';
import { DEFAULT_MAX_DOCUMENT_LENGTH, type ServiceSettings } from '../service/languageService';
import type { ClientSettings } from './settings';

function realPathOf(uri: string): string | undefined {
  const path = localPathOf(uri);
  if (path === undefined) return undefined;
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

export class WorkspaceAccess {
  private folders: string[] = [];
  private trusted = true;
  private allowOutside = false;

  /** `openUris` lists the open documents: without a workspace folder, their folders are the roots. */
  constructor(private readonly openUris: () => readonly string[]) {}

  /**
   * `restrictToWorkspace` (VS Code's client sends it) confines a session without workspace folders
   * to the folders of its open files; other editors without folders read any local file, as the CLI does.
   */
  private confineWithoutFolders = false;

  initialize(params: InitializeParams, trusted: boolean, restrictToWorkspace = false): void {
    this.trusted = trusted;
    this.confineWithoutFolders = restrictToWorkspace;
    const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.folders = uris.map(realPathOf).filter((p): p is string => p !== undefined);
  }

  /** The service settings as the workspace's trust allows them; records the path-widening setting. */
  restrict(settings: ServiceSettings, client: ClientSettings | undefined): ServiceSettings {
    this.allowOutside = this.trusted && client?.files?.allowOutsideWorkspace === true;
    if (!this.trusted && settings.maxDocumentLength !== undefined && settings.maxDocumentLength > DEFAULT_MAX_DOCUMENT_LENGTH) {
      return { ...settings, maxDocumentLength: DEFAULT_MAX_DOCUMENT_LENGTH };
    }
    return settings;
  }

  /** The real folders reads must stay in, or undefined when any local file may be read. */
  roots(): readonly string[] | undefined {
    if (this.allowOutside) return undefined;
    if (this.folders.length > 0) return this.folders;
    if (!this.confineWithoutFolders) return undefined;
    // A single file opened without a folder: its own folder (and below) is the workspace.
    const dirs = new Set<string>();
    for (const uri of this.openUris()) {
      const real = realPathOf(uri);
      if (real !== undefined) dirs.add(dirname(real));
    }
    return [...dirs];
  }
}
