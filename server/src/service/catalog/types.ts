/**
 * Shapes of the catalogs the language service reads. The data lives in `data/*.json`, generated
 * from the domain reference by `scripts/generate-catalogs.mjs` and committed, so the product never
 * reads the reference at run time. Every entry keeps the keys of the sources it was taken from.
 */

/** A pointer to where a fact comes from (a key of the catalog's `sources` table, or a doc path). */
export type SourceRef = string;

export type ObjectKind = 'user' | 'group';

/** One SCIM target attribute that AWS IAM Identity Center knows about. */
export interface AwsTargetAttribute {
  /** The path as Entra writes it in a mapping, e.g. `emails[type eq "work"].value`. */
  path: string;
  object: ObjectKind;
  /** SCIM type: string, boolean, reference, complex. */
  type: 'string' | 'boolean' | 'reference' | 'complex' | 'integer' | 'dateTime';
  /** True when AWS accepts this attribute at all. */
  supported: boolean;
  /** Why an unsupported attribute is rejected (shown in diagnostics and hovers). */
  unsupportedReason?: string;
  /** Required on create (AWS operation pages). */
  required: boolean;
  /** AWS can filter on it (so Entra can use it as a matching attribute). */
  filterable: boolean;
  /** Part of a multi-valued SCIM attribute that AWS limits to one element, e.g. `emails`. */
  collection?: string;
  /** The `type eq "x"` value filter for collection targets (`work`, `mobile`, ...). */
  collectionType?: string;
  /** The sub-attribute inside a collection element (`value`, `formatted`, ...). */
  subAttribute?: string;
  /** Listed by Entra's AWS tutorial among the gallery app's attributes. */
  inGalleryDefaults: boolean;
  /** The gallery default source expression, when the reference gives one. */
  galleryDefaultSource?: string;
  galleryDefaultConfidence?: string;
  minLength?: number;
  maxLength?: number;
  /** The Identity Store character class, as a JavaScript `u`-flag regular expression source. */
  pattern?: string;
  /** Whether whitespace is allowed by `pattern`. */
  allowsWhitespace?: boolean;
  /** PATCH-modifiable according to AWS. */
  patchModifiable?: boolean;
  description: string;
  notes?: string[];
  sources: SourceRef[];
}

/** A source attribute Entra offers in mappings and scoping filters. */
export interface EntraSourceAttribute {
  name: string;
  object: ObjectKind;
  type: 'String' | 'Boolean' | 'Integer' | 'DateTime' | 'Reference' | 'Binary';
  multiValued: boolean;
  /** confirmed / likely / unavailable, as graded by the reference. */
  status: 'confirmed' | 'likely' | 'unavailable';
  /** A name pattern (e.g. `extension_<appId>_<name>`) rather than a fixed name. */
  pattern?: string;
  /** Computed by Entra rather than stored (IsSoftDeleted). */
  computed?: boolean;
  /** Usable in scoping filters (false for manager, appRoleAssignments, dates, ...). */
  scopable: boolean;
  /** Why the attribute cannot be used in a scoping clause. */
  scopeUnsupportedReason?: string;
  description: string;
  notes?: string[];
  sources: SourceRef[];
}

export type ParamType = 'String' | 'Integer' | 'Boolean' | 'DateTime' | 'Reference' | 'Binary' | 'Any' | 'Enum';

export interface FunctionParameter {
  /** The name the Microsoft docs use. */
  name: string;
  /** The parameter key Graph uses in `attributeMappingSource.parameters` (may differ from name). */
  graphKey: string;
  /** True when the Graph key comes from Graph's function schema; false when it is a guess from the doc name. */
  graphKeyConfirmed: boolean;
  required: boolean;
  /** The parameter repeats (Join's sources, Switch's key/value pairs, Coalesce's sources). */
  repeats?: boolean;
  type: ParamType;
  /** Allowed bare identifiers for Enum parameters (vbTextCompare, ...). */
  enumValues?: string[];
  /** The type as the reference writes it (e.g. `Multi-valued Attribute`), when it differs from `type`. */
  rawType?: string;
  description: string;
}

export interface FunctionExample {
  kind: string;
  expression: string;
  input: Record<string, unknown> | null;
  output: unknown;
  note?: string;
  /** Where the example comes from, when that is not the function's own source. */
  sources?: SourceRef[];
  /**
   * Further facts the reference records for the example, verbatim: docOutputText, docSuspect,
   * computedOutput (the oracle to use when the doc's output is suspect), outputPattern, targetState,
   * loggedAs, constraints, ... Citation objects among them are replaced by source keys.
   */
  details?: Record<string, unknown>;
}

export interface FunctionSignature {
  name: string;
  /**
   * documented: in the app-provisioning function reference.
   * elsewhere-only: documented only for Cloud Sync or reported by the community; usable with a warning.
   */
  status: 'documented' | 'elsewhere-only';
  /** The raw status string from the reference, kept for hovers. */
  statusDetail: string;
  syntax: string;
  description: string;
  parameters: FunctionParameter[];
  /** Minimum and maximum number of argument slots (max = Infinity for repeating parameters). */
  minArgs: number;
  maxArgs: number;
  returnType: string;
  /** The result is multi-valued (Split, AppRoleAssignmentsComplex, RemoveDuplicates, ...). */
  returnsMultiValued: boolean;
  notes: string[];
  examples: FunctionExample[];
  /** NormalizeDiacritics' published replacement table: plain text -> the sequences it replaces. */
  characterMap?: Record<string, string[]>;
  docUrl?: string;
  sources: SourceRef[];
}

export interface ScopeOperator {
  /** The portal label, which we also use in scope files. */
  name: string;
  /** The Graph operatorName, and whether Graph's sample confirms it. */
  graphName: string;
  graphNameConfirmed: boolean;
  arity: 'unary' | 'binary';
  /** What the value must be: a string, a regular expression or an integer. */
  valueType: 'none' | 'string' | 'regex' | 'integer' | 'unknown';
  /** Attribute types the operator applies to, per Graph's filterOperators sample when known. */
  attributeTypes: string[];
  caseSensitive: boolean | 'unknown';
  /** The meaning is not documented (& and !&). */
  semanticsUnknown?: boolean;
  description: string;
  notes?: string[];
  sources: SourceRef[];
}

/**
 * A failure mode of aws/failure-modes.md that a check or the dry run catches: what goes wrong, the
 * published statements behind it (quoted by messages and hovers), how sure the sources are, and
 * the codes that report it.
 */
export interface FailureMode {
  id: string;
  /** The section number in aws/failure-modes.md. */
  section: number;
  title: string;
  /** high: official AWS or Microsoft documentation; medium: vendor KBs, issues or a direct inference. */
  confidence: 'high' | 'medium';
  summary: string;
  /** Diagnostic and dry-run codes that report it (empty for hover-only notes). */
  codes: string[];
  /** Published statements, verbatim, with who published them (AWS, Microsoft, a vendor). */
  statements: Array<{ by: string; text: string; source: SourceRef }>;
  /** Where the sources are unsure or disagree. */
  note?: string;
  sources: SourceRef[];
}

export interface Catalogs {
  awsTargets: AwsTargetAttribute[];
  entraAttributes: EntraSourceAttribute[];
  functions: FunctionSignature[];
  scopeOperators: ScopeOperator[];
  /** Failure modes the product catches (optional so that hand-built catalogs in tests need none). */
  failureModes?: FailureMode[];
  /** Source key → human-readable citation (repo and path, or URL). */
  sources: Record<string, string>;
}
