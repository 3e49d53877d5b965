/**
 * Group members in a sample: which ones the dry run can check against the user scope. A member
 * given only as a reference (an id, perhaps with its userPrincipalName or displayName) says
 * nothing about the attributes the scope tests, so evaluating it would report a guess as a fact
 * (every clause would see null). Such members are added, with a note that they were not checked.
 */
import type { SampleReference } from './types';

/** Fields that identify a member without describing it. */
const REFERENCE_FIELDS = new Set(['objectId', 'id', 'userPrincipalName', 'displayName', 'awsId', '@odata.type', '@odata.id']);

export const REFERENCE_ONLY_NOTE = 'not checked against the user scope: only a reference was given';

export function isReferenceOnly(reference: SampleReference | undefined): boolean {
  const attributes = reference?.attributes;
  if (!attributes) return true;
  for (const key in attributes) if (!REFERENCE_FIELDS.has(key)) return false;
  return true;
}
