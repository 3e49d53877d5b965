/**
 * The dry-run report (issue 16 item 7): sample values are text, never markup, in both the webview
 * HTML and the Markdown; links open mapping lines through the one command the report may run; the
 * page allows no script but its own nonce'd one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderReportBody, renderReportPage } from '../../client/src/report/renderReport';
import { catalogs, defaultCatalog } from '../../server/src/service/catalog';
import { prepareDryRun, readSamples } from '../../server/src/service/dryrun';
import { renderResultMarkdown } from '../../server/src/service/dryrun/markdown';
import { LanguageService } from '../../server/src/service/languageService';
import type { MappingDocument } from '../../server/src/service/model/types';

const HOSTILE = '<img src=x onerror=alert(1)>[click](command:workbench.action.terminal.sendSequence)`` ` # </td>';
const MAPPING = JSON.stringify({
  target: 'aws-iam-identity-center',
  user: {
    mappings: [
      { target: 'userName', source: '[userPrincipalName]', matchingPrecedence: 1 },
      { target: 'displayName', source: '[displayName]' },
      { target: 'title', source: '[jobTitle]' },
    ],
  },
});

function hostileResult() {
  const service = new LanguageService({ host: { readFile: () => undefined }, catalogs });
  const doc = service.getDocument('file:///report/x.mapping.json', MAPPING) as MappingDocument;
  const sample = readSamples(
    JSON.stringify({ userPrincipalName: 'alice@contoso.com', displayName: HOSTILE, jobTitle: 'a|b\nc' }),
    { object: 'user', catalog: defaultCatalog, file: 'x.user.json' },
  ).samples[0];
  return prepareDryRun(service, doc, 'user').run(sample, { clock: () => 0, seed: 1 });
}

describe('dry-run report: webview HTML', () => {
  const result = hostileResult();
  const summary = {
    objects: 1,
    inScope: 1,
    outOfScope: 0,
    scopeUndetermined: 0,
    actions: { create: 1, update: 0, disable: 0, delete: 0, none: 0 },
    wouldFail: 0,
    invalidInput: 0,
    problemsByCode: {},
  };
  const body = renderReportBody(
    { markdown: '', results: [result], summary, errors: [] },
    {
      mappingUri: 'file:///report/x.mapping.json',
      mappingName: 'x.mapping.json',
      sampleName: '<b>x</b>.user.json',
      mappingLines: new Map([
        [1, 5],
        [2, 6],
      ]),
    },
  );

  it('escapes every value: no tag or link from the sample survives', () => {
    assert.ok(!body.includes('<img'), 'no <img> tag');
    assert.ok(!body.includes('<b>x</b>'));
    assert.ok(body.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(!/href="command:workbench/.test(body), 'no link to another command');
  });

  it('shows the scope trace, the action and the request, with a copy button per request', () => {
    assert.match(body, /<h3>1\. Scope<\/h3>/);
    assert.match(body, /<h3>3\. Action<\/h3><p class="action"><strong>CREATE<\/strong>/);
    assert.match(body, /<h3>4\. Requests AWS receives<\/h3>/);
    assert.equal((body.match(/<button class="copy"/g) ?? []).length, result.requests.length);
    assert.match(body, /<pre id="request-0-0">POST \/Users/);
  });

  it('links open mapping lines through scimMapper.openMappingLine only', () => {
    const links = [...body.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    assert.ok(links.length >= 2);
    for (const link of links) assert.match(link, /^command:scimMapper\.openMappingLine\?/);
    assert.deepEqual(JSON.parse(decodeURIComponent(links[0].split('?')[1])), ['file:///report/x.mapping.json', 5]);
  });

  it("the page allows nothing but its own nonce'd style and script", () => {
    const page = renderReportPage(body, 'N0nce');
    assert.match(page, /content="default-src 'none'; style-src 'nonce-N0nce'; script-src 'nonce-N0nce';"/);
    assert.equal((page.match(/<script/g) ?? []).length, 1);
    assert.match(page, /<script nonce="N0nce">/);
  });
});

describe('dry-run report: Markdown', () => {
  it('values are text: no HTML, no link, no broken table or code span', () => {
    const full = renderResultMarkdown(hostileResult(), {
      mappingUri: 'file:///report/x.mapping.json',
      mappingLines: new Map([[1, 5]]),
    });
    // Request bodies are fenced JSON: literal text there (JSON lines never start with a fence).
    const markdown = full.replace(/```json\n[\s\S]*?\n```/g, '');
    assert.ok(!/(?<!\\)<img/.test(markdown), 'no raw tag');
    assert.ok(!/(?<!\\)\]\(command:workbench/.test(markdown), 'no link from the value');
    assert.match(markdown, /\(command:scimMapper\.openMappingLine\?/);
    // Every attribute row keeps its four cells.
    for (const row of markdown
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| target') && !l.startsWith('| filter'))) {
      const cells = row.split(/(?<!\\)\|/).length - 2;
      assert.ok(cells === 4 || cells === 6, row);
    }
  });
});
