/**
 * The language server's part of the tenant commands: what to read from Microsoft Graph for a
 * mapping, and how Entra's parseExpression answers compare with ours. The server itself never
 * opens a connection; the VS Code client sends the requests.
 */
import {
  TenantPlanRequestMethod,
  VerifyCompareRequestMethod,
  type TenantPlanParams,
  type TenantPlanResponse,
  type VerifyCompareParams,
  type VerifyCompareResponse,
} from '../protocol';
import { attributesUsed, graphSelection } from '../service/dryrun/graphSelect';
import { compareWithEntra, planVerification, type ParseExpressionAnswer } from '../service/dryrun/verify';
import { documentKindFromContent, documentKindOf } from '../service/model/parse';
import type { MappingLikeDocument } from '../service/model/types';
import { runSafe } from './runSafe';
import type { ServerContext } from './serverContext';

const EMPTY_SELECTION = { select: [], expandManager: false, members: false, notInGraph: [] };

export function registerTenantRequests(context: ServerContext): void {
  const { connection } = context;
  const documentOf = (uri: string): MappingLikeDocument | undefined => {
    const text = context.documents.get(uri)?.getText() ?? context.service.host.readFile(uri);
    if (text === undefined) return undefined;
    const kind = documentKindOf(uri) === 'graph' || documentKindFromContent(text) === 'graph' ? 'graph' : 'mapping';
    // The document's own settings (its folder's), as its diagnostics see it.
    const model = context.serviceFor(uri).getDocument(uri, text, kind);
    return model?.kind === 'mapping' || model?.kind === 'graph' ? model : undefined;
  };
  connection.onRequest(TenantPlanRequestMethod, (params: TenantPlanParams, token) =>
    runSafe(
      connection,
      'tenant plan',
      { user: EMPTY_SELECTION, group: EMPTY_SELECTION, verify: [] } as TenantPlanResponse,
      token,
      () => {
        const doc = documentOf(params.uri);
        if (!doc) return { user: EMPTY_SELECTION, group: EMPTY_SELECTION, verify: [] };
        const service = context.serviceFor(params.uri);
        const catalog = service.catalogFor(doc);
        const resolve = (path: string) => service.resolveScope(params.uri, path);
        return {
          user: graphSelection('user', attributesUsed(doc, 'user', resolve), catalog),
          group: graphSelection('group', attributesUsed(doc, 'group', resolve), catalog),
          verify: planVerification(doc, catalog),
        };
      },
    ),
  );
  connection.onRequest(VerifyCompareRequestMethod, (params: VerifyCompareParams, token) =>
    runSafe(connection, 'verify compare', { rows: [] } as VerifyCompareResponse, token, () => {
      const doc = documentOf(params.uri);
      if (!doc) return { rows: [] };
      const catalog = context.serviceFor(params.uri).catalogFor(doc);
      const items = planVerification(doc, catalog);
      return {
        rows: items.map((item, i) => compareWithEntra(item, params.answers[i] as ParseExpressionAnswer | undefined, catalog)),
      };
    }),
  );
}
