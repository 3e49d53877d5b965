import type { ServiceSettings } from '../service/languageService';
import type { SeveritySetting } from '../service/rules/types';

const LEVELS = new Set<SeveritySetting>(['off', 'hint', 'information', 'warning', 'error']);

/** The `scimMapper` configuration section as editors send it. */
export interface ClientSettings {
  rules?: Record<string, unknown>;
  sampleUser?: string;
  trace?: { server?: string };
}

/** Turns the editor's settings into service settings, ignoring values that are not levels. */
export function toServiceSettings(settings: ClientSettings | undefined): ServiceSettings {
  const rules: Record<string, SeveritySetting> = {};
  for (const [code, level] of Object.entries(settings?.rules ?? {})) {
    if (typeof level === 'string' && LEVELS.has(level as SeveritySetting)) rules[code] = level as SeveritySetting;
  }
  return { rules };
}
