import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SetSampleNotificationMethod, type SampleSource, type SetSampleParams } from '../../server/src/protocol';

/**
 * The sample user whose computed values the server shows next to each mapping (as inlay hints).
 * It comes from the `scimMapper.sampleUser` setting or the last sample picked for a dry run.
 */
export class LiveValues implements vscode.Disposable {
  private current: SampleSource | null = null;
  private readonly emitter = new vscode.EventEmitter<string | undefined>();
  /** Fires with a short label of the sample (or undefined) for the status bar. */
  readonly onDidChange = this.emitter.event;

  /** Restricted mode reads no sample; granting trust loads the one the settings name. */
  private readonly trust = vscode.workspace.onDidGrantWorkspaceTrust(() => void this.loadFromSettings());

  constructor(private readonly client: () => LanguageClient | undefined) {}

  get label(): string | undefined {
    if (!this.current) return undefined;
    return 'uri' in this.current ? vscode.workspace.asRelativePath(vscode.Uri.parse(this.current.uri)) : this.current.name;
  }

  /** Reads the setting (a workspace-relative or absolute path) and tells the server. */
  async loadFromSettings(): Promise<void> {
    // An untrusted workspace's settings must not make the extension read a file (ARCHITECTURE.md, security).
    if (!vscode.workspace.isTrusted) return this.send(null);
    const setting = vscode.workspace.getConfiguration('scimMapper').get<string>('sampleUser', '').trim();
    if (!setting) return this.send(null);
    const folder = vscode.workspace.workspaceFolders?.[0];
    const uri = setting.startsWith('/') || !folder ? vscode.Uri.file(setting) : vscode.Uri.joinPath(folder.uri, setting);
    return this.send({ uri: uri.toString() });
  }

  async setSample(sample: SampleSource): Promise<void> {
    await this.send(sample);
  }

  /** Sends the current sample again (after a server restart). */
  async resend(): Promise<void> {
    await this.send(this.current);
  }

  private async send(sample: SampleSource | null): Promise<void> {
    this.current = sample;
    this.emitter.fire(this.label);
    const client = this.client();
    if (!client?.isRunning()) return;
    const params: SetSampleParams = { sample };
    await client.sendNotification(SetSampleNotificationMethod, params);
  }

  dispose(): void {
    this.trust.dispose();
    this.emitter.dispose();
  }
}
