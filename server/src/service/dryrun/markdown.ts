import { RULES_BY_CODE } from '../rules';
import type { DryRunProblem, DryRunResult, DryRunSummary, JsonValue } from './types';

/** Codes of check rules: the dry run's setup problems under other codes are not check findings. */
const RULE_CODES: ReadonlyMap<string, unknown> = RULES_BY_CODE;

/**
 * Renders dry-run results as Markdown for the editor's read-only preview: the steps of Entra's
 * "Provision on demand" (scope, matching, action, attributes, requests, problems), with links back
 * to the mapping lines. Pure: the caller passes the mapping's URI for the links.
 */

/**
 * Text from samples and mappings as Markdown text: characters that could start markup (links,
 * images, HTML, emphasis, headings, table cells) are backslash-escaped, line breaks become spaces.
 */
export function cell(text: string): string {
  return text.replace(/[\\`*_[\]<>&|#!~]/g, '\\$&').replace(/\r?\n|\r/g, ' ');
}

/** A code span that no backtick in the text can end early (a longer fence, padded). */
function code(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${flat} ${fence}` : `${fence}${flat}${fence}`;
}

function json(value: JsonValue | undefined): string {
  return value === undefined ? '' : JSON.stringify(value);
}

/**
 * A link to a mapping line through the command registered for it (scimMapper.openMappingLine):
 * `file:…#L28` links do nothing in VS Code's Markdown preview.
 */
function mappingLink(mappingUri: string, line: number | undefined, label: string): string {
  return line
    ? `[${label}](command:scimMapper.openMappingLine?${encodeURIComponent(JSON.stringify([mappingUri, line]))})`
    : label;
}

export interface MarkdownOptions {
  mappingUri: string;
  /** 1-based line of each mapping, by 1-based mapping number, for links from the attribute table. */
  mappingLines: ReadonlyMap<number, number>;
}

export function renderResultMarkdown(result: DryRunResult, options: MarkdownOptions): string {
  const out: string[] = [];
  const title = result.object === 'user' ? 'User' : 'Group';
  out.push(`## ${title} ${cell(result.sample.label)}`);
  if (result.sample.location?.file) out.push(`From ${code(`${result.sample.location.file}:${result.sample.location.line}`)}.`);
  for (const warning of result.sample.warnings ?? []) out.push(`> ⚠ ${cell(warning)}`);
  if (result.sample.mapped?.length) {
    out.push(
      `Microsoft Graph fields read as Entra attributes: ${result.sample.mapped.map((m) => `${code(m.from)} → ${code(m.to)}`).join(', ')}.`,
    );
  }
  if (result.sample.ignored?.length) {
    out.push(`Ignored: ${result.sample.ignored.map((i) => `${code(i.field)} (${i.reason})`).join(', ')}.`);
  }

  out.push('', '### 1. Scope');
  if (!result.scope) {
    out.push('No scoping filter: every assigned object is in scope.');
  } else {
    const verdict = result.inScope === null ? 'cannot be decided' : result.inScope ? '**in scope**' : '**out of scope**';
    out.push(`The ${result.object} is ${verdict}. Filters are OR-ed; the clauses of a filter are AND-ed.`, '');
    out.push('| filter | attribute | operator | value | actual | result |', '|---|---|---|---|---|---|');
    result.scope.filters.forEach((filter, i) => {
      filter.clauses.forEach((clause, j) => {
        const mark = clause.result === null ? '?' : clause.result ? '✓' : '✗';
        const filterLabel =
          j === 0
            ? `${i + 1}${filter.name ? ` ${cell(filter.name)}` : ''} (${filter.result === null ? '?' : filter.result ? '✓' : '✗'})`
            : '';
        out.push(
          `| ${filterLabel} | ${cell(clause.attribute ?? '')} | ${cell(clause.operator ?? '')} | ${cell(json(clause.value))} | ${cell(json(clause.actual))} | ${mark}${clause.note ? ` ${cell(clause.note)}` : ''} |`,
        );
      });
    });
  }

  out.push('', '### 2. Matching');
  if (result.matching) {
    out.push(`${code(result.matching.target)} = ${code(json(result.matching.value))}`);
    if (result.matching.request) out.push('', '```http', result.matching.request, '```');
  } else {
    out.push('No matching attribute has a value: Entra cannot look the object up.');
  }

  out.push('', '### 3. Action', `**${result.action.toUpperCase()}**: ${cell(result.actionReason)}`);
  if (result.isSoftDeleted)
    out.push(
      '',
      `IsSoftDeleted = ${result.isSoftDeleted.value} (${result.isSoftDeleted.origin}): ${result.isSoftDeleted.reason}`,
    );

  if (result.attributes.length > 0) {
    out.push('', '### 4. Attributes', '', '| target | value | status | source |', '|---|---|---|---|');
    for (const attribute of result.attributes) {
      const line = attribute.mapping ? options.mappingLines.get(attribute.mapping) : undefined;
      const target = mappingLink(options.mappingUri, line, cell(attribute.target));
      const status = `${attribute.status}${attribute.sent === false ? ' (not sent)' : ''}${attribute.note ? `: ${cell(attribute.note)}` : ''}`;
      // An update shows what AWS holds now: old → new.
      const value =
        attribute.current !== undefined
          ? `${cell(json(attribute.current))} → ${cell(json(attribute.value))}`
          : cell(json(attribute.value));
      out.push(`| ${target} | ${value} | ${status} | ${attribute.source ? code(attribute.source.replace(/\|/g, '\\|')) : ''} |`);
    }
  }

  if (result.requests.length > 0) {
    out.push('', '### 5. Requests AWS receives');
    for (const request of result.requests) {
      out.push('', `${code(`${request.method} ${request.path}`)}${request.note ? ` (${request.note})` : ''}`);
      if (request.body) out.push('', '```json', JSON.stringify(request.body, null, 2), '```');
    }
  }

  out.push('', '### 6. Problems');
  if (result.problems.length === 0) {
    out.push('None: AWS would accept this request.');
  } else {
    for (const problem of result.problems) {
      const where = problem.mapping
        ? ` (${mappingLink(options.mappingUri, problem.mapping.line, `mapping ${problem.mapping.number}`)})`
        : '';
      out.push(
        `- **${problem.severity}** ${code(problem.code)}${problem.target ? ` ${code(problem.target)}` : ''}${where}: ${cell(problem.message)}`,
      );
    }
  }
  return out.join('\n');
}

/**
 * The check's errors on the mapping and its scope files, listed before any result (they are also
 * each result's first problems); empty when there are none.
 */
export function renderCheckErrorsMarkdown(problems: readonly DryRunProblem[], options: MarkdownOptions): string {
  const errors = problems.filter((problem) => problem.severity === 'error' && RULE_CODES.has(problem.code));
  if (errors.length === 0) return '';
  const out = [
    `## Check: ${errors.length} error${errors.length === 1 ? '' : 's'}`,
    '',
    'The dry run does not evaluate what the check rejects; fix these first.',
    '',
  ];
  for (const problem of errors) {
    const where = problem.mapping
      ? ` (${mappingLink(options.mappingUri, problem.mapping.line, `mapping ${problem.mapping.number}`)})`
      : problem.file
        ? ` (${code(problem.file.split('/').pop() ?? problem.file)})`
        : '';
    out.push(`- ${code(problem.code)}${problem.target ? ` ${code(problem.target)}` : ''}${where}: ${problem.message}`);
  }
  return out.join('\n');
}

export function renderSummaryMarkdown(summary: DryRunSummary): string {
  const actions = Object.entries(summary.actions)
    .filter(([, n]) => n > 0)
    .map(([action, n]) => `${n} ${action}`)
    .join(', ');
  const problems = Object.entries(summary.problemsByCode)
    .map(([problemCode, n]) => `${code(problemCode)} × ${n}`)
    .join(', ');
  return [
    '## Summary',
    `${summary.objects} object${summary.objects === 1 ? '' : 's'}: ${summary.inScope} in scope, ${summary.outOfScope} out of scope${summary.scopeUndetermined ? `, ${summary.scopeUndetermined} undetermined` : ''}; ${actions || 'no action'}; ${summary.wouldFail} would fail.`,
    problems ? `Problems: ${problems}.` : '',
    summary.invalidInput ? `${summary.invalidInput} sample${summary.invalidInput === 1 ? '' : 's'} could not be read.` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}
