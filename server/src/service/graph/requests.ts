/**
 * The Microsoft Graph request that applies an exported schema. SCIM Mapper never sends it (it
 * holds no credentials and opens no connections); it prints it for the admin, with placeholders.
 */

export const GRAPH_SCHEMA_PATH = '/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{jobId}/schema';

export interface GraphRequestOptions {
  /** `v1.0` (default) or `beta`. */
  version?: 'v1.0' | 'beta';
  /** Where the body is, for the note under the request (a file name, or "the schema above"). */
  body?: string;
}

export interface GraphRequest {
  method: 'PUT' | 'GET';
  url: string;
  headers: Record<string, string>;
}

/** PUT …/schema: replaces the job's whole schema; Graph answers 204 No Content. */
export function putSchemaRequest(options: GraphRequestOptions = {}): GraphRequest {
  return {
    method: 'PUT',
    url: `https://graph.microsoft.com/${options.version ?? 'v1.0'}${GRAPH_SCHEMA_PATH}`,
    headers: { Authorization: 'Bearer {token}', 'Content-Type': 'application/json' },
  };
}

/** GET …/schema: the current schema, to pass as `--base`. */
export function getSchemaRequest(options: GraphRequestOptions = {}): GraphRequest {
  return {
    method: 'GET',
    url: `https://graph.microsoft.com/${options.version ?? 'v1.0'}${GRAPH_SCHEMA_PATH}`,
    headers: { Authorization: 'Bearer {token}' },
  };
}

function render(request: GraphRequest): string[] {
  return [`${request.method} ${request.url}`, ...Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`)];
}

/** The request as text: request line, headers, and where the body comes from. Nothing is sent. */
export function describePutRequest(options: GraphRequestOptions = {}): string {
  return (
    [
      ...render(putSchemaRequest(options)),
      '',
      `Body: ${options.body ?? 'the schema'} (the whole schema: PUT replaces it; Graph answers 204 No Content).`,
      "Placeholders: {servicePrincipalId} is the object id of the app's service principal, {jobId} the provisioning job id",
      `(GET /servicePrincipals/{servicePrincipalId}/synchronization/jobs lists them), {token} an access token with`,
      'Synchronization.ReadWrite.All. SCIM Mapper sends nothing and holds no credentials.',
      `Get the current schema first, to convert with --base: ${render(getSchemaRequest(options))[0]}`,
    ].join('\n') + '\n'
  );
}
