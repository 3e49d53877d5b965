import type { DryRunResult, DryRunSummary, JsonValue } from './types';

/**
 * Renders dry-run results as Markdown for the editor's read-only preview: the steps of Entra's
 * "Provision on demand" (scope, matching, action, attributes, requests, problems), with links back
 * to the mapping lines. Pure: the caller passes the mapping's URI for the links.
 */

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text}${fence}`;
}

function json(value: JsonValue | undefined): string {
  return value === undefined ? '' : JSON.stringify(value);
}

function mappingLink(mappingUri: string, line: number | undefined, label: string): string {
  return line ? `[${label}](${mappingUri}#L${line})` : label;
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
  for (const warning of result.sample.warnings ?? []) out.push(`> ⚠ ${warning}`);
  if (result.sample.mapped?.length) {
    out.push(`Microsoft Graph fields read as Entra attributes: ${result.sample.mapped.map((m) => `${code(m.from)} → ${code(m.to)}`).join(', ')}.`);
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
        const filterLabel = j === 0 ? `${i + 1}${filter.name ? ` ${cell(filter.name)}` : ''} (${filter.result === null ? '?' : filter.result ? '✓' : '✗'})` : '';
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

  out.push('', '### 3. Action', `**${result.action.toUpperCase()}**: ${result.actionReason}`);
  if (result.isSoftDeleted) out.push('', `IsSoftDeleted = ${result.isSoftDeleted.value} (${result.isSoftDeleted.origin}): ${result.isSoftDeleted.reason}`);

  if (result.attributes.length > 0) {
    out.push('', '### 4. Attributes', '', '| target | value | status | source |', '|---|---|---|---|');
    for (const attribute of result.attributes) {
      const line = attribute.mapping ? options.mappingLines.get(attribute.mapping) : undefined;
      const target = mappingLink(options.mappingUri, line, cell(attribute.target));
      const status = `${attribute.status}${attribute.sent === false ? ' (not sent)' : ''}${attribute.note ? `: ${cell(attribute.note)}` : ''}`;
      // An update shows what AWS holds now: old → new.
      const value = attribute.current !== undefined ? `${cell(json(attribute.current))} → ${cell(json(attribute.value))}` : cell(json(attribute.value));
      out.push(`| ${target} | ${value} | ${status} | ${attribute.source ? code(cell(attribute.source)) : ''} |`);
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
      const where = problem.mapping ? ` (${mappingLink(options.mappingUri, problem.mapping.line, `mapping ${problem.mapping.number}`)})` : '';
      out.push(`- **${problem.severity}** ${code(problem.code)}${problem.target ? ` ${code(problem.target)}` : ''}${where}: ${problem.message}`);
    }
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
