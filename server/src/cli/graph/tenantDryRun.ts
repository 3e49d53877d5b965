/**
 * `scim-mapper dry-run MAPPING --tenant-user UPN|ID … | --tenant-group NAME|ID …`: the dry run
 * of real tenant objects. Reads them from Graph with `$select` of every Entra attribute the
 * mapping and its scope read (in Graph's names; Graph returns only default properties without
 * it), `$expand=manager` when the manager is mapped, group members paged; then runs the same dry
 * run as sample files (cli/dryRun.ts), so the report is the same.
 */
import { attributesUsed, graphSelection, type GraphSelection } from '../../service/dryrun/graphSelect';
import type { ObjectKind } from '../../service/catalog/types';
import type { LanguageService } from '../../service/languageService';
import { documentKindFromContent, documentKindOf } from '../../service/model/parse';
import type { MappingLikeDocument } from '../../service/model/types';
import { parseArgs, UsageError } from '../args';
import { runDryRun, type DryRunInputs } from '../dryRun';
import { readText, toUri } from '../files';
import type { CliIo } from '../io';
import type { GraphClient } from './client';
import { connect, CONNECTION_FLAGS, TenantRefusal } from './tenant';

export const TENANT_DRY_RUN_USAGE = `Usage: scim-mapper dry-run MAPPING (--tenant-user UPN|ID... | --tenant-group NAME|ID...) [dry-run options]

The dry run of real users or groups, read from Microsoft Graph (User.Read.All / GroupMember.Read.All
or Directory.Read.All): every Entra attribute the mapping and its scope read is asked for by its
Graph name ($select), the manager with $expand=manager, group members page by page.
  --tenant-user UPN|ID   a user by user principal name or object id (repeatable)
  --tenant-group NAME|ID a group by display name or object id (repeatable), with its members
                         (with --tenant-user too: two reports; --format json: { "users", "groups" })
The other dry-run options (--format, --existing, --now, --seed, …) apply; so do --graph-url,
--client-id and --tenant. An unknown user or group → exit 2.`;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_FLAGS = ['tenant-user', 'tenant-group', ...CONNECTION_FLAGS];

export function hasTenantFlags(argv: string[]): boolean {
  return argv.some((a) => /^--tenant-(?:user|group)(?:=|$)/.test(a));
}

/** Splits argv into our flags and the rest (for runDryRun). */
function split(argv: string[]): { ours: string[]; rest: string[] } {
  const ours: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const name = arg.startsWith('--') ? arg.slice(2).split('=')[0] : '';
    if (TENANT_FLAGS.includes(name)) {
      ours.push(arg);
      if (!arg.includes('=') && i + 1 < argv.length) ours.push(argv[++i]);
    } else {
      rest.push(arg);
    }
  }
  return { ours, rest };
}

function query(selection: GraphSelection): string {
  const parts = [`$select=${selection.select.join(',')}`];
  if (selection.expandManager) parts.push('$expand=manager($select=id,displayName,userPrincipalName)');
  return parts.join('&');
}

function notFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'GraphError' && (error as { status?: number }).status === 404;
}

async function readUser(client: GraphClient, key: string, selection: GraphSelection): Promise<Record<string, unknown>> {
  try {
    return await client.get<Record<string, unknown>>(`/users/${encodeURIComponent(key)}?${query(selection)}`);
  } catch (error) {
    if (notFound(error))
      throw new TenantRefusal(
        `No user "${key}" in the tenant (looked up by ${GUID.test(key) ? 'object id' : 'user principal name'}).`,
        2,
      );
    throw error;
  }
}

async function findGroup(client: GraphClient, key: string, select: string): Promise<Record<string, unknown>> {
  if (GUID.test(key)) {
    try {
      return await client.get<Record<string, unknown>>(`/groups/${encodeURIComponent(key)}?$select=${select}`);
    } catch (error) {
      if (!notFound(error)) throw error;
      // A group may be named like a GUID: try the name below.
    }
  }
  const found: Array<Record<string, unknown>> = [];
  for await (const group of client.getPages<Record<string, unknown>>(
    `/groups?$filter=${encodeURIComponent(`displayName eq '${key.replace(/'/g, "''")}'`)}&$select=${select}`,
  ))
    found.push(group);
  if (found.length === 1) return found[0];
  if (found.length === 0)
    throw new TenantRefusal(
      `No group "${key}" in the tenant (looked up by ${GUID.test(key) ? 'object id and ' : ''}display name).`,
      2,
    );
  throw new TenantRefusal(
    `${found.length} groups are named "${key}"; give one by object id:\n${found.map((g) => `  ${String(g.id)}`).join('\n')}`,
    2,
  );
}

export async function runTenantDryRun(argv: string[], io: CliIo, service: LanguageService): Promise<number> {
  const { ours, rest } = split(argv);
  const args = parseArgs(ours, TENANT_FLAGS, []);
  const users = (args.flags.get('tenant-user') ?? []).map((k) => k.trim());
  const groups = (args.flags.get('tenant-group') ?? []).map((k) => k.trim());
  for (const key of users) if (!key) throw new UsageError('--tenant-user needs a user principal name or object id.');
  for (const key of groups) if (!key) throw new UsageError('--tenant-group needs a group name or object id.');
  if (rest.includes('--help')) {
    io.out(TENANT_DRY_RUN_USAGE + '\n');
    return 0;
  }
  const positional = rest.filter((a) => !a.startsWith('--'));
  const mappingPath = positional[0];
  if (mappingPath === undefined) throw new UsageError('dry-run needs a mapping file.');

  // The mapping, read as the dry run will read it (the service caches the document).
  const text = readText(mappingPath);
  const kind = documentKindOf(mappingPath) === 'graph' || documentKindFromContent(text) === 'graph' ? 'graph' : 'mapping';
  const uri = toUri(mappingPath);
  const doc = service.getDocument(uri, text, kind) as MappingLikeDocument;
  const objects: ObjectKind[] = [
    ...(users.length > 0 ? ['user' as const] : []),
    ...(groups.length > 0 ? ['group' as const] : []),
  ];
  // Problems with the mapping itself (syntax, no such section) are the dry run's to report, before any request.
  const missing = objects.find((object) => !doc.objects.some((o) => o.object === object));
  if (doc.syntaxErrors.length > 0 || missing)
    return runDryRun(rest, io, service, { object: missing ?? objects[0], text: '[]', label: 'tenant' });
  const catalog = service.catalogFor(doc);
  const userSelection = graphSelection(
    'user',
    attributesUsed(doc, 'user', (path) => service.resolveScope(uri, path)),
    catalog,
  );

  // Everything is read first, so an unknown user or group stops the run before any report.
  const client = await connect(args, io);
  const inputs: DryRunInputs[] = [];
  if (users.length > 0) {
    const samples: Array<Record<string, unknown>> = [];
    for (const key of users) samples.push(await readUser(client, key, userSelection));
    io.err(
      `scim-mapper: read ${samples.length} user${samples.length === 1 ? '' : 's'} from ${client.baseUrl} ($select=${userSelection.select.join(',')}${userSelection.expandManager ? '; $expand=manager' : ''}).\n`,
    );
    inputs.push(asInputs('user', samples));
  }
  if (groups.length > 0) {
    const groupSelection = graphSelection(
      'group',
      attributesUsed(doc, 'group', (path) => service.resolveScope(uri, path)),
      catalog,
    );
    const samples: Array<Record<string, unknown>> = [];
    for (const key of groups) {
      const group = await findGroup(client, key, groupSelection.select.join(','));
      const members: Array<Record<string, unknown>> = [];
      if (groupSelection.members) {
        // Only users: a group's members may be groups, devices or service principals, which AWS does not get.
        for await (const member of client.getPages<Record<string, unknown>>(
          `/groups/${encodeURIComponent(String(group.id))}/members/microsoft.graph.user?${query(userSelection)}&$top=999`,
        ))
          members.push(member);
      }
      samples.push({ ...group, ...(groupSelection.members ? { members } : {}) });
      io.err(
        `scim-mapper: read group ${JSON.stringify(group.displayName ?? group.id)}${groupSelection.members ? ` with ${members.length} user member${members.length === 1 ? '' : 's'}` : ''} from ${client.baseUrl}.\n`,
      );
    }
    inputs.push(asInputs('group', samples));
  }
  if (inputs.length === 1) return runDryRun(rest, io, service, inputs[0]);

  // Users and groups: two reports; in JSON one object { "users": …, "groups": … }.
  const json = formatOf(rest) === 'json';
  const outputs: string[] = [];
  let code = 0;
  for (const input of inputs) {
    let out = '';
    const sub: CliIo = json ? { ...io, out: (t) => void (out += t) } : io;
    if (!json && outputs.length > 0) io.out('\n');
    const result = await runDryRun(rest, sub, service, input);
    code = Math.max(code, result);
    outputs.push(out);
  }
  if (json) io.out(JSON.stringify({ users: resultsOf(outputs[0]), groups: resultsOf(outputs[1]) }, null, 2) + '\n');
  return code;
}

/** One object reads like a file holding one object (a JSON report, not a list of one). */
function asInputs(object: ObjectKind, samples: Array<Record<string, unknown>>): DryRunInputs {
  return { object, text: JSON.stringify(samples.length === 1 ? samples[0] : samples, null, 2), label: `tenant ${object}s` };
}

function formatOf(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--format') return argv[i + 1];
    if (argv[i].startsWith('--format=')) return argv[i].slice('--format='.length);
  }
  return undefined;
}

/**
 * The results in one dry run's JSON output: one object as it is; a batch is JSON Lines (a result
 * per line, the summary last), read back as the array of results.
 */
function resultsOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    return lines.slice(0, -1).map((line) => JSON.parse(line) as unknown);
  }
}
