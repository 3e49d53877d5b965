/**
 * The fuzzer: random and mutated documents through every entry point of the service, as an editor
 * and the CLI would call them: parse → diagnostics → completion, hover, signature help and
 * definition at random offsets → code actions (applied) → symbols, folding, semantic tokens,
 * links, formatting → dry run and Graph conversion. Sample users go through readSamples and the
 * dry run; expressions through the parser and the evaluator.
 *
 * Properties checked: no exception escapes, every range lies inside its document, every result
 * can be serialised as JSON (what the LSP layer and the CLI do with it). Each call reports its
 * progress through an optional shared Int32Array so a watchdog can stop a hung run and name the
 * call (test/robustness/watchdog.ts). Iteration `i` of seed `s` is the same document whatever
 * ran before it, so any failure can be replayed alone: scripts/fuzz.mjs --seed s --from i --iterations 1.
 */
import { catalogs, defaultCatalog } from '../../server/src/service/catalog';
import { emptySample, prepareDryRun, readSamples, sampleEnvironment } from '../../server/src/service/dryrun';
import type { Sample } from '../../server/src/service/dryrun/types';
import { evaluateText } from '../../server/src/service/evaluate';
import { parseExpression } from '../../server/src/service/expression/parser';
import {
  codeActions,
  complete,
  definition,
  documentLinks,
  documentSymbols,
  foldingRanges,
  format,
  hover,
  semanticTokens,
  signatureHelp,
  type DocumentSymbol,
  type Range,
  type TextEdit,
} from '../../server/src/service/features';
import { convertGraphToMapping, convertMappingToGraph } from '../../server/src/service/graph';
import { LanguageService } from '../../server/src/service/languageService';
import type { MappingLikeDocument } from '../../server/src/service/model/types';
import { LineIndex } from '../../server/src/service/text/lineIndex';
import { mutate, randomExpression, randomMapping, randomSampleText, randomScope } from './fuzzGen';
import { int, pick, rng, type Random } from './generate';
import { opened } from '../features/helpers';

export interface FuzzCorpus {
  mappings: string[];
  scopes: string[];
  graphs: string[];
  samples: Array<{ text: string; file: string }>;
  expressions: string[];
}

export interface FuzzFailure {
  seed: number;
  iteration: number;
  kind: string;
  call: string;
  message: string;
  /** The document (or sample, or expression) text, cut to 4,000 characters unless `fullInput`. */
  input: string;
}

export interface FuzzReport {
  documents: number;
  calls: number;
  failures: FuzzFailure[];
  /** The slowest call of each name (informational; nothing asserts on time). */
  slowest: Record<string, { ms: number; iteration: number }>;
}

export interface FuzzOptions {
  seed: number;
  /** First iteration (default 0). */
  from?: number;
  iterations: number;
  corpus: FuzzCorpus;
  /** [iteration, call index, heartbeat] for a watchdog in another thread. */
  progress?: Int32Array;
  /** Report calls slower than this as failures (long runs only; default: never). */
  boundMs?: number;
  /** Stop after this many failures (default 20). */
  maxFailures?: number;
  /** Keep the whole input of a failure (for replaying one iteration), not its first 4,000 characters. */
  fullInput?: boolean;
}

/** The names of the calls, by the index written to `progress[1]`. */
export const CALLS = [
  'validate',
  'complete',
  'hover',
  'signatureHelp',
  'definition',
  'codeActions',
  'validate(after fix)',
  'documentSymbols',
  'foldingRanges',
  'semanticTokens',
  'documentLinks',
  'format',
  'dryRun',
  'convert',
  'readSamples',
  'parseExpression',
  'evaluate',
] as const;
type CallName = (typeof CALLS)[number];

const CLOCK = () => Date.parse('2025-01-31T12:00:00Z');
const DIR = 'file:///fuzz/';

/** FNV-1a of the seed and iteration: each iteration gets its own random stream. */
function streamSeed(seed: number, iteration: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}:${iteration}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function runFuzz(options: FuzzOptions): FuzzReport {
  const report: FuzzReport = { documents: 0, calls: 0, failures: [], slowest: {} };
  const maxFailures = options.maxFailures ?? 20;
  const from = options.from ?? 0;
  for (let iteration = from; iteration < from + options.iterations && report.failures.length < maxFailures; iteration++) {
    new Iteration(options, report, iteration).run();
    report.documents++;
  }
  return report;
}

class Iteration {
  private readonly random: Random;
  private kind = '';
  private input = '';

  constructor(
    private readonly options: FuzzOptions,
    private readonly report: FuzzReport,
    private readonly iteration: number,
  ) {
    this.random = rng(streamSeed(options.seed, iteration));
  }

  run(): void {
    const random = this.random;
    const corpus = this.options.corpus;
    const r = random();
    if (r < 0.35)
      this.document(
        'mapping',
        'doc.mapping.jsonc',
        this.maybeMutate(random() < 0.3 && corpus.mappings.length ? pick(random, corpus.mappings) : randomMapping(random)),
      );
    else if (r < 0.5)
      this.document(
        'scope',
        'doc.scope.jsonc',
        this.maybeMutate(random() < 0.3 && corpus.scopes.length ? pick(random, corpus.scopes) : randomScope(random)),
      );
    else if (r < 0.6)
      this.document(
        'graph',
        'doc.synchronization.json',
        this.maybeMutate(corpus.graphs.length ? pick(random, corpus.graphs) : randomMapping(random)),
      );
    else if (r < 0.8) this.expression();
    else this.samples();
  }

  private maybeMutate(text: string): string {
    return this.random() < 0.65 ? mutate(this.random, text) : text;
  }

  private fail(call: string, message: string): void {
    this.report.failures.push({
      seed: this.options.seed,
      iteration: this.iteration,
      kind: this.kind,
      call,
      message,
      input: this.options.fullInput ? this.input : this.input.slice(0, 4000),
    });
  }

  /** Runs one call: progress for the watchdog, exceptions and slow calls become failures. */
  private call<T>(name: CallName, fn: () => T): T | undefined {
    const progress = this.options.progress;
    if (progress) {
      Atomics.store(progress, 0, this.iteration);
      Atomics.store(progress, 1, CALLS.indexOf(name));
      Atomics.add(progress, 2, 1);
    }
    this.report.calls++;
    const start = performance.now();
    try {
      const result = fn();
      // What the LSP layer and the CLI do with every result.
      JSON.stringify(result);
      return result;
    } catch (error) {
      this.fail(
        name,
        error instanceof Error
          ? `${error.name}: ${error.message}\n${error.stack?.split('\n').slice(1, 6).join('\n') ?? ''}`
          : String(error),
      );
      return undefined;
    } finally {
      const ms = performance.now() - start;
      const slowest = this.report.slowest[name];
      if (!slowest || ms > slowest.ms) this.report.slowest[name] = { ms, iteration: this.iteration };
      if (this.options.boundMs !== undefined && ms > this.options.boundMs)
        this.fail(name, `took ${ms.toFixed(0)} ms (bound ${this.options.boundMs} ms)`);
    }
  }

  private service(scopeText?: string): LanguageService {
    return new LanguageService({
      catalogs,
      host: { readFile: (uri) => (uri === `${DIR}engineering.scope.jsonc` ? scopeText : undefined) },
    });
  }

  // -------------------------------------------------------------------------------------------
  // documents

  private document(kind: 'mapping' | 'scope' | 'graph', name: string, text: string): void {
    this.kind = kind;
    this.input = text;
    const random = this.random;
    const uri = DIR + name;
    const scopeText = random() < 0.5 ? this.maybeMutate(this.options.corpus.scopes[0] ?? randomScope(random)) : undefined;
    const service = this.service(scopeText);
    const lines = new LineIndex(text);
    const check = (call: string, range: Range | undefined, what: string): void => {
      const problem = range && rangeProblem(lines, range);
      if (problem) this.fail(call, `${what}: ${problem} ${JSON.stringify(range)}`);
    };
    const checkEdits = (call: string, edits: readonly TextEdit[] | undefined): void => {
      for (const edit of edits ?? []) check(call, edit.range, 'edit range');
    };

    const diagnostics = this.call('validate', () => service.validate(uri, text)) ?? [];
    for (const d of diagnostics) {
      check('validate', d.range, `${d.code} range`);
      if (typeof d.message !== 'string' || d.message.length === 0) this.fail('validate', `${d.code} has no message`);
    }

    for (let k = int(random, 2, 6); k > 0; k--) {
      const position = lines.positionAt(int(random, 0, text.length));
      const list = this.call('complete', () => complete(...opened(service, uri, text), position));
      const at = `at ${position.line}:${position.character}`;
      for (const item of list?.items ?? []) {
        check('complete', item.textEdit.range, `item ${item.label} ${at}`);
        for (const edit of item.additionalTextEdits ?? [])
          check('complete', edit.range, `item ${item.label} additional edit ${at}`);
      }
      const info = this.call('hover', () => hover(...opened(service, uri, text), position));
      check('hover', info?.range, `hover range ${at}`);
      this.call('signatureHelp', () => signatureHelp(...opened(service, uri, text), position));
      this.call('definition', () => definition(...opened(service, uri, text), position));
    }

    for (const diagnostic of diagnostics.filter((d) => d.data).slice(0, 4)) {
      const actions =
        this.call('codeActions', () => codeActions(...opened(service, uri, text), diagnostic.range, [diagnostic])) ?? [];
      for (const action of actions) {
        const edits = action.edit.changes[uri] ?? [];
        checkEdits('codeActions', edits);
        const fixed = applyEdits(lines, text, edits);
        this.call('validate(after fix)', () => this.service(scopeText).validate(uri, fixed));
      }
    }

    const symbols = this.call('documentSymbols', () => documentSymbols(...opened(service, uri, text)));
    const visit = (list: DocumentSymbol[] | undefined): void => {
      for (const s of list ?? []) {
        check('documentSymbols', s.range, `symbol ${s.name}`);
        check('documentSymbols', s.selectionRange, `symbol ${s.name} selection`);
        visit(s.children);
      }
    };
    visit(symbols);
    for (const f of this.call('foldingRanges', () => foldingRanges(...opened(service, uri, text))) ?? []) {
      if (f.startLine < 0 || f.endLine < f.startLine || f.endLine >= lines.lineCount)
        this.fail('foldingRanges', `bad folding range ${JSON.stringify(f)}`);
    }
    const tokens = this.call('semanticTokens', () => semanticTokens(...opened(service, uri, text)));
    if (tokens) {
      const problem = semanticTokensProblem(lines, tokens.data);
      if (problem) this.fail('semanticTokens', problem);
    }
    for (const link of this.call('documentLinks', () => documentLinks(...opened(service, uri, text))) ?? [])
      check('documentLinks', link.range, 'link range');
    const formatRange =
      random() < 0.3 ? { start: lines.positionAt(int(random, 0, text.length)), end: lines.positionAt(text.length) } : undefined;
    checkEdits(
      'format',
      this.call('format', () =>
        format(
          ...opened(service, uri, text),
          { tabSize: int(random, 1, 8), insertSpaces: random() < 0.8, keepLines: random() < 0.7 },
          formatRange,
        ),
      ),
    );

    if (kind !== 'scope') {
      const document = service.getDocument(uri, text, kind) as MappingLikeDocument | undefined;
      if (document) {
        const sample = this.randomSample();
        for (const object of ['user', 'group'] as const) {
          this.call('dryRun', () => prepareDryRun(service, document, object).run(sample, { clock: CLOCK, seed: 7 }));
        }
      }
      if (random() < 0.3)
        this.call('convert', () =>
          kind === 'graph' ? convertGraphToMapping(service, uri, text) : convertMappingToGraph(service, uri, text),
        );
    }
  }

  // -------------------------------------------------------------------------------------------
  // samples and expressions

  private randomSample(): Sample {
    const { text, file } = randomSampleText(this.random);
    const parsed = readSamples(text, { object: 'user', catalog: defaultCatalog, file });
    return parsed.samples[0] ?? emptySample('user');
  }

  private samples(): void {
    this.kind = 'sample';
    const random = this.random;
    const corpus = this.options.corpus.samples;
    const chosen = random() < 0.3 && corpus.length ? pick(random, corpus) : randomSampleText(random);
    const text = random() < 0.5 ? mutate(random, chosen.text) : chosen.text;
    this.input = text;
    const object = random() < 0.8 ? 'user' : 'group';
    const parsed = this.call('readSamples', () =>
      readSamples(text, { object, catalog: defaultCatalog, file: random() < 0.9 ? chosen.file : undefined }),
    );
    if (!parsed) return;
    for (const error of parsed.errors) {
      if (typeof error.message !== 'string' || error.message.length === 0) this.fail('readSamples', 'an error without a message');
      if (error.location && !(error.location.line >= 1)) this.fail('readSamples', `an error at line ${error.location.line}`);
    }
    const mapping = this.options.corpus.mappings[0];
    if (!mapping) return;
    const service = this.service(this.options.corpus.scopes[0]);
    const document = service.getDocument(`${DIR}gallery.mapping.jsonc`, mapping) as MappingLikeDocument;
    const prepared = this.call('dryRun', () => prepareDryRun(service, document, object));
    for (const sample of parsed.samples.slice(0, 5)) this.call('dryRun', () => prepared?.run(sample, { clock: CLOCK, seed: 7 }));
  }

  private expression(): void {
    this.kind = 'expression';
    const random = this.random;
    const corpus = this.options.corpus.expressions;
    const base = random() < 0.3 && corpus.length ? pick(random, corpus) : randomExpression(random);
    const text = random() < 0.5 ? mutate(random, base, int(random, 1, 3)) : base;
    this.input = text;
    this.call('parseExpression', () => parseExpression(text));
    const sample = this.randomSample();
    this.call('evaluate', () => evaluateText(text, sampleEnvironment(sample, false, { clock: CLOCK, seed: 7 })));
    // The same expression in a mapping file, with the editor features on it.
    const mapping = `{ "target": "aws-iam-identity-center", "user": { "mappings": [ { "target": "${pick(
      random,
      ['userName', 'displayName', 'title', 'active', 'emails[type eq "work"].value'].map((t) => t.replace(/"/g, '\\"')),
    )}", "source": ${JSON.stringify(text)} } ] } }`;
    this.document('mapping', 'expression.mapping.json', mapping);
    this.kind = 'expression';
  }
}

// ---------------------------------------------------------------------------------------------
// properties

/** Why a range does not lie inside the document, or undefined when it does. */
export function rangeProblem(lines: LineIndex, range: Range): string | undefined {
  for (const [name, p] of [
    ['start', range.start],
    ['end', range.end],
  ] as const) {
    if (!p || !Number.isInteger(p.line) || !Number.isInteger(p.character)) return `${name} is not a position`;
    if (p.line < 0 || p.line >= lines.lineCount) return `${name} line ${p.line} outside 0..${lines.lineCount - 1}`;
    const length = lines.lineText(p.line).length;
    if (p.character < 0 || p.character > length) return `${name} character ${p.character} outside 0..${length} on line ${p.line}`;
  }
  if (range.start.line > range.end.line || (range.start.line === range.end.line && range.start.character > range.end.character))
    return 'start after end';
  return undefined;
}

function semanticTokensProblem(lines: LineIndex, data: number[]): string | undefined {
  if (data.length % 5 !== 0) return `data length ${data.length} is not a multiple of 5`;
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [deltaLine, deltaStart, length] = [data[i], data[i + 1], data[i + 2]];
    if (deltaLine < 0 || deltaStart < 0 || length < 0) return `negative token values at ${i / 5}`;
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    if (line >= lines.lineCount) return `token ${i / 5} on line ${line} of ${lines.lineCount}`;
    if (character + length > lines.lineText(line).length)
      return `token ${i / 5} ends at ${character + length} on line ${line} of length ${lines.lineText(line).length}`;
  }
  return undefined;
}

/** Applies non-overlapping LSP edits (as a client does). */
export function applyEdits(lines: LineIndex, text: string, edits: readonly TextEdit[]): string {
  const withOffsets = edits.map((e, i) => ({
    start: lines.offsetAt(e.range.start),
    end: lines.offsetAt(e.range.end),
    text: e.newText,
    i,
  }));
  withOffsets.sort((a, b) => b.start - a.start || b.i - a.i);
  let out = text;
  for (const e of withOffsets) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
