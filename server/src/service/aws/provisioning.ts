/**
 * The one home of the `"provisioning"` section of a mapping file (issue 17): what each setting
 * means (in the words of Microsoft's tutorial for AWS IAM Identity Center), the AWS facts the
 * checks need (the SCIM endpoint's shape, the token's one-year life), and how the settings map
 * to the keys of Microsoft Graph's `…/synchronization/secrets`. Pure: no IO, no clock.
 *
 * Graph secret keys (synchronizationSecretKeyStringValuePair, Graph v1.0 docs):
 *   BaseAddress              "The tenant URL / SCIM end point" → tenantUrl
 *   SecretToken              "The token to authorize access to the application" → secretToken
 *   SyncAll                  "scope of sync between all users and groups or only ones that are
 *                            assigned" → scope ("all" → "true", "assigned" → "false")
 *   SyncNotificationSettings "determine if quarantine emails are sent": a JSON string. The docs
 *                            do not document its members; the shape below
 *                            ({"Enabled":…,"Recipients":…,"DeleteThresholdEnabled":…,
 *                            "DeleteThresholdValue":…}) is what Graph returns on a GET of the
 *                            secrets in public examples. UNCONFIRMED by Microsoft's reference:
 *                            notificationEmail → Recipients, notifyOnFailure → Enabled,
 *                            accidentalDeletionThreshold → DeleteThresholdEnabled/-Value.
 * The casing of SyncAll's value ("true" vs "True") is not documented either; Graph treats
 * booleans in secrets as case-insensitive strings as far as public examples show.
 */

/** The settings of the section, as plain data (the file's JSON, checked loosely). */
export interface ProvisioningSettings {
  tenantUrl?: string;
  /** The environment variable holding the token; never the token itself. */
  secretTokenEnv?: string;
  secretTokenCreated?: string;
  notificationEmail?: string;
  notifyOnFailure?: boolean;
  scope?: 'assigned' | 'all';
  /** A number, or null for "off"; undefined when the file does not say. */
  accidentalDeletionThreshold?: number | null;
  state?: 'on' | 'off';
}

export const PROVISIONING_KEY = 'provisioning';

/** The placeholder `pull` writes: the name CI secret stores conventionally use. */
export const DEFAULT_TOKEN_ENV = 'AWS_SCIM_TOKEN';

// What each setting means, in the tutorial's words, lives in schemas/mapping.schema.json
// (definitions.provisioning): completion and hover read it from there.

/**
 * The AWS IAM Identity Center SCIM endpoint: https://scim.<region>.amazonaws.com/<tenant id>/scim/v2/
 * (AWS's "Automatic provisioning" dialog; the trailing slash is optional in practice).
 */
export const SCIM_ENDPOINT = /^https:\/\/scim\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com\/([A-Za-z0-9_-]+)\/scim\/v2\/?$/;

/** The usual mistakes, named so the message can say what was pasted instead. */
export function tenantUrlMistake(url: string): string | undefined {
  const lower = url.trim().toLowerCase();
  if (/^https?:\/\/[^/]*\.awsapps\.com(\/|$)/.test(lower))
    return 'this is the AWS access portal URL (…awsapps.com/start), where users sign in; the SCIM endpoint is in IAM Identity Center under Settings → Automatic provisioning';
  if (/portal\.sso\.[a-z0-9-]+\.amazonaws\.com/.test(lower) || /console\.aws\.amazon\.com\/singlesignon/.test(lower))
    return 'this is an IAM Identity Center console URL (portal.sso…); the SCIM endpoint is shown under Settings → Automatic provisioning';
  if (/^http:\/\//.test(lower)) return 'the SCIM endpoint uses https';
  if (/^https:\/\/scim\./.test(lower) && !/\/scim\/v2\/?$/.test(lower)) return 'the SCIM endpoint ends in /scim/v2/';
  return undefined;
}

/** AWS access tokens for SCIM last one year (AWS IAM Identity Center docs). */
const TOKEN_LIFETIME_YEARS = 1;
/** How early `token-expiring` warns. */
export const TOKEN_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

/** A strict YYYY-MM-DD date as UTC epoch milliseconds, or undefined. */
export function parseIsoDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const back = new Date(ms);
  if (
    back.getUTCFullYear() !== Number(match[1]) ||
    back.getUTCMonth() !== Number(match[2]) - 1 ||
    back.getUTCDate() !== Number(match[3])
  )
    return undefined;
  return ms;
}

export interface TokenExpiry {
  expiresMs: number;
  /** Whole days left (negative once expired). */
  daysLeft: number;
  status: 'ok' | 'expiring' | 'expired';
}

/** When a token created on `created` expires, seen at `nowMs` (from an injected clock). */
export function tokenExpiry(createdMs: number, nowMs: number): TokenExpiry {
  // One calendar year later (a token made on 29 February expires on 1 March).
  const created = new Date(createdMs);
  const expiresMs = Date.UTC(created.getUTCFullYear() + TOKEN_LIFETIME_YEARS, created.getUTCMonth(), created.getUTCDate());
  const daysLeft = Math.floor((expiresMs - nowMs) / DAY_MS);
  return { expiresMs, daysLeft, status: nowMs >= expiresMs ? 'expired' : daysLeft <= TOKEN_WARNING_DAYS ? 'expiring' : 'ok' };
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whether `value` is a token reference `{ "env": "NAME" }` with nothing else. */
export function isTokenReference(value: unknown): value is { env: string } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const env = (value as { env?: unknown }).env;
  return keys.length === 1 && keys[0] === 'env' && typeof env === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(env);
}

/** The section read from a parsed mapping file, keeping only well-typed values (the checks report the rest). */
export function readProvisioningSettings(file: unknown): ProvisioningSettings | undefined {
  if (!file || typeof file !== 'object' || Array.isArray(file)) return undefined;
  const section = (file as Record<string, unknown>)[PROVISIONING_KEY];
  if (!section || typeof section !== 'object' || Array.isArray(section)) return undefined;
  const s = section as Record<string, unknown>;
  const out: ProvisioningSettings = {};
  if (typeof s.tenantUrl === 'string') out.tenantUrl = s.tenantUrl;
  if (isTokenReference(s.secretToken)) out.secretTokenEnv = s.secretToken.env;
  if (typeof s.secretTokenCreated === 'string') out.secretTokenCreated = s.secretTokenCreated;
  if (typeof s.notificationEmail === 'string') out.notificationEmail = s.notificationEmail;
  if (typeof s.notifyOnFailure === 'boolean') out.notifyOnFailure = s.notifyOnFailure;
  if (s.scope === 'assigned' || s.scope === 'all') out.scope = s.scope;
  if (
    s.accidentalDeletionThreshold === null ||
    (typeof s.accidentalDeletionThreshold === 'number' &&
      Number.isInteger(s.accidentalDeletionThreshold) &&
      s.accidentalDeletionThreshold >= 1)
  ) {
    out.accidentalDeletionThreshold = s.accidentalDeletionThreshold as number | null;
  }
  if (s.state === 'on' || s.state === 'off') out.state = s.state;
  return out;
}

export interface SecretPair {
  key: string;
  value: string;
}

/** SyncNotificationSettings's members (see the header: shape from public examples). */
export interface NotificationSettings {
  Enabled?: boolean;
  Recipients?: string;
  DeleteThresholdEnabled?: boolean;
  DeleteThresholdValue?: number;
}

/** Reads SyncNotificationSettings's JSON string, tolerating anything. */
export function parseNotificationSettings(value: string | undefined): NotificationSettings | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as NotificationSettings) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The secrets PUT for the settings (without the token, which the caller adds at push time).
 * Members of SyncNotificationSettings the file does not set keep their live values (`live`),
 * so a file that only sets the email does not switch the deletion threshold off.
 */
export function settingsToSecrets(settings: ProvisioningSettings, live: NotificationSettings | undefined): SecretPair[] {
  const out: SecretPair[] = [];
  if (settings.tenantUrl !== undefined) out.push({ key: 'BaseAddress', value: settings.tenantUrl });
  const touchesNotifications =
    settings.notificationEmail !== undefined ||
    settings.notifyOnFailure !== undefined ||
    settings.accidentalDeletionThreshold !== undefined;
  if (touchesNotifications) {
    const n: NotificationSettings = { ...(live ?? {}) };
    if (settings.notifyOnFailure !== undefined) n.Enabled = settings.notifyOnFailure;
    if (settings.notificationEmail !== undefined) n.Recipients = settings.notificationEmail;
    if (settings.accidentalDeletionThreshold === null) n.DeleteThresholdEnabled = false;
    else if (settings.accidentalDeletionThreshold !== undefined) {
      n.DeleteThresholdEnabled = true;
      n.DeleteThresholdValue = settings.accidentalDeletionThreshold;
    }
    out.push({ key: 'SyncNotificationSettings', value: JSON.stringify(n) });
  }
  if (settings.scope !== undefined) out.push({ key: 'SyncAll', value: settings.scope === 'all' ? 'true' : 'false' });
  return out;
}

/** The settings Graph's secrets say (never the token), for pull and for the dry run's "before". */
export function secretsToSettings(secrets: SecretPair[]): ProvisioningSettings {
  const byKey = new Map(secrets.map((s) => [s.key.toLowerCase(), s.value]));
  const out: ProvisioningSettings = {};
  const base = byKey.get('baseaddress');
  if (base) out.tenantUrl = base;
  const notifications = parseNotificationSettings(byKey.get('syncnotificationsettings'));
  if (notifications) {
    if (typeof notifications.Recipients === 'string' && notifications.Recipients)
      out.notificationEmail = notifications.Recipients;
    if (typeof notifications.Enabled === 'boolean') out.notifyOnFailure = notifications.Enabled;
    if (notifications.DeleteThresholdEnabled === false) out.accidentalDeletionThreshold = null;
    else if (typeof notifications.DeleteThresholdValue === 'number' && notifications.DeleteThresholdValue >= 1)
      out.accidentalDeletionThreshold = notifications.DeleteThresholdValue;
  }
  const all = byKey.get('syncall');
  if (all !== undefined) out.scope = all.trim().toLowerCase() === 'true' ? 'all' : 'assigned';
  return out;
}
