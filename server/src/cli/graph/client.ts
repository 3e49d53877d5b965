/**
 * The ONE Microsoft Graph client of SCIM Mapper (ARCHITECTURE.md, "Network"): plain `fetch`, a
 * bearer token, `@odata.nextLink` paging on the same base, Graph's error JSON turned into a short
 * message, bounded retries on 429/503/504 honouring `Retry-After`, and a timeout on every request.
 *
 * It is built as its own bundle (dist/graph-client.js) that the CLI loads only for the commands
 * that talk to a tenant, so `check`, `eval`, `convert` and offline dry runs never even load
 * network code. `@azure/identity` is loaded later still, only when no token is given.
 *
 * The token is never printed, logged, written or put into an error: messages are built from
 * Graph's answer and our own words, and every text that leaves this module is passed through
 * `redact` as a second line of defence.
 */
import { randomUUID } from 'node:crypto';

export const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com/v1.0';

export interface GraphClientOptions {
  /** --graph-url; else SCIM_MAPPER_GRAPH_URL; else https://graph.microsoft.com/v1.0. */
  graphUrl?: string;
  /** --client-id (own app registration, for device-code sign-in); else SCIM_MAPPER_CLIENT_ID. */
  clientId?: string;
  /** --tenant; else SCIM_MAPPER_TENANT. */
  tenant?: string;
  env?: NodeJS.ProcessEnv;
  /** Progress and retry messages (never the token). */
  log?: (line: string) => void;
  /** A token source of the caller's own (the VS Code client signs in through the editor). */
  getToken?: () => Promise<string>;
  /** Per-request timeout; default 60 s (SCIM_MAPPER_GRAPH_TIMEOUT in seconds overrides). */
  timeoutMs?: number;
  /** Retries after 429/503/504; default 4. */
  maxRetries?: number;
  /** The longest wait honoured for one Retry-After; longer waits give up with a message. Default 120 s. */
  maxRetryDelayMs?: number;
  /** How to wait between retries (tests may pass one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
}

export class GraphError extends Error {
  status?: number;
  code?: string;
  requestId?: string;
  exitCode: 1 | 2;
  constructor(message: string, details: { status?: number; code?: string; requestId?: string; exitCode?: 1 | 2 } = {}) {
    super(message);
    this.name = 'GraphError';
    this.status = details.status;
    this.code = details.code;
    this.requestId = details.requestId;
    this.exitCode = details.exitCode ?? 2;
  }
}

export interface GraphClient {
  readonly baseUrl: string;
  get<T>(path: string): Promise<T>;
  getPages<T>(path: string): AsyncIterable<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
}

/** What 401/403 mean for our commands: the permissions each needs (docs: graph/api.md). */
const PERMISSIONS_HELP = [
  'Permissions SCIM Mapper needs:',
  '  delegated (a person signs in): Synchronization.ReadWrite.All (Synchronization.Read.All is enough for pull),',
  '    and the person needs the Application Administrator or Cloud Application Administrator role;',
  '  app-only (CI): Application.ReadWrite.OwnedBy on an app registration that owns the AWS IAM Identity Center',
  '    service principal (or Synchronization.ReadWrite.All);',
  '  provisioning logs: AuditLog.Read.All and Directory.Read.All (both).',
  "The Azure CLI's own (first-party) client cannot be granted Synchronization.*: register an app of your own and",
  'pass --client-id (or SCIM_MAPPER_CLIENT_ID), or use a token of an app that has these permissions.',
].join('\n');

const RETRIED = new Set([429, 503, 504]);
const MAX_BODY_CHARS = 64 * 1024 * 1024;
const MAX_PAGES = 100_000;

/** Removes terminal control characters from text that came from the network. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ' ');
}

/** The base URL from the option, the environment or the default; http only on loopback (a token must not cross the network in clear). */
function resolveGraphUrl(graphUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const raw = (graphUrl ?? env.SCIM_MAPPER_GRAPH_URL ?? '').trim() || DEFAULT_GRAPH_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new GraphError(`The Graph URL "${clean(raw)}" is not a URL (expected e.g. ${DEFAULT_GRAPH_URL}).`);
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new GraphError(`The Graph URL must use https (plain http only on localhost), not "${clean(raw)}".`);
  }
  if (url.search || url.hash || url.username || url.password)
    throw new GraphError(`The Graph URL "${clean(raw)}" must have no query, fragment or user name.`);
  return url.href.replace(/\/+$/, '');
}

interface TokenSource {
  token(): Promise<string>;
  /** Who gave the token, for messages ("SCIM_MAPPER_GRAPH_TOKEN", "Azure CLI", …). */
  readonly origin: () => string;
}

function envTokenSource(value: string): TokenSource {
  const token = value.trim().replace(/^Bearer\s+/i, '');
  return { token: async () => token, origin: () => 'SCIM_MAPPER_GRAPH_TOKEN' };
}

interface AccessTokenLike {
  token: string;
  expiresOnTimestamp: number;
}
interface CredentialLike {
  getToken(scopes: string | string[]): Promise<AccessTokenLike | null>;
}

/**
 * @azure/identity, in the order CI and people need: environment (client secret or certificate),
 * workload identity (GitHub OIDC, AKS), managed identity, Azure CLI, then device code with the
 * user's own app registration. Loaded only here, so no other command pays for it.
 */
function identityTokenSource(baseUrl: string, options: GraphClientOptions, env: NodeJS.ProcessEnv): TokenSource {
  const scope = `${new URL(baseUrl).origin}/.default`;
  const clientId = options.clientId ?? env.SCIM_MAPPER_CLIENT_ID;
  const tenant = options.tenant ?? env.SCIM_MAPPER_TENANT;
  let cached: AccessTokenLike | undefined;
  let origin = '@azure/identity';
  return {
    origin: () => origin,
    async token() {
      if (cached && cached.expiresOnTimestamp - Date.now() > 120_000) return cached.token;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const identity = require('@azure/identity') as typeof import('@azure/identity');
      const chain: Array<[string, () => CredentialLike]> = [];
      if (env.AZURE_CLIENT_ID && env.AZURE_TENANT_ID && (env.AZURE_CLIENT_SECRET || env.AZURE_CLIENT_CERTIFICATE_PATH)) {
        chain.push([
          'environment credentials (AZURE_CLIENT_ID, AZURE_TENANT_ID, secret or certificate)',
          () => new identity.EnvironmentCredential(),
        ]);
      }
      if (env.AZURE_FEDERATED_TOKEN_FILE && env.AZURE_CLIENT_ID && env.AZURE_TENANT_ID) {
        chain.push(['workload identity (AZURE_FEDERATED_TOKEN_FILE)', () => new identity.WorkloadIdentityCredential()]);
      }
      if (env.IDENTITY_ENDPOINT || env.MSI_ENDPOINT) {
        chain.push([
          'managed identity',
          () => new identity.ManagedIdentityCredential(env.AZURE_CLIENT_ID ? { clientId: env.AZURE_CLIENT_ID } : {}),
        ]);
      }
      if (!clientId)
        chain.push(['Azure CLI (az login)', () => new identity.AzureCliCredential(tenant ? { tenantId: tenant } : {})]);
      if (clientId) {
        chain.push([
          `device code sign-in with client ${clientId}`,
          () =>
            new identity.DeviceCodeCredential({
              clientId,
              tenantId: tenant ?? 'organizations',
              userPromptCallback: (info) => options.log?.(clean(info.message)),
            }),
        ]);
      }
      const tried: string[] = [];
      for (const [name, make] of chain) {
        try {
          const token = await make().getToken(scope);
          if (token) {
            cached = token;
            origin = name;
            return token.token;
          }
        } catch (error) {
          tried.push(`${name}: ${clean(firstLine(error))}`);
        }
      }
      throw new GraphError(
        [
          'No credentials for Microsoft Graph.',
          ...(tried.length ? ['Tried:', ...tried.map((t) => `  ${t}`)] : []),
          'Give one of: SCIM_MAPPER_GRAPH_TOKEN (a bearer token, e.g. from `az account get-access-token --resource-type ms-graph`',
          'for an identity that holds the permissions below); AZURE_CLIENT_ID + AZURE_TENANT_ID with AZURE_CLIENT_SECRET,',
          'AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE (CI, GitHub OIDC); a managed identity; or',
          '--client-id APP_ID [--tenant TENANT] of your own public-client app registration for device-code sign-in.',
          PERMISSIONS_HELP,
        ].join('\n'),
      );
    },
  };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].slice(0, 300);
}

function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

interface GraphErrorBody {
  error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown>; innererror?: Record<string, unknown> };
}

class FetchGraphClient implements GraphClient {
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxRetryDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly log: (line: string) => void;
  private secret: string | undefined;

  constructor(
    readonly baseUrl: string,
    private readonly tokens: TokenSource,
    options: GraphClientOptions,
    env: NodeJS.ProcessEnv,
  ) {
    const envTimeout = Number(env.SCIM_MAPPER_GRAPH_TIMEOUT);
    this.timeoutMs = options.timeoutMs ?? (envTimeout > 0 ? envTimeout * 1000 : 60_000);
    this.maxRetries = options.maxRetries ?? 4;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 120_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.log = (line) => options.log?.(this.redact(line));
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  async *getPages<T>(path: string): AsyncIterable<T> {
    let next: string | undefined = path;
    const seen = new Set<string>();
    for (let page = 0; next !== undefined; page++) {
      if (page >= MAX_PAGES || seen.has(next))
        throw new GraphError(`Microsoft Graph kept returning pages for ${this.describe(path)}; stopped after ${page}.`);
      seen.add(next);
      const body: { value?: unknown; '@odata.nextLink'?: unknown } = await this.request('GET', next);
      if (!body || !Array.isArray(body.value))
        throw new GraphError(`Microsoft Graph answered ${this.describe(next)} without a "value" list.`);
      for (const item of body.value) yield item as T;
      const link = body['@odata.nextLink'];
      next = typeof link === 'string' && link.length > 0 ? link : undefined;
    }
  }

  /** A relative path (starting with "/") or an absolute URL on this base (an @odata.nextLink). */
  private urlOf(path: string): string {
    if (path.startsWith('/')) return this.baseUrl + path;
    let url: URL;
    try {
      url = new URL(path);
    } catch {
      throw new GraphError(`Not a Graph path: "${clean(path.slice(0, 200))}".`);
    }
    const base = new URL(this.baseUrl + '/');
    if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
      // A link elsewhere would receive the token: refuse it.
      throw new GraphError(
        `Microsoft Graph returned a link off the Graph base ${this.baseUrl}: ${clean(url.origin + url.pathname)}; not following it.`,
      );
    }
    return url.href;
  }

  private describe(pathOrUrl: string): string {
    const text = pathOrUrl.startsWith(this.baseUrl) ? pathOrUrl.slice(this.baseUrl.length) : pathOrUrl;
    return clean(text.length > 160 ? text.slice(0, 159) + '…' : text);
  }

  private redact(text: string): string {
    return this.secret && this.secret.length >= 8 ? text.split(this.secret).join('[token]') : text;
  }

  private async token(): Promise<string> {
    const token = await this.tokens.token();
    if (!token) throw new GraphError('The access token is empty.');
    this.secret = token;
    return token;
  }

  private async request<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
    try {
      return await this.attempt<T>(method, path, body);
    } catch (error) {
      if (error instanceof GraphError) {
        error.message = this.redact(error.message);
        // Never a stack trace: the message says everything.
        error.stack = `${error.name}: ${error.message}`;
        throw error;
      }
      throw new GraphError(
        this.redact(`Microsoft Graph request ${method} ${this.describe(path)} failed: ${clean(firstLine(error))}`),
      );
    }
  }

  private async attempt<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
    const url = this.urlOf(path);
    const what = `${method} ${this.describe(path)}`;
    for (let attempt = 0; ; attempt++) {
      const token = await this.token();
      const headers: Record<string, string> = {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        'client-request-id': randomUUID(),
        'User-Agent': 'scim-mapper',
      };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.timeoutMs),
          redirect: 'error',
        });
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === 'TimeoutError' || name === 'AbortError') {
          throw new GraphError(
            `Microsoft Graph did not answer ${what} within ${Math.round(this.timeoutMs / 1000)} s (SCIM_MAPPER_GRAPH_TIMEOUT sets the limit in seconds).`,
          );
        }
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new GraphError(
          `Cannot reach Microsoft Graph at ${this.baseUrl} (${what}): ${clean(cause?.code ?? cause?.message ?? firstLine(error))}.`,
        );
      }
      const text = await this.readBody(response, what);
      if (response.ok) {
        if (response.status === 204 || text.trim() === '') return undefined as T;
        try {
          return JSON.parse(text) as T;
        } catch {
          throw new GraphError(`Microsoft Graph answered ${what} with something that is not JSON (status ${response.status}).`, {
            status: response.status,
          });
        }
      }
      if (RETRIED.has(response.status) && attempt < this.maxRetries) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        const delay = retryAfter ?? Math.min(30_000, 1000 * 2 ** attempt);
        if (delay <= this.maxRetryDelayMs) {
          const reason =
            response.status === 429 ? 'too many requests' : response.status === 503 ? 'service unavailable' : 'gateway timeout';
          this.log(
            `Microsoft Graph answered ${response.status} (${reason}) to ${what}; retrying in ${Math.ceil(delay / 1000)} s (retry ${attempt + 1} of ${this.maxRetries}).`,
          );
          await this.sleep(delay);
          continue;
        }
        throw this.errorOf(
          response,
          text,
          what,
          `Microsoft Graph asks to wait ${Math.ceil(delay / 1000)} s (Retry-After), longer than SCIM Mapper waits; try again later.`,
        );
      }
      throw this.errorOf(
        response,
        text,
        what,
        RETRIED.has(response.status) ? `Gave up after ${this.maxRetries} retries.` : undefined,
      );
    }
  }

  private async readBody(response: Response, what: string): Promise<string> {
    const length = Number(response.headers.get('content-length'));
    if (length > MAX_BODY_CHARS) {
      await response.body?.cancel().catch(() => undefined);
      throw new GraphError(`Microsoft Graph's answer to ${what} is larger than ${MAX_BODY_CHARS / 1024 / 1024} MB; not read.`);
    }
    try {
      const text = await response.text();
      if (text.length > MAX_BODY_CHARS)
        throw new GraphError(`Microsoft Graph's answer to ${what} is larger than ${MAX_BODY_CHARS / 1024 / 1024} MB; not read.`);
      return text;
    } catch (error) {
      if (error instanceof GraphError) throw error;
      const name = (error as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError')
        throw new GraphError(`Microsoft Graph did not finish answering ${what} within ${Math.round(this.timeoutMs / 1000)} s.`);
      throw new GraphError(`Reading Microsoft Graph's answer to ${what} failed: ${clean(firstLine(error))}.`);
    }
  }

  private errorOf(response: Response, text: string, what: string, extra?: string): GraphError {
    let code: string | undefined;
    let message: string | undefined;
    let requestId = response.headers.get('request-id') ?? undefined;
    try {
      const parsed = JSON.parse(text) as GraphErrorBody;
      if (parsed && typeof parsed.error === 'object' && parsed.error) {
        if (typeof parsed.error.code === 'string') code = parsed.error.code;
        if (typeof parsed.error.message === 'string') message = parsed.error.message;
        const inner = parsed.error.innerError ?? parsed.error.innererror;
        if (!requestId && inner && typeof inner['request-id'] === 'string') requestId = inner['request-id'];
      }
    } catch {
      // Not Graph's error JSON (a proxy's page, say): the status says enough.
    }
    const status = response.status;
    const lines = [
      `Microsoft Graph refused ${what}: ${status}${response.statusText ? ` ${clean(response.statusText)}` : ''}${code ? ` ${clean(code)}` : ''}${message ? `: ${clean(message.slice(0, 1000))}` : ''}${requestId ? ` (request-id ${clean(requestId)})` : ''}`,
    ];
    if (status === 401)
      lines.push(
        `The access token was not accepted (expired, or for another resource than ${new URL(this.baseUrl).origin}).`,
        PERMISSIONS_HELP,
      );
    if (status === 403) {
      lines.push(`The identity (${this.tokens.origin()}) lacks a permission or role.`, PERMISSIONS_HELP);
    }
    if (status === 404 && /synchronization/.test(what))
      lines.push("Check the service principal id (the enterprise application's object id, not its app id) and the job id.");
    if (extra) lines.push(extra);
    // A rejected body (400) or a conflict is a refusal of what we sent, not a usage or network problem.
    const exitCode = status === 400 || status === 409 || status === 412 ? 1 : 2;
    return new GraphError(lines.join('\n'), { status, code, requestId, exitCode });
  }
}

/** A Graph client for the options: base URL and credentials resolved, nothing sent yet. */
export async function createGraphClient(options: GraphClientOptions): Promise<GraphClient> {
  const env = options.env ?? process.env;
  const baseUrl = resolveGraphUrl(options.graphUrl, env);
  let tokens: TokenSource;
  if (options.getToken) {
    const getToken = options.getToken;
    tokens = { token: getToken, origin: () => "the editor's Microsoft sign-in" };
  } else if (env.SCIM_MAPPER_GRAPH_TOKEN && env.SCIM_MAPPER_GRAPH_TOKEN.trim()) {
    tokens = envTokenSource(env.SCIM_MAPPER_GRAPH_TOKEN);
  } else {
    tokens = identityTokenSource(baseUrl, options, env);
  }
  return new FetchGraphClient(baseUrl, tokens, options, env);
}
