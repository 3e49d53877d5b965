/**
 * The dry-run report as HTML for the report webview. Pure (no `vscode` import), so tests can read
 * it. Everything that comes from a sample, a mapping or a scope file is text to this page: it is
 * escaped, never markup, and the only links are command URIs of scimMapper.openMappingLine, the
 * one command the webview may run.
 */
import type { DryRunResponse } from '../../../server/src/protocol';
import type { DryRunResult, JsonValue } from '../../../server/src/service/dryrun/types';

export const OPEN_MAPPING_LINE_COMMAND = 'scimMapper.openMappingLine';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function json(value: JsonValue | undefined): string {
  return value === undefined ? '' : JSON.stringify(value);
}

export interface ReportContext {
  mappingUri: string;
  mappingName: string;
  sampleName: string;
  /** 1-based line of each mapping by 1-based mapping number. */
  mappingLines: ReadonlyMap<number, number>;
}

/** A link that opens the mapping file at `line` (through the command registered for it). */
function lineLink(context: ReportContext, line: number | undefined, label: string): string {
  if (!line) return escapeHtml(label);
  const args = encodeURIComponent(JSON.stringify([context.mappingUri, line]));
  return `<a href="command:${OPEN_MAPPING_LINE_COMMAND}?${args}" title="Open line ${line} of ${escapeHtml(context.mappingName)}">${escapeHtml(label)}</a>`;
}

/** The request as a person would send it: method, path and JSON body. */
function requestText(request: DryRunResult['requests'][number]): string {
  return `${request.method} ${request.path}${request.body ? `\n\n${JSON.stringify(request.body, null, 2)}` : ''}`;
}

function mark(result: boolean | null): string {
  return result === null ? '?' : result ? '✓' : '✗';
}

function renderResult(result: DryRunResult, index: number, context: ReportContext): string {
  const out: string[] = [];
  out.push(`<section class="result"><h2>${result.object === 'user' ? 'User' : 'Group'} ${escapeHtml(result.sample.label)}</h2>`);
  if (result.sample.location?.file)
    out.push(`<p>From <code>${escapeHtml(`${result.sample.location.file}:${result.sample.location.line}`)}</code>.</p>`);
  for (const warning of result.sample.warnings ?? []) out.push(`<p class="warning">⚠ ${escapeHtml(warning)}</p>`);

  out.push('<h3>1. Scope</h3>');
  if (!result.scope) {
    out.push('<p>No scoping filter: every assigned object is in scope.</p>');
  } else {
    const verdict =
      result.inScope === null
        ? 'cannot be decided'
        : result.inScope
          ? '<strong>in scope</strong>'
          : '<strong>out of scope</strong>';
    out.push(
      `<p class="scope-verdict">The ${result.object} is ${verdict}. Filters are OR-ed; the clauses of a filter are AND-ed.</p>`,
    );
    out.push(
      '<table class="scope"><thead><tr><th>filter</th><th>attribute</th><th>operator</th><th>value</th><th>actual</th><th>result</th></tr></thead><tbody>',
    );
    result.scope.filters.forEach((filter, i) => {
      filter.clauses.forEach((clause, j) => {
        const label = j === 0 ? `${i + 1}${filter.name ? ` ${filter.name}` : ''} (${mark(filter.result)})` : '';
        out.push(
          `<tr><td>${escapeHtml(label)}</td><td>${escapeHtml(clause.attribute ?? '')}</td><td>${escapeHtml(clause.operator ?? '')}</td><td><code>${escapeHtml(json(clause.value))}</code></td><td><code>${escapeHtml(json(clause.actual))}</code></td><td>${mark(clause.result)}${clause.note ? ` ${escapeHtml(clause.note)}` : ''}</td></tr>`,
        );
      });
    });
    out.push('</tbody></table>');
  }

  out.push('<h3>2. Matching</h3>');
  if (result.matching) {
    out.push(
      `<p><code>${escapeHtml(result.matching.target)}</code> = <code>${escapeHtml(json(result.matching.value))}</code></p>`,
    );
    if (result.matching.request) out.push(`<pre>${escapeHtml(result.matching.request)}</pre>`);
  } else {
    out.push('<p>No matching attribute has a value: Entra cannot look the object up.</p>');
  }

  out.push(
    `<h3>3. Action</h3><p class="action"><strong>${escapeHtml(result.action.toUpperCase())}</strong>: ${escapeHtml(result.actionReason)}</p>`,
  );
  if (result.isSoftDeleted)
    out.push(
      `<p>IsSoftDeleted = ${result.isSoftDeleted.value} (${escapeHtml(result.isSoftDeleted.origin)}): ${escapeHtml(result.isSoftDeleted.reason)}</p>`,
    );

  // The requests come before the attribute table: they are what AWS receives, and the table is long.
  if (result.requests.length > 0) {
    out.push('<h3>4. Requests AWS receives</h3>');
    result.requests.forEach((request, j) => {
      const id = `request-${index}-${j}`;
      out.push(
        `<div class="request"><p><code>${escapeHtml(`${request.method} ${request.path}`)}</code>${request.note ? ` (${escapeHtml(request.note)})` : ''} <button class="copy" type="button" data-copy="${id}" title="Copy this request">Copy</button></p><pre id="${id}">${escapeHtml(requestText(request))}</pre></div>`,
      );
    });
  }

  if (result.attributes.length > 0) {
    out.push(
      '<h3>5. Attributes</h3><table class="attributes"><thead><tr><th>target</th><th>value</th><th>status</th><th>source</th></tr></thead><tbody>',
    );
    for (const attribute of result.attributes) {
      const line = attribute.mapping ? context.mappingLines.get(attribute.mapping) : undefined;
      const status = `${attribute.status}${attribute.sent === false ? ' (not sent)' : ''}${attribute.note ? `: ${attribute.note}` : ''}`;
      out.push(
        `<tr><td>${lineLink(context, line, attribute.target)}</td><td><code>${escapeHtml(json(attribute.value))}</code></td><td>${escapeHtml(status)}</td><td>${attribute.source ? `<code>${escapeHtml(attribute.source)}</code>` : ''}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }

  out.push('<h3>6. Problems</h3>');
  if (result.problems.length === 0) {
    out.push('<p>None: AWS would accept this request.</p>');
  } else {
    out.push('<ul class="problems">');
    for (const problem of result.problems) {
      const where = problem.mapping ? ` (${lineLink(context, problem.mapping.line, `mapping ${problem.mapping.number}`)})` : '';
      out.push(
        `<li><strong>${escapeHtml(problem.severity)}</strong> <code>${escapeHtml(problem.code)}</code>${problem.target ? ` <code>${escapeHtml(problem.target)}</code>` : ''}${where}: ${escapeHtml(problem.message)}</li>`,
      );
    }
    out.push('</ul>');
  }
  out.push('</section>');
  return out.join('\n');
}

/** The report's body: a heading, read errors, each result and a summary for more than one. */
export function renderReportBody(response: DryRunResponse, context: ReportContext): string {
  const out: string[] = [];
  out.push(`<h1>Dry run: ${escapeHtml(context.sampleName)}</h1>`);
  out.push(
    `<p>Through <code>${escapeHtml(context.mappingName)}</code>, as Entra would provision it to AWS IAM Identity Center. Nothing is sent.</p>`,
  );
  for (const error of response.errors)
    out.push(`<p class="error">✗ ${escapeHtml(`${error.file ?? ''}${error.line ? `:${error.line}` : ''} ${error.message}`)}</p>`);
  if (response.results.length === 0 && response.errors.length === 0)
    out.push(`<p>${escapeHtml(firstParagraph(response.markdown))}</p>`);
  response.results.forEach((result, i) => out.push(renderResult(result, i, context)));
  if (response.results.length > 1 || response.errors.length > 0) {
    const s = response.summary;
    out.push(
      `<h2>Summary</h2><p>${s.objects} objects: ${s.inScope} in scope, ${s.outOfScope} out of scope; ${s.wouldFail} would fail.</p>`,
    );
  }
  return out.join('\n');
}

/** The explanation of a response without results ("This mapping file has no group section"). */
function firstParagraph(markdown: string): string {
  return (
    markdown
      .split(/\n\n/)
      .find((p) => !p.startsWith('#'))
      ?.trim() ?? ''
  );
}

/**
 * The whole page. Content-Security-Policy: nothing may load or run but this page's own style and
 * script, both marked with a fresh nonce; the script only posts "copy" messages to the extension.
 */
export function renderReportPage(body: string, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>SCIM Mapper dry run</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 1em 2em; }
h1 { font-size: 1.5em; } h2 { border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: .2em; } h3 { margin-bottom: .3em; }
table { border-collapse: collapse; margin: .3em 0; } th, td { border: 1px solid var(--vscode-panel-border); padding: 2px 6px; text-align: left; vertical-align: top; }
code, pre { font-family: var(--vscode-editor-font-family); } pre { background: var(--vscode-textCodeBlock-background); padding: .5em; overflow-x: auto; white-space: pre-wrap; }
a { color: var(--vscode-textLink-foreground); }
button.copy { margin-left: .5em; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 1px 8px; cursor: pointer; }
button.copy:hover { background: var(--vscode-button-hoverBackground); }
.error, .warning { color: var(--vscode-errorForeground); }
</style>
</head>
<body>
${body}
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
for (const button of document.querySelectorAll('button.copy')) {
  button.addEventListener('click', () => {
    const source = document.getElementById(button.dataset.copy);
    if (!source) return;
    vscode.postMessage({ type: 'copy', text: source.textContent });
    button.textContent = 'Copied';
    setTimeout(() => { button.textContent = 'Copy'; }, 1500);
  });
}
</script>
</body>
</html>`;
}
