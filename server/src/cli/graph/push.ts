/**
 * `scim-mapper push FILE`: replaces the live synchronization schema, safely.
 *   1. check FILE and its scope files (errors → exit 1, nothing sent; --force overrides);
 *   2. GET the live schema and build the new one (a Graph file as is; a mapping file converted
 *      onto the live schema, keeping ids, directories and everything a mapping does not describe);
 *   3. refuse when the live `version` is not the one FILE was pulled from (--force overrides);
 *   4. print a semantic diff and what saving does to provisioning;
 *   5. --dry-run stops; --yes (or "yes" on a terminal) writes a backup of the live schema,
 *      re-GETs it right before the PUT (aborting if it changed), then PUTs (never PATCH).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { applyEdits, modify, parse as parseJsonc } from 'jsonc-parser';
import { convertMappingToGraph } from '../../service/graph/convert';
import { diffSchemas, formatSchemaDiff } from '../../service/graph/diff';
import type { LanguageService } from '../../service/languageService';
import { documentKindFromContent, documentKindOf, fileStem } from '../../service/model/parse';
import { parseArgs, single, UsageError } from '../args';
import { checkFiles } from '../check';
import { runDryRun } from '../dryRun';
import { displayPath, readText, toUri } from '../files';
import { paint, type CliIo } from '../io';
import type { GraphClient } from './client';
import { writeWhole } from './files';
import {
  applyState,
  describeSteps,
  provisioningChanges,
  provisioningPlanOf,
  ProvisioningRefusal,
  putSettings,
  readJobStatus,
  readLiveSecrets,
  testConnection,
  type ProvisioningPlan,
} from './provisioning';
import {
  connect,
  CONNECTION_FLAGS,
  TenantRefusal,
  CONNECTION_USAGE,
  GRAPH_RECORD_KEY,
  graphFileText,
  MAPPING_RECORD_KEY,
  pickJob,
  pulledFromOf,
  pulledRecord,
  schemaPath,
  servicePrincipalOf,
  withoutAnnotations,
  type PulledFrom,
} from './tenant';

export const PUSH_USAGE = `Usage: scim-mapper push FILE (--dry-run | --yes) [--service-principal ID] [--job ID] [--force] [--backup FILE] [--impact USERS]

Replaces the live provisioning schema of the AWS IAM Identity Center app with FILE (a mapping file
with its scope files, or a Graph synchronization schema), after checks and a diff:
  1. FILE and its scope files are checked: any error → exit 1, nothing sent
  2. the live schema is read; a mapping file is converted onto it (ids, directories and whatever a
     mapping file does not describe are kept)
  3. if the live schema changed since FILE was pulled (its version differs) → exit 1, nothing sent
  4. the changes are shown by object and target attribute
  5. --dry-run stops here (exit 0); --yes saves a backup of the live schema, reads it again right
     before writing (aborting if it changed meanwhile), then PUTs the new schema
With a "provisioning" section (mapping files), push applies it in the tutorial's order, each step
only after the one before succeeded: 1. Test Connection (validateCredentials with tenantUrl and the
token read from secretToken's environment variable: unset → exit 2, refused → exit 1 with Entra's
message), 2. the settings (PUT synchronization/secrets), 3. the schema as above, 4. start or pause
per "state". The token is shown only as •••• with its length.
Without --dry-run or --yes, push asks on a terminal and exits 2 (sending nothing) elsewhere.
Saving restarts provisioning: the next cycle is an initial cycle over everyone in scope, and users
leaving scope get disabled in AWS.
  --service-principal ID the enterprise application's object id (default: FILE's "${MAPPING_RECORD_KEY}" record)
  --job ID               the provisioning job (default: the record, else the AWS job)
  --force                push despite check errors, conversion errors or a live change
  --backup FILE          where the live schema is saved before the PUT (default: beside FILE,
                         <name>.live-<time>.synchronization.json)
  --impact USERS         before sending, dry-run the users in USERS (an export: JSON, JSON Lines,
                         Graph pages or CSV; repeatable) through the live schema and FILE and show
                         the change impact: newly in scope, newly out of scope (disabled), changed
                         values by target, new failures (dry-run --compare)
${CONNECTION_USAGE}
Exit status: 0 pushed, nothing to change, or --dry-run; 1 refused (check errors, live changes,
declined); 2 bad usage, no terminal to ask on, sign-in, permission or network problem.`;

const CONSEQUENCES = [
  'Saving replaces the whole schema and restarts provisioning: the next cycle is an initial cycle that',
  're-evaluates every user and group in scope (it can take hours in a large tenant), and users and groups',
  'that leave scope get disabled in AWS IAM Identity Center (unless "skip out of scope deletions" is on).',
];

function scopePathsOf(path: string, text: string): string[] {
  const value = parseJsonc(text, [], { allowTrailingComma: true }) as Record<string, { scope?: unknown } | undefined> | undefined;
  const out: string[] = [];
  for (const object of ['user', 'group']) {
    const scope = value?.[object]?.scope;
    // A missing scope file is the mapping's own finding (scope-file-missing).
    if (typeof scope === 'string' && scope.trim() && existsSync(resolve(dirname(path), scope)))
      out.push(resolve(dirname(path), scope));
  }
  return out;
}

function timestamp(): string {
  return new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

export async function runPush(argv: string[], io: CliIo, service: LanguageService): Promise<number> {
  const args = parseArgs(
    argv,
    ['service-principal', 'job', 'backup', 'impact', ...CONNECTION_FLAGS],
    ['help', 'dry-run', 'yes', 'force'],
  );
  if (args.booleans.has('help')) {
    io.out(PUSH_USAGE + '\n');
    return 0;
  }
  if (args.positional.length !== 1)
    throw new UsageError(args.positional.length === 0 ? 'push needs a file.' : 'push takes one file.');
  const dryRun = args.booleans.has('dry-run');
  const yes = args.booleans.has('yes');
  const force = args.booleans.has('force');
  if (dryRun && yes) throw new UsageError('--dry-run and --yes exclude each other.');
  const backupFlag = single(args, 'backup');
  if (backupFlag !== undefined && dryRun)
    throw new UsageError('--backup applies when pushing; --dry-run sends and writes nothing.');
  // Without a flag, there must be someone to ask: decide before any request.
  if (!dryRun && !yes && !io.ask) {
    io.err(
      'scim-mapper: push needs --dry-run (show the changes) or --yes (apply them) when not run on a terminal; nothing was sent.\n',
    );
    return 2;
  }

  const path = args.positional[0];
  const text = readText(path);
  const kind = documentKindOf(path) ?? documentKindFromContent(text);
  if (kind === 'scope') throw new UsageError(`${displayPath(path)} is a scope file; push the mapping file that uses it.`);
  const record = pulledFromOf(text, kind);

  // 1. Check.
  const checked = checkFiles(service, [path, ...(kind === 'mapping' ? scopePathsOf(path, text) : [])]);
  let errors = 0;
  for (const file of checked) {
    for (const d of file.diagnostics) {
      if (d.severity !== 'error') continue;
      errors++;
      io.err(
        `${displayPath(file.path)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${paint(io, 'red', 'error')} ${paint(io, 'dim', d.code)} ${d.message}\n`,
      );
    }
  }
  if (errors > 0) {
    if (!force) {
      io.err(
        `scim-mapper: ${errors} error${errors === 1 ? '' : 's'} in ${displayPath(path)}${checked.length > 1 ? ' and its scope files' : ''}; nothing was sent (--force pushes anyway).\n`,
      );
      return 1;
    }
    io.err(
      `scim-mapper: ${paint(io, 'yellow', 'warning')}: pushing despite ${errors} error${errors === 1 ? '' : 's'} (--force).\n`,
    );
  }

  // The "provisioning" section (issue 17): the token variable must be set before anything is sent.
  let provisioning: ProvisioningPlan | undefined;
  try {
    provisioning = kind === 'mapping' ? provisioningPlanOf(text, io.env ?? process.env) : undefined;
  } catch (error) {
    if (error instanceof ProvisioningRefusal) throw new TenantRefusal(error.message, 2);
    throw error;
  }

  // 2. The live schema and the new one.
  const servicePrincipalId = servicePrincipalOf(args, record, 'push');
  const client = await connect(args, io);
  const jobFlag = single(args, 'job');
  const jobId =
    jobFlag ??
    (record && record.servicePrincipalId === servicePrincipalId
      ? record.jobId
      : await pickJob(client, servicePrincipalId, undefined));
  const path_ = schemaPath(servicePrincipalId, jobId);
  const live = await client.get<Record<string, unknown>>(path_);
  const liveSchema = withoutAnnotations(live);
  let next: Record<string, unknown>;
  if (kind === 'graph') {
    const parsed = parseJsonc(text, [], { allowTrailingComma: true }) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new UsageError(`${displayPath(path)} is not a JSON object.`);
    next = withoutAnnotations(parsed as Record<string, unknown>);
  } else {
    const result = convertMappingToGraph(service, toUri(resolve(path)), text, { baseText: JSON.stringify(liveSchema, null, 2) });
    let conversionErrors = 0;
    for (const problem of result.problems) {
      if (problem.severity === 'error') conversionErrors++;
      io.err(
        `scim-mapper: ${problem.severity === 'error' ? paint(io, 'red', 'error') : paint(io, 'yellow', 'warning')}: ${problem.message}\n`,
      );
    }
    if (!result.text || (conversionErrors > 0 && !force)) {
      io.err(
        `scim-mapper: ${displayPath(path)} cannot be converted faithfully onto the live schema; nothing was sent${result.text ? ' (--force pushes anyway)' : ''}.\n`,
      );
      return 1;
    }
    next = JSON.parse(result.text) as Record<string, unknown>;
  }
  // Graph maintains the version itself: send the live one, so only real changes show.
  if (typeof liveSchema.version === 'string') next.version = liveSchema.version;

  // 3. Drift.
  const liveVersion = typeof liveSchema.version === 'string' ? liveSchema.version : undefined;
  // The record speaks for the job it came from only.
  const sameJob = !record || (record.servicePrincipalId === servicePrincipalId && record.jobId === jobId);
  const pulledVersion = sameJob
    ? (record?.schemaVersion ?? (kind === 'graph' ? (parseJsonc(text) as { version?: unknown } | undefined)?.version : undefined))
    : undefined;
  io.out(
    `Job ${jobId} of service principal ${servicePrincipalId}${liveVersion ? `, live schema version ${liveVersion}` : ''}.\n`,
  );
  if (typeof pulledVersion === 'string' && liveVersion !== undefined && pulledVersion !== liveVersion) {
    const what = formatSchemaDiff(diffSchemas(service, next, liveSchema));
    io.err(
      `scim-mapper: ${force ? paint(io, 'yellow', 'warning') : paint(io, 'red', 'refused')}: the live schema changed since ${displayPath(path)} was pulled (version ${pulledVersion} then, ${liveVersion} now).\n` +
        `The live schema differs from ${displayPath(path)} in (changes made live, and yours):\n${what.join('\n')}\n` +
        (force
          ? 'Pushing anyway (--force): the changes made live are overwritten.\n'
          : `Nothing was sent. Pull again and redo your change, or overwrite the live changes with --force.\n`),
    );
    if (!force) return 1;
  } else if (!sameJob) {
    io.err(
      `scim-mapper: ${paint(io, 'yellow', 'note')}: ${displayPath(path)} was pulled from job ${record!.jobId} of service principal ${record!.servicePrincipalId}, not this one; changes made live cannot be told from yours: review the diff.\n`,
    );
  } else if (pulledVersion === undefined) {
    io.err(
      `scim-mapper: ${paint(io, 'yellow', 'note')}: ${displayPath(path)} does not record the schema version it was pulled from, so changes made live since cannot be told from yours; review the diff.\n`,
    );
  }

  // 4. The diff.
  const diff = diffSchemas(service, liveSchema, next);
  let liveSecrets: Awaited<ReturnType<typeof readLiveSecrets>>;
  let liveStatus: string | undefined;
  if (provisioning) {
    liveSecrets = await readLiveSecrets(client, servicePrincipalId);
    liveStatus = await readJobStatus(client, servicePrincipalId, jobId);
  }
  if (diff.identical && (!provisioning || !provisioningChanges(provisioning, liveSecrets, liveStatus))) {
    io.out('Nothing to change: the live schema already says what the file says. Nothing was sent.\n');
    return 0;
  }
  if (diff.identical) {
    io.out('The live schema already says what the file says.\n');
  } else {
    io.out(`Changes (live → ${displayPath(path)}):\n${formatSchemaDiff(diff).join('\n')}\n\n`);
    io.out(`${paint(io, 'yellow', 'warning')}: ${CONSEQUENCES.join('\n')}\n`);
  }
  if (provisioning) {
    const steps = describeSteps(
      provisioning,
      liveSecrets,
      liveStatus,
      diff.identical ? 'unchanged, not sent' : 'replace the live schema with the changes above',
    );
    io.out(`\nSteps (in order; the first failure stops the rest):\n${steps.join('\n')}\n`);
  }
  const impactUsers = args.flags.get('impact') ?? [];
  if (impactUsers.length > 0) await showImpact(io, service, path, liveSchema, impactUsers);

  // 5. Stop, ask, or go.
  if (dryRun) {
    io.out('Dry run: nothing was sent.\n');
    return 0;
  }
  if (!yes) {
    const question = provisioning
      ? `Apply these 4 steps to job ${jobId}? Type "yes" to push: `
      : `Replace the live schema of job ${jobId}? Type "yes" to push: `;
    const answer = (await io.ask!(question)).trim().toLowerCase();
    if (answer !== 'yes') {
      io.out('Not confirmed: nothing was sent.\n');
      return 1;
    }
  }
  const plan: ApplyPlan = {
    path,
    kind,
    record: sameJob ? record : undefined,
    servicePrincipalId,
    jobId,
    schemaPath: path_,
    live,
    next,
    liveVersion,
    backup: backupFlag,
  };
  if (!provisioning) return apply(io, client, plan);
  return applyWithProvisioning(io, client, plan, provisioning, liveSecrets, liveStatus, diff.identical);
}

/**
 * The tutorial's order: Test Connection, the settings, the schema, then on/off. Each step runs
 * only when the one before succeeded (a Graph error ends the command through runTenantCommand).
 */
async function applyWithProvisioning(
  io: CliIo,
  client: GraphClient,
  plan: ApplyPlan,
  provisioning: ProvisioningPlan,
  liveSecrets: Awaited<ReturnType<typeof readLiveSecrets>>,
  liveStatus: string | undefined,
  schemaUnchanged: boolean,
): Promise<number> {
  if (!(await testConnection(io, client, provisioning, plan.servicePrincipalId, plan.jobId))) return 1;
  await putSettings(io, client, provisioning, plan.servicePrincipalId, liveSecrets);
  if (!schemaUnchanged) {
    const code = await apply(io, client, plan);
    if (code !== 0) return code;
  }
  await applyState(io, client, provisioning, plan.servicePrincipalId, plan.jobId, liveStatus);
  return 0;
}

/**
 * `--impact USERS`: the whole-tenant dry run of the users through the live schema (old) and FILE
 * (new), summary and change impact only. The live schema is written to a private temporary file
 * for the dry run to read, and removed after.
 */
async function showImpact(
  io: CliIo,
  service: LanguageService,
  path: string,
  liveSchema: Record<string, unknown>,
  users: string[],
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'scim-mapper-impact-'));
  try {
    const livePath = join(dir, 'live.synchronization.json');
    writeFileSync(livePath, JSON.stringify(liveSchema, null, 2), { mode: 0o600 });
    io.out(`\nImpact on ${users.map((u) => displayPath(u)).join(', ')} (live schema → ${displayPath(path)}):\n`);
    await runDryRun(
      [path, '--compare', livePath, ...users.flatMap((u) => ['--user', u]), '--summary', '--no-progress'],
      io,
      service,
    );
    io.out('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ApplyPlan {
  path: string;
  kind: 'mapping' | 'graph';
  record: PulledFrom | undefined;
  servicePrincipalId: string;
  jobId: string;
  schemaPath: string;
  live: Record<string, unknown>;
  next: Record<string, unknown>;
  liveVersion: string | undefined;
  backup: string | undefined;
}

async function apply(io: CliIo, client: GraphClient, plan: ApplyPlan): Promise<number> {
  const stem = fileStem(plan.path);
  const backup = plan.backup ?? join(dirname(plan.path), `${stem}.live-${timestamp()}.synchronization.json`);
  const backupRecord = pulledRecord(plan.servicePrincipalId, plan.jobId, plan.live, client.baseUrl);
  writeWhole(backup, graphFileText(plan.live, backupRecord));
  io.out(`Saved the live schema to ${displayPath(backup)} (push it back to undo).\n`);

  const again = withoutAnnotations(await client.get<Record<string, unknown>>(plan.schemaPath));
  if (JSON.stringify(again) !== JSON.stringify(withoutAnnotations(plan.live))) {
    io.err(
      `scim-mapper: ${paint(io, 'red', 'refused')}: the live schema changed while pushing (version ${plan.liveVersion ?? '?'} → ${typeof again.version === 'string' ? again.version : '?'}); nothing was sent. Run push again to see the new changes.\n`,
    );
    return 1;
  }
  await client.put(plan.schemaPath, plan.next);
  const after = await client.get<Record<string, unknown>>(plan.schemaPath);
  const newVersion = typeof after?.version === 'string' ? after.version : undefined;
  io.out(
    `${paint(io, 'green', 'Pushed')}: the live schema of job ${plan.jobId} is now ${displayPath(plan.path)}${newVersion ? ` (version ${newVersion})` : ''}. Provisioning restarts with an initial cycle.\n`,
  );
  if (plan.record && newVersion) updateRecord(io, plan, newVersion);
  return 0;
}

/** The pushed file now matches the live version: record it, so the next push does not see drift. */
function updateRecord(io: CliIo, plan: ApplyPlan, version: string): void {
  const key = plan.kind === 'mapping' ? MAPPING_RECORD_KEY : GRAPH_RECORD_KEY;
  try {
    const text = readText(plan.path);
    let updated = applyEdits(
      text,
      modify(text, [key, 'schemaVersion'], version, { formattingOptions: { insertSpaces: true, tabSize: 2 } }),
    );
    if (plan.kind === 'graph')
      updated = applyEdits(
        updated,
        modify(updated, ['version'], version, { formattingOptions: { insertSpaces: true, tabSize: 2 } }),
      );
    writeWhole(plan.path, updated);
    io.out(`Updated the record in ${displayPath(plan.path)} to version ${version}.\n`);
  } catch (error) {
    io.err(
      `scim-mapper: ${paint(io, 'yellow', 'warning')}: could not record the new version ${version} in ${displayPath(plan.path)} (${(error as Error).message}); pull again before the next push.\n`,
    );
  }
}
