/**
 * `scim-mapper pull`: the live synchronization schema of the AWS IAM Identity Center job, as Graph
 * returns it (`--to graph`, default) or as our mapping file (`--to mapping`), with a record of
 * where it came from so `push` needs no flags to find it again.
 */
import { dirname, join } from 'node:path';
import { convertGraphToMapping } from '../../service/graph/convert';
import type { LanguageService } from '../../service/languageService';
import { fileStem } from '../../service/model/parse';
import { applyEdits, modify } from 'jsonc-parser';
import { DEFAULT_TOKEN_ENV, PROVISIONING_KEY, secretsToSettings } from '../../service/aws/provisioning';
import { parseArgs, single, UsageError } from '../args';
import { displayPath, toUri } from '../files';
import { paint, type CliIo } from '../io';
import { writeWhole } from './files';
import { readJobStatus, readLiveSecrets } from './provisioning';
import { insertMappingRecord } from './record';
import {
  connect,
  CONNECTION_FLAGS,
  CONNECTION_USAGE,
  GRAPH_RECORD_KEY,
  graphFileText,
  MAPPING_RECORD_KEY,
  pickJob,
  schemaPath,
  pulledRecord,
  servicePrincipalOf,
} from './tenant';

export const PULL_USAGE = `Usage: scim-mapper pull --service-principal ID [--job ID] [--to graph|mapping] [--out FILE]

Reads the live provisioning schema of the AWS IAM Identity Center app from Microsoft Graph.
  --service-principal ID the object id of the enterprise application (service principal)
  --job ID               the provisioning job (default: the one AWS IAM Identity Center job;
                         none or several → exit 2 with the list)
  --to graph             (default) the schema exactly as Graph returned it, pretty-printed,
                         directories included
  --to mapping           a mapping file; with --out the scoping filters go to
                         <name>.<user|group>.scope.jsonc beside it, else they are inline
  --out FILE             write to FILE instead of stdout
The file records where it came from (service principal, job, schema version: "${MAPPING_RECORD_KEY}" in a
mapping file, "${GRAPH_RECORD_KEY}" in a Graph file), so push finds the job again and refuses
to overwrite changes made live since.
${CONNECTION_USAGE}
Exit status: 0 pulled, 1 pulled but something could not be converted to a mapping file (reported),
2 bad usage, sign-in, permission or network problem.`;

export async function runPull(argv: string[], io: CliIo, service: LanguageService): Promise<number> {
  const args = parseArgs(argv, ['service-principal', 'job', 'out', 'to', ...CONNECTION_FLAGS], ['help']);
  if (args.booleans.has('help')) {
    io.out(PULL_USAGE + '\n');
    return 0;
  }
  if (args.positional.length > 0)
    throw new UsageError(`pull takes no file argument (use --out FILE), got "${args.positional[0]}".`);
  const to = single(args, 'to') ?? 'graph';
  if (to !== 'graph' && to !== 'mapping') throw new UsageError(`--to must be graph or mapping, not "${to}".`);
  const out = single(args, 'out');
  const servicePrincipalId = servicePrincipalOf(args, undefined, 'pull');

  const client = await connect(args, io);
  const jobId = await pickJob(client, servicePrincipalId, single(args, 'job'));
  const schema = await client.get<Record<string, unknown>>(schemaPath(servicePrincipalId, jobId));
  if (!schema || typeof schema !== 'object' || !Array.isArray(schema.synchronizationRules)) {
    io.err(`scim-mapper: Microsoft Graph's answer for job ${jobId} is not a synchronization schema (no synchronizationRules).\n`);
    return 2;
  }
  const record = pulledRecord(servicePrincipalId, jobId, schema, client.baseUrl);
  const where = `job ${jobId} of service principal ${servicePrincipalId}${record.schemaVersion ? `, schema version ${record.schemaVersion}` : ''}`;

  if (to === 'graph') {
    const text = graphFileText(schema, record);
    if (out !== undefined) {
      writeWhole(out, text);
      io.err(`scim-mapper: pulled ${where} → ${displayPath(out)}\n`);
    } else {
      io.out(text);
    }
    return 0;
  }

  // --to mapping: the service's conversion, with the record added after "target".
  const stem = out !== undefined ? fileStem(out) : undefined;
  const uri = toUri(out ?? join(process.cwd(), 'pulled.synchronization.json'));
  const result = convertGraphToMapping(service, uri, JSON.stringify(schema, null, 2), { scopeFileStem: stem });
  let errors = 0;
  for (const problem of result.problems) {
    // The ids and directories stay live: push converts onto the live schema, so this note does not apply.
    if (/^A mapping file has no place for the schema's ids/.test(problem.message)) continue;
    if (problem.severity === 'error') errors++;
    io.err(
      `scim-mapper: ${problem.severity === 'error' ? paint(io, 'red', 'error') : paint(io, 'yellow', 'warning')}: ${problem.message}\n`,
    );
  }
  const text = await withProvisioning(client, servicePrincipalId, jobId, insertMappingRecord(result.text, record));
  if (out !== undefined) {
    for (const scope of result.scopeFiles) {
      const scopePath = join(dirname(out), scope.fileName);
      writeWhole(scopePath, scope.text);
      io.err(`scim-mapper: wrote ${displayPath(scopePath)}\n`);
    }
    writeWhole(out, text);
    io.err(`scim-mapper: pulled ${where} → ${displayPath(out)}\n`);
  } else {
    io.out(text);
  }
  return errors > 0 ? 1 : 0;
}

/**
 * The "provisioning" section from what Graph lets us read (issue 17): the settings from the
 * synchronization secrets and on/off from the job's status. Never a secret: the token is a
 * placeholder reference with a comment saying where to set it; when was it issued is not readable.
 */
async function withProvisioning(
  client: Parameters<typeof readLiveSecrets>[0],
  servicePrincipalId: string,
  jobId: string,
  text: string,
): Promise<string> {
  const secrets = await readLiveSecrets(client, servicePrincipalId);
  // No readable settings (unreadable secrets, or none saved): no section, so a pulled file pushes
  // back exactly as before issue 17 (the section is opt-in, also for on/off).
  if (!secrets || secrets.length === 0) return text;
  const status = await readJobStatus(client, servicePrincipalId, jobId);
  const settings = secretsToSettings(secrets);
  const section: Record<string, unknown> = {};
  if (settings.tenantUrl !== undefined) {
    section.tenantUrl = settings.tenantUrl;
    section.secretToken = { env: DEFAULT_TOKEN_ENV };
  }
  if (settings.notificationEmail !== undefined) section.notificationEmail = settings.notificationEmail;
  if (settings.notifyOnFailure !== undefined) section.notifyOnFailure = settings.notifyOnFailure;
  if (settings.scope !== undefined) section.scope = settings.scope;
  if (settings.accidentalDeletionThreshold !== undefined)
    section.accidentalDeletionThreshold = settings.accidentalDeletionThreshold;
  // Quarantine is "on" with a problem; NotRun/NotConfigured say nothing about the switch.
  if (status === 'Active' || status === 'Quarantine') section.state = 'on';
  else if (status === 'Paused') section.state = 'off';
  if (Object.keys(section).length === 0) return text;
  let out = applyEdits(
    text,
    modify(text, [PROVISIONING_KEY], section, { formattingOptions: { insertSpaces: true, tabSize: 2 } }),
  );
  // The comment where the placeholder is (jsonc-parser writes no comments).
  out = out.replace(
    /("secretToken": \{\s*"env": "AWS_SCIM_TOKEN"\s*\})(,?)/,
    `$1$2 // the AWS access token is never pulled: set ${DEFAULT_TOKEN_ENV} in the environment (your CI secret store) before push`,
  );
  return out;
}
