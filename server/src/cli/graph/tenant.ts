/**
 * What the tenant commands (pull, push, verify, dry-run --tenant-*) share: the connection flags,
 * finding the AWS IAM Identity Center job of a service principal, and the record of where a
 * pulled file came from. No network code here: requests go through the Graph client, loaded
 * lazily (load.ts).
 */
import { AWS_TEMPLATE_ID } from '../../service/graph/read';
import { single, UsageError, type ParsedArgs } from '../args';
import type { CliIo } from '../io';
import type { GraphClient, GraphClientOptions } from './client';
import { loadGraphClient } from './load';
import { jobsPathOf, schemaPathOf, type PulledFrom } from './record';

/** Flags every tenant command takes. */
export const CONNECTION_FLAGS = ['graph-url', 'client-id', 'tenant'] as const;

export const CONNECTION_USAGE = `Connection (every command that talks to a tenant):
  --graph-url URL        Microsoft Graph base (default https://graph.microsoft.com/v1.0, or
                         SCIM_MAPPER_GRAPH_URL); national clouds by URL
  --client-id ID         your own public-client app registration, for device-code sign-in
                         (or SCIM_MAPPER_CLIENT_ID)
  --tenant ID            the tenant to sign in to (or SCIM_MAPPER_TENANT)
Credentials, in order: SCIM_MAPPER_GRAPH_TOKEN (a bearer token used as is); environment
credentials (AZURE_CLIENT_ID, AZURE_TENANT_ID and a secret, certificate or AZURE_FEDERATED_TOKEN_FILE
for GitHub OIDC); managed identity; Azure CLI (its own client cannot be granted Synchronization.*);
device code with --client-id. The token is never printed, logged or written.`;

function graphOptions(args: ParsedArgs, io: CliIo): GraphClientOptions {
  return {
    graphUrl: single(args, 'graph-url'),
    clientId: single(args, 'client-id'),
    tenant: single(args, 'tenant'),
    env: io.env ?? process.env,
    log: (line) => io.err(`scim-mapper: ${line}\n`),
  };
}

export async function connect(args: ParsedArgs, io: CliIo): Promise<GraphClient> {
  return loadGraphClient().createGraphClient(graphOptions(args, io));
}

export {
  GRAPH_RECORD_KEY,
  graphFileText,
  MAPPING_RECORD_KEY,
  pulledFromOf,
  pulledRecord,
  readPulledFrom,
  withoutAnnotations,
  type PulledFrom,
} from './record';

export interface SynchronizationJob {
  id: string;
  templateId?: string;
  status?: { code?: string };
}

const jobsPath = jobsPathOf;
export const schemaPath = schemaPathOf;

export class TenantRefusal extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/** The job to use: --job as given, else the one AWS IAM Identity Center job (none or several → exit 2, listing them). */
export async function pickJob(client: GraphClient, servicePrincipalId: string, jobId: string | undefined): Promise<string> {
  if (jobId !== undefined) return jobId;
  const jobs: SynchronizationJob[] = [];
  for await (const job of client.getPages<SynchronizationJob>(jobsPath(servicePrincipalId))) jobs.push(job);
  const aws = jobs.filter((job) => (job.templateId ?? '').toLowerCase() === AWS_TEMPLATE_ID.toLowerCase());
  if (aws.length === 1) return aws[0].id;
  const listing =
    jobs.length === 0
      ? '  (no provisioning jobs)'
      : jobs
          .map((job) => `  ${job.id}  template ${job.templateId ?? '?'}${job.status?.code ? `  ${job.status.code}` : ''}`)
          .join('\n');
  throw new TenantRefusal(
    `${aws.length === 0 ? `Service principal ${servicePrincipalId} has no AWS IAM Identity Center provisioning job (template ${AWS_TEMPLATE_ID})` : `Service principal ${servicePrincipalId} has ${aws.length} AWS IAM Identity Center jobs`}; pick one with --job ID.\nJobs:\n${listing}`,
    2,
  );
}

/** The service principal: the flag, else the file's record, else a usage error. */
export function servicePrincipalOf(args: ParsedArgs, record: PulledFrom | undefined, command: string): string {
  const flag = single(args, 'service-principal');
  if (flag !== undefined) {
    if (!flag.trim()) throw new UsageError('--service-principal needs an id.');
    return flag.trim();
  }
  if (record) return record.servicePrincipalId;
  throw new UsageError(
    `${command} needs --service-principal ID (the object id of the AWS IAM Identity Center enterprise application).`,
  );
}
