/**
 * The `"provisioning"` section of a mapping file, applied by `push` (issue 17) in the order the
 * Entra tutorial clicks through it: Test Connection, the settings (Graph's synchronization
 * secrets), the schema (push.ts, as before), then provisioning on or off. The token is read from
 * the environment at push time and is never printed, logged, written or kept in an error: the
 * dry run shows it as •••• with its length.
 */
import { parse as parseJsonc } from 'jsonc-parser';
import {
  isTokenReference,
  parseNotificationSettings,
  PROVISIONING_KEY,
  readProvisioningSettings,
  secretsToSettings,
  settingsToSecrets,
  type ProvisioningSettings,
  type SecretPair,
} from '../../service/aws/provisioning';
import type { CliIo } from '../io';
import type { GraphClient } from './client';

export interface ProvisioningPlan {
  settings: ProvisioningSettings;
  /** The token from the environment; only ever sent to Graph. */
  token: string | undefined;
}

/**
 * Why the section cannot be applied (exit 2 in the CLI). A plain error, not the CLI's
 * TenantRefusal, so the VS Code client can use this module without the CLI's connection code.
 */
export class ProvisioningRefusal extends Error {
  readonly exitCode = 2 as const;
}

/** The section's plan, or undefined when the file has none. Missing token variable → ProvisioningRefusal (exit 2). */
export function provisioningPlanOf(text: string, env: NodeJS.ProcessEnv): ProvisioningPlan | undefined {
  const file = parseJsonc(text, [], { allowTrailingComma: true }) as unknown;
  const raw = file && typeof file === 'object' ? (file as Record<string, unknown>)[PROVISIONING_KEY] : undefined;
  if (raw === undefined) return undefined;
  const settings = readProvisioningSettings(file);
  if (!settings) throw new ProvisioningRefusal(`"${PROVISIONING_KEY}" must be an object; nothing was sent.`);
  // secret-in-file stops push before this (an error); with --force the value is still never used.
  const tokenField = (raw as Record<string, unknown>).secretToken;
  if (tokenField !== undefined && !isTokenReference(tokenField))
    throw new ProvisioningRefusal(
      '"secretToken" is not a reference like { "env": "AWS_SCIM_TOKEN" }; push never sends a token written into a file. Nothing was sent.',
    );
  let token: string | undefined;
  if (settings.secretTokenEnv !== undefined) {
    token = env[settings.secretTokenEnv];
    if (token === undefined || token === '')
      throw new ProvisioningRefusal(
        `The environment variable ${settings.secretTokenEnv} (provisioning.secretToken) is not set: set it to the AWS access token (a CI secret). Nothing was sent.`,
      );
    token = token.trim();
  }
  if ((settings.tenantUrl === undefined) !== (token === undefined)) {
    throw new ProvisioningRefusal(
      '"tenantUrl" and "secretToken" go together (Test Connection needs both); set both or neither. Nothing was sent.',
    );
  }
  return { settings, token };
}

function secretsPath(servicePrincipalId: string): string {
  return `/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/synchronization/secrets`;
}

function jobPath(servicePrincipalId: string, jobId: string): string {
  return `/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/synchronization/jobs/${encodeURIComponent(jobId)}`;
}

/** What Graph says about the current settings, when it lets us read them (best effort: undefined otherwise). */
export async function readLiveSecrets(client: GraphClient, servicePrincipalId: string): Promise<SecretPair[] | undefined> {
  try {
    const answer = await client.get<{ value?: unknown }>(secretsPath(servicePrincipalId));
    if (!Array.isArray(answer?.value)) return undefined;
    return answer.value.filter(
      (p): p is SecretPair => !!p && typeof (p as SecretPair).key === 'string' && typeof (p as SecretPair).value === 'string',
    );
  } catch {
    // Reading secrets is not documented for every tenant; the changes are then shown without "before".
    return undefined;
  }
}

/** The job's status code (Active, Paused, Quarantine, …), best effort. */
export async function readJobStatus(client: GraphClient, servicePrincipalId: string, jobId: string): Promise<string | undefined> {
  try {
    const job = await client.get<{ status?: { code?: unknown } }>(jobPath(servicePrincipalId, jobId));
    return typeof job?.status?.code === 'string' ? job.status.code : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the job must be started or paused: "on" starts anything not Active (a start clears a quarantine). */
function stateChanges(plan: ProvisioningPlan, liveStatus: string | undefined): boolean {
  const state = plan.settings.state;
  if (state === undefined) return false;
  return state === 'on' ? liveStatus !== 'Active' : liveStatus !== 'Paused';
}

/** The secrets to PUT: none when Graph already says what the file says and no token is sent. */
function secretsToSend(plan: ProvisioningPlan, live: SecretPair[] | undefined): SecretPair[] {
  const liveNotifications = parseNotificationSettings(
    live?.find((p) => p.key.toLowerCase() === 'syncnotificationsettings')?.value,
  );
  const value = settingsToSecrets(plan.settings, liveNotifications);
  if (plan.token !== undefined) return [value[0], { key: 'SecretToken', value: plan.token }, ...value.slice(1)];
  if (live) {
    const current = new Map(live.map((p) => [p.key.toLowerCase(), p.value]));
    const same = (p: SecretPair) =>
      p.key === 'SyncNotificationSettings'
        ? JSON.stringify(parseNotificationSettings(current.get('syncnotificationsettings'))) ===
          JSON.stringify(parseNotificationSettings(p.value))
        : current.get(p.key.toLowerCase())?.toLowerCase() === p.value.toLowerCase();
    if (value.every(same)) return [];
  }
  return value;
}

/** Whether the section changes anything live. */
export function provisioningChanges(
  plan: ProvisioningPlan,
  live: SecretPair[] | undefined,
  liveStatus: string | undefined,
): boolean {
  return plan.token !== undefined || secretsToSend(plan, live).length > 0 || stateChanges(plan, liveStatus);
}

/** The token as the dry run and confirmations show it. */
function maskToken(token: string): string {
  return `•••• (${token.length} characters)`;
}

function show(value: unknown): string {
  return value === undefined
    ? '(not set)'
    : value === null
      ? 'off'
      : typeof value === 'string'
        ? JSON.stringify(value)
        : String(value);
}

/** The steps push takes for the section, one line each with the setting changes (token masked). */
export function describeSteps(
  plan: ProvisioningPlan,
  live: SecretPair[] | undefined,
  liveStatus: string | undefined,
  schemaStep: string,
): string[] {
  const before = live ? secretsToSettings(live) : undefined;
  const lines: string[] = [];
  lines.push(
    plan.token !== undefined
      ? `1. Test Connection: validateCredentials with the Tenant URL ${JSON.stringify(plan.settings.tenantUrl)} and the Secret Token ${maskToken(plan.token)}`
      : '1. Test Connection: skipped (no tenantUrl and secretToken in the file)',
  );
  const changes: string[] = [];
  const s = plan.settings;
  const row = (name: string, next: unknown, prev: unknown) => {
    if (next === undefined) return;
    changes.push(
      `     ${name}: ${before ? `${show(prev)} → ` : ''}${show(next)}${before && JSON.stringify(prev) === JSON.stringify(next) ? ' (unchanged)' : ''}`,
    );
  };
  row('tenantUrl (BaseAddress)', s.tenantUrl, before?.tenantUrl);
  if (plan.token !== undefined)
    changes.push(`     secretToken (SecretToken): ${maskToken(plan.token)} from $${s.secretTokenEnv}`);
  row('notificationEmail (SyncNotificationSettings.Recipients)', s.notificationEmail, before?.notificationEmail);
  row('notifyOnFailure (SyncNotificationSettings.Enabled)', s.notifyOnFailure, before?.notifyOnFailure);
  row(
    'accidentalDeletionThreshold (SyncNotificationSettings.DeleteThreshold*)',
    s.accidentalDeletionThreshold,
    before?.accidentalDeletionThreshold,
  );
  row('scope (SyncAll)', s.scope, before?.scope);
  if (secretsToSend(plan, live).length === 0) changes.length = 0;
  lines.push(
    changes.length > 0
      ? `2. Settings: PUT synchronization/secrets${live ? '' : ' (the current values could not be read)'}\n${changes.join('\n')}`
      : '2. Settings: nothing to set',
  );
  lines.push(`3. Schema: ${schemaStep}`);
  if (s.state !== undefined && !stateChanges(plan, liveStatus))
    lines.push(`4. Provisioning ${s.state === 'on' ? 'On' : 'Off'}: already ${liveStatus}, nothing to send`);
  else
    lines.push(
      s.state === 'on'
        ? `4. Provisioning On: start the job${liveStatus ? ` (now ${liveStatus})` : ''}`
        : s.state === 'off'
          ? `4. Provisioning Off: pause the job${liveStatus ? ` (now ${liveStatus})` : ''}`
          : '4. Provisioning status: unchanged (no "state" in the file)',
    );
  return lines;
}

/** Runs a request with the token kept out of any error message. */
async function guarded<T>(plan: ProvisioningPlan, what: () => Promise<T>): Promise<T> {
  try {
    return await what();
  } catch (error) {
    if (plan.token && error instanceof Error && error.message.includes(plan.token)) {
      error.message = error.message.split(plan.token).join('••••');
      error.stack = `${error.name}: ${error.message}`;
    }
    throw error;
  }
}

/** Step 1. A refused test is exit 1 with Entra's message; nothing after it is sent. */
export async function testConnection(
  io: CliIo,
  client: GraphClient,
  plan: ProvisioningPlan,
  servicePrincipalId: string,
  jobId: string,
): Promise<boolean> {
  if (plan.token === undefined || plan.settings.tenantUrl === undefined) return true;
  try {
    await guarded(plan, () =>
      client.post(`${jobPath(servicePrincipalId, jobId)}/validateCredentials`, {
        useSavedCredentials: false,
        credentials: [
          { key: 'BaseAddress', value: plan.settings.tenantUrl },
          { key: 'SecretToken', value: plan.token },
        ],
      }),
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'GraphError' && (error as { exitCode?: unknown }).exitCode === 1) {
      io.err(`scim-mapper: Test Connection failed; nothing else was sent.\n${error.message}\n`);
      return false;
    }
    throw error;
  }
  io.out('Test Connection: Entra reached AWS IAM Identity Center with the new Tenant URL and Secret Token.\n');
  return true;
}

/** Step 2. */
export async function putSettings(
  io: CliIo,
  client: GraphClient,
  plan: ProvisioningPlan,
  servicePrincipalId: string,
  live: SecretPair[] | undefined,
): Promise<void> {
  const value = secretsToSend(plan, live);
  if (value.length === 0) return;
  await guarded(plan, () => client.put(secretsPath(servicePrincipalId), { value }));
  io.out(`Settings saved: ${value.map((p) => p.key).join(', ')}.\n`);
}

/** Step 4. */
export async function applyState(
  io: CliIo,
  client: GraphClient,
  plan: ProvisioningPlan,
  servicePrincipalId: string,
  jobId: string,
  liveStatus: string | undefined,
): Promise<void> {
  const state = plan.settings.state;
  if (state === undefined || !stateChanges(plan, liveStatus)) return;
  await guarded(plan, () =>
    client.post(`${jobPath(servicePrincipalId, jobId)}/${state === 'on' ? 'start' : 'pause'}`, undefined),
  );
  io.out(state === 'on' ? `Provisioning is on: job ${jobId} started.\n` : `Provisioning is off: job ${jobId} paused.\n`);
}
