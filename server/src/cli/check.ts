import type { Diagnostic, LanguageService } from '../service/languageService';
import { RULES_BY_CODE } from '../service/rules';
import type { SeveritySetting } from '../service/rules/types';
import { parseArgs, single, UsageError } from './args';
import { collectFiles, displayPath, readText, toUri } from './files';
import type { CliIo } from './io';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkWithScopeFiles } from '../service/verdict';
import { paint } from './io';

export const CHECK_USAGE = `Usage: scim-mapper check [paths...] [--format text|json] [--rule CODE=SEVERITY]...

Checks *.mapping.json(c), *.scope.json(c) and Microsoft Graph synchronization schemas
(*.synchronization.json, *.sync-schema.json); directories are searched recursively, and a file
named explicitly is recognised by its content. The scope files a mapping references are checked
with it (each once, under its own path).
  --format text|json   text (default): file:line:col severity code message; json: one array
  --rule CODE=LEVEL    override a rule's severity: off, hint, information, warning, error
  --graph-target auto|aws|other
                       whether AWS IAM Identity Center's rules apply to Graph schemas: auto
                       (default) when the schema is the AWS gallery template (aWSSingleSignon)
Exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable input.`;

const LEVELS: readonly SeveritySetting[] = ['off', 'hint', 'information', 'warning', 'error'];

export interface CheckedFile {
  path: string;
  diagnostics: Diagnostic[];
}

export function parseRuleOverrides(values: string[]): Record<string, SeveritySetting> {
  const rules: Record<string, SeveritySetting> = {};
  for (const value of values) {
    const [code, level] = value.split('=');
    if (!code || !level || !LEVELS.includes(level as SeveritySetting)) {
      throw new UsageError(`--rule takes CODE=LEVEL with LEVEL one of ${LEVELS.join(', ')}; got "${value}".`);
    }
    if (!RULES_BY_CODE.has(code)) throw new UsageError(`Unknown rule "${code}". Rules: ${[...RULES_BY_CODE.keys()].join(', ')}.`);
    rules[code] = level as SeveritySetting;
  }
  return rules;
}

/**
 * Checks the files, and with each mapping file the scope files it references (their findings carry
 * the scope file's path). A scope file named too, or shared by several mappings, is reported once.
 */
export function checkFiles(service: LanguageService, paths: string[]): CheckedFile[] {
  const files = collectFiles(paths.length > 0 ? paths : ['.']);
  const reported = new Set(files.map((path) => toUri(resolve(path))));
  const results: CheckedFile[] = [];
  for (const path of files) {
    const text = readText(path);
    const document = service.open(toUri(resolve(path)), text);
    if (!document) {
      results.push({ path, diagnostics: [] });
      continue;
    }
    const [own, ...scopes] = checkWithScopeFiles(service, document, reported);
    results.push({ path, diagnostics: service.diagnostics(document, own.findings) });
    for (const scope of scopes) results.push({ path: fileURLToPath(scope.uri), diagnostics: service.diagnostics(scope.document, scope.findings) });
  }
  return results;
}

export function runCheck(argv: string[], io: CliIo, service: LanguageService): number {
  const args = parseArgs(argv, ['format', 'rule', 'graph-target'], ['help']);
  if (args.booleans.has('help')) {
    io.out(CHECK_USAGE + '\n');
    return 0;
  }
  const format = single(args, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}".`);
  const graphTarget = single(args, 'graph-target') ?? 'auto';
  if (graphTarget !== 'auto' && graphTarget !== 'aws' && graphTarget !== 'other') throw new UsageError(`--graph-target must be auto, aws or other, not "${graphTarget}".`);
  service.updateSettings({ rules: parseRuleOverrides(args.flags.get('rule') ?? []), graphTarget });
  const results = checkFiles(service, args.positional);

  let errors = 0;
  let warnings = 0;
  for (const result of results) {
    for (const d of result.diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
    }
  }

  if (format === 'json') {
    const rows = results.flatMap((result) =>
      result.diagnostics.map((d) => ({
        file: displayPath(result.path),
        code: d.code,
        severity: d.severity,
        message: d.message,
        range: d.range,
      })),
    );
    io.out(JSON.stringify(rows, null, 2) + '\n');
  } else {
    for (const result of results) {
      for (const d of result.diagnostics) {
        const where = `${displayPath(result.path)}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
        const colour = d.severity === 'error' ? 'red' : d.severity === 'warning' ? 'yellow' : 'cyan';
        io.out(`${where} ${paint(io, colour, d.severity)} ${paint(io, 'dim', d.code)} ${d.message}\n`);
      }
    }
    const files = results.length;
    io.out(
      `${files} file${files === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.\n`,
    );
  }
  return errors > 0 ? 1 : 0;
}
