import { CatalogIndex } from './catalog/lookup';
import type { Catalogs, EntraSourceAttribute, ObjectKind } from './catalog/types';
import { adaptGraphFixes } from './graph/fixes';
import { documentKindOf, parseDocument, parseScopeDocument, resolveDocumentKind } from './model/parse';
import type { GraphDocument, ModelDocument, ScopeDocument } from './model/types';
import { RULES, RULES_BY_CODE } from './rules';
import { applySuppressions, parseSuppressions, UNUSED_SUPPRESSION } from './suppressions';
import type { Finding, FixData, Rule, RuleContext, ScopeResolution, Severity, SeveritySetting } from './rules/types';
import { LineIndex, type Range } from './text/lineIndex';
import { runMappingChecks, type MappingCheckState } from './mappingChecks';
import { resolveScopePath } from './model/scopePath';
import { withThousands } from './util/thousands';

/** How the service reads other files (scope files). Returns undefined when a file cannot be read. */
export interface ServiceHost {
  readFile(uri: string): string | undefined;
  /**
   * Settings for one file from its project config (`.scim-mapper.json`), which win over the
   * service's own settings where both speak. Optional: without it every file gets the same.
   */
  projectSettings?(uri: string): ServiceSettings | undefined;
  /**
   * Optional: reads with a size limit (in characters) and says why a file cannot be used. Hosts
   * that do IO implement it (server/src/host/readFileSafely.ts), so a scope file that is a FIFO,
   * a device, too large or outside the workspace is refused before it is read, with a reason.
   */
  readFileChecked?(uri: string, maxLength: number): HostReadResult;
}

export type HostReadResult = { ok: true; text: string } | { ok: false; missing: boolean; reason: string };

export interface ServiceSettings {
  /** Per-rule severity overrides: `{ "target-multi-valued": "warning", "risky-characters": "off" }`. */
  rules?: Partial<Record<string, SeveritySetting>>;
  /**
   * What a Graph synchronization schema provisions to: `auto` (default) recognises the AWS IAM
   * Identity Center gallery template; `aws` applies the AWS rules to any schema; `other` never does.
   */
  graphTarget?: 'auto' | 'aws' | 'other';
  /**
   * Files longer than this many characters are not read (`document-too-large`), so that a huge
   * file cannot freeze an editor. Default DEFAULT_MAX_DOCUMENT_LENGTH.
   */
  maxDocumentLength?: number;
  /**
   * The tenant's own source attributes, declared in the project config (`sourceAttributes`):
   * known to completion, hover, checks and the dry run like the catalog's.
   */
  sourceAttributes?: readonly EntraSourceAttribute[];
}

/** The default size limit: about six times the 5,000-mapping benchmark file (`npm run bench`). */
export const DEFAULT_MAX_DOCUMENT_LENGTH = 4_000_000;

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  source: 'scim-mapper';
  /** What quick fixes need; file offsets refer to the text the diagnostic was computed on. */
  data?: { fixes: FixData[] };
  tags?: Array<'unnecessary' | 'deprecated'>;
}

/** A rule's finding with the severity the settings give it. */
export interface CheckFinding extends Finding {
  severity: Severity;
}

export interface LanguageServiceOptions {
  host: ServiceHost;
  catalogs: Catalogs;
  settings?: ServiceSettings;
  /**
   * The clock for checks that depend on today's date (token-expiring), epoch milliseconds like
   * Date.now. The service never reads the system clock itself: the CLI and the language server
   * pass Date.now, tests a fixed time.
   */
  clock?: () => number;
}

/**
 * Appends `items` to `list` one by one: a spread of a very large array would overflow the call
 * stack, and a for-of loop in code that runs once per check (not optimised) allocates an iterator
 * result per item.
 */
function appendAll<T>(list: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) list.push(items[i]);
}

/** A finding with its severity: the same fields, one object shape. */
function withSeverity(finding: Finding, severity: Severity): CheckFinding {
  const checked: CheckFinding = { code: finding.code, message: finding.message, span: finding.span, severity };
  if (finding.fixes !== undefined) checked.fixes = finding.fixes;
  if (finding.tags !== undefined) checked.tags = finding.tags;
  return checked;
}

function toDiagnostic(document: ModelDocument, finding: Finding, severity: Severity): Diagnostic {
  const diagnostic: Diagnostic = {
    code: finding.code,
    severity,
    message: finding.message,
    range: document.lines.rangeOf(finding.span),
    source: 'scim-mapper',
  };
  if (finding.fixes?.length) diagnostic.data = { fixes: finding.fixes };
  if (finding.tags) diagnostic.tags = finding.tags;
  return diagnostic;
}

/** Whether a rule has hooks that run per part of a document (see mappingChecks.ts). */
function hasSectionHooks(rule: Rule): boolean {
  return !!(rule.checkMapping || rule.checkExpression || rule.checkFilters);
}

/**
 * Resolves a scope path written in a mapping file against the mapping file's URI, as a file path
 * (model/scopePath.ts); '' when the path is refused (a URL, another computer).
 */
export function resolveRelativeUri(baseUri: string, path: string): string {
  const resolved = resolveScopePath(baseUri, path);
  return resolved.ok ? resolved.uri : '';
}

/**
 * The language service: plain data in, plain data out. It holds a small cache of parsed
 * documents keyed by URI and text so repeated requests on an unchanged document parse once.
 */
export class LanguageService {
  readonly catalog: CatalogIndex;
  private settings: ServiceSettings;
  private readonly cache = new Map<string, ModelDocument>();
  private readonly documentCatalogs = new WeakMap<ModelDocument, CatalogIndex>();
  private readonly mergedSettings = new WeakMap<ServiceSettings, { base: ServiceSettings; merged: ServiceSettings }>();
  /** Which declared attributes each extended catalog was built with. */
  private readonly catalogDeclared = new WeakMap<CatalogIndex, readonly EntraSourceAttribute[]>();
  /** Per file: what the last check's per-mapping rules found, for the next check to reuse. */
  private readonly mappingChecks = new Map<string, MappingCheckState>();
  /** Per file: the declared source attributes its last check used; kept findings are void when they change. */
  private readonly mappingChecksDeclared = new Map<string, readonly EntraSourceAttribute[] | undefined>();

  constructor(private readonly options: LanguageServiceOptions) {
    this.catalog = new CatalogIndex(options.catalogs);
    this.settings = options.settings ?? {};
  }

  /** How the service reads other files; the LSP layer and features read samples through it too. */
  get host(): ServiceHost {
    return this.options.host;
  }

  /** The settings for one file: the service's, overridden by the file's project config. */
  settingsFor(uri: string): ServiceSettings {
    const project = this.options.host.projectSettings?.(uri);
    if (!project) return this.settings;
    const cached = this.mergedSettings.get(project);
    if (cached && cached.base === this.settings) return cached.merged;
    const merged: ServiceSettings = { ...this.settings, ...project, rules: { ...this.settings.rules, ...project.rules } };
    if (!project.sourceAttributes) merged.sourceAttributes = this.settings.sourceAttributes;
    // Same inputs, same object: the catalog built for declared attributes is reused while nothing changes.
    this.mergedSettings.set(project, { base: this.settings, merged });
    return merged;
  }

  updateSettings(settings: ServiceSettings): void {
    // Findings kept per mapping were computed with the old attribute list.
    if (settings.sourceAttributes !== this.settings.sourceAttributes) this.mappingChecks.clear();
    this.settings = settings;
  }

  /** The parsed model of a document, from the cache when its text has not changed. */
  getDocument(uri: string, text: string, kind?: ModelDocument['kind']): ModelDocument | undefined {
    const cached = this.cache.get(uri);
    if (cached && cached.text === text && (!kind || cached.kind === kind)) return cached;
    const resolvedKind = kind ?? documentKindOf(uri);
    const parsed =
      text.length > this.maxDocumentLength(uri) && resolvedKind
        ? this.unreadDocument(uri, text, resolvedKind)
        : parseDocument(uri, text, resolvedKind, this.catalog);
    if (parsed) this.cache.set(uri, parsed);
    return parsed;
  }

  /**
   * Opens a document: resolves its kind once (the editor's language `kind` when given, else the
   * name, else the content; see resolveDocumentKind) and returns its model. The LSP layer and the
   * CLI open documents through here, and hand the model to the features.
   */
  open(uri: string, text: string, kind?: ModelDocument['kind']): ModelDocument | undefined {
    return this.getDocument(uri, text, resolveDocumentKind(uri, text, kind));
  }

  private maxDocumentLength(uri: string): number {
    const limit = this.settingsFor(uri).maxDocumentLength;
    return typeof limit === 'number' && limit >= 0 ? limit : DEFAULT_MAX_DOCUMENT_LENGTH;
  }

  /** The model of a file longer than the size limit: nothing is read, one `document-too-large` problem. */
  private unreadDocument(uri: string, text: string, kind: ModelDocument['kind']): ModelDocument | undefined {
    const empty = parseDocument(uri, '', kind, this.catalog);
    if (!empty) return undefined;
    const message = `This file has ${withThousands(text.length)} characters, more than the ${withThousands(this.maxDocumentLength(uri))} SCIM Mapper checks (setting maxDocumentLength), so it is not checked.`;
    return {
      ...empty,
      text,
      lines: new LineIndex(text),
      syntaxErrors: [{ message, span: { start: 0, end: Math.min(1, text.length) }, tooLarge: true }],
    };
  }

  forget(uri: string): void {
    this.cache.delete(uri);
    this.mappingChecks.delete(uri);
    this.mappingChecksDeclared.delete(uri);
  }

  resolveScope(mappingUri: string, path: string): ScopeResolution {
    const resolved = resolveScopePath(mappingUri, path);
    if (!resolved.ok) return { status: 'invalid', uri: '', reason: resolved.reason };
    const uri = resolved.uri;
    const host = this.options.host;
    let text: string | undefined;
    if (host.readFileChecked) {
      const read = host.readFileChecked(uri, this.maxDocumentLength(mappingUri));
      if (!read.ok) return read.missing ? { status: 'missing', uri } : { status: 'invalid', uri, reason: read.reason };
      text = read.text;
    } else {
      text = host.readFile(uri);
    }
    if (text === undefined) return { status: 'missing', uri };
    if (text.length > this.maxDocumentLength(mappingUri))
      return {
        status: 'invalid',
        uri,
        reason: `it has more than ${withThousands(this.maxDocumentLength(mappingUri))} characters.`,
      };
    const cached = this.cache.get(uri);
    const document = cached && cached.text === text && cached.kind === 'scope' ? cached : parseScopeDocument(uri, text);
    if (document.kind !== 'scope') return { status: 'invalid', uri, reason: 'it is not a scope file.' };
    if (!document.root || document.root.type !== 'object') return { status: 'invalid', uri, reason: 'it is not a JSON object.' };
    this.cache.set(uri, document);
    return { status: 'found', uri, document };
  }

  /** The object kind a scope file filters: its `object` field, else users. */
  scopeObjectOf(document: ScopeDocument): ObjectKind {
    return document.object ?? 'user';
  }

  severityOf(code: string, fallback: Severity, uri?: string): SeveritySetting {
    return (uri === undefined ? this.settings : this.settingsFor(uri)).rules?.[code] ?? fallback;
  }

  /**
   * The catalogs a document is checked against: the bundled ones, extended for a Graph schema
   * with the attributes its Entra directory defines (a tenant's custom attributes). Cached per
   * document model.
   */
  catalogFor(document: ModelDocument): CatalogIndex {
    const declared = this.settingsFor(document.uri).sourceAttributes ?? [];
    if ((document.kind !== 'graph' || document.graph.customAttributes.length === 0) && declared.length === 0) return this.catalog;
    let catalog = this.documentCatalogs.get(document);
    // Settings change per file in the CLI (each file's nearest project config): rebuild when they do.
    if (catalog && this.catalogDeclared.get(catalog) !== declared) catalog = undefined;
    if (!catalog) {
      const extra = [...declared, ...(document.kind === 'graph' ? document.graph.customAttributes : [])];
      const replaced = new Set(extra.map((a) => `${a.object}:${a.name}`));
      const base = this.options.catalogs;
      catalog = new CatalogIndex({
        ...base,
        entraAttributes: [...base.entraAttributes.filter((a) => !replaced.has(`${a.object}:${a.name}`)), ...extra],
      });
      this.documentCatalogs.set(document, catalog);
      this.catalogDeclared.set(catalog, declared);
    }
    return catalog;
  }

  /** Whether AWS IAM Identity Center's rules apply: always to mapping files; to a Graph schema per `graphTarget`. */
  targetsAws(document: ModelDocument): boolean {
    if (document.kind !== 'graph') return true;
    const setting = this.settingsFor(document.uri).graphTarget ?? 'auto';
    return setting === 'aws' || (setting === 'auto' && document.graph.aws);
  }

  /**
   * Whether a rule reads this kind of document. A Graph schema is a mapping document to the
   * rules: a rule that reads mapping files runs on it too, unless it is AWS-only and the schema
   * is for another app.
   */
  ruleApplies(rule: Rule, document: ModelDocument): boolean {
    if (rule.documents.includes(document.kind)) return true;
    if (document.kind !== 'graph' || !rule.documents.includes('mapping')) return false;
    return !rule.awsOnly || this.targetsAws(document);
  }

  /** What rules see of a document; `report` is called with each finding. */
  private ruleContext(document: ModelDocument, report: (finding: Finding) => void): RuleContext {
    return {
      document,
      catalog: this.catalogFor(document),
      scopeObject: document.kind === 'scope' ? this.scopeObjectOf(document) : 'user',
      resolveScope: (path) => this.resolveScope(document.uri, path),
      report,
      targetsAws: this.targetsAws(document),
      now: this.options.clock,
    };
  }

  /**
   * Quick fixes of mapping rules edit expressions as text; on a Graph schema they must rewrite the
   * source tree together with its expression.
   */
  private adaptsFixes(rule: Rule, document: ModelDocument): boolean {
    return document.kind === 'graph' && !rule.documents.includes('graph');
  }

  /** Runs one rule on a document (whether or not it applies) and returns its findings. */
  runRule(rule: Rule, document: ModelDocument): Finding[] {
    const findings: Finding[] = [];
    const context = this.ruleContext(document, (finding) => findings.push(finding));
    rule.check?.(context);
    if (hasSectionHooks(rule)) appendAll(findings, runMappingChecks([rule], document, context).byRule[0]);
    return this.adaptsFixes(rule, document) ? adaptGraphFixes(document as GraphDocument, findings, context.catalog) : findings;
  }

  /** The rules that run on a document with the current settings, in order. */
  private activeRules(document: ModelDocument): Rule[] {
    // A file that was not read (too large or too deeply nested) has nothing else to check.
    const unread = document.syntaxErrors.some((e) => e.tooLarge);
    return RULES.filter(
      (rule) =>
        !(unread && rule.code !== 'document-too-large') &&
        this.ruleApplies(rule, document) &&
        this.severityOf(rule.code, rule.defaultSeverity, document.uri) !== 'off' &&
        !(rule.needsCompleteDocument && document.syntaxErrors.length > 0),
    );
  }

  /**
   * Every finding of every active rule, rule by rule in RULES order (so that findings on the same
   * span keep a stable order). The per-mapping checks run first, all rules on one mapping at a
   * time, reusing what the previous check of the same file found for unchanged mappings.
   */
  findings(document: ModelDocument): Finding[] {
    const rules = this.activeRules(document);
    let ruleFindings: Finding[] = [];
    const context = this.ruleContext(document, (finding) => ruleFindings.push(finding));
    const mappingRules = rules.filter(hasSectionHooks);
    const declared = this.settingsFor(document.uri).sourceAttributes;
    if (this.mappingChecksDeclared.get(document.uri) !== declared) this.mappingChecks.delete(document.uri);
    this.mappingChecksDeclared.set(document.uri, declared);
    const checked = runMappingChecks(mappingRules, document, context, this.mappingChecks.get(document.uri));
    if (checked.state) this.mappingChecks.set(document.uri, checked.state);
    else this.mappingChecks.delete(document.uri);
    const findings: Finding[] = [];
    for (const rule of rules) {
      // Straight into the list, unless a Graph schema's fixes need adapting per rule.
      const adapt = this.adaptsFixes(rule, document);
      ruleFindings = adapt ? [] : findings;
      rule.check?.(context);
      if (hasSectionHooks(rule)) appendAll(ruleFindings, checked.byRule[mappingRules.indexOf(rule)]);
      if (adapt) appendAll(findings, adaptGraphFixes(document as GraphDocument, ruleFindings, context.catalog));
    }
    return findings;
  }

  /**
   * What `check` finds in a document, in file order (as compilers list them), each with the
   * severity the settings give its rule. Every front end starts from this verdict.
   */
  checkFindings(document: ModelDocument): CheckFinding[] {
    const { findings, severities } = this.verdict(document);
    const checked = new Array<CheckFinding>(findings.length);
    for (let i = 0; i < findings.length; i++) checked[i] = withSeverity(findings[i], severities[i]);
    return checked;
  }

  /**
   * The findings `check` reports, in file order, and the severity of each (`severities[i]` is that
   * of `findings[i]`). Kept apart so that `validate` makes one object per finding, not two.
   */
  private verdict(document: ModelDocument): { findings: Finding[]; severities: Severity[] } {
    // The file's settings, looked up once per check rather than once per finding.
    const settings = this.settingsFor(document.uri).rules;
    let findings = this.findings(document);
    // Inline suppressions drop what they name; a stale or unknown one is itself a finding.
    const suppressions = document.kind === 'graph' ? [] : parseSuppressions(document.text, document.lines);
    if (suppressions.length > 0) {
      // A suppression of a rule that did not run (off, or skipped while the JSON is broken) is not stale.
      const active = new Set(this.activeRules(document).map((rule) => rule.code));
      findings = applySuppressions(
        findings,
        suppressions,
        document.lines,
        (code) => RULES_BY_CODE.has(code),
        (code) => active.has(code),
      );
      if ((settings?.[UNUSED_SUPPRESSION] ?? 'warning') === 'off')
        findings = findings.filter((f) => f.code !== UNUSED_SUPPRESSION);
    }
    // `findings` is this check's own list: sorted in place.
    findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    const severities = new Array<Severity>(findings.length);
    for (let i = 0; i < findings.length; i++) {
      const finding = findings[i];
      severities[i] = (settings?.[finding.code] ??
        finding.severity ??
        RULES_BY_CODE.get(finding.code)?.defaultSeverity ??
        'error') as Severity;
    }
    return { findings, severities };
  }

  validate(uri: string, text: string, kind?: ModelDocument['kind']): Diagnostic[] {
    const document = this.getDocument(uri, text, kind);
    if (!document) return [];
    const { findings, severities } = this.verdict(document);
    const diagnostics = new Array<Diagnostic>(findings.length);
    for (let i = 0; i < findings.length; i++) diagnostics[i] = toDiagnostic(document, findings[i], severities[i]);
    return diagnostics;
  }

  /** Findings of `document` as diagnostics (ranges in lines and characters). */
  diagnostics(document: ModelDocument, findings: readonly CheckFinding[]): Diagnostic[] {
    return findings.map((finding) => toDiagnostic(document, finding, finding.severity));
  }
}
