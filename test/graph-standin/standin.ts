/**
 * A stand-in for Microsoft Graph (node:http on 127.0.0.1, a random port) that follows the
 * documented shapes (shared reference graph/api.md): synchronization jobs, schema GET/PUT (PATCH
 * answers 404 like the real service), parseExpression, users with only the default properties
 * unless `$select` names others, `$expand=manager`, groups and paged members (`@odata.nextLink`),
 * Graph's error JSON for 401/403/404/429 with `Retry-After`, and a schema `version` that changes on
 * every PUT. Every request is recorded so tests can assert what was (not) sent.
 *
 * Adding a route (audit logs, secrets, validateCredentials, start/pause, …):
 *   standin.route('GET', '/auditLogs/provisioning', (req) => ({ status: 200, body: { value: [...] } }));
 *   standin.route('POST', '/servicePrincipals/{sp}/synchronization/jobs/{job}/start', (req, params) => ({ status: 204 }));
 * `{name}` matches one path segment (decoded into params.name); routes added later win over
 * earlier ones and over the built-in ones; `route()` returns a function that removes the route. `standin.failNext(method, pattern, ...responses)`
 * queues answers (429, 503, …) given before a route runs. Authorization is checked before any
 * route: the bearer token must be `standin.token`.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultCatalog as catalog } from '../../server/src/service/catalog';
import { computeIsSoftDeleted, emptySample, sampleEnvironment, setSampleAttribute } from '../../server/src/service/dryrun';
import { evaluateText, valueToJson } from '../../server/src/service/evaluate/evaluate';
import { parseExpression } from '../../server/src/service/expression/parser';
import { expressionToTree } from '../../server/src/service/graph/tree';
import { fromRoot } from '../util/paths';

export interface StandinRequest {
  method: string;
  /** Path below the base, with the query, e.g. "/users/a@b?$select=id". */
  path: string;
  /** Path below the base, without the query, decoded. */
  pathname: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  text: string;
  /** The JSON body, when there is one. */
  body?: unknown;
}

export interface StandinResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type StandinHandler = (
  request: StandinRequest,
  params: Record<string, string>,
) => StandinResponse | Promise<StandinResponse>;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: StandinHandler;
}

export interface StandinJob {
  id: string;
  templateId: string;
  schema: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export interface ParseExpressionRequest {
  expression: string;
  testInputObject?: { definition?: unknown; properties?: Array<{ key: string; value: string }> };
}

/** The properties Graph returns for a user without $select (Graph's documented default set). */
export const DEFAULT_USER_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

export function graphError(status: number, code: string, message: string, headers: Record<string, string> = {}): StandinResponse {
  const requestId = randomUUID();
  return {
    status,
    headers: { 'request-id': requestId, ...headers },
    body: {
      error: {
        code,
        message,
        innerError: { date: '2026-01-01T00:00:00', 'request-id': requestId, 'client-request-id': requestId },
      },
    },
  };
}

/** The example Graph schema (AWS gallery template ids) with the export's extras a real GET has. */
export function exampleSchema(): Record<string, unknown> {
  const schema = JSON.parse(
    readFileSync(fromRoot('examples', 'graph', 'aws-iam-identity-center.synchronization.json'), 'utf8'),
  ) as Record<string, unknown>;
  return {
    ...schema,
    id: 'aWSSingleSignon.f0e1d2c3b4a5968778695a4b3c2d1e0f',
    version: 'date:2026-01-01T00:00:00Z',
    directories: [
      {
        id: 'AzureActiveDirectory',
        name: 'Azure Active Directory',
        objects: [{ name: 'User', attributes: [{ name: 'userPrincipalName', type: 'String' }] }],
      },
      {
        id: 'AWSSingleSignon',
        name: 'AWSSingleSignon',
        objects: [
          {
            name: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
            attributes: [{ name: 'userName', type: 'String' }],
          },
        ],
      },
    ],
  };
}

export class GraphStandin {
  /** The bearer token the stand-in accepts. Tests assert it never appears in any output. */
  readonly token = `standin-secret-${randomUUID()}`;
  readonly requests: StandinRequest[] = [];
  /** servicePrincipalId → jobs. */
  readonly servicePrincipals = new Map<string, StandinJob[]>();
  readonly users: Array<Record<string, unknown>> = [];
  readonly groups: Array<Record<string, unknown> & { members?: string[] }> = [];
  /** Page size of list answers (users, members, jobs), small so paging is exercised. */
  pageSize = 2;
  /** Answer every request with 403 (a token without the permissions). */
  forbidden = false;
  /** Replace the built-in parseExpression answer (to make "Entra" disagree with us). */
  parseExpression?: (request: ParseExpressionRequest) => Record<string, unknown> | undefined;
  /**
   * The AWS IAM Identity Center side of Test Connection (issue 17): validateCredentials accepts
   * only this SCIM endpoint and this access token.
   */
  readonly aws = {
    endpoint: 'https://scim.us-east-1.amazonaws.com/a1b2c3d4e5f6/scim/v2/',
    token: `aws-scim-token-${randomUUID()}`,
  };
  /** servicePrincipalId → the synchronization secrets last PUT (the token included, as the real service keeps it). */
  readonly secrets = new Map<string, Array<{ key: string; value: string }>>();
  private readonly routes: Route[] = [];
  private readonly failures: Array<{ method: string; pattern: RegExp; responses: StandinResponse[] }> = [];
  private server?: Server;
  private origin = '';
  private versionCounter = 0;

  constructor() {
    this.builtInRoutes();
  }

  /** e.g. http://127.0.0.1:PORT/v1.0 */
  get url(): string {
    return `${this.origin}/v1.0`;
  }

  /** The environment a CLI run needs to talk to the stand-in. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { SCIM_MAPPER_GRAPH_URL: this.url, SCIM_MAPPER_GRAPH_TOKEN: this.token, ...extra };
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Adds a route; `{name}` matches one path segment. Later routes win. Returns a function that removes it. */
  route(method: string, path: string, handler: StandinHandler): () => void {
    const { pattern, names } = compile(path);
    const route: Route = { method: method.toUpperCase(), pattern, names, handler };
    this.routes.unshift(route);
    return () => {
      const index = this.routes.indexOf(route);
      if (index >= 0) this.routes.splice(index, 1);
    };
  }

  /** The next requests matching method and path get these answers, one each, before routes run. */
  failNext(method: string, path: string, ...responses: StandinResponse[]): void {
    this.failures.push({ method: method.toUpperCase(), pattern: compile(path).pattern, responses: [...responses] });
  }

  /** Adds an AWS IAM Identity Center job (or another template's) to a service principal. */
  addJob(servicePrincipalId: string, job: Partial<StandinJob> & { templateId?: string } = {}): StandinJob {
    const templateId = job.templateId ?? 'aWSSingleSignon';
    const full: StandinJob = {
      id: job.id ?? `${templateId}.f0e1d2c3b4a5968778695a4b3c2d1e0f.${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      templateId,
      schema: job.schema ?? exampleSchema(),
      status: job.status ?? { code: 'Active' },
    };
    const jobs = this.servicePrincipals.get(servicePrincipalId) ?? [];
    jobs.push(full);
    this.servicePrincipals.set(servicePrincipalId, jobs);
    return full;
  }

  /** Requests with this method whose path (without query) matches. */
  sent(method: string, pathPattern?: RegExp): StandinRequest[] {
    return this.requests.filter((r) => r.method === method.toUpperCase() && (!pathPattern || pathPattern.test(r.pathname)));
  }

  private nextVersion(): string {
    this.versionCounter++;
    return `date:2026-01-01T00:00:${String(this.versionCounter).padStart(2, '0')}Z`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.origin);
    const prefix = '/v1.0';
    const below = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const request: StandinRequest = {
      method: req.method ?? 'GET',
      path: below + url.search,
      pathname: decodeURIComponent(below),
      query: url.searchParams,
      headers: req.headers,
      text,
      body,
    };
    this.requests.push(request);
    const answer = await this.answer(request, url.pathname.startsWith(prefix));
    const headers: Record<string, string> = { 'request-id': randomUUID(), ...answer.headers };
    if (answer.body !== undefined) headers['content-type'] = 'application/json';
    res.writeHead(answer.status, headers);
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  }

  private async answer(request: StandinRequest, onBase: boolean): Promise<StandinResponse> {
    if (!onBase) return graphError(400, 'BadRequest', 'Invalid version.');
    if (request.headers.authorization !== `Bearer ${this.token}`) {
      return graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.', {
        'www-authenticate': 'Bearer realm=""',
      });
    }
    for (const failure of this.failures) {
      if (failure.method === request.method && failure.pattern.test(request.pathname) && failure.responses.length > 0)
        return failure.responses.shift()!;
    }
    if (this.forbidden)
      return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    for (const route of this.routes) {
      if (route.method !== request.method) continue;
      const match = route.pattern.exec(request.pathname);
      if (!match) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = match[i + 1]));
      return route.handler(request, params);
    }
    // The real service answers unknown verbs on sync paths (PATCH on …/schema) like this.
    if (/synchronization/.test(request.pathname)) {
      return graphError(
        404,
        'UnknownError',
        `No HTTP resource was found that matches the request URI 'https://syncfabric.windowsazure.com/api${request.pathname}?api-version=2.0'.`,
      );
    }
    return graphError(400, 'BadRequest', `Resource not found for the segment '${request.pathname.split('/')[1] ?? ''}'.`);
  }

  /** A list answer paged `pageSize` at a time with @odata.nextLink ($skiptoken = offset). */
  private page(request: StandinRequest, items: unknown[]): StandinResponse {
    const skip = Number(request.query.get('$skiptoken') ?? '0');
    const top = Math.min(Number(request.query.get('$top') ?? this.pageSize) || this.pageSize, this.pageSize);
    const value = items.slice(skip, skip + top);
    const body: Record<string, unknown> = { '@odata.context': `${this.url}/$metadata`, value };
    if (skip + top < items.length) {
      const next = new URL(`${this.url}${request.pathname}`);
      for (const [k, v] of request.query) if (k !== '$skiptoken') next.searchParams.set(k, v);
      next.searchParams.set('$skiptoken', String(skip + top));
      body['@odata.nextLink'] = next.href;
    }
    return { status: 200, body };
  }

  private job(params: Record<string, string>): StandinJob | StandinResponse {
    const jobs = this.servicePrincipals.get(params.sp);
    if (!jobs)
      return graphError(
        404,
        'Request_ResourceNotFound',
        `Resource '${params.sp}' does not exist or one of its queried reference-property objects are not present.`,
      );
    const job = jobs.find((j) => j.id === params.job);
    return job ?? graphError(404, 'NotFound', `The job '${params.job}' was not found.`);
  }

  private findUser(key: string): Record<string, unknown> | undefined {
    const lower = key.toLowerCase();
    return this.users.find(
      (u) => u.id === key || (typeof u.userPrincipalName === 'string' && u.userPrincipalName.toLowerCase() === lower),
    );
  }

  /** $select (else the default properties) and $expand=manager, like Graph. */
  private shapeUser(user: Record<string, unknown>, query: URLSearchParams): Record<string, unknown> {
    const select = query.get('$select');
    const names = select
      ? select
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : DEFAULT_USER_PROPERTIES;
    const shaped: Record<string, unknown> = { '@odata.context': `${this.url}/$metadata#users/$entity` };
    for (const name of names) {
      if (name.startsWith('extension_')) {
        if (name in user) shaped[name] = user[name];
      } else {
        shaped[name] = name in user ? user[name] : null;
      }
    }
    if (!('id' in shaped)) shaped.id = user.id;
    const expand = query.get('$expand');
    if (expand && /^manager\b/.test(expand)) {
      const manager = typeof user.managerId === 'string' ? this.findUser(user.managerId) : undefined;
      if (manager)
        shaped.manager = {
          '@odata.type': '#microsoft.graph.user',
          id: manager.id,
          displayName: manager.displayName,
          userPrincipalName: manager.userPrincipalName,
        };
    }
    return shaped;
  }

  private builtInRoutes(): void {
    const base = '/servicePrincipals/{sp}/synchronization/jobs';
    this.route('GET', base, (request, params) => {
      const jobs = this.servicePrincipals.get(params.sp);
      if (!jobs)
        return graphError(
          404,
          'Request_ResourceNotFound',
          `Resource '${params.sp}' does not exist or one of its queried reference-property objects are not present.`,
        );
      return this.page(
        request,
        jobs.map((j) => ({
          id: j.id,
          templateId: j.templateId,
          schedule: { interval: 'PT40M', state: 'Active' },
          status: j.status,
          synchronizationJobSettings: [],
        })),
      );
    });
    this.route('GET', `${base}/{job}`, (_request, params) => {
      const job = this.job(params);
      if ('status' in job && typeof job.status === 'number') return job as StandinResponse;
      const j = job as StandinJob;
      return { status: 200, body: { id: j.id, templateId: j.templateId, status: j.status } };
    });
    this.route('GET', `${base}/{job}/schema`, (_request, params) => {
      const job = this.job(params);
      if (!('schema' in job)) return job as StandinResponse;
      return {
        status: 200,
        body: {
          '@odata.context': `${this.url}/$metadata#servicePrincipals('${params.sp}')/synchronization/jobs('${params.job}')/schema/$entity`,
          ...job.schema,
        },
      };
    });
    this.route('PUT', `${base}/{job}/schema`, (request, params) => {
      const job = this.job(params);
      if (!('schema' in job)) return job as StandinResponse;
      const body = request.body as Record<string, unknown> | undefined;
      if (!body || typeof body !== 'object' || !Array.isArray(body.synchronizationRules))
        return graphError(400, 'BadRequest', 'The schema is not valid: synchronizationRules is required.');
      const { ['@odata.context']: _context, ...rest } = body;
      void _context;
      job.schema = { ...rest, version: this.nextVersion() };
      return { status: 204 };
    });
    // Issue 17: Test Connection, the secrets, start and pause.
    this.route('POST', `${base}/{job}/validateCredentials`, (request, params) => {
      const job = this.job(params);
      if (!('schema' in job)) return job as StandinResponse;
      const body = request.body as
        { useSavedCredentials?: unknown; credentials?: Array<{ key?: unknown; value?: unknown }> } | undefined;
      const credentials = Array.isArray(body?.credentials) ? body.credentials : [];
      const value = (key: string) => credentials.find((c) => c.key === key)?.value;
      if (value('BaseAddress') !== this.aws.endpoint) {
        return graphError(
          400,
          'BadRequest',
          'We could not reach the Tenant URL. Verify the SCIM endpoint from AWS IAM Identity Center (Automatic provisioning) and try again.',
        );
      }
      if (value('SecretToken') !== this.aws.token) {
        return graphError(
          400,
          'BadRequest',
          'You appear to have entered invalid credentials: the SCIM endpoint answered 401 Unauthorized. Verify the Secret Token and try again.',
        );
      }
      return { status: 204 };
    });
    this.route('PUT', '/servicePrincipals/{sp}/synchronization/secrets', (request, params) => {
      if (!this.servicePrincipals.has(params.sp))
        return graphError(
          404,
          'Request_ResourceNotFound',
          `Resource '${params.sp}' does not exist or one of its queried reference-property objects are not present.`,
        );
      const body = request.body as { value?: Array<{ key?: unknown; value?: unknown }> } | undefined;
      if (!body || !Array.isArray(body.value) || body.value.some((p) => typeof p.key !== 'string' || typeof p.value !== 'string'))
        return graphError(400, 'BadRequest', 'value must be a list of { key, value } strings.');
      const merged = new Map((this.secrets.get(params.sp) ?? []).map((p) => [p.key, p.value]));
      for (const pair of body.value) merged.set(pair.key as string, pair.value as string);
      this.secrets.set(
        params.sp,
        [...merged].map(([key, value]) => ({ key, value })),
      );
      return { status: 204 };
    });
    this.route('GET', '/servicePrincipals/{sp}/synchronization/secrets', (_request, params) => {
      if (!this.servicePrincipals.has(params.sp))
        return graphError(
          404,
          'Request_ResourceNotFound',
          `Resource '${params.sp}' does not exist or one of its queried reference-property objects are not present.`,
        );
      // Like the real service, credentials come back masked.
      const value = (this.secrets.get(params.sp) ?? []).map((p) =>
        p.key === 'SecretToken' || p.key === 'Password' ? { key: p.key, value: '*' } : p,
      );
      return { status: 200, body: { value } };
    });
    for (const [verb, code] of [
      ['start', 'Active'],
      ['pause', 'Paused'],
    ] as const) {
      this.route('POST', `${base}/{job}/${verb}`, (_request, params) => {
        const job = this.job(params);
        if (!('schema' in job)) return job as StandinResponse;
        job.status = { code };
        return { status: 204 };
      });
    }
    this.route('POST', `${base}/{job}/schema/parseExpression`, (request, params) => {
      const job = this.job(params);
      if (!('schema' in job)) return job as StandinResponse;
      const body = request.body as ParseExpressionRequest | undefined;
      if (!body || typeof body.expression !== 'string') return graphError(400, 'BadRequest', 'expression is required.');
      const custom = this.parseExpression?.(body);
      return { status: 200, body: custom ?? defaultParse(body) };
    });
    this.route('GET', '/users/{id}', (request, params) => {
      const user = this.findUser(params.id);
      if (!user)
        return graphError(
          404,
          'Request_ResourceNotFound',
          `Resource '${params.id}' does not exist or one of its queried reference-property objects are not present.`,
        );
      return { status: 200, body: this.shapeUser(user, request.query) };
    });
    this.route('GET', '/groups', (request) => {
      const filter = request.query.get('$filter') ?? '';
      const match = /^displayName eq '((?:[^']|'')*)'$/.exec(filter);
      const groups = match ? this.groups.filter((g) => g.displayName === match[1].replace(/''/g, "'")) : this.groups;
      return this.page(
        request,
        groups.map((g) => pick(g, request.query.get('$select'))),
      );
    });
    this.route('GET', '/groups/{id}', (request, params) => {
      const group = this.groups.find((g) => g.id === params.id);
      if (!group)
        return graphError(
          404,
          'Request_ResourceNotFound',
          `Resource '${params.id}' does not exist or one of its queried reference-property objects are not present.`,
        );
      return { status: 200, body: pick(group, request.query.get('$select')) };
    });
    // …/members/microsoft.graph.user: the members cast to users (others left out).
    this.route('GET', '/groups/{id}/members/microsoft.graph.user', (request, params) => {
      const group = this.groups.find((g) => g.id === params.id);
      if (!group)
        return graphError(
          404,
          'Request_ResourceNotFound',
          `Resource '${params.id}' does not exist or one of its queried reference-property objects are not present.`,
        );
      const members = (group.members ?? []).map((id) => this.findUser(id)).filter((u): u is Record<string, unknown> => !!u);
      return this.page(
        request,
        members.map((m) => this.shapeUser(m, request.query)),
      );
    });
    this.route('GET', '/groups/{id}/members', (request, params) => {
      const group = this.groups.find((g) => g.id === params.id);
      if (!group)
        return graphError(
          404,
          'Request_ResourceNotFound',
          `Resource '${params.id}' does not exist or one of its queried reference-property objects are not present.`,
        );
      const members = (group.members ?? []).map((id) => this.findUser(id)).filter((u): u is Record<string, unknown> => !!u);
      return this.page(
        request,
        members.map((m) => ({ '@odata.type': '#microsoft.graph.user', ...this.shapeUser(m, request.query) })),
      );
    });
  }
}

function pick(object: Record<string, unknown>, select: string | null): Record<string, unknown> {
  const { members: _members, ...rest } = object;
  void _members;
  if (!select) return rest;
  const out: Record<string, unknown> = {};
  for (const name of select.split(',').map((s) => s.trim())) out[name] = name in rest ? rest[name] : null;
  if (!('id' in out)) out.id = rest.id;
  return out;
}

function compile(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split(/(\{[A-Za-z]+\})/)
    .map((part) => {
      const name = /^\{([A-Za-z]+)\}$/.exec(part);
      if (name) {
        names.push(name[1]);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), names };
}

/** parseExpression answered by our own parser and evaluator (tests override it to disagree). */
function defaultParse(body: ParseExpressionRequest): Record<string, unknown> {
  const parsed = parseExpression(body.expression);
  if (parsed.errors.length > 0 || !parsed.root) {
    return {
      parsingSucceeded: false,
      evaluationSucceeded: false,
      evaluationResult: null,
      parsedExpression: null,
      error: { code: 'ParseError', message: parsed.errors[0]?.message ?? 'empty expression' },
    };
  }
  const tree = expressionToTree(parsed, catalog).source;
  if (!body.testInputObject)
    return { parsingSucceeded: true, evaluationSucceeded: false, evaluationResult: null, parsedExpression: tree, error: null };
  const sample = emptySample('user');
  for (const { key, value } of body.testInputObject.properties ?? []) {
    try {
      setSampleAttribute(sample, key, value, catalog);
    } catch {
      // Graph ignores properties it does not know.
    }
  }
  const env = sampleEnvironment(sample, computeIsSoftDeleted(sample, undefined, sample.attributes.accountEnabled).value, {
    clock: () => Date.parse('2026-01-01T00:00:00Z'),
    seed: 1,
  });
  const result = evaluateText(body.expression, env, catalog);
  if (result.kind === 'error')
    return {
      parsingSucceeded: true,
      evaluationSucceeded: false,
      evaluationResult: null,
      parsedExpression: tree,
      error: { code: 'EvaluationError', message: result.error.message },
    };
  const value = result.kind === 'ignore' ? null : valueToJson(result.value);
  const list =
    value === null ? [] : Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) : [value];
  return { parsingSucceeded: true, evaluationSucceeded: true, evaluationResult: list, parsedExpression: tree, error: null };
}
