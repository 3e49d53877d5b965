/**
 * The SAML NameID beside the userName, per sample user. AWS signs a user in by matching the NameID
 * exactly to the userName it holds (aws/failure-modes.md §6), so where the two values differ for a
 * user, provisioning succeeds and sign-in fails. The NameID's source is the mapping file's
 * `"sso": { "nameId": … }`, else Entra's default `user.userprincipalname`.
 */
import type { CatalogIndex } from '../catalog/lookup';
import { DEFAULT_SAML_NAME_ID } from '../aws/constraints';
import { evaluateExpression } from '../evaluate/evaluate';
import type { EvalEnvironment } from '../evaluate/types';
import type { ExprNode } from '../expression/ast';
import { parseExpressionShared } from '../expression/parser';
import { expressionKey } from '../rules/samlNameIdMismatch';
import type { MappingLikeDocument } from '../model/types';
import type { Severity } from '../rules/types';

export interface NameIdProblem {
  code: string;
  severity: Severity;
  message: string;
}

/**
 * A check of one user's userName against its NameID, or undefined when the document says nothing
 * about SAML (a Graph schema holds no SAML settings) or the NameID expression does not parse.
 */
export function prepareNameIdCheck(doc: MappingLikeDocument, catalog: CatalogIndex, userNameSource: ExprNode | null | undefined): ((env: EvalEnvironment, userName: unknown) => NameIdProblem | undefined) | undefined {
  if (doc.kind !== 'mapping' || !userNameSource) return undefined;
  const declared = doc.sso?.nameId;
  const parsed = declared ? declared.parsed : parseExpressionShared(DEFAULT_SAML_NAME_ID);
  if (parsed.errors.length > 0 || !parsed.root) return undefined;
  // The same expression gives the same value for every user: nothing to evaluate (the gallery case).
  if (expressionKey(parsed.root) === expressionKey(userNameSource)) return undefined;
  const text = declared ? declared.value : DEFAULT_SAML_NAME_ID;
  return (env, userName) => {
    if (typeof userName !== 'string' || userName.length === 0) return undefined;
    let result;
    try {
      result = evaluateExpression(parsed.root, env, catalog);
    } catch {
      return undefined;
    }
    const nameId = result.kind === 'value' && result.value.kind === 'string' ? result.value.value : undefined;
    if (nameId === undefined || nameId === userName) return undefined;
    return {
      code: 'saml-nameid-mismatch',
      severity: 'warning',
      message: `This user's SAML NameID (${text}) is ${JSON.stringify(nameId)}, but the userName sent to AWS is ${JSON.stringify(userName)}; AWS matches the two exactly at sign-in, so the user is provisioned but cannot sign in.`,
    };
  };
}
