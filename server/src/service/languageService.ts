import { CatalogIndex } from './catalog/lookup';
import type { Catalogs, ObjectKind } from './catalog/types';
import { documentKindOf, parseDocument, parseScopeDocument } from './model/parse';
import type { ModelDocument, ScopeDocument } from './model/types';
import { RULES } from './rules';
import type { Finding, FixData, RuleContext, ScopeResolution, Severity, SeveritySetting } from './rules/types';
import type { Range } from './text/lineIndex';

/** How the service reads other files (scope files). Returns undefined when a file cannot be read. */
export interface ServiceHost {
  readFile(uri: string): string | undefined;
}

export interface ServiceSettings {
  /** Per-rule severity overrides: `{ "target-multi-valued": "warning", "risky-characters": "off" }`. */
  rules?: Partial<Record<string, SeveritySetting>>;
}

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

export interface LanguageServiceOptions {
  host: ServiceHost;
  catalogs: Catalogs;
  settings?: ServiceSettings;
}

/** Resolves a scope path written in a mapping file against the mapping file's URI. */
export function resolveRelativeUri(baseUri: string, path: string): string {
  try {
    return new URL(path, baseUri).href;
  } catch {
    return path;
  }
}

/**
 * The language service: plain data in, plain data out. It holds a small cache of parsed
 * documents keyed by URI and text so repeated requests on an unchanged document parse once.
 */
export class LanguageService {
  readonly catalog: CatalogIndex;
  private settings: ServiceSettings;
  private readonly cache = new Map<string, ModelDocument>();

  constructor(private readonly options: LanguageServiceOptions) {
    this.catalog = new CatalogIndex(options.catalogs);
    this.settings = options.settings ?? {};
  }

  /** How the service reads other files; the LSP layer and features read samples through it too. */
  get host(): ServiceHost {
    return this.options.host;
  }

  updateSettings(settings: ServiceSettings): void {
    this.settings = settings;
  }

  /** The parsed model of a document, from the cache when its text has not changed. */
  getDocument(uri: string, text: string, kind?: ModelDocument['kind']): ModelDocument | undefined {
    const cached = this.cache.get(uri);
    if (cached && cached.text === text && (!kind || cached.kind === kind)) return cached;
    const parsed = parseDocument(uri, text, kind ?? documentKindOf(uri));
    if (parsed) this.cache.set(uri, parsed);
    return parsed;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  resolveScope(mappingUri: string, path: string): ScopeResolution {
    const uri = resolveRelativeUri(mappingUri, path);
    const text = this.options.host.readFile(uri);
    if (text === undefined) return { status: 'missing', uri };
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

  severityOf(code: string, fallback: Severity): SeveritySetting {
    return this.settings.rules?.[code] ?? fallback;
  }

  findings(document: ModelDocument): Finding[] {
    const findings: Finding[] = [];
    const context: RuleContext = {
      document,
      catalog: this.catalog,
      scopeObject: document.kind === 'scope' ? this.scopeObjectOf(document) : 'user',
      resolveScope: (path) => this.resolveScope(document.uri, path),
      report: (finding) => findings.push(finding),
    };
    for (const rule of RULES) {
      if (!rule.documents.includes(document.kind)) continue;
      if (this.severityOf(rule.code, rule.defaultSeverity) === 'off') continue;
      if (rule.needsCompleteDocument && document.syntaxErrors.length > 0) continue;
      rule.check(context);
    }
    return findings;
  }

  validate(uri: string, text: string, kind?: ModelDocument['kind']): Diagnostic[] {
    const document = this.getDocument(uri, text, kind);
    if (!document) return [];
    const defaults = new Map(RULES.map((r) => [r.code, r.defaultSeverity]));
    // Findings are listed in file order, as compilers do, whatever rule produced them.
    const findings = this.findings(document).sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    return findings.map((finding) => {
      const severity = this.severityOf(finding.code, defaults.get(finding.code) ?? 'error') as Severity;
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
    });
  }
}
