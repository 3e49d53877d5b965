/**
 * The expression evaluator of the dry run.
 *
 * An expression tree is compiled once into a tree of closures (cached per root node), so that a
 * dry run evaluating the same mapping for many users never re-parses, re-resolves functions or
 * re-checks arity. Static problems (syntax, unknown functions, wrong arity, nested
 * SelectUniqueValue, invalid constant regexes, undocumented Replace modes) are found while
 * compiling and reported for every evaluation; everything else fails at run time with the span of
 * the node that failed.
 *
 * Evaluation is eager, like Entra's: every argument of a call is evaluated before the call, so
 * an error in the IIF branch not taken still fails the expression (expression-grammar.md §5).
 */
import { defaultCatalog } from '../catalog';
import type { CatalogIndex } from '../catalog/lookup';
import type { CallNode, ExprNode, NodeBase, ParsedExpression } from '../expression/ast';
import { parameterForSlot } from '../expression/bind';
import { parseExpression } from '../expression/parser';
import { compileComparison } from './logic';
import { compileSelectUniqueValue } from './multivalue';
import { IMPLEMENTATIONS } from './registry';
import { buildDiacriticsTable } from './strings';
import type { EvalEnvironment, EvalError, EvalResult, Value } from './types';
import {
  type Arg,
  type CallSite,
  type CatalogTables,
  type Raw,
  type Thunk,
  EnumBox,
  EvalContext,
  Failure,
  argSpan,
  fromSample,
  isNullOrEmpty,
  toValue,
} from './values';

type Program = (ctx: EvalContext) => EvalResult;

interface CompileContext {
  catalog: CatalogIndex;
  tables: CatalogTables;
  /** Static errors, in the order found. */
  errors: Failure[];
  /** Those a rule of their own reports (syntax, unknown functions, arity): expr-unsupported leaves them out. */
  ruled: Set<Failure>;
}

const IGNORE: EvalResult = Object.freeze({ kind: 'ignore' }) as EvalResult;

// ---------------------------------------------------------------------------------------------
// Per-catalog tables and per-tree programs, built once.

const tablesByCatalog = new WeakMap<CatalogIndex, CatalogTables>();

function tablesFor(catalog: CatalogIndex): CatalogTables {
  let tables = tablesByCatalog.get(catalog);
  if (!tables) {
    tables = { diacritics: buildDiacriticsTable(catalog.functionByName('NormalizeDiacritics')?.characterMap) };
    tablesByCatalog.set(catalog, tables);
  }
  return tables;
}

interface Compiled {
  catalog: CatalogIndex;
  program: Program;
  /** What compiling refused: the expression fails this way for every object. */
  errors: readonly Failure[];
  ruled: ReadonlySet<Failure>;
}

const programs = new WeakMap<ExprNode, Compiled>();

function compiledFor(root: ExprNode, catalog: CatalogIndex): Compiled {
  const cached = programs.get(root);
  if (cached && cached.catalog === catalog) return cached;
  const compiled = { catalog, ...compileRoot(root, catalog) };
  programs.set(root, compiled);
  return compiled;
}

function programFor(root: ExprNode, catalog: CatalogIndex): Program {
  return compiledFor(root, catalog).program;
}

/** A refusal found before any value is read: the expression fails like this for every object. */
export interface StaticRefusal {
  reason: EvalError['reason'];
  message: string;
  /** The span in the expression text. */
  start: number;
  end: number;
  /** A rule of its own reports this (expr-syntax, expr-unknown-function, expr-arity). */
  ruled: boolean;
}

/**
 * Everything the evaluator refuses in an expression whatever the object (undocumented Replace
 * modes, root-only functions nested, wrong arity, …), in the order found. `check` reports these
 * (expr-undocumented and the syntax, function and arity rules), so that the expressions `check`
 * accepts are exactly those the dry run evaluates.
 */
export function staticRefusals(root: ExprNode, catalog: CatalogIndex = defaultCatalog): StaticRefusal[] {
  const compiled = compiledFor(root, catalog);
  return compiled.errors.map((e) => ({
    reason: e.reason,
    message: e.message,
    start: e.start,
    end: e.end,
    ruled: compiled.ruled.has(e),
  }));
}

/**
 * Whether compiling `root` could refuse something that no rule of its own reports (see
 * staticRefusals). Compiling builds a closure per node; a check of a large file has thousands of
 * distinct expressions, most of them calls of eager functions over attributes and constants,
 * which only syntax, unknown functions and arity can make fail, and those have rules of their own.
 * So: false only for such trees; anything else (a bare identifier, a function with a compile step
 * of its own that may refuse, a root-only or unimplemented function, an unknown function or a
 * wrong number of arguments) is compiled to find out. It follows compileNode and compileCall below.
 */
export function mayRefuseUnruled(root: ExprNode, catalog: CatalogIndex = defaultCatalog): boolean {
  switch (root.kind) {
    case 'string':
    case 'number':
    case 'attribute':
    case 'error':
      // Only syntax errors here (an unclosed string or reference): expr-syntax's.
      return false;
    case 'comparison':
      return mayRefuseUnruled(root.left, catalog) || (root.right !== null && mayRefuseUnruled(root.right, catalog));
    case 'identifier':
      return true;
    case 'call': {
      const signature = catalog.functionByName(root.name);
      if (!signature || root.close < 0) return true;
      const impl = IMPLEMENTATIONS.get(signature.name.toLowerCase());
      if (!impl || impl.rootOnly !== undefined) return true;
      if (impl.compile ? !impl.compileNeverRefuses : !impl.eager) return true;
      const slots = root.args;
      if (slots.length < signature.minArgs || slots.length > signature.maxArgs) return true;
      for (let i = 0; i < slots.length; i++) {
        const value = slots[i].value;
        if (value === null) {
          const p = parameterForSlot(signature, i, slots.length);
          if (p && p.required && !p.repeats) return true;
        } else if (mayRefuseUnruled(value, catalog)) return true;
      }
      return false;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Compilation

function staticError(
  cc: CompileContext,
  reason: Failure['reason'],
  message: string,
  at: NodeBase,
  ruled = reason === 'syntax' || reason === 'unknown-function',
): Thunk {
  const failure = new Failure(reason, message, at.start, at.end);
  cc.errors.push(failure);
  if (ruled) cc.ruled.add(failure);
  return () => {
    throw failure;
  };
}

function compileNode(node: ExprNode, cc: CompileContext, enumAllowed = false): Thunk {
  switch (node.kind) {
    case 'string': {
      if (!node.closed) return staticError(cc, 'syntax', 'This string has no closing double quote.', node);
      const value = node.value;
      return () => value;
    }
    case 'number': {
      const value = node.value;
      return () => value;
    }
    case 'attribute': {
      if (!node.closed) return staticError(cc, 'syntax', 'This attribute reference has no closing "]".', node);
      if (node.name.length === 0)
        return staticError(cc, 'syntax', 'An attribute reference needs a name between "[" and "]".', node);
      const name = node.name;
      return (ctx) => {
        const raw = ctx.env.attribute(name);
        return typeof raw === 'string' ? raw : fromSample(raw, name, node);
      };
    }
    case 'identifier': {
      if (enumAllowed) {
        const box = new EnumBox(node.name);
        return () => box;
      }
      return staticError(
        cc,
        'invalid-input',
        `The bare identifier ${node.name} is not a value: write strings in double quotes; identifiers are only enum values such as vbTextCompare.`,
        node,
      );
    }
    case 'comparison': {
      if (!node.right) return staticError(cc, 'syntax', `The comparison "${node.operator}" needs a value on its right.`, node);
      return compileComparison(node, compileNode(node.left, cc), compileNode(node.right, cc));
    }
    case 'error':
      return staticError(cc, 'syntax', 'The expression has a syntax error here.', node);
    case 'call':
      return compileCall(node, cc, false);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Resolves and checks a call; returns its site, or a thunk reporting the static error. */
function resolveCall(node: CallNode, cc: CompileContext): CallSite | Thunk {
  if (node.close < 0) return staticError(cc, 'syntax', `The call to ${node.name} is missing its closing ")".`, node);
  const signature = cc.catalog.functionByName(node.name);
  if (!signature) {
    const suggestion = cc.catalog.suggestFunction(node.name);
    return staticError(
      cc,
      'unknown-function',
      `${node.name} is not a known function${suggestion ? `; did you mean ${suggestion}?` : '.'}`,
      { start: node.nameStart, end: node.nameEnd },
    );
  }
  const slots = node.args;
  const site: CallSite = {
    node,
    name: signature.name,
    signature,
    slots,
    params: slots.map((_, i) => parameterForSlot(signature, i, slots.length)),
    tables: cc.tables,
  };
  if (slots.length < signature.minArgs || slots.length > signature.maxArgs) {
    const expected =
      signature.minArgs === signature.maxArgs
        ? plural(signature.minArgs, 'argument')
        : signature.maxArgs === Infinity
          ? `at least ${plural(signature.minArgs, 'argument')}`
          : `${signature.minArgs} to ${signature.maxArgs} arguments`;
    return staticError(
      cc,
      'invalid-input',
      `${signature.name} takes ${expected} but has ${slots.length}: ${signature.syntax}`,
      node,
      true,
    );
  }
  for (let i = 0; i < slots.length; i++) {
    const p = site.params[i];
    if (p && p.required && !p.repeats && slots[i].value === null) {
      return staticError(
        cc,
        'invalid-input',
        `${signature.name} needs a value for "${p.name}" here (an empty slot means "not supplied").`,
        argSpan(site, i),
        true,
      );
    }
  }
  return site;
}

function compileArgs(site: CallSite, cc: CompileContext): Array<Thunk | null> {
  return site.slots.map((slot, i) => (slot.value ? compileNode(slot.value, cc, site.params[i]?.type === 'Enum') : null));
}

function compileCall(node: CallNode, cc: CompileContext, isRoot: boolean): Thunk {
  const resolved = resolveCall(node, cc);
  if (typeof resolved === 'function') return resolved;
  const site = resolved;
  const impl = IMPLEMENTATIONS.get(site.name.toLowerCase());
  if (!impl) {
    return staticError(
      cc,
      'undefined-behaviour',
      `${site.name}: the evaluator has no implementation of this catalog function.`,
      node,
    );
  }
  if (impl.rootOnly !== undefined && !isRoot)
    return staticError(cc, 'undefined-behaviour', `${site.name}: ${impl.rootOnly}.`, node);
  const thunks = compileArgs(site, cc);
  if (impl.compile) {
    try {
      return impl.compile(site, thunks);
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      cc.errors.push(e);
      return () => {
        throw e;
      };
    }
  }
  const eager = impl.eager;
  if (!eager) return staticError(cc, 'undefined-behaviour', `${site.name}: cannot be evaluated here.`, node);
  const n = thunks.length;
  switch (n) {
    case 0:
      return (ctx) => eager([], site, ctx);
    case 1: {
      const a = thunks[0];
      return (ctx) => eager([a === null ? undefined : a(ctx)], site, ctx);
    }
    case 2: {
      const [a, b] = thunks;
      return (ctx) => eager([a === null ? undefined : a(ctx), b === null ? undefined : b(ctx)], site, ctx);
    }
    default:
      return (ctx) => {
        const args: Arg[] = new Array<Arg>(n);
        for (let i = 0; i < n; i++) {
          const t = thunks[i];
          args[i] = t === null ? undefined : t(ctx);
        }
        return eager(args, site, ctx);
      };
  }
}

function valueResult(v: Raw, ctx: EvalContext): EvalResult {
  if (v instanceof EnumBox) throw new Error('internal: an enum value escaped its argument slot');
  const value: Value = toValue(v);
  return ctx.redacted ? { kind: 'value', value, redacted: true } : { kind: 'value', value };
}

function compileRoot(
  root: ExprNode,
  catalog: CatalogIndex,
): { program: Program; errors: readonly Failure[]; ruled: ReadonlySet<Failure> } {
  const cc: CompileContext = { catalog, tables: tablesFor(catalog), errors: [], ruled: new Set() };
  let program: Program;
  const rootName = root.kind === 'call' ? catalog.functionByName(root.name)?.name : undefined;
  if (root.kind === 'call' && rootName === 'IgnoreFlowIfNullOrEmpty') {
    const resolved = resolveCall(root, cc);
    const inner = typeof resolved === 'function' ? resolved : (compileArgs(resolved, cc)[0] as Thunk);
    program = (ctx) => {
      const v = inner(ctx);
      return isNullOrEmpty(v) ? IGNORE : valueResult(v, ctx);
    };
  } else if (root.kind === 'call' && rootName === 'SelectUniqueValue') {
    const resolved = resolveCall(root, cc);
    const thunk = typeof resolved === 'function' ? resolved : compileSelectUniqueValue(resolved, compileArgs(resolved, cc));
    program = (ctx) => valueResult(thunk(ctx), ctx);
  } else {
    const thunk = root.kind === 'call' ? compileCall(root, cc, true) : compileNode(root, cc);
    program = (ctx) => valueResult(thunk(ctx), ctx);
  }
  if (cc.errors.length > 0) {
    // The outermost problem first: the earliest start, and of those the widest span.
    const first = cc.errors.reduce((a, b) => (b.start < a.start || (b.start === a.start && b.end > a.end) ? b : a));
    const result: EvalResult = {
      kind: 'error',
      error: { message: first.message, start: first.start, end: first.end, reason: first.reason },
    };
    return { program: () => result, errors: cc.errors, ruled: cc.ruled };
  }
  return { program, errors: cc.errors, ruled: cc.ruled };
}

// ---------------------------------------------------------------------------------------------
// Public API

/** Evaluates a parsed expression for one object. Never throws for bad input or data. */
export function evaluateExpression(
  root: ExprNode | null,
  env: EvalEnvironment,
  catalog: CatalogIndex = defaultCatalog,
): EvalResult {
  if (!root) return { kind: 'error', error: { message: 'The expression is empty.', start: 0, end: 0, reason: 'syntax' } };
  const program = programFor(root, catalog);
  const ctx = new EvalContext(env);
  try {
    return program(ctx);
  } catch (e) {
    if (e instanceof Failure)
      return { kind: 'error', error: { message: e.message, start: e.start, end: e.end, reason: e.reason } };
    throw e;
  }
}

/** Parsed expressions by text, so that evaluating the same text again does not re-parse it. */
const parsedByText = new Map<string, ParsedExpression>();
const MAX_PARSED = 4096;

function parseCached(text: string): ParsedExpression {
  let parsed = parsedByText.get(text);
  if (!parsed) {
    if (parsedByText.size >= MAX_PARSED) parsedByText.clear();
    parsed = parseExpression(text);
    parsedByText.set(text, parsed);
  }
  return parsed;
}

/** Parses and evaluates expression text; a syntax error gives `{ kind: 'error', reason: 'syntax' }`. */
export function evaluateText(text: string, env: EvalEnvironment, catalog: CatalogIndex = defaultCatalog): EvalResult {
  const parsed = parseCached(text);
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0];
    return { kind: 'error', error: { message: e.message, start: e.start, end: e.end, reason: 'syntax' } };
  }
  return evaluateExpression(parsed.root, env, catalog);
}

/**
 * The JSON form of a value: a string, an array of strings for a multi-valued value, null for
 * NULL, and SCIM role objects for AppRoleAssignmentsComplex.
 */
export function valueToJson(value: Value): string | string[] | null | Array<Record<string, unknown>> {
  switch (value.kind) {
    case 'null':
      return null;
    case 'string':
      return value.value;
    case 'multi':
      return value.values.slice();
    case 'roles':
      return value.roles.map((r) => {
        const out: Record<string, unknown> = {};
        if (r.primary !== undefined) out.primary = r.primary;
        if (r.type !== undefined) out.type = r.type;
        if (r.display !== undefined) out.display = r.display;
        out.value = r.value;
        return out;
      });
  }
}
