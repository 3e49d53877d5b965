/**
 * Quick fixes, built only from `diagnostic.data.fixes` (never from messages). Each FixData variant
 * becomes a minimal edit of the current text that keeps it valid JSON(C) and keeps the layout and
 * comments of everything it does not change.
 *
 * A fix is offered only while the document still produces it: the rule named by the diagnostic's
 * code is run again on the cached model (once per document version and code) and the fix must be
 * among its results. That makes a stale diagnostic, such as one whose fix was just applied, a
 * no-op instead of an edit at offsets that no longer mean the same thing.
 *
 * Code actions do not ask where the cursor is (cursor.ts): the request's range only selects the
 * diagnostics it touches, and every edit is located by the fix's own data (a span, a JSON path,
 * an object and mapping index, a target name), which the rule computed when it reported.
 */
import type { CatalogIndex } from '../catalog/lookup';
import type { ObjectKind } from '../catalog/types';
import type { LanguageService } from '../languageService';
import { parseExpression } from '../expression/parser';
import { graphAttributeMapping } from '../graph/write';
import type { AttributeMappingModel, MappingLikeDocument, ModelDocument, ObjectMappingModel } from '../model/types';
import { RULES_BY_CODE } from '../rules';
import type { Finding, FixData } from '../rules/types';
import { MATCHING_TARGET } from '../rules/util';
import type { Range } from '../text/lineIndex';
import { rangesTouch } from './cursor';
import { propertyNode } from '../model/jsonNodes';
import {
  appendMember,
  removeAtPath,
  removeMember,
  renderBlock,
  renderInline,
  setAtPath,
  setMember,
  type Edit,
} from './jsonEdits';
import { inferFormatting, nodeEnd, onSameLine, type DocumentFormatting } from './jsonText';
import { galleryExpression } from './markdown';
import type { CodeAction, TextEdit } from './types';

/** What code actions read from a diagnostic: its code, range and quick-fix data. */
export interface FixableDiagnostic {
  code?: string | number;
  range: Range;
  data?: unknown;
}

export function codeActions<D extends FixableDiagnostic>(
  service: LanguageService,
  document: ModelDocument,
  range: Range,
  diagnostics: readonly D[],
): CodeAction<D>[] {
  let format: DocumentFormatting | undefined;
  const actions: CodeAction<D>[] = [];
  for (const diagnostic of diagnostics) {
    const fixes = fixesOf(diagnostic);
    if (fixes.length === 0 || !rangesTouch(diagnostic.range, range)) continue;
    const current = currentFixes(service, document, String(diagnostic.code ?? ''));
    for (const fix of fixes) {
      if (current && !current.has(placedFixKey(fix, diagnostic.range))) continue;
      format ??= inferFormatting(document.text);
      const edits = editsFor(service.catalogFor(document), document, fix, format);
      if (edits.length === 0) continue;
      actions.push({
        title: fix.title,
        kind: 'quickfix',
        diagnostics: [diagnostic],
        edit: { changes: { [document.uri]: toTextEdits(document, edits) } },
        isPreferred: fixes.length === 1,
      });
    }
  }
  return actions;
}

/** The edits one fix makes to a document, as offsets into its text; empty when there is nothing left to do. */
export function editsFor(catalog: CatalogIndex, document: ModelDocument, fix: FixData, format: DocumentFormatting): Edit[] {
  const text = document.text;
  switch (fix.fix) {
    case 'replace': {
      const { start, end } = fix.span;
      if (start < 0 || end > text.length || end < start || text.slice(start, end) === fix.newText) return [];
      return [{ offset: start, length: end - start, content: fix.newText }];
    }
    case 'remove-mapping': {
      const mappings = objectOf(document, fix.object)?.mappingsNode;
      if (mappings?.type !== 'array' || !mappings.children?.[fix.index]) return [];
      return removeMember(text, mappings, fix.index);
    }
    case 'add-mapping': {
      const object = objectOf(document, fix.object);
      if (object?.mappings.some((m) => m.target?.value === fix.target)) return [];
      // A bare name (the catalog's gallery default, e.g. `surname`) is not an expression; it means `[surname]`.
      // An optional `matchingPrecedence` in the data (not yet in FixData's type) is written too.
      const precedence = (fix as { matchingPrecedence?: unknown }).matchingPrecedence;
      const mapping: Record<string, unknown> = { target: fix.target, source: galleryExpression(fix.source) };
      if (typeof precedence === 'number' && Number.isInteger(precedence) && precedence > 0)
        mapping.matchingPrecedence = precedence;
      if (document.kind === 'graph') {
        return addGraphMapping(
          catalog,
          document,
          fix.object,
          {
            target: fix.target,
            source: galleryExpression(fix.source),
            matchingPrecedence: mapping.matchingPrecedence as number | undefined,
          },
          format,
        );
      }
      return addMapping(document, fix.object, mapping, format);
    }
    case 'move-matching': {
      const object = objectOf(document, fix.object);
      if (!object) return [];
      const from = object.mappings[fix.fromIndex];
      const raw = from?.matchingPrecedence?.value;
      const precedence = typeof raw === 'number' && Number.isInteger(raw) && raw > 0 ? raw : 1;
      const to = mappingWithTarget(object, fix.toTarget);
      if (to && to === from) return [];
      const edits: Edit[] = [];
      if (from?.matchingPrecedence && document.kind === 'graph') {
        // Graph mappings always carry matchingPriority; 0 means "not a matching attribute".
        edits.push(...(setMember(text, from.node, 'matchingPriority', 0, format) ?? []));
      } else if (from?.matchingPrecedence) {
        const property = from.matchingPrecedence.node.parent;
        if (property) edits.push(...removeMember(text, from.node, from.node.children!.indexOf(property)));
      }
      edits.push(...setMatching(catalog, document, fix.object, fix.toTarget, precedence, format));
      return edits;
    }
    case 'add-matching':
      return setMatching(catalog, document, fix.object, fix.toTarget, 1, format);
    case 'remove-property':
      return removeAtPath(text, document.root, fix.path);
    case 'set-property':
      return setAtPath(text, document.root, fix.path, fix.value, format);
  }
}

// ---------------------------------------------------------------------------------------------

function objectOf(document: ModelDocument, object: ObjectKind): ObjectMappingModel | undefined {
  return document.kind === 'mapping' || document.kind === 'graph'
    ? (document as MappingLikeDocument).objects.find((o) => o.object === object)
    : undefined;
}

function mappingWithTarget(object: ObjectMappingModel, target: string): AttributeMappingModel | undefined {
  return object.mappings.find((m) => m.target?.value === target && m.node.type === 'object');
}

/** `matchingPrecedence` on the mapping of `target`, adding that mapping (gallery source) when absent. */
function setMatching(
  catalog: CatalogIndex,
  document: ModelDocument,
  objectKind: ObjectKind,
  target: string,
  precedence: number,
  format: DocumentFormatting,
): Edit[] {
  const object = objectOf(document, objectKind);
  const existing = object && mappingWithTarget(object, target);
  const key = document.kind === 'graph' ? 'matchingPriority' : 'matchingPrecedence';
  if (existing) {
    const property = propertyNode(existing.node, key);
    const current = property?.children?.[1]?.value;
    if (typeof current === 'number' && current === precedence) return [];
    return setMember(document.text, existing.node, key, precedence, format) ?? [];
  }
  const gallery = catalog.awsTarget(objectKind, target)?.galleryDefaultSource;
  const source = gallery
    ? galleryExpression(gallery)
    : MATCHING_TARGET[objectKind].target === target
      ? MATCHING_TARGET[objectKind].source
      : undefined;
  if (!source) return [];
  if (document.kind === 'graph')
    return addGraphMapping(catalog, document, objectKind, { target, source, matchingPrecedence: precedence }, format);
  return addMapping(document, objectKind, { target, source, matchingPrecedence: precedence }, format);
}

/** Appends a Graph attribute mapping (with its source tree) to the object's `attributeMappings`. */
function addGraphMapping(
  catalog: CatalogIndex,
  document: ModelDocument,
  objectKind: ObjectKind,
  mapping: { target: string; source: string; matchingPrecedence?: number },
  format: DocumentFormatting,
): Edit[] {
  const object = objectOf(document, objectKind);
  if (!object) return [];
  const { value } = graphAttributeMapping(
    { target: mapping.target, parsed: parseExpression(mapping.source), matchingPrecedence: mapping.matchingPrecedence },
    catalog,
  );
  if (!value.source) return [];
  const entry = value as unknown as Record<string, unknown>;
  const text = document.text;
  const mappings = object.mappingsNode;
  if (mappings?.type === 'array') {
    const edits = appendMember(text, mappings, (indent) => renderBlock(entry, indent, format), format, 'block');
    if (edits) return edits;
  }
  if (object.node.type === 'object' && !mappings) {
    const edits = appendMember(
      text,
      object.node,
      (indent) => `"attributeMappings": [${format.eol}${indent}${format.unit}${renderInline(entry)}${format.eol}${indent}]`,
      format,
      'block',
    );
    if (edits) return edits;
  }
  return [];
}

/** Appends a mapping to the object's `mappings`, in the layout of the mappings already there. */
function addMapping(
  document: ModelDocument,
  objectKind: ObjectKind,
  mapping: Record<string, unknown>,
  format: DocumentFormatting,
): Edit[] {
  const text = document.text;
  const object = objectOf(document, objectKind);
  const mappings = object?.mappingsNode;
  if (mappings?.type === 'array') {
    const last = mappings.children?.[mappings.children.length - 1];
    const block = last?.type === 'object' && !onSameLine(text, last.offset, nodeEnd(last));
    const edits = appendMember(
      text,
      mappings,
      (indent) => (block ? renderBlock(mapping, indent, format) : renderInline(mapping)),
      format,
      'block',
    );
    if (edits) return edits;
  }
  if (object && object.node.type === 'object' && !mappings) {
    const edits = appendMember(
      text,
      object.node,
      (indent) => `"mappings": [${format.eol}${indent}${format.unit}${renderInline(mapping)}${format.eol}${indent}]`,
      format,
      'block',
    );
    if (edits) return edits;
  }
  // No such section (or a broken one): let jsonc-parser create the path.
  return setAtPath(
    text,
    document.root,
    object ? [objectKind, 'mappings', object.mappings.length] : [objectKind],
    object ? mapping : { mappings: [mapping] },
    format,
  );
}

function toTextEdits(document: ModelDocument, edits: Edit[]): TextEdit[] {
  return [...edits]
    .sort((a, b) => a.offset - b.offset)
    .map((e) => ({ range: document.lines.rangeOf({ start: e.offset, end: e.offset + e.length }), newText: e.content }));
}

function fixesOf(diagnostic: FixableDiagnostic): FixData[] {
  const data = diagnostic.data as { fixes?: unknown } | undefined;
  return Array.isArray(data?.fixes)
    ? (data.fixes as FixData[]).filter((f) => f && typeof f === 'object' && typeof f.fix === 'string')
    : [];
}

/**
 * A fix and where its diagnostic is: the same fix data at another place is another finding (the
 * second of two identical mappings, once the first was removed), so a stale diagnostic applied
 * again is a no-op instead of removing the next one.
 */
function placedFixKey(fix: FixData, range: Range): string {
  return `${fixKey(fix)}@${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

/** A key that identifies a fix independently of property order. */
function fixKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(fixKey).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${fixKey((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

const reported = new WeakMap<ModelDocument, Map<string, Set<string> | null>>();

/**
 * The fixes the rule `code` produces on this document now, or null when no rule has that code
 * (a diagnostic from elsewhere, trusted as is). Memoised per document model and code.
 */
function currentFixes(service: LanguageService, document: ModelDocument, code: string): Set<string> | null {
  let byCode = reported.get(document);
  if (!byCode) {
    byCode = new Map();
    reported.set(document, byCode);
  }
  if (byCode.has(code)) return byCode.get(code)!;
  const rule = RULES_BY_CODE.get(code);
  let result: Set<string> | null = null;
  if (rule) {
    // The same run as validation, so fixes adapted for Graph schemas compare equal.
    const findings: Finding[] = service.ruleApplies(rule, document) ? service.runRule(rule, document) : [];
    result = new Set(findings.flatMap((f) => (f.fixes ?? []).map((fix) => placedFixKey(fix, document.lines.rangeOf(f.span)))));
  }
  byCode.set(code, result);
  return result;
}
