/**
 * `scim-mapper dry-run`: reads the files, runs the dry-run engine on each sample as it goes, and
 * prints either the JSON contract or a report for people in the order of Entra's "Provision on
 * demand" (scope → matching → action → attributes → problems).
 */
import { availableParallelism } from 'node:os';
import { readSampleRecords, recordsFromText, totalSize } from '../host/sampleFiles';
import type { RawRecord } from '../host/recordScanners';
import type { ObjectKind } from '../service/catalog/types';
import { BatchAggregator } from '../service/dryrun';
import type { BatchRecord, BatchSummary, DryRunResult, DryRunSummary, ObjectImpact } from '../service/dryrun';
import type { LanguageService } from '../service/languageService';
import { parseArgs, single, UsageError } from './args';
import { createContext, loadMapping, runRecord, type DryRunContext, type DryRunJobConfig, type Outcome } from './dryRunContext';
import { runInWorkers, WorkerPool } from './dryRunWorker';
import { displayPath } from './files';
import { paint, safeTextIo, type CliIo } from './io';
import { clockOption, formatInputError, seedOption, takenOption } from './samples';
import { fileURLToPath } from 'node:url';
import { ENTERPRISE_USER_PREFIX } from '../service/aws/constraints';

export const DRY_RUN_USAGE = `Usage: scim-mapper dry-run MAPPING (--user FILE... | --group FILE...) [options]

MAPPING is a mapping file or a Microsoft Graph synchronization schema (*.synchronization.json).
Shows what Entra ID would send to AWS IAM Identity Center for sample users or groups, step by step
like Entra's "Provision on demand": scope → matching → action → attributes → problems.
  --user FILE            sample users (repeatable: the files run as one batch): JSON (one object,
                         an array, JSON Lines, or Microsoft Graph GET /users pages with "value"),
                         Entra attribute names or Graph's JSON; or CSV with a header row (the
                         delimiter , ; tab or | is detected). Read as a stream: any size
  --group FILE           sample groups: JSON with displayName, objectId, members (users or ids)
  --existing FILE        the objects as AWS returns them (GET /Users/{id}, GET /Groups/{id}, or a
                         list): shows the update, disable or delete Entra would send instead
  --taken FILE|V1,V2     values already taken in AWS, for SelectUniqueValue (repeatable)
  --now ISO              fix the clock, e.g. 2025-01-31T12:00:00Z (default: the real clock)
  --seed N               make Guid() and RandomString() repeatable (default: random)
  --regex search|whole   REGEX MATCH finds the pattern anywhere (search, default, like .NET
                         Regex.IsMatch) or must match the whole value (whole)
  --format text|json|jsonl
                         text (default): a report; json: the result object for one object, and
                         for a batch one result per line (JSON Lines) with the summary object as
                         the last line; jsonl: JSON Lines even for one object
  --summary              print only the summary (with --format json: one JSON object)
  --compare OLD_MAPPING  run the old mapping too and report what changes: newly in scope (created),
                         newly out of scope (disabled), changed values by target, new failures
  --deletion-threshold N with --compare: Entra's accidental-deletion threshold to compare the
                         number of newly out-of-scope objects with (more: exit 1)
  --jobs N               worker threads (default: the available cores; small batches run in one)
  --no-progress          no progress line on stderr (shown only when stderr is a terminal)
  --brief | --details    text: one line per object, or a full report each (default: full reports
                         for up to ${25} objects, one line each beyond)
Sample fields besides attributes: "assigned" (default true), "deleted" (hard delete), "softDeleted",
"IsSoftDeleted" (else computed), "appRoleAssignments", "takenValues"; manager and members may carry
"awsId".
The check runs first: every finding of \`check\` on the mapping and its scope files is a problem of
every result, and a mapping whose expression or target it rejects is not evaluated.
Exit status: 0 no error-level problem, 1 an error-level problem (a check error included, or more
objects leaving scope than --deletion-threshold), 2 bad usage or unreadable input.`;

const DETAIL_LIMIT = 25;
/** Below this many records a batch runs in this thread: starting workers would cost more than they save. */
const WORKER_MINIMUM = 2_000;

/** Samples given as text instead of --user/--group FILE (dry-run --tenant-user reads them from Graph). */
export interface DryRunInputs {
  object: ObjectKind;
  text: string;
  /** What messages call the input, e.g. "tenant". */
  label: string;
}

export async function runDryRun(argv: string[], rawIo: CliIo, service: LanguageService, inputs?: DryRunInputs): Promise<number> {
  // Sample values and file text reach the terminal in text output: shown inert (JSON stays exact).
  let io = rawIo;
  const args = parseArgs(
    argv,
    ['user', 'group', 'format', 'existing', 'taken', 'now', 'seed', 'regex', 'jobs', 'compare', 'deletion-threshold'],
    ['help', 'brief', 'details', 'summary', 'no-progress'],
  );
  if (args.booleans.has('help')) {
    io.out(DRY_RUN_USAGE + '\n');
    return 0;
  }
  if (args.positional.length !== 1)
    throw new UsageError(args.positional.length === 0 ? 'dry-run needs a mapping file.' : 'dry-run takes one mapping file.');
  const userFiles = args.flags.get('user') ?? [];
  const groupFiles = args.flags.get('group') ?? [];
  if (inputs && (userFiles.length > 0 || groupFiles.length > 0))
    throw new UsageError('--user and --group FILE do not combine with --tenant-user and --tenant-group.');
  if (!inputs && (userFiles.length === 0) === (groupFiles.length === 0))
    throw new UsageError('dry-run needs either --user FILE or --group FILE.');
  const object: ObjectKind = inputs?.object ?? (userFiles.length > 0 ? 'user' : 'group');
  const format = single(args, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'jsonl')
    throw new UsageError(`--format must be text, json or jsonl, not "${format}".`);
  if (format === 'text') io = safeTextIo(rawIo);
  const regex = single(args, 'regex') ?? 'search';
  if (regex !== 'search' && regex !== 'whole') throw new UsageError(`--regex must be search or whole, not "${regex}".`);
  if (args.booleans.has('brief') && args.booleans.has('details'))
    throw new UsageError('--brief and --details exclude each other.');
  const jobsText = single(args, 'jobs');
  if (jobsText !== undefined && !/^[1-9]\d{0,3}$/.test(jobsText.trim()))
    throw new UsageError(`--jobs takes a whole number of threads from 1, not "${jobsText}".`);
  const jobs = jobsText !== undefined ? Number(jobsText) : availableParallelism();
  const comparePath = single(args, 'compare');
  const thresholdText = single(args, 'deletion-threshold');
  if (thresholdText !== undefined && comparePath === undefined)
    throw new UsageError('--deletion-threshold needs --compare OLD_MAPPING.');
  if (thresholdText !== undefined && !/^\d+$/.test(thresholdText.trim()))
    throw new UsageError(`--deletion-threshold takes a whole number, not "${thresholdText}".`);
  const clock = clockOption(args);
  const config: Omit<DryRunJobConfig, 'linkSingle'> = {
    mappingPath: args.positional[0],
    comparePath,
    object,
    regex,
    now: clock?.(),
    seed: seedOption(args),
    taken: takenOption(args),
    existingPath: single(args, 'existing'),
  };

  // The mappings: syntax errors and a missing section stop here, with locations.
  for (const path of [config.mappingPath, ...(comparePath !== undefined ? [comparePath] : [])]) {
    const doc = loadMapping(service, path);
    if (doc.syntaxErrors.length > 0) {
      for (const e of doc.syntaxErrors) {
        const p = doc.lines.positionAt(e.span.start);
        io.err(`${displayPath(path)}:${p.line + 1}:${p.character + 1}: ${e.message}\n`);
      }
      return 2;
    }
    if (!doc.objects.some((o) => o.object === object)) {
      io.err(`scim-mapper: ${displayPath(path)} has no "${object}" section to dry-run.\n`);
      return 2;
    }
  }

  // The input, as a stream of records; the first few are read ahead to decide how to run.
  const files = (object === 'user' ? userFiles : groupFiles).map((path) => ({ path, display: displayPath(path) }));
  const progress = createProgress(io, args.booleans.has('no-progress'), inputs ? inputs.text.length : totalSize(files), object);
  const source = inputs
    ? recordsFromText(inputs.text, inputs.label, object, progress.bytes)
    : readSampleRecords(files, object, progress.bytes);
  const ahead: RawRecord[][] = [];
  let aheadCount = 0;
  let ended = false;
  while (aheadCount <= WORKER_MINIMUM) {
    const next = await source.next();
    if (next.done) {
      ended = true;
      break;
    }
    ahead.push(next.value);
    aheadCount += next.value.length;
  }
  const firstRecords = ahead.flat().slice(0, 2);
  const oneObject = ended && aheadCount === 1 && firstRecords[0].kind !== 'error';
  const summaryOnly = args.booleans.has('summary');
  const jobConfig: DryRunJobConfig = { ...config, linkSingle: oneObject, digestOnly: summaryOnly };
  const context = createContext(jobConfig, service);
  for (const error of context.existingErrors)
    io.err(`${formatInputError(error, config.existingPath && displayPath(config.existingPath))}\n`);

  async function* records(): AsyncGenerator<RawRecord[]> {
    yield* ahead;
    ahead.length = 0;
    if (!ended) yield* source;
  }
  const useWorkers = jobs > 1 && (jobsText !== undefined || !ended);
  const pool = useWorkers ? new WorkerPool(jobs, jobConfig) : undefined;
  const outcomes = pool ? runInWorkers(pool, records()) : inThisThread(context, records(), summaryOnly);

  const aggregator = new BatchAggregator({
    existing: context.existing,
    compare: comparePath !== undefined,
    deletionThreshold: thresholdText !== undefined ? Number(thresholdText) : undefined,
  });
  for (let k = 0; k < context.existingErrors.length; k++) aggregator.addError();
  const output = createOutput(io, object, format, {
    summaryOnly,
    brief: args.booleans.has('brief'),
    details: args.booleans.has('details'),
    single: oneObject && firstRecords[0].kind === 'json' && firstRecords[0].top,
  });
  // The exit status earned so far: when stdout's reader goes away (`| head -1`), the CLI stops and
  // exits with it rather than with 0.
  let earned = context.prepared.setupProblems.some((p) => p.severity === 'error') ? 1 : 0;
  io.exitSoFar = earned;
  try {
    for await (const batch of outcomes) {
      for (const outcome of batch) {
        if (outcome.error) {
          aggregator.addError();
          progress.clear();
          io.err(`${formatInputError(outcome.error)}\n`);
          io.exitSoFar = earned = 2;
          continue;
        }
        if (outcome.digest) {
          aggregator.addDigest(outcome.digest, outcome.oldDigest, outcome.changes);
          continue;
        }
        if (earned === 0 && outcome.result.problems.some((p) => p.severity === 'error')) io.exitSoFar = earned = 1;
        output.record(aggregator.add(withDisplayPaths(outcome.result), outcome.old));
      }
      progress.update(aggregator.summary);
    }
  } finally {
    progress.clear();
    await pool?.close();
  }
  output.end(aggregator);
  const summary = aggregator.summary;
  if ((summary.unreadable ?? 0) > 0) return 2;
  if (summary.impact?.exceedsDeletionThreshold) return 1;
  // A check error fails the dry run even with no sample to run.
  return summary.failing > 0 || context.prepared.setupProblems.some((p) => p.severity === 'error') ? 1 : 0;
}

/** Check findings in scope files name the file by URI; people read paths. */
function withDisplayPaths(result: DryRunResult): DryRunResult {
  if (!result.problems.some((p) => p.file?.startsWith('file:'))) return result;
  return {
    ...result,
    problems: result.problems.map((p) => (p.file?.startsWith('file:') ? { ...p, file: displayPath(fileURLToPath(p.file)) } : p)),
  };
}

/** The outcomes of the records, computed here in input order. */
async function* inThisThread(
  context: DryRunContext,
  batches: AsyncIterable<RawRecord[]>,
  digestOnly: boolean,
): AsyncGenerator<Outcome[]> {
  for await (const records of batches) yield records.map((record) => runRecord(context, record, digestOnly));
}

// ---------------------------------------------------------------------------------------------
// Progress: one line on stderr, rewritten in place, only on a terminal

function createProgress(
  io: CliIo,
  off: boolean,
  totalBytes: number,
  object: ObjectKind,
): { bytes: (n: number) => void; update: (s: BatchSummary) => void; clear: () => void } {
  const shown = !off && io.errIsTerminal === true;
  let read = 0;
  let last = 0;
  let visible = false;
  const start = Date.now();
  return {
    bytes: (n) => void (read += n),
    update(s) {
      if (!shown) return;
      const now = Date.now();
      if (now - last < 250) return;
      last = now;
      const seconds = (now - start) / 1000;
      const rate = seconds > 0 ? s.total / seconds : 0;
      const fraction = totalBytes > 0 ? read / totalBytes : 0;
      const eta = fraction > 0.01 && fraction < 1 ? Math.round((seconds / fraction) * (1 - fraction)) : undefined;
      const failing = s.failing + (s.unreadable ?? 0);
      (io.rawErr ?? io.err)(
        `\r\u001b[2K${s.total.toLocaleString('en-US')} ${object}s · ${Math.round(rate).toLocaleString('en-US')}/s${eta !== undefined ? ` · ETA ${formatSeconds(eta)}` : ''} · ${failing.toLocaleString('en-US')} failing`,
      );
      visible = true;
    },
    clear() {
      if (visible) (io.rawErr ?? io.err)('\r\u001b[2K');
      visible = false;
    },
  };
}

function formatSeconds(seconds: number): string {
  return seconds >= 60 ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}

// ---------------------------------------------------------------------------------------------
// Output, streamed: nothing per object is kept beyond the first few (to choose full reports or lines)

interface OutputOptions {
  summaryOnly: boolean;
  brief: boolean;
  details: boolean;
  /** The input was one JSON object: print its result as before (not as a batch). */
  single: boolean;
}

function createOutput(
  io: CliIo,
  object: ObjectKind,
  format: 'text' | 'json' | 'jsonl',
  options: OutputOptions,
): { record: (r: BatchRecord) => void; end: (a: BatchAggregator) => void } {
  const withImpact = (r: BatchRecord): unknown => (r.impact ? { ...r.result, impact: r.impact } : r.result);
  if (options.summaryOnly) {
    return {
      record: () => undefined,
      end: (a) =>
        io.out(
          format === 'text'
            ? `${formatSummary(io, object, a.counts)}${formatImpact(io, a.summary)}\n`
            : `${JSON.stringify(a.summary)}\n`,
        ),
    };
  }
  if (format !== 'text') {
    // One object as before; a batch (or --format jsonl) as JSON Lines ending with the summary.
    let first: BatchRecord | undefined;
    let count = 0;
    const line = (r: BatchRecord): void => io.out(`${JSON.stringify(withImpact(r))}\n`);
    return {
      record(r) {
        count++;
        if (count === 1 && format === 'json' && options.single) {
          first = r;
          return;
        }
        if (first) {
          line(first);
          first = undefined;
        }
        line(r);
      },
      end(a) {
        if (first && count === 1) {
          io.out(JSON.stringify(withImpact(first), null, 2) + '\n');
          return;
        }
        io.out(`${JSON.stringify(a.summary)}\n`);
      },
    };
  }
  // Text: full reports for a small batch, one line each for a large one (decided after DETAIL_LIMIT + 1).
  const held: BatchRecord[] = [];
  let detailed: boolean | undefined = options.details ? true : options.brief ? false : undefined;
  let printed = 0;
  const print = (r: BatchRecord): void => {
    if (detailed) {
      if (printed > 0) io.out('\n');
      io.out(formatReport(io, r.result) + (r.impact ? formatObjectImpact(io, r.impact, true) : ''));
    } else {
      io.out(formatLine(io, r.result).replace(/\n$/, r.impact ? `${formatObjectImpact(io, r.impact, false)}\n` : '\n'));
    }
    printed++;
  };
  return {
    record(r) {
      if (detailed !== undefined) return print(r);
      held.push(r);
      if (held.length > DETAIL_LIMIT) {
        detailed = false;
        for (const h of held.splice(0)) print(h);
      }
    },
    end(a) {
      if (detailed === undefined) detailed = true;
      for (const h of held.splice(0)) print(h);
      const total = a.summary.total;
      if (total !== 1 || (a.summary.unreadable ?? 0) > 0 || a.summary.impact)
        io.out(`${total > 0 ? '\n' : ''}${formatSummary(io, object, a.counts)}${formatImpact(io, a.summary)}\n`);
    },
  };
}

function formatObjectImpact(io: CliIo, impact: ObjectImpact, report: boolean): string {
  const parts: string[] = [];
  if (impact.scope === 'entered') parts.push('newly in scope');
  if (impact.scope === 'left') parts.push('newly out of scope');
  if (impact.oldAction !== impact.newAction) parts.push(`${impact.oldAction} → ${impact.newAction}`);
  if (impact.changes.length > 0)
    parts.push(
      report
        ? impact.changes.map((c) => `${shortTarget(c.target)} ${json(c.old)} → ${json(c.new)}`).join('; ')
        : `${impact.changes.length} value${impact.changes.length === 1 ? '' : 's'} change`,
    );
  if (impact.newFailures.length > 0) parts.push(paint(io, 'red', `new failure: ${impact.newFailures.join(', ')}`));
  if (report) return `  6 Impact      ${parts.length ? parts.join('; ') : paint(io, 'dim', 'no change from the old mapping')}\n`;
  return parts.length ? paint(io, 'dim', `  [impact: ${parts.join('; ')}]`) : '';
}

function formatImpact(io: CliIo, summary: BatchSummary): string {
  const i = summary.impact;
  if (!i) return '';
  const targets = Object.entries(i.changedByTarget).sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  const lines = [
    `Change impact: ${i.newlyInScope} newly in scope (created), ${i.newlyOutOfScope} newly out of scope (disabled), ${i.changed} with changed values, ${i.newFailures > 0 ? paint(io, 'red', `${i.newFailures} new failures`) : '0 new failures'}.`,
  ];
  if (targets.length) lines.push(`Changed values by target: ${targets.map(([t, n]) => `${shortTarget(t)} ${n}`).join(', ')}`);
  if (i.deletionThreshold !== undefined) {
    lines.push(
      i.exceedsDeletionThreshold
        ? paint(
            io,
            'red',
            `${i.newlyOutOfScope} ${i.newlyOutOfScope === 1 ? 'object leaves' : 'objects leave'} scope, more than the accidental-deletion threshold of ${i.deletionThreshold}: Entra would stop provisioning until an admin allows the deletions.`,
          )
        : `${i.newlyOutOfScope} ${i.newlyOutOfScope === 1 ? 'object leaves' : 'objects leave'} scope, within the accidental-deletion threshold of ${i.deletionThreshold}.`,
    );
  }
  return '\n' + lines.join('\n');
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// Text output

function shortTarget(target: string): string {
  return target.startsWith(ENTERPRISE_USER_PREFIX) ? `enterprise:${target.slice(ENTERPRISE_USER_PREFIX.length)}` : target;
}

function mark(io: CliIo, result: boolean | null): string {
  return result === true ? paint(io, 'green', '✓') : result === false ? paint(io, 'red', '✗') : paint(io, 'yellow', '?');
}

function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

function json(value: unknown): string {
  return JSON.stringify(value);
}

function where(result: DryRunResult): string {
  const location = result.sample.location;
  if (!location) return '';
  return ` (${location.file ?? ''}${location.file ? ':' : 'line '}${location.line})`;
}

function actionColour(action: DryRunResult['action']): 'green' | 'cyan' | 'yellow' | 'red' | 'dim' {
  switch (action) {
    case 'create':
      return 'green';
    case 'update':
      return 'cyan';
    case 'disable':
      return 'yellow';
    case 'delete':
      return 'red';
    case 'none':
      return 'dim';
  }
}

function severityColour(severity: string): 'red' | 'yellow' | 'cyan' {
  return severity === 'error' ? 'red' : severity === 'warning' ? 'yellow' : 'cyan';
}

function formatReport(io: CliIo, result: DryRunResult): string {
  const out: string[] = [];
  const head = `${result.object === 'user' ? 'User' : 'Group'} ${result.sample.label}`;
  out.push(`${paint(io, 'bold', head)}${paint(io, 'dim', where(result))}`);
  if (result.sample.format === 'graph') {
    const mapped = (result.sample.mapped ?? []).map((m) => `${m.from} → ${m.to}`).join(', ');
    const ignored = (result.sample.ignored ?? []).map((i) => i.field).join(', ');
    out.push(
      paint(
        io,
        'dim',
        `  Read as Microsoft Graph JSON.${mapped ? ` Mapped: ${mapped}.` : ''}${ignored ? ` Ignored: ${ignored}.` : ''}`,
      ),
    );
  }
  for (const warning of result.sample.warnings ?? []) out.push(paint(io, 'yellow', `  Note: ${warning}`));

  // 1 Scope
  const scopeWord =
    result.inScope === true
      ? paint(io, 'green', 'in scope')
      : result.inScope === false
        ? paint(io, 'red', 'out of scope')
        : paint(io, 'yellow', 'undetermined');
  if (!result.scope) {
    out.push(`  1 Scope       ${scopeWord}${result.inScope === true ? paint(io, 'dim', ' (no scoping filter)') : ''}`);
  } else {
    out.push(`  1 Scope       ${scopeWord}${result.scope.filters.length === 0 ? paint(io, 'dim', ' (no filters)') : ''}`);
    result.scope.filters.forEach((filter, i) => {
      out.push(`                ${mark(io, filter.result)} filter ${i + 1}${filter.name ? ` "${filter.name}"` : ''}`);
      for (const clause of filter.clauses) {
        const value = clause.value === null ? '' : ` ${json(clause.value)}`;
        const note = clause.note ? paint(io, 'dim', ` — ${clause.note}`) : '';
        out.push(
          `                    ${mark(io, clause.result)} ${clause.attribute ?? '?'} ${clause.operator ?? '?'}${value}  ${paint(io, 'dim', `actual ${json(clause.actual)}`)}${note}`,
        );
      }
    });
  }

  // 2 Matching
  if (!result.matching) out.push(`  2 Matching    ${paint(io, 'dim', 'no matching attribute')}`);
  else if (result.matching.request === null)
    out.push(`  2 Matching    ${result.matching.target} ${paint(io, 'red', 'has no value')}`);
  else out.push(`  2 Matching    ${result.matching.request}`);

  // 3 Action
  out.push(`  3 Action      ${paint(io, actionColour(result.action), result.action.toUpperCase())} ${result.actionReason}`);
  if (result.isSoftDeleted) out.push(paint(io, 'dim', `                ${result.isSoftDeleted.reason}`));

  // 4 Attributes
  if (result.requests.length === 0 && result.existingId === undefined) {
    out.push(`  4 Attributes  ${paint(io, 'dim', 'nothing is sent (run with --format json to see every evaluated value)')}`);
  } else {
    out.push('  4 Attributes');
    out.push(...formatAttributes(io, result));
  }
  if (result.requests.length > 0) {
    out.push('    Requests');
    for (const request of result.requests) {
      out.push(
        `                ${paint(io, 'bold', `${request.method} ${request.path}`)}${request.note ? paint(io, 'dim', `  (${request.note})`) : ''}`,
      );
      if (request.body) out.push(indent(JSON.stringify(request.body, null, 2), '                '));
    }
  }

  // 5 Problems
  if (result.problems.length === 0) out.push(`  5 Problems    ${paint(io, 'green', 'none')}`);
  else {
    out.push('  5 Problems');
    for (const p of result.problems) {
      const mapping = p.mapping
        ? paint(io, 'dim', ` (mapping ${p.mapping.number}, line ${p.mapping.line})`)
        : p.file
          ? paint(io, 'dim', ` (${p.file})`)
          : '';
      out.push(
        `                ${paint(io, severityColour(p.severity), p.severity)} ${paint(io, 'dim', p.code)}${p.target ? ` ${shortTarget(p.target)}:` : ''} ${p.message}${mapping}`,
      );
    }
  }
  return out.join('\n') + '\n';
}

function formatAttributes(io: CliIo, result: DryRunResult): string[] {
  const lines: string[] = [];
  const width = Math.min(44, Math.max(12, ...result.attributes.map((a) => shortTarget(a.target).length)));
  for (const attribute of result.attributes) {
    const target = shortTarget(attribute.target).padEnd(width);
    let shown: string;
    switch (attribute.status) {
      case 'set':
        shown = json(attribute.value);
        break;
      case 'default':
        shown = `${json(attribute.value)} (default)`;
        break;
      case 'skipped-null':
        shown = paint(io, 'dim', 'null');
        break;
      case 'ignored':
        shown = paint(io, 'dim', 'ignored');
        break;
      case 'error':
        shown = paint(io, 'red', 'error');
        break;
    }
    // An update shows what AWS holds now: old → new.
    if (attribute.current !== undefined) shown = `${json(attribute.current)} → ${shown}`;
    const source =
      attribute.source === null
        ? ''
        : `← ${attribute.source.length > 48 ? attribute.source.slice(0, 47) + '…' : attribute.source}`;
    const unsent = attribute.sent === false && (attribute.status === 'set' || attribute.status === 'default');
    const note =
      attribute.status === 'skipped-null'
        ? /default/.test(attribute.note ?? '')
          ? 'not sent — the default applies on create only'
          : 'not sent'
        : attribute.status === 'ignored'
          ? 'not sent (IgnoreFlowIfNullOrEmpty)'
          : unsent
            ? `not sent${attribute.note ? ` — ${attribute.note}` : ''}`
            : attribute.note;
    const detail = [source, note].filter((x) => x).join('  ');
    lines.push(
      `                ${target}  ${attribute.status === 'error' || attribute.sent !== false ? shown : paint(io, 'dim', stripAnsi(shown))}${detail ? paint(io, 'dim', `  ${detail}`) : ''}`,
    );
  }
  return lines;
}

function formatLine(io: CliIo, result: DryRunResult): string {
  const errors = result.problems.filter((p) => p.severity === 'error');
  const warnings = result.problems.filter((p) => p.severity === 'warning');
  const scope = result.inScope === true ? 'in scope' : result.inScope === false ? 'out of scope' : 'scope ?';
  const counts =
    errors.length + warnings.length === 0
      ? paint(io, 'green', 'ok')
      : `${paint(io, errors.length ? 'red' : 'dim', `${errors.length} error${errors.length === 1 ? '' : 's'}`)}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`;
  const codes = [
    ...new Set(result.problems.filter((p) => p.severity === 'error' || p.severity === 'warning').map((p) => p.code)),
  ];
  return `${result.sample.label}${paint(io, 'dim', where(result))}  ${paint(io, actionColour(result.action), result.action)}  ${scope}  ${counts}${codes.length ? paint(io, 'dim', ` [${codes.join(', ')}]`) : ''}\n`;
}

function formatSummary(io: CliIo, object: ObjectKind, summary: DryRunSummary): string {
  const noun = (n: number): string => `${n} ${object}${n === 1 ? '' : 's'}`;
  const a = summary.actions;
  const parts = [
    `${noun(summary.objects)}: ${summary.inScope} in scope, ${summary.outOfScope} out of scope${summary.scopeUndetermined ? `, ${summary.scopeUndetermined} undetermined` : ''}`,
    `would create ${a.create}, update ${a.update}, disable ${a.disable}, delete ${a.delete}, leave ${a.none}`,
    `${summary.wouldFail > 0 ? paint(io, 'red', `${summary.wouldFail} would fail`) : paint(io, 'green', '0 would fail')}`,
  ];
  if (summary.invalidInput > 0) parts.push(paint(io, 'red', `${summary.invalidInput} could not be read`));
  const codes = Object.entries(summary.problemsByCode).sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  const problems = codes.length ? `\nProblems by code: ${codes.map(([code, n]) => `${code} ${n}`).join(', ')}` : '';
  return `${parts.join('; ')}.${problems}`;
}
