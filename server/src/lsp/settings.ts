import type { ServiceSettings } from '../service/languageService';
import type { SeveritySetting } from '../service/rules/types';

const LEVELS = new Set<SeveritySetting>(['off', 'hint', 'information', 'warning', 'error']);

/** The `scimMapper` configuration section as editors send it. */
export interface ClientSettings {
  rules?: Record<string, unknown>;
  sampleUser?: string;
  trace?: { server?: string };
  /** `scimMapper.graph.target`: auto, aws or other. */
  graph?: { target?: unknown };
  /** `scimMapper.maxDocumentLength`: files longer than this many characters are not checked. */
  maxDocumentLength?: unknown;
  /** `scimMapper.files.allowOutsideWorkspace`: read scope and sample files outside the workspace (trusted workspaces only). */
  files?: { allowOutsideWorkspace?: unknown };
}

/** Turns the editor's settings into service settings, ignoring values that are not levels. */
export function toServiceSettings(settings: ClientSettings | undefined): ServiceSettings {
  const rules: Record<string, SeveritySetting> = {};
  for (const [code, level] of Object.entries(settings?.rules ?? {})) {
    if (typeof level === 'string' && LEVELS.has(level as SeveritySetting)) rules[code] = level as SeveritySetting;
  }
  const target = settings?.graph?.target;
  const graphTarget = target === 'aws' || target === 'other' || target === 'auto' ? target : undefined;
  const result: ServiceSettings = graphTarget ? { rules, graphTarget } : { rules };
  const limit = settings?.maxDocumentLength;
  if (typeof limit === 'number' && Number.isFinite(limit) && limit > 0) result.maxDocumentLength = Math.floor(limit);
  return result;
}

/**
 * The editor's settings by document. With configuration pull, each open document's settings are
 * asked for with its URI as the scope, so folder settings (per-folder rule severities) apply to
 * it; until they arrive, and for documents that are not open, the global settings do. One store
 * for diagnostics and every request (see ServerContext.serviceFor).
 */
export class DocumentSettings {
  private global: ServiceSettings = {};
  private readonly byDocument = new Map<string, ServiceSettings>();

  /** The settings the document `uri` is checked and evaluated with. */
  of(uri: string): ServiceSettings {
    return this.byDocument.get(uri) ?? this.global;
  }

  get globalSettings(): ServiceSettings {
    return this.global;
  }

  setGlobal(settings: ServiceSettings): void {
    this.global = settings;
  }

  /** Records an open document's own settings; true when they differ from what it had. */
  setDocument(uri: string, settings: ServiceSettings): boolean {
    const before = JSON.stringify(this.of(uri));
    this.byDocument.set(uri, settings);
    return JSON.stringify(settings) !== before;
  }

  /** A closed document falls back to the global settings. */
  forget(uri: string): void {
    this.byDocument.delete(uri);
  }
}
