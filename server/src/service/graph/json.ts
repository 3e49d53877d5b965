/**
 * Small helpers over jsonc-parser nodes for the Graph modules (kept here rather than imported
 * from model/parse.ts, which imports the Graph reader).
 */
import type { JsonNode, StringField, ValueField } from '../model/types';
import type { Span } from '../text/lineIndex';
import { decodeJsonString } from '../text/jsonString';

export function spanOfNode(node: JsonNode): Span {
  return { start: node.offset, end: node.offset + node.length };
}

/** A property value of an object node; the last occurrence wins, as in JSON.parse. */
export function prop(node: JsonNode | undefined, name: string): JsonNode | undefined {
  if (!node || node.type !== 'object' || !node.children) return undefined;
  let found: JsonNode | undefined;
  for (const property of node.children) {
    const key = property.children?.[0];
    if (key && key.value === name) found = property.children?.[1];
  }
  return found;
}

/** The key node of the property that holds `value`. */
export function keyNodeOf(value: JsonNode): JsonNode | undefined {
  return value.parent?.type === 'property' ? value.parent.children?.[0] : undefined;
}

export function stringOf(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' ? (node.value as string) : undefined;
}

export function itemsOf(node: JsonNode | undefined): JsonNode[] {
  return node?.type === 'array' ? (node.children ?? []) : [];
}

export function stringFieldOf(text: string, node: JsonNode | undefined): StringField | undefined {
  if (!node || node.type !== 'string') return undefined;
  return { value: node.value as string, node, span: spanOfNode(node), decoded: decodeJsonString(text.slice(node.offset, node.offset + node.length), node.offset) };
}

export function valueFieldOf(node: JsonNode | undefined): ValueField<unknown> | undefined {
  if (!node) return undefined;
  return { value: plainValue(node), node, span: spanOfNode(node) };
}

/** The plain value of a node (objects and arrays included). */
export function plainValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && value) out[key.value as string] = plainValue(value);
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(plainValue);
    default:
      return node.value;
  }
}

/** The span of a string literal's contents, without its quotes. */
export function contentOf(node: JsonNode): Span {
  return { start: node.offset + 1, end: Math.max(node.offset + 1, node.offset + node.length - 1) };
}
