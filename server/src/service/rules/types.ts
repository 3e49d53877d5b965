import type { CatalogIndex } from '../catalog/lookup';
import type { ObjectKind } from '../catalog/types';
import type { MappingLikeDocument, ModelDocument, ScopeDocument, ScopeFilterModel } from '../model/types';
import type { Span } from '../text/lineIndex';

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
  check(context: RuleContext): void;
}

/** Every scope filter list a document holds, with the object kind it filters. */
export function scopeFilterSets(context: RuleContext): Array<{ object: ObjectKind; filters: ScopeFilterModel[] }> {
  const doc = context.document;
  if (doc.kind === 'scope') return [{ object: context.scopeObject, filters: doc.filters }];
  const sets: Array<{ object: ObjectKind; filters: ScopeFilterModel[] }> = [];
  for (const object of (doc as MappingLikeDocument).objects) {
    if (object.scope?.kind === 'inline') sets.push({ object: object.object, filters: object.scope.filters });
  }
  return sets;
}
