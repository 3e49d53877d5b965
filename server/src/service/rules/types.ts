import type { CatalogIndex } from '../catalog/lookup';
import type { AwsTargetAttribute, ObjectKind } from '../catalog/types';
import type { CallNode, ComparisonNode, ExprNode, ParsedExpression } from '../expression/ast';
import type {
  AttributeMappingModel,
  JsonNode,
  MappingLikeDocument,
  ModelDocument,
  ScopeDocument,
  ScopeFilterModel,
} from '../model/types';
import type { Span } from '../text/lineIndex';

/** A call or comparison: the nodes that have children. */
export type ParentNode = CallNode | ComparisonNode;

/**
 * The nodes of one expression tree in walk order (parents first), with their parents. Here, not
 * in expressionFacts.ts (which computes them), because rule contexts hand them out.
 */
export interface ExpressionNodes {
  nodes: ExprNode[];
  parents: Array<ParentNode | null>;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

/**
 * What a quick fix needs, carried in `Diagnostic.data`. Every variant is a plain edit
 * description so that code actions never have to read a message.
 */
export type FixData =
  /** Replace the text of `span` (file offsets) with `newText`. */
  | { fix: 'replace'; span: Span; newText: string; title: string }
  /** Remove mapping number `index` of the user or group section. */
  | { fix: 'remove-mapping'; object: ObjectKind; index: number; title: string }
  /** Add a mapping `{ target, source }` to the user or group section. */
  | { fix: 'add-mapping'; object: ObjectKind; target: string; source: string; title: string }
  /** Move `matchingPrecedence` from mapping `fromIndex` to the mapping whose target is `toTarget`. */
  | { fix: 'move-matching'; object: ObjectKind; fromIndex: number; toTarget: string; title: string }
  /** Set `matchingPrecedence: 1` on the mapping whose target is `toTarget`, adding that mapping (with the gallery source) when it is missing. */
  | { fix: 'add-matching'; object: ObjectKind; toTarget: string; title: string }
  /** Remove a property (by JSON path from the root) such as a clause's `value`. */
  | { fix: 'remove-property'; path: Array<string | number>; title: string }
  /** Set a property (by JSON path from the root) to a JSON value. */
  | { fix: 'set-property'; path: Array<string | number>; value: unknown; title: string };

export interface Finding {
  code: string;
  message: string;
  span: Span;
  /** Quick-fix payloads, one per offered fix. */
  fixes?: FixData[];
  /**
   * This finding's default severity when it differs from the rule's (token-expiring: a warning
   * before the date, an error after); a per-rule setting still overrides it.
   */
  severity?: Severity;
  /** Marks such as "unnecessary" for faded rendering. */
  tags?: Array<'unnecessary' | 'deprecated'>;
}

/** Where a scope-file reference leads. */
export type ScopeResolution =
  | { status: 'found'; uri: string; document: ScopeDocument }
  | { status: 'missing'; uri: string }
  | { status: 'invalid'; uri: string; reason: string };

export interface RuleContext {
  document: ModelDocument;
  catalog: CatalogIndex;
  /** The object kind a scope file is checked against (from its `object` field or a referencing mapping). */
  scopeObject: ObjectKind;
  resolveScope(path: string): ScopeResolution;
  report(finding: Finding): void;
  /**
   * Whether the document provisions to AWS IAM Identity Center: always for mapping files; for a
   * Graph schema, when it is the AWS gallery template or the settings say so.
   */
  targetsAws?: boolean;
  /**
   * The current time (epoch milliseconds) from the clock the host injected
   * (`LanguageServiceOptions.clock`); undefined when none was, and then rules that need "today"
   * (token-expiring) stay silent rather than read the system clock.
   */
  now?: () => number;
}

export interface Rule {
  code: string;
  defaultSeverity: Severity;
  /** Which kinds of document the rule looks at. */
  documents: ReadonlyArray<ModelDocument['kind']>;
  /**
   * The rule reports something missing from the whole file (a required mapping, a matching
   * attribute). It is skipped while the JSON has syntax errors, when the file is most likely
   * half-typed and "missing" findings would only be noise.
   */
  needsCompleteDocument?: boolean;
  /**
   * The rule checks facts of AWS IAM Identity Center (its SCIM schema, its limits). On a Graph
   * schema for another app it is skipped, and `graph-not-aws` says so.
   */
  awsOnly?: boolean;
  /** One sentence for the README and the settings description. */
  description: string;
  /** Checks the whole document. A rule has any of `check`, `checkMapping`, `checkExpression` and `checkFilters`. */
  check?(context: RuleContext): void;
  /**
   * Checks one attribute mapping on its own (called for every mapping of every object). What it
   * reports must depend only on that mapping (its JSON, object kind and index), the catalog and
   * the settings, never on other mappings or the rest of the file, and every span must lie inside
   * the mapping. The service relies on this to reuse the findings of a mapping that did not change
   * between two checks of a file, moved with the text (see mappingChecks.ts).
   */
  checkMapping?(context: MappingRuleContext): void;
  /**
   * Checks one `source` expression on its own. What it reports must depend only on the parsed
   * expression, the object kind, the catalog and the settings, and its spans (and those of its
   * `replace` fixes) are offsets in the expression text. The service runs it once per distinct
   * expression and object kind (parsed expressions are shared by text) and places the findings in
   * every mapping with that expression, mapping the spans to the file (see mappingChecks.ts).
   * For one mapping, these findings come before those of `checkMapping`.
   */
  checkExpression?(context: ExpressionRuleContext): void;
  /**
   * Checks one list of scoping filters on its own: a scope file's, or the inline `scope` of one
   * section of a mapping file or Graph schema (called once per list, in document order). What it
   * reports must depend only on those filters (their JSON), the object kind they filter, the
   * catalog and the settings, and every span must lie inside the filters' `scope` JSON. The service
   * relies on this to reuse the findings of an inline scope that did not change between two checks
   * of a file, moved with the text, as it does for mappings (see mappingChecks.ts).
   */
  checkFilters?(context: FiltersRuleContext): void;
}

/** What `Rule.checkFilters` reads: the document's context and one list of scoping filters. */
export interface FiltersRuleContext extends RuleContext {
  /** The object kind the filters select. */
  object: ObjectKind;
  filters: ScopeFilterModel[];
}

/** What `Rule.checkMapping` reads: the document's context and the mapping to check. */
export interface MappingRuleContext extends RuleContext {
  mapping: AttributeMappingModel;
  /** The catalog's entry for the mapping's target (`catalog.awsTarget(mapping.object, target)`), looked up once for every rule. */
  awsTarget: AwsTargetAttribute | undefined;
}

/** What `Rule.checkExpression` reads. Nothing here says which file or mapping the expression is in. */
export interface ExpressionRuleContext {
  catalog: CatalogIndex;
  /** The object whose attributes the expression reads. */
  object: ObjectKind;
  /** The expression, shared by every mapping with the same text: never modify it. */
  parsed: ParsedExpression;
  /** Its nodes in walk order with their parents, or those of one kind (shared lists: never modify them). */
  nodes(kind?: ExprNode['kind']): ExpressionNodes;
  /** Reports a finding; its span and its fixes' spans are offsets in `parsed.text`. */
  report(finding: Finding): void;
}

/** One list of scoping filters in a document: a scope file's, or a section's inline `scope` (with its JSON node). */
export interface ScopeFilterSet {
  object: ObjectKind;
  filters: ScopeFilterModel[];
  /** The inline `scope` object; undefined for a scope file's own filters. */
  node?: JsonNode;
}

/** Every scope filter list a document holds, with the object kind it filters. */
export function scopeFilterSets(context: RuleContext): ScopeFilterSet[] {
  const doc = context.document;
  if (doc.kind === 'scope') return [{ object: context.scopeObject, filters: doc.filters }];
  const sets: ScopeFilterSet[] = [];
  for (const object of (doc as MappingLikeDocument).objects) {
    if (object.scope?.kind === 'inline')
      sets.push({ object: object.object, filters: object.scope.filters, node: object.scope.node });
  }
  return sets;
}
