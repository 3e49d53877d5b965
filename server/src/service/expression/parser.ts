import type { ArgSlot, CallNode, ComparisonOperator, ExprNode, ExpressionSyntaxError, ParsedExpression } from './ast';
import { tokenize, type Token } from './tokenizer';

/** Nesting deeper than this is reported instead of recursed into, so hostile input cannot overflow the stack. */
export const MAX_NESTING = 200;

/**
 * A recursive-descent parser for Entra mapping expressions (see ARCHITECTURE.md for the grammar).
 * It always returns a tree: errors are collected and the parser resynchronises at the next comma
 * or closing parenthesis, which keeps completion and hover working while the user types.
 */
class Parser {
  private pos = 0;
  readonly errors: ExpressionSyntaxError[] = [];
  // The argument slots of the calls being read, innermost last; each call takes an exact-size copy
  // of its own when it ends (a fresh array per call would reserve room for 16 more slots).
  private readonly slots: ArgSlot[] = [];

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  private get token(): Token {
    return this.tokens[this.pos];
  }

  private atEnd(): boolean {
    return this.tokens[this.pos].kind === 'eof';
  }

  private peek(offset = 1): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.tokens[this.pos];
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  private error(reason: ExpressionSyntaxError['reason'], message: string, start: number, end: number): void {
    this.errors.push({ reason, message, start, end: Math.max(end, start) });
  }

  parseExpression(): ParsedExpression {
    if (this.token.kind === 'eof') {
      this.error(
        'empty',
        'The expression is empty: write an attribute such as [mail], a "constant" or a function call.',
        0,
        this.text.length,
      );
      return { text: this.text, root: null, errors: this.errors };
    }
    const root = this.parseValue(0);
    while (!this.atEnd()) {
      const t = this.token;
      if (t.kind === 'rparen') {
        this.error('unexpected-token', 'This ")" has no matching "(".', t.start, t.end);
        this.next();
        continue;
      }
      this.reportStray(t, 'trailing-text');
      this.skipStray();
      // The operand after "&" belongs to the concatenation already reported.
      if (t.kind === 'ampersand' && this.startsPrimary(this.token)) this.skipStray();
    }
    return { text: this.text, root, errors: this.errors };
  }

  /** value = primary [compOp primary] */
  private parseValue(depth: number): ExprNode {
    const left = this.parsePrimary(depth);
    if (this.token.kind !== 'compare') return left;
    const opToken = this.next();
    const operator = opToken.value as ComparisonOperator;
    let right: ExprNode | null = null;
    if (this.startsPrimary(this.token)) {
      right = this.parsePrimary(depth);
    } else {
      this.error('missing-operand', `The comparison "${operator}" needs a value on its right.`, opToken.start, opToken.end);
    }
    const node: ExprNode = {
      kind: 'comparison',
      operator,
      operatorStart: opToken.start,
      left,
      right,
      start: left.start,
      end: right ? right.end : opToken.end,
    };
    if (this.token.kind === 'compare') {
      this.error(
        'chained-comparison',
        'Comparisons cannot be chained; nest IIF calls instead.',
        this.token.start,
        this.token.end,
      );
    }
    return node;
  }

  private startsPrimary(t: Token): boolean {
    return (
      t.kind === 'identifier' ||
      t.kind === 'attribute' ||
      t.kind === 'string' ||
      t.kind === 'single-quoted' ||
      t.kind === 'number' ||
      t.kind === 'hex'
    );
  }

  private parsePrimary(depth: number): ExprNode {
    const t = this.token;
    switch (t.kind) {
      case 'identifier':
        if (this.peek().kind === 'lparen') return this.parseCall(depth);
        this.next();
        return { kind: 'identifier', name: t.value, start: t.start, end: t.end };
      case 'attribute':
        this.next();
        if (!t.closed) {
          this.error('unterminated-attribute', 'This attribute reference has no closing "]".', t.start, t.end);
        } else if (t.value.length === 0) {
          this.error('unexpected-token', 'An attribute reference needs a name between "[" and "]".', t.start, t.end);
        }
        return { kind: 'attribute', name: t.value, closed: t.closed, start: t.start, end: t.end };
      case 'string':
        this.next();
        if (!t.closed) this.error('unterminated-string', 'This string has no closing double quote.', t.start, t.end);
        return {
          kind: 'string',
          value: t.value,
          closed: t.closed,
          unknownEscapes: t.unknownEscapes ?? [],
          start: t.start,
          end: t.end,
        };
      case 'single-quoted':
        this.next();
        this.error(
          'single-quote',
          'Strings are written in double quotes; single quotes are not part of the expression language.',
          t.start,
          t.end,
        );
        return { kind: 'string', value: t.value, closed: t.closed, unknownEscapes: [], start: t.start, end: t.end };
      case 'number':
        this.next();
        return {
          kind: 'number',
          text: t.value,
          value: t.value.replace(/^(-?)0+(?=\d)/, '$1'),
          hex: false,
          start: t.start,
          end: t.end,
        };
      case 'hex':
        this.next();
        return {
          kind: 'number',
          text: t.value,
          value: BigInt('0x' + t.value.slice(2)).toString(),
          hex: true,
          start: t.start,
          end: t.end,
        };
      default: {
        // Nothing that can start a value: report it and leave the token for the caller to resync on.
        if (t.kind === 'eof') {
          this.error('missing-operand', 'A value is missing here.', t.start, t.end);
        } else if (t.kind !== 'comma' && t.kind !== 'rparen') {
          this.reportStray(t, 'unexpected-token');
          this.next();
        } else {
          this.error('missing-operand', 'A value is missing here.', t.start, t.end);
        }
        return { kind: 'error', start: t.start, end: t.kind === 'eof' ? t.start : t.end };
      }
    }
  }

  private parseCall(depth: number): CallNode {
    const nameToken = this.next();
    const open = this.next();
    const call: CallNode = {
      kind: 'call',
      name: nameToken.value,
      nameStart: nameToken.start,
      nameEnd: nameToken.end,
      open: open.start,
      close: -1,
      args: [],
      start: nameToken.start,
      end: open.end,
    };
    if (depth >= MAX_NESTING) {
      this.error(
        'too-deep',
        `Function calls are nested more than ${MAX_NESTING} levels deep.`,
        nameToken.start,
        this.text.length,
      );
      this.pos = this.tokens.length - 1;
      call.end = this.text.length;
      return call;
    }
    // `Guid()` and `Guid( )` have zero argument slots.
    if (this.token.kind === 'rparen') {
      const close = this.next();
      call.close = close.start;
      call.end = close.end;
      return call;
    }
    const slots = this.slots;
    const first = slots.length;
    let slotStart = open.end;
    for (;;) {
      const t = this.token;
      if (t.kind === 'comma' || t.kind === 'rparen' || t.kind === 'eof') {
        // An empty slot: `Replace([x], , "a")`.
        slots.push({ value: null, start: slotStart, end: t.start });
      } else {
        const value = this.parseValue(depth + 1);
        const slot: ArgSlot = { value, start: slotStart, end: value.end };
        slots.push(slot);
        if (this.skipUntilSeparator(slot)) {
          slotStart = this.token.start;
          continue;
        }
      }
      const sep = this.token;
      if (sep.kind === 'comma') {
        this.next();
        slotStart = sep.end;
        continue;
      }
      if (sep.kind === 'rparen') {
        this.next();
        call.close = sep.start;
        call.end = sep.end;
        call.args = slots.slice(first);
        slots.length = first;
        return call;
      }
      // End of text: the call is unclosed, which is normal while typing.
      this.error('unclosed-call', `The call to ${call.name} is missing its closing ")".`, call.nameStart, this.text.length);
      call.end = this.text.length;
      const last = slots.length > first ? slots[slots.length - 1] : undefined;
      if (last) last.end = Math.max(last.end, this.text.length);
      call.args = slots.slice(first);
      slots.length = first;
      return call;
    }
  }

  /** After an argument, anything but `,` or `)` is an error; skip it so the next argument still parses. */
  private skipUntilSeparator(slot: ArgSlot): boolean {
    let reported = false;
    while (this.token.kind !== 'comma' && this.token.kind !== 'rparen' && this.token.kind !== 'eof') {
      const t = this.token;
      if (!reported) {
        if (this.startsPrimary(t) && !isLogicalWord(t)) {
          this.error('missing-comma', 'A comma is missing between these arguments.', t.start, t.end);
          // Treat what follows as its own argument rather than dropping it.
          return true;
        }
        this.reportStray(t, 'unexpected-token');
        reported = true;
      }
      this.skipStray();
      slot.end = this.tokens[this.pos - 1]?.end ?? slot.end;
    }
    return false;
  }

  /** Skips one stray token; a parenthesised group is skipped whole. */
  private skipStray(): void {
    if (this.token.kind === 'lparen' || (this.token.kind === 'identifier' && this.peek().kind === 'lparen')) {
      if (this.token.kind === 'identifier') this.next();
      let balance = 0;
      do {
        const t = this.next();
        if (t.kind === 'lparen') balance++;
        else if (t.kind === 'rparen') balance--;
        if (t.kind === 'eof') return;
      } while (balance > 0);
      return;
    }
    this.next();
  }

  private reportStray(t: Token, fallback: 'unexpected-token' | 'trailing-text'): void {
    switch (t.kind) {
      case 'ampersand':
        this.error(
          'concatenation',
          'The "&" operator does not join strings in provisioning expressions; use Join("", …) or Append(…).',
          t.start,
          t.end,
        );
        return;
      case 'comment':
        this.error('comment', 'Expressions cannot contain comments.', t.start, t.end);
        return;
      case 'single-quoted':
        this.error(
          'single-quote',
          'Strings are written in double quotes; single quotes are not part of the expression language.',
          t.start,
          t.end,
        );
        return;
      case 'identifier':
        if (isLogicalWord(t)) {
          this.error('logical-operator', `"${t.value}" is not supported; nest IIF calls to combine conditions.`, t.start, t.end);
          return;
        }
        break;
      default:
        break;
    }
    const shown = t.end - t.start > 20 ? this.text.slice(t.start, t.start + 20) + '…' : this.text.slice(t.start, t.end);
    const message =
      fallback === 'trailing-text' ? `Unexpected "${shown}" after the end of the expression.` : `Unexpected "${shown}".`;
    this.error(fallback, message, t.start, t.end);
  }
}

function isLogicalWord(t: Token): boolean {
  return t.kind === 'identifier' && /^(and|or|not|xor)$/i.test(t.value) && t.value !== 'Not';
}

export function parseExpression(text: string): ParsedExpression {
  return new Parser(text, tokenize(text)).parseExpression();
}

/** Parsed expressions by text, shared by every document of the process (trees are never modified). */
const sharedTrees = new Map<string, ParsedExpression>();
const MAX_SHARED_TREES = 20_000;
/** Longer expressions are parsed each time: Entra rejects them anyway, and they would make the cache large. */
const MAX_SHARED_LENGTH = 10_000;

/**
 * parseExpression through a bounded cache. Between two keystrokes all expressions of a file but
 * one are unchanged, so re-checking a large file re-parses one expression, not all of them.
 */
export function parseExpressionShared(text: string): ParsedExpression {
  if (text.length > MAX_SHARED_LENGTH) return parseExpression(text);
  let parsed = sharedTrees.get(text);
  if (!parsed) {
    parsed = parseExpression(text);
    if (sharedTrees.size >= MAX_SHARED_TREES) sharedTrees.delete(sharedTrees.keys().next().value!);
    sharedTrees.set(text, parsed);
  }
  return parsed;
}

/** Empties the cache of parseExpressionShared (benchmarks measure a first check with it). */
export function clearSharedExpressions(): void {
  sharedTrees.clear();
}
