import { InlayHintKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
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
import { addToSummary, BatchAggregator, emptySample, emptySummary, prepareDryRun, readSamples, runBatch } from '../service/dryrun';
import { renderResultMarkdown, renderSummaryMarkdown } from '../service/dryrun/markdown';
import type { AttributeTrace, DryRunResult, Sample } from '../service/dryrun/types';
import { convertGraphToMapping, convertMappingToGraph } from '../service/graph/convert';
import { describePutRequest } from '../service/graph/requests';
import { documentKindFromContent, documentKindOf } from '../service/model/parse';
import type { MappingLikeDocument as MappingDocument } from '../service/model/types';
import { runSafe } from './runSafe';
import type { ServerContext } from './startServer';

/** At most this many samples are shown in one preview; a CSV of thousands belongs to the CLI. */
const PREVIEW_LIMIT = 50;

function sampleName(source: SampleSource): string {
  if ('text' in source) return source.name;
  const path = decodeURIComponent(source.uri.replace(/^file:\/\//, ''));
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
    const text = this.context.documents.get(uri)?.getText() ?? this.context.service.host.readFile(uri);
    if (text === undefined) return undefined;
    // A Graph synchronization schema dry-runs like a mapping file.
    const kind = documentKindOf(uri) === 'graph' || documentKindFromContent(text) === 'graph' ? 'graph' : 'mapping';
    const model = this.context.service.getDocument(uri, text, kind);
    return model?.kind === 'mapping' || model?.kind === 'graph' ? model : undefined;
  }

  private textOf(uri: string): string | undefined {
    return this.context.documents.get(uri)?.getText() ?? this.context.service.host.readFile(uri);
  }

  convertToGraph(params: ConvertToGraphParams): ConvertToGraphResponse {
    const text = this.textOf(params.uri);
    if (text === undefined) return { text: '', problems: [{ severity: 'error', message: `Cannot read ${params.uri}.` }], request: '' };
    const baseText = params.baseUri ? this.textOf(params.baseUri) : undefined;
    if (params.baseUri && baseText === undefined) return { text: '', problems: [{ severity: 'error', message: `Cannot read the base schema ${params.baseUri}.` }], request: '' };
    const result = convertMappingToGraph(this.context.service, params.uri, text, { baseText });
    return { text: result.text, problems: result.problems, request: describePutRequest({ body: 'this schema' }) };
  }

  convertToMapping(params: ConvertToMappingParams): ConvertToMappingResponse {
    const text = this.textOf(params.uri);
    if (text === undefined) return { text: '', problems: [{ severity: 'error', message: `Cannot read ${params.uri}.` }] };
    const result = convertGraphToMapping(this.context.service, params.uri, text);
    return { text: result.text, problems: result.problems };
  }

  private readSamples(source: SampleSource, object: ObjectKind): { samples: Sample[]; errors: DryRunResponse['errors'] } {
    const text = 'text' in source ? source.text : this.context.service.host.readFile(source.uri);
    const file = sampleName(source);
    if (text === undefined) return { samples: [], errors: [{ message: `Cannot read the sample file ${file}.`, file }] };
    const parsed = readSamples(text, { object, catalog: this.context.service.catalog, file });
    return {
      samples: parsed.samples,
      errors: parsed.errors.map((e) => ({ message: e.message, file: e.location?.file ?? file, line: e.location?.line })),
    };
  }

  private run(doc: MappingDocument, object: ObjectKind, samples: Sample[]): DryRunResult[] {
    const prepared = prepareDryRun(this.context.service, doc, object);
    // The batch driver the CLI uses: batch-level checks (value-conflict) apply here too.
    const events = runBatch(prepared, samples.map((sample) => ({ sample })), new BatchAggregator(), { run: { clock: Date.now } });
    return [...events].flatMap((event) => (event.kind === 'record' ? [event.record.result] : []));
  }

  dryRun(params: DryRunParams): DryRunResponse {
    const doc = this.mappingDocument(params.mappingUri);
    const summary = emptySummary();
    if (!doc) {
      return { markdown: `# Dry run\n\nThe mapping file ${params.mappingUri} cannot be read.`, results: [], summary, errors: [] };
    }
    if (!doc.objects.some((o) => o.object === params.object)) {
      return { markdown: `# Dry run\n\nThis mapping file has no "${params.object}" section.`, results: [], summary, errors: [] };
    }
    const { samples, errors } = this.readSamples(params.sample, params.object);
    const results = this.run(doc, params.object, samples.slice(0, PREVIEW_LIMIT));
    for (const result of results) addToSummary(summary, result);
    summary.invalidInput += errors.length;

    const mappingLines = new Map<number, number>();
    for (const object of doc.objects) {
      if (object.object !== params.object) continue;
      for (const mapping of object.mappings) mappingLines.set(mapping.index + 1, doc.lines.positionAt(mapping.span.start).line + 1);
    }
    const parts = [`# Dry run: ${sampleName(params.sample)}`, `Through \`${params.mappingUri.split('/').pop()}\`, as Entra would provision it to AWS IAM Identity Center.`];
    for (const error of errors) parts.push(`> ✗ ${error.file ?? ''}${error.line ? `:${error.line}` : ''} ${error.message}`);
    if (samples.length > PREVIEW_LIMIT) parts.push(`> Showing the first ${PREVIEW_LIMIT} of ${samples.length} samples; run \`scim-mapper dry-run\` for all of them.`);
    for (const result of results) parts.push(renderResultMarkdown(result, { mappingUri: params.mappingUri, mappingLines }));
    if (results.length > 1 || errors.length > 0) parts.push(renderSummaryMarkdown(summary));
    return { markdown: parts.join('\n\n') + '\n', results, summary, errors };
  }

  /** The attribute traces for the chosen sample (or an empty user), by 1-based mapping number. */
  private traces(doc: MappingDocument, object: ObjectKind, source: SampleSource | null): { traces: Map<number, AttributeTrace>; label: string } | undefined {
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
      if (!trace) return { target: mapping.target?.value, expression: mapping.source?.value, message: 'This mapping has no value to show (no target or no source).' };
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
    connection.onRequest(DryRunRequestMethod, (params: DryRunParams, token) =>
      runSafe(connection, 'dry run', { markdown: '# Dry run failed\n\nSee the SCIM Mapper output for the error.', results: [], summary: emptySummary(), errors: [] }, token, () => this.dryRun(params)),
    );
    connection.onRequest(ConvertToGraphRequestMethod, (params: ConvertToGraphParams, token) =>
      runSafe(connection, 'convert to Graph', { text: '', problems: [{ severity: 'error', message: 'The conversion failed; see the SCIM Mapper output.' }], request: '' }, token, () => this.convertToGraph(params)),
    );
    connection.onRequest(ConvertToMappingRequestMethod, (params: ConvertToMappingParams, token) =>
      runSafe(connection, 'convert to mapping', { text: '', problems: [{ severity: 'error', message: 'The conversion failed; see the SCIM Mapper output.' }] }, token, () => this.convertToMapping(params)),
    );
    connection.onRequest(EvaluateRequestMethod, (params: EvaluateParams, token) =>
      runSafe(connection, 'evaluate', { message: 'Evaluation failed; see the SCIM Mapper output.' }, token, () => this.evaluate(params)),
    );
    connection.onNotification(SetSampleNotificationMethod, (params: SetSampleParams) => {
      this.sample = params.sample;
      void connection.languages.inlayHint.refresh().catch(() => undefined);
    });
    connection.languages.inlayHint.on((params, token) => runSafe(connection, 'inlay hints', [], token, () => this.inlayHints(params)));
  }
}
