/**
 * The VS Code client's access to Microsoft Graph (ARCHITECTURE.md, "Network"): sign-in through
 * VS Code's own Microsoft account provider, then the same typed Graph client as the CLI, loaded
 * from its own bundle (client/dist/graph-client.js) only when a tenant command runs. The token
 * stays with VS Code's session: it is handed to the client per request and never logged.
 */
import * as vscode from 'vscode';
import type { GraphClient } from '../../../server/src/cli/graph/client';
import { loadGraphClient } from '../../../server/src/cli/graph/load';

const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com/v1.0';

/** What a command needs: the synchronization API, reading users and groups, or provisioning logs. */
export type GraphPurpose = 'synchronization' | 'directory' | 'auditLogs';

export interface GraphSettings {
  url: string;
  clientId?: string;
  tenant?: string;
}

function graphSettings(): GraphSettings {
  const config = vscode.workspace.getConfiguration('scimMapper.graph');
  const text = (key: string): string | undefined => {
    const value = config.get<string>(key);
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  };
  return { url: text('url') ?? DEFAULT_GRAPH_URL, clientId: text('clientId'), tenant: text('tenant') };
}

/** Scopes for VS Code's Microsoft provider, with VSCODE_CLIENT_ID:/VSCODE_TENANT: when set. */
function scopesFor(purpose: GraphPurpose, settings: GraphSettings): string[] {
  let origin: string;
  try {
    origin = new URL(settings.url).origin;
  } catch {
    throw new Error(`The setting scimMapper.graph.url is not a URL: "${settings.url}".`);
  }
  const scopes =
    purpose === 'synchronization'
      ? [`${origin}/Synchronization.ReadWrite.All`]
      : purpose === 'auditLogs'
        ? // Provisioning logs need both (reference graph/api.md §2.1); listing the job needs Synchronization.Read.All.
          [`${origin}/AuditLog.Read.All`, `${origin}/Directory.Read.All`, `${origin}/Synchronization.Read.All`]
        : [`${origin}/User.Read.All`, `${origin}/GroupMember.Read.All`];
  if (settings.clientId) scopes.push(`VSCODE_CLIENT_ID:${settings.clientId}`);
  if (settings.tenant) scopes.push(`VSCODE_TENANT:${settings.tenant}`);
  return scopes;
}

/** A token source for tests of the extension (the e2e suite has no Microsoft account). */
let testTokenSource: ((purpose: GraphPurpose) => Promise<string>) | undefined;
export function setTestTokenSource(source: ((purpose: GraphPurpose) => Promise<string>) | undefined): void {
  testTokenSource = source;
}

/** Signs in (VS Code asks the person the first time) and returns a Graph client. */
export async function connectGraph(purpose: GraphPurpose, output: vscode.OutputChannel): Promise<GraphClient> {
  if (!vscode.workspace.isTrusted) throw new Error('Talking to Microsoft Graph needs a trusted workspace.');
  const settings = graphSettings();
  const scopes = scopesFor(purpose, settings);
  const getToken = testTokenSource
    ? () => testTokenSource!(purpose)
    : async (): Promise<string> => {
        const session = await vscode.authentication.getSession('microsoft', scopes, { createIfNone: true });
        return session.accessToken;
      };
  await getToken();
  // The environment of VS Code is not the project's settings: only the settings count here.
  return loadGraphClient().createGraphClient({
    graphUrl: settings.url,
    getToken,
    env: {},
    log: (line) => output.appendLine(`[Graph] ${line}`),
  });
}

/** A Graph error's message (code, message, request-id, permissions) or any error's. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
