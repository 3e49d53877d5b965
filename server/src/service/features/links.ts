/**
 * Scope-file paths in mapping files: document links and go-to-definition. The path resolves
 * against the mapping file's URI exactly as validation resolves it.
 */
import { resolveRelativeUri, type LanguageService } from '../languageService';
import type { MappingDocument, ModelDocument } from '../model/types';
import type { Position } from '../text/lineIndex';
import { contentSpan, locate } from './cursor';
import type { DocumentLink, Location } from './types';

export function documentLinks(_service: LanguageService, document: ModelDocument): DocumentLink[] {
  if (document.kind !== 'mapping') return [];
  const links: DocumentLink[] = [];
  for (const object of (document as MappingDocument).objects) {
    const scope = object.scope;
    if (scope?.kind !== 'path' || scope.path.value.trim().length === 0) continue;
    // Only a file: target is a link. Editors open link targets with commands enabled, so a scope
    // string such as "command:…" or "https:…" must never come back as one (nor a UNC path).
    const target = resolveRelativeUri(document.uri, scope.path.value);
    if (!isFileLinkTarget(target)) continue;
    links.push({
      range: document.lines.rangeOf(contentSpan(document.text, scope.path.node)),
      target,
      tooltip: `Open the ${object.object} scope file`,
    });
  }
  return links;
}

/** The scope file a scope path points to (its start), when the file exists. */
export function definition(service: LanguageService, document: ModelDocument, position: Position): Location | null {
  const { place } = locate(service, document, position);
  if (place.kind !== 'scope-path') return null;
  const path = String(place.node.value ?? '');
  if (path.trim().length === 0) return null;
  const resolution = service.resolveScope(document.uri, path);
  if (resolution.status === 'missing' || !isFileLinkTarget(resolution.uri)) return null;
  const start = { line: 0, character: 0 };
  return { uri: resolution.uri, range: { start, end: start } };
}

/** A local file URI: `file:///…` (no host, so no other computer). */
function isFileLinkTarget(target: string): boolean {
  return /^file:\/\/\//i.test(target);
}
