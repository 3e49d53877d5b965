import { getNodePath } from 'jsonc-parser';
import type { ObjectKind } from '../catalog/types';
import type { AttributeMappingModel, JsonNode, MappingLikeDocument, ObjectMappingModel, SourceExpression, StringField } from '../model/types';
import type { Span } from '../text/lineIndex';
import type { CallNode, ComparisonNode, ExprNode } from '../expression/ast';
import { fileOffsetOf } from '../text/jsonString';

/** Maps a span of decoded string text (an expression or a regex) to the file characters behind it. */
export function fileSpan(field: StringField | SourceExpression, start: number, end: number): Span {
  const fileStart = fileOffsetOf(field.decoded, start);
  const fileEnd = fileOffsetOf(field.decoded, end);
  // A zero-width span (a missing value) still needs a character to underline when possible.
  return { start: fileStart, end: Math.max(fileEnd, fileStart) };
}

/** The span of the string's contents, without quotes. */
export function innerSpan(field: StringField): Span {
  return { start: field.span.start + 1, end: Math.max(field.span.start + 1, field.span.end - 1) };
}

export function jsonPathOf(node: JsonNode): Array<string | number> {
  return getNodePath(node);
}

/** The object mappings of a mapping document or Graph schema (empty for a scope document). */
export function objectMappings(doc: { kind: string }): ObjectMappingModel[] {
  return doc.kind === 'mapping' || doc.kind === 'graph' ? (doc as MappingLikeDocument).objects : [];
}

/** The matching precedence of a mapping when it is a positive number, else undefined. */
export function matchingPrecedence(mapping: AttributeMappingModel): number | undefined {
  const value = mapping.matchingPrecedence?.value;
  return typeof value === 'number' && value > 0 ? value : undefined;
}

/** The attribute AWS matches on for each object, and the gallery's source for it. */
export const MATCHING_TARGET: Record<ObjectKind, { target: string; source: string }> = {
  user: { target: 'userName', source: '[userPrincipalName]' },
  group: { target: 'displayName', source: '[displayName]' },
};

export function objectLabel(object: ObjectKind): string {
  return object === 'user' ? 'users' : 'groups';
}

/**
 * Every node of every expression of a document, in walk order, computed once per (immutable)
 * document model: a dozen rules visit them all, and walking each tree once instead of once per rule
 * is most of what a keystroke on a large file costs. Stored flat, four slots per node
 * (node, parent, source, mapping), so that the list costs no object per node.
 */
const expressionNodes = new WeakMap<object, Partial<Record<ExprNode['kind'] | 'all', unknown[]>>>();

/** Appends `node` and its descendants in walk order (parents first; expressions nest at most MAX_NESTING deep). */
function collectNodes(flat: unknown[], node: ExprNode, parent: CallNode | ComparisonNode | null, source: SourceExpression, mapping: AttributeMappingModel): void {
  flat.push(node, parent, source, mapping);
  if (node.kind === 'call') {
    for (const slot of node.args) if (slot.value) collectNodes(flat, slot.value, node, source, mapping);
  } else if (node.kind === 'comparison') {
    collectNodes(flat, node.left, node, source, mapping);
    if (node.right) collectNodes(flat, node.right, node, source, mapping);
  }
}

/**
 * Visits every node of every `source` expression in a mapping document, or with `kind` only the
 * nodes of that kind (most rules look at calls or attributes only).
 */
export function forEachExpressionNode(
  doc: { kind: string },
  visit: (node: ExprNode, parent: CallNode | ComparisonNode | null, source: SourceExpression, mapping: AttributeMappingModel) => void,
  kind?: ExprNode['kind'],
): void {
  let lists = expressionNodes.get(doc);
  if (!lists) {
    const all: unknown[] = [];
    for (const object of objectMappings(doc)) {
      for (const mapping of object.mappings) {
        const source = mapping.source;
        if (source?.parsed.root) collectNodes(all, source.parsed.root, null, source, mapping);
      }
    }
    expressionNodes.set(doc, (lists = { all }));
  }
  let flat = lists[kind ?? 'all'];
  if (!flat) {
    flat = [];
    const all = lists.all!;
    for (let i = 0; i < all.length; i += 4) if ((all[i] as ExprNode).kind === kind) flat.push(all[i], all[i + 1], all[i + 2], all[i + 3]);
    lists[kind!] = flat;
  }
  for (let i = 0; i < flat.length; i += 4) {
    visit(flat[i] as ExprNode, flat[i + 1] as CallNode | ComparisonNode | null, flat[i + 2] as SourceExpression, flat[i + 3] as AttributeMappingModel);
  }
}
