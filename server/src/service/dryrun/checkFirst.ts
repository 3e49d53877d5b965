/**
 * The dry run starts with the check: every finding `check` reports on the mapping and its scope
 * files is a problem of every result (same code, severity and message), and a mapping whose
 * expression or target `check` rejects with an error is not evaluated as if it were fine. What the
 * run itself would report again under a code the check already reported for the same mapping is
 * left out, so that each fact is reported once, in the rules' words.
 */
import type { LanguageService } from '../languageService';
import { RULES } from '../rules';
import type { AttributeMappingModel, MappingLikeDocument } from '../model/types';
import type { Span } from '../text/lineIndex';
import { checkWithScopeFiles } from '../verdict';
import type { DryRunProblem } from './types';

export interface CheckVerdict {
  /** Every check finding, the mapping's first, then those of its scope files. */
  problems: DryRunProblem[];
  /** Whether some finding is an error: the dry run then fails whatever the sample. */
  hasErrors: boolean;
  /** Why check rejects a mapping (its expression or its target), by mapping. */
  rejected: Map<AttributeMappingModel, string>;
  /** `object|mapping number|code` (number `-` for no mapping) of the check's problems: the run does not repeat them. */
  reported: Set<string>;
}

/**
 * Findings on a target that mean the target is not the one written (a misspelt or mis-cased name):
 * the dry run must not send it under the name it guesses. Others (an unsupported or second
 * single-valued target) are sent as Entra would send them, and AWS's answer is the problem.
 */
const TARGET_REJECTIONS = new Set(['target-unknown']);

/**
 * The codes of rules that judge an expression on its own (`checkExpression`): an error means the
 * expression itself is wrong, so it is not evaluated. A rule that judges an expression against its
 * target (several values for a single-valued one) leaves it to be evaluated: the value shows it.
 */
const EXPRESSION_CODES = new Set(RULES.filter((rule) => rule.checkExpression).map((rule) => rule.code));

function within(span: Span, outer: Span | undefined): boolean {
  return outer !== undefined && span.start >= outer.start && span.end <= outer.end;
}

export function problemKey(object: string, mappingNumber: number | undefined, code: string): string {
  return `${object}|${mappingNumber ?? '-'}|${code}`;
}

export function checkFirst(service: LanguageService, doc: MappingLikeDocument): CheckVerdict {
  const verdict: CheckVerdict = { problems: [], hasErrors: false, rejected: new Map(), reported: new Set() };
  // Mappings in file order, for finding the one a finding is in.
  const mappings = doc.objects.flatMap((section) => section.mappings).sort((a, b) => a.span.start - b.span.start);
  const sectionOf = (span: Span): string | undefined =>
    doc.objects.find(
      (section) =>
        within(span, section.keySpan) ||
        (section.node && within(span, { start: section.node.offset, end: section.node.offset + section.node.length })),
    )?.object;
  for (const checked of checkWithScopeFiles(service, doc)) {
    const inScopeFile = checked.uri !== doc.uri;
    for (const finding of checked.findings) {
      const problem: DryRunProblem = { code: finding.code, severity: finding.severity, target: null, message: finding.message };
      if (finding.severity === 'error') verdict.hasErrors = true;
      if (inScopeFile) {
        problem.file = checked.uri;
        verdict.problems.push(problem);
        continue;
      }
      const mapping = mappingAt(mappings, finding.span);
      if (mapping) {
        problem.target = mapping.target?.value ?? null;
        problem.mapping = {
          number: mapping.index + 1,
          source: mapping.source?.value ?? null,
          line: doc.lines.positionAt(mapping.span.start).line + 1,
        };
        if (
          finding.severity === 'error' &&
          !verdict.rejected.has(mapping) &&
          ((within(finding.span, mapping.source?.span) && EXPRESSION_CODES.has(finding.code)) ||
            (within(finding.span, mapping.target?.span) && TARGET_REJECTIONS.has(finding.code)))
        ) {
          verdict.rejected.set(mapping, finding.message);
        }
      }
      verdict.reported.add(
        problemKey(mapping?.object ?? sectionOf(finding.span) ?? '-', mapping ? mapping.index + 1 : undefined, finding.code),
      );
      verdict.problems.push(problem);
    }
  }
  return verdict;
}

/** The mapping whose span holds `span`, by binary search over mappings in file order. */
function mappingAt(mappings: readonly AttributeMappingModel[], span: Span): AttributeMappingModel | undefined {
  let low = 0;
  let high = mappings.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const m = mappings[mid];
    if (span.start < m.span.start) high = mid - 1;
    else if (span.start >= m.span.end) low = mid + 1;
    else return span.end <= m.span.end ? m : undefined;
  }
  return undefined;
}
