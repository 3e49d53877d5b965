/**
 * Quick fixes of the mapping rules on a Graph schema. A rule's `replace` fix edits expression
 * text; in a Graph schema the expression also lives in the source tree (and the tree may be all
 * there is), so a text edit alone would leave `source.expression` and the tree disagreeing. Such
 * a fix becomes a replacement of the whole `source` value: the edited expression with the tree
 * built from it. Fixes that cannot be mapped back to the expression are dropped rather than
 * offered as edits at the wrong place.
 */
import type { CatalogIndex } from '../catalog/lookup';
import { walk } from '../expression/ast';
import { parseExpression } from '../expression/parser';
import type { AttributeMappingModel, GraphDocument, SourceExpression } from '../model/types';
import { fileSpan, innerSpan } from '../rules/util';
import type { Finding, FixData } from '../rules/types';
import type { Span } from '../text/lineIndex';
import { decodedIndexOf } from '../text/jsonString';
import { expressionToTree, type GraphSource } from './tree';
import { withGraphWords } from './words';

function within(span: Span, outer: Span): boolean {
  return span.start >= outer.start && span.end <= outer.end;
}

/** The decoded range of a source's expression that a file span came from, or undefined. */
function decodedRange(source: SourceExpression, span: Span): [number, number] | undefined {
  const graph = source.graph!;
  if (!graph.fromTree) {
    const field = graph.expression ?? source;
    if (!within(span, innerSpan(field))) return undefined;
    return [decodedIndexOf(field.decoded, span.start), decodedIndexOf(field.decoded, span.end)];
  }
  const whole = innerSpan(source);
  if (span.start === whole.start && span.end === whole.end) return [0, source.value.length];
  const candidates: Array<[number, number]> = [];
  walk(source.parsed.root, (node) => {
    candidates.push([node.start, node.end], [node.start + 1, node.end - 1]);
    if (node.kind === 'call') candidates.push([node.nameStart, node.nameEnd]);
  });
  return candidates.find(([a, b]) => {
    const mapped = fileSpan(source, a, b);
    return mapped.start === span.start && mapped.end === span.end;
  });
}

/** The JSON text body of a fix (escaped for a JSON string) as plain text, or undefined. */
function decodeBody(newText: string): string | undefined {
  try {
    const value: unknown = JSON.parse(`"${newText}"`);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export interface JsonLayout {
  unit: string;
  eol: string;
}

let lastLayout: { text: string; layout: JsonLayout } | undefined;

/** The indentation unit and line ending a JSON text uses (the last answer is kept: fixes ask once per finding). */
export function layoutOf(text: string): JsonLayout {
  if (lastLayout?.text === text) return lastLayout.layout;
  const layout = computeLayout(text);
  lastLayout = { text, layout };
  return layout;
}

function computeLayout(text: string): JsonLayout {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let unit: string | undefined;
  for (const match of text.matchAll(/\n([ \t]+)\S/g)) {
    const indent = match[1];
    if (indent.startsWith('\t')) return { unit: '\t', eol };
    if (!unit || indent.length < unit.length) unit = indent;
    if (unit.length <= 2) break;
  }
  return { unit: unit && unit.length <= 8 ? unit : '  ', eol };
}

/** A value as JSON continuing a line whose indentation is `indent`. */
function renderJson(value: unknown, indent: string, layout: JsonLayout): string {
  return JSON.stringify(value, null, layout.unit)
    .split('\n')
    .join(layout.eol + indent);
}

export function indentationAt(text: string, offset: number): string {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1) + 1, 0);
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** A fix that replaces a mapping's whole `source` value with the tree of `expression`. */
export function rewriteSourceFix(
  document: GraphDocument,
  mapping: AttributeMappingModel,
  expression: string,
  catalog: CatalogIndex,
  title: string,
  withExpressions: boolean,
): FixData | undefined {
  const tree = mapping.source?.graph?.tree ?? mapping.graph?.sourceNode;
  if (!tree) return undefined;
  const parsed = parseExpression(expression);
  const { source } = expressionToTree(parsed, catalog, withExpressions);
  if (!source) return undefined;
  return {
    fix: 'replace',
    span: { start: tree.offset, end: tree.offset + tree.length },
    newText: renderSource(document.text, tree.offset, source),
    title,
  };
}

function renderSource(text: string, offset: number, source: GraphSource | null): string {
  return renderJson(source, indentationAt(text, offset), layoutOf(text));
}

/** Mappings with a source, by the span of their `source` value, in file order. */
function sourceIndex(document: GraphDocument): Array<{ start: number; end: number; mapping: AttributeMappingModel }> {
  const list: Array<{ start: number; end: number; mapping: AttributeMappingModel }> = [];
  for (const object of document.objects) {
    for (const mapping of object.mappings) {
      const tree = mapping.source?.graph?.tree;
      if (tree) list.push({ start: tree.offset, end: tree.offset + tree.length, mapping });
    }
  }
  return list.sort((a, b) => a.start - b.start);
}

/** The mapping whose `source` value contains the span (source values never overlap). */
function mappingAt(index: ReturnType<typeof sourceIndex>, span: Span): AttributeMappingModel | undefined {
  let low = 0;
  let high = index.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (index[mid].start > span.start) high = mid - 1;
    else low = mid + 1;
  }
  const candidate = index[high];
  return candidate && within(span, candidate) ? candidate.mapping : undefined;
}

function adaptFix(
  document: GraphDocument,
  fix: FixData,
  catalog: CatalogIndex,
  index: ReturnType<typeof sourceIndex>,
): FixData | undefined {
  if (fix.fix !== 'replace') return fix;
  const mapping = mappingAt(index, fix.span);
  const source = mapping?.source;
  if (!mapping || !source?.graph) return fix;
  // A lenient string `source` is just an expression string: the text fix applies as it is.
  if (source.graph.tree.type === 'string') return fix;
  const range = decodedRange(source, fix.span);
  const body = decodeBody(fix.newText);
  if (!range || body === undefined) return undefined;
  const expression = source.value.slice(0, range[0]) + body + source.value.slice(range[1]);
  const rewritten = rewriteSourceFix(document, mapping, expression, catalog, fix.title, !source.graph.fromTree);
  if (rewritten) return rewritten;
  return source.graph.fromTree ? undefined : fix;
}

/** The findings in Graph's words, with their `replace` fixes made safe for a Graph schema. */
export function adaptGraphFixes(document: GraphDocument, unworded: Finding[], catalog: CatalogIndex): Finding[] {
  // Shared rules speak of the mapping file's fields; here the user reads Graph's (graph/words.ts).
  const findings = unworded.map(withGraphWords);
  if (!findings.some((f) => f.fixes?.some((fix) => fix.fix === 'replace'))) return findings;
  const index = sourceIndex(document);
  return findings.map((finding) => {
    if (!finding.fixes?.length) return finding;
    const fixes = finding.fixes.map((fix) => adaptFix(document, fix, catalog, index)).filter((f): f is FixData => !!f);
    return { ...finding, fixes: fixes.length > 0 ? fixes : undefined };
  });
}
