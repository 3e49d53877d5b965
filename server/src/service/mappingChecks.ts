/**
 * The per-mapping part of validation: every rule's `checkFilters` over every list of scoping
 * filters, and `checkExpression` and `checkMapping` over every attribute mapping, and the reuse of
 * what they found.
 *
 * - Per expression: `checkExpression` depends on nothing but the expression (see Rule), and parsed
 *   expressions are shared by text, so it runs once per distinct expression and object kind; its
 *   findings are kept with the expression and placed in each mapping that has it.
 * - Per mapping, between two checks of a file: a keystroke changes one place, so every mapping
 *   before it is unchanged at the same offsets and every mapping after it unchanged but moved by
 *   the length of the edit (found from the common prefix and suffix of the two texts). Such a
 *   mapping keeps its previous findings, moved with it. Only the same object section and index
 *   count (fixes name the index, e.g. remove-mapping), and only between two checks of a mapping
 *   file without JSON syntax errors (the tree of a broken file depends on more than the mapping's
 *   own text), with the same catalog and the same enabled rules. The state kept for the next
 *   check is the text and the findings (not the model), one per file.
 * - Per inline scope, between two checks of a file: the same, for what `checkFilters` found in a
 *   section's `scope` (a keystroke in a mapping leaves the scoping filters unchanged).
 */
import type { CatalogIndex } from './catalog/lookup';
import type { ObjectKind } from './catalog/types';
import type { ParsedExpression } from './expression/ast';
import type { AttributeMappingModel, ModelDocument, SourceExpression } from './model/types';
import {
  scopeFilterSets,
  type ExpressionRuleContext,
  type FiltersRuleContext,
  type Finding,
  type FixData,
  type MappingRuleContext,
  type Rule,
  type RuleContext,
} from './rules/types';
import { factsOf, type ExpressionFacts, type RuleResults } from './rules/expressionFacts';
import { fileSpan, objectMappings } from './rules/util';

/** What one mapping's checks found, per rule (undefined: nothing), and where the mapping was. */
interface CheckedMapping {
  start: number;
  length: number;
  findings: Array<Finding[] | undefined> | undefined;
}

/** What a check of a file leaves for the next check of the same file. */
export interface MappingCheckState {
  text: string;
  catalog: CatalogIndex;
  rules: readonly Rule[];
  sections: Map<ObjectKind, CheckedMapping[]>;
  /** Per section, what the `checkFilters` rules found in its inline scope. */
  scopes: Map<ObjectKind, CheckedMapping>;
}

export interface MappingCheckResult {
  /** `byRule[i]`: the findings of `rules[i]`, in document order. */
  byRule: Finding[][];
  /** Undefined when the file cannot pass its findings on (not a mapping file, or syntax errors). */
  state: MappingCheckState | undefined;
}

/** The length of the longest common prefix of `a` and `b`. */
function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  // Whole chunks first: comparing strings is native and fast, a loop over characters is not.
  let i = 0;
  while (i + CHUNK <= max && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The length of the longest common suffix of `a` and `b` that does not reach into their first `floor` characters. */
function commonSuffix(a: string, b: string, floor: number): number {
  const max = Math.min(a.length, b.length) - floor;
  let n = 0;
  while (n + CHUNK <= max && a.slice(a.length - n - CHUNK, a.length - n) === b.slice(b.length - n - CHUNK, b.length - n))
    n += CHUNK;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

const CHUNK = 1024;

function sameRules(a: readonly Rule[], b: readonly Rule[]): boolean {
  return a.length === b.length && a.every((rule, i) => rule === b[i]);
}

/** A finding moved by `delta` characters, fixes included; the original is left as it is. */
function moved(finding: Finding, delta: number): Finding {
  const copy: Finding = { ...finding, span: { start: finding.span.start + delta, end: finding.span.end + delta } };
  if (finding.fixes)
    copy.fixes = finding.fixes.map((fix): FixData =>
      fix.fix === 'replace' ? { ...fix, span: { start: fix.span.start + delta, end: fix.span.end + delta } } : fix,
    );
  return copy;
}

/**
 * Runs a list of `checkExpression` rules on expressions for one catalog. What they find is kept
 * with each expression (see expressionFacts.ts): parsed expressions are shared by text, so a file
 * that uses `[mail]` in a hundred mappings checks it once.
 */
class ExpressionChecks {
  private reported: Finding[] | undefined;
  private current: ExpressionFacts | undefined;
  // One context for every expression: rules use it only while they run.
  private readonly context: ExpressionRuleContext;

  constructor(
    private readonly catalog: CatalogIndex,
    readonly rules: readonly Rule[],
  ) {
    this.context = {
      catalog,
      object: 'user',
      parsed: undefined as unknown as ParsedExpression,
      nodes: (kind) => this.current!.nodes(kind),
      report: (finding) => (this.reported ??= []).push(finding),
    };
  }

  /** Per rule, what it found in `parsed` for `object` (in expression offsets), or null when nothing. */
  of(parsed: ParsedExpression, object: ObjectKind): RuleResults {
    const expression = factsOf(parsed);
    const facts = expression.forCatalog(this.catalog);
    if (facts.rules !== this.rules) {
      facts.rules = this.rules;
      facts.user = facts.group = undefined;
    }
    let found = facts[object];
    if (found === undefined) facts[object] = found = this.compute(expression, object);
    return found;
  }

  private compute(expression: ExpressionFacts, object: ObjectKind): RuleResults {
    const { rules, context } = this;
    this.current = expression;
    context.parsed = expression.parsed;
    context.object = object;
    let found: Array<readonly Finding[] | undefined> | null = null;
    for (let k = 0; k < rules.length; k++) {
      this.reported = undefined;
      rules[k].checkExpression!(context);
      if (this.reported) (found ??= new Array<readonly Finding[] | undefined>(rules.length))[k] = this.reported;
    }
    this.reported = undefined;
    return found;
  }
}

/**
 * ExpressionChecks per catalog, one per list of rules (the settings decide which rules run). The
 * same instance for the same list, so that results kept with an expression are known to be for it.
 */
const expressionChecks = new WeakMap<CatalogIndex, ExpressionChecks[]>();

function expressionChecksFor(catalog: CatalogIndex, rules: readonly Rule[]): ExpressionChecks {
  let known = expressionChecks.get(catalog);
  if (!known) expressionChecks.set(catalog, (known = []));
  let checks = known.find((c) => sameRules(c.rules, rules));
  if (!checks) {
    checks = new ExpressionChecks(catalog, rules);
    // A few rule lists at most in practice; a bound keeps settings churn from growing it.
    if (known.length >= 8) known.shift();
    known.push(checks);
  }
  return checks;
}

/** A finding of `checkExpression` placed in the file: expression offsets become file offsets of `source`. */
function placed(finding: Finding, source: SourceExpression): Finding {
  const copy: Finding = { ...finding, span: fileSpan(source, finding.span.start, finding.span.end) };
  if (finding.fixes)
    copy.fixes = finding.fixes.map((fix): FixData =>
      fix.fix === 'replace' ? { ...fix, span: fileSpan(source, fix.span.start, fix.span.end) } : fix,
    );
  return copy;
}

/**
 * Runs the per-section checks of `rules` on `document`: `checkFilters` on every list of scoping
 * filters, then `checkExpression` and `checkMapping` on every mapping, reusing `previous` where it
 * allows. `base` is the document's rule context; each hook sees it with its own fields set.
 */
export function runMappingChecks(
  rules: readonly Rule[],
  document: ModelDocument,
  base: RuleContext,
  previous?: MappingCheckState,
): MappingCheckResult {
  const byRule: Finding[][] = rules.map(() => []);
  const text = document.text;
  const catalog = base.catalog;
  const reusable = document.kind === 'mapping' && document.syntaxErrors.length === 0;
  const reuse = reusable && previous && previous.catalog === catalog && sameRules(previous.rules, rules) ? previous : undefined;
  const state: MappingCheckState | undefined = reusable
    ? { text, catalog, rules, sections: new Map(), scopes: new Map() }
    : undefined;

  // One context for all mappings: rules use it only while they run.
  let bucket: Finding[] | undefined;
  const context: MappingRuleContext = {
    ...base,
    mapping: undefined as unknown as AttributeMappingModel,
    awsTarget: undefined,
    report: (finding) => (bucket ??= []).push(finding),
  };
  // Read once: rules are objects of many shapes, and the loop below runs for every mapping.
  const mappingRules: number[] = [];
  const expressionRules: number[] = [];
  const filterRules: number[] = [];
  rules.forEach((rule, r) => {
    if (rule.checkMapping) mappingRules.push(r);
    if (rule.checkExpression) expressionRules.push(r);
    if (rule.checkFilters) filterRules.push(r);
  });
  const expressions = expressionChecksFor(
    catalog,
    expressionRules.map((r) => rules[r]),
  );

  // What did not change since the previous check: a common prefix, and a common suffix moved by `shift`.
  const prefix = reuse ? commonPrefix(reuse.text, text) : 0;
  const suffix = reuse ? commonSuffix(reuse.text, text, prefix) : 0;
  const shift = reuse ? text.length - reuse.text.length : 0;
  /** Whether `[start, start + length)` is the same text as `old` was in the previous check. */
  const unchangedSince = (old: CheckedMapping | undefined, start: number, length: number): old is CheckedMapping =>
    old !== undefined &&
    old.length === length &&
    ((start + length <= prefix && old.start === start) || (start >= text.length - suffix && old.start === start - shift));
  /** What `old` found, moved to where its text now starts. */
  const keptFindings = (old: CheckedMapping, start: number): CheckedMapping['findings'] => {
    const delta = start - old.start;
    return delta === 0 || !old.findings
      ? old.findings
      : old.findings.map((list) => list?.map((finding) => moved(finding, delta)));
  };
  const collect = (findings: CheckedMapping['findings']): void => {
    if (!findings) return;
    for (let r = 0; r < rules.length; r++) {
      const list = findings[r];
      if (list) for (let f = 0; f < list.length; f++) byRule[r].push(list[f]);
    }
  };

  // Scoping filters first, in document order: a scope file's, or each section's inline scope.
  if (filterRules.length > 0) {
    let filterBucket: Finding[] | undefined;
    const filterContext: FiltersRuleContext = {
      ...base,
      object: 'user',
      filters: [],
      report: (finding) => (filterBucket ??= []).push(finding),
    };
    for (const set of scopeFilterSets(base)) {
      const node = set.node;
      const old = node ? reuse?.scopes.get(set.object) : undefined;
      let findings: CheckedMapping['findings'];
      if (node && unchangedSince(old, node.offset, node.length)) findings = keptFindings(old, node.offset);
      else {
        filterContext.object = set.object;
        filterContext.filters = set.filters;
        for (let j = 0; j < filterRules.length; j++) {
          filterBucket = undefined;
          rules[filterRules[j]].checkFilters!(filterContext);
          if (filterBucket) (findings ??= new Array<Finding[] | undefined>(rules.length))[filterRules[j]] = filterBucket;
        }
      }
      if (state && node) state.scopes.set(set.object, { start: node.offset, length: node.length, findings });
      collect(findings);
    }
  }

  // Indexed loops: this runs once per check, over thousands of mappings.
  const objects = objectMappings(document);
  for (let o = 0; o < objects.length; o++) {
    const object = objects[o];
    const before = reuse?.sections.get(object.object);
    const checked: CheckedMapping[] = [];
    state?.sections.set(object.object, checked);
    const mappings = object.mappings;
    for (let m = 0; m < mappings.length; m++) {
      const mapping = mappings[m];
      const start = mapping.node.offset;
      const length = mapping.node.length;
      const old = before?.[mapping.index];
      let findings: CheckedMapping['findings'];
      const unchanged =
        old !== undefined &&
        old.length === length &&
        ((start + length <= prefix && old.start === start) || (start >= text.length - suffix && old.start === start - shift));
      if (unchanged) {
        findings = old.findings === undefined || old.start === start ? old.findings : keptFindings(old, start);
      } else {
        const source = mapping.source;
        // What the expression rules found in this expression, placed in this mapping.
        const inExpression = source && expressionRules.length > 0 ? expressions.of(source.parsed, mapping.object) : null;
        if (inExpression) {
          for (let k = 0; k < expressionRules.length; k++) {
            const found = inExpression[k];
            if (found)
              (findings ??= new Array<Finding[] | undefined>(rules.length))[expressionRules[k]] = found.map((finding) =>
                placed(finding, source!),
              );
          }
        }
        context.mapping = mapping;
        context.awsTarget = mapping.target ? catalog.awsTarget(mapping.object, mapping.target.value) : undefined;
        for (let j = 0; j < mappingRules.length; j++) {
          const r = mappingRules[j];
          // After this rule's expression findings, if any.
          bucket = findings?.[r];
          rules[r].checkMapping!(context);
          if (bucket) (findings ??= new Array<Finding[] | undefined>(rules.length))[r] = bucket;
        }
      }
      if (state) checked.push({ start, length, findings });
      // Written out rather than collect(findings): this loop runs for every mapping, often before the JIT has optimised it.
      if (findings === undefined) continue;
      for (let r = 0; r < rules.length; r++) {
        const list = findings[r];
        if (list) for (let f = 0; f < list.length; f++) byRule[r].push(list[f]);
      }
    }
  }
  return { byRule, state };
}
