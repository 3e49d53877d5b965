/**
 * The language server's side of "SCIM Mapper: Explain provisioning logs…": reads the chosen log
 * files, explains each entry with the service (service/logs/), and answers with the groups (for
 * diagnostics and CodeLenses on the mapping lines) and a Markdown report.
 */
import type { ExplainLogsGroup, ExplainLogsParams, ExplainLogsResponse } from '../protocol';
import type { LanguageService } from '../service/languageService';
import { classifyLogSources, createLogExplainer, LogSourceError, LogSummary, readLogSources } from '../service/logs';
import type { Explanation } from '../service/logs';
import { documentKindFromContent, documentKindOf } from '../service/model/parse';
import type { MappingLikeDocument } from '../service/model/types';

const DAY_MS = 24 * 3600 * 1000;

function fileName(uri: string): string {
  const path = decodeURIComponent(uri.replace(/^file:\/\//, ''));
  return path.split('/').pop() ?? path;
}

/** Markdown text from a log: no markup, no HTML. */
function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`).replace(/[\u0000-\u001f\u007f]/g, ' ');
}

export async function explainLogs(
  service: LanguageService,
  textOf: (uri: string) => string | undefined,
  params: ExplainLogsParams,
): Promise<ExplainLogsResponse> {
  const empty = (message: string): ExplainLogsResponse => ({
    markdown: `# Provisioning logs\n\n${message}\n`,
    groups: [],
    failures: 0,
    successes: 0,
    errors: [message],
  });
  const mappingText = textOf(params.mappingUri);
  if (mappingText === undefined) return empty(`The mapping file ${params.mappingUri} cannot be read.`);
  const kind =
    documentKindOf(params.mappingUri) === 'graph' || documentKindFromContent(mappingText) === 'graph' ? 'graph' : 'mapping';
  const doc = service.getDocument(params.mappingUri, mappingText, kind) as MappingLikeDocument | undefined;
  if (!doc || (doc.kind !== 'mapping' && doc.kind !== 'graph')) return empty('This is not a mapping file.');
  // Locations name files by URI so the client can open them.
  const explainer = createLogExplainer(service, doc, { displayName: (uri) => uri });
  const now = params.now ?? Date.now();

  const sources = [];
  const entriesText = params.entriesText;
  if (entriesText !== undefined) sources.push({ name: params.entriesName ?? 'tenant', chunks: () => [entriesText] });
  for (const uri of params.logUris) {
    const text = textOf(uri);
    if (text === undefined) return empty(`The log file ${fileName(uri)} cannot be read.`);
    sources.push({ name: fileName(uri), chunks: () => [text] });
  }
  const summary = new LogSummary();
  const lastDay = new Map<string, number>();
  try {
    const classified = await classifyLogSources(sources);
    await readLogSources(classified, (entry) => {
      const explanation: Explanation = explainer.explain(entry);
      summary.add(explanation);
      const time = Date.parse(entry.activityDateTime);
      if (explanation.entry.status !== 'success' && !Number.isNaN(time) && time <= now && now - time <= DAY_MS) {
        lastDay.set(explanation.detail.groupKey, (lastDay.get(explanation.detail.groupKey) ?? 0) + 1);
      }
    });
  } catch (error) {
    if (error instanceof LogSourceError) return empty(error.message);
    throw error;
  }

  const groups: ExplainLogsGroup[] = summary.groups().map((g) => ({
    causeCode: g.causeCode,
    headline: g.headline,
    audience: g.audience,
    count: g.count,
    lastDay: lastDay.get(g.key) ?? 0,
    examples: g.examples,
    message: g.message,
    fix: g.fix,
    location: g.location ? { uri: g.location.file, target: g.location.target, range: g.location.range } : null,
  }));

  const inputs = [...(entriesText !== undefined ? [params.entriesName ?? 'tenant'] : []), ...params.logUris.map(fileName)];
  const parts = [`# Provisioning logs: ${inputs.map(md).join(', ')}`, `Explained against \`${fileName(params.mappingUri)}\`.`];
  parts.push(
    `**${summary.failures} ${summary.failures === 1 ? 'failure' : 'failures'}**${summary.successes > 0 ? `, ${summary.successes} ${summary.successes === 1 ? 'success' : 'successes'}` : ''}.`,
  );
  for (const g of groups) {
    const where = g.location
      ? ` — [${md(fileName(g.location.uri))}:${g.location.range.start.line + 1}](${g.location.uri}#L${g.location.range.start.line + 1})`
      : '';
    const lines = [
      `## ${g.count} × ${md(g.causeCode ?? 'unexplained')}${g.location?.target ? ` \`${g.location.target.replace(/`/g, "'")}\`` : ''}${where}`,
    ];
    if (g.audience) lines.push(`*${md(g.audience)}*`);
    if (g.message) lines.push(md(g.message));
    if (g.fix) lines.push(`**Fix:** ${md(g.fix)}`);
    if (g.examples.length > 0) lines.push(`Examples: ${g.examples.map(md).join(', ')}`);
    parts.push(lines.join('\n\n'));
  }
  return { markdown: parts.join('\n\n') + '\n', groups, failures: summary.failures, successes: summary.successes, errors: [] };
}
