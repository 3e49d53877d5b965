import { isoDay, parseIsoDate, TOKEN_WARNING_DAYS, tokenExpiry } from '../aws/provisioning';
import type { Rule } from './types';

/**
 * AWS's SCIM access tokens last one year. When one expires Entra quarantines the job and later
 * disables it, and nothing says so beforehand: warn `TOKEN_WARNING_DAYS` ahead, error after.
 * "Today" comes from the injected clock only, so the check is reproducible.
 */
export const tokenExpiring: Rule = {
  code: 'token-expiring',
  defaultSeverity: 'warning',
  documents: ['mapping'],
  description: `The AWS access token (secretTokenCreated + one year) expires within ${TOKEN_WARNING_DAYS} days (warning) or has expired (error): Entra quarantines provisioning, then disables it.`,
  check(context) {
    const document = context.document;
    if (document.kind !== 'mapping' || !document.provisioning || !context.now) return;
    const field = document.provisioning.fields.get('secretTokenCreated');
    if (!field || typeof field.value !== 'string') return;
    const created = parseIsoDate(field.value);
    // A malformed date is the schema's finding.
    if (created === undefined) return;
    const expiry = tokenExpiry(created, context.now());
    if (expiry.status === 'ok') return;
    const rotate =
      'Generate a new token in AWS IAM Identity Center (Settings → Automatic provisioning → Manage access token), store it in the CI secret, update "secretTokenCreated" and push.';
    context.report({
      code: this.code,
      message:
        expiry.status === 'expired'
          ? `The AWS access token expired on ${isoDay(expiry.expiresMs)} (one year after ${field.value}): Entra quarantines the provisioning job and then disables it. ${rotate}`
          : `The AWS access token expires on ${isoDay(expiry.expiresMs)}, in ${expiry.daysLeft} day${expiry.daysLeft === 1 ? '' : 's'} (one year after ${field.value}). ${rotate}`,
      span: field.span,
      severity: expiry.status === 'expired' ? 'error' : undefined,
    });
  },
};
