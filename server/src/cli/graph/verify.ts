/**
 * `scim-mapper verify MAPPING`: a second opinion from Entra's own parser. Each mapping's
 * expression goes to Graph's parseExpression (with the sample user as testInputObject when
 * given); where Entra's parse tree, parse verdict or value differs from ours, the row says so.
 * This is how people with a tenant find our fidelity bugs.
 */
import { computeIsSoftDeleted, sampleEnvironment } from '../../service/dryrun';
import type { Sample } from '../../service/dryrun';
import {
  compareWithEntra,
  parseExpressionBody,
  planVerification,
  testInputObject,
  type ParseExpressionAnswer,
  type VerifyRow,
} from '../../service/dryrun/verify';
import type { LanguageService } from '../../service/languageService';
import { documentKindFromContent, documentKindOf } from '../../service/model/parse';
import type { MappingLikeDocument } from '../../service/model/types';
import { parseArgs, single, UsageError } from '../args';
import { displayPath, readText, toUri } from '../files';
import { paint, type CliIo } from '../io';
import { clockOption, readOneUser, seedOption } from '../samples';
import { connect, CONNECTION_FLAGS, CONNECTION_USAGE, pickJob, pulledFromOf, schemaPath, servicePrincipalOf } from './tenant';

export const VERIFY_USAGE = `Usage: scim-mapper verify MAPPING [--service-principal ID] [--job ID] [--user FILE] [--format text|json]

Sends every mapping's expression to Microsoft Graph's parseExpression (the provisioning job's own
parser) and reports where Entra's parse or value differs from SCIM Mapper's.
  --service-principal ID the enterprise application's object id (default: MAPPING's record)
  --job ID               the provisioning job (default: the record, else the AWS job)
  --user FILE            a sample user: sent as testInputObject, so values are compared too
  --now ISO, --seed N    our clock and random source (expressions using Now(), Guid() or
                         RandomString() are never compared by value)
  --format text|json     a table (default) or one JSON object
Please report every difference to the SCIM Mapper project: it is a fidelity bug in one of the two.
${CONNECTION_USAGE}
Exit status: 0 Entra agrees on every expression, 1 a difference, 2 bad usage, sign-in or network.`;

export async function runVerify(argv: string[], io: CliIo, service: LanguageService): Promise<number> {
  const args = parseArgs(argv, ['service-principal', 'job', 'user', 'format', 'now', 'seed', ...CONNECTION_FLAGS], ['help']);
  if (args.booleans.has('help')) {
    io.out(VERIFY_USAGE + '\n');
    return 0;
  }
  if (args.positional.length !== 1)
    throw new UsageError(args.positional.length === 0 ? 'verify needs a mapping file.' : 'verify takes one mapping file.');
  const format = single(args, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}".`);
  const path = args.positional[0];
  const text = readText(path);
  const kind = documentKindOf(path) === 'graph' || documentKindFromContent(text) === 'graph' ? 'graph' : 'mapping';
  if (documentKindOf(path) === 'scope') throw new UsageError(`${displayPath(path)} is a scope file; verify the mapping file.`);
  const doc = service.getDocument(toUri(path), text, kind) as MappingLikeDocument;
  if (doc.syntaxErrors.length > 0) {
    const p = doc.lines.positionAt(doc.syntaxErrors[0].span.start);
    io.err(`${displayPath(path)}:${p.line + 1}:${p.character + 1}: ${doc.syntaxErrors[0].message}\n`);
    return 2;
  }
  const catalog = service.catalogFor(doc);

  let sample: Sample | undefined;
  const userFile = single(args, 'user');
  if (userFile !== undefined) {
    sample = readOneUser(io, userFile, catalog, 'verify');
    if (!sample) return 2;
  }
  const env = sample
    ? sampleEnvironment(sample, computeIsSoftDeleted(sample, undefined, sample.attributes.accountEnabled).value, {
        clock: clockOption(args),
        seed: seedOption(args),
      })
    : undefined;

  const record = pulledFromOf(text, kind);
  const servicePrincipalId = servicePrincipalOf(args, record, 'verify');
  const client = await connect(args, io);
  const jobId =
    single(args, 'job') ??
    (record && record.servicePrincipalId === servicePrincipalId
      ? record.jobId
      : await pickJob(client, servicePrincipalId, undefined));
  const endpoint = `${schemaPath(servicePrincipalId, jobId)}/parseExpression`;
  const input = sample ? testInputObject(sample, catalog) : undefined;

  const rows: VerifyRow[] = [];
  for (const item of planVerification(doc, catalog, env)) {
    const answer = await client.post<ParseExpressionAnswer>(endpoint, parseExpressionBody(item, input));
    rows.push(compareWithEntra(item, answer, catalog));
  }

  const differ = rows.filter((r) => r.differences.length > 0).length;
  if (format === 'json') {
    io.out(
      JSON.stringify(
        { servicePrincipalId, jobId, sample: sample?.info.label ?? null, checked: rows.length, differ, rows },
        null,
        2,
      ) + '\n',
    );
  } else {
    io.out(table(io, rows));
    io.out(
      `\n${rows.length} expression${rows.length === 1 ? '' : 's'} checked with Entra's parser (job ${jobId}): ${differ === 0 ? paint(io, 'green', 'Entra agrees on all') : paint(io, 'red', `${differ} differ`)}.\n`,
    );
    if (differ > 0)
      io.out(
        'Please report each difference to the SCIM Mapper project (with the expression and, if you can, the sample): it is a fidelity bug.\n',
      );
  }
  return differ > 0 ? 1 : 0;
}

function clip(text: string, width: number): string {
  return text.length > width ? text.slice(0, width - 1) + '…' : text;
}

function table(io: CliIo, rows: VerifyRow[]): string {
  const header = ['object', 'target', 'ours', 'Entra', 'verdict'];
  const cells = rows.map((row) => {
    const show = (side: VerifyRow['entra']): string =>
      !side.parsed ? 'parse error' : side.value !== undefined ? JSON.stringify(side.value) : side.error ? 'error' : 'parsed';
    const verdict =
      row.differences.length > 0 ? `DIFFERS: ${row.differences.join('; ')}` : `agrees${row.note ? ` (${row.note})` : ''}`;
    return [row.object, clip(row.target, 40), clip(show(row.ours), 30), clip(show(row.entra), 30), verdict];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]))).join('  ');
  const out = [paint(io, 'bold', line(header))];
  for (const c of cells) {
    const text = line(c);
    out.push(c[4].startsWith('DIFFERS') ? paint(io, 'red', text) : text);
  }
  return out.join('\n') + '\n';
}
