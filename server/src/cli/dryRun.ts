/**
 * `scim-mapper dry-run`: reads the files, runs the dry-run engine on each sample as it goes, and
 * prints either the JSON contract or a report for people in the order of Entra's "Provision on
 * demand" (scope → matching → action → attributes → problems).
 */
import type { ObjectKind } from '../service/catalog/types';
import { addToSummary, createExistingStore, emptySummary, prepareDryRun, readSamples } from '../service/dryrun';
import type { DryRunResult, DryRunSummary, ExistingObject, RunOptions } from '../service/dryrun';
import type { LanguageService } from '../service/languageService';
import { resolveDocumentKind } from '../service/model/parse';
import type { MappingLikeDocument } from '../service/model/types';
import { fileURLToPath } from 'node:url';
import { ENTERPRISE_USER_PREFIX } from '../service/aws/constraints';
import { parseArgs, single, UsageError } from './args';
import { displayPath, readText, toUri } from './files';
import { paint, safeTextIo, type CliIo } from './io';
import { clockOption, formatInputError, readExistingFile, readSampleFile, seedOption, takenOption } from './samples';

export const DRY_RUN_USAGE = `Usage: scim-mapper dry-run MAPPING (--user FILE | --group FILE) [options]

MAPPING is a mapping file or a Microsoft Graph synchronization schema (*.synchronization.json).
Shows what Entra ID would send to AWS IAM Identity Center for sample users or groups, step by step
like Entra's "Provision on demand": scope → matching → action → attributes → problems.
  --user FILE            sample users: JSON (one object or an array; Entra attribute names or the
                         JSON of Microsoft Graph GET /users/{id}) or CSV with a header row
  --group FILE           sample groups: JSON with displayName, objectId, members (users or ids)
  --existing FILE        the objects as AWS returns them (GET /Users/{id}, GET /Groups/{id}, or a
                         list): shows the update, disable or delete Entra would send instead
  --taken FILE|V1,V2     values already taken in AWS, for SelectUniqueValue (repeatable)
  --now ISO              fix the clock, e.g. 2025-01-31T12:00:00Z (default: the real clock)
  --seed N               make Guid() and RandomString() repeatable (default: random)
  --regex search|whole   REGEX MATCH finds the pattern anywhere (search, default, like .NET
                         Regex.IsMatch) or must match the whole value (whole)
  --format text|json     text (default): a report; json: the result object (an array for a file
                         with several objects)
  --brief | --details    text: one line per object, or a full report each (default: full reports
                         for up to ${25} objects, one line each beyond)
Sample fields besides attributes: "assigned" (default true), "deleted" (hard delete), "softDeleted",
"IsSoftDeleted" (else computed), "appRoleAssignments", "takenValues"; manager and members may carry
"awsId".
The check runs first: every finding of \`check\` on the mapping and its scope files is a problem of
every result, and a mapping whose expression or target it rejects is not evaluated.
Exit status: 0 no error-level problem, 1 an error-level problem (a check error included), 2 bad
usage or unreadable input.`;

const DETAIL_LIMIT = 25;

/** Samples given as text instead of --user/--group FILE (dry-run --tenant-user reads them from Graph). */
export interface DryRunInputs {
  object: ObjectKind;
  text: string;
  /** What messages call the input, e.g. "tenant". */
  label: string;
}

export function runDryRun(argv: string[], rawIo: CliIo, service: LanguageService, inputs?: DryRunInputs): number {
  // Sample values and file text reach the terminal in text output: shown inert (JSON stays exact).
  let io = rawIo;
  const args = parseArgs(argv, ['user', 'group', 'format', 'existing', 'taken', 'now', 'seed', 'regex'], ['help', 'brief', 'details']);
  if (args.booleans.has('help')) {
    io.out(DRY_RUN_USAGE + '\n');
    return 0;
  }
  if (args.positional.length !== 1) throw new UsageError(args.positional.length === 0 ? 'dry-run needs a mapping file.' : 'dry-run takes one mapping file.');
  const userFile = single(args, 'user');
  const groupFile = single(args, 'group');
  if (inputs && (userFile !== undefined || groupFile !== undefined)) throw new UsageError('--user and --group FILE do not combine with --tenant-user and --tenant-group.');
  if (!inputs && (userFile === undefined) === (groupFile === undefined)) throw new UsageError('dry-run needs either --user FILE or --group FILE.');
  const object: ObjectKind = inputs?.object ?? (userFile !== undefined ? 'user' : 'group');
  const format = single(args, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}".`);
  if (format === 'text') io = safeTextIo(rawIo);
  const regex = single(args, 'regex') ?? 'search';
  if (regex !== 'search' && regex !== 'whole') throw new UsageError(`--regex must be search or whole, not "${regex}".`);
  if (args.booleans.has('brief') && args.booleans.has('details')) throw new UsageError('--brief and --details exclude each other.');
  const runOptions: RunOptions = { clock: clockOption(args), seed: seedOption(args), takenValues: takenOption(args) };

  // The mapping.
  const mappingPath = args.positional[0];
  const mappingText = readText(mappingPath);
  // A Graph synchronization schema (by name or content) dry-runs like a mapping file.
  const kind = resolveDocumentKind(mappingPath, mappingText) === 'graph' ? 'graph' : 'mapping';
  const doc = service.getDocument(toUri(mappingPath), mappingText, kind) as MappingLikeDocument;
  if (doc.syntaxErrors.length > 0) {
    for (const e of doc.syntaxErrors) {
      const p = doc.lines.positionAt(e.span.start);
      io.err(`${displayPath(mappingPath)}:${p.line + 1}:${p.character + 1}: ${e.message}\n`);
    }
    return 2;
  }
  if (!doc.objects.some((o) => o.object === object)) {
    io.err(`scim-mapper: ${displayPath(mappingPath)} has no "${object}" section to dry-run.\n`);
    return 2;
  }

  // Inputs.
  const samplesPath = inputs?.label ?? (userFile ?? groupFile)!;
  const parsed = inputs ? readSamples(inputs.text, { object, catalog: service.catalogFor(doc), file: inputs.label }) : readSampleFile(samplesPath, object, service.catalogFor(doc));
  let invalid = parsed.errors.length;
  for (const error of parsed.errors) io.err(`${formatInputError(error, inputs ? inputs.label : displayPath(samplesPath))}\n`);
  let existing: ExistingObject[] = [];
  const existingFile = single(args, 'existing');
  if (existingFile !== undefined) {
    const read = readExistingFile(existingFile);
    existing = read.objects;
    invalid += read.errors.length;
    for (const error of read.errors) io.err(`${formatInputError(error, displayPath(existingFile))}\n`);
  }
  runOptions.existing = createExistingStore(existing, { linkSingle: parsed.samples.length === 1 && parsed.errors.length === 0 });

  // Run, streaming.
  const prepared = prepareDryRun(service, doc, object, { regexMatch: regex });
  const summary = emptySummary();
  summary.invalidInput = invalid;
  const total = parsed.samples.length;
  const detailed = args.booleans.has('details') || (!args.booleans.has('brief') && total <= DETAIL_LIMIT);
  const asArray = !(parsed.single && total === 1 && parsed.errors.length === 0);
  if (format === 'json' && asArray) io.out('[');
  parsed.samples.forEach((sample, index) => {
    const result = withDisplayPaths(prepared.run(sample, runOptions));
    addToSummary(summary, result);
    if (format === 'json') {
      const json = JSON.stringify(result, null, 2);
      io.out(asArray ? `${index === 0 ? '\n' : ',\n'}${indent(json, '  ')}` : json + '\n');
    } else if (detailed) {
      if (index > 0) io.out('\n');
      io.out(formatReport(io, result));
    } else {
      io.out(formatLine(io, result));
    }
  });
  if (format === 'json' && asArray) io.out(total > 0 ? '\n]\n' : ']\n');
  if (format === 'text' && (total !== 1 || invalid > 0)) io.out(`${total > 0 ? '\n' : ''}${formatSummary(io, object, summary)}\n`);
  if (invalid > 0) return 2;
  // A check error fails the dry run even with no sample to run.
  return summary.wouldFail > 0 || prepared.setupProblems.some((p) => p.severity === 'error') ? 1 : 0;
}

/** Check findings in scope files name the file by URI; people read paths. */
function withDisplayPaths(result: DryRunResult): DryRunResult {
  if (!result.problems.some((p) => p.file?.startsWith('file:'))) return result;
  return { ...result, problems: result.problems.map((p) => (p.file?.startsWith('file:') ? { ...p, file: displayPath(fileURLToPath(p.file)) } : p)) };
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

export function formatReport(io: CliIo, result: DryRunResult): string {
  const out: string[] = [];
  const head = `${result.object === 'user' ? 'User' : 'Group'} ${result.sample.label}`;
  out.push(`${paint(io, 'bold', head)}${paint(io, 'dim', where(result))}`);
  if (result.sample.format === 'graph') {
    const mapped = (result.sample.mapped ?? []).map((m) => `${m.from} → ${m.to}`).join(', ');
    const ignored = (result.sample.ignored ?? []).map((i) => i.field).join(', ');
    out.push(paint(io, 'dim', `  Read as Microsoft Graph JSON.${mapped ? ` Mapped: ${mapped}.` : ''}${ignored ? ` Ignored: ${ignored}.` : ''}`));
  }
  for (const warning of result.sample.warnings ?? []) out.push(paint(io, 'yellow', `  Note: ${warning}`));

  // 1 Scope
  const scopeWord = result.inScope === true ? paint(io, 'green', 'in scope') : result.inScope === false ? paint(io, 'red', 'out of scope') : paint(io, 'yellow', 'undetermined');
  if (!result.scope) {
    out.push(`  1 Scope       ${scopeWord}${result.inScope === true ? paint(io, 'dim', ' (no scoping filter)') : ''}`);
  } else {
    out.push(`  1 Scope       ${scopeWord}${result.scope.filters.length === 0 ? paint(io, 'dim', ' (no filters)') : ''}`);
    result.scope.filters.forEach((filter, i) => {
      out.push(`                ${mark(io, filter.result)} filter ${i + 1}${filter.name ? ` "${filter.name}"` : ''}`);
      for (const clause of filter.clauses) {
        const value = clause.value === null ? '' : ` ${json(clause.value)}`;
        const note = clause.note ? paint(io, 'dim', ` — ${clause.note}`) : '';
        out.push(`                    ${mark(io, clause.result)} ${clause.attribute ?? '?'} ${clause.operator ?? '?'}${value}  ${paint(io, 'dim', `actual ${json(clause.actual)}`)}${note}`);
      }
    });
  }

  // 2 Matching
  if (!result.matching) out.push(`  2 Matching    ${paint(io, 'dim', 'no matching attribute')}`);
  else if (result.matching.request === null) out.push(`  2 Matching    ${result.matching.target} ${paint(io, 'red', 'has no value')}`);
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
      out.push(`                ${paint(io, 'bold', `${request.method} ${request.path}`)}${request.note ? paint(io, 'dim', `  (${request.note})`) : ''}`);
      if (request.body) out.push(indent(JSON.stringify(request.body, null, 2), '                '));
    }
  }

  // 5 Problems
  if (result.problems.length === 0) out.push(`  5 Problems    ${paint(io, 'green', 'none')}`);
  else {
    out.push('  5 Problems');
    for (const p of result.problems) {
      const mapping = p.mapping ? paint(io, 'dim', ` (mapping ${p.mapping.number}, line ${p.mapping.line})`) : p.file ? paint(io, 'dim', ` (${p.file})`) : '';
      out.push(`                ${paint(io, severityColour(p.severity), p.severity)} ${paint(io, 'dim', p.code)}${p.target ? ` ${shortTarget(p.target)}:` : ''} ${p.message}${mapping}`);
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
    const source = attribute.source === null ? '' : `← ${attribute.source.length > 48 ? attribute.source.slice(0, 47) + '…' : attribute.source}`;
    const unsent = attribute.sent === false && (attribute.status === 'set' || attribute.status === 'default');
    const note =
      attribute.status === 'skipped-null'
        ? /default/.test(attribute.note ?? '') ? 'not sent — the default applies on create only' : 'not sent'
        : attribute.status === 'ignored'
          ? 'not sent (IgnoreFlowIfNullOrEmpty)'
          : unsent
            ? `not sent${attribute.note ? ` — ${attribute.note}` : ''}`
            : attribute.note;
    const detail = [source, note].filter((x) => x).join('  ');
    lines.push(`                ${target}  ${attribute.status === 'error' || (attribute.sent !== false) ? shown : paint(io, 'dim', stripAnsi(shown))}${detail ? paint(io, 'dim', `  ${detail}`) : ''}`);
  }
  return lines;
}

function formatLine(io: CliIo, result: DryRunResult): string {
  const errors = result.problems.filter((p) => p.severity === 'error');
  const warnings = result.problems.filter((p) => p.severity === 'warning');
  const scope = result.inScope === true ? 'in scope' : result.inScope === false ? 'out of scope' : 'scope ?';
  const counts = errors.length + warnings.length === 0 ? paint(io, 'green', 'ok') : `${paint(io, errors.length ? 'red' : 'dim', `${errors.length} error${errors.length === 1 ? '' : 's'}`)}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`;
  const codes = [...new Set(result.problems.filter((p) => p.severity === 'error' || p.severity === 'warning').map((p) => p.code))];
  return `${result.sample.label}${paint(io, 'dim', where(result))}  ${paint(io, actionColour(result.action), result.action)}  ${scope}  ${counts}${codes.length ? paint(io, 'dim', ` [${codes.join(', ')}]`) : ''}\n`;
}

export function formatSummary(io: CliIo, object: ObjectKind, summary: DryRunSummary): string {
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
