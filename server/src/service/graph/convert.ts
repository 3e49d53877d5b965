/**
 * The conversions as the CLI and the language server call them: text in, text and problems out.
 */
import type { LanguageService } from '../languageService';
import type { GraphDocument, MappingDocument } from '../model/types';
import { graphToMapping, type GraphToMappingResult } from './toMapping';
import { mappingToGraph, type MappingToGraphResult } from './write';

/** A mapping file (its scope files read through the service's host) → a Graph schema. */
export function convertMappingToGraph(
  service: LanguageService,
  uri: string,
  text: string,
  options: { baseText?: string } = {},
): MappingToGraphResult {
  const document = service.getDocument(uri, text, 'mapping') as MappingDocument;
  return mappingToGraph(document, {
    catalog: service.catalog,
    resolveScope: (path) => service.resolveScope(uri, path),
    baseText: options.baseText,
  });
}

/** A Graph schema → a mapping file (scopes inline, or as scope files named after `scopeFileStem`). */
export function convertGraphToMapping(
  service: LanguageService,
  uri: string,
  text: string,
  options: { scopeFileStem?: string } = {},
): GraphToMappingResult {
  const document = service.getDocument(uri, text, 'graph') as GraphDocument;
  return graphToMapping(document, { catalog: service.catalogFor(document), scopeFileStem: options.scopeFileStem });
}
