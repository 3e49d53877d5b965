/**
 * Explains provisioning log entries against a mapping: for each entry that is not a success, its
 * cause (a stable code, what happened, what to do) and where it comes from (the mapping line, the
 * scope file and clause, the matching mapping). Pure: the mapping model and catalogs in, plain data
 * out; scope files are read through the language service's injected host.
 */
import type { CatalogIndex } from '../catalog/lookup';
import type { ObjectKind } from '../catalog/types';
import { UNIQUE_ATTRIBUTES } from '../aws/constraints';
import type { LanguageService } from '../languageService';
import type {
  AttributeMappingModel,
  MappingLikeDocument,
  ObjectMappingModel,
  ScopeClauseModel,
  ScopeFilterModel,
} from '../model/types';
import type { Span } from '../text/lineIndex';
import type { LineIndex } from '../text/lineIndex';
import {
  AWS_BAD_REQUEST,
  AWS_CONFLICT,
  entraErrorFact,
  SKIP_NOT_ENTITLED,
  SKIP_REDUNDANT,
  type EntraErrorFact,
} from './errorCatalog';
import { checkPayload, rebuildPayload, type PayloadFinding } from './payloadCheck';
import type { ExplainedLogEntry, Explanation, LogCause, LogLocation, ProvisioningLogEntry } from './types';

/** The mapping targets of the attributes AWS keeps unique: a 409 collides on one of them. */
const UNIQUE_TARGETS = (object: ObjectKind): string[] => UNIQUE_ATTRIBUTES[object].map((u) => u.target);

interface Place {
  location: LogLocation;
  line: number;
  source: string | null;
}

export interface LogExplainerOptions {
  /** How files are named in locations and reports (a display path); default: the URI. */
  displayName?: (uri: string) => string;
}

export interface LogExplainer {
  explain(entry: ProvisioningLogEntry): Explanation;
}

function isFailure(status: string): boolean {
  return status !== 'success';
}

function directAttribute(source: string | null): string | null {
  const m = source ? /^\s*\[([^\]]+)\]\s*$/.exec(source) : null;
  return m ? m[1] : null;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

export function createLogExplainer(
  service: LanguageService,
  doc: MappingLikeDocument,
  options: LogExplainerOptions = {},
): LogExplainer {
  const catalog: CatalogIndex = service.catalogFor(doc);
  const name = options.displayName ?? ((uri: string) => uri);
  const mappingFile = name(doc.uri);

  const rangeIn = (lines: LineIndex, span: Span) => ({ start: lines.positionAt(span.start), end: lines.positionAt(span.end) });
  const sectionOf = (object: ObjectKind): ObjectMappingModel | undefined => doc.objects.find((o) => o.object === object);
  const keyOf = (object: ObjectKind, target: string): string =>
    (catalog.awsTarget(object, target)?.path ?? catalog.awsTargetIgnoreCase(object, target)?.path ?? target).toLowerCase();

  // Mappings by normalised target, per object.
  const byTarget = new Map<string, AttributeMappingModel>();
  for (const section of doc.objects) {
    for (const m of section.mappings) {
      const t = m.target?.value;
      if (t && !byTarget.has(`${section.object}|${keyOf(section.object, t)}`))
        byTarget.set(`${section.object}|${keyOf(section.object, t)}`, m);
    }
  }
  const mappingFor = (object: ObjectKind, target: string): AttributeMappingModel | undefined =>
    byTarget.get(`${object}|${keyOf(object, target)}`);

  const placeOfMapping = (m: AttributeMappingModel): Place => {
    const span = m.target?.span ?? m.span;
    const range = rangeIn(doc.lines, span);
    return {
      location: { file: mappingFile, target: m.target?.value ?? null, range },
      line: range.start.line + 1,
      source: m.source?.value ?? null,
    };
  };
  const placeOfSection = (section: ObjectMappingModel, target: string | null): Place => {
    const range = rangeIn(doc.lines, section.keySpan);
    return { location: { file: mappingFile, target, range }, line: range.start.line + 1, source: null };
  };
  const matchingMapping = (object: ObjectKind): AttributeMappingModel | undefined => {
    const section = sectionOf(object);
    if (!section) return undefined;
    let best: AttributeMappingModel | undefined;
    let bestPrecedence = Infinity;
    for (const m of section.mappings) {
      const p = m.matchingPrecedence?.value;
      if (typeof p === 'number' && p > 0 && p < bestPrecedence) {
        best = m;
        bestPrecedence = p;
      }
    }
    return best;
  };

  /** The scope (file and filters) of an object section, and where it is. */
  const scopeOf = (
    section: ObjectMappingModel,
  ): { file: string; lines: LineIndex; filters: ScopeFilterModel[]; span: Span } | { error: string } | undefined => {
    const ref = section.scope;
    if (!ref) return undefined;
    if (ref.kind === 'inline') return { file: mappingFile, lines: doc.lines, filters: ref.filters, span: ref.span };
    const resolution = service.resolveScope(doc.uri, ref.path.value);
    if (resolution.status !== 'found') return { error: `the scope file "${ref.path.value}" cannot be read` };
    const scopeDoc = resolution.document;
    const node = scopeDoc.filtersNode;
    const span = node
      ? { start: node.offset, end: node.offset + node.length }
      : { start: 0, end: Math.min(1, scopeDoc.text.length) };
    return { file: name(resolution.uri), lines: scopeDoc.lines, filters: scopeDoc.filters, span };
  };

  /** Text of the entry that can name a clause's attribute: step descriptions and details. */
  const scopeTextOf = (entry: ProvisioningLogEntry): string =>
    entry.steps
      .filter((s) => s.type === 'scoping' || 'ScopeEvaluationResult' in s.details)
      .map((s) => `${s.description} ${Object.values(s.details).join(' ')}`)
      .join(' ');

  function explainSkipOrScope(
    entry: ProvisioningLogEntry,
    object: ObjectKind,
  ): { cause: LogCause; place: Place | null; audience: string } | undefined {
    // Skip reasons live in step details (SkipReason), descriptions or the reason, depending on the export.
    const allDetails = `${entry.steps.map((s) => `${Object.values(s.details).join(' ')} ${s.description}`).join(' ')} ${entry.reason ?? ''} ${entry.errorCode ?? ''}`;
    // The portal's scoping step lists "Assigned to the application" and "Scoping filter evaluation passed".
    const detailIs = (key: RegExp, value: RegExp): boolean =>
      entry.steps.some((s) => Object.entries(s.details).some(([k, v]) => key.test(k) && value.test(v.trim())));
    if (allDetails.includes(SKIP_NOT_ENTITLED) || detailIs(/^(Assigned to the application|IsAssigned)$/i, /^false$/i)) {
      return {
        cause: {
          code: 'not-assigned',
          message: `The ${object} is not assigned to the enterprise app (skip reason ${SKIP_NOT_ENTITLED}), so Entra does not provision it. This is the assignment, not the mapping.`,
          fix: `Assign the ${object} (or a group it is a direct member of) to the app in Users and groups, or leave it out on purpose.`,
        },
        place: null,
        audience: `${object}s not assigned to the app`,
      };
    }
    if (allDetails.includes(SKIP_REDUNDANT)) {
      return {
        cause: {
          code: 'redundant-export',
          message: `AWS already holds every value Entra would send (skip reason ${SKIP_REDUNDANT}): nothing was changed.`,
          fix: 'Nothing to do.',
        },
        place: null,
        audience: `${object}s already up to date`,
      };
    }
    // Out of scope only on evidence: the filter result, a scope skip reason or words saying so
    // (a skipped scoping step alone can also be an unassigned or disabled object).
    const scopeMentioned =
      /out(side)? of (the )?scope|not in scope|OutOfScope|NotInScope/i.test(
        `${entry.reason ?? ''} ${entry.steps.map((s) => `${s.description} ${s.details.SkipReason ?? ''}`).join(' ')}`,
      ) ||
      detailIs(/^(Scoping filter evaluation passed|IsInScope)$/i, /^false$/i) ||
      entry.steps.some((s) => 'ScopeEvaluationResult' in s.details && (s.status === 'skipped' || s.status === 'failure'));
    if (!scopeMentioned) return undefined;
    const section = sectionOf(object);
    const scope = section ? scopeOf(section) : undefined;
    if (!section || !scope) {
      return {
        cause: {
          code: 'out-of-scope',
          message: `Entra's scoping filter left the ${object} out, but this mapping has no scoping filter for ${object}s: the job in the tenant has one the file does not.`,
          fix: 'Pull the schema from the tenant (or add the scope to the mapping) so the file says what the job does.',
        },
        place: null,
        audience: `${object}s outside the scoping filter`,
      };
    }
    if ('error' in scope) {
      return {
        cause: {
          code: 'out-of-scope',
          message: `Entra's scoping filter left the ${object} out; ${scope.error}, so the clause cannot be named.`,
          fix: 'Fix the scope reference, then run logs again.',
        },
        place: placeOfSection(section, null),
        audience: `${object}s outside the scoping filter`,
      };
    }
    // The clause, when the log names its attribute.
    const text = scopeTextOf(entry);
    let clause: ScopeClauseModel | undefined;
    for (const filter of scope.filters) {
      for (const c of filter.clauses) {
        const attribute = c.attribute?.value;
        if (
          attribute &&
          new RegExp(`(^|[^A-Za-z0-9_])${attribute.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z0-9_]|$)`).test(text)
        ) {
          clause = c;
          break;
        }
      }
      if (clause) break;
    }
    const range = rangeIn(scope.lines, clause ? (clause.attribute?.span ?? clause.span) : scope.span);
    const clauseText = clause
      ? `${clause.attribute?.value ?? '?'} ${clause.operator?.value ?? '?'}${clause.value ? ` ${JSON.stringify(clause.value.value)}` : ''}`
      : null;
    return {
      cause: {
        code: 'out-of-scope',
        message: clauseText
          ? `The ${object} failed the scoping clause ${clauseText}, so Entra skipped it.`
          : `The ${object} matched none of the scoping filters, so Entra skipped it (the log does not say which clause failed; a dry run of the ${object} shows each clause).`,
        fix: `If the ${object} should be provisioned, change its attributes in Entra or widen the filter; remember that scoping comparisons are case-sensitive and that a null value fails every clause.`,
      },
      place: {
        location: { file: scope.file, target: clause?.attribute?.value ?? null, range },
        line: range.start.line + 1,
        source: null,
      },
      audience: clauseText ? `${object}s failing ${clauseText}` : `${object}s outside the scoping filter`,
    };
  }

  function explainFinding(
    finding: PayloadFinding,
    object: ObjectKind,
    others: PayloadFinding[],
    fallbackFix: string | undefined,
  ): { cause: LogCause; place: Place | null; audience: string } {
    const mapping = mappingFor(object, finding.target);
    const section = sectionOf(object);
    const place = mapping ? placeOfMapping(mapping) : section ? placeOfSection(section, finding.target) : null;
    const source = mapping?.source?.value ?? null;
    const attribute = directAttribute(source);
    let message = finding.message;
    let fix = fallbackFix ?? 'Change the mapping or the source value so that AWS accepts it.';
    let audience = `${object}s with ${finding.code} on ${finding.target}`;
    switch (finding.code) {
      case 'required-missing':
        if (mapping) {
          message += ` The mapping ${finding.target} ← ${source ?? '(no source)'} gave no value for this ${object}.`;
          fix = attribute
            ? `Give these ${object}s a ${attribute} in Entra, or map ${finding.target} from an expression that always has a value (e.g. Coalesce([${attribute}], "…")) or set a default value.`
            : `Make ${source ?? 'the expression'} yield a value for every ${object}, or set a default value.`;
          audience = attribute
            ? `${object}s without ${article(attribute)} ${attribute}`
            : `${object}s for which ${source ?? 'the source'} is empty`;
        } else {
          message += ` No mapping sets it.`;
          fix = `Add a mapping for ${finding.target} (scim-mapper check offers the gallery default).`;
          audience = `every ${object} (no mapping sets ${finding.target})`;
        }
        break;
      case 'target-multi-valued':
        fix =
          'Send one value: map a single-valued source, pick one with Item(…, 1) or Join them, or remove the second typed mapping of the collection.';
        audience = `${object}s with several values for ${finding.target}`;
        break;
      case 'invalid-characters':
        fix = `Strip the characters in the expression (e.g. Replace or StripSpaces) or fix the source values.`;
        audience = `${object}s whose ${finding.target} has characters AWS rejects`;
        break;
      case 'risky-characters':
        fix = `Remove these characters in the expression (Replace) or in the source values; Entra's AWS tutorial says AWS rejects them.`;
        audience = `${object}s whose ${finding.target} has characters Entra's tutorial warns about`;
        break;
      case 'value-too-long':
        fix = `Shorten the value in the expression (Left([…], n)) or in the source.`;
        audience = `${object}s whose ${finding.target} is too long`;
        break;
      case 'reserved-name':
        fix = 'Rename the group in Entra or leave it out of the assignment.';
        audience = 'groups with a reserved name';
        break;
      case 'target-unknown':
      case 'target-unsupported':
        fix = `Remove the mapping of ${finding.target}, or write an attribute AWS IAM Identity Center supports.`;
        audience = `${object}s (the mapping of ${finding.target} is rejected)`;
        break;
      case 'value-not-boolean':
        fix = `Make the expression yield True or False.`;
        audience = `${object}s with a non-boolean ${finding.target}`;
        break;
    }
    if (others.length > 0) message += ` The payload also has ${others.map((o) => `${o.code} on ${o.target}`).join(', ')}.`;
    return { cause: { code: finding.code, message, fix }, place, audience };
  }

  function explainConflict(
    entry: ProvisioningLogEntry,
    object: ObjectKind,
    fact: EntraErrorFact | undefined,
  ): { cause: LogCause; place: Place | null; audience: string } {
    const sent = new Map(
      entry.modifiedProperties.filter((p) => p.newValue !== null).map((p) => [keyOf(object, p.name), p.newValue!]),
    );
    const matching = matchingMapping(object);
    const matchingTarget = matching?.target?.value ?? null;
    const candidates = UNIQUE_TARGETS(object).map((target) => {
      const value = sent.get(keyOf(object, target));
      return { target, value, mapping: mappingFor(object, target) };
    });
    const described = candidates
      .filter((c) => c.value !== undefined || c.mapping)
      .map(
        (c) =>
          `${c.target}${c.value !== undefined ? ` ${JSON.stringify(c.value)}` : ''}${c.target === 'userName' ? ' (compared case-insensitively)' : ''}`,
      );
    // Matching looks only at the matching attribute: the collision is on another unique one, unless
    // that one differs only in case (AWS compares userName and displayName case-insensitively).
    const suspect = candidates.find((c) => c.mapping && c.target !== matchingTarget) ?? candidates.find((c) => c.mapping);
    const place = suspect?.mapping ? placeOfMapping(suspect.mapping) : null;
    const message =
      `AWS IAM Identity Center refused to create the ${object}: one of its unique attributes already belongs to another ${object} (409 "Refused to create a new, duplicate resource."). ` +
      `Unique in AWS: ${described.length > 0 ? described.join(', ') : UNIQUE_TARGETS(object).join(', ')}. ` +
      (matchingTarget
        ? `Entra's matching looks only at ${matchingTarget}; it found no ${object} with that value, so it tried a create, which collided on another unique attribute.`
        : `The mapping has no matching attribute.`);
    return {
      cause: {
        code: 'value-conflict',
        message,
        fix:
          fact?.fix ??
          'Find the AWS object holding the value and remove it or change the Entra value; if it is the same person, make the matching attribute find it.',
      },
      place,
      audience: `${object}s whose ${UNIQUE_TARGETS(object).join(' / ')} already exists in AWS`,
    };
  }

  function explainMatching(object: ObjectKind, fact: EntraErrorFact): { cause: LogCause; place: Place | null; audience: string } {
    const matching = matchingMapping(object);
    const place = matching ? placeOfMapping(matching) : sectionOf(object) ? placeOfSection(sectionOf(object)!, null) : null;
    const which = matching
      ? ` The matching mapping is ${matching.target?.value ?? '?'} ← ${matching.source?.value ?? '(no source)'}.`
      : ' The mapping has no matching attribute.';
    const audiences: Record<string, string> = {
      'matching-value-missing': `${object}s without a value for the matching attribute`,
      'matching-ambiguous': `${object}s found more than once in AWS`,
      'matching-duplicate-source': `${object}s sharing a matching value in Entra`,
      'matching-anchor-lost': `${object}s deleted in AWS after provisioning`,
    };
    return {
      cause: { code: fact.cause, message: fact.meaning + which, fix: fact.fix },
      place,
      audience: audiences[fact.cause] ?? `${object}s (${fact.cause})`,
    };
  }

  function explain(entry: ProvisioningLogEntry): Explanation {
    const object = entry.objectKind;
    const base: ExplainedLogEntry = {
      id: entry.id,
      activityDateTime: entry.activityDateTime,
      action: entry.action,
      status: entry.status,
      object: entry.object,
      errorCode: entry.errorCode,
      reason: entry.reason,
      cause: null,
      location: null,
    };
    if (!isFailure(entry.status)) {
      return {
        entry: base,
        detail: { groupKey: 'success', headline: 'success', audience: '', source: null, line: null, otherFindings: [] },
      };
    }
    let result: { cause: LogCause; place: Place | null; audience: string; others?: PayloadFinding[] } | undefined;
    const fact = entraErrorFact(entry.errorCode);
    const reasonText = `${entry.reason ?? ''} ${entry.additionalDetails ?? ''}`;
    let payloadChecked = false;

    if (fact?.handling === 'conflict' || (!fact && AWS_CONFLICT.test(reasonText))) {
      result = explainConflict(entry, object, fact);
    } else if (fact?.handling === 'matching') {
      result = explainMatching(object, fact);
    } else if (fact?.handling === 'skip') {
      result = explainSkipOrScope(entry, object) ?? {
        cause: { code: fact.cause, message: fact.meaning, fix: fact.fix },
        place: null,
        audience: `${object}s skipped without a reason in the log`,
      };
    } else if (fact?.handling === 'service') {
      result = {
        cause: { code: fact.cause, message: fact.meaning, fix: fact.fix },
        place: null,
        audience: fact.meaning.replace(/\.$/, ''),
      };
    } else {
      const exportFailed = entry.steps.some((s) => s.type === 'export' && s.status === 'failure');
      // An unknown code on a failed export: only an error the payload certainly has explains it.
      const unknownExport = !fact && !!entry.errorCode && exportFailed && !AWS_BAD_REQUEST.test(reasonText);
      const payloadRelevant =
        fact?.handling === 'payload' || AWS_BAD_REQUEST.test(reasonText) || (!entry.errorCode && exportFailed) || unknownExport;
      if (payloadRelevant) {
        const sent = rebuildPayload(entry.modifiedProperties, object, catalog, (n) => mappingFor(object, n) !== undefined);
        const create = /^(create|add)$/i.test(entry.action);
        const findings = checkPayload(sent, object, catalog, create);
        payloadChecked = sent.length > 0 && AWS_BAD_REQUEST.test(reasonText);
        const errors = findings.filter((f) => f.severity === 'error');
        // With a documented code, only a finding that means the same thing explains it; a generic
        // 400 is explained by the first error the payload has.
        const fitsFact = (f: PayloadFinding): boolean =>
          f.code === fact!.cause || (fact!.cause === 'target-unknown' && f.code === 'target-unsupported');
        const chosen = fact ? findings.find(fitsFact) : unknownExport ? errors[0] : (errors[0] ?? findings[0]);
        if (chosen) {
          const others = findings.filter((f) => f !== chosen);
          result = { ...explainFinding(chosen, object, others, fact?.fix), others };
        } else if (fact) {
          // A documented code whose violated attribute the logged payload does not show.
          const seen =
            sent.length === 0
              ? 'the log shows no attribute values'
              : findings.length > 0
                ? `the values the log shows have only ${findings.map((f) => `${f.code} on ${f.target}`).join(', ')}`
                : 'the values the log shows pass our checks';
          result = {
            cause: { code: fact.cause, message: `${fact.meaning} Which attribute is not visible: ${seen}.`, fix: fact.fix },
            place: null,
            audience: `${object}s (${fact.cause})`,
          };
        }
      }
      if (
        !result &&
        (entry.status === 'skipped' || /skip/i.test(entry.errorCode ?? '') || entry.steps.some((s) => s.status === 'skipped'))
      ) {
        result = explainSkipOrScope(entry, object);
      }
      if (!result && !entry.errorCode) result = explainSkipOrScope(entry, object);
    }

    if (!result) {
      const code = entry.errorCode ?? entry.status;
      const reason = (entry.reason ?? '').replace(/\s+/g, ' ').trim();
      // Say what was ruled out, not what might have happened.
      const audience = payloadChecked
        ? `AWS rejected the request (400) and the values the log shows pass SCIM Mapper's checks`
        : reason.length > 120
          ? `${reason.slice(0, 119)}…`
          : reason || 'no reason given';
      return {
        entry: base,
        detail: {
          groupKey: `unexplained|${code}`,
          headline: `unexplained ${code}`,
          audience,
          source: null,
          line: null,
          otherFindings: [],
        },
      };
    }
    const { cause, place, audience } = result;
    const entryOut: ExplainedLogEntry = { ...base, cause, location: place?.location ?? null };
    const target = place?.location.target;
    const where = place ? ` (${place.location.file}:${place.line})` : '';
    const headline = `${cause.code}${target ? ` ${target}` : ''}${place?.source ? ` ← ${place.source}` : ''}${where}`;
    return {
      entry: entryOut,
      detail: {
        groupKey: `${cause.code}|${place?.location.file ?? ''}|${place?.line ?? ''}|${target ?? ''}`,
        headline,
        audience,
        source: place?.source ?? null,
        line: place?.line ?? null,
        otherFindings: (result.others ?? []).map((o) => `${o.code} ${o.target}`),
      },
    };
  }

  return { explain };
}
