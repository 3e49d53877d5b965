/**
 * `scim-mapper logs --service-principal`: reads provisioning logs from the tenant through the CLI's
 * one Graph client (server/src/cli/graph/, the live-tenant issue). This module only builds the
 * request (reference graph/api.md: `GET /auditLogs/provisioning`, `$filter` on jobId and
 * activityDateTime, case-sensitive; `@odata.nextLink` followed by the client) and explains
 * permission errors; it opens no connection itself.
 */

import type { GraphClient } from './graph/client';

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

/** Every entry of the job's logs in the query's time range, page after page, up to `top`. */
export async function* tenantLogEntries(client: GraphClient, jobId: string, query: TenantLogQuery): AsyncIterable<unknown> {
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
