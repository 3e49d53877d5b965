/**
 * `scim-mapper convert`: mapping file ↔ Microsoft Graph synchronization schema. The result goes
 * to stdout (or --out); warnings, errors and the Graph request that would apply a schema go to
 * stderr. Nothing is sent anywhere.
 */
import { writeFilesAtomically, type PlannedWrite } from '../host/writeFilesAtomically';
import { dirname, join } from 'node:path';
import { convertGraphToMapping, convertMappingToGraph } from '../service/graph/convert';
import { describePutRequest } from '../service/graph/requests';
import type { ConversionProblem } from '../service/graph/write';
import type { LanguageService } from '../service/languageService';
import { fileStem, resolveDocumentKind } from '../service/model/parse';
import { fileURLToPath } from 'node:url';
import type { DocumentKind } from '../service/model/types';
import { checkWithScopeFiles } from '../service/verdict';
import { parseArgs, single, UsageError } from './args';
import { displayPath, readText, toUri } from './files';
import { paint, type CliIo } from './io';

export const CONVERT_USAGE = `Usage: scim-mapper convert FILE --to graph|mapping [--base SCHEMA] [--out FILE] [--force]

  --to graph      a mapping file (with its scope files) → a Microsoft Graph synchronization
                  schema, ready for PUT /servicePrincipals/{id}/synchronization/jobs/{jobId}/schema
  --base SCHEMA   update this exported schema (GET …/schema, or the portal's "Review your schema"
                  download) instead of starting from the gallery template: its ids, directories
                  and every field a mapping file does not manage are kept, for a minimal diff
  --to mapping    a Graph synchronization schema (*.synchronization.json, *.sync-schema.json, or
                  any JSON with synchronizationRules) → a mapping file; without --out the scoping
                  filters are inline, with --out they go to <name>.<user|group>.scope.jsonc
  --out FILE      write the result to FILE instead of stdout (with the scope files beside it:
                  all files or none, each atomically; never over the input or through a link)
  --force         convert even when \`check\` reports errors in the source or its scope files
                  (without it such a source is refused: exit 1, nothing written), and replace
                  files that exist (without it, an existing file is never overwritten)
The result goes to stdout, warnings and errors to stderr; for --to graph, stderr also shows the
Graph request that applies the schema (SCIM Mapper sends nothing and holds no credentials).
Exit status: 0 converted, 1 the source has check errors (nothing written) or something could not
be converted (reported; the rest is written), 2 bad usage or unreadable input.`;

function report(io: CliIo, problems: ConversionProblem[]): number {
  let errors = 0;
  for (const problem of problems) {
    if (problem.severity === 'error') errors++;
    const label = problem.severity === 'error' ? paint(io, 'red', 'error') : paint(io, 'yellow', 'warning');
    io.err(`scim-mapper: ${label}: ${problem.message}\n`);
  }
  return errors;
}

/**
 * The check comes first: a source `check` reports errors in (the file or its scope files) is not
 * converted, unless --force, and then stderr says so. Returns whether to go on.
 */
function checkedBeforeConverting(
  io: CliIo,
  service: LanguageService,
  path: string,
  text: string,
  kind: DocumentKind,
  force: boolean,
): boolean {
  const document = service.getDocument(toUri(path), text, kind);
  if (!document) return true;
  let errors = 0;
  for (const checked of checkWithScopeFiles(service, document)) {
    const file = checked.uri === document.uri ? displayPath(path) : displayPath(fileURLToPath(checked.uri));
    for (const finding of checked.findings) {
      if (finding.severity !== 'error') continue;
      errors++;
      const p = checked.document.lines.positionAt(finding.span.start);
      io.err(
        `${file}:${p.line + 1}:${p.character + 1} ${paint(io, 'red', 'error')} ${paint(io, 'dim', finding.code)} ${finding.message}\n`,
      );
    }
  }
  if (errors === 0) return true;
  const count = `${errors} error${errors === 1 ? '' : 's'}`;
  if (!force) {
    io.err(
      `scim-mapper: ${displayPath(path)} has ${count} (above); nothing was converted. Fix them, or pass --force to convert anyway.\n`,
    );
    return false;
  }
  io.err(
    `scim-mapper: ${paint(io, 'yellow', 'warning')}: converting despite ${count} (--force); the result is not ready to use until they are fixed.\n`,
  );
  return true;
}

/**
 * Writes a result: all files or none, atomically, never over an input, through a link or (without
 * --force) over an existing file. A refusal is a WriteError (exit 2) naming the file.
 */
function write(writes: PlannedWrite[], inputs: string[], force: boolean): void {
  writeFilesAtomically(writes, { overwrite: force, inputs });
}

export function runConvert(argv: string[], io: CliIo, service: LanguageService): number {
  const args = parseArgs(argv, ['to', 'base', 'out'], ['help', 'force']);
  if (args.booleans.has('help')) {
    io.out(CONVERT_USAGE + '\n');
    return 0;
  }
  if (args.positional.length !== 1)
    throw new UsageError(args.positional.length === 0 ? 'convert needs a file.' : 'convert takes one file.');
  const to = single(args, 'to');
  if (to !== 'graph' && to !== 'mapping')
    throw new UsageError(
      to === undefined ? 'convert needs --to graph or --to mapping.' : `--to must be graph or mapping, not "${to}".`,
    );
  const base = single(args, 'base');
  const out = single(args, 'out');
  if (base !== undefined && to !== 'graph') throw new UsageError('--base applies to --to graph only.');
  const path = args.positional[0];
  const force = args.booleans.has('force');
  const inputs = base !== undefined ? [path, base] : [path];
  const text = readText(path);
  const kind = resolveDocumentKind(path, text);
  if (to === 'graph' && kind !== 'mapping')
    throw new UsageError(
      `${displayPath(path)} is ${kind === 'graph' ? 'already a Graph synchronization schema (use --to mapping)' : 'a scope file; convert the mapping file that uses it'}.`,
    );
  if (to === 'mapping' && kind !== 'graph')
    throw new UsageError(`${displayPath(path)} is not a Graph synchronization schema (no synchronizationRules).`);
  if (!checkedBeforeConverting(io, service, path, text, kind, args.booleans.has('force'))) return 1;

  if (to === 'graph') {
    const baseText = base !== undefined ? readText(base) : undefined;
    const result = convertMappingToGraph(service, toUri(path), text, { baseText });
    const errors = report(io, result.problems);
    if (!result.text) return 1;
    if (out !== undefined) write([{ path: out, text: result.text }], inputs, force);
    else io.out(result.text);
    io.err(
      `\nTo apply it (nothing is sent by SCIM Mapper):\n${describePutRequest({ body: out !== undefined ? displayPath(out) : 'the schema printed on stdout' })}`,
    );
    return errors > 0 ? 1 : 0;
  }

  const result = convertGraphToMapping(service, toUri(path), text, {
    scopeFileStem: out !== undefined ? fileStem(out) : undefined,
  });
  const errors = report(io, result.problems);
  if (out !== undefined) {
    const scopeWrites = result.scopeFiles.map((scope) => ({ path: join(dirname(out), scope.fileName), text: scope.text }));
    write([{ path: out, text: result.text }, ...scopeWrites], inputs, force);
    for (const scope of scopeWrites) io.err(`scim-mapper: wrote ${displayPath(scope.path)}\n`);
  } else {
    io.out(result.text);
  }
  return errors > 0 ? 1 : 0;
}
