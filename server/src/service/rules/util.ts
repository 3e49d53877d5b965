import { getNodePath } from 'jsonc-parser';
import type { ObjectKind } from '../catalog/types';
import type {
  AttributeMappingModel,
  JsonNode,
  MappingLikeDocument,
  ObjectMappingModel,
  SourceExpression,
  StringField,
} from '../model/types';
import type { Span } from '../text/lineIndex';
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
