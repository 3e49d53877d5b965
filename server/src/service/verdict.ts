/**
 * One verdict for every front end: what `check` says about a document together with the scope
 * files it references, and about one expression on its own. `check`, the dry run, `eval`,
 * `convert` and the editor all start from here, so that no command accepts what another rejects.
 */
import type { ObjectKind } from './catalog/types';
import type { ParsedExpression } from './expression/ast';
import { parseExpression } from './expression/parser';
import type { CheckFinding, LanguageService } from './languageService';
import type { MappingLikeDocument, ModelDocument } from './model/types';
import { RULES } from './rules';
import { factsOf } from './rules/expressionFacts';
import type { ExpressionRuleContext, Severity } from './rules/types';

/** The findings of one file: the document checked, or a scope file it references. */
export interface CheckedDocument {
  uri: string;
  document: ModelDocument;
  findings: CheckFinding[];
}

/**
 * The URIs of the scope files a mapping document references that can be read as scope files, in
 * the order of its sections, each once. A missing or unusable one is the document's own
 * `scope-file-missing` finding.
 */
function referencedScopeFiles(
  service: LanguageService,
  document: ModelDocument,
): Array<{ uri: string; document: ModelDocument }> {
  if (document.kind === 'scope') return [];
  const found: Array<{ uri: string; document: ModelDocument }> = [];
  for (const section of (document as MappingLikeDocument).objects) {
    if (section.scope?.kind !== 'path') continue;
    const resolution = service.resolveScope(document.uri, section.scope.path.value);
    if (resolution.status !== 'found' || found.some((f) => f.uri === resolution.uri)) continue;
    found.push({ uri: resolution.uri, document: resolution.document });
  }
  return found;
}

/**
 * What `check` finds in a document and in every scope file it references (each once), the
 * document first. `alreadyChecked` holds URIs the caller reports anyway (a scope file also named
 * on the command line, or shared by several mappings): they are skipped and the new ones added.
 */
export function checkWithScopeFiles(
  service: LanguageService,
  document: ModelDocument,
  alreadyChecked?: Set<string>,
): CheckedDocument[] {
  const checked: CheckedDocument[] = [{ uri: document.uri, document, findings: service.checkFindings(document) }];
  alreadyChecked?.add(document.uri);
  for (const scope of referencedScopeFiles(service, document)) {
    if (alreadyChecked?.has(scope.uri)) continue;
    alreadyChecked?.add(scope.uri);
    // Checked as if it were opened on its own, so that the findings are those `check` gives it by name.
    const model = service.getDocument(scope.uri, scope.document.text, 'scope') ?? scope.document;
    checked.push({ uri: scope.uri, document: model, findings: service.checkFindings(model) });
  }
  return checked;
}

/** A finding on an expression checked on its own: offsets are in the expression text. */
export interface ExpressionFinding {
  code: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
}

/**
 * What `check` reports on an expression, as it would in a mapping of `object` (the rules that look
 * at one expression; those about targets and files have nothing to say). `eval` runs this first.
 */
export function checkExpression(
  service: LanguageService,
  text: string | ParsedExpression,
  object: ObjectKind = 'user',
): ExpressionFinding[] {
  const parsed = typeof text === 'string' ? parseExpression(text) : text;
  const facts = factsOf(parsed);
  const findings: ExpressionFinding[] = [];
  for (const rule of RULES) {
    if (!rule.checkExpression) continue;
    const severity = service.severityOf(rule.code, rule.defaultSeverity);
    if (severity === 'off') continue;
    const context: ExpressionRuleContext = {
      catalog: service.catalog,
      object,
      parsed,
      nodes: (kind) => facts.nodes(kind),
      report: (finding) =>
        findings.push({
          code: finding.code,
          severity,
          message: finding.message,
          start: finding.span.start,
          end: finding.span.end,
        }),
    };
    rule.checkExpression(context);
  }
  return findings.sort((a, b) => a.start - b.start || a.end - b.end);
}
