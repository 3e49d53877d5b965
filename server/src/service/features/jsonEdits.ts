/**
 * Minimal, style-preserving edits of JSON(C) text: remove a member of an object or array, append
 * one, set a property. They touch only the characters they must and follow the surrounding
 * layout (one-line objects stay on one line, a new line copies its neighbour's indentation,
 * comments on other lines are kept).
 *
 * jsonc-parser's `modify` with formatting options re-formats the whole enclosing value (it turns
 * one-line mappings into multi-line blocks and drops trailing comments), so it is used only as a
 * fallback, for a property whose parent objects do not exist yet.
 */
import { propertyNode } from '../model/jsonNodes';
import { findNodeAtLocation, modify, SyntaxKind, type Edit, type JSONPath } from 'jsonc-parser';
import type { JsonNode } from '../model/types';
import {
  indentationAt,
  lineStartOf,
  nextSignificant,
  nodeEnd,
  onSameLine,
  restOfLine,
  startsLine,
  type DocumentFormatting,
} from './jsonText';

export type { Edit };

/** A value as one line: `{ "target": "x", "source": "[y]" }`. */
export function renderInline(value: unknown): string {
  if (Array.isArray(value)) return value.length ? `[${value.map(renderInline).join(', ')}]` : '[]';
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return entries.length ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${renderInline(v)}`).join(', ')} }` : '{}';
  }
  return JSON.stringify(value);
}

/** An object on several lines, its properties one indentation level deeper than `indent`. */
export function renderBlock(value: Record<string, unknown>, indent: string, format: DocumentFormatting): string {
  const inner = indent + format.unit;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{${format.eol}${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${renderInline(v)}`).join(`,${format.eol}`)}${format.eol}${indent}}`;
}

/**
 * Removes member `index` of an object (a property node) or array. A member alone on its lines
 * goes with its lines (trailing comment included) and its comma; an inline member goes with the
 * comma that separates it from a neighbour.
 */
export function removeMember(text: string, container: JsonNode, index: number): Edit[] {
  const items = container.children ?? [];
  const member = items[index];
  if (!member) return [];
  const previous = items[index - 1];
  const next = items[index + 1];
  const start = member.offset;
  const end = nodeEnd(member);
  const following = nextSignificant(text, end);
  const commaEnd = following.kind === SyntaxKind.CommaToken ? following.offset + 1 : undefined;

  if (startsLine(text, start)) {
    const rest = restOfLine(text, commaEnd ?? end);
    const lineEnd = rest.lineBreak + rest.lineBreakLength;
    const closeOnLaterLine = !onSameLine(text, end, nodeEnd(container) - 1);
    if (rest.clean && closeOnLaterLine && (!next || !onSameLine(text, end, next.offset))) {
      const edits: Edit[] = [{ offset: lineStartOf(text, start), length: lineEnd - lineStartOf(text, start), content: '' }];
      if (!next && commaEnd === undefined && previous) {
        // The last member without a trailing comma: the comma after the previous one must go.
        const comma = nextSignificant(text, nodeEnd(previous));
        if (comma.kind === SyntaxKind.CommaToken && comma.offset < lineStartOf(text, start))
          edits.unshift({ offset: comma.offset, length: 1, content: '' });
      }
      return edits;
    }
  }
  if (next) return [{ offset: start, length: next.offset - start, content: '' }];
  const stop = commaEnd ?? end;
  if (previous) return [{ offset: nodeEnd(previous), length: stop - nodeEnd(previous), content: '' }];
  // The only member: also drop the spaces that separated it from the brackets.
  let from = start;
  while (from > container.offset + 1 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
  let to = stop;
  while (to < nodeEnd(container) - 1 && (text[to] === ' ' || text[to] === '\t')) to++;
  return [{ offset: from, length: to - from, content: '' }];
}

/**
 * Appends a member (a property `"k": v` or an array element) at the end of a container,
 * following the layout of the last member; `render` receives the indentation of the new line.
 * Returns undefined when the container is not closed (a syntax error), so callers can fall back.
 */
export function appendMember(
  text: string,
  container: JsonNode,
  render: (indent: string) => string,
  format: DocumentFormatting,
  emptyLayout: 'block' | 'inline',
): Edit[] | undefined {
  const close = nodeEnd(container) - 1;
  if (text[close] !== (container.type === 'array' ? ']' : '}')) return undefined;
  const items = container.children ?? [];
  const last = items[items.length - 1];
  if (last) {
    const lastEnd = nodeEnd(last);
    const following = nextSignificant(text, lastEnd);
    const commaEnd = following.kind === SyntaxKind.CommaToken && following.offset < close ? following.offset + 1 : undefined;
    const anchor = commaEnd ?? lastEnd;
    const indent = indentationAt(text, last.offset);
    if (startsLine(text, last.offset) && !onSameLine(text, anchor, close)) {
      const rest = restOfLine(text, anchor);
      if (rest.clean) {
        const insertion = format.eol + indent + render(indent);
        if (commaEnd !== undefined) return [{ offset: rest.lineBreak, length: 0, content: insertion }];
        if (rest.lineBreak === lastEnd) return [{ offset: lastEnd, length: 0, content: ',' + insertion }];
        return [
          { offset: lastEnd, length: 0, content: ',' },
          { offset: rest.lineBreak, length: 0, content: insertion },
        ];
      }
    }
    if (commaEnd !== undefined) return [{ offset: commaEnd, length: 0, content: ' ' + render(indent) }];
    return [{ offset: lastEnd, length: 0, content: ', ' + render(indent) }];
  }
  const open = container.offset;
  const inner = text.slice(open + 1, close);
  const outer = indentationAt(text, open);
  if (inner.trim().length === 0) {
    if (emptyLayout === 'inline') return [{ offset: open + 1, length: inner.length, content: ` ${render(outer)} ` }];
    const indent = outer + format.unit;
    return [{ offset: open + 1, length: inner.length, content: format.eol + indent + render(indent) + format.eol + outer }];
  }
  // Only comments inside: the member goes first, on its own line.
  const indent = outer + format.unit;
  return [{ offset: open + 1, length: 0, content: format.eol + indent + render(indent) }];
}

/** Sets `key` of an object node to `value`: replaces an existing value, else appends the property. */
export function setMember(
  text: string,
  object: JsonNode,
  key: string,
  value: unknown,
  format: DocumentFormatting,
): Edit[] | undefined {
  const property = propertyNode(object, key);
  const valueText = renderInline(value);
  if (property) {
    const current = property.children?.[1];
    if (!current) return undefined;
    if (text.slice(current.offset, nodeEnd(current)) === valueText) return [];
    return [{ offset: current.offset, length: current.length, content: valueText }];
  }
  return appendMember(text, object, () => `${JSON.stringify(key)}: ${valueText}`, format, 'inline');
}

/** Sets the value at a JSON path, creating the last property when its parent exists. */
export function setAtPath(
  text: string,
  root: JsonNode | undefined,
  path: JSONPath,
  value: unknown,
  format: DocumentFormatting,
): Edit[] {
  const node = root ? findNodeAtLocation(root, path) : undefined;
  if (node) {
    const valueText = renderInline(value);
    if (text.slice(node.offset, nodeEnd(node)) === valueText) return [];
    return [{ offset: node.offset, length: node.length, content: valueText }];
  }
  const parent = root && path.length > 0 ? findNodeAtLocation(root, path.slice(0, -1)) : undefined;
  const key = path[path.length - 1];
  if (parent?.type === 'object' && typeof key === 'string') {
    const edits = setMember(text, parent, key, value, format);
    if (edits) return edits;
  }
  // One past the end of an array: append the element on one line, keeping the layout around it.
  if (parent?.type === 'array' && typeof key === 'number' && key === (parent.children?.length ?? 0)) {
    const edits = appendMember(text, parent, () => renderInline(value), format, 'inline');
    if (edits) return edits;
  }
  return modify(text, path, value, {
    formattingOptions: { insertSpaces: format.insertSpaces, tabSize: format.tabSize, eol: format.eol },
  });
}

/** Removes the value at a JSON path (a property or an array element); nothing when it is absent. */
export function removeAtPath(text: string, root: JsonNode | undefined, path: JSONPath): Edit[] {
  const node = root ? findNodeAtLocation(root, path) : undefined;
  const parent = node?.parent;
  if (!node || !parent) return [];
  if (parent.type === 'property' && parent.parent)
    return removeMember(text, parent.parent, parent.parent.children!.indexOf(parent));
  if (parent.type === 'array') return removeMember(text, parent, parent.children!.indexOf(node));
  return [];
}
