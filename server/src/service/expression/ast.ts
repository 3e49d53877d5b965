/**
 * The syntax tree of an Entra attribute-mapping expression. Offsets are UTF-16 indexes into the
 * decoded expression text; the document layer maps them back to file positions.
 *
 * The node kinds mirror Graph's attributeMappingSource: `call` is a Function node, `attribute` an
 * Attribute node, and `string`/`number` are Constant nodes. `identifier` (bare enum names such as
 * vbTextCompare) and `comparison` (inside IIF and CBool) are parsed as Graph does not say how it
 * stores them; `error` marks a place the parser recovered from.
 */

export interface NodeBase {
  start: number;
  end: number;
}

export interface CallNode extends NodeBase {
  kind: 'call';
  name: string;
  nameStart: number;
  nameEnd: number;
  /** Offset of `(`. */
  open: number;
  /** Offset of `)`, or -1 when the call is not closed (a half-typed expression). */
  close: number;
  /** One entry per argument slot; an empty slot (`, ,`) is a slot whose `value` is null. */
  args: ArgSlot[];
}

export interface ArgSlot extends NodeBase {
  value: ExprNode | null;
}

export interface AttributeNode extends NodeBase {
  kind: 'attribute';
  name: string;
  /** False when the closing `]` is missing. */
  closed: boolean;
}

export interface StringNode extends NodeBase {
  kind: 'string';
  value: string;
  closed: boolean;
  /** Offsets of backslashes not followed by `"` or `\`, which Entra keeps literally. */
  unknownEscapes: number[];
}

export interface NumberNode extends NodeBase {
  kind: 'number';
  /** The literal as written (`-10`, `&HF7`). */
  text: string;
  /** The decimal digit string Graph stores as the constant's name (`&HF7` → `247`). */
  value: string;
  hex: boolean;
}

export interface IdentifierNode extends NodeBase {
  kind: 'identifier';
  name: string;
}

export type ComparisonOperator = '=' | '<>' | '>' | '>=' | '<' | '<=';

export interface ComparisonNode extends NodeBase {
  kind: 'comparison';
  operator: ComparisonOperator;
  operatorStart: number;
  left: ExprNode;
  right: ExprNode | null;
}

export interface ErrorNode extends NodeBase {
  kind: 'error';
}

export type ExprNode = CallNode | AttributeNode | StringNode | NumberNode | IdentifierNode | ComparisonNode | ErrorNode;

export interface ExpressionSyntaxError extends NodeBase {
  message: string;
  /** A stable sub-kind so that quick fixes and tests need not read the message. */
  reason:
    | 'unexpected-token'
    | 'unterminated-string'
    | 'unterminated-attribute'
    | 'unclosed-call'
    | 'missing-comma'
    | 'single-quote'
    | 'concatenation'
    | 'logical-operator'
    | 'comment'
    | 'empty'
    | 'trailing-text'
    | 'too-deep'
    | 'chained-comparison'
    | 'missing-operand';
}

export interface ParsedExpression {
  text: string;
  root: ExprNode | null;
  errors: ExpressionSyntaxError[];
}

/** Visits every node depth-first, parents before children. */
export function walk(node: ExprNode | null, visit: (node: ExprNode, parent: CallNode | ComparisonNode | null) => void): void {
  const stack: Array<[ExprNode, CallNode | ComparisonNode | null]> = [];
  if (node) stack.push([node, null]);
  while (stack.length > 0) {
    const [current, parent] = stack.pop()!;
    visit(current, parent);
    if (current.kind === 'call') {
      for (let i = current.args.length - 1; i >= 0; i--) {
        const value = current.args[i].value;
        if (value) stack.push([value, current]);
      }
    } else if (current.kind === 'comparison') {
      if (current.right) stack.push([current.right, current]);
      stack.push([current.left, current]);
    }
  }
}

/** The innermost call whose parentheses contain `offset` (for signature help and completion). */
export function enclosingCall(root: ExprNode | null, offset: number): CallNode | null {
  let found: CallNode | null = null;
  walk(root, (node) => {
    if (node.kind === 'call' && offset > node.open && (node.close < 0 || offset <= node.close)) {
      found = node;
    }
  });
  return found;
}
