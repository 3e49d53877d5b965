import { InlayHintKind, type CancellationToken, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import {
  ConvertToGraphRequestMethod,
  ConvertToMappingRequestMethod,
  DryRunRequestMethod,
  EvaluateRequestMethod,
  SetSampleNotificationMethod,
  type ConvertToGraphParams,
  type ConvertToGraphResponse,
  type ConvertToMappingParams,
  type ConvertToMappingResponse,
  type DryRunParams,
  type DryRunResponse,
  type EvaluateParams,
  type EvaluateResponse,
  type SampleSource,
  type SetSampleParams,
} from '../protocol';
import type { ObjectKind } from '../service/catalog/types';
import {
  addToSummary,
  BatchAggregator,
  emptySample,
  emptySummary,
  prepareDryRun,
  readSamples,
  runBatch,
} from '../service/dryrun';
import {
  cell as escapeMarkdown,
  renderCheckErrorsMarkdown,
  renderResultMarkdown,
  renderSummaryMarkdown,
} from '../service/dryrun/markdown';
import type { AttributeTrace, DryRunResult, Sample } from '../service/dryrun/types';
import { convertGraphToMapping, convertMappingToGraph } from '../service/graph/convert';
import { describePutRequest } from '../service/graph/requests';
import { resolveDocumentKind } from '../service/model/parse';
import type { MappingLikeDocument as MappingDocument } from '../service/model/types';
import { ExplainLogsRequestMethod, type ExplainLogsParams, type ExplainLogsResponse } from '../protocol';
import { explainLogs } from './explainLogs';
import { DEFAULT_REQUEST_STEP_BUDGET, RegexBudget, withRegexBudget } from '../service/regex';
import { runSafe } from './runSafe';
import type { ServerContext } from './serverContext';

/** The largest sample file the editor reads (characters): a whole tenant's CSV belongs to the CLI. */
const SAMPLE_MAX_LENGTH = 64_000_000;

/** At most this many samples are shown in one preview; a CSV of thousands belongs to the CLI. */
const PREVIEW_LIMIT = 50;

function sampleName(source: SampleSource): string {
  if ('text' in source) return source.name;
  const encoded = source.uri.replace(/^file:\/\//, '');
  let path = encoded;
  try {
    path = decodeURIComponent(encoded);
  } catch {
    // A malformed escape: show the URI as it is.
  }
  return path.split('/').pop() ?? path;
}

/**
 * The custom protocol: dry runs for the preview, evaluation at the cursor, and live values (inlay
 * hints that show each mapping's value for a chosen sample user).
 */
export class CustomRequests {
  private sample: SampleSource | null = null;

  constructor(private readonly context: ServerContext) {}

  private mappingDocument(uri: string): MappingDocument | undefined {
    const text = this.textOf(uri);
    if (text === undefined) return undefined;
    // A Graph synchronization schema dry-runs like a mapping file.
    const kind = resolveDocumentKind(uri, text) === 'graph' ? 'graph' : 'mapping';
    // The document's own settings (its folder's), as its diagnostics: the size limit applies here.
    const model = this.context.serviceFor(uri).getDocument(uri, text, kind);
    return model?.kind === 'mapping' || model?.kind === 'graph' ? model : undefined;
  }

  private textOf(uri: string): string | undefined {
    return this.context.documents.get(uri)?.getText() ?? this.context.service.host.readFile(uri);
  }

  convertToGraph(params: ConvertToGraphParams): ConvertToGraphResponse {
    const text = this.textOf(params.uri);
    if (text === undefined)
      return { text: '', problems: [{ severity: 'error', message: `Cannot read ${params.uri}.` }], request: '' };
    const baseText = params.baseUri ? this.textOf(params.baseUri) : undefined;
    if (params.baseUri && baseText === undefined)
      return {
        text: '',
        problems: [{ severity: 'error', message: `Cannot read the base schema ${params.baseUri}.` }],
        request: '',
      };
    const result = convertMappingToGraph(this.context.serviceFor(params.uri), params.uri, text, { baseText });
    return { text: result.text, problems: result.problems, request: describePutRequest({ body: 'this schema' }) };
  }

  convertToMapping(params: ConvertToMappingParams): ConvertToMappingResponse {
    const text = this.textOf(params.uri);
    if (text === undefined) return { text: '', problems: [{ severity: 'error', message: `Cannot read ${params.uri}.` }] };
    const result = convertGraphToMapping(this.context.serviceFor(params.uri), params.uri, text);
    return { text: result.text, problems: result.problems };
  }

  /**
   * The parsed samples of the last file read, by URI and object: live values ask for them on every
   * inlay-hint request, and the host answers an unchanged file with the very same text, so a
   * 100,000-row CSV is parsed again only when it changes.
   */
  private parsedSamples = new Map<string, { text: string; parsed: ReturnType<typeof readSamples> }>();

  private readSamples(source: SampleSource, object: ObjectKind): { samples: Sample[]; errors: DryRunResponse['errors'] } {
    const file = sampleName(source);
    let text: string;
    if ('text' in source) {
      text = source.text;
    } else {
      const read = this.context.host.readFileChecked(source.uri, SAMPLE_MAX_LENGTH);
      if (!read.ok)
        return {
          samples: [],
          errors: [
            {
              message: read.missing
                ? `Cannot read the sample file ${file}: no such file.`
                : `Cannot read the sample file ${file}: ${read.reason}`,
              file,
            },
          ],
        };
      text = read.text;
    }
    const key = `${object}:${'uri' in source ? source.uri : `text:${file}`}`;
    let entry = this.parsedSamples.get(key);
    if (!entry || entry.text !== text) {
      entry = { text, parsed: readSamples(text, { object, catalog: this.context.service.catalog, file }) };
      if (this.parsedSamples.size >= 8) this.parsedSamples.clear();
      this.parsedSamples.set(key, entry);
    }
    const parsed = entry.parsed;
    return {
      // Runs may annotate samples; each request gets its own array over the shared samples.
      samples: [...parsed.samples],
      errors: parsed.errors.map((e) => ({ message: e.message, file: e.location?.file ?? file, line: e.location?.line })),
    };
  }

  private run(doc: MappingDocument, object: ObjectKind, samples: Sample[]): DryRunResult[] {
    const prepared = prepareDryRun(this.context.serviceFor(doc.uri), doc, object);
    // The batch driver the CLI uses: batch-level checks (value-conflict) apply here too.
    const events = runBatch(
      prepared,
      samples.map((sample) => ({ sample })),
      new BatchAggregator(),
      { run: { clock: Date.now } },
    );
    return [...events].flatMap((event) => (event.kind === 'record' ? [event.record.result] : []));
  }

  /**
   * The preview's dry run, one sample per event-loop turn: a cancellation (the user edited again,
   * or closed the preview) is seen between samples, and all samples share the request's regex budget.
   */
  private async runCancellable(
    doc: MappingDocument,
    object: ObjectKind,
    samples: Sample[],
    token: CancellationToken,
  ): Promise<DryRunResult[] | undefined> {
    const budget = new RegexBudget(DEFAULT_REQUEST_STEP_BUDGET, undefined, () => token.isCancellationRequested);
    const prepared = withRegexBudget(budget, () => prepareDryRun(this.context.serviceFor(doc.uri), doc, object));
    const results: DryRunResult[] = [];
    // The batch aggregator the CLI uses: batch-level checks (value-conflict) apply here too.
    const batch = new BatchAggregator();
    for (const sample of samples) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (token.isCancellationRequested) return undefined;
      results.push(batch.add(withRegexBudget(budget, () => prepared.run(sample, { clock: Date.now }))).result);
    }
    return results;
  }

  async dryRunCancellable(params: DryRunParams, token: CancellationToken): Promise<DryRunResponse | undefined> {
    const doc = this.mappingDocument(params.mappingUri);
    if (!doc || !doc.objects.some((o) => o.object === params.object)) return this.dryRun(params);
    const { samples } = this.readSamples(params.sample, params.object);
    const results = await this.runCancellable(doc, params.object, samples.slice(0, PREVIEW_LIMIT), token);
    return results === undefined ? undefined : this.dryRun(params, results);
  }

  dryRun(params: DryRunParams, computed?: DryRunResult[]): DryRunResponse {
    const doc = this.mappingDocument(params.mappingUri);
    const summary = emptySummary();
    if (!doc) {
      return { markdown: `# Dry run\n\nThe mapping file ${params.mappingUri} cannot be read.`, results: [], summary, errors: [] };
    }
    if (!doc.objects.some((o) => o.object === params.object)) {
      return { markdown: `# Dry run\n\nThis mapping file has no "${params.object}" section.`, results: [], summary, errors: [] };
    }
    const { samples, errors } = this.readSamples(params.sample, params.object);
    // Prepared again after the samples ran (other documents may have been checked meanwhile), so
    // with the document's own settings again: the check's problems are those its diagnostics show.
    const prepared = prepareDryRun(this.context.serviceFor(doc.uri), doc, params.object);
    const results =
      computed ??
      [
        ...runBatch(
          prepared,
          samples.slice(0, PREVIEW_LIMIT).map((sample) => ({ sample })),
          new BatchAggregator(),
          { run: { clock: Date.now } },
        ),
      ].flatMap((event) => (event.kind === 'record' ? [event.record.result] : []));
    for (const result of results) addToSummary(summary, result);
    summary.invalidInput += errors.length;

    const mappingLines = new Map<number, number>();
    for (const object of doc.objects) {
      if (object.object !== params.object) continue;
      for (const mapping of object.mappings)
        mappingLines.set(mapping.index + 1, doc.lines.positionAt(mapping.span.start).line + 1);
    }
    const parts = [
      `# Dry run: ${escapeMarkdown(sampleName(params.sample))}`,
      `Through ${escapeMarkdown(sampleName({ uri: params.mappingUri }))}, as Entra would provision it to AWS IAM Identity Center.`,
    ];
    // The check's errors come first: the dry run of a mapping check rejects cannot be trusted.
    const checkErrors = renderCheckErrorsMarkdown(prepared.setupProblems, { mappingUri: params.mappingUri, mappingLines });
    if (checkErrors) parts.push(checkErrors);
    for (const error of errors)
      parts.push(`> ✗ ${escapeMarkdown(`${error.file ?? ''}${error.line ? `:${error.line}` : ''} ${error.message}`)}`);
    if (samples.length > PREVIEW_LIMIT)
      parts.push(
        `> Showing the first ${PREVIEW_LIMIT} of ${samples.length} samples; run \`scim-mapper dry-run\` for all of them.`,
      );
    for (const result of results) parts.push(renderResultMarkdown(result, { mappingUri: params.mappingUri, mappingLines }));
    if (results.length > 1 || errors.length > 0) parts.push(renderSummaryMarkdown(summary));
    return { markdown: parts.join('\n\n') + '\n', results, summary, errors, mappingLines: Object.fromEntries(mappingLines) };
  }

  /** The attribute traces for the chosen sample (or an empty user), by 1-based mapping number. */
  private traces(
    doc: MappingDocument,
    object: ObjectKind,
    source: SampleSource | null,
  ): { traces: Map<number, AttributeTrace>; label: string } | undefined {
    let sample = emptySample(object);
    if (source) {
      const read = this.readSamples(source, object);
      if (read.samples.length === 0) return undefined;
      sample = read.samples[0];
    }
    const [result] = this.run(doc, object, [sample]);
    const traces = new Map<number, AttributeTrace>();
    for (const trace of result.attributes) if (trace.mapping) traces.set(trace.mapping, trace);
    return { traces, label: sample.info.label };
  }

  evaluate(params: EvaluateParams): EvaluateResponse {
    const doc = this.mappingDocument(params.uri);
    if (!doc) return { message: 'This is not a mapping file.' };
    const offset = doc.lines.offsetAt(params.position);
    for (const object of doc.objects) {
      const mapping = object.mappings.find((m) => offset >= m.span.start && offset <= m.span.end);
      if (!mapping) continue;
      const computed = this.traces(doc, object.object, params.sample ?? (object.object === 'user' ? this.sample : null));
      const trace = computed?.traces.get(mapping.index + 1);
      if (!trace)
        return {
          target: mapping.target?.value,
          expression: mapping.source?.value,
          message: 'This mapping has no value to show (no target or no source).',
        };
      return {
        target: trace.target,
        expression: trace.source ?? undefined,
        value: trace.value,
        status: trace.status,
        message: trace.status === 'error' ? `Evaluation failed: ${trace.note ?? 'see the dry run'}` : undefined,
      };
    }
    return { message: 'Put the cursor on a mapping to evaluate it.' };
  }

  /** Live values: a hint after each user mapping's source with the value for the chosen sample. */
  inlayHints(params: InlayHintParams): InlayHint[] {
    if (!this.sample) return [];
    const doc = this.mappingDocument(params.textDocument.uri);
    const users = doc?.objects.find((o) => o.object === 'user');
    if (!doc || !users) return [];
    const computed = this.traces(doc, 'user', this.sample);
    if (!computed) return [];
    const from = doc.lines.offsetAt(params.range.start);
    const to = doc.lines.offsetAt(params.range.end);
    const hints: InlayHint[] = [];
    for (const mapping of users.mappings) {
      const source = mapping.source;
      const trace = computed.traces.get(mapping.index + 1);
      if (!source || !trace || source.span.end < from || source.span.start > to) continue;
      const shown = trace.status === 'set' || trace.status === 'default' ? JSON.stringify(trace.value) : trace.status;
      const text = shown.length > 60 ? shown.slice(0, 59) + '…' : shown;
      hints.push({
        position: doc.lines.positionAt(source.span.end),
        label: `= ${text}`,
        kind: InlayHintKind.Parameter,
        paddingLeft: true,
        tooltip: `${trace.target} for ${computed.label}: ${trace.status}${trace.note ? `: ${trace.note}` : ''}`,
      });
    }
    return hints;
  }

  register(): void {
    const { connection } = this.context;
    connection.onRequest(DryRunRequestMethod, async (params: DryRunParams, token) => {
      const failed: DryRunResponse = {
        markdown: '# Dry run failed\n\nSee the SCIM Mapper output for the error.',
        results: [],
        summary: emptySummary(),
        errors: [],
      };
      try {
        return (await this.dryRunCancellable(params, token)) ?? failed;
      } catch (error) {
        connection.console.error(`dry run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return failed;
      }
    });
    connection.onRequest(ConvertToGraphRequestMethod, (params: ConvertToGraphParams, token) =>
      runSafe(
        connection,
        'convert to Graph',
        {
          text: '',
          problems: [{ severity: 'error', message: 'The conversion failed; see the SCIM Mapper output.' }],
          request: '',
        },
        token,
        () => this.convertToGraph(params),
      ),
    );
    connection.onRequest(ConvertToMappingRequestMethod, (params: ConvertToMappingParams, token) =>
      runSafe(
        connection,
        'convert to mapping',
        { text: '', problems: [{ severity: 'error', message: 'The conversion failed; see the SCIM Mapper output.' }] },
        token,
        () => this.convertToMapping(params),
      ),
    );
    connection.onRequest(EvaluateRequestMethod, (params: EvaluateParams, token) =>
      runSafe(connection, 'evaluate', { message: 'Evaluation failed; see the SCIM Mapper output.' }, token, () =>
        this.evaluate(params),
      ),
    );
    connection.onNotification(SetSampleNotificationMethod, (params: SetSampleParams) => {
      this.sample = params.sample;
      void connection.languages.inlayHint.refresh().catch(() => undefined);
    });
    connection.onRequest(ExplainLogsRequestMethod, (params: ExplainLogsParams): Promise<ExplainLogsResponse> =>
      explainLogs(this.context.serviceFor(params.mappingUri), (uri) => this.textOf(uri), params).catch((error: unknown) => {
        connection.console.error(
          `explain logs failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        return {
          markdown: '# Provisioning logs\n\nExplaining the logs failed; see the SCIM Mapper output.\n',
          groups: [],
          failures: 0,
          successes: 0,
          errors: ['failed'],
        };
      }),
    );
    connection.languages.inlayHint.on((params, token) =>
      runSafe(connection, 'inlay hints', [], token, () => this.inlayHints(params)),
    );
  }
}
