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
