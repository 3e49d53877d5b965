/**
 * `scim-mapper logs --service-principal`: reads provisioning logs from the tenant through the CLI's
 * one Graph client (server/src/cli/graph/, the live-tenant issue). This module only builds the
 * request (reference graph/api.md: `GET /auditLogs/provisioning`, `$filter` on jobId and
 * activityDateTime, case-sensitive; `@odata.nextLink` followed by the client) and explains
 * permission errors; it opens no connection itself.
 */

/** The part of the Graph client (server/src/cli/graph/client.ts) the logs command uses. */
export interface AuditLogClient {
  get<T>(path: string): Promise<T>;
  getPages<T>(path: string): AsyncIterable<T>;
}

export interface TenantLogQuery {
  servicePrincipal: string;
  job?: string;
  /** ISO date-times (already validated). */
  since: string;
  until?: string;
  /** At most this many entries. */
  top?: number;
}

/** Graph's page size for audit logs (its documented maximum for $top is not stated; 500 keeps pages small). */
const PAGE_SIZE = 500;

/** An OData string literal: single quotes doubled. */
function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The request path: `/auditLogs/provisioning?$filter=jobId eq '…' and activityDateTime ge …`. */
export function provisioningLogsPath(jobId: string, query: TenantLogQuery): string {
  // Property names are case-sensitive in this $filter (Graph docs: "The filters are all case sensitive").
  const clauses = [`jobId eq ${odataString(jobId)}`, `activityDateTime ge ${new Date(query.since).toISOString()}`];
  if (query.until) clauses.push(`activityDateTime le ${new Date(query.until).toISOString()}`);
  const top = Math.min(query.top ?? PAGE_SIZE, PAGE_SIZE);
  return `/auditLogs/provisioning?$filter=${encodeURIComponent(clauses.join(' and '))}&$top=${top}`;
}

export class TenantQueryError extends Error {}

/** The job whose logs to read: --job, or the service principal's only synchronization job. */
export async function resolveJobId(client: AuditLogClient, query: TenantLogQuery): Promise<string> {
  if (query.job) return query.job;
  const jobs = await client.get<{ value?: Array<{ id?: string; templateId?: string }> }>(`/servicePrincipals/${encodeURIComponent(query.servicePrincipal)}/synchronization/jobs`);
  const ids = (jobs.value ?? []).map((j) => j.id).filter((id): id is string => typeof id === 'string');
  if (ids.length === 1) return ids[0];
  if (ids.length === 0) throw new TenantQueryError(`The service principal ${query.servicePrincipal} has no provisioning job.`);
  throw new TenantQueryError(`The service principal has ${ids.length} provisioning jobs; choose one with --job: ${ids.join(', ')}.`);
}

/** Every entry of the query, page after page, up to `top`. */
export async function* tenantLogEntries(client: AuditLogClient, query: TenantLogQuery): AsyncIterable<unknown> {
  const jobId = await resolveJobId(client, query);
  let n = 0;
  for await (const entry of client.getPages<unknown>(provisioningLogsPath(jobId, query))) {
    if (query.top !== undefined && n >= query.top) return;
    n++;
    yield entry;
  }
}

/** What to say on 401/403: the permissions the logs need (reference graph/api.md §2.1). */
export function permissionHint(status: number | undefined): string | undefined {
  if (status !== 401 && status !== 403) return undefined;
  return status === 401
    ? 'Graph did not accept the sign-in (401). Sign in again; reading provisioning logs needs the permissions AuditLog.Read.All and Directory.Read.All.'
    : 'Graph refused to read provisioning logs (403). They need both AuditLog.Read.All and Directory.Read.All (delegated or application); a signed-in user also needs a role such as Reports Reader, Security Reader or Application Administrator, and the tenant needs Microsoft Entra ID P1 or P2.';
}
