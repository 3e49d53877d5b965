/**
 * The record of where a pulled file came from, and the few Graph facts the VS Code client needs
 * too. Kept free of service imports so the extension bundle stays small.
 */
import { parse as parseJsonc } from 'jsonc-parser';

/** The AWS IAM Identity Center gallery template's id (service/graph/read.ts AWS_TEMPLATE_ID, checked by a test). */
export const AWS_JOB_TEMPLATE_ID = 'aWSSingleSignon';

/** A mapping file's text with `"pulledFrom": { … }` on the line after its `"target"`. */
export function insertMappingRecord(text: string, record: PulledFrom): string {
  const fields = Object.entries(record).map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  const line = `  ${JSON.stringify(MAPPING_RECORD_KEY)}: { ${fields.join(', ')} },\n`;
  const anchor = text.indexOf('\n', text.indexOf('"target"'));
  return anchor < 0 ? text : text.slice(0, anchor + 1) + line + text.slice(anchor + 1);
}

export function jobsPathOf(servicePrincipalId: string): string {
  return `/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/synchronization/jobs`;
}

export function schemaPathOf(servicePrincipalId: string, jobId: string): string {
  return `${jobsPathOf(servicePrincipalId)}/${encodeURIComponent(jobId)}/schema`;
}

/** Where a pulled file came from, so push finds the job again and detects changes made live. */
export interface PulledFrom {
  servicePrincipalId: string;
  jobId: string;
  /** The schema `version` Graph returned at pull time. */
  schemaVersion?: string;
  graphUrl?: string;
  pulledAt?: string;
}

/** The record of a schema just read from Graph: where from, its `version`, and when. */
export function pulledRecord(
  servicePrincipalId: string,
  jobId: string,
  schema: Record<string, unknown>,
  graphUrl: string,
): PulledFrom {
  return {
    servicePrincipalId,
    jobId,
    ...(typeof schema.version === 'string' ? { schemaVersion: schema.version } : {}),
    graphUrl,
    pulledAt: new Date().toISOString(),
  };
}

/** A Graph file's text: the schema as Graph returned it, with the record as its first property. */
export function graphFileText(schema: Record<string, unknown>, record: PulledFrom): string {
  return JSON.stringify({ [GRAPH_RECORD_KEY]: record, ...schema }, null, 2) + '\n';
}

/** The record's key in a mapping file (schemas/mapping.schema.json). */
export const MAPPING_RECORD_KEY = 'pulledFrom';
/** The record's key in a Graph file: an instance annotation, removed before any PUT. */
export const GRAPH_RECORD_KEY = '@scimMapper.pulledFrom';

export function readPulledFrom(value: unknown): PulledFrom | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.servicePrincipalId !== 'string' || typeof v.jobId !== 'string') return undefined;
  const out: PulledFrom = { servicePrincipalId: v.servicePrincipalId, jobId: v.jobId };
  if (typeof v.schemaVersion === 'string') out.schemaVersion = v.schemaVersion;
  if (typeof v.graphUrl === 'string') out.graphUrl = v.graphUrl;
  if (typeof v.pulledAt === 'string') out.pulledAt = v.pulledAt;
  return out;
}

/** The record in a file's text (a mapping file's `pulledFrom`, a Graph file's annotation). */
export function pulledFromOf(text: string, kind: 'mapping' | 'graph'): PulledFrom | undefined {
  const value = parseJsonc(text, [], { allowTrailingComma: true }) as Record<string, unknown> | undefined;
  if (!value || typeof value !== 'object') return undefined;
  const record = readPulledFrom(value[kind === 'mapping' ? MAPPING_RECORD_KEY : GRAPH_RECORD_KEY]);
  if (record && kind === 'graph' && record.schemaVersion === undefined && typeof value.version === 'string')
    record.schemaVersion = value.version;
  return record;
}

/** A schema without what only the transport or SCIM Mapper put in it (OData and our annotations). */
export function withoutAnnotations(schema: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) if (!key.startsWith('@')) out[key] = value;
  return out;
}
