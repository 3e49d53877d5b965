import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_MAX_DOCUMENT_LENGTH,
  type Diagnostic,
  type LanguageService,
  type ServiceSettings,
} from '../service/languageService';
import { unreadableEncoding } from '../service/text/encoding';
import { RULES_BY_CODE } from '../service/rules';
import type { SeveritySetting } from '../service/rules/types';
import { writeFilesAtomically, WriteError } from '../host/writeFilesAtomically';
import { ProjectConfigFinder } from '../host/projectConfigFiles';
import { integerOption, parseArgs, single, UsageError } from './args';
import { discoverFiles } from './discover';
import { displayPath, InputError, readText, toUri } from './files';
import {
  CHECK_FORMATS,
  formatGithub,
  formatJson,
  formatSarif,
  formatText,
  summaryLine,
  type CheckFormat,
  type CheckedFile,
} from './format/checkFormats';
import { escapeControl, yieldToEvents, type CliIo } from './io';
import { projectSettingsFor } from './projectSettings';
import { applyFixesToFile, unifiedDiff } from './fix';
import { checkWithScopeFiles } from '../service/verdict';

export type { CheckedFile } from './format/checkFormats';

export const CHECK_USAGE = `Usage: scim-mapper check [paths or globs...] [options]

Checks *.mapping.json(c), *.scope.json(c) and Microsoft Graph synchronization schemas
(*.synchronization.json, *.sync-schema.json). Directories are searched recursively (node_modules,
.git, paths in .gitignore and the config's "ignore" list are skipped); globs (**, *, ?, {a,b}) are
expanded by scim-mapper, so quote them; a file named explicitly is recognised by its content;
- reads stdin. The scope files a mapping references are checked with it (each once, under its
own path). Each file's nearest .scim-mapper.json(c) applies (rules, ignore, sourceAttributes,
graphTarget); command-line options win over it.
  --format text|json|sarif|github
                       text (default): file:line:col severity code message; json: one array;
                       sarif: SARIF 2.1.0 for code scanning; github: ::error annotations
  -o, --output FILE    write the report to FILE (atomically) instead of stdout
  --max-warnings N     exit 1 when there are more than N warnings
  --quiet              report errors only
  --rule CODE=LEVEL    override a rule's severity: off, hint, information, warning, error
  --graph-target auto|aws|other
                       whether AWS IAM Identity Center's rules apply to Graph schemas: auto
                       (default) when the schema is the AWS gallery template (aWSSingleSignon)
  --stdin-filename NAME
                       the name (and so the kind) of the text read from stdin with -
  --fix                apply safe fixes (case, single-candidate typos, quoting of scoping values)
                       and write the files atomically; a result that would not parse is not written
  --fix-dry-run        print the fixes as a unified diff instead of writing them
Exit status: 0 no errors, 1 errors found (or more warnings than --max-warnings), 2 bad usage,
unreadable input, a broken config or no files found.`;

const LEVELS: readonly SeveritySetting[] = ['off', 'hint', 'information', 'warning', 'error'];

const FILE_PATTERNS = '*.mapping.json(c), *.scope.json(c), *.synchronization.json(c), *.sync-schema.json(c)';

function parseRuleOverrides(values: string[]): Record<string, SeveritySetting> {
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

/** A checked file by its path, for commands that check before they act (push). */
export interface CheckedPath {
  path: string;
  diagnostics: Diagnostic[];
}

/**
 * Checks the files named, and with each mapping file the scope files it references (their findings
 * carry the scope file's path). A scope file named too, or shared by several mappings, is reported
 * once. Unreadable input is an InputError.
 */
export function checkFiles(service: LanguageService, paths: string[]): CheckedPath[] {
  const discovery = discoverFiles(paths.length > 0 ? paths : ['.']);
  if (discovery.problems.length > 0) throw new InputError(discovery.problems[0]);
  const reported = new Set(discovery.files.map((path) => toUri(resolve(path))));
  const results: CheckedPath[] = [];
  for (const path of discovery.files) {
    const text = readText(path);
    const document = service.open(toUri(resolve(path)), text);
    if (!document) {
      results.push({ path, diagnostics: [] });
      continue;
    }
    const [own, ...scopes] = checkWithScopeFiles(service, document, reported);
    results.push({ path, diagnostics: service.diagnostics(document, own.findings) });
    for (const scope of scopes)
      results.push({ path: fileURLToPath(scope.uri), diagnostics: service.diagnostics(scope.document, scope.findings) });
  }
  return results;
}

/** What one run of check found, file by file, and what kept it from checking everything. */
interface CheckRun {
  files: CheckedFile[];
  problems: string[];
}

export interface CheckOptions {
  format: CheckFormat;
  quiet: boolean;
  maxWarnings?: number;
  output?: string;
  stdinFilename?: string;
  fix: boolean;
  fixDryRun: boolean;
  cliSettings: ServiceSettings;
}

function readOptions(argv: string[]): { options: CheckOptions; paths: string[] } | 'help' {
  const args = parseArgs(
    argv,
    ['format', 'rule', 'graph-target', 'max-warnings', 'output', 'stdin-filename'],
    ['quiet', 'fix', 'fix-dry-run'],
    { o: 'output' },
  );
  if (args.booleans.has('help')) return 'help';
  const format = (single(args, 'format') ?? 'text') as CheckFormat;
  if (!CHECK_FORMATS.includes(format)) throw new UsageError(`--format must be ${CHECK_FORMATS.join(', ')}, not "${format}".`);
  const graphTarget = single(args, 'graph-target');
  if (graphTarget !== undefined && graphTarget !== 'auto' && graphTarget !== 'aws' && graphTarget !== 'other')
    throw new UsageError(`--graph-target must be auto, aws or other, not "${graphTarget}".`);
  const rules = parseRuleOverrides(args.flags.get('rule') ?? []);
  const cliSettings: ServiceSettings = {};
  if (Object.keys(rules).length > 0) cliSettings.rules = rules;
  if (graphTarget !== undefined) cliSettings.graphTarget = graphTarget;
  const fix = args.booleans.has('fix');
  const fixDryRun = args.booleans.has('fix-dry-run');
  if (fix && fixDryRun) throw new UsageError('--fix and --fix-dry-run exclude each other.');
  const paths = args.positional;
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError('- (stdin) may be given once.');
  if (fix && paths.includes('-')) throw new UsageError('--fix cannot write to stdin; use --fix-dry-run.');
  const stdinFilename = single(args, 'stdin-filename');
  if (stdinFilename !== undefined && !paths.includes('-')) throw new UsageError('--stdin-filename applies to - (stdin) only.');
  return {
    options: {
      format,
      quiet: args.booleans.has('quiet'),
      maxWarnings: integerOption(args, 'max-warnings'),
      output: single(args, 'output'),
      stdinFilename,
      fix,
      fixDryRun,
      cliSettings,
    },
    paths: paths.length > 0 ? paths : ['.'],
  };
}

export async function runCheck(argv: string[], io: CliIo, service: LanguageService): Promise<number> {
  const read = readOptions(argv);
  if (read === 'help') {
    io.out(CHECK_USAGE + '\n');
    return 0;
  }
  const { options, paths } = read;
  const configs = new ProjectConfigFinder();
  const discovery = discoverFiles(
    paths.filter((p) => p !== '-'),
    {
      configIgnore: (dir) => {
        const loaded = configs.forDirectory(resolve(dir));
        return loaded?.config.ignore ? { base: loaded.dir, patterns: loaded.config.ignore } : undefined;
      },
    },
  );
  const run: CheckRun = { files: [], problems: [...discovery.problems] };
  const useStdin = paths.includes('-');
  if (discovery.files.length === 0 && !useStdin && discovery.problems.length === 0) {
    const searched = paths.map((p) => `"${p}"`).join(', ');
    run.problems.push(
      `No files to check in ${searched} (looked for ${FILE_PATTERNS}; node_modules, .git, .gitignore'd and config-ignored paths are skipped).`,
    );
  }

  const brokenConfigs = new Set<string>();
  // Files reported under their own path: a scope file named too, or shared, is reported once.
  const reported = new Set(discovery.files.map((path) => toUri(resolve(path))));
  service.updateSettings(options.cliSettings);
  // A project config applies per file; options given on the command line win over it.
  const host = service.host;
  const previous = host.projectSettings;
  host.projectSettings = (uri) => {
    const loaded = configs.forFile(uri.startsWith('file:') ? fileURLToPath(uri) : uri);
    return loaded && loaded.problems.length === 0 ? projectSettingsFor(loaded.config, options.cliSettings) : undefined;
  };
  const toWrite: Array<{ path: string; text: string }> = [];
  const streaming = (options.format === 'text' || options.format === 'github') && !options.output;
  let errors = 0;
  let warnings = 0;
  const out = new ReportSink(io, options.output);

  const checkOne = (path: string, display: string, text: string, bom: boolean): void => {
    const loaded = path === '-' ? configs.forDirectory(process.cwd()) : configs.forFile(resolve(path));
    if (loaded && loaded.problems.length > 0) {
      if (!brokenConfigs.has(loaded.path)) {
        brokenConfigs.add(loaded.path);
        for (const problem of loaded.problems)
          run.problems.push(`${displayPath(loaded.path)}:${problem.line + 1}:${problem.character + 1}: ${problem.message}`);
      }
      return;
    }
    const uri = path === '-' ? toUri(resolve(options.stdinFilename ?? 'stdin')) : toUri(resolve(path));
    // The kind from the name (stdin: --stdin-filename), else from the content.
    const document = service.open(uri, text);
    // With a mapping, the scope files it references (each once, under its own path).
    const checked = document ? checkWithScopeFiles(service, document, reported) : [];
    let diagnostics = document ? service.diagnostics(document, checked[0].findings) : [];
    if (document && (options.fix || options.fixDryRun)) {
      const fixed = applyFixesToFile(service, document, diagnostics);
      if (fixed.text !== text) {
        if (options.fixDryRun) out.diff(unifiedDiff(display, text, fixed.text));
        else toWrite.push({ path, text: bom ? '\uFEFF' + fixed.text : fixed.text });
        diagnostics = options.fix ? fixed.diagnostics : diagnostics;
      }
    }
    record(display, diagnostics);
    for (const scope of checked.slice(1))
      record(displayPath(fileURLToPath(scope.uri)), service.diagnostics(scope.document, scope.findings));
  };

  /** Counts and reports a file's diagnostics (a referenced scope file's, which --fix leaves alone). */
  const record = (display: string, diagnostics: Diagnostic[]): void => {
    for (const d of diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
    }
    const file: CheckedFile = {
      display,
      diagnostics: options.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics,
    };
    run.files.push(file);
    if (errors > 0) io.exitSoFar = Math.max(io.exitSoFar ?? 0, 1);
    if (options.format === 'text') out.write(formatText(io, file));
    else if (options.format === 'github') out.write(formatGithub(file));
  };

  try {
    if (useStdin) {
      const input = await readStdin(io);
      checkOne('-', options.stdinFilename ?? '<stdin>', input.text, input.bom);
    }
    for (const path of discovery.files) {
      let read: { text: string; bom: boolean };
      try {
        read = readTextKeepingBom(path);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        run.problems.push(error.message);
        continue;
      }
      checkOne(path, displayPath(path), read.text, read.bom);
      // Lets a closed stdout (`| head`) be noticed between files, so the run stops early.
      if (streaming) await yieldToEvents();
    }
  } finally {
    host.projectSettings = previous;
  }

  if (options.fix && toWrite.length > 0) {
    try {
      writeFilesAtomically(toWrite, { overwrite: true });
      io.err(
        `scim-mapper: fixed ${toWrite.length} file${toWrite.length === 1 ? '' : 's'}: ${toWrite.map((w) => escapeControl(displayPath(w.path))).join(', ')}\n`,
      );
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      run.problems.push(error.message);
    }
  }

  if (options.format === 'json') out.write(formatJson(run.files));
  else if (options.format === 'sarif') out.write(formatSarif(run.files, process.cwd()));
  else if (options.format === 'text') {
    let summary = summaryLine(run.files.length, errors, warnings);
    if (options.maxWarnings !== undefined && warnings > options.maxWarnings)
      summary += `Too many warnings: ${warnings}, more than --max-warnings ${options.maxWarnings}.\n`;
    out.write(summary);
  }
  for (const problem of run.problems) io.err(`scim-mapper: ${escapeControl(problem)}\n`);
  if (options.output) {
    try {
      out.flushTo(options.output, discovery.files);
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      io.err(`scim-mapper: ${escapeControl(error.message)}\n`);
      return 2;
    }
  }
  if (run.problems.length > 0) return 2;
  if (errors > 0) return 1;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) return 1;
  return 0;
}

/**
 * Where the report goes: straight to stdout, or collected for `-o FILE` and written atomically
 * at the end (a report file is replaced, never appended to or half written).
 */
class ReportSink {
  private collected = '';

  constructor(
    private readonly io: CliIo,
    private readonly output: string | undefined,
  ) {}

  write(text: string): void {
    if (this.output !== undefined) this.collected += text;
    else this.io.out(text);
  }

  /** A --fix-dry-run diff: with -o it goes into the file too, as part of the report. */
  diff(text: string): void {
    this.write(escapeDiff(text));
  }

  flushTo(path: string, inputs: readonly string[]): void {
    writeFilesAtomically([{ path, text: this.collected }], { overwrite: true, inputs });
  }
}

function escapeDiff(text: string): string {
  return text
    .split('\n')
    .map((line) => escapeControl(line))
    .join('\n');
}

function readTextKeepingBom(path: string): { text: string; bom: boolean } {
  const raw = readText(path, { keepBom: true });
  const bom = raw.charCodeAt(0) === 0xfeff;
  return { text: bom ? raw.slice(1) : raw, bom };
}

async function readStdin(io: CliIo): Promise<{ text: string; bom: boolean }> {
  const raw = io.readStdin ? await io.readStdin() : await readProcessStdin();
  const bom = raw.charCodeAt(0) === 0xfeff;
  return { text: bom ? raw.slice(1) : raw, bom };
}

/** The whole of stdin as UTF-8, refused past the document limit so a stream cannot exhaust memory. */
async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > DEFAULT_MAX_DOCUMENT_LENGTH * 4) throw new InputError('Cannot read stdin: more than the document size limit.');
    chunks.push(buffer);
  }
  const bytes = Buffer.concat(chunks);
  const encoding = unreadableEncoding(bytes);
  if (encoding) throw new InputError(`Cannot read stdin: ${encoding}.`);
  return bytes.toString('utf8');
}

export type { Diagnostic };
