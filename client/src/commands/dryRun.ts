import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DryRunRequestMethod, type DryRunParams, type DryRunResponse, type SampleSource } from '../../../server/src/protocol';
import { PREVIEW_SCHEME, type PreviewProvider } from '../preview';
import { pickSample } from '../samplePicker';
import type { LiveValues } from '../liveValues';

/** An open preview: what it was computed from, so it can be recomputed when any of that changes. */
interface OpenPreview {
  params: DryRunParams;
  previewUri: vscode.Uri;
  sampleUri?: string;
}

const REFRESH_DELAY_MS = 300;

export class DryRunCommands implements vscode.Disposable {
  private readonly previews = new Map<string, OpenPreview>();
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly provider: PreviewProvider,
    private readonly liveValues: LiveValues,
  ) {
    const refreshIfRelevant = (uri: vscode.Uri): void => {
      const text = uri.toString();
      const relevant = [...this.previews.values()].some(
        (p) => p.params.mappingUri === text || p.sampleUri === text || /\.scope\.jsonc?$/.test(uri.path),
      );
      if (relevant) this.scheduleRefresh();
    };
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => refreshIfRelevant(e.document.uri)),
      vscode.workspace.onDidSaveTextDocument((d) => refreshIfRelevant(d.uri)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === PREVIEW_SCHEME) this.previews.delete(d.uri.toString());
      }),
    );
  }

  /** The mapping file the command works on: the active editor's, or the one a preview was made from. */
  private activeMappingUri(): vscode.Uri | undefined {
    const editor = vscode.window.activeTextEditor;
    // Graph synchronization schemas dry-run like mapping files.
    const isMapping = (document: vscode.TextDocument): boolean => document.languageId === 'scim-mapping' || document.languageId === 'scim-graph-schema';
    if (editor && isMapping(editor.document)) return editor.document.uri;
    const visible = vscode.window.visibleTextEditors.find((e) => isMapping(e.document));
    return visible?.document.uri;
  }

  /**
   * Runs the dry run and opens the report beside the mapping. `chosen` lets tests and other
   * commands skip the picker.
   */
  async run(object: 'user' | 'group', chosen?: SampleSource): Promise<vscode.TextDocument | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Dry runs read sample files; trust this workspace to use them.');
      return undefined;
    }
    const client = this.client();
    const mappingUri = this.activeMappingUri();
    if (!client || !mappingUri) {
      void vscode.window.showWarningMessage('Open a *.mapping.json(c) file to dry-run a sample against it.');
      return undefined;
    }
    let sample = chosen;
    if (!sample) {
      const picked = await pickSample(object);
      if (!picked) return undefined;
      sample = picked.sample;
    }
    const params: DryRunParams = { mappingUri: mappingUri.toString(), object, sample };
    const sampleName = 'uri' in sample ? vscode.workspace.asRelativePath(vscode.Uri.parse(sample.uri)) : sample.name;
    const mappingName = mappingUri.path.split('/').pop() ?? 'mapping';
    const previewUri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/Dry run ${mappingName} with ${sampleName.replace(/[\\/]/g, '∕')}.md` });
    const preview: OpenPreview = { params, previewUri, sampleUri: 'uri' in sample ? sample.uri : undefined };
    this.previews.set(previewUri.toString(), preview);
    await this.compute(preview);
    if (object === 'user') await this.liveValues.setSample(sample);
    const document = await vscode.workspace.openTextDocument(previewUri);
    await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    return document;
  }

  private async compute(preview: OpenPreview): Promise<void> {
    const client = this.client();
    if (!client) return;
    try {
      const response = await client.sendRequest<DryRunResponse>(DryRunRequestMethod, preview.params);
      this.provider.set(preview.previewUri, response.markdown);
    } catch (error) {
      this.provider.set(preview.previewUri, `# Dry run failed\n\n${error instanceof Error ? error.message : String(error)}\n`);
    }
  }

  private scheduleRefresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      for (const preview of this.previews.values()) void this.compute(preview);
    }, REFRESH_DELAY_MS);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
