/**
 * What the cursor is on inside an expression. Offsets here are decoded indexes into the
 * expression text; callers map them to file offsets with `fileOffsetOf` (the expression lives
 * in a JSON string whose escapes make the two differ).
 */
import type { CatalogIndex } from '../catalog/lookup';
import type { FunctionParameter, FunctionSignature } from '../catalog/types';
import { enclosingCall, type CallNode, type ExprNode } from '../expression/ast';
import { parameterForSlot } from '../expression/bind';
import { tokenize, type Token } from '../expression/tokenizer';
import type { Span } from '../text/lineIndex';

export type ExpressionSpot =
  /** Typing an attribute name after `[`: `name` is the partial name span, `replace` also covers a closing `]`. */
  | { kind: 'attribute'; name: Span; replace: Span; hasClose: boolean }
  /** Typing an identifier where a value can start: a function name or an enum identifier. */
  | { kind: 'identifier'; word: Span; followedByParen: boolean }
  /** Inside a string or number constant, or after a complete value. */
  | { kind: 'none' };

const NAME_BREAK = /[[\]"(),\s=<>&']/;
const IDENT = /[A-Za-z0-9_]/;

/** The token that contains `index` (strings and attributes count up to before their closer). */
function tokenAt(tokens: Token[], index: number): Token | undefined {
  for (const t of tokens) {
    if (t.kind === 'eof' || t.start >= index) break;
    const closedQuoted = (t.kind === 'string' || t.kind === 'single-quoted' || t.kind === 'attribute') && t.closed;
    const innerEnd = closedQuoted ? t.end - 1 : t.end;
    if (index <= innerEnd) return t;
  }
  return undefined;
}

export function expressionSpot(text: string, index: number): ExpressionSpot {
  const tokens = tokenize(text);
  const token = tokenAt(tokens, index);
  if (token && (token.kind === 'string' || token.kind === 'single-quoted' || token.kind === 'comment')) return { kind: 'none' };
  if (token && (token.kind === 'number' || token.kind === 'hex')) return { kind: 'none' };

  // An attribute name: from the `[` to the cursor, with no break character in between.
  let nameStart = index;
  while (nameStart > 0 && !NAME_BREAK.test(text[nameStart - 1])) nameStart--;
  if (nameStart > 0 && text[nameStart - 1] === '[' && token?.kind === 'attribute') {
    let nameEnd = index;
    while (nameEnd < text.length && !NAME_BREAK.test(text[nameEnd])) nameEnd++;
    const hasClose = text[nameEnd] === ']';
    return {
      kind: 'attribute',
      name: { start: nameStart, end: nameEnd },
      replace: { start: nameStart, end: hasClose ? nameEnd + 1 : nameEnd },
      hasClose,
    };
  }

  // An identifier (possibly empty) where a value may start.
  let start = index;
  while (start > 0 && IDENT.test(text[start - 1])) start--;
  let end = index;
  while (end < text.length && IDENT.test(text[end])) end++;
  if (start < end && /[0-9]/.test(text[start])) return { kind: 'none' };
  let before = start - 1;
  while (before >= 0 && /\s/.test(text[before])) before--;
  const previous = before >= 0 ? text[before] : '';
  if (previous !== '' && !'(,=<>'.includes(previous)) return { kind: 'none' };
  let after = end;
  while (after < text.length && /[ \t]/.test(text[after])) after++;
  return { kind: 'identifier', word: { start, end }, followedByParen: text[after] === '(' };
}

/** The argument slot of `call` that `index` falls in (0-based); 0 for a call without slots. */
function slotIndexAt(call: CallNode, index: number): number {
  let slot = 0;
  for (let i = 0; i < call.args.length; i++) {
    if (call.args[i].start <= index) slot = i;
  }
  // The parser closes slots at commas; a cursor right after a trailing comma is in a new slot.
  const last = call.args[call.args.length - 1];
  if (last && index > last.end && call.close < 0) {
    return call.args.length;
  }
  return slot;
}

export interface CallContext {
  call: CallNode;
  signature: FunctionSignature | undefined;
  slot: number;
  /** The number of slots, counting the one under the cursor. */
  slotCount: number;
  parameter: FunctionParameter | null;
}

/** The innermost call around `index`, with the slot and parameter under the cursor. */
export function callContextAt(catalog: CatalogIndex, root: ExprNode | null, index: number): CallContext | undefined {
  const call = enclosingCall(root, index);
  if (!call) return undefined;
  const signature = catalog.functionByName(call.name);
  const slot = slotIndexAt(call, index);
  const slotCount = Math.max(call.args.length, slot + 1);
  const parameter = signature ? parameterForSlot(signature, slot, slotCount) : null;
  return { call, signature, slot, slotCount, parameter };
}
