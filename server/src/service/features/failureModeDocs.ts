/**
 * Hover notes from the catalog's failure modes (aws/failure-modes.md): operational facts no check
 * can catch from a file, such as the SCIM token's expiry and the identity store's quotas, shown
 * where a user looks at the provisioning target. Medium-confidence facts carry the catalog's note.
 */
import type { CatalogIndex } from '../catalog/lookup';
import { escapeMarkdown, sourcesLine } from './markdown';

/** Failure modes shown on the top-level `"target": "aws-iam-identity-center"`. */
const TARGET_NOTES = ['token-expiry', 'quotas'];

export function failureModeNotes(catalog: CatalogIndex, ids: readonly string[] = TARGET_NOTES): string | undefined {
  const parts: string[] = [];
  for (const id of ids) {
    const mode = catalog.failureMode(id);
    if (!mode) continue;
    const unsure = mode.confidence !== 'high' && mode.note ? ` ⚠️ ${escapeMarkdown(mode.note)}` : '';
    parts.push(
      [`**${escapeMarkdown(mode.title)}.** ${escapeMarkdown(mode.summary)}${unsure}`, sourcesLine(catalog, mode.sources)]
        .filter(Boolean)
        .join('\n\n'),
    );
  }
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}
