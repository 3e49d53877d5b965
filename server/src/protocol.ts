/**
 * The custom requests and notifications between the VS Code client and the language server.
 * Both sides import this file; it holds plain strings and interfaces only (no runtime imports), so
 * the client bundle does not pull in the server.
 */
import type { DryRunResult, DryRunSummary } from './service/dryrun/types';

/** A position as LSP writes it (0-based line, UTF-16 character). */
export interface ProtocolPosition {
  line: number;
  character: number;
}

/** Where a sample comes from: a file in the workspace, or text (the built-in demo user). */
export type SampleSource = { uri: string } | { text: string; name: string };

export const DryRunRequestMethod = 'scimMapper/dryRun';

export interface DryRunParams {
  /** The mapping file (its open text is used when it is open). */
  mappingUri: string;
  object: 'user' | 'group';
  sample: SampleSource;
  /** The object's current state in AWS (GET /Users/{id} JSON), for an update. */
  existingUri?: string;
}

export interface DryRunResponse {
  /** A report for people, as Markdown, with links back to the mapping lines. */
  markdown: string;
  results: DryRunResult[];
  summary: DryRunSummary;
  /** Samples that could not be read, with their locations. */
  errors: Array<{ message: string; file?: string; line?: number }>;
  /** The 1-based line of each mapping of the object, by 1-based mapping number (for report links). */
  mappingLines?: Record<number, number>;
}

export const EvaluateRequestMethod = 'scimMapper/evaluate';

export interface EvaluateParams {
  uri: string;
  position: ProtocolPosition;
  /** The sample to evaluate against; without one, the chosen live-values sample or an empty user. */
  sample?: SampleSource;
}

export interface EvaluateResponse {
  /** The mapping's target, when the cursor is on a mapping. */
  target?: string;
  /** The expression that was evaluated. */
  expression?: string;
  /** The value as JSON (a string, null, an array), when evaluation succeeded. */
  value?: unknown;
  /** set, default, skipped-null, ignored or error, as in the dry run. */
  status?: string;
  /** Why there is no value: not on a mapping, an evaluation error, ... */
  message?: string;
}

/** The sample whose computed values the server shows next to each mapping (null: none). */
export const SetSampleNotificationMethod = 'scimMapper/setSample';

export interface SetSampleParams {
  sample: SampleSource | null;
}

/** A problem a conversion reports (errors: something could not be converted). */
export interface ConversionProblemInfo {
  severity: 'error' | 'warning';
  message: string;
}

export const ConvertToGraphRequestMethod = 'scimMapper/convertToGraph';

export interface ConvertToGraphParams {
  /** The mapping file (its open text is used when it is open); scope files are read by the server. */
  uri: string;
  /** An exported schema to update in place (keeps its ids, directories and unmanaged fields). */
  baseUri?: string;
}

export interface ConvertToGraphResponse {
  /** The schema as JSON text; empty when nothing could be converted. */
  text: string;
  problems: ConversionProblemInfo[];
  /** The Graph request that applies the schema, with placeholders; nothing is sent. */
  request: string;
}

export const ConvertToMappingRequestMethod = 'scimMapper/convertToMapping';

export interface ConvertToMappingParams {
  /** The Graph synchronization schema (its open text is used when it is open). */
  uri: string;
}

export interface ConvertToMappingResponse {
  /** The mapping file, with its scoping filters inline. */
  text: string;
  problems: ConversionProblemInfo[];
}

// ---------------------------------------------------------------------------------------------
// The tenant commands (issue 12). The language server opens no connection: it says what to ask
// Microsoft Graph for and compares Graph's answers; the VS Code client talks to Graph.

export const TenantPlanRequestMethod = 'scimMapper/tenantPlan';

export interface TenantPlanParams {
  /** A mapping file or Graph schema (its open text is used when it is open). */
  uri: string;
}

/** The Graph properties a dry run of tenant objects must read ($select, $expand=manager, members). */
export interface TenantSelectionInfo {
  select: string[];
  expandManager: boolean;
  members: boolean;
  notInGraph: string[];
}

export interface TenantPlanResponse {
  user: TenantSelectionInfo;
  group: TenantSelectionInfo;
  /** Each expression to send to parseExpression, with our parse (service/dryrun/verify.ts VerifyItem). */
  verify: Array<{
    object: 'user' | 'group';
    target: string;
    expression: string;
    withSample: boolean;
    nondeterministic: boolean;
    ours: { parsed: boolean; error?: string; value?: string[]; evaluated: boolean };
  }>;
}

export const VerifyCompareRequestMethod = 'scimMapper/verifyCompare';

export interface VerifyCompareParams {
  uri: string;
  /** Graph's parseExpression answers, in the order of TenantPlanResponse.verify. */
  answers: unknown[];
}

export interface VerifyCompareResponse {
  rows: Array<{
    object: 'user' | 'group';
    target: string;
    expression: string;
    differences: string[];
    note?: string;
    entra: { parsed: boolean; error?: string; value?: string[] };
    ours: { parsed: boolean; error?: string; value?: string[] };
  }>;
}

export const ExplainLogsRequestMethod = 'scimMapper/explainLogs';

export interface ExplainLogsParams {
  /** The mapping file the provisioning job runs (its open text is used when it is open). */
  mappingUri: string;
  /** Log files: Graph pages, JSON arrays, JSON Lines, the portal's JSON or CSV files. */
  logUris: string[];
  /** Entries the client read from the tenant (a JSON array of provisioningObjectSummary), instead of files. */
  entriesText?: string;
  /** What to call those entries in the report (e.g. the job id). */
  entriesName?: string;
  /** Milliseconds since the epoch for "the last 24 h" (default: the server's clock). */
  now?: number;
}

/** Entries with the same cause and location. */
export interface ExplainLogsGroup {
  /** null: unexplained. */
  causeCode: string | null;
  headline: string;
  audience: string;
  count: number;
  /** Entries of this group in the 24 hours before `now`. */
  lastDay: number;
  examples: string[];
  message: string | null;
  fix: string | null;
  /** The mapping line, scope clause or matching mapping (0-based range), when there is one. */
  location: { uri: string; target: string | null; range: { start: ProtocolPosition; end: ProtocolPosition } } | null;
}

export interface ExplainLogsResponse {
  /** The grouped report as Markdown, with links that open the mapping lines. */
  markdown: string;
  groups: ExplainLogsGroup[];
  failures: number;
  successes: number;
  /** Inputs that could not be read. */
  errors: string[];
}
