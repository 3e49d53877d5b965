/**
 * What a dry-run batch needs before the first object, built the same way in the main thread and in
 * each worker thread from a plain (cloneable) configuration: the prepared mapping (and the old one
 * for --compare), the run options and the existing AWS objects.
 */
import { catalogs } from '../service/catalog';
import type { ObjectKind } from '../service/catalog/types';
import {
  createExistingStore,
  prepareDryRun,
  sampleInputFromCsvRow,
  sampleInputFromJsonText,
  sampleInputFromValue,
} from '../service/dryrun';
import { digestOf, valueChanges } from '../service/dryrun';
import type {
  DryRunResult,
  ExistingObject,
  ObjectImpact,
  PreparedDryRun,
  ResultDigest,
  RunOptions,
  SampleError,
  SampleReadOptions,
} from '../service/dryrun';
import { LanguageService } from '../service/languageService';
import { resolveDocumentKind } from '../service/model/parse';
import type { MappingLikeDocument } from '../service/model/types';
import type { RawRecord } from '../host/recordScanners';
import { displayPath, fileSystemHost, readText, toUri } from './files';
import { readExistingFile } from './samples';

export interface DryRunJobConfig {
  mappingPath: string;
  comparePath?: string;
  object: ObjectKind;
  regex: 'search' | 'whole';
  /** --now in milliseconds; absent: the real clock. */
  now?: number;
  seed?: number;
  taken: string[];
  existingPath?: string;
  /** Link a single sample to the only existing object (one-object dry runs). */
  linkSingle: boolean;
  /** Only the summary is wanted: outcomes carry digests, not whole results (much less to copy between threads). */
  digestOnly?: boolean;
}

/** The outcome of one input record, in input order. */
export type Outcome =
  | { error: SampleError; result?: undefined; digest?: undefined }
  | { result: DryRunResult; old?: DryRunResult; top: boolean; error?: undefined; digest?: undefined }
  | { digest: ResultDigest; oldDigest?: ResultDigest; changes?: ObjectImpact['changes']; error?: undefined; result?: undefined };

export interface DryRunContext {
  prepared: PreparedDryRun;
  old?: PreparedDryRun;
  run: RunOptions;
  samples: SampleReadOptions;
  existing: ExistingObject[];
  existingErrors: SampleError[];
}

/** Reads a mapping file (or a Graph synchronization schema) as a document. */
export function loadMapping(service: LanguageService, path: string): MappingLikeDocument {
  const text = readText(path);
  // A Graph synchronization schema (by name or content) dry-runs like a mapping file.
  const kind = resolveDocumentKind(path, text) === 'graph' ? 'graph' : 'mapping';
  return service.getDocument(toUri(path), text, kind) as MappingLikeDocument;
}

export function createContext(
  config: DryRunJobConfig,
  service = new LanguageService({ host: fileSystemHost, catalogs }),
): DryRunContext {
  const doc = loadMapping(service, config.mappingPath);
  const prepared = prepareDryRun(service, doc, config.object, { regexMatch: config.regex });
  const old =
    config.comparePath !== undefined
      ? prepareDryRun(service, loadMapping(service, config.comparePath), config.object, { regexMatch: config.regex })
      : undefined;
  let existing: ExistingObject[] = [];
  let existingErrors: SampleError[] = [];
  if (config.existingPath !== undefined) ({ objects: existing, errors: existingErrors } = readExistingFile(config.existingPath));
  const now = config.now;
  const run: RunOptions = {
    clock: now !== undefined ? () => now : undefined,
    seed: config.seed,
    takenValues: config.taken,
    existing: createExistingStore(existing, { linkSingle: config.linkSingle }),
  };
  return {
    prepared,
    old,
    run,
    samples: { object: config.object, catalog: service.catalogFor(doc), file: displayPath(config.mappingPath) },
    existing,
    existingErrors,
  };
}

/** One raw record through the dry run (and the old mapping's, with --compare). */
export function runRecord(context: DryRunContext, record: RawRecord, digestOnly = false): Outcome {
  if (record.kind === 'error') return { error: record.error };
  const options = { ...context.samples, file: record.location.file };
  const input =
    record.kind === 'json'
      ? sampleInputFromJsonText(record.text, record.location, record.index, options)
      : record.kind === 'csv'
        ? sampleInputFromCsvRow(record.header, record.cells, record.location, record.index, options)
        : sampleInputFromValue(record.value, record.location, record.index, options);
  if (input.error) return { error: input.error };
  const result = context.prepared.run(input.sample, context.run);
  const old = context.old?.run(input.sample, context.run);
  if (digestOnly)
    return old
      ? { digest: digestOf(result), oldDigest: digestOf(old), changes: valueChanges(old, result) }
      : { digest: digestOf(result) };
  return old ? { result, old, top: record.kind === 'json' && record.top } : { result, top: record.kind === 'json' && record.top };
}
