/**
 * JSON-with-comments → jsonc-parser tree, safely and fast.
 *
 * `parseJsonTree` returns exactly what jsonc-parser's `parseTree` returns (the same `Node` shape,
 * offsets, values and errors) with two differences that matter for hostile input:
 *
 * - It never recurses: a well-formed document is read by an iterative parser that builds the
 *   tree in one pass (several times faster than parseTree, which matters on every keystroke).
 *   Anything it does not accept exactly as written (a syntax error, a byte-order mark, …) goes to
 *   jsonc-parser itself, so error recovery and messages are jsonc-parser's.
 * - It stops at MAX_JSON_DEPTH levels of nesting instead of overflowing the stack (jsonc-parser
 *   recurses once per level, and so do the model, the schema check and the editor features). The
 *   result then has no tree and says where the limit was passed.
 *
 * test/robustness/fuzz.test.ts compares both parsers on generated and mutated documents.
 */
import { createScanner, parseTree, SyntaxKind, type Node as JsonNode, type ParseError, type ParseOptions } from 'jsonc-parser';

/** Levels of nesting read; mapping, scope and sample files use fewer than ten. */
export const MAX_JSON_DEPTH = 256;

export interface JsonTree {
  root: JsonNode | undefined;
  errors: ParseError[];
  /** Set when the text nests deeper than MAX_JSON_DEPTH: the offset of the bracket that passed it (no tree is built). */
  tooDeep?: { offset: number; limit: number };
}

const DEFAULT_OPTIONS: ParseOptions = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true };

/** Thrown inside the fast parser when the text is not plain well-formed JSONC. */
const NOT_PLAIN = Symbol('not plain JSONC');

class TooDeep {
  constructor(readonly offset: number) {}
}

/** Mutable view of jsonc-parser's node, as its parseTree builds it. */
type MutableNode = { -readonly [K in keyof JsonNode]: JsonNode[K] } & { parent?: JsonNode; length: number; colonOffset?: number };

function isLiteralEnd(code: number): boolean {
  // After true/false/null jsonc-parser's scanner needs whitespace, a line break, a structural
  // character, a quote or a slash; anything else makes the word an unknown token.
  return (
    Number.isNaN(code) ||
    code === 32 ||
    code === 9 ||
    code === 10 ||
    code === 13 ||
    code === 125 ||
    code === 93 ||
    code === 123 ||
    code === 91 ||
    code === 34 ||
    code === 58 ||
    code === 44 ||
    code === 47
  );
}

/** Strings up to this length are looked up in parsePlain's table of recent strings (longer ones are not copied by slice anyway). */
const MAX_SHARED_STRING = 24;
const SHARED_SLOTS = 64;

function isHex(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/**
 * The iterative parser for well-formed JSONC (comments and trailing commas allowed, whitespace is
 * space, tab, CR and LF as jsonc-parser has it). Throws NOT_PLAIN on anything else.
 */
function parsePlain(text: string, allowTrailingComma: boolean, maxDepth: number): JsonNode | undefined {
  const len = text.length;
  let pos = 0;

  const skipTrivia = (): void => {
    while (pos < len) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) {
        pos++;
      } else if (c === 47) {
        const next = text.charCodeAt(pos + 1);
        if (next === 47) {
          pos += 2;
          while (pos < len) {
            const d = text.charCodeAt(pos);
            if (d === 10 || d === 13) break;
            pos++;
          }
        } else if (next === 42) {
          const end = text.indexOf('*/', pos + 2);
          if (end < 0) throw NOT_PLAIN;
          pos = end + 2;
        } else {
          throw NOT_PLAIN;
        }
      } else {
        return;
      }
    }
  };

  /** Reads a string literal at `pos` (an opening quote); returns its decoded value. */
  const readString = (): string => {
    const start = pos;
    let i = pos + 1;
    let escaped = false;
    for (;;) {
      if (i >= len) throw NOT_PLAIN;
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        const e = text.charCodeAt(i + 1);
        if (e === 117) {
          if (!(
            isHex(text.charCodeAt(i + 2)) &&
            isHex(text.charCodeAt(i + 3)) &&
            isHex(text.charCodeAt(i + 4)) &&
            isHex(text.charCodeAt(i + 5))
          ))
            throw NOT_PLAIN;
          i += 6;
          continue;
        }
        if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) {
          i += 2;
          continue;
        }
        throw NOT_PLAIN;
      }
      if (c < 0x20) throw NOT_PLAIN;
      i++;
    }
    pos = i + 1;
    // Well-formed escapes mean the same in JSON.parse as in jsonc-parser's scanner.
    if (escaped) return JSON.parse(text.slice(start, pos)) as string;
    const length = i - start - 1;
    if (length > MAX_SHARED_STRING) return text.slice(start + 1, i);
    // Short strings (keys, targets, operators) repeat a lot and slicing copies them: reuse the
    // last string seen in the same slot of a small table when it has the same characters.
    const slot = (length * 31 + text.charCodeAt(start + 1) + text.charCodeAt(i - 1) * 7) & (SHARED_SLOTS - 1);
    const known = shared[slot];
    if (known !== undefined && known.length === length && text.startsWith(known, start + 1)) return known;
    return (shared[slot] = text.slice(start + 1, i));
  };
  const shared: Array<string | undefined> = new Array(SHARED_SLOTS);

  /** Reads a number at `pos` with jsonc-parser's (= JSON's) grammar; returns its value. */
  const readNumber = (): number => {
    const start = pos;
    let i = pos;
    if (text.charCodeAt(i) === 45) i++;
    let c = text.charCodeAt(i);
    if (c === 48) i++;
    else if (c >= 49 && c <= 57) {
      i++;
      for (c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i));
    } else throw NOT_PLAIN;
    if (text.charCodeAt(i) === 46) {
      i++;
      c = text.charCodeAt(i);
      if (!(c >= 48 && c <= 57)) throw NOT_PLAIN;
      for (; c >= 48 && c <= 57; c = text.charCodeAt(++i));
    }
    c = text.charCodeAt(i);
    if (c === 69 || c === 101) {
      i++;
      c = text.charCodeAt(i);
      if (c === 43 || c === 45) c = text.charCodeAt(++i);
      if (!(c >= 48 && c <= 57)) throw NOT_PLAIN;
      for (; c >= 48 && c <= 57; c = text.charCodeAt(++i));
    }
    pos = i;
    return Number(text.slice(start, i));
  };

  const readWord = (word: string): void => {
    if (!text.startsWith(word, pos) || !isLiteralEnd(text.charCodeAt(pos + word.length))) throw NOT_PLAIN;
    pos += word.length;
  };

  // The containers being read, innermost last, and for objects the property being read.
  const stack: MutableNode[] = [];
  let property: MutableNode | undefined;
  const properties: Array<MutableNode | undefined> = [];
  let root: MutableNode | undefined;
  // The children of the open containers, innermost last: a container takes its own (an exact-size
  // array) when it closes. Pushing into a fresh array per container would reserve room for 16
  // children in each of thousands of two- or three-property objects, memory the collector then
  // copies for as long as the model lives.
  const pending: MutableNode[] = [];
  let pendingTop = 0;
  const marks: number[] = [];
  // The key (`"name" :`) read for the next value of the innermost object: its property node is
  // made together with the value (so that its children are exactly [key, value]).
  let keyValue = '';
  let keyStart = -1;
  let keyLength = 0;
  let colonOffset = -1;

  /** Attaches a finished or opened value to its parent (array, or a new property of an object). */
  const attach = (node: MutableNode): void => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      root = node;
      return;
    }
    if (parent.type === 'array') {
      node.parent = parent;
      pending[pendingTop++] = node;
      return;
    }
    // The same keys in the same order as jsonc-parser's parseTree makes them.
    const prop = {
      type: 'property',
      offset: keyStart,
      length: -1,
      parent,
      children: undefined,
      colonOffset,
    } as unknown as MutableNode;
    const key = { type: 'string', value: keyValue, offset: keyStart, length: keyLength, parent: prop } as unknown as JsonNode;
    node.parent = prop;
    prop.children = [key, node];
    pending[pendingTop++] = prop;
    property = prop;
  };

  /** Opens a container: its children collect in `pending` until it closes. */
  const open = (node: MutableNode): void => {
    stack.push(node);
    marks.push(pendingTop);
    properties.push(property);
    property = undefined;
  };

  /** Closes the innermost container at `end` (just after its bracket). */
  const close = (end: number): void => {
    const node = stack.pop()!;
    const mark = marks.pop()!;
    node.length = end - node.offset;
    node.children = pending.slice(mark, pendingTop);
    pendingTop = mark;
    property = properties.pop();
    completeProperty(end);
  };

  /** Ends the pending property when its value ends at `end` (parseTree's ensurePropertyComplete). */
  const completeProperty = (end: number): void => {
    if (property && stack[stack.length - 1]?.type === 'object') {
      property.length = end - property.offset;
      property = undefined;
    }
  };

  skipTrivia();
  if (pos >= len) return undefined; // empty content (only whitespace and comments) is allowed
  // What the parser expects next: a value, or (inside a container) a separator or the end.
  let expectValue = true;
  for (;;) {
    if (expectValue) {
      const c = text.charCodeAt(pos);
      const start = pos;
      if (c === 123 || c === 91) {
        if (stack.length >= maxDepth) throw new TooDeep(start);
        const node = {
          type: c === 123 ? 'object' : 'array',
          offset: start,
          length: -1,
          parent: undefined,
          children: undefined,
        } as unknown as MutableNode;
        attach(node);
        open(node);
        pos++;
        skipTrivia();
        const next = text.charCodeAt(pos);
        if (next === (c === 123 ? 125 : 93)) {
          // An empty object or array.
          pos++;
          close(pos);
          expectValue = false;
        } else if (c === 123) {
          // The first property of an object.
          if (next !== 34) throw NOT_PLAIN;
          readKey();
          continue;
        } else {
          continue; // the first element of an array
        }
      } else {
        let node: MutableNode;
        if (c === 34) {
          const value = readString();
          node = { type: 'string', offset: start, length: pos - start, parent: undefined, value } as unknown as MutableNode;
        } else if (c === 45 || (c >= 48 && c <= 57)) {
          const value = readNumber();
          node = { type: 'number', offset: start, length: pos - start, parent: undefined, value } as unknown as MutableNode;
        } else if (c === 116) {
          readWord('true');
          node = { type: 'boolean', offset: start, length: 4, parent: undefined, value: true } as unknown as MutableNode;
        } else if (c === 102) {
          readWord('false');
          node = { type: 'boolean', offset: start, length: 5, parent: undefined, value: false } as unknown as MutableNode;
        } else if (c === 110) {
          readWord('null');
          node = { type: 'null', offset: start, length: 4, parent: undefined, value: null } as unknown as MutableNode;
        } else {
          throw NOT_PLAIN;
        }
        attach(node);
        completeProperty(pos);
        expectValue = false;
      }
    }
    // After a value: the end of the text, a comma or the end of the container.
    skipTrivia();
    const container = stack[stack.length - 1];
    if (!container) {
      if (pos < len) throw NOT_PLAIN; // only one top-level value
      break;
    }
    const c = text.charCodeAt(pos);
    if (c === 44) {
      pos++;
      skipTrivia();
      const next = text.charCodeAt(pos);
      if (next === 125 || next === 93) {
        if (!allowTrailingComma) throw NOT_PLAIN;
        // A trailing comma: fall through to the close below.
      } else if (container.type === 'object') {
        if (next !== 34) throw NOT_PLAIN;
        readKey();
        expectValue = true;
        continue;
      } else {
        expectValue = true;
        continue;
      }
    }
    if (text.charCodeAt(pos) !== (container.type === 'object' ? 125 : 93)) throw NOT_PLAIN;
    pos++;
    close(pos);
    expectValue = false;
  }
  if (root) delete (root as { parent?: unknown }).parent;
  return root;

  /** Reads `"key" :` at `pos`; the property is made when its value starts (see attach). */
  function readKey(): void {
    keyStart = pos;
    keyValue = readString();
    keyLength = pos - keyStart;
    skipTrivia();
    if (text.charCodeAt(pos) !== 58) throw NOT_PLAIN;
    colonOffset = pos;
    pos++;
    skipTrivia();
    if (pos >= len) throw NOT_PLAIN;
  }
}

/**
 * The deepest nesting jsonc-parser would recurse into, at most: brackets outside strings and
 * comments (as jsonc-parser's own scanner sees them), a closing bracket counting only when it
 * matches the innermost open one. Returns the offset where `limit` is passed, or -1.
 */
function depthLimitOffset(text: string, limit: number): number {
  const scanner = createScanner(text, false);
  const open: SyntaxKind[] = [];
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      open.push(token);
      if (open.length > limit) return scanner.getTokenOffset();
    } else if (token === SyntaxKind.CloseBraceToken) {
      if (open[open.length - 1] === SyntaxKind.OpenBraceToken) open.pop();
    } else if (token === SyntaxKind.CloseBracketToken) {
      if (open[open.length - 1] === SyntaxKind.OpenBracketToken) open.pop();
    }
  }
  return -1;
}

/** parseTree, but iterative for well-formed text and bounded in depth (see the file comment). */
export function parseJsonTree(input: string, options: ParseOptions = DEFAULT_OPTIONS, maxDepth = MAX_JSON_DEPTH): JsonTree {
  // A UTF-8 byte order mark (PowerShell 5, Notepad) reads as a space, so every offset stays put.
  const text = input.charCodeAt(0) === 0xfeff ? ' ' + input.slice(1) : input;
  // The fast parser implements jsonc-parser's defaults for comments; other options take the slow path.
  if (!options.disallowComments && options.allowEmptyContent) {
    try {
      return { root: parsePlain(text, !!options.allowTrailingComma, maxDepth), errors: [] };
    } catch (error) {
      if (error instanceof TooDeep) return { root: undefined, errors: [], tooDeep: { offset: error.offset, limit: maxDepth } };
      if (error !== NOT_PLAIN) throw error;
    }
  }
  const deep = depthLimitOffset(text, maxDepth);
  if (deep >= 0) return { root: undefined, errors: [], tooDeep: { offset: deep, limit: maxDepth } };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, options);
  return { root, errors };
}
