/**
 * `scim-mapper logs`: explains Entra provisioning log entries against a mapping. Reads Graph pages,
 * plain arrays, JSON Lines and the portal's JSON and CSV downloads as streams (one entry in memory
 * at a time), or the tenant through the Graph client; the explaining is the service's
 * (service/logs/).
 */
import { createReadStream, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LanguageService } from '../service/languageService';
import {
  classifyLogSources,
  createLogExplainer,
  entryLines,
  LogSourceError,
  LogSummary,
  readLogEntry,
  readLogSources,
} from '../service/logs';
import type { ClassifiedSources, Explanation, ProvisioningLogEntry } from '../service/logs';
import { documentKindFromContent, documentKindOf } from '../service/model/parse';
import type { MappingLikeDocument } from '../service/model/types';
import { parseArgs, single, UsageError } from './args';
import { displayPath, InputError, readText, toUri } from './files';
import { paint, type CliIo } from './io';
import type { GraphClient } from './graph/client';
import { CONNECTION_FLAGS, CONNECTION_USAGE, connect, pickJob, TenantRefusal } from './graph/tenant';
import { permissionHint, tenantLogEntries, type TenantLogQuery } from './logsTenant';

export const LOGS_USAGE = `Usage: scim-mapper logs [LOGFILE...] --mapping MAPPING [--all] [--format text|json]
       scim-mapper logs --mapping MAPPING --service-principal ID [--job ID] [--since ISO] [--until ISO] [--top N]

Explains Entra provisioning log entries that are not a success: the cause (the AWS rule the values
broke, a 409 conflict, the scoping filter, the assignment, the matching attribute, or what Entra's
error code means) and the mapping line, scope clause or matching mapping it comes from.
  LOGFILE              Graph GET /auditLogs/provisioning responses ({"value": [...]}, one page per
                       file or several), a JSON array, JSON Lines, or the portal's "Download logs"
                       JSON or CSV (give all three CSV files: ProvisioningLogs and its
                       _ProvisioningSteps and _ModifiedProperties companions)
  --mapping MAPPING    the mapping file or Graph synchronization schema the job runs
  --service-principal ID
                       read the logs from the tenant instead (needs AuditLog.Read.All and
                       Directory.Read.All); --job ID (default: the one AWS IAM Identity Center
                       job), --since ISO (default: 24 hours ago), --until ISO, --top N (at most N
                       entries); connection flags below
  --all                list successes too
  --format text|json   text (default): a summary by cause, then the entries; json: one array of
                       {id, activityDateTime, action, status, object, errorCode, reason, cause, location}
Exit status: 0 every listed entry is a success, 1 failures are listed, 2 bad usage or unreadable input.

${CONNECTION_USAGE}`;

/** How the tenant is reached (default: the CLI's Graph client, graph/tenant.ts `connect`); tests inject one. */
export interface LogsEnvironment {
  createClient?: () => Promise<GraphClient>;
  /** Milliseconds since the epoch, for the default --since. */
  now?: () => number;
  /** Show a progress line on stderr (a terminal). */
  progress?: boolean;
  /** Resolves when stdout can take more (backpressure: a slow reader keeps memory flat). */
  drain?: () => Promise<void>;
}

/** Control characters from a log are shown escaped, never sent to the terminal raw. */
function safe(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function checkedFile(path: string): void {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw new InputError(`Cannot read "${path}": ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
  if (!stats.isFile()) throw new InputError(`Cannot read "${path}": not a regular file.`);
}

async function* chunksOf(path: string): AsyncIterable<string> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
  try {
    for await (const chunk of stream) yield chunk as string;
  } catch (error) {
    throw new InputError(`Cannot read "${path}": ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  } finally {
    stream.destroy();
  }
}

/** Input problems found by the service become the CLI's exit-2 errors. */
async function inputErrors<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof LogSourceError) throw new InputError(error.message);
    throw error;
  }
}

function isoOption(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value)))
    throw new UsageError(`--${name} takes an ISO date-time such as 2025-01-31T12:00:00Z, not "${value}".`);
  return value;
}

export async function runLogs(argv: string[], io: CliIo, service: LanguageService, env: LogsEnvironment = {}): Promise<number> {
  const args = parseArgs(
    argv,
    ['mapping', 'format', 'service-principal', 'job', 'since', 'until', 'top', ...CONNECTION_FLAGS],
    ['help', 'all'],
  );
  if (args.booleans.has('help')) {
    io.out(LOGS_USAGE + '\n');
    return 0;
  }
  const mappingPath = single(args, 'mapping');
  if (!mappingPath) throw new UsageError('logs needs --mapping MAPPING (the mapping the provisioning job runs).');
  const format = single(args, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}".`);
  const servicePrincipal = single(args, 'service-principal');
  const tenantFlags = ['job', 'since', 'until', 'top'].filter((f) => args.flags.has(f));
  if (servicePrincipal === undefined && tenantFlags.length > 0)
    throw new UsageError(`--${tenantFlags[0]} goes with --service-principal.`);
  if (servicePrincipal !== undefined && args.positional.length > 0)
    throw new UsageError('Give either log files or --service-principal, not both.');
  if (servicePrincipal === undefined && args.positional.length === 0)
    throw new UsageError('logs needs log files, or --service-principal ID to read them from the tenant.');
  let query: TenantLogQuery | undefined;
  if (servicePrincipal !== undefined) {
    const topText = single(args, 'top');
    const top = topText === undefined ? undefined : Number(topText);
    if (top !== undefined && (!Number.isInteger(top) || top < 1))
      throw new UsageError(`--top takes a positive whole number, not "${topText}".`);
    const now = (env.now ?? Date.now)();
    query = {
      servicePrincipal,
      job: single(args, 'job'),
      since: isoOption(single(args, 'since'), 'since') ?? new Date(now - 24 * 3600 * 1000).toISOString(),
      until: isoOption(single(args, 'until'), 'until'),
      top,
    };
  }
  const includeSuccesses = args.booleans.has('all');

  // The mapping.
  checkedFile(mappingPath);
  const mappingText = readText(mappingPath);
  const kind = documentKindOf(mappingPath) === 'graph' || documentKindFromContent(mappingText) === 'graph' ? 'graph' : 'mapping';
  const doc = service.getDocument(toUri(mappingPath), mappingText, kind) as MappingLikeDocument;
  if (doc.syntaxErrors.length > 0) {
    for (const e of doc.syntaxErrors) {
      const p = doc.lines.positionAt(e.span.start);
      io.err(`${displayPath(mappingPath)}:${p.line + 1}:${p.character + 1}: ${e.message}\n`);
    }
    return 2;
  }
  if (doc.objects.length === 0) {
    io.err(
      `scim-mapper: ${displayPath(mappingPath)} has no "user" or "group" section; --mapping takes the mapping file (or Graph synchronization schema) the job runs.\n`,
    );
    return 2;
  }
  const explainer = createLogExplainer(service, doc, {
    displayName: (uri) => displayPath(uri.startsWith('file:') ? fileURLToPath(uri) : uri),
  });

  // The entries, as a source that can be read once (tenant) or again (files: the text report reads them twice).
  let client: GraphClient | undefined;
  if (query) client = await (env.createClient ?? (() => connect(args, io)))();
  let files: ClassifiedSources | undefined;
  if (!query) {
    for (const path of args.positional) checkedFile(path);
    files = await inputErrors(
      classifyLogSources(args.positional.map((path) => ({ name: displayPath(path), chunks: () => chunksOf(path) }))),
    );
  }
  const readAll = async (onEntry: (entry: ProvisioningLogEntry) => void): Promise<void> => {
    if (files) return inputErrors(readLogSources(files, onEntry, env.drain));
    try {
      let n = 0;
      // The job: --job, else the service principal's one AWS IAM Identity Center job.
      const jobId = await pickJob(client!, query!.servicePrincipal, query!.job);
      for await (const raw of tenantLogEntries(client!, jobId, query!)) {
        const entry = readLogEntry(raw);
        if (typeof entry === 'string')
          throw new InputError(`Graph returned an entry that is not a provisioningObjectSummary (#${n + 1}): ${entry}.`);
        n++;
        onEntry(entry);
        if (env.drain && n % 100 === 0) await env.drain();
      }
    } catch (error) {
      if (error instanceof InputError || error instanceof UsageError) throw error;
      if (error instanceof TenantRefusal) throw new InputError(error.message);
      const status = (error as { status?: number }).status;
      const hint = permissionHint(status);
      throw new InputError(
        `Reading provisioning logs from Graph failed: ${error instanceof Error ? error.message : String(error)}${hint ? `\n${hint}` : ''}`,
      );
    }
  };

  const progress = env.progress ?? false;
  let seen = 0;
  const tick = (): void => {
    seen++;
    if (progress && seen % 5000 === 0) io.err(`\r${seen.toLocaleString('en-US')} entries read…`);
  };
  const endProgress = (): void => {
    if (progress && seen >= 5000) io.err('\r\u001b[K');
  };

  const summary = new LogSummary();
  const listed = (explanation: Explanation): boolean => includeSuccesses || explanation.entry.status !== 'success';

  if (format === 'json') {
    let first = true;
    io.out('[');
    await readAll((entry) => {
      tick();
      const explanation = explainer.explain(entry);
      summary.add(explanation);
      if (!listed(explanation)) return;
      io.out(`${first ? '\n' : ',\n'}  ${JSON.stringify(explanation.entry)}`);
      first = false;
    });
    io.out(first ? ']\n' : '\n]\n');
    endProgress();
    return summary.failures > 0 ? 1 : 0;
  }

  // Text: the summary needs every entry before the entries are printed. Files are read twice
  // (memory stays flat); the tenant is read once and its explanations kept.
  const kept: Explanation[] = [];
  await readAll((entry) => {
    tick();
    const explanation = explainer.explain(entry);
    summary.add(explanation);
    if (query && listed(explanation)) kept.push(explanation);
  });
  endProgress();
  io.out(safe(summary.headline()) + '\n');
  if (summary.successes > 0)
    io.out(
      `${summary.successes} ${summary.successes === 1 ? 'success' : 'successes'}${includeSuccesses ? '' : ' (not listed; --all lists them)'}\n`,
    );
  for (const group of summary.groups()) {
    if (group.examples.length > 0)
      io.out(paint(io, 'dim', safe(`  ${group.count} × ${group.headline}: e.g. ${group.examples.join(', ')}`)) + '\n');
  }
  const print = (explanation: Explanation): void => {
    const lines = entryLines(explanation).map(safe);
    const colour = explanation.entry.status === 'success' ? 'green' : explanation.entry.cause ? 'yellow' : 'red';
    io.out(`\n${paint(io, colour, lines[0])}\n${lines.slice(1).join('\n')}${lines.length > 1 ? '\n' : ''}`);
  };
  if (query) kept.forEach(print);
  else {
    await readAll((entry) => {
      const explanation = explainer.explain(entry);
      if (listed(explanation)) print(explanation);
    });
  }
  return summary.failures > 0 ? 1 : 0;
}
