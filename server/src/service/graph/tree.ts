/**
 * Graph's attributeMappingSource tree ↔ our expression language.
 *
 * Graph stores an expression as a tree of Attribute, Constant and Function nodes; a Function's
 * arguments are keyed by Graph parameter names (Replace's `Find`, `Replacement`, …) and omitted
 * slots are simply absent (expression-grammar.md §6, mapping-model.md §9). Our parser keeps
 * positional argument slots. The slot of a keyed parameter comes from the catalog's parameter
 * list (`graphKey`), so `Replace` with `source`, `Find` and `Replacement` prints as
 * `Replace([x], "-", , , "_")`.
 *
 * Two things Graph does not document are written in a form of our own and say so when used:
 * bare enum identifiers (vbTextCompare) are Constant nodes whose `expression` is the bare name,
 * and comparisons (`[a] = "x"` inside IIF) are Function nodes named by the operator with the
 * parameters `left` and `right`.
 */
import type { CatalogIndex } from '../catalog/lookup';
import type { FunctionParameter, FunctionSignature } from '../catalog/types';
import type { ComparisonOperator, ExprNode, ParsedExpression } from '../expression/ast';
import { bindArguments, parameterForSlot } from '../expression/bind';
import { MAX_NESTING } from '../expression/parser';
import { quoteExpressionString } from '../expression/print';
import type { JsonNode } from '../model/types';
import { decodeJsonString, type DecodedJsonString } from '../text/jsonString';
import { closestMatch } from '../util/similar';
import { itemsOf, prop, stringOf } from '../model/jsonNodes';

/** An attributeMappingSource as plain data, in the property order Graph prints. */
export interface GraphSource {
  expression?: string;
  name: string;
  parameters: Array<{ key: string; value: GraphSource }>;
  type: 'Attribute' | 'Constant' | 'Function';
}

const COMPARISON_OPERATORS: ReadonlySet<string> = new Set<ComparisonOperator>(['=', '<>', '>', '>=', '<', '<=']);

/** The parameter keys we write for a comparison; Graph does not document how it stores one. */
const COMPARISON_KEYS = ['left', 'right'] as const;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INTEGER = /^-?\d+$/;

// -------------------------------------------------------------------------------------------
// Keyed parameters → positional slots

/** True when a Graph key names this parameter: its Graph key, or (leniently) its doc name. */
function keyMatches(parameter: FunctionParameter, key: string): 'graph' | 'doc' | undefined {
  const lower = key.toLowerCase();
  if (parameter.graphKey.toLowerCase() === lower) return 'graph';
  if (parameter.name.toLowerCase() === lower) return 'doc';
  return undefined;
}

export interface SlotAssignment<T> {
  /** One entry per argument slot; null for an omitted slot. Trailing omitted slots are not listed. */
  slots: Array<T | null>;
  /** Entries whose key is not a Graph key of the function: `expected` is the Graph key when the doc name was used. */
  keyProblems: Array<{ entry: number; key: string; expected?: string; suggestion?: string; duplicate?: boolean }>;
}

/**
 * Places Graph's keyed parameters into positional slots, in the order Graph lists them: a key
 * fills the next slot whose catalog parameter has that key (leading parameters, then the
 * repeating block, then the trailing ones). Unknown keys take the next slot and are reported.
 */
export function assignSlots<T>(
  signature: FunctionSignature | undefined,
  entries: ReadonlyArray<{ key: string; value: T }>,
): SlotAssignment<T> {
  const slots = new Map<number, T>();
  const keyProblems: SlotAssignment<T>['keyProblems'] = [];
  if (!signature) {
    entries.forEach((entry, i) => slots.set(i, entry.value));
    return { slots: toArray(slots), keyProblems };
  }
  const params = signature.parameters;
  const first = params.findIndex((p) => p.repeats);
  let last = first;
  while (first >= 0 && last + 1 < params.length && params[last + 1].repeats) last++;
  const leading = first < 0 ? params : params.slice(0, first);
  const repeating = first < 0 ? [] : params.slice(first, last + 1);
  const trailing = first < 0 ? [] : params.slice(last + 1);
  const trailingEntries: Array<{ index: number; value: T }> = [];
  let cursor = 0;

  entries.forEach((entry, i) => {
    let placed = -1;
    let how: 'graph' | 'doc' | undefined;
    // Leading parameters have keys of their own: place them wherever Graph lists them.
    for (let j = 0; j < leading.length && placed < 0; j++) {
      const match = keyMatches(leading[j], entry.key);
      if (match && !slots.has(j)) {
        placed = j;
        how = match;
      }
    }
    if (placed < 0 && repeating.length > 0) {
      const start = Math.max(cursor, leading.length);
      for (let p = start; p < start + repeating.length && placed < 0; p++) {
        const match = keyMatches(repeating[(p - leading.length) % repeating.length], entry.key);
        if (match) {
          placed = p;
          how = match;
        }
      }
    }
    if (placed < 0) {
      const t = trailing.findIndex((p) => keyMatches(p, entry.key));
      if (t >= 0) {
        how = keyMatches(trailing[t], entry.key);
        trailingEntries.push({ index: t, value: entry.value });
        if (how === 'doc') keyProblems.push({ entry: i, key: entry.key, expected: trailing[t].graphKey });
        return;
      }
    }
    if (placed < 0) {
      while (slots.has(cursor)) cursor++;
      placed = cursor;
      const duplicate = params.some((p) => keyMatches(p, entry.key));
      const suggestion = duplicate ? undefined : closestMatch(entry.key, [...new Set(params.map((p) => p.graphKey))]);
      keyProblems.push({ entry: i, key: entry.key, suggestion, duplicate });
    } else if (how === 'doc') {
      const parameter = placed < leading.length ? leading[placed] : repeating[(placed - leading.length) % repeating.length];
      keyProblems.push({ entry: i, key: entry.key, expected: parameter.graphKey });
    }
    slots.set(placed, entry.value);
    cursor = Math.max(cursor, placed + 1);
  });

  if (trailingEntries.length > 0) {
    const base = Math.max(cursor, leading.length + repeating.length);
    for (const t of trailingEntries) slots.set(base + t.index, t.value);
  }
  return { slots: toArray(slots), keyProblems };
}

function toArray<T>(slots: Map<number, T>): Array<T | null> {
  let size = 0;
  for (const index of slots.keys()) size = Math.max(size, index + 1);
  const out: Array<T | null> = [];
  for (let i = 0; i < size; i++) out.push(slots.has(i) ? slots.get(i)! : null);
  return out;
}

// -------------------------------------------------------------------------------------------
// A comparable form of both sides

/** What an expression means, without layout: used to compare a tree with an expression. */
export type Canonical =
  | { type: 'Attribute'; name: string }
  | { type: 'Constant'; value: string }
  | { type: 'Function'; name: string; args: Array<Canonical | null> }
  | { type: 'Invalid' };

const INVALID: Canonical = { type: 'Invalid' };

function trimTrailing(args: Array<Canonical | null>): Array<Canonical | null> {
  let end = args.length;
  while (end > 0 && args[end - 1] === null) end--;
  return args.slice(0, end);
}

/** The canonical form of a parsed expression (null when it has syntax errors). */
export function canonicalOfExpression(parsed: ParsedExpression): Canonical | null {
  if (parsed.errors.length > 0 || !parsed.root) return null;
  return canonicalOfAst(parsed.root);
}

function canonicalOfAst(node: ExprNode): Canonical {
  switch (node.kind) {
    case 'attribute':
      return { type: 'Attribute', name: node.name };
    case 'string':
      return { type: 'Constant', value: node.value };
    case 'number':
      return { type: 'Constant', value: node.value };
    case 'identifier':
      return { type: 'Constant', value: node.name };
    case 'comparison':
      return {
        type: 'Function',
        name: node.operator,
        args: [canonicalOfAst(node.left), node.right ? canonicalOfAst(node.right) : null],
      };
    case 'call':
      return {
        type: 'Function',
        name: node.name,
        args: trimTrailing(node.args.map((slot) => (slot.value ? canonicalOfAst(slot.value) : null))),
      };
    default:
      return INVALID;
  }
}

/** The canonical form of a plain attributeMappingSource value (JSON.parse output or GraphSource). */
export function canonicalOfTree(value: unknown, catalog: CatalogIndex, depth = 0): Canonical {
  if (depth > MAX_NESTING || value === null || typeof value !== 'object' || Array.isArray(value)) return INVALID;
  const node = value as Record<string, unknown>;
  const type = typeof node.type === 'string' ? node.type.toLowerCase() : '';
  const name = typeof node.name === 'string' ? node.name : undefined;
  if (name === undefined) return INVALID;
  if (type === 'attribute') return { type: 'Attribute', name };
  if (type === 'constant') return { type: 'Constant', value: name };
  if (type !== 'function') return INVALID;
  const entries = (Array.isArray(node.parameters) ? node.parameters : []).map((p) => {
    const pair = (p ?? {}) as Record<string, unknown>;
    return { key: typeof pair.key === 'string' ? pair.key : '', value: pair.value };
  });
  const signature = COMPARISON_OPERATORS.has(name) ? undefined : catalog.functionByName(name);
  const { slots } = assignSlots(signature, entries);
  return {
    type: 'Function',
    name,
    args: trimTrailing(slots.map((v) => (v === null ? null : canonicalOfTree(v, catalog, depth + 1)))),
  };
}

export function sameCanonical(a: Canonical | null, b: Canonical | null): boolean {
  if (!a || !b) return a === b;
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'Attribute':
      return a.name === (b as typeof a).name;
    case 'Constant':
      return a.value === (b as typeof a).value;
    case 'Function': {
      const other = b as typeof a;
      if (a.name.toLowerCase() !== other.name.toLowerCase() || a.args.length !== other.args.length) return false;
      return a.args.every((arg, i) => sameCanonical(arg, other.args[i]));
    }
    default:
      return false;
  }
}

/** Expression text for a canonical form (omitted slots as `, ,`). */
export function printCanonical(c: Canonical, depth = 0): string {
  if (depth > MAX_NESTING) return '""';
  switch (c.type) {
    case 'Attribute':
      return `[${c.name}]`;
    case 'Constant':
      return quoteExpressionString(c.value);
    case 'Function': {
      const args = c.args.map((a) => (a ? printCanonical(a, depth + 1) : ''));
      if (COMPARISON_OPERATORS.has(c.name) && args.length === 2) return `${args[0]} ${c.name} ${args[1]}`;
      return `${c.name}(${args.join(', ')})`;
    }
    default:
      return '""';
  }
}

// -------------------------------------------------------------------------------------------
// Tree (JSON nodes) → expression text with a map back into the file

export interface TreeProblem {
  kind: 'parameter-key' | 'malformed' | 'too-deep';
  node: JsonNode;
  message: string;
  /** For parameter-key: the key to write instead, when known. */
  replacement?: string;
  /** For parameter-key: the function (as the catalog names it). */
  functionName?: string;
}

export interface PrintedTree {
  /** Decoded-index → file-offset map in the shape the model's string fields use. */
  decoded: DecodedJsonString;
  problems: TreeProblem[];
}

/**
 * Prints an attributeMappingSource object as an expression. Every printed character maps to the
 * file: names to the characters of their `name` string, brackets and quotes to its quotes, and a
 * separator after a node to the end of that node, so that a span over any printed node covers
 * exactly its JSON (`[mail]` → the `"mail"` name string, a call → from its name to the end of its
 * object).
 */
export function printTree(text: string, node: JsonNode, catalog: CatalogIndex): PrintedTree {
  const printer = new TreePrinter(text, catalog);
  const end = printer.print(node, 0, null);
  printer.offsets.push(end);
  return { decoded: { value: printer.chars.join(''), offsets: Int32Array.from(printer.offsets) }, problems: printer.problems };
}

class TreePrinter {
  readonly chars: string[] = [];
  readonly offsets: number[] = [];
  readonly problems: TreeProblem[] = [];

  constructor(
    private readonly text: string,
    private readonly catalog: CatalogIndex,
  ) {}

  private emit(value: string, offset: number): void {
    for (let i = 0; i < value.length; i++) {
      this.chars.push(value[i]);
      this.offsets.push(offset);
    }
  }

  private decode(node: JsonNode): DecodedJsonString {
    return decodeJsonString(this.text.slice(node.offset, node.offset + node.length), node.offset);
  }

  /** The characters of a name string, each mapped to its raw characters. */
  private emitName(node: JsonNode, quote: boolean): void {
    const decoded = this.decode(node);
    for (let i = 0; i < decoded.value.length; i++) {
      const ch = decoded.value[i];
      if (quote && (ch === '"' || ch === '\\')) {
        this.chars.push('\\');
        this.offsets.push(decoded.offsets[i]);
      }
      this.chars.push(ch);
      this.offsets.push(decoded.offsets[i]);
    }
  }

  private placeholder(node: JsonNode, message: string, kind: TreeProblem['kind'] = 'malformed'): number {
    this.problems.push({ kind, node, message });
    this.emit('""', node.offset);
    return node.offset + node.length;
  }

  /** Prints one node; returns the file offset a character right after it maps to. */
  print(node: JsonNode, depth: number, parameter: FunctionParameter | null): number {
    if (depth > MAX_NESTING)
      return this.placeholder(node, `The source tree is nested more than ${MAX_NESTING} levels deep.`, 'too-deep');
    if (node.type !== 'object')
      return this.placeholder(node, 'An attributeMappingSource must be an object with type, name and parameters.');
    const type = (stringOf(prop(node, 'type')) ?? '').toLowerCase();
    const nameNode = prop(node, 'name');
    const end = node.offset + node.length;
    if (nameNode?.type !== 'string') return this.placeholder(node, 'This source node has no "name".');
    const nameEnd = nameNode.offset + nameNode.length;
    const name = nameNode.value as string;

    if (type === 'attribute') {
      this.emit('[', nameNode.offset);
      this.emitName(nameNode, false);
      this.emit(']', nameEnd - 1);
      return nameEnd;
    }
    if (type === 'constant') {
      const expression = stringOf(prop(node, 'expression'))?.trim();
      const bare =
        (expression === name && (IDENTIFIER.test(name) || INTEGER.test(name))) ||
        (parameter?.type === 'Enum' && !!parameter.enumValues?.some((v) => v.toLowerCase() === name.toLowerCase()));
      if (bare) {
        this.emitName(nameNode, false);
        return nameEnd;
      }
      this.emit('"', nameNode.offset);
      this.emitName(nameNode, true);
      this.emit('"', nameEnd - 1);
      return nameEnd;
    }
    if (type !== 'function')
      return this.placeholder(
        node,
        `Unknown source node type "${stringOf(prop(node, 'type')) ?? ''}": Graph knows Attribute, Constant and Function.`,
      );

    const entries = itemsOf(prop(node, 'parameters')).map((pair) => ({ key: stringOf(prop(pair, 'key')) ?? '', value: pair }));
    if (COMPARISON_OPERATORS.has(name)) return this.comparison(node, nameNode, entries, depth);
    const signature = this.catalog.functionByName(name);
    const { slots, keyProblems } = assignSlots(signature, entries);
    for (const problem of keyProblems) {
      const pair = entries[problem.entry].value;
      const keyNode = prop(pair, 'key') ?? pair;
      const keys = [...new Set(signature!.parameters.map((p) => p.graphKey))].join(', ');
      this.problems.push({
        kind: 'parameter-key',
        node: keyNode,
        functionName: signature!.name,
        replacement: problem.expected ?? problem.suggestion,
        message: problem.expected
          ? `"${problem.key}" is the documentation's name for this parameter of ${signature!.name}; Graph keys it "${problem.expected}".`
          : problem.duplicate
            ? `A second "${problem.key}" for ${signature!.name}: Graph lists each parameter once (only repeating ones such as Join's source repeat), so the position of this argument is a guess.`
            : `${signature!.name} has no parameter "${problem.key}" in Graph${problem.suggestion ? ` (did you mean "${problem.suggestion}"?)` : ''}; its keys are ${keys}. The position of this argument is a guess.`,
      });
    }
    this.emitName(nameNode, false);
    this.emit('(', nameEnd - 1);
    let after = nameEnd;
    slots.forEach((pair, index) => {
      if (index > 0) this.emit(', ', after);
      if (!pair) return;
      const value = prop(pair, 'value');
      const slotParameter = signature ? parameterForSlot(signature, index, slots.length) : null;
      after = value ? this.print(value, depth + 1, slotParameter) : this.placeholder(pair, 'This parameter has no "value".');
    });
    this.emit(')', after);
    return end;
  }

  private comparison(
    node: JsonNode,
    nameNode: JsonNode,
    entries: Array<{ key: string; value: JsonNode }>,
    depth: number,
  ): number {
    const [left, right] = entries.map((e) => prop(e.value, 'value'));
    let after = left ? this.print(left, depth + 1, null) : this.placeholder(node, 'A comparison needs a "left" parameter.');
    this.emit(' ', after);
    this.emitName(nameNode, false);
    this.emit(' ', nameNode.offset + nameNode.length);
    after = right ? this.print(right, depth + 1, null) : this.placeholder(node, 'A comparison needs a "right" parameter.');
    return Math.max(after, node.offset + node.length);
  }
}

// -------------------------------------------------------------------------------------------
// Expression → tree

export interface TreeWriteProblem {
  severity: 'error' | 'warning';
  message: string;
}

/**
 * The attributeMappingSource tree of a parsed expression. Every node gets `expression` (the text
 * of its subtree as written; the root keeps the whole source text) when `withExpressions` is set.
 * Returns null (with an error) when the expression does not parse or names an unknown function.
 */
export function expressionToTree(
  parsed: ParsedExpression,
  catalog: CatalogIndex,
  withExpressions = true,
): { source: GraphSource | null; problems: TreeWriteProblem[] } {
  const problems: TreeWriteProblem[] = [];
  const once = new Set<string>();
  const warn = (key: string, message: string): void => {
    if (once.has(key)) return;
    once.add(key);
    problems.push({ severity: 'warning', message });
  };
  if (parsed.errors.length > 0 || !parsed.root) {
    problems.push({
      severity: 'error',
      message: `"${parsed.text}" does not parse (${parsed.errors[0]?.message ?? 'empty'}), so it has no Graph source tree.`,
    });
    return { source: null, problems };
  }
  const text = parsed.text;
  const node = (n: ExprNode, root: boolean): GraphSource => {
    const expression = root ? text : text.slice(n.start, n.end);
    const make = (name: string, type: GraphSource['type'], parameters: GraphSource['parameters'] = []): GraphSource =>
      withExpressions ? { expression, name, parameters, type } : { name, parameters, type };
    switch (n.kind) {
      case 'attribute':
        return make(n.name, 'Attribute');
      case 'string':
        return make(n.value, 'Constant');
      case 'number':
        // Graph stores a number as a Constant whose expression is the quoted digits (Mid's "1" in mapping-model.md §9).
        return root
          ? make(n.value, 'Constant')
          : withExpressions
            ? { expression: quoteExpressionString(n.value), name: n.value, parameters: [], type: 'Constant' }
            : make(n.value, 'Constant');
      case 'identifier':
        warn(
          'identifier',
          `Graph does not document how a bare keyword such as ${n.name} is stored; it is written as a Constant whose "expression" is the bare name. Check it with Graph's parseExpression before relying on it.`,
        );
        // The bare `expression` is what marks a keyword, so it is written even without expressions.
        return { expression: n.name, name: n.name, parameters: [], type: 'Constant' };
      case 'comparison': {
        warn(
          'comparison',
          `Graph does not document how a comparison (${text.slice(n.start, n.end)}) is stored in the source tree; it is written as a Function named "${n.operator}" with the parameters "left" and "right", next to the expression text. Check it with Graph's parseExpression before relying on it.`,
        );
        const parameters: GraphSource['parameters'] = [{ key: COMPARISON_KEYS[0], value: node(n.left, false) }];
        if (n.right) parameters.push({ key: COMPARISON_KEYS[1], value: node(n.right, false) });
        return make(n.operator, 'Function', parameters);
      }
      case 'call': {
        const signature = catalog.functionByName(n.name);
        if (!signature) {
          problems.push({ severity: 'error', message: `Unknown function "${n.name}": its Graph parameter keys are unknown.` });
          return make(
            n.name,
            'Function',
            n.args.flatMap((slot, i) => (slot.value ? [{ key: `argument${i + 1}`, value: node(slot.value, false) }] : [])),
          );
        }
        const parameters: GraphSource['parameters'] = [];
        for (const bound of bindArguments(n, signature)) {
          if (!bound.slot.value) continue;
          if (!bound.parameter) {
            problems.push({
              severity: 'error',
              message: `${signature.name} takes at most ${signature.maxArgs} arguments; argument ${bound.slotIndex + 1} has no Graph parameter key.`,
            });
            continue;
          }
          if (!bound.parameter.graphKeyConfirmed) {
            warn(
              `key:${signature.name}:${bound.parameter.graphKey}`,
              `The Graph key "${bound.parameter.graphKey}" of ${signature.name}'s parameter "${bound.parameter.name}" is not confirmed by Graph's function schema (the reference lists keys for a few functions only); check it with Graph's parseExpression.`,
            );
          }
          parameters.push({ key: bound.parameter.graphKey, value: node(bound.slot.value, false) });
        }
        return make(n.name, 'Function', parameters);
      }
      default:
        return make('', 'Constant');
    }
  };
  const source = node(parsed.root, true);
  // Keyed parameters cannot say where an omitted slot was inside a repeating block (Join's sources):
  // the tree must read back as the same expression.
  if (!sameCanonical(canonicalOfTree(source, catalog), canonicalOfExpression(parsed))) {
    problems.push({
      severity: 'error',
      message: `"${text}" cannot be represented exactly in Graph's keyed parameters (an omitted argument inside a repeating parameter block has no key); it would read back as ${printCanonical(canonicalOfTree(source, catalog))}.`,
    });
  }
  return { source, problems };
}
