import { SCIM_ENDPOINT, tenantUrlMistake } from '../aws/provisioning';
import type { Rule } from './types';

/** `"tenantUrl"` must be AWS IAM Identity Center's SCIM endpoint, not one of the URLs people paste by mistake. */
export const tenantUrlInvalid: Rule = {
  code: 'tenant-url-invalid',
  defaultSeverity: 'error',
  documents: ['mapping'],
  description:
    'The provisioning tenantUrl is not an AWS IAM Identity Center SCIM endpoint (https://scim.<region>.amazonaws.com/<id>/scim/v2/); the access portal (…awsapps.com/start) and portal.sso console URLs are the usual mistakes.',
  check(context) {
    const document = context.document;
    if (document.kind !== 'mapping' || !document.provisioning) return;
    const field = document.provisioning.fields.get('tenantUrl');
    // Wrong types are the schema's finding.
    if (!field || typeof field.value !== 'string') return;
    const url = field.value;
    if (SCIM_ENDPOINT.test(url)) return;
    const mistake = tenantUrlMistake(url);
    context.report({
      code: this.code,
      message: `"tenantUrl" is not an AWS IAM Identity Center SCIM endpoint${mistake ? `: ${mistake}` : ''}. Expected https://scim.<region>.amazonaws.com/<id>/scim/v2/ (not the access portal URL https://<name>.awsapps.com/start, nor a portal.sso console URL).`,
      span: field.span,
    });
  },
};
