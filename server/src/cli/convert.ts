/**
 * `scim-mapper convert`: mapping file ↔ Microsoft Graph synchronization schema. The result goes
 * to stdout (or --out); warnings, errors and the Graph request that would apply a schema go to
 * stderr. Nothing is sent anywhere.
 */
import { writeFilesAtomically, type PlannedWrite } from '../host/writeFilesAtomically';
import { basename, dirname, join } from 'node:path';
import { convertGraphToMapping, convertMappingToGraph } from '../service/graph/convert';
import { describePutRequest } from '../service/graph/requests';
import type { ConversionProblem } from '../service/graph/write';
import type { LanguageService } from '../service/languageService';
import { documentKindFromContent, documentKindOf } from '../service/model/parse';
import { parseArgs, single, UsageError } from './args';
import { displayPath, readText, toUri } from './files';
import { paint, type CliIo } from './io';

export const CONVERT_USAGE = `Usage: scim-mapper convert FILE --to graph|mapping [--base SCHEMA] [--out FILE]

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
  --force         replace files that exist (without it, an existing file is never overwritten)
The result goes to stdout, warnings and errors to stderr; for --to graph, stderr also shows the
Graph request that applies the schema (SCIM Mapper sends nothing and holds no credentials).
Exit status: 0 converted, 1 something could not be converted (reported; the rest is written),
2 bad usage or unreadable input.`;

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
 * Writes a result: all files or none, atomically, never over an input, through a link or (without
 * --force) over an existing file. A refusal is a WriteError (exit 2) naming the file.
 */
function write(writes: PlannedWrite[], inputs: string[], force: boolean): void {
  writeFilesAtomically(writes, { overwrite: force, inputs });
}

/** `people.mapping.jsonc` → `people`: the stem scope files are named after. */
function stemOf(path: string): string {
  return basename(path).replace(/\.mapping\.jsonc?$/i, '').replace(/\.jsonc?$/i, '');
}

export function runConvert(argv: string[], io: CliIo, service: LanguageService): number {
  const args = parseArgs(argv, ['to', 'base', 'out'], ['help', 'force']);
  if (args.booleans.has('help')) {
    io.out(CONVERT_USAGE + '\n');
    return 0;
  }
  if (args.positional.length !== 1) throw new UsageError(args.positional.length === 0 ? 'convert needs a file.' : 'convert takes one file.');
  const to = single(args, 'to');
  if (to !== 'graph' && to !== 'mapping') throw new UsageError(to === undefined ? 'convert needs --to graph or --to mapping.' : `--to must be graph or mapping, not "${to}".`);
  const base = single(args, 'base');
  const out = single(args, 'out');
  if (base !== undefined && to !== 'graph') throw new UsageError('--base applies to --to graph only.');
  const path = args.positional[0];
  const force = args.booleans.has('force');
  const inputs = base !== undefined ? [path, base] : [path];
  const text = readText(path);
  const kind = documentKindOf(path) ?? documentKindFromContent(text);

  if (to === 'graph') {
    if (kind !== 'mapping') throw new UsageError(`${displayPath(path)} is ${kind === 'graph' ? 'already a Graph synchronization schema (use --to mapping)' : 'a scope file; convert the mapping file that uses it'}.`);
    const baseText = base !== undefined ? readText(base) : undefined;
    const result = convertMappingToGraph(service, toUri(path), text, { baseText });
    const errors = report(io, result.problems);
    if (!result.text) return 1;
    if (out !== undefined) write([{ path: out, text: result.text }], inputs, force);
    else io.out(result.text);
    io.err(`\nTo apply it (nothing is sent by SCIM Mapper):\n${describePutRequest({ body: out !== undefined ? displayPath(out) : 'the schema printed on stdout' })}`);
    return errors > 0 ? 1 : 0;
  }

  if (kind !== 'graph') throw new UsageError(`${displayPath(path)} is not a Graph synchronization schema (no synchronizationRules).`);
  const result = convertGraphToMapping(service, toUri(path), text, { scopeFileStem: out !== undefined ? stemOf(out) : undefined });
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
