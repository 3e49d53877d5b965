/**
 * The one home of helpers over jsonc-parser nodes: a property of an object node, the string,
 * items, span and plain value of a node, and fields with their spans. The model reader, the Graph
 * modules, features and rules all use these.
 */
import type { JsonNode, StringField, ValueField } from './types';
import type { Span } from '../text/lineIndex';
import { decodeJsonString } from '../text/jsonString';

/** The span of a node in the file text. */
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

/** The property node (key + value) named `key` in an object; the last one wins, as in JSON.parse. */
export function propertyNode(object: JsonNode, key: string): JsonNode | undefined {
  let found: JsonNode | undefined;
  for (const property of object.children ?? []) {
    if (property.children?.[0]?.value === key) found = property;
  }
  return found;
}

export function stringOf(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' ? (node.value as string) : undefined;
}

export function itemsOf(node: JsonNode | undefined): JsonNode[] {
  return node?.type === 'array' ? (node.children ?? []) : [];
}

/** A string node as a field, decoding its literal (the model reader has a faster path for whole files). */
export function stringFieldOf(text: string, node: JsonNode | undefined): StringField | undefined {
  if (!node || node.type !== 'string') return undefined;
  return {
    value: node.value as string,
    node,
    span: spanOfNode(node),
    decoded: decodeJsonString(text.slice(node.offset, node.offset + node.length), node.offset),
  };
}

export function valueFieldOf(node: JsonNode | undefined): ValueField<unknown> | undefined {
  if (!node) return undefined;
  return { value: plainValue(node), node, span: spanOfNode(node) };
}

/** The plain value of a node (objects and arrays included), without re-parsing text. */
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
