/** The one-line details of catalog entries that several completion places list. */
import type { EntraSourceAttribute, FunctionSignature } from '../../catalog/types';

export function functionDetail(signature: FunctionSignature): string {
  const syntax = signature.syntax.split(' / ')[0];
  return signature.status === 'documented' ? syntax : `${syntax} · not in the provisioning reference`;
}

export function attributeDetail(attribute: EntraSourceAttribute): string {
  const type = `${attribute.type}${attribute.multiValued ? ', multi-valued' : ''}`;
  return attribute.status === 'likely' ? `${type} · likely (unconfirmed)` : type;
}
