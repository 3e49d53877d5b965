/**
 * What the rules derive from one parsed expression, kept in one place: its nodes (all of them,
 * and per kind) and, per catalog, its output constants, its SelectUniqueValue calls and what the
 * per-expression rules found (see mappingChecks.ts).
 *
 * Parsed expressions are shared by text (parseExpressionShared), so all of this is computed once
 * per distinct expression, not once per mapping, rule or check. It hangs off one WeakMap entry per
 * expression: adding a WeakMap entry costs a few hundred nanoseconds, and a large file has
 * thousands of expressions.
 */
import type { CatalogIndex } from '../catalog/lookup';
import type { CallNode, ExprNode, ParsedExpression, StringNode } from '../expression/ast';
import { collectOutputConstants } from './constantValues';
import type { ExpressionNodes, Finding, ParentNode, Rule } from './types';

const NO_NODES: ExpressionNodes = { nodes: [], parents: [] };

/** Appends `node` and its descendants in walk order (expressions nest at most MAX_NESTING deep). */
function collectNodes(into: ExpressionNodes, node: ExprNode, parent: ParentNode | null): void {
  into.nodes.push(node);
  into.parents.push(parent);
  if (node.kind === 'call') {
    for (const slot of node.args) if (slot.value) collectNodes(into, slot.value, node);
  } else if (node.kind === 'comparison') {
    collectNodes(into, node.left, node);
    if (node.right) collectNodes(into, node.right, node);
  }
}

/**
 * What a list of `checkExpression` rules found in an expression for one object kind: per rule, the
 * findings (in expression offsets), or null when no rule found anything.
 */
export type RuleResults = ReadonlyArray<readonly Finding[] | undefined> | null;

/** What depends on the catalog as well as on the expression. */
export class CatalogFacts {
  private constants: StringNode[] | undefined;
  private uniqueValueCalls: CallNode[] | undefined;
  /** The rule list `user` and `group` were computed with (one list at a time: settings rarely change). */
  rules: readonly Rule[] | undefined = undefined;
  user: RuleResults | undefined = undefined;
  group: RuleResults | undefined = undefined;

  constructor(
    readonly catalog: CatalogIndex,
    private readonly facts: ExpressionFacts,
  ) {}

  /** The string constants whose characters can end up in the value AWS receives (see constantValues.ts). */
  outputConstants(): StringNode[] {
    return (this.constants ??= collectOutputConstants(this.catalog, this.facts.parsed.root));
  }

  /** The calls of SelectUniqueValue, whatever the casing. */
  selectUniqueValueCalls(): CallNode[] {
    return (this.uniqueValueCalls ??= (this.facts.nodes('call').nodes as CallNode[]).filter(
      (node) => this.catalog.functionByName(node.name)?.name === 'SelectUniqueValue',
    ));
  }
}

export class ExpressionFacts {
  private all: ExpressionNodes | undefined;
  // Per kind, made when a rule first asks (fixed fields: one object shape for every expression).
  private call: ExpressionNodes | undefined;
  private attribute: ExpressionNodes | undefined;
  private string: ExpressionNodes | undefined;
  private number: ExpressionNodes | undefined;
  private identifier: ExpressionNodes | undefined;
  private comparison: ExpressionNodes | undefined;
  private error: ExpressionNodes | undefined;
  private byCatalog: CatalogFacts[] | undefined;

  constructor(readonly parsed: ParsedExpression) {}

  /**
   * Every node in walk order with its parent, or with `kind` only the nodes of that kind (most
   * rules look at calls or attributes only). The lists are shared: never modify them.
   */
  nodes(kind?: ExprNode['kind']): ExpressionNodes {
    const root = this.parsed.root;
    if (!root) return NO_NODES;
    if (!this.all) {
      const all: ExpressionNodes = { nodes: [], parents: [] };
      collectNodes(all, root, null);
      // Exact-size copies: these lists live as long as the tree.
      this.all = { nodes: all.nodes.slice(), parents: all.parents.slice() };
    }
    if (!kind) return this.all;
    let found = this[kind];
    if (!found) {
      const { nodes, parents } = this.all;
      let count = 0;
      for (const node of nodes) if (node.kind === kind) count++;
      found = { nodes: new Array<ExprNode>(count), parents: new Array<ParentNode | null>(count) };
      for (let i = 0, k = 0; i < nodes.length; i++) {
        if (nodes[i].kind !== kind) continue;
        found.nodes[k] = nodes[i];
        found.parents[k++] = parents[i];
      }
      this[kind] = found;
    }
    return found;
  }

  /** The facts that also depend on the catalog. A few catalogs at most are kept per expression. */
  forCatalog(catalog: CatalogIndex): CatalogFacts {
    const list = (this.byCatalog ??= []);
    for (const facts of list) if (facts.catalog === catalog) return facts;
    const facts = new CatalogFacts(catalog, this);
    if (list.length >= 4) list.shift();
    list.push(facts);
    return facts;
  }
}

const factsByExpression = new WeakMap<ParsedExpression, ExpressionFacts>();

/** The facts of a parsed expression, made on first use. */
export function factsOf(parsed: ParsedExpression): ExpressionFacts {
  let facts = factsByExpression.get(parsed);
  if (!facts) factsByExpression.set(parsed, (facts = new ExpressionFacts(parsed)));
  return facts;
}
